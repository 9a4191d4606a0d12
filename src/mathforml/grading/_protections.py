"""What the sandbox can apply on this machine, said without starting it (for
``mathforml doctor``). A running :class:`~mathforml.grading.sandbox.Sandbox` reports
what its workers actually proved, through ``Sandbox.protections()``."""

from __future__ import annotations

import os
import shutil

from mathforml.grading import _landlock, _limits, _seccomp
from mathforml.grading._pool import python_roots

__all__ = ["detect"]


def detect() -> dict[str, str]:
    root = os.geteuid() == 0
    report = {
        "rlimits": "active",
        "wall_clock": "active",
        "output_cap": "active",
        "environment": "active",
        "seccomp": _seccomp.available(),
        "landlock": _landlock.available(),
        "network": "active" if root else "unavailable: needs root to unshare the network",
        "tmpfs": "active" if root else "unavailable: needs root for a private tmpfs",
        "capabilities": "active" if root else "unavailable: not running as root (nothing to drop)",
        "pid_namespace": "active"
        if root
        else "unavailable: not running as root (children share the machine's process list)",
        "zygote": "active",
    }
    if root:
        blocker = _limits.uid_can_read(_limits.NOBODY, python_roots())
        report["uid_drop"] = (
            "active"
            if blocker is None
            else (
                f"unavailable: {blocker} is not readable by uid {_limits.NOBODY}, so children stay "
                "uid 0 with every capability dropped"
            )
        )
    else:
        report["uid_drop"] = f"unavailable: not running as root (children keep uid {os.geteuid()})"
    report["bubblewrap"] = (
        "unavailable: installed but not used"
        if shutil.which("bwrap")
        else "unavailable: bwrap is not installed (apt install bubblewrap); not used"
    )
    return dict(sorted(report.items()))
