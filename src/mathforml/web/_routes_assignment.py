"""Programming assignments in the browser: instructions, an editor, grading, history.

A submission is stored ``queued`` for ``learner_of(request)`` *before* it is graded,
graded in the sandbox off the event loop (tens of milliseconds, or seconds when
learner code runs out of time), then stored with its per-test report. A server
killed mid-grading loses nothing: on start (and every ``REGRADE_INTERVAL_S``) the
``Regrader`` claims what is still queued and grades it, while the pages show it
as "being graded" and refresh. Every submission attempt spends the rate limit
first, before its body is read, so a rejected one (too large, malformed) costs the
sender as much as a graded one; what the body holds is parsed in a thread.

The page works without JavaScript: the editor is a plain ``<textarea>`` in a form
that posts to ``/assignments/{id}``; ``static/editor.js`` adds line numbers,
indentation and highlighting, and submits to ``/api/assignments/{id}/submit``
without a reload.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mathforml.store import InvalidRecord, QueuedSubmission, Store, Submission, process_owner
from mathforml.web._app import BodyTooLarge, fragment, page, read_body, same_origin
from mathforml.web._guards import parse_form, parse_json_object
from mathforml.web._identity import RateLimiter, learner_of, verify_csrf

if TYPE_CHECKING:
    from mathforml.grading.assignments import Assignment

router = APIRouter()

#: The largest submission request read: a long solution, or a notebook with outputs.
MAX_SUBMIT_BYTES = 512 * 1024
#: Graded submissions per learner per ``SUBMIT_WINDOW_S`` seconds; grading costs a sandbox run.
SUBMITS_PER_WINDOW = 20
SUBMIT_WINDOW_S = 60.0
#: The longest code graded on the web (a course solution is 1–5 K characters; the store
#: keeps up to ``store.MAX_SOURCE_CHARS``). Checked before grading: grading parses and
#: compiles the code in this process, holding the interpreter lock for the whole text
#: at once, so this bounds how long other requests can wait behind one submission.
MAX_SOURCE_CHARS = 64 * 1024
#: Rows in the history table; older submissions stay in the store.
HISTORY_ROWS = 50
#: How often a server looks for submissions left queued (seconds); also at start.
REGRADE_INTERVAL_S = 10.0
#: How often a page showing a submission being graded reloads (seconds).
REFRESH_S = 2
#: Outcomes where the code never reached the tests: one message explains every test.
WHOLE_OUTCOMES = ("error", "timeout", "memory", "forbidden", "output", "crashed",
                  "older-version", "other-assignment")
OUTCOME_LABELS = {
    "passed": "All tests passed",
    "failed": "Some tests failed",
    "error": "Your code raised an error",
    "timeout": "Out of time",
    "memory": "Out of memory",
    "forbidden": "A call that is not allowed",
    "output": "Too much output",
    "crashed": "The run crashed",
    "older-version": "An older version of this assignment",
    "other-assignment": "Another week's assignment",
    "queued": "Being graded",
}


def install(app: FastAPI) -> None:
    """Add the assignment routes, their rate limiter and the ``has_assignment`` template
    global (the week page links to its assignment)."""
    app.state.submit_limiter = RateLimiter(SUBMITS_PER_WINDOW, SUBMIT_WINDOW_S)
    env = app.state.templates
    env.globals.update(has_assignment=has_assignment, outcome_label=outcome_label, stamp=stamp)
    app.include_router(router)


def has_assignment(week_id: str) -> bool:
    """Whether the week ``week_id`` has a graded assignment (same id)."""
    return week_id in _assignments()


def outcome_label(outcome: str, short: bool = False) -> str:
    """How an outcome reads to the learner: a phrase, or a word for the history table."""
    if short:
        return outcome.capitalize()
    return OUTCOME_LABELS.get(outcome, outcome)


def stamp(moment: datetime, year: bool = False) -> str:
    """When a submission was made, in the server's (the learner's laptop's) time zone:
    "3 Mar, 14:05", or "3 Mar 2026, 14:05" with ``year``."""
    local = moment.astimezone()
    day = f"{local.day} {local.strftime('%b')}" + (f" {local.year}" if year else "")
    return f"{day}, {local.strftime('%H:%M')}"


def _assignments() -> dict[str, Assignment]:
    # Loaded on first use: the assignment modules pull in NumPy and the toolkit.
    from mathforml import curriculum

    return {a.id: a for a in curriculum.assignments()}


def find_assignment(assignment_id: str) -> Assignment:
    """The assignment with exactly this id, or 404."""
    assignment = _assignments().get(assignment_id)
    if assignment is None:
        raise HTTPException(404, "There is no such assignment.")
    return assignment


def _find_submission(request: Request, assignment: Assignment, submission_id: str) -> Submission:
    """The learner's own submission of ``assignment``; anything else is the same 404."""
    found = None
    if submission_id.isascii() and submission_id.isdigit() and len(submission_id) <= 18:
        found = request.app.state.store.submission(learner_of(request), int(submission_id))
    if found is None or found.assignment_id != assignment.id:
        raise HTTPException(404, "There is no such submission.")
    return found


