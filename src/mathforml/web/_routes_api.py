"""The JSON API behind instant feedback: check, reveal, preview.

Bodies are JSON objects of at most 64 KiB; errors come back as
``{"error": message, "status": code}`` and never as a stack trace. Each route reads
its body on the event loop and does everything else (the learner's variant and
attempts are in the database) in a thread.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from mathforml.engine._check import MAX_ANSWER_CHARS
from mathforml.engine._variant import generate_params
from mathforml.errors import InputError
from mathforml.web._app import BodyTooLarge, latex, markdown, read_body, same_origin
from mathforml.web._guards import parse_json_object
from mathforml.web._identity import learner_of, limit_answers, verify_csrf
from mathforml.web._routes_practice import (
    check,
    find_exercise,
    outcome_html,
    reveal,
    variant_number_of,
)

router = APIRouter(prefix="/api")


async def _json_body(request: Request) -> dict[str, Any]:
    if not same_origin(request):
        raise HTTPException(403, "Requests can only come from this site's own pages.")
    verify_csrf(request, None)  # the X-CSRF-Token header
    try:
        body = await read_body(request)
    except BodyTooLarge:
        raise HTTPException(413, "The request is larger than 64 KiB.") from None
    # Depth-limited and without recursion: 100 000 "[" get a clear 400.
    return parse_json_object(body)


def _answer(data: dict[str, Any]) -> str:
    answer = data.get("answer", "")
    if not isinstance(answer, str):
        raise HTTPException(400, "answer must be text.")
    return answer


@router.post("/check")
async def api_check(request: Request) -> JSONResponse:
    data = await _json_body(request)
    return await run_in_threadpool(_check, request, data)


def _check(request: Request, data: dict[str, Any]) -> JSONResponse:
    exercise = find_exercise(data.get("exercise_id"))
    answer = _answer(data)
    number = variant_number_of(request, exercise, data.get("seed"))
    seed = int(data["seed"])
    outcome = check(request, exercise, seed, number, answer)
    result = outcome.result
    assert result is not None
    payload = result.to_json()
    if not outcome.finished:
        # The answer stays hidden until the learner gets it or asks for it.
        payload.update(solution="", expected="", expected_latex="")
    payload.update(
        finished=outcome.finished,
        html=outcome_html(request, exercise, outcome),
        understood_html=str(latex(result.understood_latex, display=True))
        if result.understood_latex else "",
        feedback_html=[str(markdown(f.message)) for f in result.feedback],
        solution_html=str(markdown(outcome.solution, exercise.week_id))
        if outcome.finished else "",
    )
    return JSONResponse(payload)


@router.post("/reveal")
async def api_reveal(request: Request) -> JSONResponse:
    data = await _json_body(request)
    return await run_in_threadpool(_reveal, request, data)


def _reveal(request: Request, data: dict[str, Any]) -> JSONResponse:
    exercise = find_exercise(data.get("exercise_id"))
    number = variant_number_of(request, exercise, data.get("seed"))
    outcome = reveal(request, exercise, int(data["seed"]), number)
    return JSONResponse({
        "id": exercise.id,
        "seed": int(data["seed"]),
        "status": "revealed",
        "finished": True,
        "solution": outcome.solution,
        "expected": outcome.expected,
        "solution_html": str(markdown(outcome.solution, exercise.week_id)),
        "html": outcome_html(request, exercise, outcome),
    })


@router.post("/preview")
async def api_preview(request: Request) -> JSONResponse:
    """How the answer would be read, or why it cannot be; nothing is recorded."""
    data = await _json_body(request)
    return await run_in_threadpool(_preview, request, data)


def _preview(request: Request, data: dict[str, Any]) -> JSONResponse:
    limit_answers(request, learner_of(request), "preview")
    exercise = find_exercise(data.get("exercise_id"))
    answer = _answer(data)
    variant_number_of(request, exercise, data.get("seed"))
    if not answer.strip():
        return JSONResponse({"ok": False, "empty": True, "html": ""})
    params = generate_params(exercise, int(data["seed"]))
    kind = exercise.kind(params)
    try:
        if len(answer) > MAX_ANSWER_CHARS:
            raise InputError(f"answers are limited to {MAX_ANSWER_CHARS:,} characters")
        understood = kind.latex(kind.parse(answer))
    except InputError as error:
        html = Markup('<div class="preview-error">{}{}</div>').format(
            markdown(error.message),
            Markup('<pre class="pointer">{}</pre>').format(error.pointer(answer))
            if error.position is not None else "",
        )
        return JSONResponse({"ok": False, "message": error.message, "html": str(html)})
    return JSONResponse({"ok": True, "latex": understood,
                         "html": str(latex(understood, display=True))})
