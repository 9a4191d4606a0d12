"""A classic-BPF seccomp filter for the sandbox's child, installed through ctypes.

No new processes or threads, no sockets, no exec, no ptrace, namespaces, mounts,
identity changes or kernel-module calls; and every call that acts on a process
(signals, priorities, scheduling, resource limits, I/O priority, a file's owner for
SIGIO) acts only on the calling process itself. Denied calls fail
with EPERM (so Python raises a clear ``PermissionError``); a foreign architecture or an
x32 call kills the process.

Standard library only: the sandbox worker loads this file by path.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform

__all__ = ["DENIED", "available", "install", "prepare"]

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
PR_GET_SECCOMP = 21
SECCOMP_MODE_FILTER = 2
AUDIT_ARCH_X86_64 = 0xC000003E

SECCOMP_RET_KILL_PROCESS = 0x80000000
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_ALLOW = 0x7FFF0000

# BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06

# x86_64 syscall numbers: denied outright with EPERM.
DENIED: dict[str, int] = {
    "socket": 41, "connect": 42, "accept": 43, "bind": 49, "listen": 50,
    "socketpair": 53, "accept4": 288,
    "clone": 56, "fork": 57, "vfork": 58, "execve": 59, "execveat": 322,
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311,
    "setuid": 105, "setgid": 106, "setreuid": 113, "setregid": 114, "setgroups": 116,
    "setresuid": 117, "setresgid": 119, "setfsuid": 122, "setfsgid": 123, "capset": 126,
    "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
    "chroot": 161, "mount": 165, "umount2": 166, "pivot_root": 155,
    "swapon": 167, "swapoff": 168, "reboot": 169,
    "init_module": 175, "finit_module": 313, "delete_module": 176, "kexec_load": 246,
    "add_key": 248, "request_key": 249, "keyctl": 250,
    "unshare": 272, "setns": 308, "perf_event_open": 298, "bpf": 321, "userfaultfd": 323,
    "name_to_handle_at": 303, "open_by_handle_at": 304,
    "pidfd_send_signal": 424, "pidfd_open": 434, "pidfd_getfd": 438,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "fsopen": 430, "fsmount": 432, "move_mount": 429, "open_tree": 428,
}  # fmt: skip
# clone3 gets ENOSYS, so that a C library falls back to clone (which we can inspect).
_CLONE3 = 435
#: The own-pid placeholder in argument rules; patched into the filter per child.
SELF = -1
#: Calls that act on a process, a process group or a user's processes, allowed only
#: when every listed argument (index -> allowed values) names this very process:
#: a child may renice, limit or signal itself, never the worker, the server, or the
#: next learner's child waiting to be given a job.
_KILL, _TKILL, _TGKILL = 62, 200, 234
PRIO_PROCESS, IOPRIO_WHO_PROCESS = 0, 1
F_SETOWN, F_SETSIG, F_SETOWN_EX = 8, 10, 15
FIOSETOWN, SIOCSPGRP = 0x8901, 0x8902
ONLY_SELF: dict[str, tuple[int, dict[int, tuple[int, ...]]]] = {
    "kill": (_KILL, {0: (SELF,)}),
    "tkill": (_TKILL, {0: (SELF,)}),
    "tgkill": (_TGKILL, {0: (SELF,)}),
    "prlimit64": (302, {0: (0, SELF)}),
    "setpriority": (141, {0: (PRIO_PROCESS,), 1: (0, SELF)}),
    "sched_setparam": (142, {0: (0, SELF)}),
    "sched_setscheduler": (144, {0: (0, SELF)}),
    "sched_setaffinity": (203, {0: (0, SELF)}),
    "sched_setattr": (314, {0: (0, SELF)}),
    "ioprio_set": (251, {0: (IOPRIO_WHO_PROCESS,), 1: (0, SELF)}),
    "get_robust_list": (274, {0: (0, SELF)}),
}
#: Calls refused for some values of one argument: handing a file's SIGIO/SIGURG to
#: another process is a way to signal it.
REFUSED_ARGS: dict[str, tuple[int, int, tuple[int, ...]]] = {
    "fcntl": (72, 1, (F_SETOWN, F_SETOWN_EX, F_SETSIG)),
    "ioctl": (16, 1, (FIOSETOWN, SIOCSPGRP)),
}
#: Refused outright, beyond ``DENIED``: moving another process's memory, comparing
#: or reaping other processes, and leaving the worker's session or process group
#: (a session of its own would escape the nice value that demotes a runaway).
DENIED.update(
    {
        "migrate_pages": 256, "move_pages": 279, "kcmp": 312, "process_madvise": 440,
        "process_mrelease": 448, "setsid": 112, "setpgid": 109,
    }
)  # fmt: skip


class _SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter)))


def available() -> str:
    """Return "active" when a filter can be installed here, else "unavailable: why"."""
    if platform.system() != "Linux":
        return f"unavailable: seccomp needs Linux, this is {platform.system()}"
    if platform.machine() != "x86_64":
        return f"unavailable: the filter is written for x86_64, this is {platform.machine()}"
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            if "Seccomp:" not in fh.read():
                return "unavailable: the kernel has no seccomp support"
    except OSError as exc:
        return f"unavailable: cannot read /proc/self/status ({exc})"
    return "active"


def _arg_low(index: int) -> int:
    """Offset of the low 32 bits of argument ``index`` in ``struct seccomp_data``
    (x86_64 is little-endian); pids, ``which`` values and commands are 32-bit ints."""
    return 16 + 8 * index


def _program() -> tuple[list[tuple[int, int, int, int]], list[int]]:
    """The filter, and the indices of the instructions whose constant is this
    process's own pid (patched per child)."""
    ins: list[tuple[int, int, int, int]] = []
    own: list[int] = []
    errno_eperm = SECCOMP_RET_ERRNO | errno.EPERM
    # arch check
    ins.append((_LD_W_ABS, 0, 0, 4))
    ins.append((_JEQ_K, 1, 0, AUDIT_ARCH_X86_64))
    ins.append((_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS))
    ins.append((_LD_W_ABS, 0, 0, 0))  # nr
    ins.append((_JGE_K, 0, 1, 0x40000000))  # x32 ABI
    ins.append((_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS))
    for nr in sorted(set(DENIED.values())):
        ins.append((_JEQ_K, 0, 1, nr))
        ins.append((_RET_K, 0, 0, errno_eperm))
    ins.append((_JEQ_K, 0, 1, _CLONE3))
    ins.append((_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.ENOSYS))
    for nr, arg, refused in REFUSED_ARGS.values():
        # if nr: load the argument; each refused value -> EPERM; else allow
        block = [(_LD_W_ABS, 0, 0, _arg_low(arg))]
        for value in refused:
            block.append((_JEQ_K, 0, 1, value & 0xFFFFFFFF))
            block.append((_RET_K, 0, 0, errno_eperm))
        block.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
        ins.append((_LD_W_ABS, 0, 0, 0))
        ins.append((_JEQ_K, 0, len(block), nr))
        ins.extend(block)
    for nr, rules in ONLY_SELF.values():
        # if nr: for each argument, jump past the EPERM when it is an allowed value
        block: list[tuple[int, int, int, int]] = []
        marks: list[int] = []
        for arg, allowed in rules.items():
            block.append((_LD_W_ABS, 0, 0, _arg_low(arg)))
            for i, value in enumerate(allowed):
                left = len(allowed) - i - 1  # further comparisons after this one
                if value == SELF:
                    marks.append(len(block))
                # equal: skip the remaining comparisons and the EPERM
                block.append((_JEQ_K, left + 1, 0, 0 if value == SELF else value & 0xFFFFFFFF))
            block.append((_RET_K, 0, 0, errno_eperm))
        block.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
        ins.append((_LD_W_ABS, 0, 0, 0))
        ins.append((_JEQ_K, 0, len(block), nr))
        base = len(ins)
        ins.extend(block)
        own.extend(base + m for m in marks)
    ins.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    return ins, own


_LIBC: ctypes.CDLL | None = None
_PREPARED: tuple[ctypes.Array[_SockFilter], list[int]] | None = None


def prepare() -> None:
    """Build the program once (in the warm worker); :func:`install` then only patches in
    the child's pid, which keeps the per-job cost to two system calls."""
    global _LIBC, _PREPARED
    _LIBC = ctypes.CDLL(None, use_errno=True)
    prog, own = _program()
    arr = (_SockFilter * len(prog))(*[_SockFilter(*i) for i in prog])
    _PREPARED = (arr, own)


def install() -> None:
    """Install the filter on the calling (single-threaded) process; raises OSError."""
    if _PREPARED is None:
        prepare()
    assert _PREPARED is not None
    assert _LIBC is not None
    arr, own = _PREPARED
    pid = os.getpid() & 0xFFFFFFFF
    for index in own:
        arr[index].k = pid
    fprog = _SockFprog(len(arr), ctypes.cast(arr, ctypes.POINTER(_SockFilter)))
    libc = _LIBC
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(err)}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_SECCOMP) failed: {os.strerror(err)}")