# -- grading ---------------------------------------------------------------------

_warmup_lock = threading.Lock()
_warmup_started = False


def warm_up_sandbox() -> None:
    """Start the sandbox in the background, once per process.

    Its pre-forked workers take seconds to start; begun when a learner opens an
    assignment, that happens while they read, not when they first press Submit."""
    global _warmup_started
    with _warmup_lock:
        if _warmup_started:
            return
        _warmup_started = True
    threading.Thread(target=_start_sandbox, name="mathforml-sandbox-warmup", daemon=True).start()


def _start_sandbox() -> None:
    from mathforml.grading.sandbox import default_sandbox

    # On failure the first submission starts it again, and reports why.
    with contextlib.suppress(Exception):
        default_sandbox()



@dataclass(frozen=True)
class Graded:
    submission: Submission
    report: dict[str, Any]


def notebook_cells(assignment: Assignment, text: str) -> str:
    """The notebook's graded cells as code for the editor; an unreadable notebook is
    a 400 with the grader's own explanation. Blocking: call it in a thread."""
    from mathforml.grading.assignments import NotebookError, graded_cells

    try:
        return graded_cells(assignment, text)
    except NotebookError as error:
        message = str(error)
        raise HTTPException(400, f"{message[:1].upper()}{message[1:]}") from None


def _check_source(source: object) -> str:
    if not isinstance(source, str):
        raise HTTPException(400, "source must be text.")
    if not source.strip():
        raise HTTPException(400, "There is no code to grade: the editor is empty.")
    if len(source) > MAX_SOURCE_CHARS:
        raise HTTPException(
            413, f"That code is longer than {MAX_SOURCE_CHARS // 1024} K characters.")
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise HTTPException(400, "The code contains characters that are not valid text.") from None
    return source


def _rate_limit(request: Request) -> None:
    """Spend one of the learner's submissions; called before the body is read, so a
    refused attempt costs as much as a graded one."""
    limiter: RateLimiter = request.app.state.submit_limiter
    if not limiter.allow(str(learner_of(request).id)):
        raise HTTPException(
            429,
            f"That is more than {SUBMITS_PER_WINDOW} submissions in a minute. "
            "Wait a moment, then submit again.",
            headers={"Retry-After": str(math.ceil(SUBMIT_WINDOW_S))},
        )


def _grade(assignment: Assignment, source: str,
           notebook: str | None) -> tuple[dict[str, Any], float]:
    """The report of ``source`` (or of the ``notebook`` it was read from) and the
    milliseconds grading took; blocking."""
    from mathforml.grading.assignments import grade, grade_notebook
    from mathforml.grading.sandbox import default_sandbox

    started = time.perf_counter()
    if notebook is not None:
        result = grade_notebook(assignment, notebook, sandbox=default_sandbox())
    else:
        result = grade(assignment, source, sandbox=default_sandbox())
    return result.to_json(), 1000 * (time.perf_counter() - started)


