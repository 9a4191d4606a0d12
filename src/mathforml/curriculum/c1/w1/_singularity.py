"""Singular and non-singular: decide for a matrix, and choose constants for a singular system."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathforml.curriculum.c1.w1._common import XYZ, distinct, system_latex, weighted_rows
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Choice, Rational
from mathforml.toolkit import linalg
from mathforml.types import Params


def _two_independent_rows(rng: np.random.Generator, low: int, high: int) -> list[list[int]]:
    """Two rows of length 3, neither a multiple of the other, whose first two columns are
    independent too (so a combination is pinned down by those columns alone)."""
    while True:
        r = rng.integers(low, high + 1, size=(2, 3))
        if r[0, 0] * r[1, 1] - r[0, 1] * r[1, 0] != 0:
            return r.astype(int).tolist()


def combination_latex(weights: list[Any], noun: str = r"\text{row}") -> str:
    """``2\\,\\text{row}_1 - \\text{row}_2`` for weights ``[2, -1]`` (zero weights skipped)."""
    parts: list[str] = []
    for i, w in enumerate(weights, start=1):
        if w == 0:
            continue
        magnitude = abs(Fraction(w))
        factor = "" if magnitude == 1 else linalg.latex_number(magnitude) + r"\,"
        sign = "-" if w < 0 else ("+" if parts else "")
        parts.append(f"{sign} {factor}{noun}_{{{i}}}".strip())
    return " ".join(parts) if parts else "0"


class SingularOrNot(Exercise):
    """Singular or not, for a 3×3 matrix whose dependence (if any) is not between two rows."""

    id = "c1w1.singular-or-non-singular"
    title = "Singular or non-singular?"
    topic = "singularity"
    OPTIONS = ("singular", "non-singular")
    answer_kind = Choice(OPTIONS)

    def generate(self, rng: np.random.Generator) -> Params:
        singular = bool(rng.random() < 0.5)
        while True:
            r1, r2 = _two_independent_rows(rng, -3, 3)
            alpha, beta = (int(v) for v in rng.choice([-2, -1, 1, 2], size=2))
            r3 = weighted_rows([r1, r2], [alpha, beta])
            # Non-singular variants are mostly a combination spoiled in one entry, so the
            # learner cannot decide by eye; the last column is spoiled most often.
            near = not singular and rng.random() < 0.7
            column = int(rng.choice([0, 1, 2], p=[0.2, 0.2, 0.6])) if near else -1
            if near:
                r3[column] += int(rng.choice([-1, 1]))
            elif not singular:
                r3 = [int(v) for v in rng.integers(-4, 5, size=3)]
            rows = [r1, r2, r3]
            det = round(float(np.linalg.det(np.array(rows))))
            if (det == 0) == singular and max(abs(v) for v in r3) <= 9 and any(r3):
                break
        order = [int(k) for k in rng.permutation(3)]
        return {"A": [rows[k] for k in order], "spoiled_column": column}

    def prompt(self, p: Params) -> str:
        return (
            f"Is the matrix\n\n$$ A = {linalg.latex_matrix(p['A'])} $$\n\n"
            "singular or non-singular?"
        )

    def answer(self, p: Params) -> str:
        return "singular" if linalg.classify(p["A"]).singular else "non-singular"

    def solution(self, p: Params) -> str:
        verdict = linalg.classify(p["A"])
        det = linalg.determinant(p["A"], method="cofactor")
        text = (
            "Compute the determinant by cofactor expansion along the first row:\n\n"
            + linalg.render_steps(det.steps)
            + "\n\n"
        )
        if verdict.singular:
            relation = linalg.linearly_independent(p["A"]).relation
            k = max(i for i, c in enumerate(relation) if c != 0)
            weights = [-Fraction(c) / Fraction(relation[k]) for c in relation[:k]]
            text += (
                r"$\det A = 0$, so $A$ is **singular**. The reason is a dependence among the "
                rf"rows: $\text{{row}}_{{{k + 1}}} = {combination_latex(weights)}$. "
                "No two rows are multiples of each other, so checking pairs of rows would "
                "have missed it."
            )
        else:
            text += (
                rf"$\det A = {linalg.latex_number(det.value)} \neq 0$, so $A$ is "
                "**non-singular**: its rows are linearly independent, and every system "
                r"$A\mathbf{x} = \mathbf{b}$ has exactly one solution."
            )
        return text

    def independent_answer(self, p: Params) -> str:
        return "singular" if sympy.Matrix(p["A"]).det() == 0 else "non-singular"

    def misconceptions(self, p: Params) -> list[Misconception]:
        singular = self.independent_answer(p) == "singular"
        return [
            Misconception(
                "checked-pairs-only",
                "No two rows are multiples of each other, but that is not enough: one row is "
                "a combination of the *other two*. Try $\\text{row}_3 = a\\,\\text{row}_1 + "
                "b\\,\\text{row}_2$ (or compute the determinant, which is $0$).",
                "non-singular" if singular else None,
            ),
            Misconception(
                "skipped-last-check",
                "One row matches a combination of the other two in the first two columns, "
                "but not in the last one. A combination must hold in **every** column: check "
                "the last entry too (the determinant is not $0$).",
                "singular" if p["spoiled_column"] == 2 else None,
            ),
        ]


class InfinitelyManyConstant(Exercise):
    """The constant that turns a singular system from contradictory into redundant."""

    id = "c1w1.infinitely-many-constant"
    title = "Constant for infinitely many solutions"
    topic = "singularity"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        if rng.random() < 0.4:
            base = [int(v) for v in rng.choice([-3, -2, -1, 1, 2, 3, 4], size=2)]
            k1, k2 = (int(v) for v in rng.choice([-3, -2, -1, 1, 2, 3], size=2, replace=False))
            t = int(rng.choice([-4, -3, -2, -1, 1, 2, 3, 4]))
            A = [[k1 * base[0], k1 * base[1]], [k2 * base[0], k2 * base[1]]]
            return {"A": A, "b": [k1 * t], "weights": [Fraction(k2, k1).numerator,
                                                    Fraction(k2, k1).denominator]}
        r1, r2 = _two_independent_rows(rng, -3, 3)
        alpha, beta = (int(v) for v in rng.choice([-2, -1, 1, 2, 3], size=2))
        b = [int(v) for v in rng.integers(-6, 7, size=2)]
        while alpha * b[0] + beta * b[1] == 0:
            b = [int(v) for v in rng.integers(-6, 7, size=2)]
        return {"A": [r1, r2, weighted_rows([r1, r2], [alpha, beta])], "b": b,
                "weights": [alpha, beta]}

    def _names(self, p: Params) -> tuple[str, ...]:
        return XYZ[: len(p["A"])]

    def prompt(self, p: Params) -> str:
        n = len(p["A"])
        return (
            f"This system is singular. Find the constant $c$ for which it has infinitely "
            "many solutions (for every other value it has none):\n\n"
            f"$$ {system_latex(p['A'], [*p['b'], 'c'], self._names(p))} $$\n\n"
            "Type $c$ as a whole number or a fraction such as `-7/2`."
            + ("" if n == 2 else "\n\nHint: write row 3 of the coefficients as a combination "
               "of rows 1 and 2.")
        )

    def answer(self, p: Params) -> Fraction:
        # A relation sum(r_i * row_i) = 0 among the coefficient rows must hold for the
        # constants too, or elimination ends in 0 = (non-zero).
        relation = linalg.linearly_independent(p["A"]).relation
        last = relation[-1]
        return -sum(Fraction(r) * v for r, v in zip(relation[:-1], p["b"], strict=True)) / last

    def solution(self, p: Params) -> str:
        c = self.answer(p)
        relation = linalg.linearly_independent(p["A"]).relation
        n = len(p["A"])
        weights = [-Fraction(r) / Fraction(relation[-1]) for r in relation[:-1]]
        combo = combination_latex(weights)
        constants = " + ".join(
            rf"{linalg.latex_number(w)} \cdot ({b})" for w, b in zip(weights, p["b"], strict=True)
        )
        full = linalg.solve(p["A"], [*p["b"], c])
        return (
            f"The coefficient rows are dependent: $\\text{{row}}_{{{n}}} = {combo}$. So the "
            f"left-hand side of equation {n} is that same combination of the other left-hand "
            f"sides. The equations agree (and the last one is redundant) only when the "
            f"constants obey the same combination:\n\n"
            f"$$ c = {constants} = {linalg.latex_number(c)} $$\n\n"
            "With this $c$, elimination turns the last equation into $0 = 0$ and leaves a free "
            "unknown:\n\n"
            + linalg.render_steps(full.steps, augmented_at=n)
            + "\n\nFor any other value of $c$ the last row would read $0 = "
            r"(\text{something} \neq 0)$: no solution. The matrix is singular either way."
        )

    def independent_answer(self, p: Params) -> sympy.Rational:
        # A left null vector y (y^T A = 0) must also annihilate the constants: y^T b = 0.
        y = sympy.Matrix(p["A"]).T.nullspace()[0]
        known = sum(y[i] * v for i, v in enumerate(p["b"]))
        return -known / y[len(p["b"])]

    def misconceptions(self, p: Params) -> list[Misconception]:
        c = self.answer(p)
        two = len(p["A"]) == 2
        w0, w1 = p["weights"]
        inverted = None
        if two:
            ratio = Fraction(w0, w1)
            inverted = p["b"][0] / ratio if ratio * ratio != 1 else None
        swapped = None if two or w0 == w1 else w1 * p["b"][0] + w0 * p["b"][1]
        return distinct([
            Misconception(
                "zero-constant",
                "A singular system does not need a zero constant. It has infinitely many "
                "solutions when the constants are related exactly like the coefficient rows, "
                "so that one equation repeats the information of the others.",
                0 if c != 0 else None,
            ),
            Misconception(
                "inverted-ratio",
                "You divided by the ratio instead of multiplying. Find the number $m$ with "
                r"$\text{row}_2 = m \cdot \text{row}_1$ of the coefficients; then the second "
                "constant must be $m$ times the first.",
                inverted if inverted != c else None,
            ),
            Misconception(
                "swapped-weights",
                "You swapped the weights of the two equations. Use the weight of row 1 on the "
                "first constant and the weight of row 2 on the second.",
                swapped if swapped != c else None,
            ),
        ])
