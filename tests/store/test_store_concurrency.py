"""Many writers at once, and writers that crash: nothing acknowledged is ever lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.engine import URL

from mathforml.store import Store

THREADS = 8
WRITES = 25


def _write(store: Store, learner_name: str, count: int, tag: str) -> list[int]:
    me = store.learner(learner_name)
    return [
        store.record_attempt(
            me, exercise_id="c1w1.det", week_id="c1w1", seed=i, variant_number=0,
            answer_raw=f"{tag}-{i}", status="incorrect",
        ).id
        for i in range(count)
    ]


def _run_threads(target: Callable[[int], None], count: int) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(n: int) -> None:
        try:
            start.wait()
            target(n)
        except BaseException as error:  # re-raised in the main thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def test_threads_sharing_one_store_lose_no_write(store):
    ids: list[list[int]] = [[] for _ in range(THREADS)]
    _run_threads(lambda n: ids[n].extend(_write(store, "shared", WRITES, f"t{n}")), THREADS)
    stored = store.attempts(store.learner("shared"))
    assert len(stored) == THREADS * WRITES
    assert sorted(a.id for a in stored) == sorted(i for chunk in ids for i in chunk)
    assert {a.answer_raw for a in stored} == {
        f"t{n}-{i}" for n in range(THREADS) for i in range(WRITES)
    }


def test_separate_stores_create_one_learner_and_keep_every_write(open_store):
    stores = [open_store() for _ in range(THREADS)]
    _run_threads(lambda n: _write(stores[n], "newcomer", WRITES, f"s{n}"), THREADS)
    check = open_store()
    with check._engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM learners")).scalar() == 1
    assert len(check.attempts(check.learner("newcomer"))) == THREADS * WRITES


def _python(script: str, url: URL, *args: str) -> subprocess.Popen[str]:
    """Run ``script`` in a new Python process whose configured database is ``url``."""
    env = dict(os.environ, MATHFORML_DATABASE_URL=url.render_as_string(hide_password=False))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


# Writes argv[1] attempts (or until killed), printing each id once it is committed.
WRITER = """
    import sys
    from mathforml.store import Store
    with Store.from_env() as store:
        me = store.learner("crowd")
        for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 10**9):
            a = store.record_attempt(me, exercise_id="c1w1.det", week_id="c1w1", seed=i,
                                     variant_number=0, answer_raw=str(i), status="correct")
            print(a.id, flush=True)  # acknowledged: committed before this line
"""


def test_processes_opening_an_empty_database_at_once_all_succeed(store_url):
    # Four processes race to migrate a fresh database and to create the same learner.
    procs = [_python(WRITER, store_url, "20") for _ in range(4)]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
    acknowledged = {int(line) for out, _ in outputs for line in out.split()}
    assert len(acknowledged) == 80
    with Store(store_url) as store:
        assert {a.id for a in store.attempts(store.learner("crowd"))} == acknowledged


def test_a_killed_writer_loses_no_acknowledged_attempt(store_url):
    proc = _python(WRITER, store_url)
    acknowledged = []
    assert proc.stdout is not None
    for line in proc.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) == 40:
            break
    proc.send_signal(signal.SIGKILL)  # no cleanup, possibly in the middle of a write
    proc.communicate(timeout=30)
    with Store(store_url) as store:
        stored = {a.id for a in store.attempts(store.learner("crowd"))}
        assert set(acknowledged) <= stored
        _write(store, "crowd", 1, "after")  # the database is not left locked
        if store.url.get_backend_name() == "sqlite":
            with store._engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_crash_inside_a_write_transaction_leaves_no_trace(store_url, open_store):
    open_store().learner("crasher")
    proc = _python(
        """
        import os
        from datetime import UTC, datetime
        from mathforml.store import Store
        from mathforml.store._models import AttemptRow
        store = Store.from_env()
        me = store.learner("crasher")
        with store._writing() as session:
            session.add(AttemptRow(
                learner_id=me.id, exercise_id="c1w1.det", week_id="c1w1", seed=1,
                variant_number=0, answer_raw="half-written", answer_length=12,
                status="correct", feedback_codes=[], created_at=datetime.now(UTC)))
            session.flush()
            print("flushed", flush=True)
            os._exit(1)  # the process dies holding an open write transaction
        """,
        store_url,
    )
    out, err = proc.communicate(timeout=60)
    assert out.strip() == "flushed", err
    store = open_store()
    me = store.learner("crasher")
    assert store.attempts(me) == []
    assert store.variant_number(me, "c1w1.det") == 0
    assert _write(store, "crasher", 1, "after")
