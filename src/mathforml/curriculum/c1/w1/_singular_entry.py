"""The entry that makes a matrix singular: solve det = 0, which is linear in that entry."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathforml.curriculum.c1.w1._determinants import (
    det_by_formula,
    expansion_with_middle_plus,
    minor_of,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Rational
from mathforml.toolkit import linalg
from mathforml.types import Params


def _affine_root(f: Callable[[Fraction], Any]) -> Fraction | None:
    """The root of ``f(k) = αk + β``, or None when α = 0 (no single root)."""
    f0, f1 = Fraction(f(Fraction(0))), Fraction(f(Fraction(1)))
    slope = f1 - f0
    return None if slope == 0 else -f0 / slope


def _with_k(p: Params, k: Any) -> list[list[Any]]:
    i, j = p["pos"]
    return [[k if (r, c) == (i, j) else v for c, v in enumerate(row)]
            for r, row in enumerate(p["A"])]


class SingularK(Exercise):
    """Solve ``det = 0`` for one unknown entry: the determinant is linear in it."""

    id = "c1w1.singular-k"
    title = "Choose k to make a matrix singular"
    topic = "determinant"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        n = 2 if rng.random() < 0.4 else 3
        while True:
            A = rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5], size=(n, n)).astype(int)
            if n == 3:
                A[rng.integers(1, 3), rng.integers(0, 3)] = rng.integers(-1, 2)
            pos = [int(rng.integers(0, n)), int(rng.integers(0, n))] if n == 2 else \
                [0, int(rng.integers(0, 3))]
            A[pos[0], pos[1]] = 0
            p = {"A": A.tolist(), "pos": pos}
            k = _affine_root(lambda t, p=p: det_by_formula(_with_k(p, t)))
            if k is not None and k.denominator <= 5 and abs(k) <= 25:
                return p

    def _shown(self, p: Params) -> list[list[Any]]:
        return _with_k(p, "k")

    def prompt(self, p: Params) -> str:
        return (
            f"For which value of $k$ is the matrix\n\n$$ {linalg.latex_matrix(self._shown(p))} $$"
            "\n\nsingular? Type $k$ as a whole number or a fraction such as `-5/3`."
        )

    def _det(self, t: Fraction, p: Params) -> Fraction:
        return linalg.determinant(_with_k(p, t), method="cofactor").value

    def answer(self, p: Params) -> Fraction:
        root = _affine_root(lambda t: self._det(t, p))
        assert root is not None
        return root

    def solution(self, p: Params) -> str:
        k = self.answer(p)
        f0 = self._det(Fraction(0), p)
        slope = self._det(Fraction(1), p) - f0
        expr = _affine_latex(slope, f0)
        if len(p["A"]) == 2:
            (a, b), (c, d) = ([_factor(v) for v in row] for row in self._shown(p))
            how = f"$\\det = {a} \\cdot {d} - {b} \\cdot {c} = {expr}$."
        else:
            j = p["pos"][1]
            lines = []
            for col in range(3):
                minor = minor_of(p["A"], 0, col)
                m = linalg.determinant(minor, method="cofactor").value
                sign = "+" if col % 2 == 0 else "-"
                entry = "k" if col == j else _factor(p["A"][0][col])
                lines.append(
                    f"- column {col + 1}: ${sign}\\, {entry} \\cdot \\det "
                    f"{linalg.latex_matrix(minor)} = {sign}\\, {entry} \\cdot {_factor(m)}$"
                )
            how = (
                "Expand along the first row; $k$ is not in any minor, so each minor is a "
                "number (signs $+, -, +$):\n\n" + "\n".join(lines)
                + f"\n\nAdding up: $\\det = {expr}$."
            )
        check = linalg.classify(_with_k(p, k))
        return (
            "A matrix is singular exactly when its determinant is $0$. The entry $k$ appears "
            "once, so the determinant is a linear expression in $k$.\n\n"
            + how
            + f"\n\nSet it to zero: ${expr} = 0$, so $k = {linalg.latex_number(k)}$.\n\n"
            f"Check with $k = {linalg.latex_number(k)}$: {check.reason}."
        )

    def independent_answer(self, p: Params) -> sympy.Rational:
        k = sympy.Symbol("k")
        roots = sympy.solve(sympy.Matrix(_with_k(p, k)).det(), k)
        assert len(roots) == 1, roots
        return roots[0]

    def misconceptions(self, p: Params) -> list[Misconception]:
        right = self.answer(p)
        # In a 2×2, or with k in the middle of row 1, writing ad + bc or forgetting the middle
        # cofactor's minus flips exactly the other terms, which lands on -k as a sign slip
        # does; those variants get the one combined remark, the others a separate one.
        middle = None
        if len(p["A"]) == 3 and p["pos"][1] != 1:
            middle = _affine_root(lambda t: expansion_with_middle_plus(_with_k(p, t)))
            if middle in (right, -right):
                middle = None
        return [
            Misconception(
                "sign-slip",
                "Your value has the right size but the wrong sign. Check two signs: the one "
                "in front of the term with $k$ (a 2×2 determinant is $ad - bc$, and the "
                "first-row cofactor signs of a 3×3 go $+, -, +$), and the one of the number "
                "you move across the equals sign: $\\alpha k + \\beta = 0$ gives "
                "$k = -\\beta / \\alpha$.",
                -right if right != 0 else None,
            ),
            Misconception(
                "middle-cofactor-sign",
                "You added all three terms of the first-row expansion. The middle cofactor "
                "has sign $(-1)^{1+2} = -1$: the expansion is $+, -, +$.",
                middle,
            ),
        ]


def _factor(v: Any) -> str:
    """An entry as a factor in a product: ``k``, ``3``, ``(-2)``."""
    if isinstance(v, str):
        return v
    return linalg.latex_number(v) if v >= 0 else rf"\left({linalg.latex_number(v)}\right)"


def _affine_latex(slope: Fraction, intercept: Fraction) -> str:
    """``3k - 6`` for slope 3 and intercept −6."""
    mag = abs(slope)
    head = ("-" if slope < 0 else "") + ("" if mag == 1 else linalg.latex_number(mag)) + "k"
    if intercept == 0:
        return head
    return f"{head} {'-' if intercept < 0 else '+'} {linalg.latex_number(abs(intercept))}"

