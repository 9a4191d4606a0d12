"""Submissions are stored before they are graded: queued, claimed by exactly one server
process, finished once, and taken over when the process grading them has died.
On SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import text

from mathforml.store import InvalidRecord, process_owner
from mathforml.store._migrate import alembic_config

SOURCE = "def f(x):\n    return x\n"
NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
REPORT = {"score": 7, "max_score": 10, "outcome": "failed", "tests": []}


def _dead_owner() -> str:
    """The claim of a process that has ended (a server killed mid-grading)."""
    child = subprocess.run(
        [sys.executable, "-c", "from mathforml.store import process_owner; print(process_owner())"],
        capture_output=True, text=True, check=True)
    return child.stdout.strip()


def test_a_queued_submission_is_stored_before_grading_and_graded_once(store):
    me = store.learner("ada")
    queued = store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                                    filename="a.ipynb", notebook=NOTEBOOK,
                                    owner=process_owner())
    assert (queued.status, queued.outcome, queued.score, queued.max_score) == (
        "queued", "queued", 0, 10)
    assert not queued.graded
    assert store.submission(me, queued.id) == queued
    assert store.submissions(me) == [queued]
    assert store.queued_count() == 1

    done = store.finish_submission(queued.id, report=REPORT, elapsed_ms=12.5)
    assert done is not None
    assert (done.status, done.outcome, done.score, done.max_score) == ("graded", "failed", 7, 10)
    assert done.report == REPORT
    assert done.elapsed_ms == 12.5
    assert (done.id, done.source, done.filename, done.created_at) == (
        queued.id, SOURCE, "a.ipynb", queued.created_at)
    assert store.submission(me, queued.id) == done
    assert store.queued_count() == 0
    # A second grade (a server that took it over too) does not replace the first.
    again = store.finish_submission(
        queued.id, report={"score": 10, "max_score": 10, "outcome": "passed", "tests": []})
    assert again == done


def test_the_notebook_is_kept_only_until_graded(store):
    me = store.learner("ada")
    queued = store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                                    notebook=NOTEBOOK)
    (claimed,) = store.claim_queued("host:1:abc")
    assert (claimed.id, claimed.notebook, claimed.source) == (queued.id, NOTEBOOK, SOURCE)
    store.finish_submission(queued.id, report=REPORT)
    with store._engine.connect() as connection:
        kept = connection.execute(text("SELECT notebook FROM submissions")).scalar()
    assert kept is None


def test_a_submission_claimed_by_a_live_process_is_left_to_it(store):
    me = store.learner("ada")
    store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                           owner=process_owner())
    assert store.claim_queued("other:2:x") == []


def test_a_submission_claimed_by_a_dead_process_is_taken_over(store):
    me = store.learner("ada")
    lost = store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                                  owner=_dead_owner())
    (claimed,) = store.claim_queued(process_owner())
    assert claimed.id == lost.id
    assert store.claim_queued("another:3:y") == []  # now ours: nobody else takes it


def test_a_claim_older_than_the_lease_is_taken_over_even_from_another_host(store):
    me = store.learner("ada")
    old = store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                                 owner="elsewhere:42:zz")
    assert store.claim_queued(process_owner()) == []
    later = datetime.now(UTC) + timedelta(seconds=121)
    assert [q.id for q in store.claim_queued(process_owner(), now=later)] == [old.id]


def test_a_released_claim_is_claimed_again(store):
    me = store.learner("ada")
    queued = store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                                    owner=process_owner())
    store.release_submission(queued.id, process_owner())
    assert [q.id for q in store.claim_queued("other:2:x")] == [queued.id]


def test_concurrent_claimers_each_get_distinct_submissions(open_store):
    """Four server processes starting at once share out the queue: no submission is
    graded twice and none is left."""
    first = open_store()
    me = first.learner("ada")
    ids = {first.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10).id
           for _ in range(40)}
    stores = [open_store() for _ in range(4)]
    got: list[list[int]] = [[] for _ in stores]
    start = threading.Barrier(len(stores))

    def claim(n: int) -> None:
        start.wait()
        while batch := stores[n].claim_queued(f"host:{n}:t", limit=3):
            got[n].extend(q.id for q in batch)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [i for ids_of_one in got for i in ids_of_one]
    assert sorted(every) == sorted(ids)  # each exactly once


def test_hostile_queue_values_are_refused(store):
    me = store.learner("ada")
    with pytest.raises(InvalidRecord):
        store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=-1)
    with pytest.raises(InvalidRecord):
        store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                               notebook="x" * (1024 * 1024 + 1))
    with pytest.raises(InvalidRecord):
        store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10,
                               owner="o" * 201)
    queued = store.queue_submission(me, assignment_id="c1w2", source=SOURCE, max_score=10)
    with pytest.raises(InvalidRecord):
        store.finish_submission(queued.id, report={"score": 11, "max_score": 10,
                                                   "outcome": "passed"})
    with pytest.raises(InvalidRecord):
        store.finish_submission(queued.id, report={"score": 1, "max_score": 10,
                                                   "outcome": "queued"})
    assert store.finish_submission(10**12, report=REPORT) is None
    assert store.submission(me, queued.id).status == "queued"


def test_submissions_from_before_0003_read_as_graded(store):
    me = store.learner("ada")
    config = alembic_config()
    with store._engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
        connection.execute(text(
            "INSERT INTO submissions (learner_id, assignment_id, source, filename, score, "
            "max_score, outcome, report, created_at) VALUES "
            "(:me, 'c1w2', 'x = 1', '', 3, 10, 'failed', '{}', :at)"),
            {"me": me.id, "at": datetime(2026, 1, 1, tzinfo=UTC)})
    store.migrate()
    (old,) = store.submissions(me)
    assert (old.status, old.score, old.outcome) == ("graded", 3, "failed")
    assert store.claim_queued(process_owner()) == []
