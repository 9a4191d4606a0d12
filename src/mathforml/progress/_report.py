"""A learner's progress per week and topic, and what to review next, from their attempts.

Pure functions of the attempts: nothing here reads the database or the curriculum.
The caller passes each exercise's topic (``topic_of``), and optionally each week's
topics in teaching order (``week_topics``) so that unpractised topics show too.

Counting. ``invalid`` attempts (unreadable input) never count for anything. An
``incorrect`` answer and a ``revealed`` solution are failures for mastery and the
review schedule; accuracy is the share of *answers* (correct + incorrect) that were
right, so looking at a solution does not change it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from mathforml.progress._mastery import MASTERED, mastery
from mathforml.progress._review import schedule

#: The topic of an exercise that ``topic_of`` does not know (e.g. one since removed).
OTHER_TOPIC = "other"
#: Below this mastery a practised topic is queued for review whatever its schedule.
LOW_MASTERY = 0.5


class AttemptLike(Protocol):
    """What progress reads from an attempt (``mathforml.store.Attempt`` fits)."""

    @property
    def exercise_id(self) -> str: ...
    @property
    def week_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


@dataclass(frozen=True)
class TopicProgress:
    """One topic of one week. ``accuracy`` is None before the first answer; ``due`` is
    when the topic should next be reviewed (None when never practised)."""

    week_id: str
    topic: str
    attempts: int
    correct: int
    revealed: int
    accuracy: float | None
    mastery: float
    streak: int
    last_practised: datetime | None
    due: datetime | None

    @property
    def mastered(self) -> bool:
        return self.mastery >= MASTERED

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week_id,
            "topic": self.topic,
            "attempts": self.attempts,
            "correct": self.correct,
            "revealed": self.revealed,
            "accuracy": self.accuracy,
            "mastery": self.mastery,
            "mastered": self.mastered,
            "streak": self.streak,
            "last_practised": _iso(self.last_practised),
            "due": _iso(self.due),
        }


@dataclass(frozen=True)
class WeekProgress:
    """One week: totals over its topics, and ``mastery`` the mean of its topics'
    (an unpractised topic listed in ``week_topics`` counts as 0)."""

    week_id: str
    attempts: int
    correct: int
    revealed: int
    accuracy: float | None
    mastery: float
    topics: tuple[TopicProgress, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week_id,
            "attempts": self.attempts,
            "correct": self.correct,
            "revealed": self.revealed,
            "accuracy": self.accuracy,
            "mastery": self.mastery,
            "topics": [t.to_json() for t in self.topics],
        }


@dataclass(frozen=True)
class ReviewItem:
    """A topic to review, and why: ``"due"`` (its review date has come) and/or
    ``"low mastery"``. ``overdue`` is how long ago it fell due (zero when not due)."""

    week_id: str
    topic: str
    mastery: float
    due: datetime | None
    overdue: timedelta
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week_id,
            "topic": self.topic,
            "mastery": self.mastery,
            "due": _iso(self.due),
            "overdue_days": self.overdue.total_seconds() / 86_400,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class ProgressReport:
    """Everything ``mathforml progress`` shows, as of ``as_of``."""

    as_of: datetime
    weeks: tuple[WeekProgress, ...]
    review: tuple[ReviewItem, ...]

    def topic(self, week_id: str, topic: str) -> TopicProgress:
        for week in self.weeks:
            for item in week.topics:
                if (item.week_id, item.topic) == (week_id, topic):
                    return item
        raise KeyError(f"no topic {topic!r} in week {week_id!r} of this report")

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": _iso(self.as_of),
            "weeks": [w.to_json() for w in self.weeks],
            "review": [r.to_json() for r in self.review],
        }


def summarize(
    attempts: Iterable[AttemptLike],
    topic_of: Mapping[str, str],
    *,
    now: datetime | None = None,
    week_topics: Mapping[str, Sequence[str]] | None = None,
) -> ProgressReport:
    """Progress per week and topic, and the review queue, as of ``now`` (default: now).

    ``topic_of`` maps exercise ids to topics; ``week_topics`` lists each week's
    topics in teaching order (those weeks and topics come first, in that order, and
    appear even unpractised; others follow sorted). Attempts are taken in time order.

    >>> from types import SimpleNamespace as A
    >>> t = datetime(2024, 1, 1, tzinfo=UTC)
    >>> report = summarize([A(exercise_id="c1w1.det", week_id="c1w1", status="correct",
    ...                       created_at=t)], {"c1w1.det": "determinant"}, now=t)
    >>> report.weeks[0].topics[0].mastery
    0.5
    """
    as_of = _aware(now) if now is not None else datetime.now(UTC)
    events: dict[tuple[str, str], list[tuple[datetime, str]]] = defaultdict(list)
    for attempt in attempts:
        if attempt.status == "invalid":
            continue
        topic = topic_of.get(attempt.exercise_id, OTHER_TOPIC)
        events[(attempt.week_id, topic)].append((_aware(attempt.created_at), attempt.status))

    weeks = []
    for week_id, topics in _layout(events, week_topics).items():
        progress = tuple(_topic(week_id, t, events.get((week_id, t), [])) for t in topics)
        weeks.append(_week(week_id, progress))
    review = [item for w in weeks for t in w.topics if (item := _review_item(t, as_of))]
    review.sort(key=lambda r: (-r.overdue, r.mastery, r.week_id, r.topic))
    return ProgressReport(as_of=as_of, weeks=tuple(weeks), review=tuple(review))


def _topic(week_id: str, topic: str, events: list[tuple[datetime, str]]) -> TopicProgress:
    events = sorted(events, key=lambda e: e[0])  # stable: ties keep the given order
    outcomes = [status == "correct" for _, status in events]
    correct = outcomes.count(True)
    revealed = sum(status == "revealed" for _, status in events)
    answers = len(events) - revealed
    plan = schedule((at, ok) for (at, _), ok in zip(events, outcomes, strict=True))
    return TopicProgress(
        week_id=week_id,
        topic=topic,
        attempts=answers,
        correct=correct,
        revealed=revealed,
        accuracy=correct / answers if answers else None,
        mastery=mastery(outcomes),
        streak=plan.streak,
        last_practised=events[-1][0] if events else None,
        due=plan.due,
    )


def _week(week_id: str, topics: tuple[TopicProgress, ...]) -> WeekProgress:
    attempts = sum(t.attempts for t in topics)
    correct = sum(t.correct for t in topics)
    return WeekProgress(
        week_id=week_id,
        attempts=attempts,
        correct=correct,
        revealed=sum(t.revealed for t in topics),
        accuracy=correct / attempts if attempts else None,
        mastery=sum(t.mastery for t in topics) / len(topics) if topics else 0.0,
        topics=topics,
    )


def _review_item(topic: TopicProgress, now: datetime) -> ReviewItem | None:
    if topic.due is None:  # never practised: that is for the lesson, not for review
        return None
    reasons = []
    if now >= topic.due:
        reasons.append("due")
    if topic.mastery < LOW_MASTERY:
        reasons.append("low mastery")
    if not reasons:
        return None
    return ReviewItem(
        week_id=topic.week_id,
        topic=topic.topic,
        mastery=topic.mastery,
        due=topic.due,
        overdue=max(now - topic.due, timedelta(0)),
        reasons=tuple(reasons),
    )


def _layout(
    events: Mapping[tuple[str, str], object],
    week_topics: Mapping[str, Sequence[str]] | None,
) -> dict[str, list[str]]:
    """Weeks and their topics in display order: the given outline, then the rest sorted."""
    outline = week_topics or {}
    layout: dict[str, list[str]] = {w: list(dict.fromkeys(ts)) for w, ts in outline.items()}
    for week_id, topic in sorted(events):
        topics = layout.setdefault(week_id, [])
        if topic not in topics:
            topics.append(topic)
    return layout


def _aware(moment: datetime) -> datetime:
    # Naive times are taken as UTC (the store only hands out aware ones).
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
