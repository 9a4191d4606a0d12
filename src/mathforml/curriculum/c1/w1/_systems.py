"""Systems of linear equations: write their matrices, and count their solutions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w1._common import XYZ, equation_latex, system_latex
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Choice, Matrix
from mathforml.toolkit import linalg
from mathforml.types import Params


class CoefficientMatrix(Exercise):
    """Write the coefficient matrix of a 3×3 system, zeros and signs included."""

    id = "c1w1.coefficient-matrix"
    title = "Coefficient matrix of a system"
    topic = "systems"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            A = rng.choice([-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6], size=(3, 3))
            # One or two missing unknowns, in different equations, so every equation keeps 2 terms.
            zero_rows = rng.choice(3, size=int(rng.integers(1, 3)), replace=False)
            for r in zero_rows:
                A[r, int(rng.integers(0, 3))] = 0
            if (A < 0).any():
                break
        orders = []
        for _ in range(3):
            order = [0, 1, 2]
            if rng.random() < 0.4:
                order = [int(k) for k in rng.permutation(3)]
            orders.append(order)
        b = [int(v) for v in rng.integers(-9, 10, size=3)]
        return {"A": A.astype(int).tolist(), "b": b, "orders": orders}

    def _equations(self, p: Params) -> list[str]:
        return [
            equation_latex(row, const, XYZ, order)
            for row, const, order in zip(p["A"], p["b"], p["orders"], strict=True)
        ]

    def prompt(self, p: Params) -> str:
        eqs = "\n".join(f"{k}. ${e}$" for k, e in enumerate(self._equations(p), start=1))
        return (
            "Write the coefficient matrix of this system, one row per equation and the "
            "columns in the order $x, y, z$:\n\n"
            f"{eqs}\n\n"
            "Type the matrix row by row, with rows separated by `;`, like "
            "`[1, 2, 3; 4, 5, 6; 7, 8, 9]`."
        )

    def answer(self, p: Params) -> list[list[int]]:
        # Reading the matrix off the equations is the whole task: the key is the data itself.
        return [list(row) for row in p["A"]]

    def solution(self, p: Params) -> str:
        notes = []
        for k, (row, order) in enumerate(zip(p["A"], p["orders"], strict=True), start=1):
            missing = [XYZ[j] for j in range(3) if row[j] == 0]
            parts = []
            if order != [0, 1, 2]:
                parts.append("its terms are not written in the order $x, y, z$, so read each "
                             "coefficient by its unknown, not by its position")
            if missing:
                parts.append(f"${missing[0]}$ does not appear, so its coefficient is $0$")
            if parts:
                notes.append(f"- Equation {k}: " + "; ".join(parts) + ".")
        return (
            "Each equation gives one row; the entry in column $j$ is the number multiplying "
            "the $j$-th unknown ($x$, then $y$, then $z$), with its sign. The constants on the "
            "right are not part of the coefficient matrix.\n\n"
            + ("\n".join(notes) + "\n\n" if notes else "")
            + f"$$ {linalg.latex_matrix(p['A'])} $$\n\n"
            "Written with the unknowns in order, the system is\n\n"
            f"$$ {system_latex(p['A'], p['b'], XYZ)} $$"
        )

    def independent_answer(self, p: Params) -> sympy.Matrix:
        # Rebuild each equation in its written order with SymPy and read the matrix back.
        x, y, z = sympy.symbols("x y z")
        syms = (x, y, z)
        eqs = []
        for row, const, order in zip(p["A"], p["b"], p["orders"], strict=True):
            lhs = sympy.Add(*(row[j] * syms[j] for j in order))
            eqs.append(sympy.Eq(lhs, const))
        matrix, _ = sympy.linear_eq_to_matrix(eqs, list(syms))
        return matrix.tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        A = p["A"]
        shifted = [[c for c in row if c != 0] + [0] * sum(c == 0 for c in row) for row in A]
        # Copying in written order is unambiguous only for equations with all three terms;
        # the other rows stay right, so the answer isolates this one mistake.
        written_rows = [
            [row[j] for j in order] if 0 not in row else list(row)
            for row, order in zip(A, p["orders"], strict=True)
        ]
        return [
            Misconception(
                "missing-zero",
                "An unknown that does not appear in an equation still has a column: its "
                "coefficient there is $0$. You slid the other coefficients to the left, so "
                "they ended up under the wrong unknowns.",
                shifted if shifted != A else None,
            ),
            Misconception(
                "constants-included",
                "You included the constants from the right-hand side. The coefficient matrix "
                "holds only the numbers multiplying $x$, $y$ and $z$; with the constants as an "
                "extra column it would be the *augmented* matrix.",
                [[*row, c] for row, c in zip(A, p["b"], strict=True)],
            ),
            Misconception(
                "written-order",
                "You copied the coefficients in the order the terms are written. The columns "
                "belong to the unknowns ($x$, then $y$, then $z$), whatever order an equation "
                "lists them in.",
                written_rows if written_rows != A else None,
            ),
            Misconception(
                "dropped-signs",
                "A minus sign in front of a term belongs to its coefficient: $-3z$ has "
                "coefficient $-3$. Keep the signs in the matrix.",
                [[abs(c) for c in row] for row in A],
            ),
        ]


class CountSolutions(Exercise):
    """One, none or infinitely many: two lines that cross, are parallel, or coincide."""

    id = "c1w1.count-solutions"
    title = "How many solutions?"
    topic = "systems"
    OPTIONS = ("exactly one", "none", "infinitely many")
    answer_kind = Choice(OPTIONS)

    def generate(self, rng: np.random.Generator) -> Params:
        case = str(rng.choice(["unique", "none", "infinite"]))
        base = [int(v) for v in rng.choice([-3, -2, -1, 1, 2, 3, 4, 5], size=2)]
        k1, k2 = (int(v) for v in rng.choice([-3, -2, -1, 1, 2, 3], size=2, replace=False))
        t = int(rng.integers(-6, 7))
        if case == "unique":
            row1 = [k1 * base[0], k1 * base[1]]
            row2 = row1
            while row1[0] * row2[1] - row1[1] * row2[0] == 0:
                row2 = [int(v) for v in rng.integers(-5, 6, size=2)]
            A = [row1, row2]
            # An integer crossing point keeps the confirming elimination readable.
            x = rng.integers(-4, 5, size=2)
            b = [int(v) for v in np.array(A) @ x]
        else:
            A = [[k1 * base[0], k1 * base[1]], [k2 * base[0], k2 * base[1]]]
            shift = 0 if case == "infinite" else int(rng.choice([-3, -2, -1, 1, 2, 3]))
            b = [k1 * t, k2 * t + shift]
        return {"A": A, "b": b}

    def prompt(self, p: Params) -> str:
        return (
            "How many solutions $(x, y)$ does this system have?\n\n"
            f"$$ {system_latex(p['A'], p['b'], ['x', 'y'])} $$"
        )

    def answer(self, p: Params) -> str:
        kind = linalg.solve(p["A"], p["b"]).kind
        return {"unique": "exactly one", "none": "none", "infinite": "infinitely many"}[kind]

    def solution(self, p: Params) -> str:
        (a, b), (c, d) = p["A"]
        b2 = p["b"][1]
        result = linalg.solve(p["A"], p["b"])
        det = a * d - b * c
        text = (
            "Compare the coefficients first. The determinant of the coefficient matrix is "
            f"$({a})({d}) - ({b})({c}) = {det}$. "
        )
        if det != 0:
            text += (
                "It is not zero, so the two lines have different slopes and cross in exactly "
                "one point, whatever the constants are."
            )
        else:
            text += (
                "It is zero: the left-hand sides are proportional, so the lines are parallel "
                "or the same line. The constants decide which. "
            )
            text += (
                f"Scaling the first equation to match the second predicts the constant "
                f"${linalg.latex_number(_matching_constant(p))}$, and the second equation "
                f"has ${b2}$: "
            )
            text += (
                "they agree, so both equations describe the same line: infinitely many "
                "solutions."
                if result.kind == "infinite"
                else "they disagree, so the lines are parallel and distinct: no solution."
            )
        return (
            text
            + "\n\nElimination confirms it:\n\n"
            + linalg.render_steps(result.steps, augmented_at=2)
            + f"\n\nIn short: {result.reason}."
        )

    def independent_answer(self, p: Params) -> str:
        A = sympy.Matrix(p["A"])
        Ab = A.row_join(sympy.Matrix(p["b"]))
        if A.rank() < Ab.rank():
            return "none"
        return "exactly one" if A.rank() == 2 else "infinitely many"

    def misconceptions(self, p: Params) -> list[Misconception]:
        kind = self.independent_answer(p)
        return [
            Misconception(
                "ignored-constants",
                "The left-hand sides are proportional, but the constants are not in the same "
                "ratio: the lines are parallel and never meet. Proportional coefficients give "
                "infinitely many solutions only when the constants match too.",
                "infinitely many" if kind == "none" else None,
            ),
            Misconception(
                "proportional-means-none",
                "Proportional left-hand sides do not always mean parallel lines that never "
                "meet: here the constants are in the same ratio as well, so one equation is a "
                "multiple of the other and they describe the same line.",
                "none" if kind == "infinitely many" else None,
            ),
        ]


def _matching_constant(p: Params) -> Fraction:
    """The second constant that would make the (proportional) equations identical."""
    (a, b), (c, d) = p["A"]
    ratio = Fraction(c, a) if a != 0 else Fraction(d, b)
    return ratio * p["b"][0]
