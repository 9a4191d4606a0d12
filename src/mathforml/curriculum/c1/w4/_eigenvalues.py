"""Eigenvalues: the characteristic polynomial of a 2×2 matrix and its roots."""

from __future__ import annotations

import numpy as np
import sympy

from mathforml.curriculum.c1.w4._generators import close_distinct_pair, diagonalizable_2x2
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Expression, Rational, Set
from mathforml.toolkit import linalg
from mathforml.types import Params

#: The variable of characteristic polynomials, named as learners type it (``lambda`` or ``λ``).
LAMBDA = sympy.Symbol("lambda")


def _poly(trace_coefficient: int, constant: int) -> sympy.Expr:
    """``λ² + t·λ + c`` as a SymPy expression."""
    return LAMBDA**2 + trace_coefficient * LAMBDA + constant


def _charpoly_working(A: list[list[int]]) -> str:
    """``det(A − λI)`` expanded with the variant's numbers, as on paper."""
    (a, b), (c, d) = A
    tr, det = a + d, a * d - b * c
    shifted = rf"\begin{{bmatrix}} {a} - \lambda & {b} \\ {c} & {d} - \lambda \end{{bmatrix}}"
    bc = f"({b})({c})" if min(b, c) < 0 else rf"{b} \cdot {c}"
    d_par = f"({d})" if d < 0 else str(d)
    return (
        rf"$$\det(A - \lambda I) = \det {shifted} = ({a} - \lambda)({d} - \lambda) - {bc}$$"
        "\n\n"
        r"Expanding, the $\lambda$ terms give $-(\text{trace})\,\lambda$ and the constant is "
        r"$\det A$:"
        "\n\n"
        rf"$$\lambda^2 - ({a} + {d_par})\lambda + ({a} \cdot {d_par} - {bc}) = "
        rf"{sympy.latex(_poly(-tr, det))}.$$"
    )


class CharacteristicPolynomial(Exercise):
    id = "c1w4.characteristic-polynomial"
    title = "Characteristic polynomial of a 2×2 matrix"
    topic = "eigenvalues"
    answer_kind = Expression(variables=("lambda",))

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            a, b, c, d = (int(x) for x in rng.integers(-5, 6, size=4))
            if a + d != 0 and b * c != 0:
                return {"A": [[a, b], [c, d]]}

    def prompt(self, p: Params) -> str:
        return (
            r"Find the characteristic polynomial $\det(A - \lambda I)$ of "
            "\n\n"
            rf"$$A = {linalg.latex_matrix(p['A'])}.$$"
            "\n\n" r"Type a polynomial in $\lambda$; write the variable as `lambda` or `λ`, "
            "for example `lambda^2 - 3lambda + 2`."
        )

    def answer(self, p: Params) -> sympy.Expr:
        return linalg.characteristic_polynomial(p["A"]).sympy_expr

    def solution(self, p: Params) -> str:
        steps = linalg.characteristic_polynomial(p["A"]).steps
        return (
            _charpoly_working(p["A"])
            + "\n\n" r"The same with the $2 \times 2$ shortcut "
            r"$\lambda^2 - (\operatorname{tr} A)\lambda + \det A$:"
            + "\n\n"
            + linalg.render_steps(steps)
        )

    def independent_answer(self, p: Params) -> sympy.Expr:
        A = sympy.Matrix(p["A"])
        return sympy.expand((A - LAMBDA * sympy.eye(2)).det())

    def misconceptions(self, p: Params) -> list[Misconception]:
        (a, b), (c, d) = p["A"]
        tr, det = a + d, a * d - b * c
        return [
            Misconception(
                "trace-sign",
                r"Check the sign of the $\lambda$ term. Expanding "
                r"$(a - \lambda)(d - \lambda)$ gives $-a\lambda - d\lambda$, so the middle "
                rf"term is $-(\text{{trace}})\,\lambda = {sympy.latex(-tr * LAMBDA)}$.",
                _poly(tr, det),
            ),
            Misconception(
                "diagonal-only",
                r"You multiplied out $(a - \lambda)(d - \lambda)$ but forgot to subtract $bc$, "
                r"the product of the off-diagonal entries. The constant term is the whole "
                rf"determinant $ad - bc = {det}$.",
                _poly(-tr, a * d),
            ),
        ]


class EigenvaluesOf2x2(Exercise):
    id = "c1w4.eigenvalues-2x2"
    title = "Eigenvalues of a 2×2 matrix"
    topic = "eigenvalues"
    answer_kind = Set(Rational())

    def generate(self, rng: np.random.Generator) -> Params:
        A, _ = diagonalizable_2x2(rng, close_distinct_pair(rng, -4, 6))
        return {"A": A}

    def prompt(self, p: Params) -> str:
        return (
            "Find all the eigenvalues of\n\n"
            rf"$$A = {linalg.latex_matrix(p['A'])}.$$"
            "\n\nType them as a set, for example `{-1, 4}`."
        )

    def answer(self, p: Params) -> list:
        return list(linalg.eigenvalues(p["A"]))

    def solution(self, p: Params) -> str:
        (a, b), (c, d) = p["A"]
        tr, det = a + d, a * d - b * c
        roots = sorted(int(x) for x in linalg.eigenvalues(p["A"]))
        factored = sympy.latex(sympy.factor(_poly(-tr, det)))
        return (
            r"The eigenvalues are the roots of $\det(A - \lambda I) = 0$."
            "\n\n" + _charpoly_working(p["A"]) + "\n\n"
            rf"It factors as ${factored} = 0$, so $\lambda = {roots[0]}$ or "
            rf"$\lambda = {roots[1]}$."
            "\n\n"
            rf"Check: the eigenvalues add up to the trace, ${_sum_latex(roots)} = {tr}$, and "
            rf"multiply to the determinant, ${_product_latex(roots)} = {det}$."
        )

    def independent_answer(self, p: Params) -> list[int]:
        values = np.linalg.eigvals(np.array(p["A"], dtype=float))
        return sorted(round(float(np.real(v))) for v in values)

    def misconceptions(self, p: Params) -> list[Misconception]:
        (a, _), (_, d) = p["A"]
        right = set(self.independent_answer(p))
        negated = {-x for x in right}
        return [
            Misconception(
                "diagonal-entries",
                "You read the eigenvalues off the diagonal. That works only for triangular "
                "matrices. Here the off-diagonal entries are not zero, so solve "
                r"$\det(A - \lambda I) = \lambda^2 - (\text{trace})\lambda + \det A = 0$.",
                [a, d],
            ),
            Misconception(
                "trace-sign",
                r"Your eigenvalues have the wrong signs: the characteristic polynomial is "
                r"$\lambda^2 - (\text{trace})\lambda + \det A$, with a minus sign in front of "
                r"the trace. Check: the eigenvalues must add up to the trace.",
                sorted(negated) if negated != right else None,
            ),
        ]


def _sum_latex(xs: list[int]) -> str:
    return f"{xs[0]}" + "".join(f" - {-x}" if x < 0 else f" + {x}" for x in xs[1:])


def _product_latex(xs: list[int]) -> str:
    return r" \cdot ".join(f"({x})" if x < 0 else str(x) for x in xs)
