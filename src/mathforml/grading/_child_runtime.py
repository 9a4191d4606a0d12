"""The sandbox's warm worker: it relays jobs to children and their results back.

Run as a script (``python -I _child_runtime.py``) by ``_pool``; never imported. It
imports only the standard library and what the configuration asks it to preload
(NumPy, and whatever the assignments declare), and loads its sibling helper files
(``_plain``, ``_limits``, ``_landlock``, ``_seccomp``, ``_netns``, ``_numpy1``,
``_child``, ``_zygote``) by path, so that nothing here imports ``mathforml``.

Three kinds of process: this worker, which reads each job and relays its results;
the zygote, forked from the worker at start-up before any job arrives, which forks
every child and so never holds a job's bytes; and the children, each running one
learner's job, each alone in its own PID namespace where the machine allows.

Protocol with the parent, over the worker's stdin/stdout: every message is a 4-byte
big-endian length and a ``_plain`` document. The worker answers each job with a header
document and two raw byte strings: the child's captured output and its result frames.
The worker trusts nothing that the child writes: it only bounds, times and relays it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import pickle
import re
import selectors
import shutil
import signal
import socket
import struct
import sys
import time
import types
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
NOBODY = 65534
#: A job that has used this much CPU yields to fresh jobs (nice 19): a correct
#: submission needs far less, so only runaways are demoted. CPU, not wall time: under
#: load a good job waits for a CPU, and demoting it for waiting would make it slower.
RENICE_AFTER_CPU_S = 0.02
#: A SIGKILL this worker did not send comes from the kernel at the CPU limit (the
#: child, PID 1 of its namespace, cannot be sent one from inside it): rusage's
#: account of CPU time, sampled at ticks, may read up to a few tenths under it.
CPU_SLACK = 0.75
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
    sys.modules[spec.name] = module  # the siblings find each other here
    spec.loader.exec_module(module)
    return module


plain = _load("_plain")
limits_mod = _load("_limits")
landlock = _load("_landlock")
seccomp = _load("_seccomp")
netns = _load("_netns")
numpy1 = _load("_numpy1")
child_mod = _load("_child")
zygote_mod = _load("_zygote")


# ----------------------------------------------------------------------------- I/O
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


class _Spare:
    """A child forked by the zygote, waiting for its job."""

    def __init__(self, pid: int, fds: list[int], workdir: str) -> None:
        self.pid = pid
        self.out_r, self.res_r, self.job_w, self.pidfd = fds
        self.workdir = workdir

    def discard(self) -> None:
        with contextlib.suppress(ProcessLookupError, OSError):
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        for fd in (self.out_r, self.res_r, self.job_w, self.pidfd):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.workdir, ignore_errors=True)


class _Running:
    def __init__(self, job_id: str, spare: _Spare, job: dict[str, Any]) -> None:
        lim = job["limits"]
        self.job_id, self.pid = job_id, spare.pid
        self.out_r, self.res_r, self.pidfd = spare.out_r, spare.res_r, spare.pidfd
        self.workdir = spare.workdir
        self.started = time.monotonic()
        self.deadline = self.started + lim["wall_seconds"]
        self.cpu_limit = lim["cpu_seconds"]
        self.output_cap, self.result_cap = lim["output_bytes"], lim["result_bytes"]
        self.out, self.res = bytearray(), bytearray()
        self.timed_out = self.output_exceeded = self.result_exceeded = self.reniced = False
        self.nonce = job["nonce"]
        self.replied = False  # answered at its "done" frame, before the process was reaped
        self.exited: tuple[int, float] | None = None  # (wait status, CPU seconds)

    def kill(self) -> None:
        """SIGKILL through the pidfd, which can never name a recycled pid."""
        with contextlib.suppress(ProcessLookupError, OSError):
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)


class Worker:
    def __init__(self, cfg: dict[str, Any], proto_in: int, proto_out: int) -> None:
        self.cfg = cfg
        self.proto_in, self.proto_out = proto_in, proto_out
        self.sel = selectors.DefaultSelector()
        self.running: dict[int, _Running] = {}  # by pipe fd
        self.by_pid: dict[int, _Running] = {}
        self.inbuf = bytearray()
        self.spare: _Spare | None = None
        self.spare_requested = False
        self.report: dict[str, str] = {}
        self.notes: dict[str, str] = {}  # how an active protection is achieved, where it varies
        self.active: dict[str, bool] = {}
        self.scratch = cfg["scratch_dir"]
        self.zygote: socket.socket | None = None
        self.zygote_pid = 0
        self.last_forbidden: list[str] = list(cfg.get("forbidden_hint", []))
        self.replies: list[tuple[dict[str, Any], bytes, bytes]] = []

    # -- start-up: namespaces once, then detect and prove what each child can apply
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
        report["pid_namespace"] = zygote_mod.pid_namespace_available()
        for key in ("landlock", "seccomp", "pid_namespace"):
            active[key] = report[key] == "active"
        self.prepare_identity(root)
        for key in ("uid_drop", "capabilities"):
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
        # Prove the protections in a throw-away child, forked here before any job has
        # arrived: all at once, and one by one only if that fails; one that fails is
        # reported, not used.
        keys = [k for k in ("landlock", "uid_drop", "capabilities", "seccomp", "pid_namespace")
                if active[k]]
        if keys and self.probe("".join(PROBES.get(k, "") for k in keys)):
            for key in keys:
                error = self.probe(PROBES.get(key, ""))
                if error:
                    active[key] = False
                    report[key] = f"unavailable: failed its start-up probe: {error}"
        self.start_zygote()

    def prepare_identity(self, root: bool) -> None:
        """Children run as uid 65534 where this process is root. Where the
        interpreter lies in a directory that uid cannot search (a Python under
        /root), the child keeps one capability, to read and search directories,
        and Landlock alone says what it may read."""
        report, active = self.report, self.active
        if not root:
            report["uid_drop"] = (
                f"unavailable: not running as root (children keep uid {os.geteuid()}, the "
                "server's own; seccomp and Landlock still keep them from other processes)"
            )
            report["capabilities"] = "unavailable: not running as root (nothing to drop)"
            return
        report["capabilities"] = "active"
        blocker = limits_mod.uid_can_read(NOBODY, self.cfg["read_paths_for_uid"])
        if blocker is None:
            report["uid_drop"] = "active"
        elif active["landlock"] and active["seccomp"]:
            report["uid_drop"] = "active"
            active["uid_drop_search"] = True
            self.notes["uid_drop"] = (
                f"uid {NOBODY}; {blocker} is not searchable by that uid, so the child keeps "
                "only CAP_DAC_READ_SEARCH, and Landlock limits what it may read"
            )
        else:
            report["uid_drop"] = (
                f"unavailable: {blocker} is not readable by uid {NOBODY}, and without "
                "Landlock and seccomp the child may not keep the right to read it; children "
                "stay uid 0 with every capability dropped"
            )

    def start_zygote(self) -> None:
        keep = [self.proto_in, self.proto_out]
        self.zygote, self.zygote_pid = zygote_mod.start(
            self.cfg, dict(self.active), self.scratch, keep
        )
        self.zygote.setblocking(True)
        self.sel.register(self.zygote, selectors.EVENT_READ)
        self.report["zygote"] = "active"
        self.request_spare()

    def probe(self, source: str) -> str | None:
        job = {
            "source": source,
            "code": None,
            "calls": [],
            "variables": [],
            "modules": {},
            "module_code": {},
            "forbidden": [],
            "filename": "probe.py",
            "nonce": "probe",
            "limits": self.cfg["probe_limits"],
        }
        spawner = zygote_mod.Zygote(None, self.cfg, dict(self.active), self.scratch)
        try:
            pid, out_r, res_r, job_w, pidfd, workdir = spawner.spawn([])
        finally:
            spawner.close()
        payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):
            _write_all(job_w, _HEADER.pack(len(payload)) + payload)
        os.close(job_w)
        deadline = time.monotonic() + 30
        out = res = b""
        for fd in (out_r, res_r):
            chunks = []
            while time.monotonic() < deadline:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
            os.close(fd)
            if fd == out_r:
                out = b"".join(chunks)
            else:
                res = b"".join(chunks)
        _, status = os.waitpid(pid, 0)
        os.close(pidfd)
        shutil.rmtree(workdir, ignore_errors=True)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and b"setup_failed" not in res:
            return None
        text = (res + out).decode("utf-8", "replace")
        found = re.search(r"(message.{0,300})|(PROBE: .{0,300})", text, re.S)
        return (found.group(0) if found else "") or f"exit status {status}"

    # -- the zygote: spares and exits
    def request_spare(self) -> None:
        if self.zygote is None or self.spare_requested or self.spare is not None:
            return
        zygote_mod.send(self.zygote, {"type": "fork", "forbidden": self.last_forbidden})
        self.spare_requested = True

    def read_zygote(self, reply: Any) -> None:
        assert self.zygote is not None
        try:
            msg, fds = zygote_mod.receive(self.zygote)
        except (EOFError, OSError):
            raise SystemExit(1) from None  # the zygote died: the parent replaces this worker
        if msg.get("type") == "forked" and len(fds) == 4:
            self.spare_requested = False
            self.spare = _Spare(int(msg["pid"]), fds, str(msg["workdir"]))
        elif msg.get("type") == "exit":
            pid = int(msg["pid"])
            run = self.by_pid.pop(pid, None)
            if run is not None:
                run.exited = (int(msg["status"]), float(msg["cpu"]))
                self.finish(run, reply)
            elif self.spare is not None and self.spare.pid == pid:
                self.spare.discard()  # it died waiting (it was killed): fork another
                self.spare = None
                self.request_spare()
        else:
            for fd in fds:
                os.close(fd)

    def wait_spare(self) -> _Spare:
        """The waiting spare, forking one (and waiting for it) if there is none."""
        self.request_spare()
        while self.spare is None:
            self.read_zygote(self.replies.append)
        return self.spare

    def take_spare(self) -> _Spare:
        spare = self.wait_spare()
        self.spare = None
        return spare

    # -- jobs
    def start_job(self, job_id: str, job: dict[str, Any], payload: bytes) -> None:
        """Hand ``payload`` to the waiting spare child, then ask for the next spare.
        ``job`` is the route: limits, forbidden names and nonce.

        Forking a process that holds NumPy (and whatever else is preloaded) costs
        milliseconds; doing it ahead of time takes it off the job's path.
        """
        self.last_forbidden = list(job.get("forbidden", ()))
        spare = self.take_spare()
        # If the spare died while waiting, its exit is reported like any other child's.
        with contextlib.suppress(OSError):
            _write_all(spare.job_w, _HEADER.pack(len(payload)) + payload)
        os.close(spare.job_w)
        os.set_blocking(spare.out_r, False)
        os.set_blocking(spare.res_r, False)
        run = _Running(job_id, spare, job)
        self.by_pid[run.pid] = run
        for fd in (spare.out_r, spare.res_r):
            self.running[fd] = run
            # The run rides along with the registration: fd numbers are reused as soon
            # as a finished job's pipes close, possibly within one select() batch.
            self.sel.register(fd, selectors.EVENT_READ, run)
        self.request_spare()

    def drain(self, run: _Running, fd: int) -> None:
        buf, cap = (run.out, run.output_cap) if fd == run.out_r else (run.res, run.result_cap)
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                self.close_stream(run, fd)
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

    def close_stream(self, run: _Running, fd: int) -> None:
        if self.running.get(fd) is run:
            self.sel.unregister(fd)
            del self.running[fd]
            os.close(fd)

    def finish(self, run: _Running, reply: Any) -> None:
        """The child has exited (the zygote reaped it): answer, unless already done."""
        for fd in (run.out_r, run.res_r):
            # Only fds this run still owns: a number closed at EOF may already belong
            # to another job's pipe.
            if self.running.get(fd) is run:
                os.set_blocking(fd, False)
                self.drain(run, fd)
                self.close_stream(run, fd)  # the child is gone: what is left is all
        with contextlib.suppress(OSError):
            os.close(run.pidfd)
        shutil.rmtree(run.workdir, ignore_errors=True)
        if run.replied:
            return
        assert run.exited is not None
        status, cpu = run.exited
        killed_by_kernel = (
            os.WIFSIGNALED(status)
            and os.WTERMSIG(status) == signal.SIGKILL
            and not (run.timed_out or run.output_exceeded or run.result_exceeded)
        )
        header: dict[str, Any] = {
            "id": run.job_id,
            "status": "exited" if os.WIFEXITED(status) else "signaled",
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "timed_out": run.timed_out,
            "cpu_exceeded": cpu >= run.cpu_limit
            or (killed_by_kernel and cpu >= run.cpu_limit * CPU_SLACK),
            "cpu_seconds": cpu,
            "output_exceeded": run.output_exceeded,
            "result_exceeded": run.result_exceeded,
            "elapsed_ms": (time.monotonic() - run.started) * 1000,
        }
        reply((header, bytes(run.out), bytes(run.res)))

    def streams_closed(self, run: _Running) -> bool:
        return self.running.get(run.out_r) is not run and self.running.get(run.res_r) is not run

    def reply_early(self, run: _Running, reply: Any) -> None:
        """Answer for a child that wrote its "done" frame and closed its streams, and
        kill it: after that frame a child of ours only exits, so one still running is
        the learner's code at work outside the job's account. Had it failed (a signal,
        the CPU limit), it could not have written that frame, so exit status 0 is what
        it was about to report."""
        run.replied = True
        run.kill()
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
        while self.replies:
            reply(self.replies.pop(0))
        now = time.monotonic()
        runs = [r for r in self.by_pid.values() if not r.replied]
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
                self.read_parent(reply)
                continue
            if key.fileobj is self.zygote:
                self.read_zygote(reply)
                continue
            run = self.running.get(fd)
            if run is None or run is not key.data:
                continue  # a stale event for an fd closed (and maybe reused) in this batch
            self.drain(run, fd)
            if not run.replied and self.streams_closed(run) and _ends_done(run):
                self.reply_early(run, reply)

    def read_parent(self, reply: Any) -> None:
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
            kind = msg.get("type")
            if kind == "shutdown":
                raise SystemExit(0)
            if kind == "status":
                reply(({"id": msg["id"], **self.status()}, b"", b""))
            elif kind == "scan":
                reply(({"id": msg["id"], **self.scan(bytes.fromhex(msg["marker"]))}, b"", b""))
            else:
                self.start_job(msg["id"], msg, payload)

    # -- for doctor and the tests: who is who, and a proof of the zygote
    def status(self) -> dict[str, Any]:
        return {
            "worker": os.getpid(),
            "zygote": self.zygote_pid,
            "spare": self.wait_spare().pid,
            "running": sorted(r.pid for r in self.by_pid.values() if not r.replied),
        }

    def scan(self, marker: bytes) -> dict[str, Any]:
        """Search the writable memory of the zygote and the waiting spare for
        ``marker`` (bytes of a job that ran before); a clean zygote means none. This
        worker, which relayed the job, is searched too: finding it there shows the
        search itself works."""
        found: list[str] = []
        scanned = 0
        targets = {"zygote": self.zygote_pid, "spare": self.wait_spare().pid}
        targets["worker"] = os.getpid()
        for label, pid in targets.items():
            try:
                size, hit = _scan_memory(pid, marker)
            except OSError as exc:
                return {"error": f"cannot read the {label}'s memory: {exc}"}
            if label != "worker":
                scanned += size
            if hit:
                found.append(label)
        return {"scanned_bytes": scanned, "found_in": found}

    def send_reply(self, item: tuple[dict[str, Any], bytes, bytes]) -> None:
        header, out, res = item
        _send(self.proto_out, header, out, res)

    def serve(self) -> None:
        self.sel.register(self.proto_in, selectors.EVENT_READ)
        while True:
            self.step(self.send_reply)


def _scan_memory(pid: int, marker: bytes) -> tuple[int, bool]:
    """(bytes read, whether ``marker`` occurs) over the writable private mappings
    of ``pid``: the only places a job's bytes could have been left."""
    scanned, hit = 0, False
    with open(f"/proc/{pid}/maps", encoding="ascii") as maps, open(
        f"/proc/{pid}/mem", "rb", buffering=0
    ) as mem:
        for line in maps:
            fields = line.split()
            if len(fields) < 2 or not fields[1].startswith("rw"):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            tail = b""
            for offset in range(start, end, 1 << 20):
                try:
                    mem.seek(offset)
                    chunk = mem.read(min(1 << 20, end - offset))
                except OSError:
                    break
                scanned += len(chunk)
                if marker in tail + chunk:
                    hit = True
                tail = chunk[-len(marker) :]
    return scanned, hit


