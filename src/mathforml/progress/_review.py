"""When to review a topic: a Leitner-style schedule whose intervals grow with each success.

Rule. A topic's *streak* is its number of successful reviews in a row; its next
review is due ``review_interval(streak)`` after the last of them: 1 day, then 2, 4,
8, 16, 32 and at most ``MAX_INTERVAL`` (60) days. Going through the answers in order:

- a failure (an incorrect answer or a revealed solution) resets the streak to 0
  and makes the topic due at once;
- a success counts as a successful review when the topic is due (or was never
  scheduled): the streak grows by one and the next review is set from now;
- a success before the topic is due is practice: welcome, but it moves nothing, so
  ten right answers in one sitting do not push the review a month away.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

FIRST_INTERVAL = timedelta(days=1)
INTERVAL_GROWTH = 2.0
MAX_INTERVAL = timedelta(days=60)


def review_interval(streak: int) -> timedelta:
    """The wait before the next review after ``streak`` successful reviews in a row.

    >>> [review_interval(n).days for n in (1, 2, 3, 7, 8)]
    [1, 2, 4, 60, 60]
    """
    if streak < 1:
        return timedelta(0)
    # Compared as logarithms: GROWTH ** streak would overflow for long streaks.
    if (streak - 1) * math.log(INTERVAL_GROWTH) >= math.log(MAX_INTERVAL / FIRST_INTERVAL):
        return MAX_INTERVAL
    return FIRST_INTERVAL * INTERVAL_GROWTH ** (streak - 1)


@dataclass(frozen=True)
class Schedule:
    """A topic's review state: ``due`` is None only when it was never practised."""

    streak: int
    due: datetime | None


def schedule(events: Iterable[tuple[datetime, bool]]) -> Schedule:
    """The review schedule after ``events``: (time, success) pairs, oldest first."""
    streak, due = 0, None
    for at, success in events:
        if not success:
            streak, due = 0, at
        elif due is None or at >= due:
            streak += 1
            due = at + review_interval(streak)
    return Schedule(streak=streak, due=due)
