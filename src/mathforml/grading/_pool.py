"""The parent's side of the warm workers: start them, send jobs, relay replies, and
replace any worker that dies or stops answering.

A worker runs ``_child_runtime.py`` and may run several children at once; the parent
bounds how many it sends to each, and keeps a wall-clock backstop of its own in case a
worker itself hangs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mathforml.grading import _plain

__all__ = ["Reply", "WorkerDied", "WorkerPool"]

RUNTIME = Path(__file__).with_name("_child_runtime.py")
START_TIMEOUT_S = 60.0
BACKSTOP_S = 3.0  # beyond the job's own wall limit, before the parent kills the worker
_HEADER = struct.Struct("!I")
_REPLY = struct.Struct("!III")
#: After the configuration, each message is a small plain-data route (what the worker
#: needs to run the job) and the job itself, which the worker passes on unread.
_MESSAGE = struct.Struct("!II")
_MAX_HEADER = 1 << 16
CHILD_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
    "PYTHONDONTWRITEBYTECODE": "1",
}


class WorkerDied(RuntimeError):
    """A worker exited or stopped answering; the job it held gets outcome "crashed"."""


@dataclass
class Reply:
    header: dict[str, Any]
    stdout: bytes
    results: bytes


@dataclass
class _Pending:
    event: threading.Event = field(default_factory=threading.Event)
    reply: Reply | None = None
    error: str | None = None


def _read_exact(stream: Any, n: int) -> bytes:
    data = stream.read(n)
    if data is None or len(data) != n:
        raise EOFError
    return bytes(data)


def python_roots() -> list[str]:
    roots = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    roots.add(os.path.realpath(os.path.dirname(os.path.dirname(sys.executable))))
    return sorted(roots)


def hidden_paths() -> list[str]:
    """The project's own code (and its tests next to it in a checkout)."""
    package = Path(__file__).resolve().parents[1]
    paths = [str(package)]
    root = package.parent.parent
    if package.parent.name == "src" and (root / "tests").is_dir():
        paths.append(str(root / "tests"))
    return paths


def read_paths() -> list[str]:
    """What a child may read: the interpreter, its libraries, and little else."""
    paths = set(python_roots())
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else ""
        if real and os.path.isdir(real) and any(real.startswith(r) for r in python_roots()):
            paths.add(real)
    paths.update(
        [
            "/usr",
            "/lib",
            "/lib64",
            "/etc/ld.so.cache",
            "/dev/null",
            "/dev/zero",
            "/dev/urandom",
            "/dev/random",
        ]
    )
    hidden = hidden_paths()
    return sorted(p for p in paths if not any(p.startswith(h) for h in hidden))