#: A probe per protection: module code run in a child armed like a job's, which
#: exits non-zero (with a line starting "PROBE:") when the protection does not hold.
PROBES = {
    "pid_namespace": (
        "import os, sys\n"
        "if os.getpid() != 1:\n"
        "    sys.stdout.write(f'PROBE: the child is pid {os.getpid()}, not 1 of its own "
        "namespace'); sys.stdout.flush(); os._exit(3)\n"
    ),
    "seccomp": (
        "import os, resource, sys\n"
        "try:\n"
        "    resource.prlimit(os.getpid() + 1, resource.RLIMIT_NOFILE)\n"
        "    bad = 'prlimit on another process was allowed'\n"
        "except PermissionError:\n"
        "    bad = None\n"
        "except OSError as exc:\n"
        "    bad = f'prlimit on another process failed with {exc!r}, not EPERM'\n"
        "if bad:\n"
        "    sys.stdout.write('PROBE: ' + bad); sys.stdout.flush(); os._exit(3)\n"
    ),
    "uid_drop": (
        "import os, sys\n"
        "if os.getuid() == 0 or os.geteuid() == 0:\n"
        "    sys.stdout.write('PROBE: the child is still uid 0'); sys.stdout.flush(); "
        "os._exit(3)\n"
    ),
}


def _warm_imports(names: list[str]) -> dict[str, str]:
    loaded = {}
    for name in names:
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
    (size,) = _HEADER.unpack(child_mod.read_exact(proto_in, _HEADER.size))
    cfg = plain.decode(child_mod.read_exact(proto_in, size), max_bytes=size)
    versions = _warm_imports(list(cfg.get("preload", ["numpy"])))
    # Before the zygote exists and before any forbidden name is located: children
    # inherit the NumPy 1 spellings, and the guard sees the wrappers' originals.
    numpy1.install()
    _scrub_import_system(cfg["python_roots"])
    worker = Worker(cfg, proto_in, proto_out)
    worker.prepare()
    _send(
        proto_out,
        {
            "type": "hello",
            "pid": os.getpid(),
            "protections": worker.report,
            "notes": worker.notes,
            "versions": versions,
        },
    )
    try:
        worker.serve()
    except SystemExit:
        for run in list(worker.by_pid.values()):
            run.kill()
        if worker.spare is not None:
            worker.spare.discard()
        raise


if __name__ == "__main__":
    main()
