"""Gaussian elimination as taught: row echelon form, reduced form, back substitution.

The recorded row operations are exactly what a learner writes: swap two rows
only when the pivot is zero, scale the pivot row to make the pivot 1, subtract a
multiple of it from the rows below. The same engine serves :mod:`_solve`,
:mod:`_inverse` and :mod:`_determinant`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from mathforml.errors import ShapeError, SingularMatrixError
from mathforml.toolkit.linalg._exact import (
    Mat,
    Vec,
    decide_exact,
    finish_matrix,
    finish_vector,
    matrix_rows,
    shape_text,
    vector_items,
    zero_tolerance,
)
from mathforml.toolkit.linalg._steps import (
    Step,
    factor_latex,
    factor_text,
    latex_number,
    number_text,
    render_steps,
)


class RowReducer:
    """Rows under elimination, recording each operation as a :class:`Step`.

    ``rows`` hold Fractions (exact) or floats; in float mode any entry within
    ``tol`` of zero is snapped to 0.0 after an operation, so later zero tests
    see the zeros a learner would see.
    """

    def __init__(self, rows: list[list[Any]], *, exact: bool, tol: float | None = None) -> None:
        self.rows = [list(r) for r in rows]
        self.exact = exact
        self.tol = zero_tolerance(rows, exact) if tol is None else tol
        self.steps: list[Step] = []
        self.swaps = 0

    @property
    def m(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0])

    def is_zero(self, x: Any) -> bool:
        return x == 0 if self.exact else abs(x) <= self.tol

    def snapshot(self) -> list[list[Any]]:
        return [list(r) for r in self.rows]

    def record(self, operation: str, latex: str, note: str = "", *, matrix: bool = True) -> None:
        self.steps.append(Step(operation, latex, self.snapshot() if matrix else None, note))

    def swap(self, i: int, j: int, note: str) -> None:
        self.rows[i], self.rows[j] = self.rows[j], self.rows[i]
        self.swaps += 1
        self.record(f"R{i + 1} ↔ R{j + 1}", rf"R_{{{i + 1}}} \leftrightarrow R_{{{j + 1}}}", note)

    def scale(self, i: int, factor: Any, note: str) -> None:
        self.rows[i] = [self._clean(factor * x) for x in self.rows[i]]
        sign = "−" if factor < 0 else ""
        lsign = "-" if factor < 0 else ""
        mag = -factor if factor < 0 else factor
        self.record(
            f"R{i + 1} ← {sign}{factor_text(mag)}R{i + 1}",
            rf"R_{{{i + 1}}} \leftarrow {lsign}{factor_latex(mag)}R_{{{i + 1}}}",
            note,
        )

    def subtract(self, i: int, multiple: Any, r: int, note: str, *, column: int | None) -> None:
        """``R_i ← R_i − multiple·R_r``; ``column`` is set exactly to zero (it is the target)."""
        self.rows[i] = [
            self._clean(x - multiple * y) for x, y in zip(self.rows[i], self.rows[r], strict=True)
        ]
        if column is not None and not self.exact:
            self.rows[i][column] = 0.0
        sign, lsign = ("+", "+") if multiple < 0 else ("−", "-")
        mag = -multiple if multiple < 0 else multiple
        self.record(
            f"R{i + 1} ← R{i + 1} {sign} {factor_text(mag)}R{r + 1}",
            rf"R_{{{i + 1}}} \leftarrow R_{{{i + 1}}} {lsign} {factor_latex(mag)}R_{{{r + 1}}}",
            note,
        )

    def _clean(self, x: Any) -> Any:
        if not self.exact and abs(x) <= self.tol:
            return 0.0
        return x

    def find_pivot_row(self, r: int, c: int) -> int | None:
        """The row to bring up when the pivot at (r, c) is zero, or None if the column is clear.

        Exact mode takes the first non-zero entry below (as on paper); float mode
        takes the largest, which keeps the arithmetic stable.
        """
        candidates = [i for i in range(r + 1, self.m) if not self.is_zero(self.rows[i][c])]
        if not candidates:
            return None
        if self.exact:
            return candidates[0]
        return max(candidates, key=lambda i: abs(self.rows[i][c]))

    def forward(
        self,
        *,
        unit_pivots: bool,
        columns: int | None = None,
        swap_note: str = "",
        skip_note: bool = True,
    ) -> list[int]:
        """Reduce to row echelon form (pivots in columns ``< columns``); return the pivots."""
        pivots: list[int] = []
        r = 0
        last = self.width if columns is None else columns
        for c in range(last):
            if r == self.m:
                break
            if self.is_zero(self.rows[r][c]):
                self.rows[r][c] = Fraction(0) if self.exact else 0.0
                k = self.find_pivot_row(r, c)
                if k is None:
                    if skip_note:
                        self.record(
                            f"column {c + 1} has no pivot",
                            rf"\text{{column {c + 1} has no pivot}}",
                            f"every entry of column {c + 1} from row {r + 1} down is 0, "
                            "so move on to the next column",
                            matrix=False,
                        )
                    continue
                self.swap(r, k, f"swap R{r + 1} and R{k + 1} because the pivot is 0{swap_note}")
            pivot = self.rows[r][c]
            if unit_pivots and pivot != 1:
                self.scale(
                    r,
                    1 / pivot if not self.exact else Fraction(1) / pivot,
                    f"divide by the pivot {number_text(pivot)} to make it 1",
                )
                self.rows[r][c] = Fraction(1) if self.exact else 1.0
            self.eliminate_column(r, c, below=True)
            pivots.append(c)
            r += 1
        return pivots

    def eliminate_column(self, r: int, c: int, *, below: bool = True, above: bool = False) -> None:
        """Make every entry of column ``c`` except the pivot at (r, c) zero."""
        pivot = self.rows[r][c]
        targets = [*(range(r) if above else ()), *(range(r + 1, self.m) if below else ())]
        for i in targets:
            entry = self.rows[i][c]
            if self.is_zero(entry):
                if not self.exact:
                    self.rows[i][c] = 0.0
                continue
            where = "above" if i < r else "below"
            self.subtract(
                i,
                entry / pivot,
                r,
                f"make the entry {where} the pivot in column {c + 1} zero",
                column=c,
            )

    def backward(self, pivots: list[int]) -> None:
        """Clear the entries above each (unit) pivot, from the last pivot up."""
        for r in range(len(pivots) - 1, -1, -1):
            self.eliminate_column(r, pivots[r], below=False, above=True)


@dataclass(frozen=True)
class Elimination:
    """The result of elimination.

    ``matrix``: the echelon form (Fraction rows, or a float array);
    ``pivot_columns``: 0-based columns holding a pivot (a pivot in an augmented
    column means the system is inconsistent); ``rank``: the rank of the
    coefficient part ``A``; ``swaps``: number of row swaps; ``augmented_at``:
    the number of columns of ``A`` when ``b`` was given, else ``None``.
    """

    matrix: Mat
    pivot_columns: tuple[int, ...]
    rank: int
    steps: tuple[Step, ...]
    swaps: int
    augmented_at: int | None

    def render(self) -> str:
        """The steps as Markdown with LaTeX."""
        return render_steps(self.steps, augmented_at=self.augmented_at)


@dataclass(frozen=True)
class Substitution:
    """Back substitution: ``solution`` (a vector) and the row operations that found it."""

    solution: Vec
    steps: tuple[Step, ...]

    def render(self) -> str:
        n = len(self.solution)
        return render_steps(self.steps, augmented_at=n)


def augment(A: Any, b: Any) -> Mat:
    """The augmented matrix ``[A | b]``; ``b`` is a vector of length m or an m×k matrix.

    >>> augment([[1, 2]], [5])
    [[Fraction(1, 1), Fraction(2, 1), Fraction(5, 1)]]
    """
    exact = decide_exact(None, A, b)
    rows, _ = _augmented_rows(A, b, exact)
    return finish_matrix(rows, exact)


def _augmented_rows(A: Any, b: Any, exact: bool) -> tuple[list[list[Any]], int]:
    rows = matrix_rows(A, exact, "A")
    n = len(rows[0])
    try:
        extra = [[x] for x in vector_items(b, exact, "b")]
    except ShapeError:
        extra = matrix_rows(b, exact, "b")
    if len(extra) != len(rows):
        raise ShapeError(
            f"b must have one entry per row of A: A is {shape_text((len(rows), n))} "
            f"but b has {len(extra)} rows"
        )
    return [r + e for r, e in zip(rows, extra, strict=True)], n


def _prepare(A: Any, b: Any, exact: bool | None) -> tuple[list[list[Any]], bool, int | None]:
    mode = decide_exact(exact, A) if b is None else decide_exact(exact, A, b)
    if b is None:
        return matrix_rows(A, mode, "A"), mode, None
    rows, n = _augmented_rows(A, b, mode)
    return rows, mode, n


def row_echelon_form(
    A: Any, b: Any = None, *, unit_pivots: bool = True, exact: bool | None = None
) -> Elimination:
    """Row echelon form of ``A`` (or of ``[A | b]``) by Gaussian elimination, with steps.

    As in the course, rows are swapped only when a pivot is zero, each pivot is
    scaled to 1 (``unit_pivots=True``) and only entries *below* a pivot are
    eliminated; so for a square non-singular ``A`` the result is upper
    triangular with ones on the diagonal, ready for back substitution.

    >>> row_echelon_form([[2, 4], [1, 3]]).matrix
    [[Fraction(1, 1), Fraction(2, 1)], [Fraction(0, 1), Fraction(1, 1)]]
    """
    rows, mode, n = _prepare(A, b, exact)
    reducer = RowReducer(rows, exact=mode)
    pivots = reducer.forward(unit_pivots=unit_pivots)
    return _result(reducer, pivots, n)


def reduced_row_echelon_form(A: Any, b: Any = None, *, exact: bool | None = None) -> Elimination:
    """Reduced row echelon form: echelon form with unit pivots, then clear above each pivot.

    >>> reduced_row_echelon_form([[1, 2], [3, 4]]).matrix
    [[Fraction(1, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(1, 1)]]
    """
    rows, mode, n = _prepare(A, b, exact)
    reducer = RowReducer(rows, exact=mode)
    pivots = reducer.forward(unit_pivots=True)
    reducer.backward(pivots)
    return _result(reducer, pivots, n)


def _result(reducer: RowReducer, pivots: list[int], n: int | None) -> Elimination:
    rank = sum(1 for c in pivots if n is None or c < n)
    return Elimination(
        matrix=finish_matrix(reducer.rows, reducer.exact),
        pivot_columns=tuple(pivots),
        rank=rank,
        steps=tuple(reducer.steps),
        swaps=reducer.swaps,
        augmented_at=n,
    )


def back_substitution(M: Any, *, exact: bool | None = None) -> Substitution:
    """Solve an upper-triangular augmented system ``M = [U | c]`` (n×(n+1)) from the bottom up.

    Each step clears the entries above one pivot, as row operations on ``M``,
    until ``[I | x]`` remains; the last column is then the solution.

    Raises SingularMatrixError when a diagonal entry (a pivot) is zero.

    >>> back_substitution([[1, 2, 5], [0, 1, 2]]).solution
    [Fraction(1, 1), Fraction(2, 1)]
    """
    mode = decide_exact(exact, M)
    rows = matrix_rows(M, mode, "M")
    n = len(rows)
    if len(rows[0]) != n + 1:
        raise ShapeError(
            "back substitution needs an n×(n+1) augmented matrix, "
            f"got {shape_text((n, len(rows[0])))}"
        )
    reducer = RowReducer(rows, exact=mode)
    for i in range(n):
        for j in range(i):
            if not reducer.is_zero(rows[i][j]):
                raise ValueError(
                    f"M must be upper triangular: entry ({i + 1}, {j + 1}) "
                    f"is {number_text(rows[i][j])}"
                )
    for i in range(n - 1, -1, -1):
        pivot = reducer.rows[i][i]
        if reducer.is_zero(pivot):
            raise SingularMatrixError(
                f"pivot in row {i + 1} is 0, so the system has no unique solution"
            )
        if pivot != 1:
            factor = Fraction(1) / pivot if mode else 1 / pivot
            reducer.scale(i, factor, f"divide by the pivot {number_text(pivot)} to make it 1")
            reducer.rows[i][i] = Fraction(1) if mode else 1.0
        reducer.eliminate_column(i, i, below=False, above=True)
    solution = [r[n] for r in reducer.rows]
    names = ", ".join(f"x{i + 1} = {number_text(x)}" for i, x in enumerate(solution))
    values = ", ".join(rf"x_{{{i + 1}}} = {latex_number(x)}" for i, x in enumerate(solution))
    reducer.record(f"read off {names}", values, "the last column is the solution", matrix=False)
    return Substitution(solution=finish_vector(solution, mode), steps=tuple(reducer.steps))
