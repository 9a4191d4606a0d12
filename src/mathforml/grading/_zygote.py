"""The zygote: the clean process every learner's child is forked from.

The worker that relays jobs holds their bytes (the payload it read, its buffers);
a child forked from it could find the previous learner's code in its own memory. So
the worker forks this process once, at start-up, before it has read any job, and
from then on asks it for spare children. The zygote never receives job data: a
request names only the forbidden functions to locate. It forks the spare (in a new
PID namespace where the machine allows, so the child cannot see or name any other
process), passes the worker the spare's pipe ends and a pidfd, and reports each
child's exit status, since only a parent can reap.

Loaded by path by the sandbox worker; standard library only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import selectors
import signal
import socket
import sys
from typing import Any

plain = sys.modules["_mfml_sandbox_plain"]
child_mod = sys.modules["_mfml_sandbox_child"]

CLONE_NEWPID = 0x20000000
PR_SET_PDEATHSIG = 1
MAX_MESSAGE = 1 << 16
NOBODY = 65534

_LIBC = ctypes.CDLL(None, use_errno=True)


def pid_namespace_available() -> str:
    """"active" when this process may give each child a PID namespace of its own."""
    try:
        fd = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    except OSError as exc:
        return f"unavailable: cannot open /proc/self/ns/pid ({exc.strerror})"
    os.close(fd)
    if os.geteuid() != 0:
        return "unavailable: not running as root (children share the machine's process list)"
    return "active"


def send(sock: socket.socket, doc: Any, fds: list[int] | tuple[int, ...] = ()) -> None:
    body = plain.encode(doc)
    if fds:
        socket.send_fds(sock, [body], list(fds))
    else:
        sock.send(body)


def receive(sock: socket.socket) -> tuple[Any, list[int]]:
    """One message and the descriptors it carries; EOFError when the peer is gone."""
    body, fds, _flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, 4)
    if not body:
        for fd in fds:
            os.close(fd)
        raise EOFError
    return plain.decode(body, max_bytes=MAX_MESSAGE), fds


class Zygote:
    """Forks spare children on request and reports their exits to the worker."""

    def __init__(
        self,
        sock: socket.socket | None,  # None: spawning in the worker itself, for probes
        cfg: dict[str, Any],
        active: dict[str, bool],
        scratch: str,
    ) -> None:
        self.sock = sock
        self.cfg = cfg
        self.active = active
        self.scratch = scratch
        self.counter = 0
        self.children: dict[int, int] = {}  # pidfd -> pid
        self.sel = selectors.DefaultSelector()
        self.own_pid_ns = (
            os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
            if active.get("pid_namespace")
            else None
        )

    def serve(self) -> None:
        assert self.sock is not None
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        child_mod.locate(self.cfg.get("forbidden_hint", []))
        self.sel.register(self.sock, selectors.EVENT_READ)
        while True:
            for key, _ in self.sel.select():
                if key.fileobj is self.sock:
                    try:
                        request, fds = receive(self.sock)
                    except (EOFError, OSError):
                        os._exit(0)  # the worker is gone, and with it every reason to live
                    for fd in fds:
                        os.close(fd)
                    if request.get("type") == "fork":
                        self.fork(list(request.get("forbidden", [])))
                else:
                    self.reap(key.fd)

    def spawn(self, forbidden: list[str]) -> tuple[int, int, int, int, int, str]:
        """Fork one spare child: ``(pid, out_r, res_r, job_w, pidfd, workdir)``, the
        parent's ends of its output, result and job pipes."""
        child_mod.locate(forbidden)  # found here once; children only rebind names
        self.counter += 1
        workdir = os.path.join(self.scratch, f"job{os.getpid()}-{self.counter}")
        os.mkdir(workdir, 0o700)
        if self.active.get("uid_drop"):
            os.chown(workdir, NOBODY, NOBODY)
        out_r, out_w = os.pipe2(os.O_CLOEXEC)
        res_r, res_w = os.pipe2(os.O_CLOEXEC)
        job_r, job_w = os.pipe2(os.O_CLOEXEC)
        if self.own_pid_ns is not None:
            self.new_pid_namespace()
        try:
            pid = os.fork()
        finally:
            if self.own_pid_ns is not None:  # our own again, for anything else we fork
                _LIBC.setns(self.own_pid_ns, CLONE_NEWPID)
        if pid == 0:
            try:
                os.close(job_w)
                child_mod.spare_main(self.cfg, self.active, workdir, out_w, res_w, job_r)
            finally:
                os._exit(72)
        for fd in (out_w, res_w, job_r):
            os.close(fd)
        return pid, out_r, res_r, job_w, os.pidfd_open(pid), workdir

    def new_pid_namespace(self) -> None:
        """Back to our own namespace for children, then a fresh one: the next child
        is PID 1 of a namespace that holds nothing else."""
        assert self.own_pid_ns is not None
        if _LIBC.setns(self.own_pid_ns, CLONE_NEWPID) != 0 or _LIBC.unshare(CLONE_NEWPID) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"a PID namespace for the child: {os.strerror(err)}")

    def close(self) -> None:
        if self.own_pid_ns is not None:
            os.close(self.own_pid_ns)
            self.own_pid_ns = None

    def fork(self, forbidden: list[str]) -> None:
        """Spawn a spare, hand its pipe ends and a pidfd to the worker, and watch it."""
        pid, out_r, res_r, job_w, pidfd, workdir = self.spawn(forbidden)
        self.children[pidfd] = pid
        self.sel.register(pidfd, selectors.EVENT_READ)
        worker_pidfd = os.dup(pidfd)
        try:
            send(
                self.sock,
                {"type": "forked", "pid": pid, "workdir": workdir},
                [out_r, res_r, job_w, worker_pidfd],
            )
        except OSError:
            os._exit(0)
        finally:
            for fd in (out_r, res_r, job_w, worker_pidfd):
                os.close(fd)

    def reap(self, pidfd: int) -> None:
        pid = self.children.pop(pidfd)
        self.sel.unregister(pidfd)
        os.close(pidfd)
        try:
            _, status, usage = os.wait4(pid, 0)
        except ChildProcessError:
            return
        cpu = usage.ru_utime + usage.ru_stime
        with contextlib.suppress(OSError):
            send(self.sock, {"type": "exit", "pid": pid, "status": status, "cpu": cpu})


def start(cfg: dict[str, Any], active: dict[str, bool], scratch: str, keep: list[int]) -> tuple[
    socket.socket, int
]:
    """Fork the zygote; return the worker's end of its socket and its pid. ``keep``
    lists the worker's own descriptors, which the zygote closes."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        try:
            ours.close()
            for fd in keep:
                with contextlib.suppress(OSError):
                    os.close(fd)
            # The zygote forks; it never computes. Its own memory stays that of start-up.
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            Zygote(theirs, cfg, active, scratch).serve()
        finally:
            os._exit(0)
    theirs.close()
    return ours, pid
