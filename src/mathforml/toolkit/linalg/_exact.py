"""Exact-versus-float coercion: one place decides how a matrix is computed with.

A learner's matrices are usually small integers, and the course reasons about
them exactly (``1/3``, not ``0.3333``). So every function first decides a *mode*:
exact (``fractions.Fraction``) when every entry is an integer or a fraction,
float (``numpy.float64``) otherwise; the caller may force either with ``exact=``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import numpy as np

from mathforml.errors import ShapeError

#: Relative tolerance for "is this float zero?" in float mode (scaled by the matrix).
TOL = 1e-10

#: A matrix in either mode: rows of Fractions, or a 2-D float array.
Mat: TypeAlias = list[list[Fraction]] | np.ndarray
#: A vector in either mode: a list of Fractions, or a 1-D float array.
Vec: TypeAlias = list[Fraction] | np.ndarray


def is_exact_scalar(x: object) -> bool:
    """True for ints, Fractions, NumPy integers and SymPy rationals (never floats)."""
    return isinstance(x, numbers.Rational)


def _check_scalar(x: object) -> None:
    if isinstance(x, str | bytes) or not isinstance(x, numbers.Number):
        raise ValueError(f"expected a number, got {x!r}")
    if isinstance(x, numbers.Complex) and not isinstance(x, numbers.Real):
        raise ValueError(f"expected a real number, got {x!r}")
    if not isinstance(x, numbers.Rational) and not math.isfinite(float(x)):  # type: ignore[arg-type]
        raise ValueError(f"expected a finite number, got {x!r}")


def to_fraction(x: object) -> Fraction:
    """Convert one real number to a Fraction; a float is read as written (0.1 -> 1/10)."""
    _check_scalar(x)
    if isinstance(x, Fraction):
        return x
    if isinstance(x, numbers.Integral):
        return Fraction(int(x))
    if isinstance(x, numbers.Rational):
        return Fraction(int(x.numerator), int(x.denominator))
    # repr gives the shortest decimal that round-trips, which is what was typed.
    return Fraction(repr(float(x)))  # type: ignore[arg-type]


def to_float(x: object) -> float:
    _check_scalar(x)
    return float(x)  # type: ignore[arg-type]


def _rows(A: Any, what: str) -> list[list[Any]]:
    """Validate a 2-D, non-empty, rectangular matrix and return its rows as lists."""
    if isinstance(A, np.ndarray):
        if A.ndim != 2:
            raise ShapeError(f"{what} must be a 2-D matrix, got an array of shape {A.shape!r}")
        if A.dtype.kind not in "iufbO":
            raise ValueError(f"{what} must hold real numbers, got dtype {A.dtype}")
        rows = [list(r) for r in A.tolist()] if A.dtype.kind != "O" else [list(r) for r in A]
    else:
        if isinstance(A, str | bytes) or not isinstance(A, Iterable):
            raise ShapeError(f"{what} must be a matrix (a list of rows), got {A!r}")
        rows = []
        for r in A:
            if isinstance(r, np.ndarray):
                r = r.tolist()
            if isinstance(r, str | bytes) or not isinstance(r, Iterable):
                raise ShapeError(f"{what} must be a matrix (a list of rows); {r!r} is not a row")
            rows.append(list(r))
    if not rows or not rows[0]:
        raise ShapeError(f"{what} must be a non-empty matrix, got shape ({len(rows)}, 0)")
    width = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != width:
            raise ShapeError(
                f"{what} is ragged: row 1 has {width} entries but row {i + 1} has {len(r)}"
            )
    for r in rows:
        for x in r:
            _check_scalar(x)
    return rows


def _entries(v: Any, what: str) -> list[Any]:
    if isinstance(v, np.ndarray):
        if v.ndim == 2 and 1 in v.shape:
            v = v.reshape(-1)
        if v.ndim != 1:
            raise ShapeError(f"{what} must be a vector, got an array of shape {v.shape!r}")
        items = v.tolist() if v.dtype.kind != "O" else list(v)
    else:
        if isinstance(v, str | bytes) or not isinstance(v, Iterable):
            raise ShapeError(f"{what} must be a vector (a list of numbers), got {v!r}")
        items = list(v)
        # accept a column written as rows of one entry: [[1], [2]]
        if items and all(isinstance(x, Sequence | np.ndarray) and len(x) == 1 for x in items):
            items = [x[0] for x in items]
        if any(isinstance(x, Iterable) and not isinstance(x, str | bytes) for x in items):
            raise ShapeError(f"{what} must be a vector (a flat list of numbers), got a matrix")
    if not items:
        raise ShapeError(f"{what} must be a non-empty vector")
    for x in items:
        _check_scalar(x)
    return items


def _decide(exact: bool | None, values: Iterable[Any]) -> bool:
    if exact is not None:
        return bool(exact)
    return all(is_exact_scalar(x) for x in values)


def _raw_values(obj: Any) -> list[Any]:
    """The entries of a matrix/vector as Python/NumPy scalars, for deciding the mode."""
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "iub":
            return [0]
        if obj.dtype.kind == "f":
            return [0.0]
        return list(obj.reshape(-1))
    out: list[Any] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, np.ndarray):
            out.extend(_raw_values(item))
        elif isinstance(item, Iterable) and not isinstance(item, str | bytes):
            stack.extend(item)
        else:
            out.append(item)
    return out


def decide_exact(exact: bool | None, *objs: Any) -> bool:
    """The mode for a computation on ``objs``: forced by ``exact``, else exact iff all exact."""
    if exact is not None:
        return bool(exact)
    return all(_decide(None, _raw_values(o)) for o in objs)


def as_matrix(A: Any, exact: bool, what: str = "A") -> Mat:
    """A validated copy of ``A`` in the given mode (Fraction rows or float64 array)."""
    rows = _rows(A, what)
    if exact:
        return [[to_fraction(x) for x in r] for r in rows]
    return np.array([[to_float(x) for x in r] for r in rows], dtype=float)


def as_vector(v: Any, exact: bool, what: str = "v") -> Vec:
    """A validated copy of vector ``v`` in the given mode."""
    items = _entries(v, what)
    if exact:
        return [to_fraction(x) for x in items]
    return np.array([to_float(x) for x in items], dtype=float)


def matrix_rows(A: Any, exact: bool, what: str = "A") -> list[list[Any]]:
    """Validated rows of ``A`` as Python Fractions (exact) or Python floats (float mode).

    The algorithms work on these plain lists in both modes, so one implementation
    serves both; results are converted back with :func:`finish_matrix`.
    """
    rows = _rows(A, what)
    if exact:
        return [[to_fraction(x) for x in r] for r in rows]
    return [[to_float(x) for x in r] for r in rows]


def vector_items(v: Any, exact: bool, what: str = "v") -> list[Any]:
    """Validated entries of vector ``v`` as Fractions or floats."""
    items = _entries(v, what)
    if exact:
        return [to_fraction(x) for x in items]
    return [to_float(x) for x in items]


def shape(M: Mat) -> tuple[int, int]:
    if isinstance(M, np.ndarray):
        return (int(M.shape[0]), int(M.shape[1]))
    return (len(M), len(M[0]) if M else 0)


def to_rows(M: Mat) -> list[list[Any]]:
    """A plain list-of-lists copy (for a Step's snapshot)."""
    if isinstance(M, np.ndarray):
        return [[float(x) for x in r] for r in M]
    return [list(r) for r in M]


def finish_matrix(rows: list[list[Any]], exact: bool) -> Mat:
    """The public form of a result matrix: Fraction rows, or a float64 array."""
    if exact:
        return [[Fraction(x) for x in r] for r in rows]
    return np.array(rows, dtype=float).reshape(len(rows), len(rows[0]) if rows else 0)


def finish_vector(items: Sequence[Any], exact: bool) -> Vec:
    if exact:
        return [Fraction(x) for x in items]
    return np.array([float(x) for x in items], dtype=float)


def zero_tolerance(rows: Sequence[Sequence[Any]], exact: bool) -> float:
    """How small a float must be to count as zero: ``TOL`` times the matrix's scale."""
    if exact:
        return 0.0
    scale = max((abs(float(x)) for r in rows for x in r), default=0.0)
    size = max(len(rows), len(rows[0]) if rows else 0, 1)
    return TOL * scale * size


def shape_text(shape_: tuple[int, ...]) -> str:
    """``(2, 3)`` -> ``2×3`` for messages."""
    return "×".join(str(s) for s in shape_)
