"""Random integer matrices with prescribed properties, for this week's variants.

Eigenvalue exercises need matrices whose eigenvalues and eigenvectors are small
integers, yet which do not give the answer away (not triangular). We build them
as ``A = S D S^{-1}`` with ``S`` unimodular (determinant ±1), so that ``S^{-1}``
and hence ``A`` have integer entries, and the columns of ``S`` are eigenvectors.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

#: The largest entry we let a generated matrix have: the arithmetic stays mental.
MAX_ENTRY = 12
#: The largest gap between the two eigenvalues of a generated 2×2 matrix.
MAX_GAP = 5
#: Rejection sampling gives up (and says so) after this many draws.
MAX_TRIES = 2000


def unimodular(rng: np.random.Generator, n: int = 2, *, moves: int = 2) -> list[list[int]]:
    """An n×n integer matrix with determinant ±1 and small entries, built from
    the identity by a few row additions (which keep the determinant) and maybe a swap."""
    S = np.eye(n, dtype=int)
    for _ in range(moves):
        i, j = rng.choice(n, size=2, replace=False)
        S[i] += int(rng.choice([-2, -1, 1, 2])) * S[j]
    if rng.random() < 0.5:
        S = S[rng.permutation(n)]
    return S.tolist()


def integer_inverse(S: list[list[int]]) -> list[list[int]]:
    """The inverse of a unimodular 2×2 or 3×3 matrix, exactly (its entries are integers)."""
    inv = np.round(np.linalg.inv(np.array(S, dtype=float))).astype(int)
    if not np.array_equal(np.array(S) @ inv, np.eye(len(S), dtype=int)):
        raise ValueError(f"matrix {S!r} is not unimodular")
    return inv.tolist()


def diagonalizable_2x2(
    rng: np.random.Generator, values: tuple[int, int]
) -> tuple[list[list[int]], list[list[int]]]:
    """A non-triangular integer 2×2 matrix with eigenvalues ``values`` (distinct).

    Returns ``(A, S)``: the columns of ``S`` are eigenvectors for ``values[0]``
    and ``values[1]``. Redraws until both off-diagonal entries are non-zero and
    every entry is at most :data:`MAX_ENTRY` in size.
    """
    if values[0] == values[1]:
        raise ValueError(f"eigenvalues must be distinct, got {values!r}")
    D = np.diag(values)
    for _ in range(MAX_TRIES):
        S = np.array(unimodular(rng, 2, moves=int(rng.integers(2, 4))))
        A = S @ D @ np.array(integer_inverse(S.tolist()))
        if A[0, 1] != 0 and A[1, 0] != 0 and np.abs(A).max() <= MAX_ENTRY:
            return A.astype(int).tolist(), S.astype(int).tolist()
    raise ValueError(f"no small non-triangular matrix found with eigenvalues {values!r}")


def close_distinct_pair(rng: np.random.Generator, low: int, high: int) -> tuple[int, int]:
    """Two distinct integers in ``[low, high]`` at most :data:`MAX_GAP` apart, in random order.

    Eigenvalues far apart force large entries in ``S D S^{-1}``, so we keep them close.
    """
    while True:
        first = int(rng.integers(low, high + 1))
        second = first + int(rng.choice([-1, 1])) * int(rng.integers(1, MAX_GAP + 1))
        if low <= second <= high:
            return first, second


def random_matrix_with_det(
    rng: np.random.Generator, n: int, dets: tuple[int, ...], *, low: int = -4, high: int = 4
) -> list[list[int]]:
    """A random n×n integer matrix (entries in ``[low, high]``) whose determinant
    is one of ``dets``; rejection sampling is quick for the small sizes we use."""
    for _ in range(MAX_TRIES):
        A = rng.integers(low, high + 1, size=(n, n))
        if round(float(np.linalg.det(A))) in dets:
            return A.astype(int).tolist()
    raise ValueError(
        f"no {n}×{n} matrix with entries in [{low}, {high}] has a determinant in {dets}"
    )


def fraction(text: str | int) -> Fraction:
    """Parameters store fractions as ``"3/4"`` strings (JSON has no fractions)."""
    return Fraction(text)


def fraction_text(x: Fraction | int) -> str:
    """The inverse of :func:`fraction`: ``Fraction(3, 4)`` -> ``"3/4"``, ``2`` -> ``"2"``."""
    return str(Fraction(x))


def fraction_matrix(rows: list[list[str]]) -> list[list[Fraction]]:
    return [[fraction(x) for x in row] for row in rows]


def sympy_to_fraction(x: object) -> Fraction:
    """A SymPy rational (or integer) as a Fraction, for exact comparison."""
    import sympy

    q = sympy.nsimplify(x)
    if not q.is_Rational:
        raise ValueError(f"expected a rational number, got {x!r}")
    return Fraction(int(q.p), int(q.q))


def same_number(x: object, y: object, *, tol: float = 1e-9) -> bool:
    """Whether two numbers (ints, Fractions, floats, SymPy numbers, possibly complex) agree.

    Used to pick one eigenvalue out of the toolkit's list, whatever type it returns.
    """
    import sympy

    difference = complex(sympy.N(sympy.sympify(x) - sympy.sympify(y)))
    return abs(difference) < tol
