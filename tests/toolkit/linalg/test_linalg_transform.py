import math
from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import FAST
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import (
    determinant,
    matmul,
    projection_matrix,
    reflection,
    rotation,
    shear,
    stretch,
    transform,
)

angles = st.floats(-10, 10, allow_nan=False)


@FAST
@given(angles, angles)
def test_rotations_compose_and_preserve_length(a, b):
    composed = rotation(a) @ rotation(b)
    np.testing.assert_allclose(composed, rotation(a + b), atol=1e-12)
    np.testing.assert_allclose(rotation(a).T @ rotation(a), np.eye(2), atol=1e-12)
    assert determinant(rotation(a)).value == pytest.approx(1.0)


@FAST
@given(st.lists(st.integers(-9, 9), min_size=2, max_size=2).filter(any))
def test_projection_matrix_is_idempotent_symmetric_and_fixes_its_line(u):
    P = projection_matrix(u)
    assert matmul(P, P).matrix == P
    assert [list(r) for r in zip(*P, strict=True)] == P
    assert transform(P, u) == [Fraction(x) for x in u]
    np.testing.assert_allclose(np.array(P, float), np.outer(u, u) / np.dot(u, u))


@FAST
@given(st.integers(-9, 9), st.integers(-9, 9))
def test_stretch_and_shear_are_exact_with_the_expected_determinant(a, m):
    assert stretch(a) == [[a, 0], [0, a]]
    assert determinant(stretch(a, 2)).value == 2 * a
    assert determinant(shear(m)).value == 1
    assert determinant(shear(m, axis="y")).value == 1


def test_known_matrices():
    np.testing.assert_array_equal(rotation(math.pi / 2), [[0.0, -1.0], [1.0, 0.0]])
    assert rotation(0) == [[1, 0], [0, 1]]
    assert shear(2) == [[1, 2], [0, 1]]
    assert shear(2, axis="y") == [[1, 0], [2, 1]]
    assert reflection("x") == [[1, 0], [0, -1]]
    assert reflection("y") == [[-1, 0], [0, 1]]
    assert reflection("y=x") == [[0, 1], [1, 0]]
    assert reflection("y=-x") == [[0, -1], [-1, 0]]
    assert isinstance(stretch(1.5), np.ndarray)


def test_transform_maps_points_columnwise():
    square = [[0, 1, 1, 0], [0, 0, 1, 1]]
    assert transform(shear(1), square) == [[0, 1, 2, 1], [0, 0, 1, 1]]
    out = transform(rotation(math.pi), np.array([1.0, 2.0]))
    np.testing.assert_allclose(out, [-1.0, -2.0], atol=1e-12)


def test_transform_errors():
    with pytest.raises(ValueError, match="axis"):
        reflection("z")
    with pytest.raises(ValueError, match="axis"):
        shear(1, axis="z")
    with pytest.raises(ValueError, match="zero vector"):
        projection_matrix([0, 0])
    with pytest.raises(ShapeError, match="2-vector"):
        projection_matrix([1, 2, 3])
    with pytest.raises(ShapeError, match="2×N"):
        transform([[1, 0], [0, 1]], [[1, 2, 3]])
    with pytest.raises(ShapeError, match="2×2"):
        transform([[1, 0, 0]], [1, 2])
