"""The spaced-review schedule: intervals grow with successive successful reviews."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mathforml.progress import FIRST_INTERVAL, MAX_INTERVAL, review_interval, schedule

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_intervals_double_from_one_day_up_to_the_cap():
    assert [review_interval(n) for n in range(1, 9)] == [
        DAY, 2 * DAY, 4 * DAY, 8 * DAY, 16 * DAY, 32 * DAY, MAX_INTERVAL, MAX_INTERVAL
    ]
    assert review_interval(0) == timedelta(0)
    assert review_interval(10_000) == MAX_INTERVAL  # no overflow


@given(st.integers(1, 200))
def test_intervals_never_shrink_and_stay_within_bounds(streak):
    assert FIRST_INTERVAL <= review_interval(streak) <= review_interval(streak + 1) <= MAX_INTERVAL


def test_never_practised_has_no_due_date():
    assert schedule([]).due is None
    assert schedule([]).streak == 0


def test_a_first_success_schedules_a_review_a_day_later():
    plan = schedule([(T0, True)])
    assert (plan.streak, plan.due) == (1, T0 + DAY)


def test_successes_made_when_due_push_the_review_further_each_time():
    t, events = T0, []
    for interval in (0, 1, 2, 4):  # each review made exactly when it falls due
        t += interval * DAY
        events.append((t, True))
    plan = schedule(events)
    assert plan.streak == 4
    assert plan.due == t + 8 * DAY


def test_practice_before_the_review_is_due_moves_nothing():
    crammed = [(T0 + timedelta(minutes=m), True) for m in range(10)]
    plan = schedule(crammed)
    assert (plan.streak, plan.due) == (1, T0 + DAY)


def test_a_failure_resets_the_streak_and_makes_the_topic_due_at_once():
    events = [(T0, True), (T0 + DAY, True), (T0 + 3 * DAY, False)]
    assert schedule(events) == schedule([(T0 + 3 * DAY, False)])
    plan = schedule(events)
    assert (plan.streak, plan.due) == (0, T0 + 3 * DAY)
    recovered = schedule([*events, (T0 + 3 * DAY + timedelta(minutes=1), True)])
    assert (recovered.streak, recovered.due) == (1, T0 + 4 * DAY + timedelta(minutes=1))


@given(st.lists(st.tuples(st.integers(0, 10_000_000), st.booleans()), max_size=40))
def test_the_streak_counts_only_successes_after_the_last_failure(raw):
    events = sorted((T0 + timedelta(seconds=s), ok) for s, ok in raw)
    plan = schedule(events)
    tail = 0
    for _, ok in reversed(events):
        if not ok:
            break
        tail += 1
    assert 0 <= plan.streak <= tail
    if events:
        last = events[-1][0]
        assert plan.due is not None
        assert last <= plan.due <= last + MAX_INTERVAL
