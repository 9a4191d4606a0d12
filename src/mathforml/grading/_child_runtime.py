"""The sandbox's warm worker and the child it forks for every job.

Run as a script (``python -I _child_runtime.py``) by ``_pool``; never imported. It
imports only the standard library, NumPy, SciPy (and Matplotlib/pandas when present),
and loads its sibling helper files (``_plain``, ``_limits``, ``_landlock``,
``_seccomp``, ``_netns``) by path, so that nothing here imports ``mathforml``.

Protocol with the parent, over the worker's stdin/stdout: every message is a 4-byte
big-endian length and a ``_plain`` document. The worker answers each job with a header
document and two raw byte strings: the child's captured output and its result frames.
The worker trusts nothing that the child writes: it only bounds, times and relays it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import linecache
import marshal
import os
import pickle
import selectors
import shutil
import signal
import struct
import sys
import tempfile
import time
import traceback
import types
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
RESULT_FD = 3
#: Where a pre-forked child reads its job from.
JOB_FD = 4
NOBODY = 65534
#: A job that has used this much CPU yields to fresh jobs (nice 19): a correct
#: submission needs far less, so only runaways are demoted. CPU, not wall time: under
#: load a good job waits for a CPU, and demoting it for waiting would make it slower.
RENICE_AFTER_CPU_S = 0.04
#: How often the CPU use of running jobs is looked at.
RENICE_CHECK_S = 0.01
_HEADER = struct.Struct("!I")
_REPLY = struct.Struct("!III")
#: A message from the parent: a plain-data route for the worker, then the pickled job
#: for the child, which the worker passes on unread (see ``sandbox._job_payload``).
_MESSAGE = struct.Struct("!II")


def _load(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"_mfml_sandbox{name}", os.path.join(HERE, f"{name}.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


plain = _load("_plain")
limits_mod = _load("_limits")
landlock = _load("_landlock")
seccomp = _load("_seccomp")
netns = _load("_netns")


# ----------------------------------------------------------------------------- I/O
def _read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _send(fd: int, doc: Any, *extra: bytes) -> None:
    body = plain.encode(doc)
    if extra:
        _write_all(fd, _REPLY.pack(len(body), *(len(e) for e in extra)) + body + b"".join(extra))
    else:
        _write_all(fd, _HEADER.pack(len(body)) + body)


# --------------------------------------------------------------------------- the child
class ForbiddenCall(BaseException):
    """Raised when the learner calls something the assignment forbids.

    A BaseException, so that ``except Exception`` in learner code does not swallow it;
    the violation is reported to the parent before it is raised, so catching it
    anyway changes nothing.
    """


#: Where each forbidden function can be reached, found once per worker. Finding them
#: means walking every module's namespace; doing that in each forked child would
#: touch (and so copy) thousands of pages per job.
_FORBID_SITES: dict[str, tuple[Any, str, Any, list[tuple[Any, str]]] | None] = {}


def forbid_sites(dotted: str) -> tuple[Any, str, Any, list[tuple[Any, str]]] | None:
    """``(owner, attribute, original, aliases)`` for a dotted name such as
    ``numpy.linalg.solve``, where ``aliases`` lists every ``(module, name)`` in the
    same package bound to the original; ``None`` when it does not exist."""
    if dotted in _FORBID_SITES:
        return _FORBID_SITES[dotted]
    name = "numpy." + dotted[3:] if dotted.startswith("np.") else dotted
    parts = name.split(".")
    module, owner_index = None, 0
    for i in range(len(parts) - 1, 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        owner_index = i
        break
    found = None
    if module is not None:
        owner: Any = module
        for part in parts[owner_index:-1]:
            owner = getattr(owner, part, None)
        original = getattr(owner, parts[-1], None)
        if original is not None:
            top = parts[0] + "."
            aliases = [
                (mod, attr)
                for mod_name, mod in list(sys.modules.items())
                if mod is not None and (mod_name == parts[0] or mod_name.startswith(top))
                for attr, value in list(getattr(mod, "__dict__", {}).items())
                if value is original
            ]
            found = (owner, parts[-1], original, aliases)
    _FORBID_SITES[dotted] = found
    return found


def _code(compiled: bytes | None, source: str, filename: str) -> types.CodeType:
    """The parent's compilation of ``source`` when it had one, else our own (which
    raises the learner's SyntaxError)."""
    if compiled is not None:
        return marshal.loads(compiled)  # noqa: S302 - made by the trusted parent
    return compile(source, filename, "exec", dont_inherit=True, optimize=0)


