"""Progress per week and topic and the review queue, from a list of attempts."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathforml.progress import LOW_MASTERY, OTHER_TOPIC, mastery, summarize
from mathforml.store import Store

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
TOPIC_OF = {
    "c1w1.det": "determinant",
    "c1w1.singular": "singularity",
    "c1w2.rank": "rank",
}


@dataclass(frozen=True)
class Seen:
    """The part of a stored attempt that progress reads."""

    exercise_id: str
    status: str
    created_at: datetime
    week_id: str = ""

    def __post_init__(self) -> None:
        if not self.week_id:
            object.__setattr__(self, "week_id", self.exercise_id.split(".")[0])


def seen(exercise_id: str, status: str, minutes: float = 0) -> Seen:
    return Seen(exercise_id, status, T0 + timedelta(minutes=minutes))


def test_counts_accuracy_and_mastery_per_topic_and_week():
    report = summarize(
        [
            seen("c1w1.det", "incorrect", 0),
            seen("c1w1.det", "correct", 1),
            seen("c1w1.singular", "revealed", 2),
            seen("c1w1.det", "invalid", 3),
            seen("c1w2.rank", "correct", 4),
        ],
        TOPIC_OF,
        now=T0 + timedelta(minutes=5),
    )
    assert [w.week_id for w in report.weeks] == ["c1w1", "c1w2"]
    det = report.topic("c1w1", "determinant")
    assert (det.attempts, det.correct, det.revealed, det.accuracy) == (2, 1, 0, 0.5)
    assert det.mastery == pytest.approx(mastery([False, True]))
    singular = report.topic("c1w1", "singularity")
    # A revealed solution is not an answer, but it is a failure for mastery.
    assert (singular.attempts, singular.revealed, singular.accuracy) == (0, 1, None)
    assert singular.mastery == 0.0
    week = report.weeks[0]
    assert (week.attempts, week.correct, week.revealed, week.accuracy) == (2, 1, 1, 0.5)
    assert week.mastery == pytest.approx((det.mastery + singular.mastery) / 2)
    assert det.last_practised == T0 + timedelta(minutes=1)  # the invalid one does not count


def test_an_exercise_without_a_known_topic_is_grouped_as_other():
    report = summarize([seen("c1w1.retired", "correct")], TOPIC_OF, now=T0)
    assert report.topic("c1w1", OTHER_TOPIC).correct == 1


def test_the_week_outline_orders_weeks_and_topics_and_shows_unpractised_ones():
    outline = {"c1w1": ["singularity", "determinant", "systems"], "c1w2": ["rank"]}
    report = summarize([seen("c1w1.det", "correct"), seen("c3w1.x", "correct")], TOPIC_OF,
                       now=T0, week_topics=outline)
    assert [w.week_id for w in report.weeks] == ["c1w1", "c1w2", "c3w1"]
    assert [t.topic for t in report.weeks[0].topics] == ["singularity", "determinant", "systems"]
    untouched = report.topic("c1w1", "systems")
    assert (untouched.attempts, untouched.mastery, untouched.accuracy, untouched.due) == (
        0, 0.0, None, None
    )
    assert report.weeks[0].mastery == pytest.approx(mastery([True]) / 3)
    assert report.weeks[1].mastery == 0.0


def test_no_attempts_give_an_empty_report():
    report = summarize([], TOPIC_OF, now=T0)
    assert report.weeks == ()
    assert report.review == ()


def test_the_review_queue_holds_due_and_weak_topics_most_overdue_first():
    attempts = [
        seen("c1w1.det", "correct", 0),  # due one day later
        seen("c1w1.singular", "incorrect", 0),  # weak and due at once
        *(seen("c1w2.rank", "correct", m) for m in range(5)),  # strong, due in a day
    ]
    report = summarize(attempts, TOPIC_OF, now=T0 + 2 * DAY)
    assert [(r.topic, r.reasons) for r in report.review] == [
        ("singularity", ("due", "low mastery")),
        ("determinant", ("due",)),
        ("rank", ("due",)),
    ]
    assert report.review[0].overdue == 2 * DAY
    assert report.review[1].overdue == DAY


def test_a_freshly_mastered_topic_is_not_queued():
    attempts = [seen("c1w2.rank", "correct", m) for m in range(5)]
    assert summarize(attempts, TOPIC_OF, now=T0 + timedelta(hours=1)).review == ()


def test_a_weak_topic_is_queued_before_it_is_due():
    attempts = [seen("c1w1.det", "incorrect", 0), seen("c1w1.det", "correct", 1)]
    report = summarize(attempts, TOPIC_OF, now=T0 + timedelta(hours=1))
    (item,) = report.review
    assert item.reasons == ("low mastery",)
    assert item.mastery < LOW_MASTERY
    assert item.overdue == timedelta(0)


def test_attempts_are_taken_in_time_order_whatever_the_input_order():
    ordered = [seen("c1w1.det", "incorrect", 0), seen("c1w1.det", "correct", 1)]
    assert summarize(ordered, TOPIC_OF, now=T0) == summarize(ordered[::-1], TOPIC_OF, now=T0)


def test_naive_times_are_read_as_utc():
    aware = [seen("c1w1.det", "correct")]
    naive = [replace(aware[0], created_at=T0.replace(tzinfo=None))]
    assert summarize(naive, TOPIC_OF, now=T0) == summarize(aware, TOPIC_OF, now=T0)


def test_the_report_serialises_to_json():
    report = summarize([seen("c1w1.det", "correct")], TOPIC_OF, now=T0 + 2 * DAY,
                       week_topics={"c1w1": ["determinant", "systems"]})
    data = json.loads(json.dumps(report.to_json()))
    assert data["as_of"] == "2024-03-03T09:00:00+00:00"
    topic = data["weeks"][0]["topics"][0]
    assert topic == {
        "week": "c1w1", "topic": "determinant", "attempts": 1, "correct": 1, "revealed": 0,
        "accuracy": 1.0, "mastery": 0.5, "mastered": False, "streak": 1,
        "last_practised": "2024-03-01T09:00:00+00:00", "due": "2024-03-02T09:00:00+00:00",
    }
    assert data["review"] == [{
        "week": "c1w1", "topic": "determinant", "mastery": 0.5,
        "due": "2024-03-02T09:00:00+00:00", "overdue_days": 1.0, "reasons": ["due"],
    }]


def test_unknown_topic_lookup_is_a_key_error():
    with pytest.raises(KeyError, match="no topic 'rank'"):
        summarize([], TOPIC_OF, now=T0).topic("c1w2", "rank")


statuses = st.sampled_from(["correct", "incorrect", "revealed", "invalid"])
histories = st.lists(
    st.tuples(st.sampled_from(sorted(TOPIC_OF)), statuses, st.integers(0, 60 * 24 * 30)),
    max_size=30,
)


@given(histories, st.lists(st.tuples(st.sampled_from(sorted(TOPIC_OF)),
                                     st.integers(0, 60 * 24 * 30)), max_size=10))
def test_invalid_attempts_never_count(history, invalid):
    attempts = [seen(e, s, m) for e, s, m in history]
    noisy = attempts + [seen(e, "invalid", m) for e, m in invalid]
    now = T0 + 40 * DAY
    assert summarize(noisy, TOPIC_OF, now=now) == summarize(
        [a for a in attempts if a.status != "invalid"], TOPIC_OF, now=now
    )


@given(histories)
def test_every_mastery_and_accuracy_lies_in_the_unit_interval(history):
    report = summarize([seen(e, s, m) for e, s, m in history], TOPIC_OF, now=T0 + 40 * DAY)
    for week in report.weeks:
        assert 0.0 <= week.mastery <= 1.0
        for topic in week.topics:
            assert 0.0 <= topic.mastery <= 1.0
            assert topic.accuracy is None or 0.0 <= topic.accuracy <= 1.0
            assert topic.correct <= topic.attempts


@given(histories, st.data())
def test_a_failure_turned_into_a_success_never_lowers_topic_mastery(history, data):
    attempts = [seen(e, s, m) for e, s, m in history]
    failures = [i for i, a in enumerate(attempts) if a.status in ("incorrect", "revealed")]
    if not failures:
        return
    i = data.draw(st.sampled_from(failures))
    better = [*attempts[:i], replace(attempts[i], status="correct"), *attempts[i + 1 :]]
    week, topic = attempts[i].week_id, TOPIC_OF[attempts[i].exercise_id]
    before = summarize(attempts, TOPIC_OF, now=T0).topic(week, topic).mastery
    after = summarize(better, TOPIC_OF, now=T0).topic(week, topic).mastery
    assert after >= before


def test_attempts_from_a_real_store_summarise(tmp_path):
    with Store(f"sqlite:///{tmp_path}/m.db") as store:
        me = store.learner()
        for n, status in enumerate(["invalid", "incorrect", "correct"]):
            store.record_attempt(me, exercise_id="c1w1.det", week_id="c1w1", seed=n,
                                 variant_number=0, answer_raw=str(n), status=status,
                                 at=T0 + timedelta(minutes=n))
        report = summarize(store.attempts(me), TOPIC_OF, now=T0 + DAY)
    det = report.topic("c1w1", "determinant")
    assert (det.attempts, det.correct, det.accuracy) == (2, 1, 0.5)
    assert det.due == T0 + timedelta(minutes=2) + DAY
