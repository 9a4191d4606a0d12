"""Practice: the learner's current variant of an exercise, answered in a form.

The form posts back here and works without JavaScript; ``app.js`` sends the same
answers to ``/api/check`` for feedback without a reload. Variants follow the
store as in ``mathforml practice``: a learner stays on variant
``store.variant_number`` until they answer it correctly or reveal its solution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from mathforml import curriculum
from mathforml.engine import CheckResult, Exercise, check_answer, make_variant, variant_seed
from mathforml.engine._variant import generate_params
from mathforml.errors import UnknownIdError
from mathforml.progress import least_solved
from mathforml.web._app import BodyTooLarge, fragment, page, read_body, same_origin
from mathforml.web._guards import parse_form
from mathforml.web._identity import CSRF_FIELD, learner_of, limit_answers, verify_csrf
from mathforml.web._routes_pages import find_week

router = APIRouter()

#: How far back a seed is looked for among the learner's finished variants.
MAX_LOOKBACK = 10_000


@dataclass(frozen=True)
class Outcome:
    """What the learner did to a variant and what they are shown about it."""

    status: str  # correct, incorrect, invalid or revealed
    result: CheckResult | None
    solution: str = ""
    expected: str = ""

    @property
    def finished(self) -> bool:
        return self.status in ("correct", "revealed")


# -- shared with the JSON API ----------------------------------------------------


def find_exercise(exercise_id: object, week: curriculum.Week | None = None) -> Exercise:
    if not isinstance(exercise_id, str):
        raise HTTPException(400, "exercise_id must be text.")
    try:
        exercise = week.exercise(exercise_id) if week else curriculum.exercise(exercise_id)
    except UnknownIdError:
        raise HTTPException(404, "There is no such exercise.") from None
    return exercise


def current_variant(request: Request, exercise: Exercise) -> tuple[int, int]:
    """(variant number, seed) of the variant the learner is on."""
    learner = learner_of(request)
    number = request.app.state.store.variant_number(learner, exercise.id)
    return number, variant_seed(exercise.id, learner.name, number)


def variant_number_of(request: Request, exercise: Exercise, seed: object) -> int:
    """The number of the learner's variant with ``seed``: their current one or one
    they finished. Any other seed is refused with 400."""
    if isinstance(seed, str) and seed.isdigit() and len(seed) < 20:
        seed = int(seed)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise HTTPException(400, "seed must be a non-negative whole number.")
    current, _ = current_variant(request, exercise)
    name = learner_of(request).name
    for number in range(current, max(-1, current - MAX_LOOKBACK), -1):
        if variant_seed(exercise.id, name, number) == seed:
            return number
    raise HTTPException(400, "That is not one of your variants of this exercise.")


def check(request: Request, exercise: Exercise, seed: int, number: int, answer: str) -> Outcome:
    """Grade ``answer`` and record the attempt."""
    limit_answers(request, learner_of(request))
    started = time.perf_counter()
    result = check_answer(exercise, seed, answer)
    elapsed = 1000 * (time.perf_counter() - started)
    _record(request, exercise, seed, number, answer, result.status,
            [f.code for f in result.feedback], elapsed)
    if result.correct:
        return Outcome(result.status, result, result.solution, result.expected_text)
    return Outcome(result.status, result)


def reveal(request: Request, exercise: Exercise, seed: int, number: int) -> Outcome:
    """Record that the learner asked for the solution, and return it."""
    limit_answers(request, learner_of(request))
    _record(request, exercise, seed, number, "", "revealed", [], 0.0)
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    expected = kind.text(kind.normalize(exercise.answer(params)))
    return Outcome("revealed", None, exercise.solution(params), expected)


def outcome_html(request: Request, exercise: Exercise, outcome: Outcome) -> str:
    return fragment(request, "_outcome.html", outcome=outcome, week_id=exercise.week_id,
                    exercise=exercise)


def _record(request: Request, exercise: Exercise, seed: int, number: int, answer: str,
            status: Any, codes: list[str], elapsed: float) -> None:
    request.app.state.store.record_attempt(
        learner_of(request), exercise_id=exercise.id, week_id=exercise.week_id, seed=seed,
        variant_number=number, answer_raw=answer, status=status, feedback_codes=codes,
        elapsed_ms=elapsed,
    )


# -- pages -----------------------------------------------------------------------


def _available_week(week_id: str) -> curriculum.Week:
    week = find_week(week_id)
    if not week.available:
        raise HTTPException(404, f"Week {week.id} has no exercises yet.")
    return week


def _next_exercise(request: Request, week: curriculum.Week) -> Exercise:
    """The exercise solved least often; ties go in teaching order."""
    attempts = request.app.state.store.attempts(learner_of(request), week_id=week.id)
    return week.exercise(least_solved([e.id for e in week.exercises], attempts))


def _practice_page(request: Request, week: curriculum.Week, exercise: Exercise, *,
                   seed: int | None = None, number: int | None = None,
                   answer: str = "", outcome: Outcome | None = None,
                   status_code: int = 200) -> Response:
    if seed is None or number is None:
        number, seed = current_variant(request, exercise)
    variant = make_variant(exercise, seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    options = [(letters[i] if i < 26 else str(i + 1), text)
               for i, text in enumerate(variant.options)]
    index = list(week.exercises).index(exercise)
    return page(
        request, "practice.html", status_code=status_code, week=week, exercise=exercise,
        variant=variant, number=number, options=options, answer=answer, outcome=outcome,
        outcome_html=outcome_html(request, exercise, outcome) if outcome else "",
        position=index + 1, title=f"Practice · {exercise.title}",
    )


@router.get("/practice/{week_id}", response_class=HTMLResponse)
def practice(request: Request, week_id: str, exercise: str | None = None) -> Response:
    week = _available_week(week_id)
    chosen = find_exercise(exercise, week) if exercise is not None else _next_exercise(
        request, week)
    return _practice_page(request, week, chosen)


@router.post("/practice/{week_id}", response_class=HTMLResponse)
async def practice_answer(request: Request, week_id: str) -> Response:
    """The form's answer, checked without JavaScript. Only reading the body is done
    on the event loop; checking and recording the answer happen in a thread."""
    if not same_origin(request):
        raise HTTPException(403, "Answers can only be sent from this site's own pages.")
    try:
        body = await read_body(request)
    except BodyTooLarge:
        raise HTTPException(413, "That answer is too long to send.") from None
    return await run_in_threadpool(_answer_form, request, week_id, body)


def _answer_form(request: Request, week_id: str, body: bytes) -> Response:
    week = _available_week(week_id)
    fields = parse_form(body)
    verify_csrf(request, _field(fields, CSRF_FIELD))
    exercise = find_exercise(_field(fields, "exercise_id"), week)
    number = variant_number_of(request, exercise, _field(fields, "seed"))
    seed = variant_seed(exercise.id, learner_of(request).name, number)
    answer = _field(fields, "answer")
    if _field(fields, "action") == "reveal":
        outcome = reveal(request, exercise, seed, number)
    elif not answer.strip():
        outcome = None
    else:
        outcome = check(request, exercise, seed, number, answer)
    return _practice_page(request, week, exercise, seed=seed, number=number,
                          answer=answer, outcome=outcome)


def _field(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name)
    return values[0] if values else ""