class _Child:
    def __init__(self, job: dict[str, Any], nonce: str) -> None:
        self.job = job
        self.nonce = nonce
        self.write = os.write  # kept before learner code can patch ``os``
        self.learner_files = {job["filename"], *(f"{name}.py" for name in job["modules"])}

    def frame(self, kind: str, **fields: Any) -> None:
        body = plain.encode({"nonce": self.nonce, "kind": kind, **fields})
        data = _HEADER.pack(len(body)) + body
        view = memoryview(data)
        while view:
            view = view[self.write(RESULT_FD, view) :]

    def error_info(self, exc: BaseException) -> dict[str, str]:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename in self.learner_files
        ]
        lines = traceback.format_list(frames)
        if isinstance(exc, SyntaxError) and exc.filename in self.learner_files:
            lines.append(f'  File "{exc.filename}", line {exc.lineno}\n')
            if exc.text:
                lines.append(f"    {exc.text.strip()}\n")
        try:
            message = str(exc)
        except BaseException:  # a learner's exception whose __str__ raises
            message = "<unprintable exception>"
        message = message[:2000]
        name = type(exc).__name__
        text = "Traceback (most recent call last):\n" + "".join(lines) + f"{name}: {message}"
        return {"type": name, "message": message, "traceback": text[:20000]}

    def forbid(self, dotted: str) -> None:
        sites = forbid_sites(dotted)
        if sites is None:
            return
        owner, attr, original, aliases = sites
        child = self

        def forbidden(*args: Any, **kwargs: Any) -> Any:
            child.frame("forbidden", name=dotted)
            raise ForbiddenCall(f"{dotted} is not allowed in this assignment")

        forbidden.__name__ = getattr(original, "__name__", attr)
        forbidden.__doc__ = f"{dotted} is not allowed in this assignment."
        for module, name in aliases:
            setattr(module, name, forbidden)
        with contextlib.suppress(AttributeError, TypeError):
            setattr(owner, attr, forbidden)

    def run(self) -> None:
        job = self.job
        for name, source in job["modules"].items():
            linecache.cache[f"{name}.py"] = (
                len(source),
                None,
                source.splitlines(True),
                f"{name}.py",
            )
            module = types.ModuleType(name)
            module.__file__ = f"{name}.py"
            sys.modules[name] = module
            exec(_code(job["module_code"].get(name), source, f"{name}.py"), module.__dict__)  # noqa: S102
        for dotted in job["forbidden"]:
            self.forbid(dotted)
        filename = job["filename"]
        source = job["source"]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        module = types.ModuleType("submission")
        module.__file__ = filename
        sys.modules["submission"] = module
        try:
            code = _code(job["code"], source, filename)
            exec(code, module.__dict__)  # noqa: S102 - this is the sandbox
        except SystemExit:
            info = {
                "type": "SystemExit",
                "message": "the submission called sys.exit while loading",
                "traceback": "",
            }
            self.frame("import", ok=False, error=info)
            return
        except BaseException as exc:
            if isinstance(exc, MemoryError):
                self.frame("memory")
            self.frame("import", ok=False, error=self.error_info(exc))
            return
        self.frame("import", ok=True, error=None)
        namespace = module.__dict__
        for call in job["calls"]:
            self.run_call(namespace, call)
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name in job["variables"]:
            if name not in namespace:
                problems[name] = f"the submission does not define {name!r}"
                continue
            try:
                plain.encode(namespace[name])
                values[name] = namespace[name]
            except (plain.PlainDataError, RecursionError) as exc:
                problems[name] = f"{name!r} is not plain data: {exc}"
        self.frame("variables", values=values, problems=problems)

    def run_call(self, namespace: dict[str, Any], call: dict[str, Any]) -> None:
        fn = namespace.get(call["function"])
        if not callable(fn):
            missing = "does not define" if fn is None else "defines, but not as a function,"
            message = f"the submission {missing} {call['function']!r}"
            error = {"type": "NameError", "message": message, "traceback": ""}
            self.frame("call", id=call["id"], ok=False, value=None, error=error)
            return
        try:
            value = fn(*call["args"], **call["kwargs"])
        except SystemExit:
            error = {
                "type": "SystemExit",
                "message": "the submission called sys.exit",
                "traceback": "",
            }
            self.frame("call", id=call["id"], ok=False, value=None, error=error)
            return
        except BaseException as exc:
            if isinstance(exc, MemoryError):
                self.frame("memory")
            self.frame("call", id=call["id"], ok=False, value=None, error=self.error_info(exc))
            return
        try:
            self.frame("call", id=call["id"], ok=True, value=value, error=None)
        except (plain.PlainDataError, RecursionError) as exc:
            message = (
                f"{call['function']} returned a value that is not plain data ({exc}); "
                "return numbers, strings, lists, dicts or NumPy arrays"
            )
            error = {"type": "TypeError", "message": message, "traceback": ""}
            self.frame("call", id=call["id"], ok=False, value=None, error=error)


