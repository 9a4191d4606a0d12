"""Run learner code in a forked, limited, isolated child and bring back plain data.

The child computes; the parent judges. A :class:`Sandbox` keeps warm workers that have
already imported NumPy and SciPy; each job forks a child that applies every available
protection, runs the learner's module and the requested calls, and writes plain data
back. This module turns what comes back into a :class:`JobResult` and never trusts it
as anything but data.

>>> with Sandbox(workers=1) as box:                                    # doctest: +SKIP
...     box.run(Job("def f(x): return 2 * x", (Call("a", "f", (21,)),))).calls[0].value
42
"""

from __future__ import annotations

import logging
import marshal
import os
import pickle
import shutil
import signal
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from mathforml.grading import _plain
from mathforml.grading._pool import WorkerDied, WorkerPool, hidden_paths, python_roots, read_paths

__all__ = [
    "Call",
    "CallResult",
    "ErrorInfo",
    "Job",
    "JobResult",
    "Limits",
    "Outcome",
    "Sandbox",
    "default_sandbox",
]

log = logging.getLogger("mathforml.grading")
Outcome = Literal["ok", "error", "timeout", "memory", "forbidden", "output", "crashed"]
TRUNCATED = "\n[output truncated: the submission printed more than {limit} bytes]"
_HEADER = struct.Struct("!I")


