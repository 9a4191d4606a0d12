"""Code grading: learner code runs in a sandbox, the trusted side judges plain data.

Import-light on purpose: the sandbox itself loads on first attribute access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mathforml.grading._plain import PlainDataError
    from mathforml.grading.sandbox import (
        Call,
        CallResult,
        ErrorInfo,
        Job,
        JobResult,
        Limits,
        Sandbox,
        default_sandbox,
    )

__all__ = [
    "Call",
    "CallResult",
    "ErrorInfo",
    "Job",
    "JobResult",
    "Limits",
    "PlainDataError",
    "Sandbox",
    "default_sandbox",
]


def __getattr__(name: str) -> Any:
    if name == "PlainDataError":
        from mathforml.grading._plain import PlainDataError

        return PlainDataError
    if name in __all__:
        from mathforml.grading import sandbox

        return getattr(sandbox, name)
    raise AttributeError(f"module 'mathforml.grading' has no attribute {name!r}")