def _child_prepare(
    cfg: dict[str, Any],
    active: dict[str, bool],
    workdir: str,
    out_w: int,
    res_w: int,
    job_r: int,
) -> int:
    """Everything that does not depend on the job, done while the spare child waits
    for one: its streams, its directory and environment, Landlock, and the drop of
    privileges. Only the job's rlimits and seccomp remain for when the job arrives.
    Returns the address space in use, measured while /proc is still readable."""
    in_use = limits_mod.address_space_in_use()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.dup2(res_w, RESULT_FD)
    os.dup2(job_r, JOB_FD)
    os.closerange(JOB_FD + 1, 1 << 16)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    os.chdir(workdir)
    env = dict(cfg["env"])
    env.update(HOME=workdir, TMPDIR=workdir, MPLCONFIGDIR=workdir)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = workdir
    if active["landlock"]:
        landlock.restrict(cfg["read_paths"], [workdir])
    if active["uid_drop"]:
        limits_mod.drop_uid(NOBODY)  # a non-zero uid loses every capability with it
    elif active["capabilities"]:
        limits_mod.drop_capabilities()
    return in_use


def _child_arm(job: dict[str, Any], active: dict[str, bool], in_use: int) -> None:
    """The job's own limits, then seccomp, last: nothing after it needs a syscall
    that the filter refuses."""
    lim = job["limits"]
    limits_mod.apply_rlimits(
        cpu_seconds=lim["cpu_seconds"],
        memory_bytes=lim["memory_bytes"],
        file_bytes=lim["file_bytes"],
        processes=lim["processes"],
        open_files=lim["open_files"],
        in_use=in_use,
    )
    if active["seccomp"]:
        seccomp.install()


