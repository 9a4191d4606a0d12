"""What every answer kind provides: parse what a learner typed, then judge it.

A kind is a small configured object (``Matrix(exact=True)``, ``Number(rtol=1e-3)``)
with no per-learner state, so one instance can serve every variant of an exercise.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class Feedback:
    """One piece of feedback. ``code`` names the mistake for statistics
    (``wrong-shape``, ``transposed``, ``sign``, ``one-entry``, ``scaled``,
    ``not-simplified``, ``misconception:<name>`` …); ``message`` is Markdown with
    inline LaTeX (``$…$``) written for the learner."""

    code: str
    message: str


@dataclass(frozen=True)
class Judgement:
    """The verdict of a kind on a parsed answer."""

    correct: bool
    feedback: tuple[Feedback, ...] = ()


class AnswerKind(ABC):
    """Base of the answer kinds. Subclasses set ``name`` and implement the methods."""

    name: ClassVar[str]

    @abstractmethod
    def parse(self, raw: str) -> Any:
        """Turn typed text into a value of this kind, or raise ``InputError``
        (``InputTooLarge`` for bounds) with a message that points at the problem."""

    @abstractmethod
    def normalize(self, value: Any) -> Any:
        """Bring an exercise's own value (ints, Fractions, NumPy arrays, lists,
        SymPy objects) into this kind's representation, so it can be compared."""

    @abstractmethod
    def equal(self, given: Any, expected: Any) -> bool:
        """Whether two normalized values count as the same answer."""

    @abstractmethod
    def judge(self, given: Any, expected: Any) -> Judgement:
        """Compare a parsed answer with the normalized expected one and name the
        mistake when it is wrong (generic to the kind: shape, sign, one entry …)."""

    @abstractmethod
    def text(self, value: Any) -> str:
        """The value written as a learner would type it; ``parse(text(v))`` equals ``v``."""

    @abstractmethod
    def latex(self, value: Any) -> str:
        """The value as LaTeX (no surrounding ``$``), for previews and solutions."""

    @abstractmethod
    def help(self) -> str:
        """One or two sentences on how to type an answer of this kind."""

    def invalid_example(self) -> str:
        """An input that must be rejected as unreadable (for self-tests)."""
        return "[[1, 2"