def _grade_and_record(request: Request, assignment: Assignment, source: str,
                      filename: str = "", notebook: str | None = None) -> Graded:
    """Store the submission (queued), grade it, store its grade; blocking, so callers
    run it in a thread. Stored first, so a server killed while grading loses nothing:
    the submission is graded when a server starts again."""
    store: Store = request.app.state.store
    owner = process_owner()
    try:
        queued = store.queue_submission(
            learner_of(request), assignment_id=assignment.id, source=source,
            max_score=assignment.max_score, filename=filename, notebook=notebook, owner=owner)
    except InvalidRecord as error:
        raise HTTPException(400, f"That submission cannot be stored: {error}") from None
    try:
        report, elapsed = _grade(assignment, source, notebook)
    except BaseException:
        # Not graded here: another look (ours or another server's) grades it.
        with contextlib.suppress(Exception):
            store.release_submission(queued.id, owner)
        raise
    submission = store.finish_submission(queued.id, report=report, elapsed_ms=elapsed)
    if submission is None:  # pragma: no cover - the row was just written
        raise HTTPException(500, "The submission disappeared while it was graded.")
    return Graded(submission, submission.report)


class Regrader:
    """Grades, in a background thread, the submissions a server left queued (killed
    mid-grading), so that nothing submitted is lost.

    It looks once at start and then every ``REGRADE_INTERVAL_S``. With
    ``serve --workers N`` every process has one; ``Store.claim_queued`` gives each
    submission to exactly one of them. A look that finds the database busy simply
    waits for the next."""

    def __init__(self, store: Store, *, interval: float = REGRADE_INTERVAL_S) -> None:
        self.store = store
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="mathforml-regrader",
                                        daemon=True)
        self._thread.start()

    def stop(self, wait: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(wait)

    def _run(self) -> None:
        delay = 0.0
        while not self._stop.wait(delay):
            delay = self.interval
            with contextlib.suppress(Exception):
                while not self._stop.is_set() and self.grade_queued():
                    pass

    def grade_queued(self, limit: int = 4) -> int:
        """Claim and grade up to ``limit`` orphaned submissions; how many were graded."""
        claimed = self.store.claim_queued(process_owner(), limit=limit)
        for queued in claimed:
            if self._stop.is_set():
                break
            self._grade_one(queued)
        return len(claimed)

    def _grade_one(self, queued: QueuedSubmission) -> None:
        from mathforml.grading.assignments._grade import _fail_all

        assignment = _assignments().get(queued.assignment_id)
        elapsed = None
        if assignment is None:
            report = {"assignment": queued.assignment_id, "score": 0, "max_score": 0,
                      "outcome": "crashed", "tests": [],
                      "notes": ["this assignment no longer exists, so it cannot be graded"]}
        else:
            try:
                report, elapsed = _grade(assignment, queued.source, queued.notebook)
            except Exception as error:  # a grade must be stored, or it is retried forever
                report = _fail_all(
                    assignment, "crashed",
                    f"the grader could not grade this submission ({type(error).__name__})",
                ).to_json()
        self.store.finish_submission(queued.id, report=report, elapsed_ms=elapsed)


async def _body(request: Request) -> bytes:
    try:
        return await read_body(request, MAX_SUBMIT_BYTES)
    except BodyTooLarge:
        raise HTTPException(
            413, f"That submission is larger than {MAX_SUBMIT_BYTES // 1024} KiB.") from None


# -- rendering -------------------------------------------------------------------


def _report_view(report: dict[str, Any], assignment: Assignment) -> dict[str, Any]:
    """The stored report as the template shows it, every field present. When the code
    never reached the tests (each test then carries the same feedback) the message
    is shown once. A test's maximum comes from the assignment: reports omit it."""
    points = {g.name: g.points for g in assignment.groups}
    tests = [t for t in report.get("tests", []) if isinstance(t, dict)]
    outcome = str(report.get("outcome", ""))
    shared = ""
    if outcome in WHOLE_OUTCOMES and tests:
        messages = {str(t.get("feedback", "")) for t in tests}
        if len(messages) == 1:
            shared = messages.pop()
    return {
        "score": report.get("score", 0),
        "max_score": report.get("max_score", assignment.max_score),
        "outcome": outcome,
        "label": outcome_label(outcome),
        "shared": _split_feedback(shared) if shared else None,
        "tests": [
            {
                "name": str(t.get("name", "")),
                "passed": t.get("passed") is True,
                "points": t.get("points", 0),
                "max_points": t.get("max_points", points.get(str(t.get("name")), "?")),
                "lines": _split_feedback("" if shared else str(t.get("feedback", ""))),
            }
            for t in tests
        ],
    }


def _split_feedback(text: str) -> tuple[str, str]:
    """(message, traceback): the first line reads as prose, the rest keeps its layout."""
    first, _, rest = text.partition("\n")
    return first[:1].upper() + first[1:], rest.rstrip()


def report_html(request: Request, assignment: Assignment, submission: Submission) -> str:
    if not submission.graded:
        return fragment(request, "_grading.html", submission=submission)
    return fragment(request, "_grade_report.html",
                    report=_report_view(submission.report, assignment), submission=submission)


def history_html(request: Request, assignment: Assignment,
                 history: list[Submission], current: int | None = None) -> str:
    return fragment(request, "_history.html", assignment=assignment, history=history,
                    limit=HISTORY_ROWS, current=current)


def _history(request: Request, assignment: Assignment) -> list[Submission]:
    store = request.app.state.store
    return store.submissions(learner_of(request), assignment_id=assignment.id,
                             limit=HISTORY_ROWS)


# -- pages -----------------------------------------------------------------------


@router.get("/assignments", response_class=HTMLResponse)
def assignments_page(request: Request) -> Response:
    from mathforml import curriculum

    warm_up_sandbox()
    state = request.app.state
    mine = state.store.submissions(learner_of(request))
    rows = []
    for assignment in _assignments().values():
        own = [s for s in mine if s.assignment_id == assignment.id]
        try:
            week = curriculum.week(assignment.id)
        except Exception:  # an assignment without a week of its own still lists
            week = None
        rows.append({
            "assignment": assignment,
            "week": week,
            "count": len(own),
            "best": max((s.score for s in own if s.graded), default=None),
            "passed": any(s.outcome == "passed" for s in own),
        })
    return page(request, "assignments.html", rows=rows, title="Assignments")


@router.get("/assignments/{assignment_id}", response_class=HTMLResponse)
def assignment_page(request: Request, assignment_id: str,
                    submission: str | None = None) -> Response:
    """The editor holds ``?submission=`` (one of theirs), else the latest, else the starter."""
    assignment = find_assignment(assignment_id)
    warm_up_sandbox()
    history = _history(request, assignment)
    chosen = _find_submission(request, assignment, submission) if submission else None
    latest = history[0] if history else None
    shown = chosen or latest
    response = page(
        request, "assignment.html", assignment=assignment,
        source=shown.source if shown else assignment.starter,
        loaded=chosen, latest=latest,
        report=report_html(request, assignment, latest) if latest else "",
        history=history_html(request, assignment, history),
        max_bytes=MAX_SUBMIT_BYTES,
        title=f"Assignment · {assignment.title}",
    )
    if any(not s.graded for s in history):
        response.headers["cache-control"] = "no-store"
    return response


@router.post("/assignments/{assignment_id}", response_class=HTMLResponse)
async def assignment_form(request: Request, assignment_id: str) -> Response:
    """The form's submission, graded without JavaScript; then the submission's page.

    Only the CSRF token proves where it comes from: with ``Referrer-Policy:
    no-referrer`` a browser sends ``Origin: null`` for a form post. The token is in
    the body, so the rate limit is spent first, then the body read (at most
    ``MAX_SUBMIT_BYTES``), and everything else happens in a thread."""
    _rate_limit(request)
    body = await _body(request)
    return await run_in_threadpool(_grade_form, request, assignment_id, body)


def _grade_form(request: Request, assignment_id: str, body: bytes) -> Response:
    assignment = find_assignment(assignment_id)
    fields = parse_form(body)
    verify_csrf(request, _field(fields, "csrf"))
    source = _check_source(_field(fields, "source").replace("\r\n", "\n"))
    graded = _grade_and_record(request, assignment, source)
    return RedirectResponse(
        f"/assignments/{assignment.id}/submissions/{graded.submission.id}", status_code=303)


@router.get("/assignments/{assignment_id}/submissions/{submission_id}",
            response_class=HTMLResponse)
def submission_page(request: Request, assignment_id: str, submission_id: str) -> Response:
    """A submission and its report; while it is being graded the page says so and
    reloads every ``REFRESH_S`` seconds."""
    assignment = find_assignment(assignment_id)
    submission = _find_submission(request, assignment, submission_id)
    response = page(request, "submission.html", assignment=assignment, submission=submission,
                    report=report_html(request, assignment, submission),
                    title=f"Submission {submission.id} · {assignment.title}")
    if not submission.graded:
        response.headers["refresh"] = str(REFRESH_S)
        response.headers["cache-control"] = "no-store"
    return response


@router.get("/assignments/{assignment_id}/submissions/{submission_id}/download")
def submission_download(request: Request, assignment_id: str, submission_id: str) -> Response:
    assignment = find_assignment(assignment_id)
    submission = _find_submission(request, assignment, submission_id)
    return _python_file(submission.source, f"{assignment.id}_submission_{submission.id}.py")


@router.get("/assignments/{assignment_id}/starter.py")
def starter_download(assignment_id: str) -> Response:
    assignment = find_assignment(assignment_id)
    return _python_file(assignment.starter, f"{assignment.id}_assignment.py")


def _python_file(text: str, filename: str) -> Response:
    # ``filename`` is built from our own ids and a number only: safe to quote as is.
    return Response(text, media_type="text/x-python; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


# -- JSON API ----------------------------------------------------------------------


@router.post("/api/assignments/{assignment_id}/submit")
async def api_submit(request: Request, assignment_id: str) -> JSONResponse:
    """Grade ``{"source", "filename"?}``. With a ``.ipynb`` filename the source is the
    notebook's JSON: it is graded as a notebook, and its graded cells are recorded and
    sent back as ``source`` for the editor.

    Origin and CSRF header are checked first (they cost nothing), then the rate limit
    is spent, then the body is read up to ``MAX_SUBMIT_BYTES``; parsing the JSON and
    the notebook, grading and storing happen in a thread."""
    if not same_origin(request):
        raise HTTPException(403, "Submissions can only come from this site's own pages.")
    verify_csrf(request, None)
    _rate_limit(request)
    body = await _body(request)
    return await run_in_threadpool(_grade_api, request, assignment_id, body)


def _grade_api(request: Request, assignment_id: str, body: bytes) -> JSONResponse:
    assignment = find_assignment(assignment_id)
    data = parse_json_object(body)  # depth-limited, without recursion
    filename = data.get("filename", "")
    if not isinstance(filename, str):
        raise HTTPException(400, "filename must be text.")
    text = data.get("source")
    if not isinstance(text, str):
        raise HTTPException(400, "source must be text.")
    notebook = text if filename.lower().endswith(".ipynb") else None
    source = _check_source(notebook_cells(assignment, text) if notebook is not None else text)
    graded = _grade_and_record(request, assignment, source, filename, notebook)
    submission = graded.submission
    history = _history(request, assignment)
    payload = _submission_json(assignment, submission)
    payload.update(
        html=report_html(request, assignment, submission),
        history_html=history_html(request, assignment, history, current=submission.id),
    )
    if notebook is not None:
        payload["source"] = source
    return JSONResponse(payload)


@router.get("/api/assignments/{assignment_id}/submissions/{submission_id}")
def api_submission(request: Request, assignment_id: str, submission_id: str) -> JSONResponse:
    """One of the learner's submissions: ``status`` is ``queued`` while it is being
    graded (after a server restart, say), then ``graded`` with score and tests."""
    assignment = find_assignment(assignment_id)
    submission = _find_submission(request, assignment, submission_id)
    return JSONResponse(_submission_json(assignment, submission),
                        headers={"cache-control": "no-store"})


def _submission_json(assignment: Assignment, submission: Submission) -> dict[str, Any]:
    return {
        "submission": submission.id,
        "status": submission.status,
        "url": f"/assignments/{assignment.id}/submissions/{submission.id}",
        "score": submission.score,
        "max_score": submission.max_score,
        "outcome": submission.outcome,
        "tests": submission.report.get("tests", []),
    }


def _field(fields: dict[str, list[str]], name: str) -> str:
    values = fields.get(name)
    return values[0] if values else ""
