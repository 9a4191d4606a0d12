"""Who is grading a queued submission, and whether that process is still there.

A submission is stored ``queued`` and *claimed* by the server process that grades
it. When a server dies mid-grading (``kill -9``, out of memory, power cut) its
claims stay behind; the next server to look takes them over. A claim names its
process as ``host:pid:token`` (the token is random per process, so a restarted
server that got the same pid, as PID 1 in a container does, still knows the old
claim is not its own). On the same host a dead pid is seen at once; a claim from
another host is taken over only when it is older than the grading lease.
"""

from __future__ import annotations

import os
import secrets
import socket

#: A claim older than this (seconds) is presumed abandoned, whoever made it: grading
#: is bounded by the sandbox's wall limit (seconds), so no live server takes this long.
GRADING_LEASE_S = 120.0

_TOKEN = secrets.token_hex(6)


def process_owner() -> str:
    """This process's name on its claims: ``host:pid:token``."""
    return f"{socket.gethostname()[:120]}:{os.getpid()}:{_TOKEN}"


def owner_is_gone(owner: str) -> bool:
    """Whether the process that made a claim has certainly ended (``False`` when it
    may be alive, or runs on another host: the lease decides then)."""
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host, pid_text, token = parts
    if host != socket.gethostname()[:120]:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return token != _TOKEN  # an earlier server that had our pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False
