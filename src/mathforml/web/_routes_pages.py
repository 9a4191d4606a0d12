"""Reading pages: the catalogue, a week's lesson and figures, and progress."""

from __future__ import annotations

import re
from importlib import resources

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from mathforml import curriculum
from mathforml.errors import UnknownIdError
from mathforml.progress import MASTERED, ProgressReport, WeekProgress, summarize
from mathforml.web._app import page
from mathforml.web._identity import learner_of

router = APIRouter()

_FIGURE_NAME = re.compile(r"[a-z0-9_-]+\.svg")


def find_week(week_id: str) -> curriculum.Week:
    """The week ``week_id``, or 404."""
    try:
        return curriculum.week(week_id)
    except UnknownIdError:
        raise HTTPException(404, f"There is no week called “{week_id[:40]}”.") from None


def build_report(request: Request) -> ProgressReport:
    """The learner's progress over the weeks that have content (as ``mathforml progress``)."""
    topic_of, outline = curriculum.topic_outline()
    attempts = request.app.state.store.attempts(learner_of(request))
    return summarize(attempts, topic_of, week_topics=outline)


def _suggestion(report: ProgressReport) -> tuple[str, str] | None:
    """(week id, why) of what to do next: a review that is due, else the first
    week not yet mastered."""
    if report.review:
        item = report.review[0]
        return item.week_id, f"review {item.topic} ({', '.join(item.reasons)})"
    for week in curriculum.weeks():
        if not week.available:
            continue
        progress = next((w for w in report.weeks if w.week_id == week.id), None)
        if progress is None or progress.attempts == 0:
            return week.id, "start this week"
        if progress.mastery < MASTERED:
            return week.id, "keep practising"
    return None


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    report = build_report(request)
    by_week: dict[str, WeekProgress] = {w.week_id: w for w in report.weeks}
    suggestion = _suggestion(report)
    next_week = curriculum.week(suggestion[0]) if suggestion else None
    return page(request, "home.html", courses=curriculum.catalogue(), by_week=by_week,
                next_week=next_week, next_reason=suggestion[1] if suggestion else "",
                title="Courses")


@router.get("/week/{week_id}", response_class=HTMLResponse)
def week_page(request: Request, week_id: str) -> Response:
    week = find_week(week_id)
    if not week.available:
        return page(request, "week_pending.html", week=week, title=week.title)
    course = next(c for c in curriculum.catalogue() if c.id == week.course_id)
    index = [w for w in course.weeks].index(week)
    previous = course.weeks[index - 1] if index > 0 else None
    following = course.weeks[index + 1] if index + 1 < len(course.weeks) else None
    return page(request, "week.html", week=week, course=course, lesson=week.lesson(),
                previous=previous, following=following, title=week.title)


@router.get("/static-week/{week_id}/figures/{name}")
def figure(week_id: str, name: str) -> Response:
    if not _FIGURE_NAME.fullmatch(name):
        raise HTTPException(404, "There is no such figure.")
    week = find_week(week_id)
    if week.package is None:
        raise HTTPException(404, "There is no such figure.")
    path = resources.files(week.package).joinpath("figures").joinpath(name)
    if not path.is_file():
        raise HTTPException(404, "There is no such figure.")
    return Response(
        path.read_bytes(),
        media_type="image/svg+xml",
        headers={
            "cache-control": "public, max-age=3600",
            # An SVG opened on its own must not run script.
            "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        },
    )


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request) -> Response:
    report = build_report(request)
    titles = {w.id: w.title for w in curriculum.weeks()}
    return page(request, "progress.html", report=report, titles=titles, title="Progress")
