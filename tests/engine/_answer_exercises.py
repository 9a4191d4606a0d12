"""Small exercises, one per answer kind, for tests that go through ``check_answer``."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import AnswerKind


class Fixed(Exercise):
    """An exercise with a fixed key and one declared misconception."""

    title = "fixed"
    topic = "testing"

    def __init__(self, exercise_id: str, kind: AnswerKind, key: Any, wrong: Any = None) -> None:
        self.id = exercise_id  # type: ignore[misc]
        self._kind = kind
        self._key = key
        self._wrong = wrong

    def kind(self, p: dict) -> AnswerKind:
        return self._kind

    def generate(self, rng: np.random.Generator) -> dict:
        return {"n": int(rng.integers(0, 5))}

    def prompt(self, p: dict) -> str:
        return "Answer."

    def answer(self, p: dict) -> Any:
        return self._key

    def solution(self, p: dict) -> str:
        return "Because."

    def independent_answer(self, p: dict) -> Any:
        return self._key

    def misconceptions(self, p: dict) -> list[Misconception]:
        return [Misconception("declared", "You made the declared mistake.", self._wrong)]


x = sympy.Symbol("x")
