"""Opening a database: one SQLAlchemy engine, tuned so that writes are safe.

SQLite runs in WAL mode (readers never block the writer), waits up to the store's
timeout for a lock instead of failing at once, enforces foreign keys, and syncs
every commit to disk (``synchronous=FULL``): an attempt that was acknowledged
survives a crash or power cut. Write transactions start with ``BEGIN IMMEDIATE``
so two writers queue up rather than deadlock when a read turns into a write.

Every wait is bounded by the same timeout (``DEFAULT_TIMEOUT_S``, a few seconds):
the writer queue, SQLite's busy wait, a connection from the pool, and on
PostgreSQL ``lock_timeout``. A database locked by another program then ends in
``DatabaseBusy`` (a web server answers 503) instead of a request that hangs and
holds a server thread for as long as the other program likes.
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

from mathforml.store._errors import DatabaseBusy, DatabaseUnavailable

#: How long any database wait lasts before ``DatabaseBusy``, in seconds: a writer
#: waiting for another, a connection from the pool, a PostgreSQL lock. Our own
#: writes take milliseconds, so only another program holding a lock waits this long.
DEFAULT_TIMEOUT_S = 5.0
#: Overrides ``DEFAULT_TIMEOUT_S`` (seconds, e.g. "2.5"), for every store a process opens.
ENV_TIMEOUT = "MATHFORML_DB_TIMEOUT"
#: PostgreSQL's bound on one statement (a runaway query), in seconds.
PG_STATEMENT_TIMEOUT_S = 30.0
#: Execution option that marks a connection as about to write.
WRITE_OPTION = "mathforml_write"
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
#: Connections a SQLite engine keeps open. A web server runs sync routes on up to 40
#: threads; with a smaller pool, connections beyond it were opened (with their
#: PRAGMAs) and closed again on every request, a third of the server's time.
SQLITE_POOL_SIZE = 40


def is_memory_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def timeout_from_env(environ: dict[str, str] | None = None) -> float:
    """The store's timeout: ``$MATHFORML_DB_TIMEOUT`` when it is a positive number of
    seconds, else ``DEFAULT_TIMEOUT_S``."""
    value = (os.environ if environ is None else environ).get(ENV_TIMEOUT, "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_TIMEOUT_S
    return seconds if 0 < seconds < 3600 else DEFAULT_TIMEOUT_S


def create_store_engine(url: URL, *, timeout: float = DEFAULT_TIMEOUT_S) -> Engine:
    """An engine for ``url``: SQLite tuned as described above, anything else as
    configured; every wait bounded by ``timeout`` seconds."""
    if url.get_backend_name() != "sqlite":
        # pre_ping: a long-running server survives a database restart.
        engine = create_engine(url, pool_pre_ping=True, pool_timeout=timeout)
        if url.get_backend_name() == "postgresql":
            _bound_postgres_waits(engine, url, timeout)
        return engine
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": timeout},
        "pool_size": SQLITE_POOL_SIZE,
        "max_overflow": SQLITE_POOL_SIZE,
        "pool_timeout": timeout,
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

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        _on_sqlite_connect(dbapi_connection, timeout)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _bound_postgres_waits(engine: Engine, url: URL, timeout: float) -> None:
    """Give every PostgreSQL connection ``lock_timeout`` (a row or table lock held by
    someone else), ``statement_timeout`` and a connect timeout, as startup options so
    that they hold for the whole session whatever the transactions do."""
    settings = (
        f"-c lock_timeout={int(timeout * 1000)} "
        f"-c statement_timeout={int(max(PG_STATEMENT_TIMEOUT_S, timeout) * 1000)}"
    )

    def on_do_connect(_dialect: Any, _record: Any, _args: Any, kwargs: dict[str, Any]) -> None:
        # Appended to the URL's own options (a search_path, say), never replacing them.
        kwargs["options"] = f"{kwargs.get('options', '')} {settings}".strip()
        if "connect_timeout" not in kwargs:
            kwargs["connect_timeout"] = max(2, int(timeout + 0.999))

    event.listen(engine, "do_connect", on_do_connect)


class WriterQueue:
    """Lets one writer at a time into a SQLite database, waiting in the kernel.

    SQLite's own wait for its write lock polls with sleeps of up to 100 ms, which
    is what a learner's answer would wait for when several server threads or
    processes record at once. Here writers queue on a lock instead: a thread lock
    within a process, and ``flock`` on a file beside the database across processes
    (it is released by the kernel if a process dies). Elsewhere it does nothing.
    """

    def __init__(self, url: URL, *, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout = timeout
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
        """Wait (at most ``timeout`` seconds, else ``DatabaseBusy``) for our turn to write."""
        deadline = time.monotonic() + self.timeout
        if not self._lock.acquire(timeout=self.timeout):
            raise self._busy()
        try:
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
            self._flock(self._fd, deadline)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._lock.release()

    def _flock(self, fd: int, deadline: float) -> None:
        """Take the cross-process lock before ``deadline``. ``flock`` cannot time out, so
        a busy lock is polled; only another process's write waits here (this process's
        threads queue on the thread lock), and our writes last milliseconds."""
        pause = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise self._busy() from None
                time.sleep(pause)
                pause = min(pause * 2, 0.01)

    def _busy(self) -> DatabaseBusy:
        return DatabaseBusy(
            f"the database is busy: another writer held it for more than {self.timeout:g} s"
        )

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _on_sqlite_connect(dbapi_connection: Any, timeout: float) -> None:
    # SQLAlchemy emits BEGIN itself (below); the driver's own legacy handling would
    # skip it before SELECT and DDL and so break isolation and transactional DDL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        _enable_wal(cursor, timeout)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _enable_wal(cursor: Any, timeout: float) -> None:
    """Switch to WAL, retrying while another connection holds the database.

    Switching the journal mode can report "database is locked" at once, without
    waiting through the busy timeout, when several processes open a new database
    together; so we wait here ourselves. Once in WAL the switch is a no-op.
    """
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            if code not in (_SQLITE_BUSY, _SQLITE_LOCKED):
                raise
            if time.monotonic() > deadline:
                raise DatabaseBusy(
                    f"the database is busy: it stayed locked for more than {timeout:g} s"
                ) from error
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _on_sqlite_begin(connection: Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    # Straight to the driver: SQLAlchemy's own execution path costs more than the
    # statement, and this runs once per transaction.
    try:
        connection.connection.driver_connection.execute(f"BEGIN {mode}")  # type: ignore[union-attr]
    except sqlite3.OperationalError as error:
        # Raised here, in an event, the driver's error is not wrapped by SQLAlchemy.
        if is_busy_error(error):
            raise DatabaseBusy(
                "the database is busy: another program has held its write lock for longer "
                "than the store waits"
            ) from error
        raise


def is_busy_error(error: BaseException) -> bool:
    """Whether a driver error means "locked by someone else, try again": SQLite's
    BUSY/LOCKED, PostgreSQL's lock_not_available (``lock_timeout``) and
    query_canceled (``statement_timeout``)."""
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        return code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in str(error)
    return getattr(error, "sqlstate", None) in ("55P03", "57014")
