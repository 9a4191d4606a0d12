"""Hypothesis strategies shared by the linalg tests: small exact and float matrices."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy
from hypothesis import settings
from hypothesis import strategies as st

#: Keep the whole toolkit suite fast: few, varied examples.
FAST = settings(max_examples=60, deadline=None)

small_ints = st.integers(min_value=-6, max_value=6)
fractions = st.builds(
    Fraction, st.integers(min_value=-9, max_value=9), st.integers(min_value=1, max_value=5)
)
floats = st.floats(min_value=-10, max_value=10, allow_nan=False, allow_infinity=False).map(
    lambda x: round(x, 3)
)


@st.composite
def matrices(draw, entries=small_ints, rows=None, cols=None, max_size=4):
    m = rows if rows is not None else draw(st.integers(1, max_size))
    n = cols if cols is not None else draw(st.integers(1, max_size))
    return [[draw(entries) for _ in range(n)] for _ in range(m)]


@st.composite
def square(draw, entries=small_ints, max_size=4):
    n = draw(st.integers(1, max_size))
    return draw(matrices(entries, n, n))


@st.composite
def rank_deficient(draw, max_size=4):
    """A square integer matrix whose last row is a combination of the others."""
    n = draw(st.integers(2, max_size))
    rows = [[draw(small_ints) for _ in range(n)] for _ in range(n - 1)]
    coeffs = [draw(st.integers(-2, 2)) for _ in range(n - 1)]
    last = [sum(c * r[j] for c, r in zip(coeffs, rows, strict=True)) for j in range(n)]
    position = draw(st.integers(0, n - 1))
    rows.insert(position, last)
    return rows


def sym(A):
    """A SymPy matrix with exact rationals (the independent reference)."""
    return sympy.Matrix(
        [[sympy.Rational(x.numerator, x.denominator) for x in map(Fraction, r)] for r in A]
    )


def as_fractions(M):
    return [[Fraction(x) for x in r] for r in M]


def from_sym(M):
    return [[Fraction(int(x.p), int(x.q)) for x in M.row(i)] for i in range(M.rows)]


def np_float(A):
    return np.array([[float(x) for x in r] for r in A], dtype=float)


#: Mostly zeros: forces zero pivots, row swaps and pivot-free columns.
sparse_ints = st.sampled_from([0, 0, 0, 0, 1, -1, 2, 3])
