"""A database locked by another program makes a write fail with ``DatabaseBusy`` within
the store's timeout, instead of holding the caller (a server thread) for as long as
the other program likes; reads go on; once the lock is gone all is normal."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from mathforml.store import DatabaseBusy, DatabaseUnavailable, Store

TIMEOUT_S = 0.5


def _attempt(store: Store, n: int = 0) -> None:
    store.record_attempt(store.learner("ada"), exercise_id="c1w1.det", week_id="c1w1", seed=n,
                         variant_number=0, answer_raw="1", status="incorrect")


@contextmanager
def _held_by_another_process(script: str) -> Iterator[None]:
    """Run ``script`` in another process until the block ends; it prints "held" once
    it holds its lock and lets go when its stdin closes."""
    with subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            assert process.stdout.readline().strip() == "held"
            yield
        finally:
            process.stdin.close()
            process.wait(timeout=10)


def _sqlite_exclusive(path: str) -> str:
    return f"""
        import sqlite3, sys
        db = sqlite3.connect({path!r}, isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")
        print("held", flush=True)
        sys.stdin.read()
        db.execute("ROLLBACK")
    """


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _busy_write(store: Store) -> None:
    with pytest.raises(DatabaseBusy):
        _attempt(store, 1)


def test_a_sqlite_write_lock_held_by_another_program_gives_database_busy(tmp_path):
    path = str(tmp_path / "db.sqlite")
    with Store(f"sqlite:///{path}", timeout=TIMEOUT_S) as store:
        _attempt(store)
        with _held_by_another_process(_sqlite_exclusive(path)):
            started = time.perf_counter()
            with pytest.raises(DatabaseBusy, match="busy") as info:
                _attempt(store, 1)
            waited = time.perf_counter() - started
            assert TIMEOUT_S * 0.8 <= waited < TIMEOUT_S + 1.0
            assert isinstance(info.value, DatabaseUnavailable)  # callers of the old error
            assert isinstance(info.value, ConnectionError)
            # Readers are not blocked by a writer (WAL).
            assert _timed(lambda: store.attempts(store.learner("ada"))) < 0.3
        _attempt(store, 2)  # the lock is gone: writes work again
        assert len(store.attempts(store.learner("ada"))) == 2


def test_the_writer_queue_held_by_another_server_process_gives_database_busy(tmp_path):
    path = str(tmp_path / "db.sqlite")
    holder = f"""
        import fcntl, os, sys
        fd = os.open({path + ".writers"!r}, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("held", flush=True)
        sys.stdin.read()
    """
    with Store(f"sqlite:///{path}", timeout=TIMEOUT_S) as store:
        _attempt(store)
        with _held_by_another_process(holder):
            waited = _timed(lambda: _busy_write(store))
            assert TIMEOUT_S * 0.8 <= waited < TIMEOUT_S + 1.0
            assert _timed(lambda: store.attempts(store.learner("ada"))) < 0.3
        _attempt(store, 2)
        assert len(store.attempts(store.learner("ada"))) == 2


def test_threads_queued_behind_a_held_lock_each_give_up_within_the_timeout(tmp_path):
    """A thread waiting for this process's own writer lock is bounded too."""
    import threading

    path = str(tmp_path / "db.sqlite")
    with Store(f"sqlite:///{path}", timeout=TIMEOUT_S) as store:
        _attempt(store)
        outcomes: list[tuple[str, float]] = []

        def write() -> None:
            started = time.perf_counter()
            try:
                _attempt(store, 9)
                outcomes.append(("ok", time.perf_counter() - started))
            except DatabaseBusy:
                outcomes.append(("busy", time.perf_counter() - started))

        with _held_by_another_process(_sqlite_exclusive(path)):
            threads = [threading.Thread(target=write) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        assert [o for o, _ in outcomes] == ["busy"] * 4
        # One waits in SQLite, the others for their turn: none waits two timeouts.
        assert max(s for _, s in outcomes) < 2 * TIMEOUT_S + 1.0


@pytest.mark.postgres
def test_a_postgres_table_lock_held_by_another_session_gives_database_busy(postgres_url: URL):
    with Store(postgres_url, timeout=TIMEOUT_S) as store:
        _attempt(store)
        other = create_engine(postgres_url)
        try:
            with other.connect() as connection:
                connection.execute(text("BEGIN"))
                # Blocks writers, not readers.
                connection.execute(text("LOCK TABLE attempts IN EXCLUSIVE MODE"))
                waited = _timed(lambda: _busy_write(store))
                assert TIMEOUT_S * 0.8 <= waited < TIMEOUT_S + 1.5
                assert _timed(lambda: store.attempts(store.learner("ada"))) < 0.5
                connection.execute(text("ROLLBACK"))
        finally:
            other.dispose()
        _attempt(store, 2)
        assert len(store.attempts(store.learner("ada"))) == 2


def test_the_timeout_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MATHFORML_DB_TIMEOUT", "1.5")
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        assert store.timeout == 1.5
    monkeypatch.setenv("MATHFORML_DB_TIMEOUT", "forever")
    with Store(f"sqlite:///{tmp_path / 'b.db'}") as store:
        assert store.timeout == 5.0
