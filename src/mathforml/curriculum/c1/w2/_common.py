"""Shared helpers of week 2: systems with friendly numbers, and exact reference computations.

A system whose elimination stays in small integers is built backwards from its
answer: pick a unit upper-triangular ``U`` (the echelon form) and an integer
solution ``x``, set ``c = U x``, and multiply by a lower-triangular ``L`` whose
diagonal holds the pivots. Then ``A = L U`` and ``b = L c``: dividing each pivot
row by its pivot and clearing below it walks back from ``[A | b]`` to ``[U | c]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathforml.toolkit import linalg

#: Pivots for constructed systems: small, non-zero, mostly not 1 (so scaling is practised).
PIVOTS = (-3, -2, -1, 1, 2, 2, 3, 4)

#: How often an off-diagonal entry of a constructed system is zero.
ZERO_SHARE = 0.2

IntMatrix = list[list[int]]


def friendly_system(
    rng: np.random.Generator, n: int, *, swap: bool = False, entry: int = 3, solution: int = 5
) -> tuple[IntMatrix, list[int], list[int]]:
    """An n×n system ``A x = b`` with integer ``A``, ``b``, ``x`` and integer elimination.

    With ``swap``, the rows are presented so that one pivot position holds 0 when
    elimination reaches it and the first non-zero entry below is the row to bring
    up: the learner must swap once, exactly as taught.
    Returns ``(A, b, x)`` as plain lists.
    """
    upper = np.eye(n, dtype=int)
    for i in range(n):
        for j in range(i + 1, n):
            upper[i, j] = _small(rng, entry)
    lower = np.zeros((n, n), dtype=int)
    for i in range(n):
        lower[i, i] = int(rng.choice(PIVOTS))
        for j in range(i):
            lower[i, j] = _small(rng, entry)
    x = rng.integers(-solution, solution + 1, size=n)
    while not np.any(x):
        x = rng.integers(-solution, solution + 1, size=n)
    order = list(range(n))
    if swap:
        # After clearing columns < k, true row i is sum_{j>=k} lower[i, j] * upper[j]: with
        # lower[k+1, k] == 0, row k+1 has a 0 in column k. Presenting it before row k puts
        # that 0 in the pivot position, and row k (pivot lower[k, k] != 0) is the first
        # non-zero entry below it: one swap restores the order, and the rest runs as built.
        k = int(rng.integers(0, n - 1))
        lower[k + 1, k] = 0
        order[k], order[k + 1] = order[k + 1], order[k]
    A = (lower @ upper)[order]
    b = (lower @ (upper @ x))[order]
    return A.astype(int).tolist(), b.astype(int).tolist(), x.astype(int).tolist()


def _small(rng: np.random.Generator, entry: int) -> int:
    """A small integer in [-entry, entry], zero only now and then (zeros make systems too easy)."""
    if rng.random() < ZERO_SHARE:
        return 0
    return int(rng.choice([v for v in range(-entry, entry + 1) if v]))


def augmented(A: Sequence[Sequence[Any]], b: Sequence[Any]) -> list[list[Any]]:
    """``[A | b]`` as plain rows (no conversion), for display."""
    return [[*row, bi] for row, bi in zip(A, b, strict=True)]


def aug_latex(A: Sequence[Sequence[Any]], b: Sequence[Any]) -> str:
    """The augmented matrix ``[A | b]`` in LaTeX, with the bar before the constants."""
    return linalg.latex_matrix(augmented(A, b), augmented_at=len(A[0]))


def equations_latex(A: Sequence[Sequence[int]], b: Sequence[int], names: Sequence[str]) -> str:
    """The system written as equations, aligned on the equals sign (an ``aligned`` block)."""
    lines = []
    for row, rhs in zip(A, b, strict=True):
        terms = []
        for coef, name in zip(row, names, strict=True):
            if coef == 0:
                continue
            mag = "" if abs(coef) == 1 else str(abs(coef))
            if not terms:
                terms.append(("-" if coef < 0 else "") + mag + name)
            else:
                terms.append(("- " if coef < 0 else "+ ") + mag + name)
        lines.append(" ".join(terms or ["0"]) + f" &= {rhs}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def vector_text(v: Sequence[Any]) -> str:
    """A vector as the learner types it, e.g. ``[1, -2, 3/2]``."""
    return "[" + ", ".join(str(Fraction(x)) for x in v) + "]"


def to_fractions(M: Any) -> list[list[Fraction]]:
    """Any exact matrix (SymPy, ints, Fractions) as rows of Fractions."""
    return [[Fraction(str(x)) for x in row] for row in (M.tolist() if hasattr(M, "tolist") else M)]


def sympy_unit_echelon(A: Sequence[Sequence[int]], b: Sequence[int]) -> list[list[Fraction]]:
    """Row echelon form with unit pivots of ``[A | b]`` for a non-singular square ``A``,
    computed with SymPy's LU factorisation (``P A = L U``; it also swaps only on a zero
    pivot, taking the first non-zero entry below): ``[D⁻¹U | D⁻¹L⁻¹P b]``.
    Independent of the toolkit, for answer checks."""
    M = sympy.Matrix(A)
    L, U, perm = M.LUdecomposition()
    rhs = sympy.Matrix(b)
    for i, j in perm:
        rhs.row_swap(i, j)
    c = L.lower_triangular_solve(rhs)
    rows = []
    for i in range(M.rows):
        d = U[i, i]
        rows.append([U[i, j] / d for j in range(M.cols)] + [c[i] / d])
    return to_fractions(rows)


def numpy_rank(M: Any) -> int:
    """Rank by NumPy's SVD, for matrices of small integers (exact enough there)."""
    return int(np.linalg.matrix_rank(np.array(M, dtype=float)))


def signed_term(k: Any, row: str) -> str:
    r"""``- 3R_2`` or ``+ \frac{1}{2}R_1`` for a multiple of a row in a LaTeX row operation."""
    k = Fraction(k)
    sign = "-" if k > 0 else "+"
    mag = abs(k)
    factor = "" if mag == 1 else linalg.latex_number(mag)
    return f"{sign} {factor}{row}"