class _Worker:
    def __init__(self, config: dict[str, Any]) -> None:
        self.scratch = tempfile.mkdtemp(prefix="mathforml-sandbox-")
        cfg = dict(config, scratch_dir=self.scratch)
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(RUNTIME)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=CHILD_ENV,
            # Its own process group (so killpg reaches its children), but not its own
            # session: with autogroup scheduling a session is a scheduling group, and
            # nice values only count within one. In the server's session, a runaway
            # child at nice 19 really does yield to everything else.
            process_group=0,
            close_fds=True,
            cwd="/",
        )
        self.lock = threading.Lock()
        self.pending: dict[str, _Pending] = {}
        self.alive = True
        self.hello: dict[str, Any] = {}
        self._send(cfg)

    def _send(self, doc: Any) -> None:
        body = _plain.encode(doc)
        assert self.proc.stdin is not None
        self.proc.stdin.write(_HEADER.pack(len(body)) + body)
        self.proc.stdin.flush()

    def _send_message(self, route: dict[str, Any], payload: bytes = b"") -> None:
        body = _plain.encode(route)
        assert self.proc.stdin is not None
        self.proc.stdin.write(_MESSAGE.pack(len(body), len(payload)) + body + payload)
        self.proc.stdin.flush()

    def wait_ready(self) -> None:
        assert self.proc.stdout is not None
        try:
            (size,) = _HEADER.unpack(_read_exact(self.proc.stdout, _HEADER.size))
            self.hello = _plain.decode(_read_exact(self.proc.stdout, size), max_bytes=_MAX_HEADER)
        except (EOFError, _plain.PlainDataError) as exc:
            self.kill()
            raise WorkerDied(f"the sandbox worker failed to start ({exc!r})") from None
        threading.Thread(target=self._reader, name="mathforml-sandbox-reader", daemon=True).start()

    def _reader(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        try:
            while True:
                sizes = _REPLY.unpack(_read_exact(stream, _REPLY.size))
                if sizes[0] > _MAX_HEADER:
                    raise EOFError
                header = _plain.decode(_read_exact(stream, sizes[0]), max_bytes=_MAX_HEADER)
                out = _read_exact(stream, sizes[1])
                res = _read_exact(stream, sizes[2])
                with self.lock:
                    pending = self.pending.pop(str(header.get("id")), None)
                if pending is not None:
                    pending.reply = Reply(header, out, res)
                    pending.event.set()
        except (EOFError, OSError, ValueError, _plain.PlainDataError):
            pass
        self._fail_all("the sandbox worker died")

    def _fail_all(self, reason: str) -> None:
        with self.lock:
            self.alive = False
            pending, self.pending = self.pending, {}
        for item in pending.values():
            item.error = reason
            item.event.set()

    def submit(self, job_id: str, route: dict[str, Any], payload: bytes) -> _Pending:
        pending = _Pending()
        with self.lock:
            if not self.alive:
                raise WorkerDied("the sandbox worker is gone")
            self.pending[job_id] = pending
            try:
                self._send_message({"type": "job", **route, "id": job_id}, payload)
            except (OSError, ValueError):
                self.pending.pop(job_id, None)
                self.alive = False
                raise WorkerDied("the sandbox worker is gone") from None
        return pending

    def ask(self, job_id: str, message: dict[str, Any], *, timeout: float = 30.0) -> dict[str, Any]:
        """A question the worker answers itself (``status``, ``scan``): its header."""
        pending = self.submit(job_id, message, b"")
        if not pending.event.wait(timeout) or pending.reply is None:
            raise WorkerDied(pending.error or "the sandbox worker did not answer")
        return pending.reply.header

    def load(self) -> int:
        with self.lock:
            return len(self.pending)

    def kill(self) -> None:
        self.alive = False
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()  # type: ignore[union-attr]
        self._fail_all("the sandbox worker was stopped")
        with contextlib.suppress(OSError):
            os.rmdir(self.scratch)  # empty on the host: the tmpfs lived in the worker's namespace

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError), self.lock:
            self._send_message({"type": "shutdown"})
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)
        self.kill()


class WorkerPool:
    """``size`` warm workers; each takes up to ``per_worker`` jobs at once."""

    def __init__(
        self, size: int, config: dict[str, Any], *, per_worker: int = 4, wait: bool = True
    ) -> None:
        """Start ``size`` workers; with ``wait=False`` return at once and let the
        first use wait for them, so that a caller's own work overlaps their start."""
        self.config = config
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(size * per_worker)
        self.counter = 0
        self.closed = False
        self.ready = False
        self.workers = [_Worker(config) for _ in range(size)]
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        with self.lock:
            if self.ready:
                return
            try:
                for worker in self.workers:
                    if not worker.hello:
                        worker.wait_ready()
            except WorkerDied:
                for worker in self.workers:
                    worker.kill()
                raise
            self.ready = True

    @property
    def hello(self) -> dict[str, Any]:
        self.wait_ready()
        return self.workers[0].hello

    def _pick(self) -> _Worker:
        self.wait_ready()
        with self.lock:
            if self.closed:
                raise RuntimeError("the sandbox is closed")
            for i, worker in enumerate(self.workers):
                if not worker.alive:
                    worker.kill()
                    fresh = _Worker(self.config)
                    fresh.wait_ready()
                    self.workers[i] = fresh
            return min(self.workers, key=_Worker.load)

    def run(self, route: dict[str, Any], payload: bytes, *, wall_seconds: float) -> Reply:
        """Run one job: ``route`` (limits, forbidden names, nonce) is read by the
        worker, ``payload`` (the pickled job, see ``sandbox._job_payload``) only by
        the child."""
        with self.slots:
            worker = self._pick()
            with self.lock:
                self.counter += 1
                job_id = str(self.counter)
            pending = worker.submit(job_id, route, payload)
            if not pending.event.wait(wall_seconds + BACKSTOP_S):
                worker.kill()  # the worker itself is stuck: replace it
                raise WorkerDied("the sandbox worker stopped answering and was replaced")
            if pending.reply is None:
                raise WorkerDied(pending.error or "the sandbox worker died")
            return pending.reply

    def ask_all(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """Ask every worker the same question (see ``_Worker.ask``)."""
        with self.lock:
            workers = list(self.workers)
        answers = []
        for worker in workers:
            with self.lock:
                self.counter += 1
                job_id = str(self.counter)
            answers.append(worker.ask(job_id, message))
        return answers

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.workers = self.workers, []
        for worker in workers:
            worker.close()
