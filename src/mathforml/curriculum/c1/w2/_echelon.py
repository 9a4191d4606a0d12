"""Row echelon form: reaching it with unit pivots, and solving from it by back substitution."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w2._common import (
    aug_latex,
    augmented,
    friendly_system,
    sympy_unit_echelon,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Matrix, Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

#: Random systems are kept when their echelon form has denominators and numerators this small.
MAX_DENOMINATOR = 8
MAX_NUMERATOR = 40

PROCEDURE = (
    "Follow the lesson's procedure: work column by column; if a pivot is $0$, swap its row "
    "with the first row below that has a non-zero entry in that column; divide the pivot row "
    "by its pivot; then clear the entries below the pivot."
)


def _is_friendly(rows: list[list[Fraction]]) -> bool:
    return all(
        x.denominator <= MAX_DENOMINATOR and abs(x.numerator) <= MAX_NUMERATOR
        for row in rows
        for x in row
    )


class RowEchelonForm(Exercise):
    id = "c1w2.row-echelon-form"
    title = "Row echelon form with unit pivots"
    topic = "row echelon form"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.choice([2, 3]))
        if rng.random() < 0.5:  # integers all the way, sometimes with a zero pivot
            A, b, _ = friendly_system(rng, n, swap=bool(rng.random() < 0.35), entry=2, solution=4)
            return {"A": A, "b": b}
        while True:  # a random system whose echelon form has small fractions
            A = rng.integers(-6, 7, size=(n, n))
            b = rng.integers(-9, 10, size=n)
            if round(np.linalg.det(A)) == 0 or A[0, 0] in (0, 1):
                continue
            # The toolkit is fast enough to sit in this rejection loop; SymPy's LU is
            # kept for the independent check of the key.
            ref = linalg.row_echelon_form(A.astype(int).tolist(), b.astype(int).tolist()).matrix
            if _is_friendly(ref):
                return {"A": A.astype(int).tolist(), "b": b.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        n = len(p["A"])
        return (
            "Reduce the augmented matrix\n\n"
            f"$${aug_latex(p['A'], p['b'])}$$\n\n"
            f"to row echelon form with every pivot equal to $1$. {PROCEDURE}\n\n"
            f"Type the resulting {n}×{n + 1} matrix row by row, rows separated by `;` "
            "(for example `[1, 2, 3; 0, 1, 1/2]`)."
        )

    def answer(self, p: Params) -> list[list[Fraction]]:
        return linalg.row_echelon_form(p["A"], p["b"]).matrix

    def solution(self, p: Params) -> str:
        n = len(p["A"])
        ref = linalg.row_echelon_form(p["A"], p["b"])
        return (
            f"Start from\n\n$${aug_latex(p['A'], p['b'])}$$\n\n"
            + linalg.render_steps(ref.steps, augmented_at=n)
            + "\n\nEvery pivot is now $1$ and everything below the staircase is $0$:\n\n"
            f"$${linalg.latex_matrix(ref.matrix, augmented_at=n)}$$"
        )

    def independent_answer(self, p: Params) -> list[list[Fraction]]:
        return sympy_unit_echelon(p["A"], p["b"])

    def misconceptions(self, p: Params) -> list[Misconception]:
        right = self.answer(p)
        unscaled = linalg.row_echelon_form(p["A"], p["b"], unit_pivots=False).matrix
        upper = linalg.row_echelon_form(p["A"]).matrix
        untouched = [[*row, Fraction(c)] for row, c in zip(upper, p["b"], strict=True)]
        return [
            Misconception(
                "pivots-not-scaled",
                "Your staircase is right, but the pivots are not $1$. Divide each pivot row "
                "by its pivot (the whole row, constant included) before clearing below it.",
                unscaled if unscaled != right else None,
            ),
            Misconception(
                "constants-not-updated",
                "The coefficient part is right, but the last column still holds the original "
                "constants. Each row operation applies to the whole row, right of the bar too.",
                untouched if untouched != right else None,
            ),
        ]


def _times(u: int) -> str:
    return "" if u == 1 else f"{u} \\cdot "


def _value(x: Fraction) -> str:
    text = linalg.latex_number(x)
    return f"({text})" if x < 0 or x.denominator != 1 else text


class BackSubstitution(Exercise):
    id = "c1w2.back-substitution"
    title = "Back substitution"
    topic = "row echelon form"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.choice([3, 4]))
        while True:
            U = np.eye(n, dtype=int)
            for i in range(n):
                for j in range(i + 1, n):
                    U[i, j] = int(rng.integers(-3, 4))
            x = rng.integers(-5, 6, size=n)
            c = U @ x
            if np.count_nonzero(np.triu(U, 1)) >= n - 1 and np.abs(c).max() <= 30:
                return {"M": augmented(U.tolist(), c.tolist())}

    def prompt(self, p: Params) -> str:
        n = len(p["M"])
        names = ", ".join(f"x_{i + 1}" for i in range(n))
        return (
            f"The augmented matrix of a system in ${names}$ is already in row echelon form "
            "with unit pivots:\n\n"
            f"$${linalg.latex_matrix(p['M'], augmented_at=n)}$$\n\n"
            "Solve it by back substitution. Type the solution as a vector "
            f"`[{', '.join(f'x{i + 1}' for i in range(n))}]`, "
            f"for example `[1, -2, 0{', 3' * (n - 3)}]`."
        )

    def answer(self, p: Params) -> list[Fraction]:
        return linalg.back_substitution(p["M"]).solution

    def solution(self, p: Params) -> str:
        n = len(p["M"])
        x: list[Fraction] = [Fraction(0)] * n
        lines = []
        for i in range(n - 1, -1, -1):
            row = p["M"][i]
            known = [(row[j], j) for j in range(i + 1, n) if row[j] != 0]
            x[i] = Fraction(row[n]) - sum((Fraction(u) * x[j] for u, j in known), Fraction(0))
            if not known:
                lines.append(rf"x_{{{i + 1}}} &= {row[n]}")
                continue
            symbolic = " ".join(
                f"{'-' if u > 0 else '+'} {abs(u) if abs(u) != 1 else ''}x_{{{j + 1}}}"
                for u, j in known
            )
            numeric = " ".join(
                f"{'-' if u > 0 else '+'} {_times(abs(u))}{_value(x[j])}" for u, j in known
            )
            lines.append(
                rf"x_{{{i + 1}}} &= {row[n]} {symbolic} = {row[n]} {numeric} = "
                f"{linalg.latex_number(x[i])}"
            )
        steps = linalg.back_substitution(p["M"]).steps
        return (
            "Start at the last row, which holds one unknown, and move up; each row gives "
            "$x_i = c_i - \\sum_{j > i} u_{ij} x_j$ with the values already found:\n\n"
            "$$\\begin{aligned}" + r" \\ ".join(lines) + "\\end{aligned}$$\n\n"
            "The same work as row operations, clearing the entries above each pivot:\n\n"
            + linalg.render_steps(steps, augmented_at=n)
        )

    def independent_answer(self, p: Params) -> list:
        M = sympy.Matrix(p["M"])
        n = M.rows
        return list(M[:, :n].upper_triangular_solve(M[:, n]))

    def misconceptions(self, p: Params) -> list[Misconception]:
        n = len(p["M"])
        right = list(self.answer(p))
        constants = [Fraction(row[n]) for row in p["M"]]
        flipped: list[Fraction] = [Fraction(0)] * n
        for i in range(n - 1, -1, -1):
            row = p["M"][i]
            flipped[i] = Fraction(row[n]) + sum(
                (Fraction(row[j]) * flipped[j] for j in range(i + 1, n)), Fraction(0)
            )
        return [
            Misconception(
                "read-last-column",
                "You read the last column as the solution. That only works once the entries "
                "above the pivots are $0$ too; here substitute the values you found into each "
                "row above.",
                constants if constants != right else None,
            ),
            Misconception(
                "sign-slip",
                "You added the known terms instead of subtracting them. In "
                "$x_i + u_{ij} x_j = c_i$, moving $u_{ij} x_j$ across the equals sign flips "
                "its sign: $x_i = c_i - u_{ij} x_j$.",
                flipped if flipped != right else None,
            ),
        ]


EXERCISES = [RowEchelonForm(), BackSubstitution()]
