"""Opening a database: one SQLAlchemy engine, tuned so that writes are safe.

SQLite runs in WAL mode (readers never block the writer), waits up to
``BUSY_TIMEOUT_S`` for a lock instead of failing at once, enforces foreign keys,
and syncs every commit to disk (``synchronous=FULL``): an attempt that was
acknowledged survives a crash or power cut. Write transactions start with
``BEGIN IMMEDIATE`` so two writers queue up rather than deadlock when a read turns
into a write.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy wait serialises writers
    fcntl = None  # type: ignore[assignment]

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import StaticPool

from mathforml.store._errors import DatabaseUnavailable

#: How long a SQLite writer waits for another one to finish, in seconds.
BUSY_TIMEOUT_S = 30.0
#: Execution option that marks a connection as about to write.
WRITE_OPTION = "mathforml_write"
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
#: Connections a SQLite engine keeps open. A web server runs sync routes on up to 40
#: threads; with a smaller pool, connections beyond it were opened (with their
#: PRAGMAs) and closed again on every request, a third of the server's time.
SQLITE_POOL_SIZE = 40


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url``: SQLite tuned as described above, anything else as configured."""
    if url.get_backend_name() != "sqlite":
        # pre_ping: a long-running server survives a database restart.
        return create_engine(url, pool_pre_ping=True)
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_S},
        "pool_size": SQLITE_POOL_SIZE,
        "max_overflow": SQLITE_POOL_SIZE,
    }
    if is_memory_sqlite(url):
        # One shared connection, or every connection would see its own empty database.
        kwargs = {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
    elif url.database and not url.database.startswith("file:"):
        folder = Path(url.database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                f"cannot create the folder {str(folder)!r} for the database: {error.strerror}"
            ) from error
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


class WriterQueue:
    """Lets one writer at a time into a SQLite database, waiting in the kernel.

    SQLite's own wait for its write lock polls with sleeps of up to 100 ms, which
    is what a learner's answer would wait for when several server threads or
    processes record at once. Here writers queue on a lock instead: a thread lock
    within a process, and ``flock`` on a file beside the database across processes
    (it is released by the kernel if a process dies). Elsewhere it does nothing.
    """

    def __init__(self, url: URL) -> None:
        self._lock = threading.Lock()
        self._path: str | None = None
        self._fd: int | None = None
        if (
            url.get_backend_name() == "sqlite"
            and not is_memory_sqlite(url)
            and url.database
            and not url.database.startswith("file:")
            and fcntl is not None
        ):
            self._path = str(Path(url.database).expanduser()) + ".writers"

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._lock:
            if self._path is None:
                yield
                return
            if self._fd is None:
                try:
                    self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                except OSError:
                    self._path = None  # a read-only folder: SQLite's own wait still works
                    yield
                    return
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy emits BEGIN itself (below); the driver's own legacy handling would
    # skip it before SELECT and DDL and so break isolation and transactional DDL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _enable_wal(cursor: Any) -> None:
    """Switch to WAL, retrying while another connection holds the database.

    Switching the journal mode can report "database is locked" at once, without
    waiting through the busy timeout, when several processes open a new database
    together; so we wait here ourselves. Once in WAL the switch is a no-op.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _on_sqlite_begin(connection: Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    # Straight to the driver: SQLAlchemy's own execution path costs more than the
    # statement, and this runs once per transaction.
    connection.connection.driver_connection.execute(f"BEGIN {mode}")  # type: ignore[union-attr]
