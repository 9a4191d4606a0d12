"""Beyond the echelon form: the reduced form, and reading how many solutions a system has."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w2._common import to_fractions
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Choice, Matrix
from mathforml.toolkit import linalg
from mathforml.types import Params


class ReducedRowEchelonForm(Exercise):
    id = "c1w2.reduced-row-echelon-form"
    title = "Reduced row echelon form"
    topic = "row echelon form"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        cols, rank = [(3, 2), (4, 2), (4, 3), (3, 3)][int(rng.choice(4, p=[0.3, 0.3, 0.3, 0.1]))]
        while True:
            rest = rng.choice(range(1, cols), rank - 1, replace=False)
            pivots = [0, *sorted(int(c) for c in rest)]
            R = np.zeros((3, cols), dtype=int)
            for r, c in enumerate(pivots):
                R[r, c] = 1
                for j in range(c + 1, cols):
                    if j not in pivots:
                        R[r, j] = int(rng.integers(-3, 4))
            E = rng.integers(-2, 3, size=(3, 3))
            if abs(round(np.linalg.det(E))) not in (1, 2) or E[0, 0] == 0:
                continue
            A = E @ R
            rows = {tuple(r) for r in A.tolist()}
            distinct = len(rows) == 3 and (0,) * cols not in rows
            if distinct and np.abs(A).max() <= 12 and np.count_nonzero(A) >= 2 * cols:
                return {"A": A.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        m, n = len(p["A"]), len(p["A"][0])
        return (
            f"Find the reduced row echelon form of\n\n$$A = {linalg.latex_matrix(p['A'])}$$\n\n"
            "(every pivot is $1$ and is the only non-zero entry in its column). Type the whole "
            f"{m}×{n} matrix row by row, rows separated by `;`, for example "
            "`[1, 0, 2; 0, 1, -1/2; 0, 0, 0]`."
        )

    def answer(self, p: Params) -> list[list[Fraction]]:
        return linalg.reduced_row_echelon_form(p["A"]).matrix

    def solution(self, p: Params) -> str:
        rref = linalg.reduced_row_echelon_form(p["A"])
        cols = ", ".join(str(c + 1) for c in rref.pivot_columns)
        return (
            "Eliminate downwards to row echelon form with unit pivots, then clear the entries "
            "above each pivot, from the last pivot up:\n\n"
            + linalg.render_steps(rref.steps)
            + f"\n\nThe pivots sit in columns {cols}:\n\n"
            f"$$\\operatorname{{rref}}(A) = {linalg.latex_matrix(rref.matrix)}$$"
        )

    def independent_answer(self, p: Params) -> list[list[Fraction]]:
        return to_fractions(sympy.Matrix(p["A"]).rref()[0])

    def misconceptions(self, p: Params) -> list[Misconception]:
        right = self.answer(p)
        echelon = linalg.row_echelon_form(p["A"]).matrix
        rank = sum(any(x != 0 for x in row) for row in right)
        return [
            Misconception(
                "stopped-at-echelon-form",
                "That is a row echelon form, but not the reduced one: some entries above the "
                "pivots are not $0$. Use each pivot row to clear its column upwards too.",
                echelon if echelon != right else None,
            ),
            Misconception(
                "dropped-zero-row",
                "Your non-zero rows are right, but the reduced form has as many rows as $A$: "
                "keep the rows of zeros at the bottom.",
                right[:rank] if rank < len(right) else None,
            ),
        ]


OUTCOMES = ("exactly one", "none", "infinitely many")


class HowManySolutions(Exercise):
    id = "c1w2.how-many-solutions"
    title = "How many solutions?"
    topic = "row echelon form"
    answer_kind = Choice(OUTCOMES)

    def generate(self, rng: np.random.Generator) -> Params:
        def nz() -> int:
            return int(rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]))

        def any_() -> int:
            return int(rng.integers(-6, 7))

        shape = str(rng.choice(["unique", "pivot-missing-2", "pivot-missing-3", "rank-1"]))
        # The constant of the first row without a coefficient pivot: 0 = last.
        last = nz() if rng.random() < 0.5 else 0
        if shape == "unique":
            M = [[nz(), any_(), any_(), any_()], [0, nz(), any_(), any_()], [0, 0, nz(), last]]
        elif shape == "pivot-missing-2":  # pivots in columns 1 and 2
            M = [[nz(), any_(), any_(), any_()], [0, nz(), any_(), any_()], [0, 0, 0, last]]
        elif shape == "pivot-missing-3":  # pivots in columns 1 and 3
            M = [[nz(), any_(), any_(), any_()], [0, 0, nz(), any_()], [0, 0, 0, last]]
        else:  # one pivot; a contradiction, if any, comes right below it
            M = [[nz(), any_(), any_(), any_()], [0, 0, 0, last], [0, 0, 0, 0]]
        return {"M": M}

    def prompt(self, p: Params) -> str:
        return (
            "Elimination turned the augmented matrix of a system in $x$, $y$, $z$ into\n\n"
            f"$${linalg.latex_matrix(p['M'], augmented_at=3)}$$\n\n"
            "How many solutions does the system have?"
        )

    def _ab(self, p: Params) -> tuple[list[list[int]], list[int]]:
        return [row[:3] for row in p["M"]], [row[3] for row in p["M"]]

    def answer(self, p: Params) -> int:
        kind = linalg.solve(*self._ab(p)).kind
        return {"unique": 0, "none": 1, "infinite": 2}[kind]

    def solution(self, p: Params) -> str:
        A, b = self._ab(p)
        result = linalg.solve(A, b)
        pivots = [next((c + 1 for c, v in enumerate(row) if v != 0), None) for row in A]
        cols = sorted({c for c in pivots if c is not None})
        free = [c for c in (1, 2, 3) if c not in cols]
        names = "xyz"
        plural = "s" if len(cols) > 1 else ""
        read = (
            f"The pivots of the coefficient part sit in column{plural} "
            f"{', '.join(map(str, cols))}. "
        )
        if result.kind == "none":
            row = next(i for i, r in enumerate(p["M"]) if not any(r[:3]) and r[3] != 0)
            read += (
                f"Row {row + 1} reads $0x + 0y + 0z = {p['M'][row][3]}$, which no numbers satisfy: "
                "the system has **no solution**."
            )
        elif result.kind == "infinite":
            freenames = ", ".join(f"${names[c - 1]}$" for c in free)
            read += (
                "No row is contradictory (a zero row just says $0 = 0$), but "
                f"{freenames} {'has' if len(free) == 1 else 'have'} no pivot and can be chosen "
                f"freely: **infinitely many** solutions ({len(free)} free "
                f"variable{'s' if len(free) > 1 else ''}: $3 - {3 - len(free)} = {len(free)}$)."
            )
        else:
            read += (
                "Every column of the coefficient part has a pivot and no row is contradictory, "
                "so back substitution gives one value for each unknown: **exactly one** solution."
            )
        ranks = (
            rf"$\operatorname{{rank}} A = {result.rank_A}$ and "
            rf"$\operatorname{{rank}}\,[A \mid \mathbf{{b}}] = {result.rank_Ab}$"
        )
        if result.kind == "none":
            ranks += ": the constants add a pivot, so the system is inconsistent."
        elif result.kind == "infinite":
            ranks += f", both less than the {len(A[0])} unknowns."
        else:
            ranks += f", both equal to the {len(A[0])} unknowns."
        return read + f"\n\nIn terms of rank: {ranks}"

    def independent_answer(self, p: Params) -> int:
        M = sympy.Matrix(p["M"])
        rank_a, rank_ab = M[:, :3].rank(), M.rank()
        if rank_a < rank_ab:
            return 1
        return 0 if rank_a == 3 else 2

    def misconceptions(self, p: Params) -> list[Misconception]:
        answer = self.answer(p)
        last = p["M"][2]
        bad = next((r for r in p["M"] if not any(r[:3]) and r[3] != 0), None)
        return [
            Misconception(
                "zero-row-means-none",
                r"A row of zeros $[0\ 0\ 0 \mid 0]$ says $0 = 0$: true, and no obstacle. "
                r"It means one equation carried no new information. Only "
                r"$[0\ 0\ 0 \mid c]$ with $c \neq 0$ rules solutions out.",
                1 if answer == 2 else None,
            ),
            Misconception(
                "missed-contradiction",
                f"Look at the row that says $0 = {bad[3] if bad else 0}$. A row of zero "
                "coefficients with a non-zero constant is a contradiction, so there is no "
                "solution at all.",
                2 if answer == 1 and bad is not None else None,
            ),
            Misconception(
                "zero-constant-means-free",
                f"The last row says ${last[2]}z = 0$, so $z = 0$: a zero constant is a value, "
                "not a free variable. With a pivot in every column the solution is unique.",
                2 if answer == 0 and last[3] == 0 else None,
            ),
        ]


EXERCISES = [ReducedRowEchelonForm(), HowManySolutions()]