@dataclass(frozen=True)
class Call:
    """One function call the child makes on the learner's module namespace."""

    id: str
    function: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """The learner's code, the calls to make, and the module-level names to return."""

    source: str
    calls: tuple[Call, ...] = ()
    variables: tuple[str, ...] = ()
    modules: dict[str, str] = field(default_factory=dict)
    forbidden: tuple[str, ...] = ()
    filename: str = "submission.py"


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float = 2.0
    wall_seconds: float = 5.0
    memory_bytes: int = 1 << 30
    output_bytes: int = 64 * 1024
    file_bytes: int = 16 << 20
    processes: int = 1
    open_files: int = 64
    result_bytes: int = 8 << 20

    def as_plain(self) -> dict[str, Any]:
        return {
            "cpu_seconds": max(1, int(-(-self.cpu_seconds // 1))),
            "wall_seconds": float(self.wall_seconds),
            "memory_bytes": int(self.memory_bytes),
            "output_bytes": int(self.output_bytes),
            "file_bytes": int(self.file_bytes),
            "processes": int(self.processes),
            "open_files": max(16, int(self.open_files)),
            "result_bytes": int(self.result_bytes),
        }


@dataclass(frozen=True)
class ErrorInfo:
    type: str
    message: str
    traceback: str


@dataclass(frozen=True)
class CallResult:
    id: str
    ok: bool
    value: Any | None
    error: ErrorInfo | None


@dataclass(frozen=True)
class JobResult:
    outcome: Outcome
    calls: tuple[CallResult, ...] = ()
    variables: dict[str, Any] = field(default_factory=dict)
    stdout: str = ""
    error: ErrorInfo | None = None
    detail: str = ""
    elapsed_ms: float = 0.0
    #: Remarks for the learner that the child made while running (a NumPy 1 spelling
    #: that ran as its NumPy 2 equivalent): shown, never scored.
    notes: tuple[str, ...] = ()


#: Bounds on the child's notes: it writes one per spelling it honoured; more, or
#: longer, would be learner code writing frames of its own.
MAX_NOTES = 20
MAX_NOTE_CHARS = 400


class _Corrupt(ValueError):
    pass


def _error_info(doc: Any) -> ErrorInfo:
    if type(doc) is not dict or not all(type(doc.get(k)) is str for k in ErrorInfo.__annotations__):
        raise _Corrupt("malformed error record")
    return ErrorInfo(doc["type"], doc["message"], doc["traceback"])


def _frames(data: bytes, nonce: str, max_bytes: int) -> list[dict[str, Any]]:
    frames, pos = [], 0
    while pos < len(data):
        if pos + _HEADER.size > len(data):
            raise _Corrupt("a truncated frame header")
        (size,) = _HEADER.unpack_from(data, pos)
        body = data[pos + _HEADER.size : pos + _HEADER.size + size]
        if len(body) != size:
            raise _Corrupt("a truncated frame")
        pos += _HEADER.size + size
        try:
            doc = _plain.decode(body, max_bytes=max_bytes)
        except _plain.PlainDataError as exc:
            raise _Corrupt(str(exc)) from None
        if type(doc) is not dict or doc.get("nonce") != nonce or type(doc.get("kind")) is not str:
            raise _Corrupt("a frame that the sandbox did not write")
        frames.append(doc)
    return frames


_SIGNAL_NAMES = {int(s): s.name for s in signal.Signals}


def _judge(reply: Any, job: Job, nonce: str, limits: Limits, elapsed_ms: float) -> JobResult:
    h = reply.header
    stdout = reply.stdout[: limits.output_bytes].decode("utf-8", "replace")
    if h.get("output_exceeded"):
        stdout += TRUNCATED.format(limit=limits.output_bytes)

    notes: list[str] = []

    def result(outcome: Outcome, detail: str, **kw: Any) -> JobResult:
        return JobResult(
            outcome, stdout=stdout, detail=detail, elapsed_ms=elapsed_ms, notes=tuple(notes), **kw
        )

    if h.get("timed_out") or h.get("cpu_exceeded") or h.get("signal") == signal.SIGXCPU:
        return result(
            "timeout",
            f"the submission ran past its limit of {limits.cpu_seconds:g} s "
            f"of CPU time or {limits.wall_seconds:g} s of wall-clock time",
        )
    if h.get("output_exceeded"):
        return result("output", f"the submission printed more than {limits.output_bytes} bytes")
    if h.get("result_exceeded"):
        return result("output", f"the results were larger than {limits.result_bytes} bytes")
    try:
        frames = _frames(reply.results, nonce, limits.result_bytes)
    except _Corrupt as exc:
        return result("crashed", f"the result stream was not the sandbox's own ({exc})")
    calls: list[CallResult] = []
    variables: dict[str, Any] = {}
    forbidden: list[str] = []
    memory = done = False
    imported: dict[str, Any] | None = None
    try:
        for f in frames:
            kind = f["kind"]
            if kind == "setup_failed":
                return result(
                    "crashed", f"the sandbox could not set up the child: {f.get('message')}"
                )
            if kind == "forbidden":
                name = f.get("name")
                if type(name) is str and name not in forbidden:
                    forbidden.append(name)
            elif kind == "memory":
                memory = True
            elif kind == "import" and imported is None:
                imported = f
            elif kind == "call" and type(f.get("id")) is str and type(f.get("ok")) is bool:
                error = None if f["ok"] else _error_info(f.get("error"))
                calls.append(
                    CallResult(f["id"], f["ok"], f.get("value") if f["ok"] else None, error)
                )
            elif kind == "variables" and type(f.get("values")) is dict:
                variables = f["values"]
            elif kind == "done":
                done = True
            elif kind == "note" and type(f.get("text")) is str:
                text = f["text"][:MAX_NOTE_CHARS]
                if text not in notes and len(notes) < MAX_NOTES:
                    notes.append(text)
            else:
                raise _Corrupt(f"an unexpected {kind!r} frame")
    except _Corrupt as exc:
        return result("crashed", f"the result stream was not the sandbox's own ({exc})")
    import_error = None
    if imported is not None and not imported.get("ok"):
        try:
            import_error = _error_info(imported.get("error"))
        except _Corrupt as exc:
            return result("crashed", f"the result stream was not the sandbox's own ({exc})")
    kw = {"calls": tuple(calls), "variables": variables, "error": import_error}
    if forbidden:
        names = ", ".join(forbidden)
        return result(
            "forbidden", f"the submission called {names}, which this assignment forbids", **kw
        )
    if memory:
        return result(
            "memory", f"the submission ran out of memory (limit {limits.memory_bytes} bytes)", **kw
        )
    if h.get("signal") is not None:
        name = _SIGNAL_NAMES.get(h["signal"], str(h["signal"]))
        cpu = h.get("cpu_seconds")
        used = f" after {cpu:.2f} s of CPU" if isinstance(cpu, float) else ""
        return result("crashed", f"the submission's process was killed by {name}{used}", **kw)
    if import_error is not None and h.get("code") == 0:
        return result("error", "the submission raised an error while loading", **kw)
    if imported is None or not done or h.get("code") != 0:
        return result(
            "crashed", f"the submission's process ended early (exit status {h.get('code')})", **kw
        )
    if len(calls) != len(job.calls) or [c.id for c in calls] != [c.id for c in job.calls]:
        return result("crashed", "the calls reported do not match the calls made", **kw)
    return result("ok", "", **kw)


def _job_route(job: Job, limits: Limits, nonce: str) -> dict[str, Any]:
    """What the worker reads of a job: enough to fork, watch and bound the child."""
    return {"forbidden": list(job.forbidden), "limits": limits.as_plain(), "nonce": nonce}


def _compiled(source: str, filename: str) -> bytes | None:
    """The module compiled here, marshalled for the child, which then skips the
    compiler (a millisecond of a cold process). ``None`` when it does not compile: the
    child compiles it again and reports the error as the learner's own."""
    try:
        code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    except (SyntaxError, ValueError, OverflowError, RecursionError, MemoryError):
        return None
    return marshal.dumps(code)


def _job_payload(job: Job, limits: Limits, nonce: str) -> bytes:
    """The job as the child reads it.

    Pickle, in this direction only: the bytes are made here, by the trusted parent,
    from values it built itself, and the worker hands them on unread; the child
    unpickles them before any learner code runs. What comes back is plain data.
    """
    document = {
        "source": job.source,
        "code": _compiled(job.source, job.filename),
        "filename": job.filename,
        "modules": dict(job.modules),
        "module_code": {
            name: _compiled(text, f"{name}.py") for name, text in job.modules.items()
        },
        "forbidden": list(job.forbidden),
        "variables": list(job.variables),
        "calls": [
            {
                "id": c.id,
                "function": c.function,
                "args": _plain.normalize(list(c.args)),
                "kwargs": _plain.normalize(dict(c.kwargs)),
            }
            for c in job.calls
        ],
        "limits": limits.as_plain(),
        "nonce": nonce,
    }
    return pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)


#: What a worker imports before any job when its caller does not say: everything the
#: course's assignments use, for a long-lived server. A one-job caller (``mathforml
#: grade``) names only what its assignment declares; anything else a learner imports
#: is loaded in the child, within the job's limits.
PRELOAD_ALL = (
    "numpy",
    "scipy",
    "scipy.linalg",
    "scipy.sparse.linalg",
    "scipy.stats",
    "matplotlib",
    "pandas",
)


class Sandbox:
    """A pool of warm workers (one per core by default); :meth:`run` is thread-safe.

    ``preload`` names the modules each worker imports before any job (its children
    inherit them); ``forbidden_hint`` names forbidden functions to locate once, at
    start-up, rather than in the first job that forbids them. With ``wait=False`` the
    workers start in the background and the first job waits for them.
    """

    def __init__(
        self,
        *,
        workers: int | None = None,
        limits: Limits | None = None,
        preload: tuple[str, ...] = PRELOAD_ALL,
        forbidden_hint: tuple[str, ...] = (),
        wait: bool = True,
    ) -> None:
        self.limits = limits or Limits()
        size = workers if workers is not None else max(1, len(os.sched_getaffinity(0)))
        config = {
            "preload": list(dict.fromkeys(("numpy", *preload))),
            "forbidden_hint": list(forbidden_hint),
            "python_roots": python_roots(),
            "read_paths": read_paths(),
            "read_paths_for_uid": python_roots(),
            "hide": hidden_paths(),
            "scratch_bytes": max(4 * self.limits.file_bytes, 64 << 20),
            "env": _child_env(),
            "probe_limits": Limits().as_plain(),
        }
        self._pool = WorkerPool(size, config, wait=wait)
        self._described: dict[str, str] | None = None
        self._service: Any = None
        if wait:
            log.info("sandbox protections: %s", self.protections())

    @staticmethod
    def _describe(hello: dict[str, Any]) -> dict[str, str]:
        report = dict(hello.get("protections", {}))
        report["wall_clock"] = "active"
        report["output_cap"] = "active"
        report["environment"] = "active"
        if shutil.which("bwrap"):
            report["bubblewrap"] = (
                "unavailable: installed but not used (seccomp, Landlock and namespaces "
                "are applied directly)"
            )
        else:
            report["bubblewrap"] = (
                "unavailable: bwrap is not installed (apt install bubblewrap); not used"
            )
        return dict(sorted(report.items()))

    @classmethod
    def connect(cls, path: str, *, limits: Limits | None = None) -> Sandbox:
        """A sandbox whose jobs go to the pool another process serves at ``path``
        (see :meth:`share`): one pool for all of a server's processes."""
        from mathforml.grading._service import PoolClient

        box = cls.__new__(cls)
        box.limits = limits or Limits()
        box._pool = PoolClient(path)  # type: ignore[assignment]
        box._described = None
        box._service = None
        return box

    def share(self) -> str:
        """Serve this sandbox's pool to the server's other processes; returns the
        socket's path, which they pass to :meth:`connect`."""
        from mathforml.grading._service import PoolService

        if self._service is None:
            self._service = PoolService(self._pool)  # type: ignore[arg-type]
        return self._service.path

    def protections(self) -> dict[str, str]:
        """Protection name -> "active" or "unavailable: reason"."""
        if self._described is None:
            self._described = self._describe(self._pool.hello)
        return dict(self._described)

    def notes(self) -> dict[str, str]:
        """How an active protection is achieved on this machine, where that varies."""
        return dict(self._pool.hello.get("notes", {}))

    def processes(self) -> list[dict[str, Any]]:
        """Per worker: its pid, its zygote's, the waiting spare child's and the
        running children's (for ``doctor`` and the security tests)."""
        return self._pool.ask_all({"type": "status"})

    def prove_zygote(self) -> dict[str, Any]:
        """Run a job carrying a random marker, then search the zygote's and the next
        spare child's writable memory for it: the proof that a child never starts
        with an earlier job's bytes. Needs the right to read those processes' memory
        (root, or the same uid where ptrace is allowed)."""
        marker = os.urandom(24).hex()
        job = Job(
            f"SECRET = {marker!r}\ndef f(x):\n    return len(x + SECRET)\n",
            (Call("probe", "f", (marker,)),),
        )
        result = self.run(job)
        if result.outcome != "ok":
            return {"error": f"the marker job did not run: {result.outcome} {result.detail}"}
        answers = self._pool.ask_all({"type": "scan", "marker": marker.encode().hex()})
        errors = [a["error"] for a in answers if a.get("error")]
        if errors:
            return {"error": errors[0]}
        return {
            "scanned_bytes": sum(int(a.get("scanned_bytes", 0)) for a in answers),
            "found_in": [where for a in answers for where in a.get("found_in", [])],
        }

    def run(self, job: Job, *, limits: Limits | None = None) -> JobResult:
        limits = limits or self.limits
        nonce = os.urandom(16).hex()
        started = time.perf_counter()
        try:
            # Arguments that are not plain data fail here, in the caller's thread.
            payload = _job_payload(job, limits, nonce)
        except _plain.PlainDataError as exc:
            raise ValueError(f"job arguments must be plain data: {exc}") from exc
        route = _job_route(job, limits, nonce)
        try:
            reply = self._pool.run(route, payload, wall_seconds=limits.wall_seconds)
        except WorkerDied as exc:
            elapsed = (time.perf_counter() - started) * 1000
            outcome: Outcome = "timeout" if "stopped answering" in str(exc) else "crashed"
            return JobResult(outcome, detail=str(exc), elapsed_ms=elapsed)
        return _judge(reply, job, nonce, limits, (time.perf_counter() - started) * 1000)

    def close(self) -> None:
        if self._service is not None:
            self._service.close()  # closes the pool too
        else:
            self._pool.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child_env() -> dict[str, str]:
    from mathforml.grading._pool import CHILD_ENV

    return dict(CHILD_ENV)


_default: Sandbox | None = None
_default_lock = threading.Lock()


def default_sandbox() -> Sandbox:
    """The process-wide sandbox, started on first use and closed at exit; in a
    server process whose supervisor shares its pool (``$MATHFORML_SANDBOX_SOCKET``),
    a connection to that pool."""
    global _default
    with _default_lock:
        if _default is None:
            import atexit

            from mathforml.grading._service import SOCKET_ENV

            shared = os.environ.get(SOCKET_ENV)
            _default = Sandbox.connect(shared) if shared else Sandbox()
            atexit.register(_default.close)
        return _default
