"""The determinant: 2×2 and 3×3 by hand, and the entry that makes a matrix singular."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathforml.curriculum.c1.w1._common import distinct
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Integer
from mathforml.toolkit import linalg
from mathforml.types import Params

Rows = Sequence[Sequence[Any]]


def minor_of(M: Rows, i: int, j: int) -> list[list[Any]]:
    return [[v for c, v in enumerate(row) if c != j] for r, row in enumerate(M) if r != i]


def det2_formula(M: Rows) -> Any:
    return M[0][0] * M[1][1] - M[0][1] * M[1][0]


def det_by_formula(M: Rows) -> Any:
    """A 2×2 or 3×3 determinant by the formulas, for generators (any exact numbers)."""
    if len(M) == 2:
        return det2_formula(M)
    return sum((-1) ** j * M[0][j] * det2_formula(minor_of(M, 0, j)) for j in range(3))


def expansion_with_middle_plus(M: Rows) -> Any:
    """The first-row expansion with every sign +: the middle cofactor's sign forgotten."""
    return sum(M[0][j] * det2_formula(minor_of(M, 0, j)) for j in range(3))


def _diagonal_products(M: Rows) -> tuple[list[Any], list[Any]]:
    """The three down-right and the three down-left products of the diagonal rule."""
    down = [M[0][j] * M[1][(j + 1) % 3] * M[2][(j + 2) % 3] for j in range(3)]
    up = [M[0][(j + 2) % 3] * M[1][(j + 1) % 3] * M[2][j] for j in range(3)]
    return down, up


def _matrix_with_few_zeros(rng: np.random.Generator, n: int, low: int, high: int,
                           max_zeros: int) -> list[list[int]]:
    while True:
        M = rng.integers(low, high + 1, size=(n, n))
        if int(np.count_nonzero(M == 0)) <= max_zeros:
            return M.astype(int).tolist()


class Determinant2(Exercise):
    """ad − bc, with the three ways learners get its signs wrong."""

    id = "c1w1.determinant-2x2"
    title = "Determinant of a 2×2 matrix"
    topic = "determinant"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        return {"A": _matrix_with_few_zeros(rng, 2, -9, 9, max_zeros=1)}

    def prompt(self, p: Params) -> str:
        return (
            f"Compute the determinant of\n\n$$ A = {linalg.latex_matrix(p['A'])} $$\n\n"
            "Type a whole number."
        )

    def answer(self, p: Params) -> Fraction:
        return linalg.determinant(p["A"], method="cofactor").value

    def solution(self, p: Params) -> str:
        det = linalg.determinant(p["A"], method="cofactor")
        verdict = "non-singular" if det.value != 0 else "singular"
        return (
            "For $A = \\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}$, "
            r"$\det A = ad - bc$: the main diagonal's product minus the other diagonal's."
            "\n\n" + linalg.render_steps(det.steps)
            + f"\n\nSo $\\det A = {linalg.latex_number(det.value)}$, and $A$ is {verdict}."
        )

    def independent_answer(self, p: Params) -> int:
        return int(sympy.Matrix(p["A"]).det())

    def misconceptions(self, p: Params) -> list[Misconception]:
        (a, b), (c, d) = p["A"]
        right = a * d - b * c

        def differs(x: int) -> int | None:
            return x if x != right else None

        return distinct([
            Misconception(
                "added-products",
                "You added the two diagonal products. The determinant *subtracts*: "
                "$ad - bc$.",
                differs(a * d + b * c),
            ),
            Misconception(
                "reversed-order",
                "You computed $bc - ad$, which has the opposite sign. The main diagonal "
                "(top-left to bottom-right) comes first: $ad - bc$.",
                differs(b * c - a * d),
            ),
            Misconception(
                "row-products",
                "You multiplied along the rows ($ab - cd$). Multiply along the diagonals: "
                "$ad - bc$.",
                differs(a * b - c * d),
            ),
        ])


class Determinant3(Exercise):
    """A 3×3 determinant by cofactors, checked by the diagonal rule."""

    id = "c1w1.determinant-3x3"
    title = "Determinant of a 3×3 matrix"
    topic = "determinant"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        return {"A": _matrix_with_few_zeros(rng, 3, -5, 5, max_zeros=2)}

    def prompt(self, p: Params) -> str:
        return (
            f"Compute the determinant of\n\n$$ A = {linalg.latex_matrix(p['A'])} $$\n\n"
            "Type a whole number. (Cofactor expansion or the diagonal rule both work.)"
        )

    def answer(self, p: Params) -> Fraction:
        return linalg.determinant(p["A"], method="cofactor").value

    def solution(self, p: Params) -> str:
        det = linalg.determinant(p["A"], method="cofactor")
        down, up = _diagonal_products(p["A"])
        plus = " + ".join(f"({v})" for v in down)
        minus = " - ".join(f"({v})" for v in up)
        return (
            "Expand along the first row. Each cofactor is $(-1)^{1+j}$ times the "
            "determinant of the minor left after deleting row 1 and column $j$; the signs "
            "go $+, -, +$.\n\n"
            + linalg.render_steps(det.steps)
            + f"\n\nCheck with the diagonal rule: ${plus} - {minus} = "
            f"{sum(down)} - ({sum(up)}) = {linalg.latex_number(det.value)}$."
        )

    def independent_answer(self, p: Params) -> int:
        return int(sympy.Matrix(p["A"]).det())

    def misconceptions(self, p: Params) -> list[Misconception]:
        A = p["A"]
        right = int(sympy.Matrix(A).det())
        down, up = _diagonal_products(A)

        def differs(x: int) -> int | None:
            return x if x != right else None

        return distinct([
            Misconception(
                "middle-cofactor-sign",
                "You added all three terms of the first-row expansion. The middle term is "
                "subtracted: $\\det A = a_{11}M_{11} - a_{12}M_{12} + a_{13}M_{13}$, because "
                "the sign of position $(1, 2)$ is $(-1)^{1+2} = -1$.",
                differs(expansion_with_middle_plus(A)),
            ),
            Misconception(
                "all-diagonals-added",
                "You added all six diagonal products. The three that run down to the left "
                "are *subtracted*: $aei + bfg + cdh - ceg - afh - bdi$.",
                differs(sum(down) + sum(up)),
            ),
            Misconception(
                "two-diagonals-only",
                "You used only the two long diagonals, like a 2×2 determinant. A 3×3 "
                "determinant has six products: three added (down to the right, wrapping "
                "around) and three subtracted.",
                differs(down[0] - up[0]),
            ),
        ])
