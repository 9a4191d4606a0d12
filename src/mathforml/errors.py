"""The exceptions mathforml raises on purpose.

Every domain error also inherits from a builtin, so callers that know nothing of
mathforml can still catch ``ValueError``; and every error a learner can provoke
carries a message written for that learner.
"""

from __future__ import annotations


class MathformlError(Exception):
    """Base class of every error that mathforml raises deliberately."""


class InputError(ValueError, MathformlError):
    """A learner's answer could not be understood; it never costs an attempt.

    ``position`` is the 0-based character offset of the problem when it is known,
    so a front end can point at it.
    """

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position

    def pointer(self, text: str, *, width: int = 60) -> str:
        """Return the input with a caret under ``position`` (empty when unknown)."""
        if self.position is None or len(text) > 10_000:
            return ""
        start = max(0, self.position - width // 2)
        excerpt = text[start : start + width].replace("\n", " ").replace("\0", "?")
        return f"{excerpt}\n{' ' * (self.position - start)}^"


class InputTooLarge(InputError):
    """An answer exceeds a size, depth, magnitude or time bound."""


class ShapeError(ValueError, MathformlError):
    """Matrices or vectors whose shapes do not fit the operation."""


class SingularMatrixError(ArithmeticError, MathformlError):
    """An operation needs an invertible matrix and got a singular one."""


class UnknownIdError(KeyError, MathformlError):
    """A course, week or exercise id that does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown id"
