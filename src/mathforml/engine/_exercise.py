"""How an exercise is declared: one small class per exercise template.

The lifecycle is fixed and data-only: ``generate`` draws parameters from a seeded
generator, ``answer`` computes the key with the toolkit, ``solution`` explains it
with the toolkit's steps, ``independent_answer`` recomputes the key another way
(NumPy/SymPy) so ``mathforml lint`` can prove it, and ``misconceptions`` names the
wrong answers a learner is likely to give, each with the feedback that helps.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from mathforml.engine.answers._base import AnswerKind
from mathforml.types import Params


@dataclass(frozen=True)
class Misconception:
    """A wrong answer a learner reaches by a known mistake.

    ``answer`` is that wrong answer for the variant at hand, in any form the
    exercise's answer kind can normalize, or ``None`` when the mistake cannot
    happen in this variant; ``feedback`` (Markdown + LaTeX) tells the
    learner what they did. ``name`` is a short slug used in statistics.
    """

    name: str
    feedback: str
    answer: Any


class Exercise(ABC):
    """Base class of every exercise template.

    Subclasses set ``id`` (``"c1w2.rank-of-matrix"``), ``title``, ``topic`` and
    ``answer_kind``, and implement the lifecycle. Parameters must be
    JSON-serialisable (write fractions as ``"3/4"`` strings or integer pairs).
    """

    id: ClassVar[str]
    title: ClassVar[str]
    topic: ClassVar[str]
    answer_kind: ClassVar[AnswerKind | None] = None

    @abstractmethod
    def generate(self, rng: np.random.Generator) -> Params:
        """Draw one variant's parameters; all randomness comes from ``rng``."""

    @abstractmethod
    def prompt(self, p: Params) -> str:
        """The question, in Markdown with LaTeX (``$…$`` inline, ``$$…$$`` display)."""

    @abstractmethod
    def answer(self, p: Params) -> Any:
        """The answer key, computed with ``mathforml.toolkit``."""

    @abstractmethod
    def solution(self, p: Params) -> str:
        """The worked solution of this variant, in Markdown with LaTeX."""

    @abstractmethod
    def independent_answer(self, p: Params) -> Any:
        """The answer recomputed with NumPy or SymPy and never the toolkit."""

    def misconceptions(self, p: Params) -> Sequence[Misconception]:
        """The wrong answers this exercise recognises for these parameters."""
        return ()

    def kind(self, p: Params) -> AnswerKind:
        """The answer kind for this variant (override when it depends on ``p``,
        as a multiple choice's options do)."""
        if self.answer_kind is None:
            raise TypeError(f"{type(self).__name__} declares no answer_kind")
        return self.answer_kind

    @property
    def week_id(self) -> str:
        return self.id.split(".", 1)[0]

    def __repr__(self) -> str:
        return f"<Exercise {self.id}>"
