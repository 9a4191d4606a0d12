"""Systems of linear equations: solve, rank, singular or not, dependence.

Everything here is elimination (:mod:`._elimination`) read the way the course
reads it: a row ``0 = c`` with ``c ≠ 0`` means no solution, a column without a
pivot is a free variable, a row of zeros means a singular matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._determinant import determinant
from mathforml.toolkit.linalg._elimination import RowReducer, _augmented_rows, back_substitution
from mathforml.toolkit.linalg._exact import (
    Vec,
    decide_exact,
    finish_vector,
    matrix_rows,
    shape_text,
    vector_items,
)
from mathforml.toolkit.linalg._steps import Step, factor_text, number_text, render_steps


@dataclass(frozen=True)
class SystemSolution:
    """The solution of ``A x = b``.

    ``kind`` is ``"unique"``, ``"none"`` (inconsistent) or ``"infinite"``;
    ``solution`` is the solution, or for ``"infinite"`` the particular solution
    with every free variable set to 0, or ``None`` when there is none;
    ``free_variables`` are the 0-based indices of the free unknowns;
    ``reason`` says in words how the kind was decided.
    """

    kind: Literal["unique", "none", "infinite"]
    solution: Vec | None
    free_variables: tuple[int, ...]
    rank_A: int
    rank_Ab: int
    reason: str
    steps: tuple[Step, ...]

    def render(self) -> str:
        widths = [len(s.matrix[0]) for s in self.steps if s.matrix]
        return render_steps(self.steps, augmented_at=widths[0] - 1 if widths else None)


@dataclass(frozen=True)
class Singularity:
    """Whether a square matrix is singular, with its determinant, rank and the reason in words."""

    singular: bool
    determinant: Any
    rank: int
    reason: str


@dataclass(frozen=True)
class Independence:
    """Whether vectors are linearly independent.

    ``relation`` is a list of coefficients ``c`` (not all zero) with
    ``sum(c[i] * vectors[i]) == 0`` when they are dependent, else ``None``;
    ``steps`` reduce the matrix whose *columns* are the vectors.
    """

    independent: bool
    rank: int
    relation: Vec | None
    steps: tuple[Step, ...]

    def render(self) -> str:
        return render_steps(self.steps)


def solve(A: Any, b: Any, *, exact: bool | None = None) -> SystemSolution:
    """Solve ``A x = b`` by elimination to row echelon form, then back substitution.

    ``A``: m×n, ``b``: length m. The result says whether the system has one,
    none or infinitely many solutions (rank of ``A`` vs rank of ``[A | b]``).

    >>> solve([[1, 1], [1, -1]], [3, 1]).solution
    [Fraction(2, 1), Fraction(1, 1)]
    """
    mode = decide_exact(exact, A, b)
    try:
        vector_items(b, mode, "b")
    except ShapeError as err:
        raise ShapeError(f"b must be a vector: {err}") from None
    rows, n = _augmented_rows(A, b, mode)
    m = len(rows)
    reducer = RowReducer(rows, exact=mode)
    pivots = reducer.forward(unit_pivots=True)
    rank_A = sum(1 for c in pivots if c < n)
    rank_Ab = len(pivots)
    if rank_Ab > rank_A:
        row = pivots.index(n) + 1
        reason = (
            f"after elimination row {row} reads 0 = 1 (all its coefficients are 0 but its "
            f"right-hand side is not), so the equations contradict each other: "
            f"rank(A) = {rank_A} < rank([A|b]) = {rank_Ab}"
        )
        return SystemSolution("none", None, (), rank_A, rank_Ab, reason, tuple(reducer.steps))
    if rank_A == n:
        top = [r[:] for r in reducer.rows[:n]]
        back = back_substitution(top, exact=mode)
        reason = (
            f"rank(A) = rank([A|b]) = {n} = the number of unknowns, "
            "so there is exactly one solution"
        )
        if m > n:
            reason += f" (the last {m - n} rows become 0 = 0)"
        steps = (*reducer.steps, *back.steps)
        return SystemSolution("unique", back.solution, (), rank_A, rank_Ab, reason, steps)
    reducer.backward(pivots)
    free = tuple(c for c in range(n) if c not in pivots)
    zero = 0 if mode else 0.0
    x = [zero] * n
    for r, c in enumerate(pivots):
        x[c] = reducer.rows[r][n]
    names = ", ".join(f"x{c + 1}" for c in free)
    verb = "is" if len(free) == 1 else "are"
    reason = (
        f"rank(A) = rank([A|b]) = {rank_A} < {n} unknowns: {names} {verb} free, "
        "so there are infinitely many solutions"
    )
    reducer.record(
        "set the free variables to 0 for one particular solution",
        ", ".join(rf"x_{{{c + 1}}} = 0" for c in free),
        "each pivot variable is then read from the last column",
        matrix=False,
    )
    return SystemSolution(
        "infinite", finish_vector(x, mode), free, rank_A, rank_Ab, reason, tuple(reducer.steps)
    )


def rank(A: Any, *, exact: bool | None = None) -> int:
    """The rank of ``A``: the number of pivots in its row echelon form.

    >>> rank([[1, 2], [2, 4]])
    1
    """
    mode = decide_exact(exact, A)
    reducer = RowReducer(matrix_rows(A, mode, "A"), exact=mode)
    return len(reducer.forward(unit_pivots=False, skip_note=False))


def _null_vector(columns: list[list[Any]], exact: bool) -> tuple[list[Any] | None, RowReducer]:
    """A non-zero ``c`` with ``M c = 0`` for the matrix whose columns are given, or None.

    Uses the first column without a pivot: it is the first vector that is a
    combination of the ones before it, which is the relation a learner spots.
    """
    k = len(columns)
    d = len(columns[0])
    M = [[columns[j][i] for j in range(k)] for i in range(d)]
    reducer = RowReducer(M, exact=exact)
    pivots = reducer.forward(unit_pivots=True)
    reducer.backward(pivots)
    free = [c for c in range(k) if c not in pivots]
    if not free:
        return None, reducer
    f = free[0]
    zero, one = (0, 1) if exact else (0.0, 1.0)
    c = [zero] * k
    c[f] = one
    for r, p in enumerate(pivots):
        c[p] = -reducer.rows[r][f]
    return c, reducer


def _combination_text(coeffs: list[tuple[Any, int]], noun: str) -> str:
    """``[(1, 0), (2, 1)]`` -> ``row 1 + 2·row 2``."""
    parts: list[str] = []
    for coef, idx in coeffs:
        mag = -coef if coef < 0 else coef
        term = f"{factor_text(mag)}{noun} {idx + 1}"
        if not parts:
            parts.append(("−" if coef < 0 else "") + term)
        else:
            parts.append(("− " if coef < 0 else "+ ") + term)
    return " ".join(parts)


def _relation_text(c: list[Any], noun: str, exact: bool) -> str:
    """Say ``sum c_i v_i = 0`` as "row 3 is row 1 + 2·row 2" (solved for the last term)."""
    nz = [i for i, x in enumerate(c) if (x != 0 if exact else abs(x) > 1e-12)]
    k = nz[-1]
    others = [(-c[i] / c[k], i) for i in nz[:-1]]
    if not others:
        return f"{noun} {k + 1} is all zeros"
    if len(others) == 1 and others[0][0] == 1:
        return f"{noun} {k + 1} equals {noun} {others[0][1] + 1}"
    return f"{noun} {k + 1} is {_combination_text(others, noun)}"


def classify(A: Any, *, exact: bool | None = None) -> Singularity:
    """Is the square matrix ``A`` singular? With its determinant, rank and the reason in words.

    >>> classify([[1, 2], [2, 4]]).reason
    'row 2 is 2·row 1; a row of zeros appears after elimination, so det = 0'
    """
    mode = decide_exact(exact, A)
    rows = matrix_rows(A, mode, "A")
    n = len(rows)
    if len(rows[0]) != n:
        raise ShapeError(
            f"only a square matrix is singular or non-singular, got {shape_text((n, len(rows[0])))}"
        )
    det = determinant(rows, exact=mode).value
    rows_as_columns = [list(r) for r in rows]
    relation, reducer = _null_vector(rows_as_columns, mode)
    r = (
        n
        if relation is None
        else sum(1 for row in reducer.rows if any(not reducer.is_zero(x) for x in row))
    )
    if relation is None:
        reason = (
            f"det = {number_text(det)} ≠ 0: the rows are linearly independent "
            "and elimination gives a pivot in every column"
        )
        return Singularity(False, det, n, reason)
    reason = (
        f"{_relation_text(relation, 'row', mode)}; "
        "a row of zeros appears after elimination, so det = 0"
    )
    return Singularity(True, Fraction(0) if mode else 0.0, r, reason)


def linearly_independent(vectors: Any, *, exact: bool | None = None) -> Independence:
    """Are the given vectors linearly independent? If not, a relation ``sum c_i v_i = 0``.

    ``vectors``: a sequence of vectors of equal length (or a 2-D array whose
    rows are the vectors). They are put as the *columns* of a matrix and reduced.

    >>> linearly_independent([[1, 2], [2, 4]]).relation
    [Fraction(-2, 1), Fraction(1, 1)]
    """
    if isinstance(vectors, np.ndarray) and vectors.ndim == 2:
        vectors = list(vectors)
    vecs = list(vectors)
    if not vecs:
        raise ValueError("expected at least one vector, got none")
    mode = decide_exact(exact, *vecs)
    items = [vector_items(v, mode, f"vector {i + 1}") for i, v in enumerate(vecs)]
    d = len(items[0])
    for i, v in enumerate(items):
        if len(v) != d:
            raise ShapeError(
                f"all vectors must have the same length: vector 1 has {d} entries "
                f"but vector {i + 1} has {len(v)}"
            )
    relation, reducer = _null_vector(items, mode)
    r = sum(1 for row in reducer.rows if any(not reducer.is_zero(x) for x in row))
    setup = Step(
        "write the vectors as the columns of a matrix",
        r"\begin{bmatrix} v_1 & \cdots & v_k \end{bmatrix}",
        [[v[i] for v in items] for i in range(d)],
        "they are independent exactly when every column gets a pivot",
    )
    k = len(items)
    if relation is None:
        verdict = f"every column has a pivot: rank {r} = {k} vectors, so they are independent"
    else:
        terms = " + ".join(f"({number_text(c)})·v{i + 1}" for i, c in enumerate(relation) if c)
        verdict = f"rank {r} < {k} vectors, so they are dependent: {terms} = 0"
    conclusion = Step(verdict, rf"\operatorname{{rank}} = {r}", None, "")
    return Independence(
        independent=relation is None,
        rank=r,
        relation=None if relation is None else finish_vector(relation, mode),
        steps=(setup, *reducer.steps, conclusion),
    )
