"""Graded submissions of assignments: recorded, read back newest first, filtered, kept to
their owner, and hostile values refused or stored safely, on SQLite and PostgreSQL."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pytest

from mathforml.store import NUL_REPLACEMENT, InvalidRecord, Learner, Store, Submission

T0 = datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
SOURCE = 'import numpy as np\n\ndef f(x):\n    """π ≈ 3.14: ünïcode kept."""\n    return x\n'


def report(score: int = 5, max_score: int = 10, outcome: str = "failed", **extra) -> dict:
    return {
        "assignment": "c1w2",
        "score": score,
        "max_score": max_score,
        "outcome": outcome,
        "tests": [
            {"name": "row_echelon_form", "passed": False, "points": 0,
             "feedback": "5×5 system: a pivot was 0\nTraceback ..."},
            {"name": "back_substitution", "passed": True, "points": score, "feedback": "passed"},
        ],
        **extra,
    }


def record(store: Store, learner: Learner, **overrides) -> Submission:
    fields = {"assignment_id": "c1w2", "source": SOURCE, "report": report()}
    fields.update(overrides)
    return store.record_submission(learner, **fields)


def test_a_submission_reads_back_exactly_as_recorded(store):
    me = store.learner("ada")
    stored = record(store, me, filename="C1W2_Assignment.ipynb", elapsed_ms=41.5, at=T0)
    assert stored.id > 0
    assert stored.learner_id == me.id
    assert (stored.assignment_id, stored.source, stored.filename) == (
        "c1w2", SOURCE, "C1W2_Assignment.ipynb")
    assert (stored.score, stored.max_score, stored.outcome) == (5, 10, "failed")
    assert stored.report == report()
    assert stored.created_at == T0
    assert stored.elapsed_ms == 41.5
    assert store.submission(me, stored.id) == stored
    assert store.submissions(me) == [stored]


def test_the_defaults_are_no_file_name_no_timing_and_now(store):
    me = store.learner("ada")
    before = datetime.now(UTC)
    stored = record(store, me)
    assert stored.filename == ""
    assert stored.elapsed_ms is None
    assert before - timedelta(seconds=1) <= stored.created_at <= datetime.now(UTC)
    assert stored.created_at.tzinfo is not None


def test_submissions_come_newest_first_and_filter_by_assignment(store):
    me = store.learner("ada")
    old = record(store, me, at=T0)
    other = record(store, me, assignment_id="c1w3", at=T0 + timedelta(minutes=1),
                   report=report(score=12, max_score=12, outcome="passed"))
    new = record(store, me, at=T0 + timedelta(minutes=2), report=report(score=10,
                                                                         outcome="passed"))
    assert [s.id for s in store.submissions(me)] == [new.id, other.id, old.id]
    assert [s.id for s in store.submissions(me, assignment_id="c1w2")] == [new.id, old.id]
    assert store.submissions(me, assignment_id="c1w4") == []
    assert [s.id for s in store.submissions(me, limit=2)] == [new.id, other.id]
    assert [s.id for s in store.submissions(me, assignment_id="c1w2", limit=1)] == [new.id]


def test_submissions_at_the_same_moment_keep_the_order_they_were_made(store):
    me = store.learner("ada")
    made = [record(store, me, at=T0).id for _ in range(4)]
    assert [s.id for s in store.submissions(me)] == made[::-1]


def test_a_learner_never_sees_another_learners_submissions(store):
    ada, bea = store.learner("ada"), store.learner("bea")
    theirs = record(store, bea, source="secret = 42\n")
    mine = record(store, ada)
    assert store.submissions(ada) == [mine]
    assert store.submissions(bea) == [theirs]
    assert store.submission(ada, theirs.id) is None
    assert store.submission(bea, theirs.id) == theirs


@pytest.mark.parametrize("submission_id", [0, -1, 10**6, 2**63, 2**70, True, "1", 1.0, None])
def test_a_missing_or_malformed_id_finds_nothing(store, submission_id):
    me = store.learner("ada")
    record(store, me)
    assert store.submission(me, submission_id) is None


def test_times_in_any_zone_are_stored_in_utc(store):
    me = store.learner("ada")
    paris = timezone(timedelta(hours=1))
    stored = record(store, me, at=datetime(2024, 3, 1, 10, 30, 15, 123456, tzinfo=paris))
    assert stored.created_at == T0
    assert store.submission(me, stored.id).created_at.utcoffset() == timedelta(0)


def test_submissions_survive_reopening_the_store(open_store):
    first = open_store()
    stored = record(first, first.learner("ada"), at=T0, elapsed_ms=3.25)
    first.close()
    second = open_store()
    assert second.submissions(second.learner("ada")) == [stored]


# -- hostile values ----------------------------------------------------------------------


def test_nul_and_lone_surrogates_are_stored_visibly_replaced(store):
    me = store.learner("ada")
    stored = record(store, me, source="x = 1\0\ud800\n", filename="a\0b.py",
                    report=report(note="bad \0 text \udfff"))
    again = store.submission(me, stored.id)
    assert again.source == f"x = 1{NUL_REPLACEMENT}\ufffd\n"
    assert again.filename == "ab.py"  # control characters are dropped from names
    assert again.report["note"] == f"bad {NUL_REPLACEMENT} text \ufffd"


def test_a_file_name_is_cleaned_and_cut(store):
    me = store.learner("ada")
    stored = record(store, me, filename="  ../evil\n\r\x1b[31m" + "n" * 500 + ".py  ")
    assert "\n" not in stored.filename
    assert "\x1b" not in stored.filename
    assert stored.filename.startswith("../evil[31m")
    assert len(stored.filename) == 200


def test_a_report_keeps_only_json_values(store):
    me = store.learner("ada")
    stored = record(store, me, report=report(ratio=math.nan, big=math.inf, nested=[(1, 2)]))
    assert stored.report["ratio"] is None
    assert stored.report["big"] is None
    assert stored.report["nested"] == [[1, 2]]
    with pytest.raises(InvalidRecord, match="only JSON values"):
        record(store, me, report=report(thing=object()))


def test_the_longest_source_is_kept_and_a_longer_one_refused(store):
    me = store.learner("ada")
    longest = "#" * (256 * 1024)
    assert record(store, me, source=longest).source == longest
    with pytest.raises(InvalidRecord, match="at most"):
        record(store, me, source=longest + "#")


@pytest.mark.parametrize(("overrides", "message"), [
    ({"report": report(score=11)}, "more than the maximum"),
    ({"report": report(score=-1)}, "between 0 and"),
    ({"report": report(score=True)}, "an integer"),
    ({"report": report(score="5")}, "an integer"),
    ({"report": {"outcome": "passed"}}, "an integer"),
    ({"report": report(outcome="hacked")}, "outcome is one of"),
    ({"report": ["not", "a", "dict"]}, "is a dict"),
    ({"source": b"x = 1"}, "is text"),
    ({"source": None}, "is text"),
    ({"filename": 5}, "is text"),
    ({"assignment_id": ""}, "assignment id"),
    ({"assignment_id": "x" * 201}, "assignment id"),
    ({"elapsed_ms": -1.0}, "non-negative"),
    ({"elapsed_ms": math.nan}, "finite"),
    ({"at": datetime(2024, 3, 1, 9, 30)}, "time zone"),
])
def test_an_impossible_submission_is_refused_and_nothing_is_stored(store, overrides, message):
    me = store.learner("ada")
    with pytest.raises(InvalidRecord, match=message):
        record(store, me, **overrides)
    assert store.submissions(me) == []


def test_a_refused_submission_does_not_spoil_the_next_one(store):
    me = store.learner("ada")
    with pytest.raises(InvalidRecord):
        record(store, me, report=report(score=99))
    stored = record(store, me)
    assert store.submissions(me) == [stored]
