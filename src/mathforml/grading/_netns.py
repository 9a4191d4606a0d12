"""Namespaces for the sandbox's worker: an empty network namespace (no interface is up,
not even loopback) and a private mount namespace in which a size-capped tmpfs is the
scratch space and the project's own source tree is covered by an empty read-only tmpfs.

Done once per worker (children inherit both), because creating a network namespace per
job costs milliseconds and its teardown is slow. Standard library only: the worker loads
this file by path.
"""

from __future__ import annotations

import ctypes
import os

__all__ = ["hide", "mount_tmpfs", "private_mounts", "unshare_network"]

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REC, MS_PRIVATE = 0x4000, 1 << 18


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare_network() -> None:
    _check(_libc().unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)")


def private_mounts() -> None:
    libc = _libc()
    _check(libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount(MS_PRIVATE)")


def mount_tmpfs(target: str, *, size_bytes: int, read_only: bool = False) -> None:
    flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (MS_RDONLY if read_only else 0)
    opts = f"size={max(size_bytes, 4096)},mode=0755".encode()
    _check(
        _libc().mount(b"tmpfs", target.encode(), b"tmpfs", flags, opts),
        f"mount tmpfs on {target}",
    )


def hide(path: str) -> None:
    """Cover ``path`` with an empty read-only tmpfs (in this mount namespace only)."""
    mount_tmpfs(path, size_bytes=4096, read_only=True)
