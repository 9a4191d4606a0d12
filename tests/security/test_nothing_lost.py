"""Nothing submitted is lost (issue 9): a submission still being graded when the
server is killed (``kill -9``, as an out-of-memory kill or a power cut would) is
graded when the server starts again, and shows as being graded meanwhile.

A real ``mathforml serve`` in a subprocess, its whole session killed with SIGKILL
while the sandbox runs a correct c1w2 solution that first sleeps for 3 s (the wall
limit is 5 s), then a new server on the same database.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_event_loop import (  # the real-server helpers
    Server,
    csrf_token,
    request,
    start_server,
    stop_server,
)

from mathforml import curriculum

C1W2 = curriculum.assignment("c1w2")
SLOW_CORRECT = "import time\ntime.sleep(3)\n\n" + C1W2.reference
GRADED_WITHIN_S = 60


def _rows(database: Path) -> list[tuple[int, str, int, str]]:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT id, status, score, outcome FROM submissions ORDER BY id").fetchall()


def _status(server: Server, submission: int) -> dict:
    status, raw = request(server, "GET", f"/api/assignments/c1w2/submissions/{submission}")
    assert status == 200, raw
    return json.loads(raw)


@pytest.mark.slow
def test_a_submission_graded_when_the_server_is_killed_is_graded_after_restart(tmp_path):
    server = start_server(tmp_path)
    try:
        token = csrf_token(server)
        body = json.dumps({"source": SLOW_CORRECT}).encode()
        answered: list[object] = []

        def submit() -> None:
            try:
                answered.append(request(server, "POST", "/api/assignments/c1w2/submit", body,
                                        server.headers(token)))
            except OSError as error:  # the server dies under it: expected
                answered.append(error)

        sender = threading.Thread(target=submit)
        sender.start()
        deadline = time.monotonic() + 20
        while not _rows(server.database) and time.monotonic() < deadline:
            time.sleep(0.05)
        (row,) = _rows(server.database)
        assert row[1:] == ("queued", 0, "queued")  # stored before grading
        time.sleep(0.5)  # well into the 3 s the solution sleeps
        stop_server(server, kill=True)
        sender.join(10)
        assert not any(isinstance(a, tuple) and a[0] == 200 for a in answered)
        assert _rows(server.database) == [row]  # the killed server left it queued
    finally:
        stop_server(server)

    again = start_server(tmp_path)
    try:
        submission = row[0]
        first = _status(again, submission)
        seen = {first["status"]}
        deadline = time.monotonic() + GRADED_WITHIN_S
        status = first
        while status["status"] != "graded" and time.monotonic() < deadline:
            time.sleep(0.2)
            status = _status(again, submission)
            seen.add(status["status"])
        assert (status["status"], status["outcome"], status["score"], status["max_score"]) == (
            "graded", "passed", C1W2.max_score, C1W2.max_score)
        assert _rows(again.database) == [(submission, "graded", C1W2.max_score, "passed")]
        page_status, page = request(again, "GET", f"/assignments/c1w2/submissions/{submission}")
        assert page_status == 200
        assert f"{C1W2.max_score} / {C1W2.max_score}".encode() in page
        if "queued" in seen:  # caught while the restarted server graded it
            assert first["outcome"] == "queued"
    finally:
        stop_server(again)


@pytest.mark.slow
def test_two_server_processes_grade_a_left_over_submission_once(tmp_path):
    """With ``--workers 2`` both processes look at the queue at start; the submission
    is claimed by one of them and graded exactly once."""
    from mathforml.store import Store

    with Store(f"sqlite:///{tmp_path / 'mathforml.db'}") as store:
        me = store.learner("local")
        queued = store.queue_submission(me, assignment_id="c1w2", source=C1W2.reference,
                                        max_score=C1W2.max_score, owner="gone-host:1:dead")
        lost_at = store.submission(me, queued.id).created_at
    # A claim from another host is taken over after the lease; make it old.
    with sqlite3.connect(tmp_path / "mathforml.db") as db:
        db.execute("UPDATE submissions SET claimed_at = '2000-01-01 00:00:00.000000'")
    server = start_server(tmp_path, "--workers", "2")
    try:
        deadline = time.monotonic() + GRADED_WITHIN_S
        while time.monotonic() < deadline and _rows(server.database)[0][1] != "graded":
            time.sleep(0.2)
        assert _rows(server.database) == [(queued.id, "graded", C1W2.max_score, "passed")]
        with Store(f"sqlite:///{tmp_path / 'mathforml.db'}") as store:
            graded = store.submission(store.learner("local"), queued.id)
        assert graded.created_at == lost_at
        assert graded.elapsed_ms is not None
    finally:
        stop_server(server)
