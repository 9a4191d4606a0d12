"""A minimal answer kind and exercises for testing the engine's machinery alone."""

from __future__ import annotations

import numpy as np

from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.errors import InputError


class Whole(AnswerKind):
    """Whole numbers typed as decimal digits with an optional sign."""

    name = "whole"

    def parse(self, raw: str) -> int:
        text = raw.strip()
        if not text.lstrip("-").isdigit() or len(text) > 12:
            raise InputError(f"expected a whole number, got {raw[:20]!r}", position=0)
        return int(text)

    def normalize(self, value: object) -> int:
        return int(value)  # type: ignore[call-overload]

    def equal(self, given: int, expected: int) -> bool:
        return given == expected

    def judge(self, given: int, expected: int) -> Judgement:
        if given == expected:
            return Judgement(True)
        if given == -expected:
            return Judgement(False, (Feedback("sign", "check the sign"),))
        return Judgement(False)

    def text(self, value: int) -> str:
        return str(value)

    def latex(self, value: int) -> str:
        return str(value)

    def help(self) -> str:
        return "Type a whole number."

    def invalid_example(self) -> str:
        return "twelve"


class Sum(Exercise):
    id = "t1w1.sum"
    title = "Add two numbers"
    topic = "addition"
    answer_kind = Whole()

    def generate(self, rng: np.random.Generator) -> dict:
        return {"a": int(rng.integers(1, 50)), "b": int(rng.integers(1, 50))}

    def prompt(self, p: dict) -> str:
        return f"What is ${p['a']} + {p['b']}$?"

    def answer(self, p: dict) -> int:
        return p["a"] + p["b"]

    def solution(self, p: dict) -> str:
        return f"${p['a']} + {p['b']} = {p['a'] + p['b']}$"

    def independent_answer(self, p: dict) -> int:
        return int(np.add(p["a"], p["b"]))

    def misconceptions(self, p: dict) -> list[Misconception]:
        return [Misconception("subtracted", "You subtracted instead of adding.", p["a"] - p["b"])]
