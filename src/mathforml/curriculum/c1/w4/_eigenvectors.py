"""Eigenvectors: the null space of A − λI, and the eigen-picture of familiar transformations."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathforml.curriculum.c1.w4._generators import (
    close_distinct_pair,
    diagonalizable_2x2,
    fraction_matrix,
    same_number,
    sympy_to_fraction,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Integer, Vector
from mathforml.toolkit import linalg
from mathforml.types import Params


def _eigenvector_for(A: Any, value: Any) -> list:
    """The toolkit's eigenvector for ``value`` (an eigenvalue of geometric multiplicity 1)."""
    eig = linalg.eigen(A)
    for lam, basis in zip(eig.values, eig.vectors, strict=True):
        if same_number(lam, value):
            return list(basis[0])
    raise ValueError(f"{value!r} is not an eigenvalue of {A!r}")


def _integer_direction(v: list) -> list[int]:
    """A multiple of ``v`` with coprime integer entries and a positive first non-zero entry."""
    fractions = [sympy_to_fraction(x) for x in v]
    lcm = math.lcm(*(q.denominator for q in fractions))
    ints = [int(q * lcm) for q in fractions]
    g = math.gcd(*ints)
    ints = [x // g for x in ints]
    first = next(x for x in ints if x != 0)
    return [-x for x in ints] if first < 0 else ints


class EigenvectorForEigenvalue(Exercise):
    id = "c1w4.eigenvector-for-eigenvalue"
    title = "An eigenvector for a given eigenvalue"
    topic = "eigenvectors"
    answer_kind = Vector(up_to_scale=True)

    def generate(self, rng: np.random.Generator) -> Params:
        if rng.random() < 0.65:
            values = list(close_distinct_pair(rng, -4, 6))
            A, _ = diagonalizable_2x2(rng, (values[0], values[1]))
        else:  # an upper-triangular 3×3 matrix with distinct eigenvalues on its diagonal
            values = [int(x) for x in rng.choice(np.arange(-3, 7), size=3, replace=False)]
            upper = [int(x) for x in rng.integers(-3, 4, size=3)]
            while upper[0] == 0 and upper[2] == 0:
                upper = [int(x) for x in rng.integers(-3, 4, size=3)]
            A = [[values[0], upper[0], upper[1]], [0, values[1], upper[2]], [0, 0, values[2]]]
        return {"A": A, "values": values, "ask": int(rng.integers(len(values)))}

    def _lam(self, p: Params) -> int:
        return p["values"][p["ask"]]

    def _shifted(self, p: Params) -> list[list[int]]:
        lam = self._lam(p)
        return [[x - lam * (i == j) for j, x in enumerate(row)] for i, row in enumerate(p["A"])]

    def prompt(self, p: Params) -> str:
        example = "[1, 2]" if len(p["A"]) == 2 else "[1, 2, 0]"
        return (
            f"The matrix\n\n$$A = {linalg.latex_matrix(p['A'])}$$\n\nhas the eigenvalue "
            rf"$\lambda = {self._lam(p)}$. Find an eigenvector for it."
            f"\n\nType a vector such as `{example}`; any non-zero multiple of a correct "
            "eigenvector is accepted."
        )

    def answer(self, p: Params) -> list:
        return _eigenvector_for(p["A"], self._lam(p))

    def solution(self, p: Params) -> str:
        lam = self._lam(p)
        shifted = self._shifted(p)
        rref = linalg.reduced_row_echelon_form(shifted)
        v = _integer_direction(self.answer(p))
        Av = [int(x) for x in linalg.matvec(p["A"], v)]
        return (
            r"An eigenvector solves $(A - \lambda I)v = 0$: it is in the null space of "
            r"$A - \lambda I$."
            f"\n\n$$A - ({lam})I = {linalg.latex_matrix(shifted)}$$\n\n"
            r"Reduce it; one row becomes zero, because $A - \lambda I$ is singular:" "\n\n"
            + linalg.render_steps(rref.steps)
            + "\n\nEach remaining row is an equation for the entries of $v$. Choosing the free "
            f"entry to keep the numbers whole gives $v = {linalg.latex_vector(v)}$."
            "\n\n"
            rf"Check: $Av = {linalg.latex_vector(Av)} = {lam} \cdot {linalg.latex_vector(v)}$."
        )

    def independent_answer(self, p: Params) -> list:
        null = (sympy.Matrix(p["A"]) - self._lam(p) * sympy.eye(len(p["A"]))).nullspace()
        return [float(x) for x in null[0]]

    def misconceptions(self, p: Params) -> list[Misconception]:
        row = next((r for r in self._shifted(p) if any(r)), None)
        other = next(x for x in p["values"] if x != self._lam(p))
        return [
            Misconception(
                "row-of-shifted-matrix",
                r"You gave a row of $A - \lambda I$. The eigenvector is the vector that this "
                r"matrix sends to zero: every row times $v$ must give 0, so $v$ is "
                r"perpendicular to the rows, not equal to one. Solve $(A - \lambda I)v = 0$.",
                row,
            ),
            Misconception(
                "other-eigenvalue",
                f"That is an eigenvector of $A$, but for the eigenvalue {other}, not "
                f"{self._lam(p)}. Use $A - ({self._lam(p)})I$ when you solve "
                r"$(A - \lambda I)v = 0$.",
                _eigenvector_for(p["A"], other),
            ),
        ]


# The transformations of "how many eigenvector directions?", with how often each is drawn.
_FAMILIES = ("rotation", "shear", "reflection", "projection", "uniform", "stretch")
_FAMILY_WEIGHTS = (0.2, 0.2, 0.15, 0.15, 0.1, 0.2)
_REFLECTIONS = {
    "the $x$-axis": [[1, 0], [0, -1]],
    "the $y$-axis": [[-1, 0], [0, 1]],
    "the line $y = x$": [[0, 1], [1, 0]],
    "the line $y = -x$": [[0, -1], [-1, 0]],
}
_PROJECTIONS = {
    "the $x$-axis": [[1, 0], [0, 0]],
    "the $y$-axis": [[0, 0], [0, 1]],
    "the line $y = x$": [["1/2", "1/2"], ["1/2", "1/2"]],
}


def _is_real(value: Any) -> bool:
    if isinstance(value, complex | np.complexfloating):
        return abs(value.imag) < 1e-12
    if type(value).__module__.startswith("sympy"):
        return bool(sympy.sympify(value).is_real)
    return True


class EigenvectorDirections(Exercise):
    id = "c1w4.eigenvector-directions"
    title = "How many eigenvector directions?"
    topic = "eigenvectors"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        family = str(rng.choice(_FAMILIES, p=_FAMILY_WEIGHTS))
        nonzero = [-3, -2, -1, 1, 2, 3]
        if family == "rotation":  # a rotation combined with a scaling: [[a, -b], [b, a]], b ≠ 0
            a, b = int(rng.integers(-2, 3)), int(rng.choice(nonzero))
            M, name = [[a, -b], [b, a]], "a rotation combined with a scaling"
            if a == 0 and abs(b) == 1:
                name = "the rotation by 90° " + ("counter-clockwise" if b == 1 else "clockwise")
        elif family == "shear":
            a, k = int(rng.choice([1, 1, 2, -2, 3])), int(rng.choice(nonzero))
            M = [[a, k], [0, a]] if rng.random() < 0.6 else [[a, 0], [k, a]]
            name = "a shear" + ("" if a == 1 else f" combined with a scaling by {a}")
        elif family == "reflection":
            where = str(rng.choice(list(_REFLECTIONS)))
            M, name = _REFLECTIONS[where], f"the reflection across {where}"
        elif family == "projection":
            where = str(rng.choice(list(_PROJECTIONS)))
            M, name = _PROJECTIONS[where], f"the projection onto {where}"
        elif family == "uniform":
            k = str(rng.choice(["2", "3", "-1", "-2", "1/2"]))
            M, name = [[k, 0], [0, k]], f"the uniform scaling by ${k}$"
        else:
            a, b = (int(x) for x in rng.choice(nonzero, size=2, replace=False))
            M, name = [[a, 0], [0, b]], "a stretch along the axes"
        M = [[str(x) for x in row] for row in M]
        return {"M": M, "family": family, "name": name}

    def _matrix(self, p: Params) -> list[list[Fraction]]:
        return fraction_matrix(p["M"])

    def prompt(self, p: Params) -> str:
        return (
            "How many linearly independent **real** eigenvectors does\n\n"
            f"$$M = {linalg.latex_matrix(self._matrix(p))}$$\n\nhave? "
            "(In the plane the answer is 0, 1 or 2.)\n\nType a whole number."
        )

    def answer(self, p: Params) -> int:
        eig = linalg.eigen(self._matrix(p))
        return sum(
            g for lam, g in zip(eig.values, eig.geometric_multiplicity, strict=True)
            if _is_real(lam)
        )

    def solution(self, p: Params) -> str:
        M = self._matrix(p)
        poly = linalg.characteristic_polynomial(M)
        eig = linalg.eigen(M)
        lines = [
            f"$M$ is {p['name']}. Its characteristic polynomial is "
            rf"$\det(M - \lambda I) = {sympy.latex(sympy.factor(poly.sympy_expr))}$."
        ]
        for lam, g, basis in zip(eig.values, eig.geometric_multiplicity, eig.vectors, strict=True):
            if not _is_real(lam):
                continue
            vectors = ", ".join(linalg.latex_vector(_integer_direction(v)) for v in basis)
            lines.append(
                rf"- $\lambda = {linalg.latex_number(lam)}$: the null space of "
                rf"$M - \lambda I$ has dimension {g}, spanned by ${vectors}$."
            )
        if not any(_is_real(lam) for lam in eig.values):
            roots = " and ".join(f"${linalg.latex_number(lam)}$" for lam in eig.values)
            lines.append(
                f"Its roots, {roots}, are complex, so no real direction stays on its own line: "
                "every vector is turned."
            )
        return "\n\n".join(lines) + f"\n\nIn all: **{self.answer(p)}**."

    def independent_answer(self, p: Params) -> int:
        M = sympy.Matrix([[sympy.Rational(x) for x in row] for row in p["M"]])
        return sum(len(vectors) for value, _, vectors in M.eigenvects() if value.is_real)

    def misconceptions(self, p: Params) -> list[Misconception]:
        family = p["family"]
        M = self._matrix(p)
        # A reflection always flips the perpendicular direction; a stretch only when a
        # factor is negative.
        negative = family == "reflection" or (family == "stretch" and min(M[0][0], M[1][1]) < 0)
        return [
            Misconception(
                "complex-eigenvectors",
                "This matrix turns every direction. Its eigenvalues come from "
                r"$\lambda^2 - (\text{trace})\lambda + \det = 0$, which has complex roots here, "
                "so there is no real vector that stays on its own line.",
                2 if family == "rotation" else None,
            ),
            Misconception(
                "counted-repeated-eigenvalue",
                "The eigenvalue is a double root, but that does not give two eigenvector "
                r"directions. Solve $(M - \lambda I)v = 0$: a shear leaves only one line in "
                "place, so there is only one independent eigenvector.",
                2 if family == "shear" else None,
            ),
            Misconception(
                "one-per-distinct-eigenvalue",
                "There is only one eigenvalue, but for this matrix "
                r"$M - \lambda I$ is the zero matrix, so **every** non-zero vector is an "
                "eigenvector, and you can pick two independent ones.",
                1 if family == "uniform" else None,
            ),
            Misconception(
                "zero-eigenvalue-ignored",
                "A vector that is squashed to zero is still an eigenvector, with eigenvalue 0 "
                r"($Mv = 0 = 0 \cdot v$). A projection has the line it projects onto "
                r"($\lambda = 1$) and the direction it flattens ($\lambda = 0$).",
                1 if family == "projection" else None,
            ),
            Misconception(
                "flipped-direction-ignored",
                "A vector that is flipped to point the other way still stays on its own line: "
                "it is an eigenvector with a negative eigenvalue.",
                1 if negative else None,
            ),
        ]
