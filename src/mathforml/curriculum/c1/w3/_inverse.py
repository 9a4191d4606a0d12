"""The inverse of a 2×2 matrix, and when it fails to exist."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathforml.curriculum.c1.w3._common import TYPE_MATRIX, exact, k_term, num, par, plus
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Matrix, Rational
from mathforml.toolkit import linalg
from mathforml.types import Params


def _scaled(M: list[list[int]], det: int) -> list[list[Fraction]]:
    return [[Fraction(x, det) for x in row] for row in M]


class Inverse2x2(Exercise):
    id = "c1w3.inverse-2x2"
    title = "Inverse of a 2×2 matrix"
    topic = "inverse"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            a, b, c, d = (int(x) for x in rng.integers(-5, 7, size=4))
            det = a * d - b * c
            # A small determinant keeps the fractions friendly; det = 1 only now and then.
            if b and c and 0 < abs(det) <= 4 and (det != 1 or rng.random() < 0.15):
                return {"A": [[a, b], [c, d]]}

    def prompt(self, p: Params) -> str:
        return (
            "Find the inverse of\n\n"
            rf"$$A = {linalg.latex_matrix(p['A'])}.$$"
            "\n\n" + TYPE_MATRIX
        )

    def answer(self, p: Params) -> list[list[Any]]:
        return linalg.inverse(p["A"]).matrix

    def solution(self, p: Params) -> str:
        (a, b), (c, d) = p["A"]
        det = a * d - b * c
        inverse = _scaled([[d, -b], [-c, a]], det)
        check = linalg.matmul(p["A"], inverse).matrix
        return (
            "For a $2 \\times 2$ matrix, swap the diagonal entries, negate the off-diagonal "
            "ones, and divide by the determinant.\n\n"
            rf"$$\det A = {par(a)} \cdot {par(d)} - {par(b)} \cdot {par(c)} = {det} \ne 0,$$"
            "\n\n"
            rf"$$A^{{-1}} = \frac{{1}}{{{det}}} {linalg.latex_matrix([[d, -b], [-c, a]])} = "
            rf"{linalg.latex_matrix(inverse)}.$$"
            "\n\n"
            rf"Check: $A A^{{-1}} = {linalg.latex_matrix(check)}$, the identity."
        )

    def independent_answer(self, p: Params) -> list[list[Fraction]]:
        inv = sympy.Matrix(p["A"]).inv()
        return [[Fraction(int(x.p), int(x.q)) for x in inv.row(i)] for i in range(2)]

    def misconceptions(self, p: Params) -> list[Misconception]:
        (a, b), (c, d) = p["A"]
        det = a * d - b * c
        return [
            Misconception(
                "forgot-to-divide",
                "You swapped and negated correctly but did not divide by the determinant "
                rf"$\det A = {det}$. Multiply every entry by $\frac{{1}}{{{det}}}$.",
                [[d, -b], [-c, a]] if det != 1 else None,
            ),
            Misconception(
                "forgot-to-negate",
                "You swapped the diagonal entries but kept the signs of the off-diagonal ones. "
                "Those two entries change sign: $b$ becomes $-b$ and $c$ becomes $-c$.",
                _scaled([[d, b], [c, a]], det),
            ),
            Misconception(
                "did-not-swap",
                "You negated the off-diagonal entries but left the diagonal in place. The "
                "diagonal entries trade places: $a$ goes to the bottom right and $d$ to the "
                "top left.",
                _scaled([[a, -b], [-c, d]], det) if a != d else None,
            ),
            Misconception(
                "reciprocal-entries",
                "You took the reciprocal of each entry. The inverse of a matrix is not built "
                "entry by entry: it is the matrix that undoes $A$, so that $A A^{-1} = I$.",
                [[Fraction(1, a), Fraction(1, b)], [Fraction(1, c), Fraction(1, d)]]
                if a and b and c and d else None,
            ),
        ]


_POSITIONS = ((0, 0), (0, 1), (1, 0), (1, 1))


class SingularK(Exercise):
    id = "c1w3.singular-k"
    title = "When is there no inverse?"
    topic = "inverse"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        i, j = _POSITIONS[int(rng.integers(4))]
        while True:
            A = rng.integers(-6, 7, size=(2, 2))
            A[i, j] = 0
            partner = A[1 - i, 1 - j]
            if partner != 0 and round(np.linalg.det(A)) != 0:
                return {"A": A.astype(int).tolist(), "k_at": [i, j]}

    def _tex(self, p: Params) -> str:
        i, j = p["k_at"]
        rows = [[num(x) for x in row] for row in p["A"]]
        rows[i][j] = "k"
        return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(r) for r in rows) + r" \end{bmatrix}"

    def prompt(self, p: Params) -> str:
        return (
            "For which value of $k$ does the matrix\n\n"
            rf"$$A = {self._tex(p)}$$"
            "\n\nhave **no** inverse? Type the exact value, a fraction if needed (e.g. `5/2`)."
        )

    def _linear(self, p: Params) -> tuple[Fraction, Fraction]:
        """``det A = slope·k + constant``: the determinant is linear in one entry."""
        i, j = p["k_at"]
        with_one = [row[:] for row in p["A"]]
        with_one[i][j] = 1
        constant = exact(linalg.determinant(p["A"]).value)
        slope = exact(linalg.determinant(with_one).value) - constant
        return slope, constant

    def answer(self, p: Params) -> Fraction:
        slope, constant = self._linear(p)
        return -constant / slope

    def solution(self, p: Params) -> str:
        (a, b), (c, d) = [[("k" if [r, s] == p["k_at"] else par(x)) for s, x in enumerate(row)]
                          for r, row in enumerate(p["A"])]
        slope, constant = self._linear(p)
        k = self.answer(p)
        return (
            "A $2 \\times 2$ matrix has no inverse exactly when its determinant is zero.\n\n"
            rf"$$\det A = {a} \cdot {d} - {b} \cdot {c} = {k_term(slope)}{plus(constant)}.$$"
            "\n\n"
            rf"Setting it to zero: ${k_term(slope)} = {num(-constant)}$, so $k = {num(k)}$. "
            "For this $k$ the columns of $A$ lie on one line and $A$ squashes the plane onto it, "
            "which nothing can undo."
        )

    def independent_answer(self, p: Params) -> Fraction:
        k = sympy.Symbol("k")
        M = sympy.Matrix(p["A"])
        M[p["k_at"][0], p["k_at"][1]] = k
        (root,) = sympy.solve(M.det(), k)
        return Fraction(int(root.p), int(root.q))

    def misconceptions(self, p: Params) -> list[Misconception]:
        k = self.answer(p)
        return [
            Misconception(
                "added-the-products",
                r"You used $ad + bc$. The determinant of $\begin{bmatrix} a & b \\ c & d "
                r"\end{bmatrix}$ is $ad - bc$: the product of the off-diagonal entries is "
                "subtracted.",
                -k,
            ),
            Misconception(
                "divided-upside-down",
                "You divided the wrong way round. To solve $a k = c$, divide both sides by the "
                r"coefficient of $k$: $k = \frac{c}{a}$.",
                1 / k if k not in (1, -1) else None,
            ),
        ]


__all__ = ["Inverse2x2", "SingularK"]
