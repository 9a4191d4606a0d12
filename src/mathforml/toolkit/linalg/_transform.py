"""Linear transformations of the plane as 2×2 matrices: stretch, shear, rotate, reflect, project.

Each returns exact Fraction rows when its arguments are exact (a shear by 2,
a reflection) and a float array otherwise (any rotation but by 0).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._exact import (
    Mat,
    decide_exact,
    finish_matrix,
    is_exact_scalar,
    matrix_rows,
    shape_text,
    to_float,
    to_fraction,
    vector_items,
)

#: Rotation entries this close to 0 or ±1 are snapped there (cos(π/2) is 6e-17, not 0).
SNAP = 1e-15


def _scalars(*xs: Any) -> tuple[list[Any], bool]:
    exact = all(is_exact_scalar(x) for x in xs)
    return [to_fraction(x) if exact else to_float(x) for x in xs], exact


def stretch(a: Any, b: Any = None) -> Mat:
    """Scale x by ``a`` and y by ``b`` (``b`` defaults to ``a``): ``[[a, 0], [0, b]]``.

    >>> stretch(2, 3)
    [[Fraction(2, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(3, 1)]]
    """
    (x, y), exact = _scalars(a, a if b is None else b)
    return finish_matrix([[x, 0], [0, y]], exact)


def shear(m: Any, *, axis: Literal["x", "y"] = "x") -> Mat:
    """A shear by ``m`` along the x-axis ``[[1, m], [0, 1]]`` or the y-axis ``[[1, 0], [m, 1]]``.

    >>> shear(2)
    [[Fraction(1, 1), Fraction(2, 1)], [Fraction(0, 1), Fraction(1, 1)]]
    """
    (k,), exact = _scalars(m)
    if axis == "x":
        return finish_matrix([[1, k], [0, 1]], exact)
    if axis == "y":
        return finish_matrix([[1, 0], [k, 1]], exact)
    raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")


def _snap(x: float) -> float:
    for target in (0.0, 1.0, -1.0):
        if abs(x - target) <= SNAP:
            return target
    return x


def rotation(theta: Any) -> Mat:
    """Counter-clockwise rotation by ``theta`` radians: ``[[cos, −sin], [sin, cos]]``.

    >>> rotation(math.pi / 2).tolist()
    [[0.0, -1.0], [1.0, 0.0]]
    """
    if is_exact_scalar(theta) and theta == 0:
        return finish_matrix([[1, 0], [0, 1]], True)
    t = to_float(theta)
    c, s = _snap(math.cos(t)), _snap(math.sin(t))
    return np.array([[c, _snap(-s)], [s, c]], dtype=float)


_REFLECTIONS = {
    "x": [[1, 0], [0, -1]],
    "y": [[-1, 0], [0, 1]],
    "y=x": [[0, 1], [1, 0]],
    "y=-x": [[0, -1], [-1, 0]],
}


def reflection(axis: Literal["x", "y", "y=x", "y=-x"] = "x") -> Mat:
    """Reflection across the x-axis, the y-axis, the line y = x or the line y = −x (exact).

    >>> reflection("y=x")
    [[Fraction(0, 1), Fraction(1, 1)], [Fraction(1, 1), Fraction(0, 1)]]
    """
    key = axis.replace(" ", "").replace("−", "-")
    if key not in _REFLECTIONS:
        raise ValueError(f"axis must be one of 'x', 'y', 'y=x', 'y=-x', got {axis!r}")
    return finish_matrix(_REFLECTIONS[key], True)


def projection_matrix(onto: Any) -> Mat:
    """The matrix ``u uᵀ / (uᵀ u)`` projecting the plane onto the line spanned by ``onto``.

    >>> projection_matrix([1, 1])
    [[Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)]]
    """
    exact = decide_exact(None, onto)
    u = vector_items(onto, exact, "onto")
    if len(u) != 2:
        raise ShapeError(f"onto must be a 2-vector, got length {len(u)}")
    uu = u[0] * u[0] + u[1] * u[1]
    if uu == 0:
        raise ValueError(f"cannot project onto the zero vector {list(onto)!r}")
    return finish_matrix([[u[i] * u[j] / uu for j in range(2)] for i in range(2)], exact)


def transform(M: Any, points: Any) -> Mat | list[Fraction] | np.ndarray:
    """Apply the 2×2 matrix ``M`` to ``points``: a 2-vector, or a 2×N array of column points.

    The result has the shape of ``points``.

    >>> transform([[0, -1], [1, 0]], [1, 0])
    [Fraction(0, 1), Fraction(1, 1)]
    """
    exact = decide_exact(None, M, points)
    A = matrix_rows(M, exact, "M")
    if (len(A), len(A[0])) != (2, 2):
        raise ShapeError(f"M must be 2×2, got {shape_text((len(A), len(A[0])))}")
    arr = np.asarray(points, dtype=object)
    if arr.ndim == 1:
        p = vector_items(points, exact, "points")
        if len(p) != 2:
            raise ShapeError(f"a point must have 2 coordinates, got {len(p)}")
        out = [A[i][0] * p[0] + A[i][1] * p[1] for i in range(2)]
        return [Fraction(x) for x in out] if exact else np.array(out, dtype=float)
    P = matrix_rows(points, exact, "points")
    if len(P) != 2:
        raise ShapeError(
            f"points must be 2×N (one point per column), got {shape_text((len(P), len(P[0])))}"
        )
    out_rows = [[A[i][0] * P[0][j] + A[i][1] * P[1][j] for j in range(len(P[0]))] for i in range(2)]
    return finish_matrix(out_rows, exact)