def _spare_main(
    cfg: dict[str, Any],
    active: dict[str, bool],
    workdir: str,
    out_w: int,
    res_w: int,
    job_r: int,
) -> None:
    """A pre-forked child: prepare, wait for the job on ``JOB_FD``, then run it."""
    problem, in_use = None, 0
    try:
        in_use = _child_prepare(cfg, active, workdir, out_w, res_w, job_r)
    except BaseException as exc:
        problem = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(BaseException):
            os.dup2(res_w, RESULT_FD)
            os.dup2(job_r, JOB_FD)
    del cfg
    try:
        (size,) = _HEADER.unpack(_read_exact(JOB_FD, _HEADER.size))
        # Pickle from the worker, which relays the trusted parent's bytes; nothing the
        # learner wrote has run in this process yet.
        job = pickle.loads(_read_exact(JOB_FD, size))  # noqa: S301
    except (EOFError, OSError, ValueError, pickle.UnpicklingError):
        os._exit(0)  # the worker went away before giving a job
    os.close(JOB_FD)
    child = _Child(job, job["nonce"])
    if problem is None:
        try:
            _child_arm(job, active, in_use)
        except BaseException as exc:
            problem = f"{type(exc).__name__}: {exc}"
    if problem is not None:
        with contextlib.suppress(BaseException):
            child.frame("setup_failed", message=problem)
        os._exit(70)
    del active
    exit_ = os._exit
    code = 0
    try:
        child.run()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        child.frame("done")
        # Closing every stream tells the worker the job is over now, before the
        # kernel's exit teardown of this large address space (several milliseconds).
        os.closerange(0, RESULT_FD + 1)
    except BaseException:
        code = 71
    exit_(code)


