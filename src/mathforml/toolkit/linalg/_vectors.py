"""Vectors: dot product, norms, distance, angle, projection, cosine similarity.

Exact inputs give exact answers where the answer is rational (a dot product, an
L1 norm, a projection); anything with a square root is a float.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._exact import Vec, decide_exact, finish_vector, vector_items


def _pair(u: Any, v: Any, what: tuple[str, str] = ("u", "v")) -> tuple[list[Any], list[Any], bool]:
    mode = decide_exact(None, u, v)
    a = vector_items(u, mode, what[0])
    b = vector_items(v, mode, what[1])
    if len(a) != len(b):
        raise ShapeError(
            f"{what[0]} and {what[1]} must have the same length, got {len(a)} and {len(b)} entries"
        )
    return a, b, mode


def _dot(a: list[Any], b: list[Any], exact: bool) -> Any:
    total: Any = Fraction(0) if exact else 0.0
    for x, y in zip(a, b, strict=True):
        total += x * y
    return total


def dot(u: Any, v: Any) -> Fraction | float:
    """The dot product ``sum(u_i * v_i)``: a Fraction for exact input, else a float.

    >>> dot([1, 2, 3], [4, 5, 6])
    Fraction(32, 1)
    """
    a, b, mode = _pair(u, v)
    return _dot(a, b, mode)


def _norm(a: list[Any], p: Any, exact: bool) -> Fraction | float:
    if p == 1:
        total: Any = Fraction(0) if exact else 0.0
        for x in a:
            total += abs(x)
        return total
    if p == 2:
        return math.sqrt(_dot(a, a, exact))
    if p in (math.inf, "inf"):
        return max(abs(x) for x in a)
    raise ValueError(f"p must be 1, 2 or inf, got {p!r}")


def norm(v: Any, p: Any = 2) -> Fraction | float:
    """The p-norm of ``v`` for p in 1, 2, inf (``math.inf``, ``numpy.inf`` or ``"inf"``).

    The L2 norm is a float (its square root is rarely rational); the L1 and
    L∞ norms of exact input are Fractions.

    >>> norm([3, 4])
    5.0
    """
    mode = decide_exact(None, v)
    return _norm(vector_items(v, mode, "v"), p, mode)


def distance(u: Any, v: Any, p: Any = 2) -> Fraction | float:
    """The distance ``norm(u - v, p)`` between two points.

    >>> distance([1, 1], [4, 5])
    5.0
    """
    a, b, mode = _pair(u, v)
    return _norm([x - y for x, y in zip(a, b, strict=True)], p, mode)


def _nonzero_norm(a: list[Any], name: str, exact: bool) -> float:
    length = float(_norm(a, 2, exact))
    if length == 0:
        raise ValueError(f"{name} is the zero vector {a!r}: it has no direction, so no angle")
    return length


def cosine_similarity(u: Any, v: Any) -> float:
    """``u·v / (|u| |v|)``, in [-1, 1]; ValueError for a zero vector.

    >>> cosine_similarity([1, 0], [0, 2])
    0.0
    """
    a, b, mode = _pair(u, v)
    la = _nonzero_norm(a, "u", mode)
    lb = _nonzero_norm(b, "v", mode)
    return max(-1.0, min(1.0, float(_dot(a, b, mode)) / (la * lb)))


def angle(u: Any, v: Any, *, degrees: bool = False) -> float:
    """The angle between ``u`` and ``v`` (radians, or degrees); ValueError for a zero vector.

    >>> angle([1, 0], [0, 1], degrees=True)
    90.0
    """
    theta = math.acos(cosine_similarity(u, v))
    return math.degrees(theta) if degrees else theta


def projection(u: Any, onto: Any) -> Vec:
    """The orthogonal projection of ``u`` onto the line spanned by ``onto``.

    ``(u·w / w·w) w``; exact when both are exact. ValueError when ``onto`` is 0.

    >>> projection([2, 3], [1, 0])
    [Fraction(2, 1), Fraction(0, 1)]
    """
    a, w, mode = _pair(u, onto, ("u", "onto"))
    ww = _dot(w, w, mode)
    if ww == 0:
        raise ValueError(f"cannot project onto the zero vector {list(onto)!r}")
    scale = _dot(a, w, mode) / ww
    return finish_vector([scale * x for x in w], mode)
