"""The inverse of a matrix by Gauss–Jordan elimination on ``[A | I]``."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from mathforml.errors import ShapeError, SingularMatrixError
from mathforml.toolkit.linalg._elimination import RowReducer
from mathforml.toolkit.linalg._exact import (
    Mat,
    decide_exact,
    finish_matrix,
    matrix_rows,
    shape_text,
    zero_tolerance,
)
from mathforml.toolkit.linalg._steps import Step, number_text, render_steps


@dataclass(frozen=True)
class Inverse:
    """``matrix`` is ``A⁻¹``; ``steps`` are the row operations on ``[A | I]``."""

    matrix: Mat
    steps: tuple[Step, ...]

    def render(self) -> str:
        n = len(self.matrix)
        return render_steps(self.steps, augmented_at=n)


def inverse(A: Any, *, exact: bool | None = None) -> Inverse:
    """The inverse of a square matrix, by reducing ``[A | I]`` to ``[I | A⁻¹]``.

    Column by column: bring a non-zero pivot up (swap only if the pivot is 0),
    scale it to 1, then clear the rest of its column above and below.

    Raises SingularMatrixError when a column has no pivot (det A = 0).

    >>> inverse([[2, 0], [0, 4]]).matrix
    [[Fraction(1, 2), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 4)]]
    """
    mode = decide_exact(exact, A)
    rows = matrix_rows(A, mode, "A")
    n = len(rows)
    if len(rows[0]) != n:
        raise ShapeError(
            f"only a square matrix can have an inverse, got {shape_text((n, len(rows[0])))}"
        )
    one, zero = (Fraction(1), Fraction(0)) if mode else (1.0, 0.0)
    tol = zero_tolerance(rows, mode)
    augmented = [r + [one if i == j else zero for j in range(n)] for i, r in enumerate(rows)]
    reducer = RowReducer(augmented, exact=mode, tol=tol)
    for c in range(n):
        if reducer.is_zero(reducer.rows[c][c]):
            k = reducer.find_pivot_row(c, c)
            if k is None:
                raise SingularMatrixError(
                    f"the matrix is singular (det = 0): column {c + 1} has no pivot after "
                    f"elimination, so it has no inverse; A = {_compact(rows)}"
                )
            reducer.swap(c, k, f"swap R{c + 1} and R{k + 1} because the pivot is 0")
        pivot = reducer.rows[c][c]
        if pivot != 1:
            reducer.scale(c, one / pivot, f"divide by the pivot {number_text(pivot)} to make it 1")
            reducer.rows[c][c] = one
        reducer.eliminate_column(c, c, below=True, above=True)
    result = [r[n:] for r in reducer.rows]
    return Inverse(finish_matrix(result, mode), tuple(reducer.steps))


def _compact(rows: list[list[Any]]) -> str:
    return "[" + "; ".join(", ".join(number_text(x) for x in r) for r in rows) + "]"
