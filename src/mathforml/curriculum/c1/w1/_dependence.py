"""Linear dependence: a row that is a combination of the others, and its weights."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w1._common import proportional, system_latex, weighted_rows
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

#: Weights of the dependent row: small, non-zero, so both rows really take part.
WEIGHTS = (-3, -2, -1, 1, 2, 3)


class RowCombination(Exercise):
    """Find ``a, b`` with ``row3 = a·row1 + b·row2``: one linear equation per column."""

    id = "c1w1.row-combination"
    title = "A row as a combination of the others"
    topic = "linear dependence"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            r1, r2 = (rng.integers(-4, 5, size=3).astype(int).tolist() for _ in range(2))
            a, b = (int(v) for v in rng.choice(WEIGHTS, size=2))
            r3 = weighted_rows([r1, r2], [a, b])
            # a = -b would make the two misconceptions below give the same answer.
            if a == -b or proportional(r1, r2) or max(abs(v) for v in r3) > 15:
                continue
            if proportional(r1, r3) or proportional(r2, r3):
                continue
            return {"rows": [r1, r2, r3]}

    def prompt(self, p: Params) -> str:
        return (
            "The rows of this matrix are linearly dependent: the third row is a combination "
            "of the first two.\n\n"
            f"$$ {linalg.latex_matrix(p['rows'])} $$\n\n"
            r"Find the numbers $a$ and $b$ with $\text{row}_3 = a \cdot \text{row}_1 + "
            r"b \cdot \text{row}_2$. Type them as a vector `[a, b]`."
        )

    def _weights(self, p: Params) -> list[Fraction]:
        relation = linalg.linearly_independent(p["rows"]).relation
        # The relation c1·r1 + c2·r2 + c3·r3 = 0, solved for r3.
        return [-Fraction(relation[0]) / relation[2], -Fraction(relation[1]) / relation[2]]

    def answer(self, p: Params) -> list[Fraction]:
        return self._weights(p)

    def solution(self, p: Params) -> str:
        r1, r2, r3 = p["rows"]
        a, b = self._weights(p)
        columns = [[r1[j], r2[j]] for j in range(3)]
        result = linalg.linearly_independent(p["rows"])
        check = " ".join(
            rf"${linalg.latex_number(a)} \cdot ({r1[j]}) + {linalg.latex_number(b)} \cdot "
            rf"({r2[j]}) = {r3[j]}$ ✓"
            for j in range(3)
        )
        return (
            r"Compare $\text{row}_3 = a \cdot \text{row}_1 + b \cdot \text{row}_2$ entry by "
            "entry. Each column gives one linear equation in $a$ and $b$:\n\n"
            f"$$ {system_latex(columns, r3, ['a', 'b'])} $$\n\n"
            "Three equations, two unknowns. Solve with the augmented matrix whose columns are "
            r"$\text{row}_1$, $\text{row}_2$ and $\text{row}_3$:"
            "\n\n"
            + linalg.render_steps(result.steps, augmented_at=2)
            + f"\n\nSo $a = {linalg.latex_number(a)}$ and $b = {linalg.latex_number(b)}$. "
            "The last equation must hold too (otherwise the third row would not be a "
            f"combination at all); check every column: {check}"
        )

    def independent_answer(self, p: Params) -> list[sympy.Rational]:
        r1, r2, r3 = p["rows"]
        M = sympy.Matrix([r1, r2]).T
        solution, params = M.gauss_jordan_solve(sympy.Matrix(r3))
        assert params.shape[0] == 0, "the first two rows should be independent"
        return list(solution)

    def misconceptions(self, p: Params) -> list[Misconception]:
        a, b = self._weights(p)
        return [
            Misconception(
                "swapped-weights",
                "Those are the right numbers in the wrong order: $a$ multiplies row 1 and "
                "$b$ multiplies row 2.",
                [b, a] if a != b else None,
            ),
            Misconception(
                "relation-signs",
                r"You gave the coefficients of the relation $a\,\text{row}_1 + b\,\text{row}_2 "
                r"+ \text{row}_3 = 0$, which have the opposite signs. The question asks for "
                r"$\text{row}_3 = a\,\text{row}_1 + b\,\text{row}_2$, with $\text{row}_3$ "
                "alone on one side.",
                [-a, -b],
            ),
        ]
