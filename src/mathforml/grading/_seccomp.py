"""A classic-BPF seccomp filter for the sandbox's child, installed through ctypes.

No new processes or threads, no sockets, no exec, no signals to other processes, no
ptrace, namespaces, mounts, identity changes or kernel-module calls. Denied calls fail
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
# Signals: allowed only when the target is this very process.
_KILL, _TKILL, _TGKILL = 62, 200, 234


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


def _program(own_pid: int) -> list[tuple[int, int, int, int]]:
    ins: list[tuple[int, int, int, int]] = []
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
    # kill / tkill / tgkill: args[0] (low 32 bits at offset 16) must be our own pid.
    ins.append((_JEQ_K, 2, 0, _KILL))
    ins.append((_JEQ_K, 1, 0, _TKILL))
    ins.append((_JEQ_K, 0, 4, _TGKILL))
    ins.append((_LD_W_ABS, 0, 0, 16))
    ins.append((_JEQ_K, 1, 0, own_pid & 0xFFFFFFFF))
    ins.append((_RET_K, 0, 0, errno_eperm))
    ins.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    ins.append((_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    return ins


_LIBC: ctypes.CDLL | None = None
_PREPARED: tuple[ctypes.Array[_SockFilter], int] | None = None


def prepare() -> None:
    """Build the program once (in the warm worker); :func:`install` then only patches in
    the child's pid, which keeps the per-job cost to two system calls."""
    global _LIBC, _PREPARED
    _LIBC = ctypes.CDLL(None, use_errno=True)
    prog = _program(0)
    arr = (_SockFilter * len(prog))(*[_SockFilter(*i) for i in prog])
    pid_index = next(i for i, ins in enumerate(prog) if ins == (_JEQ_K, 1, 0, 0))
    _PREPARED = (arr, pid_index)


def install() -> None:
    """Install the filter on the calling (single-threaded) process; raises OSError."""
    if _PREPARED is None:
        prepare()
    assert _PREPARED is not None
    assert _LIBC is not None
    arr, pid_index = _PREPARED
    arr[pid_index].k = os.getpid() & 0xFFFFFFFF
    fprog = _SockFprog(len(arr), ctypes.cast(arr, ctypes.POINTER(_SockFilter)))
    libc = _LIBC
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_NO_NEW_PRIVS) failed: {os.strerror(err)}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_SECCOMP) failed: {os.strerror(err)}")
