"""Elimination, one step at a time: a row operation, and the multiplier that clears an entry."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w2._common import signed_term
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Matrix, Rational
from mathforml.toolkit import linalg
from mathforml.types import Params

MATRIX_HELP = "Type the whole matrix row by row, rows separated by `;`, as in `[1, 2, 3; 4, 5, 6]`."


def _row(values: list) -> str:
    return linalg.latex_matrix([values])


class RowOperation(Exercise):
    id = "c1w2.row-operation"
    title = "Apply a row operation"
    topic = "elimination"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        cols = int(rng.choice([3, 4]))
        M = rng.integers(-5, 6, size=(3, cols))
        i, j = (int(r) for r in rng.choice(3, size=2, replace=False))
        k = int(rng.choice([2, 3, 4, -2, -3]))
        # The operation is the one elimination would use: it clears column 1 of row i.
        M[j, 0] = int(rng.choice([-3, -2, -1, 1, 2, 3]))
        M[i, 0] = k * M[j, 0]
        return {"M": M.astype(int).tolist(), "i": i, "j": j, "k": k}

    def _op(self, p: Params) -> str:
        i, j = p["i"] + 1, p["j"] + 1
        return rf"R_{{{i}}} \leftarrow R_{{{i}}} {signed_term(p['k'], f'R_{{{j}}}')}"

    def prompt(self, p: Params) -> str:
        return (
            f"Apply the row operation ${self._op(p)}$ to the matrix"
            f"\n\n$$M = {linalg.latex_matrix(p['M'])}$$\n\n"
            f"What matrix do you get? {MATRIX_HELP}"
        )

    def _elementary(self, p: Params) -> list[list[int]]:
        E = np.eye(len(p["M"]), dtype=int)
        E[p["i"], p["j"]] = -p["k"]
        return E.tolist()

    def answer(self, p: Params) -> list[list[Fraction]]:
        # A row operation is a left multiplication by an elementary matrix.
        return linalg.matmul(self._elementary(p), p["M"]).matrix

    def solution(self, p: Params) -> str:
        i, j, k, M = p["i"], p["j"], p["k"], p["M"]
        new = [a - k * b for a, b in zip(M[i], M[j], strict=True)]
        lead = "" if abs(k) == 1 else str(abs(k))
        sign = "-" if k > 0 else "+"
        return (
            f"Only row {i + 1} changes; row {j + 1} is used but stays as it is.\n\n"
            rf"$$R_{{{i + 1}}} {signed_term(k, f'R_{{{j + 1}}}')} = {_row(M[i])} {sign} "
            rf"{lead}{_row(M[j])} = {_row(new)}$$"
            "\n\nSo\n\n"
            f"$${linalg.latex_matrix(self.answer(p))}$$\n\n"
            f"(The same result is $E M$ with the elementary matrix "
            f"$E = {linalg.latex_matrix(self._elementary(p))}$: the identity with "
            f"${-k}$ in row {i + 1}, column {j + 1}.)"
        )

    def independent_answer(self, p: Params) -> np.ndarray:
        M = np.array(p["M"], dtype=np.int64)
        M[p["i"]] -= p["k"] * M[p["j"]]
        return M

    def misconceptions(self, p: Params) -> list[Misconception]:
        i, j, k = p["i"], p["j"], p["k"]
        M = np.array(p["M"], dtype=np.int64)
        word = "subtract" if k > 0 else "add"
        opposite = M.copy()
        opposite[i] += k * M[j]
        other_row = M.copy()
        other_row[j] = M[i] - k * M[j]
        no_k = M.copy()
        no_k[i] -= int(np.sign(k)) * M[j]
        return [
            Misconception(
                "added-instead-of-subtracted",
                f"The operation says to **{word}** ${abs(k)}R_{{{j + 1}}}$; you did the opposite. "
                f"Read the sign in front of the multiple, then combine entry by entry.",
                opposite.tolist(),
            ),
            Misconception(
                "changed-the-other-row",
                f"You wrote the new row into row {j + 1}. The arrow names the row that changes: "
                f"$R_{{{i + 1}}}$ is replaced, while $R_{{{j + 1}}}$ is only read and stays "
                "as it was.",
                other_row.tolist(),
            ),
            Misconception(
                "forgot-the-multiplier",
                f"You combined the rows without the factor ${abs(k)}$. Multiply every entry of "
                f"$R_{{{j + 1}}}$ by ${abs(k)}$ before combining.",
                no_k.tolist(),
            ),
        ]


class EliminationMultiplier(Exercise):
    id = "c1w2.elimination-multiplier"
    title = "The multiplier that eliminates an entry"
    topic = "elimination"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        M = rng.integers(-6, 7, size=(3, 4))
        second = bool(rng.random() < 0.4)
        col, pivot_row = (1, 1) if second else (0, 0)
        row = 2 if second else int(rng.choice([1, 2]))
        if second:
            M[1, 0] = M[2, 0] = 0  # column 1 already cleared below row 1
        pivot = int(rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]))
        target = int(rng.choice([v for v in range(-9, 10) if v and abs(v) != abs(pivot)]))
        M[pivot_row, col] = pivot
        M[row, col] = target
        return {"M": M.astype(int).tolist(), "row": row, "pivot_row": pivot_row, "col": col}

    def prompt(self, p: Params) -> str:
        r, q, c = p["row"] + 1, p["pivot_row"] + 1, p["col"] + 1
        pivot = p["M"][p["pivot_row"]][p["col"]]
        return (
            "During elimination on the augmented matrix\n\n"
            f"$${linalg.latex_matrix(p['M'], augmented_at=3)}$$\n\n"
            f"Row {q} is the pivot row and its pivot is ${pivot}$ (column {c}). "
            "For which number $k$ "
            rf"does $R_{{{r}}} \leftarrow R_{{{r}}} - k\,R_{{{q}}}$ make the entry in row {r}, "
            f"column {c} zero? Give $k$ exactly: a whole number or a fraction such as `-3/2`."
        )

    def answer(self, p: Params) -> Fraction:
        return Fraction(p["M"][p["row"]][p["col"]], p["M"][p["pivot_row"]][p["col"]])

    def solution(self, p: Params) -> str:
        r, q, c = p["row"], p["pivot_row"], p["col"]
        entry, pivot = p["M"][r][c], p["M"][q][c]
        k = self.answer(p)
        E = np.eye(3, dtype=object)
        E[r, q] = -k
        new = linalg.matmul(E.tolist(), p["M"]).matrix[r]
        return (
            f"The entry to clear is ${entry}$ and the pivot is ${pivot}$. The new entry is "
            f"${entry} - k \\cdot ({pivot})$, which is zero when\n\n"
            rf"$$k = \frac{{\text{{entry to clear}}}}{{\text{{pivot}}}} = "
            rf"\frac{{{entry}}}{{{pivot}}}"
            rf" = {linalg.latex_number(k)}.$$"
            f"\n\nCheck: $R_{{{r + 1}}} {signed_term(k, f'R_{{{q + 1}}}')}$ gives the row "
            f"${_row(new)}$, with a $0$ in column {c + 1}."
        )

    def independent_answer(self, p: Params) -> sympy.Rational:
        return sympy.Rational(p["M"][p["row"]][p["col"]], p["M"][p["pivot_row"]][p["col"]])

    def misconceptions(self, p: Params) -> list[Misconception]:
        k = self.answer(p)
        return [
            Misconception(
                "inverted-ratio",
                "You divided the pivot by the entry. The entry you want to remove goes on top: "
                r"$k = \frac{\text{entry}}{\text{pivot}}$, so that "
                r"$\text{entry} - k \cdot \text{pivot} = 0$.",
                1 / k,
            ),
            Misconception(
                "wrong-sign",
                "Your $k$ has the wrong sign. With the operation written as $R_i - k R_p$, "
                "$k$ is entry ÷ pivot, including both signs; then subtracting $k$ times the pivot "
                "cancels the entry.",
                -k,
            ),
        ]


EXERCISES = [RowOperation(), EliminationMultiplier()]