# -------------------------------------------------------------------------- the worker
def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has run, from the scheduler's own account (nanoseconds)."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as fh:
            return int(fh.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _ends_done(run: _Running) -> bool:
    """Whether the result stream is whole frames ending with this job's "done" frame."""
    data, offset, last = run.res, 0, None
    while offset + _HEADER.size <= len(data):
        (size,) = _HEADER.unpack_from(data, offset)
        if offset + _HEADER.size + size > len(data):
            return False
        last = (offset + _HEADER.size, size)
        offset += _HEADER.size + size
    if last is None or offset != len(data) or run.timed_out or run.result_exceeded:
        return False
    try:
        frame = plain.decode(bytes(data[last[0] : last[0] + last[1]]), max_bytes=last[1])
    except ValueError:
        return False
    return type(frame) is dict and frame.get("kind") == "done" and frame.get("nonce") == run.nonce


class _Running:
    def __init__(
        self,
        job_id: str,
        pid: int,
        out_r: int,
        res_r: int,
        pidfd: int,
        job: dict[str, Any],
        workdir: str,
    ) -> None:
        lim = job["limits"]
        self.job_id, self.pid, self.out_r, self.res_r, self.pidfd = job_id, pid, out_r, res_r, pidfd
        self.workdir = workdir
        self.started = time.monotonic()
        self.deadline = self.started + lim["wall_seconds"]
        self.cpu_limit = lim["cpu_seconds"]
        self.output_cap, self.result_cap = lim["output_bytes"], lim["result_bytes"]
        self.out, self.res = bytearray(), bytearray()
        self.timed_out = self.output_exceeded = self.result_exceeded = self.reniced = False
        self.nonce = job["nonce"]
        self.replied = False  # answered at its "done" frame, before the process was reaped

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


class Worker:
    def __init__(self, cfg: dict[str, Any], proto_in: int, proto_out: int) -> None:
        self.cfg = cfg
        self.proto_in, self.proto_out = proto_in, proto_out
        self.sel = selectors.DefaultSelector()
        self.running: dict[int, _Running] = {}  # by fd
        self.inbuf = bytearray()
        self.counter = 0
        self.spare: tuple[int, int, int, int, str] | None = None
        self.report: dict[str, str] = {}
        self.active: dict[str, bool] = {}
        self.scratch = cfg["scratch_dir"]

    # -- start-up: namespaces once, then detect what each child can apply
    def prepare(self) -> None:
        report, active = self.report, self.active
        root = os.geteuid() == 0
        try:
            netns.unshare_network()
            report["network"] = "active"
        except OSError as exc:
            report["network"] = f"unavailable: {exc} (needs root); network stays reachable over TCP"
        try:
            netns.private_mounts()
            netns.mount_tmpfs(self.scratch, size_bytes=self.cfg["scratch_bytes"])
            report["tmpfs"] = "active"
            for path in self.cfg["hide"]:
                with contextlib.suppress(OSError):
                    netns.hide(path)
        except OSError as exc:
            report["tmpfs"] = (
                f"unavailable: {exc}; children write to a per-job directory bounded by RLIMIT_FSIZE"
            )
        report["rlimits"] = "active"
        report["landlock"] = landlock.available()
        report["seccomp"] = seccomp.available()
        if root:
            blocker = limits_mod.uid_can_read(NOBODY, self.cfg["read_paths_for_uid"])
            report["uid_drop"] = (
                "active"
                if blocker is None
                else (
                    f"unavailable: {blocker} is not readable by uid {NOBODY}, so children "
                    "stay uid 0 with every capability dropped"
                )
            )
            report["capabilities"] = "active"
        else:
            report["uid_drop"] = (
                f"unavailable: not running as root (children keep uid {os.geteuid()})"
            )
            report["capabilities"] = "unavailable: not running as root (nothing to drop)"
        for key in ("landlock", "seccomp", "uid_drop", "capabilities"):
            active[key] = report[key] == "active"
        if active["uid_drop"]:
            os.chmod(self.scratch, 0o755)  # noqa: S103 - the job dirs inside are 0700
        if active["seccomp"]:
            seccomp.prepare()
        if active["capabilities"]:
            try:
                limits_mod.drop_bounding_set()
            except OSError as exc:
                active["capabilities"] = False
                report["capabilities"] = f"unavailable: {exc}"
        # Prove each protection in a throw-away child; one that fails is reported, not used.
        for key in ("landlock", "uid_drop", "capabilities", "seccomp"):
            if active[key]:
                error = self.probe()
                if error:
                    active[key] = False
                    report[key] = f"unavailable: failed its start-up probe: {error}"

    def probe(self) -> str | None:
        job = {
            "source": "",
            "calls": [],
            "variables": [],
            "modules": {},
            "forbidden": [],
            "filename": "submission.py",
            "nonce": "probe",
            "limits": self.cfg["probe_limits"],
        }
        header, _out, res = self.run_blocking(job)
        if header["status"] == "exited" and header["code"] == 0:
            return None
        text = res.decode("utf-8", "replace")
        return text[text.find("message") :][:300] or f"status {header}"

    def run_blocking(self, job: dict[str, Any]) -> tuple[dict[str, Any], bytes, bytes]:
        replies: list[tuple[dict[str, Any], bytes, bytes]] = []
        job = {**job, "code": None, "module_code": {}}
        self.start_job("probe", job, pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        while self.running:
            self.step(replies.append)
        return replies[0]

    # -- jobs
    def start_job(self, job_id: str, job: dict[str, Any], payload: bytes) -> None:
        """Hand ``payload`` to the waiting spare child, then fork the next spare.
        ``job`` is the route: limits, forbidden names and nonce.

        Forking a process that holds NumPy, SciPy, pandas and Matplotlib costs
        several milliseconds; doing it ahead of time takes it off the job's path.
        """
        spare = self.spare if self.spare is not None else self.fork_spare(job)
        self.spare = None
        pid, out_r, res_r, job_w, workdir = spare
        # If the spare died while waiting, its exit is reported like any other child's.
        with contextlib.suppress(OSError):
            _write_all(job_w, _HEADER.pack(len(payload)) + payload)
        os.close(job_w)
        os.set_blocking(out_r, False)
        os.set_blocking(res_r, False)
        pidfd = os.pidfd_open(pid)
        run = _Running(job_id, pid, out_r, res_r, pidfd, job, workdir)
        for fd in (out_r, res_r, pidfd):
            self.running[fd] = run
            # The run rides along with the registration: fd numbers are reused as soon
            # as a finished job's pipes close, possibly within one select() batch.
            self.sel.register(fd, selectors.EVENT_READ, run)
        self.spare = self.fork_spare(job)

    def fork_spare(self, like: dict[str, Any]) -> tuple[int, int, int, int, str]:
        """Fork a child that waits for its job on a pipe. ``like`` is the latest
        job: its forbidden names are located first, so the spare inherits them."""
        self.counter += 1
        workdir = os.path.join(self.scratch, f"job{self.counter}")
        os.mkdir(workdir, 0o700)
        if self.active.get("uid_drop"):
            os.chown(workdir, NOBODY, NOBODY)
        for dotted in like.get("forbidden", ()):
            forbid_sites(dotted)  # found here once, so children only rebind names
        out_r, out_w = os.pipe2(os.O_CLOEXEC)
        res_r, res_w = os.pipe2(os.O_CLOEXEC)
        job_r, job_w = os.pipe2(os.O_CLOEXEC)
        pid = os.fork()
        if pid == 0:  # the child: get ready, wait for the job, then run it
            try:
                os.close(job_w)
                _spare_main(self.cfg, self.active, workdir, out_w, res_w, job_r)
            finally:
                os._exit(72)
        os.close(out_w)
        os.close(res_w)
        os.close(job_r)
        return pid, out_r, res_r, job_w, workdir

    def drain(self, run: _Running, fd: int) -> None:
        buf, cap = (run.out, run.output_cap) if fd == run.out_r else (run.res, run.result_cap)
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                self.sel.unregister(fd)
                del self.running[fd]
                os.close(fd)
                return
            room = cap + 1 - len(buf)
            buf += chunk[: max(room, 0)]
            if len(buf) > cap:
                if fd == run.out_r:
                    run.output_exceeded = True
                else:
                    run.result_exceeded = True
                run.kill()
                return

    def finish(self, run: _Running, reply: Any) -> None:
        for fd in (run.out_r, run.res_r):
            # Only fds this run still owns: a number closed at EOF may already belong
            # to another job's pipe.
            if self.running.get(fd) is run:
                os.set_blocking(fd, False)
                self.drain(run, fd)
                if self.running.get(fd) is run:  # the child is gone: what is left is all
                    self.sel.unregister(fd)
                    del self.running[fd]
                    os.close(fd)
        self.sel.unregister(run.pidfd)
        del self.running[run.pidfd]
        os.close(run.pidfd)
        _, status, usage = os.wait4(run.pid, 0)
        if run.replied:
            shutil.rmtree(run.workdir, ignore_errors=True)
            return
        cpu = usage.ru_utime + usage.ru_stime
        header: dict[str, Any] = {
            "id": run.job_id,
            "status": "exited" if os.WIFEXITED(status) else "signaled",
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "timed_out": run.timed_out,
            "cpu_exceeded": cpu >= run.cpu_limit,
            "cpu_seconds": cpu,
            "output_exceeded": run.output_exceeded,
            "result_exceeded": run.result_exceeded,
            "elapsed_ms": (time.monotonic() - run.started) * 1000,
        }
        shutil.rmtree(run.workdir, ignore_errors=True)
        reply((header, bytes(run.out), bytes(run.res)))

    def streams_closed(self, run: _Running) -> bool:
        return self.running.get(run.out_r) is not run and self.running.get(run.res_r) is not run

    def reply_early(self, run: _Running, reply: Any) -> None:
        """Answer for a child that wrote its "done" frame and closed its streams; it is
        reaped when it has exited. Had it failed (a signal, the CPU limit), it could
        not have written that frame, so exit status 0 is what it is about to report."""
        run.replied = True
        reply(
            (
                {
                    "id": run.job_id,
                    "status": "exited",
                    "code": 0,
                    "signal": None,
                    "timed_out": run.timed_out,
                    "cpu_exceeded": False,
                    "cpu_seconds": None,
                    "output_exceeded": run.output_exceeded,
                    "result_exceeded": run.result_exceeded,
                    "elapsed_ms": (time.monotonic() - run.started) * 1000,
                },
                bytes(run.out),
                bytes(run.res),
            )
        )

    def step(self, reply: Any) -> None:
        now = time.monotonic()
        runs = {id(r): r for r in self.running.values()}.values()
        timeout = None
        for run in runs:
            if not run.reniced:
                used = _cpu_seconds(run.pid)
                if used is None:  # no schedstat here: fall back on wall time
                    used = now - run.started
                if used >= RENICE_AFTER_CPU_S:
                    run.reniced = True
                    with contextlib.suppress(OSError):
                        os.setpriority(os.PRIO_PROCESS, run.pid, 19)
                else:
                    timeout = RENICE_CHECK_S if timeout is None else min(timeout, RENICE_CHECK_S)
            if now >= run.deadline and not run.timed_out:
                run.timed_out = True
                run.kill()
            wait = max(run.deadline - now, 0.001) if not run.timed_out else 0.5
            timeout = wait if timeout is None else min(timeout, wait)
        for key, _ in self.sel.select(timeout):
            fd = key.fd
            if fd == self.proto_in:
                self.read_parent()
                continue
            run = self.running.get(fd)
            if run is None or run is not key.data:
                continue  # a stale event for an fd closed (and maybe reused) in this batch
            if fd == run.pidfd:
                self.finish(run, reply)
            else:
                self.drain(run, fd)
                if not run.replied and self.streams_closed(run) and _ends_done(run):
                    self.reply_early(run, reply)

    def read_parent(self) -> None:
        chunk = os.read(self.proto_in, 1 << 20)
        if not chunk:
            raise SystemExit(0)
        self.inbuf += chunk
        while len(self.inbuf) >= _MESSAGE.size:
            size, payload_size = _MESSAGE.unpack_from(self.inbuf)
            end = _MESSAGE.size + size + payload_size
            if len(self.inbuf) < end:
                return
            body = bytes(self.inbuf[_MESSAGE.size : _MESSAGE.size + size])
            payload = bytes(self.inbuf[_MESSAGE.size + size : end])
            del self.inbuf[:end]
            msg = plain.decode(body, max_bytes=size)
            if msg.get("type") == "shutdown":
                raise SystemExit(0)
            self.start_job(msg["id"], msg, payload)

    def send_reply(self, item: tuple[dict[str, Any], bytes, bytes]) -> None:
        header, out, res = item
        _send(self.proto_out, header, out, res)

    def serve(self) -> None:
        self.sel.register(self.proto_in, selectors.EVENT_READ)
        while True:
            self.step(self.send_reply)


def _warm_imports() -> dict[str, str]:
    loaded = {}
    for name in (
        "numpy",
        "scipy",
        "scipy.linalg",
        "scipy.sparse.linalg",
        "scipy.stats",
        "matplotlib",
        "pandas",
    ):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        loaded[name] = getattr(module, "__version__", "")
        if name == "matplotlib":
            module.use("Agg")
            importlib.import_module("matplotlib.pyplot")
    return loaded


def _scrub_import_system(allowed_roots: list[str]) -> None:
    """Forget every import path outside the interpreter's own trees (the editable
    install's ``src`` directory above all) and the editable-install finders."""
    sys.path[:] = [
        p
        for p in sys.path
        if p and any(os.path.realpath(p).startswith(root) for root in allowed_roots)
    ]
    sys.meta_path[:] = [
        f
        for f in sys.meta_path
        if "editable" not in type(f).__module__.lower()
        and "editable" not in getattr(f, "__name__", "").lower()
    ]
    sys.path_importer_cache.clear()
    for name in [n for n in sys.modules if n == "mathforml" or n.startswith("mathforml.")]:
        del sys.modules[name]


def main() -> None:
    proto_in, proto_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    os.close(devnull)
    (size,) = _HEADER.unpack(_read_exact(proto_in, _HEADER.size))
    cfg = plain.decode(_read_exact(proto_in, size), max_bytes=size)
    versions = _warm_imports()
    _scrub_import_system(cfg["python_roots"])
    worker = Worker(cfg, proto_in, proto_out)
    worker.prepare()
    _send(
        proto_out,
        {"type": "hello", "pid": os.getpid(), "protections": worker.report, "versions": versions},
    )
    try:
        worker.serve()
    except SystemExit:
        for run in {id(r): r for r in worker.running.values()}.values():
            run.kill()
        raise


if __name__ == "__main__":
    main()
