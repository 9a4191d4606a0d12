"""Recording attempts and reading them back: fields, filters, variants, learners."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pytest

from mathforml.store import Attempt, InvalidRecord, Learner, Store
from mathforml.store._models import AttemptRow

T0 = datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def record(store: Store, learner: Learner, **overrides) -> Attempt:
    fields = {
        "exercise_id": "c1w1.singular",
        "week_id": "c1w1",
        "seed": 12345,
        "variant_number": 0,
        "answer_raw": "yes",
        "status": "incorrect",
    }
    fields.update(overrides)
    return store.record_attempt(learner, **fields)


def test_an_attempt_reads_back_exactly_as_recorded(store):
    me = store.learner("ada")
    stored = store.record_attempt(
        me,
        exercise_id="c1w2.rank-of-matrix",
        week_id="c1w2",
        seed=2**53 - 1,
        variant_number=4,
        answer_raw="[1, 2; 3, 4]",
        status="incorrect",
        feedback_codes=["transposed", "misconception:rows-for-columns"],
        elapsed_ms=12.75,
        at=T0,
    )
    assert stored == Attempt(
        id=stored.id,
        learner_id=me.id,
        exercise_id="c1w2.rank-of-matrix",
        week_id="c1w2",
        seed=2**53 - 1,
        variant_number=4,
        answer_raw="[1, 2; 3, 4]",
        answer_length=12,
        status="incorrect",
        feedback_codes=("transposed", "misconception:rows-for-columns"),
        created_at=T0,
        elapsed_ms=12.75,
    )
    assert store.attempts(me) == [stored]
    assert not stored.truncated
    assert not stored.finishes_variant


def test_created_at_is_aware_utc_and_defaults_to_now(store):
    me = store.learner()
    before = datetime.now(UTC)
    stored = record(store, me)
    (read,) = store.attempts(me)
    assert read.created_at.tzinfo is not None
    assert read.created_at.utcoffset() == timedelta(0)
    assert before <= read.created_at <= datetime.now(UTC)
    assert read.created_at == stored.created_at


def test_a_time_in_another_zone_is_stored_as_the_same_instant_in_utc(store):
    me = store.learner()
    tokyo = datetime(2024, 3, 1, 18, 30, tzinfo=timezone(timedelta(hours=9)))
    record(store, me, at=tokyo)
    (read,) = store.attempts(me)
    assert read.created_at == tokyo
    assert read.created_at.tzinfo == UTC
    assert read.created_at.hour == 9


def test_attempts_come_oldest_first_and_filter_by_week_and_exercise(store):
    me = store.learner()
    record(store, me, exercise_id="c1w2.rank", week_id="c1w2", at=T0 + timedelta(minutes=2))
    record(store, me, exercise_id="c1w1.det", week_id="c1w1", at=T0)
    record(store, me, exercise_id="c1w1.singular", week_id="c1w1", at=T0 + timedelta(minutes=1))
    assert [a.exercise_id for a in store.attempts(me)] == [
        "c1w1.det", "c1w1.singular", "c1w2.rank"
    ]
    assert [a.exercise_id for a in store.attempts(me, week_id="c1w1")] == [
        "c1w1.det", "c1w1.singular"
    ]
    assert [a.exercise_id for a in store.attempts(me, exercise_id="c1w2.rank")] == ["c1w2.rank"]
    assert store.attempts(me, week_id="c1w1", exercise_id="c1w2.rank") == []
    assert store.attempts(me, week_id="c3w4") == []


def test_learner_is_created_once_and_found_again(store):
    first = store.learner("ada")
    assert store.learner("ada") == first
    assert store.learner("Ada") != first  # names are exact
    assert store.learner().name == "local"


def test_learners_never_see_each_others_attempts(store):
    ada, bob = store.learner("ada"), store.learner("bob")
    record(store, ada, status="correct", answer_raw="ada's")
    record(store, bob, answer_raw="bob's")
    assert [a.answer_raw for a in store.attempts(ada)] == ["ada's"]
    assert [a.answer_raw for a in store.attempts(bob)] == ["bob's"]
    assert store.variant_number(ada, "c1w1.singular") == 1
    assert store.variant_number(bob, "c1w1.singular") == 0


def test_variant_number_advances_only_when_a_variant_is_finished(store):
    me = store.learner()
    ex = "c1w1.singular"
    assert store.variant_number(me, ex) == 0
    record(store, me, variant_number=0, status="invalid")
    record(store, me, variant_number=0, status="incorrect")
    assert store.variant_number(me, ex) == 0  # a retry or a reload: the same variant
    record(store, me, variant_number=0, status="correct")
    assert store.variant_number(me, ex) == 1
    revealed = record(store, me, variant_number=1, status="revealed", answer_raw="s")
    assert revealed.finishes_variant
    assert store.variant_number(me, ex) == 2
    assert store.variant_number(me, "c1w1.other") == 0  # counted per exercise


def test_variant_number_never_returns_to_a_finished_variant(store):
    me = store.learner()
    # Two tabs finishing the same variant must not make the learner redo it.
    record(store, me, variant_number=0, status="correct")
    record(store, me, variant_number=0, status="correct")
    assert store.variant_number(me, "c1w1.singular") == 1


def test_a_learner_that_is_not_in_this_store_is_refused(store):
    ghost = Learner(id=987_654, name="ghost", created_at=T0)
    with pytest.raises(InvalidRecord, match="no such learner"):
        record(store, ghost)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "maybe", "status is one of"),
        ("status", None, "status is one of"),
        ("seed", -1, "between 0 and"),
        ("seed", 2**63, "between 0 and"),
        ("seed", True, "is an integer"),
        ("seed", 1.0, "is an integer"),
        ("variant_number", -1, "between 0 and"),
        ("variant_number", "0", "is an integer"),
        ("elapsed_ms", math.nan, "finite"),
        ("elapsed_ms", math.inf, "finite"),
        ("elapsed_ms", -1.0, "non-negative"),
        ("elapsed_ms", "fast", "number of milliseconds"),
        ("exercise_id", "", "cannot be empty"),
        ("exercise_id", " c1w1.det", "spaces"),
        ("exercise_id", "c1w1\n.det", "U\\+000A"),
        ("exercise_id", "c1w1\0det", "U\\+0000"),
        ("exercise_id", "x" * 201, "at most 200"),
        ("week_id", 7, "is text"),
        ("answer_raw", None, "an answer is text"),
        ("answer_raw", b"bytes", "an answer is text"),
        ("feedback_codes", "sign", "list of strings"),
        ("feedback_codes", [1], "a feedback code is a string"),
        ("at", datetime(2024, 1, 1), "time zone"),  # naive on purpose
        ("at", "2024-01-01", "is a datetime"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(store, field, value, message):
    me = store.learner()
    with pytest.raises(InvalidRecord, match=message) as info:
        record(store, me, **{field: value})
    assert isinstance(info.value, ValueError)
    assert store.attempts(me) == []


def test_something_else_than_a_learner_is_refused(store):
    with pytest.raises(InvalidRecord, match="expected a Learner"):
        store.attempts("ada")  # type: ignore[arg-type]


def test_elapsed_ms_may_be_unknown_or_an_int(store):
    me = store.learner()
    assert record(store, me, elapsed_ms=None).elapsed_ms is None
    assert record(store, me, elapsed_ms=7).elapsed_ms == 7.0
    assert [a.elapsed_ms for a in store.attempts(me)] == [None, 7.0]


def test_feedback_codes_accept_any_iterable_and_are_bounded(store):
    me = store.learner()
    assert record(store, me, feedback_codes=iter(("a", "b"))).feedback_codes == ("a", "b")
    many = record(store, me, feedback_codes=[f"code-{i}" for i in range(500)])
    assert len(many.feedback_codes) == 100
    long = record(store, me, feedback_codes=["x" * 10_000])
    assert long.feedback_codes == ("x" * 200,)
    assert [len(a.feedback_codes) for a in store.attempts(me)] == [2, 100, 1]


def test_a_write_that_fails_midway_leaves_nothing_behind(store):
    me = store.learner()

    def write_then_fail() -> None:
        with store._writing() as session:
            session.add(AttemptRow(
                learner_id=me.id, exercise_id="c1w1.a", week_id="c1w1", seed=1,
                variant_number=0, answer_raw="half-written", answer_length=12,
                status="correct", feedback_codes=[], created_at=T0, elapsed_ms=None,
            ))
            session.flush()  # the row reached the database, inside the transaction
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError, match="crash"):
        write_then_fail()
    assert store.attempts(me) == []
    assert store.variant_number(me, "c1w1.a") == 0
