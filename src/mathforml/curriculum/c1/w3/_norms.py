"""Norms: the L1 and L2 length of a vector, and the distance between two points."""

from __future__ import annotations

import math

import numpy as np

from mathforml.curriculum.c1.w3._common import num, par, sqrt_tex, sum_tex, tuple_tex
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Number
from mathforml.toolkit import linalg
from mathforml.types import Params

TYPE_NUMBER = (
    "Type an exact value such as `sqrt(29)` or `7`, "
    "or a decimal to at least six significant digits."
)


def _nonzero_vector(rng: np.random.Generator, n: int, low: int, high: int) -> list[int]:
    while True:
        v = rng.integers(low, high + 1, size=n)
        if np.count_nonzero(v) >= 2:  # one non-zero entry makes L1 and L2 agree
            return v.astype(int).tolist()


class VectorNorm(Exercise):
    id = "c1w3.vector-norm"
    title = "Length of a vector"
    topic = "norms"
    answer_kind = Number()

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.integers(2, 5))
        return {"v": _nonzero_vector(rng, n, -6, 6), "p": int(rng.choice([1, 2]))}

    def prompt(self, p: Params) -> str:
        name = "L1 (taxicab)" if p["p"] == 1 else "L2 (Euclidean)"
        return (
            rf"Find the {name} norm $\|v\|_{p['p']}$ of the vector"
            "\n\n"
            rf"$$v = {linalg.latex_vector(p['v'])}.$$"
            "\n\n" + TYPE_NUMBER
        )

    def answer(self, p: Params) -> float:
        return float(linalg.norm(p["v"], p=p["p"]))

    def solution(self, p: Params) -> str:
        v = p["v"]
        if p["p"] == 1:
            absolutes = [abs(x) for x in v]
            return (
                "The L1 norm adds the absolute values of the entries:\n\n"
                rf"$$\|v\|_1 = {' + '.join(f'|{num(x)}|' for x in v)} = {sum_tex(absolutes)}"
                rf" = {sum(absolutes)}.$$"
            )
        squares = [x * x for x in v]
        total = sum(squares)
        return (
            "The L2 norm is the square root of the sum of the squared entries (Pythagoras):\n\n"
            rf"$$\|v\|_2 = \sqrt{{{' + '.join(f'{par(x)}^2' for x in v)}}}"
            rf" = \sqrt{{{sum_tex(squares)}}} = {sqrt_tex(total)}"
            rf" \approx {math.sqrt(total):.6g}.$$"
        )

    def independent_answer(self, p: Params) -> float:
        return float(np.linalg.norm(np.array(p["v"], dtype=float), ord=p["p"]))

    def misconceptions(self, p: Params) -> list[Misconception]:
        v = p["v"]
        l1 = sum(abs(x) for x in v)
        sum_squares = sum(x * x for x in v)
        has_negative = any(x < 0 for x in v)
        if p["p"] == 2:
            return [
                Misconception(
                    "forgot-square-root",
                    rf"You gave the sum of the squares, $\|v\|_2^2 = {sum_squares}$. The L2 norm "
                    "is the square root of that sum: take the root as the last step.",
                    sum_squares,
                ),
                Misconception(
                    "used-l1-for-l2",
                    "You added the absolute values: that is the L1 (taxicab) norm. The L2 norm "
                    "squares the entries, adds them, and takes the square root.",
                    l1,
                ),
            ]
        return [
            Misconception(
                "forgot-absolute-values",
                "You added the entries with their signs, so negative entries cancelled positive "
                "ones. The L1 norm adds the absolute values: every entry counts as a distance.",
                sum(v) if has_negative else None,
            ),
            Misconception(
                "used-l2-for-l1",
                "You computed the L2 (Euclidean) norm, the square root of the sum of squares. "
                "The L1 norm is simpler: add the absolute values of the entries.",
                math.sqrt(sum_squares),
            ),
        ]


class PointDistance(Exercise):
    id = "c1w3.distance-between-points"
    title = "Distance between two data points"
    topic = "norms"
    answer_kind = Number()

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.integers(2, 4))
        while True:
            a = rng.integers(-4, 8, size=n)
            b = rng.integers(-4, 8, size=n)
            if np.count_nonzero(a - b) >= 2:
                return {"a": a.astype(int).tolist(), "b": b.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        n = len(p["a"])
        return (
            f"A nearest-neighbour model compares customers described by {n} numeric "
            "features. Find the Euclidean (L2) distance between the customers\n\n"
            rf"$$a = {linalg.latex_vector(p['a'])} \quad\text{{and}}\quad "
            rf"b = {linalg.latex_vector(p['b'])}.$$"
            "\n\n" + TYPE_NUMBER
        )

    def answer(self, p: Params) -> float:
        return float(linalg.distance(p["a"], p["b"]))

    def solution(self, p: Params) -> str:
        a, b = p["a"], p["b"]
        diff = [x - y for x, y in zip(a, b, strict=True)]
        squares = [d * d for d in diff]
        total = sum(squares)
        return (
            "Subtract first, then measure: the distance is the L2 norm of the difference.\n\n"
            rf"$$a - b = {linalg.latex_vector(a)} - {linalg.latex_vector(b)}"
            rf" = {linalg.latex_vector(diff)},$$"
            "\n\n"
            rf"$$d(a, b) = \|a - b\|_2 = \sqrt{{{' + '.join(f'{par(d)}^2' for d in diff)}}}"
            rf" = \sqrt{{{sum_tex(squares)}}} = {sqrt_tex(total)}"
            rf" \approx {math.sqrt(total):.6g}.$$"
            "\n\n"
            rf"(The difference $b - a = {tuple_tex([-d for d in diff])}$ gives the same distance.)"
        )

    def independent_answer(self, p: Params) -> float:
        return float(np.linalg.norm(np.subtract(p["a"], p["b"], dtype=float)))

    def misconceptions(self, p: Params) -> list[Misconception]:
        a = np.array(p["a"], dtype=float)
        b = np.array(p["b"], dtype=float)
        squared = round(float(np.sum((a - b) ** 2)))
        return [
            Misconception(
                "forgot-square-root",
                rf"You gave the squared distance $\|a - b\|^2 = {squared}$. The distance is its "
                "square root.",
                squared,
            ),
            Misconception(
                "added-the-points",
                "You measured $a + b$. A distance measures the *difference* $a - b$: "
                "subtract the points entry by entry before squaring.",
                float(np.linalg.norm(a + b)),
            ),
            Misconception(
                "difference-of-lengths",
                r"You subtracted the two lengths, $\big|\|a\| - \|b\|\big|$. Two points can have "
                "the same length and still be far apart; subtract the vectors first, then take "
                "the length of the difference.",
                abs(float(np.linalg.norm(a) - np.linalg.norm(b))),
            ),
        ]


__all__ = ["PointDistance", "VectorNorm"]
