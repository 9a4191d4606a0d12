"""Resource limits and identity for the sandbox's child: rlimits, then either a drop to
an unprivileged uid or, when that uid could not read the interpreter, the loss of every
capability while staying uid 0.

Standard library only: the sandbox worker loads this file by path.
"""

from __future__ import annotations

import ctypes
import os
import resource
import stat
from collections.abc import Iterable

__all__ = [
    "NOBODY",
    "apply_rlimits",
    "drop_bounding_set",
    "drop_capabilities",
    "drop_uid",
    "drop_uid_keep_search",
    "uid_can_read",
]

NOBODY = 65534
PR_CAPBSET_DROP = 24
_CAP_LAST = 63
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


def address_space_in_use() -> int:
    with open("/proc/self/statm", "rb") as fh:
        pages = int(fh.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def apply_rlimits(
    *,
    cpu_seconds: int,
    memory_bytes: int,
    file_bytes: int,
    processes: int,
    open_files: int,
    in_use: int | None = None,
) -> None:
    """Apply the limits to this process. ``memory_bytes`` comes on top of what the warm
    worker already has mapped (NumPy and SciPy), so the learner gets that much to use;
    pass ``in_use`` (from :func:`address_space_in_use`) when /proc is no longer readable."""
    limits = {
        # Soft = hard: the child is PID 1 of its own namespace, which the kernel's
        # SIGXCPU at a soft limit does not stop; the SIGKILL at the hard limit does.
        resource.RLIMIT_CPU: (cpu_seconds, cpu_seconds),
        resource.RLIMIT_AS: ((in_use or address_space_in_use()) + memory_bytes,) * 2,
        resource.RLIMIT_FSIZE: (file_bytes, file_bytes),
        resource.RLIMIT_NOFILE: (open_files, open_files),
        resource.RLIMIT_NPROC: (processes, processes),
        resource.RLIMIT_CORE: (0, 0),
        resource.RLIMIT_MEMLOCK: (0, 0),
        resource.RLIMIT_MSGQUEUE: (0, 0),
    }
    for which, value in limits.items():
        resource.setrlimit(which, value)


def uid_can_read(uid: int, paths: Iterable[str]) -> str | None:
    """Return None if ``uid`` (not root, no groups) can traverse and read every path,
    else the first path that blocks it."""
    del uid  # only the "other" permission bits apply to an unprivileged uid without groups
    for path in paths:
        current = os.path.abspath(path)
        chain = [current]
        while current != "/":
            current = os.path.dirname(current)
            chain.append(current)
        for index, part in enumerate(reversed(chain)):
            try:
                mode = os.stat(part).st_mode
            except OSError:
                return part
            is_leaf = index == len(chain) - 1
            if stat.S_ISDIR(mode) and not mode & stat.S_IXOTH:
                return part
            if is_leaf and not mode & stat.S_IROTH:
                return part
    return None


def drop_uid(uid: int = NOBODY) -> None:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


PR_SET_KEEPCAPS = 8
CAP_DAC_READ_SEARCH = 2


def drop_uid_keep_search(uid: int = NOBODY) -> None:
    """Become ``uid`` keeping one capability, CAP_DAC_READ_SEARCH, and nothing else.

    For an interpreter that lies under a directory ``uid`` cannot search (a Python
    under /root): the child can still import from it, while Landlock, not the file
    modes, decides what it may read. Only for a child with Landlock and seccomp
    (which refuses ``open_by_handle_at``, the one other use of that capability)."""
    if _LIBC.prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_KEEPCAPS): {os.strerror(err)}")
    drop_uid(uid)
    _LIBC.prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    data[0].effective = data[0].permitted = 1 << CAP_DAC_READ_SEARCH
    if _LIBC.capset(ctypes.byref(header), data) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"capset: {os.strerror(err)}")


class _CapHeader(ctypes.Structure):
    _fields_ = (("version", ctypes.c_uint32), ("pid", ctypes.c_int))


class _CapData(ctypes.Structure):
    _fields_ = (
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    )


_LIBC = ctypes.CDLL(None, use_errno=True)


def drop_bounding_set() -> None:
    """Empty the capability bounding set (once, in the worker: it is inherited)."""
    for cap in range(_CAP_LAST + 1):
        if _LIBC.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() != 22:
            err = ctypes.get_errno()
            raise OSError(err, f"PR_CAPBSET_DROP({cap}): {os.strerror(err)}")


def drop_capabilities() -> None:
    """Empty the effective, permitted and inheritable capability sets."""
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    if _LIBC.capset(ctypes.byref(header), data) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"capset: {os.strerror(err)}")
