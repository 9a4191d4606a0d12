import math
from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import FAST, fractions
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy.spatial import distance as scipy_distance

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import angle, cosine_similarity, distance, dot, norm, projection

vectors = st.integers(1, 5).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(-9, 9), min_size=n, max_size=n),
        st.lists(st.one_of(st.integers(-9, 9), fractions), min_size=n, max_size=n),
    )
)
float_vectors = st.integers(1, 5).flatmap(
    lambda n: st.lists(
        st.lists(st.floats(-100, 100, allow_nan=False), min_size=n, max_size=n),
        min_size=2,
        max_size=2,
    )
)


@FAST
@given(vectors)
def test_exact_dot_and_norms_match_numpy(pair):
    u, v = pair
    assert dot(u, v) == sum(Fraction(a) * b for a, b in zip(u, v, strict=True))
    assert isinstance(dot(u, v), Fraction)
    fu = np.array(u, dtype=float)
    assert norm(u) == pytest.approx(np.linalg.norm(fu))
    assert norm(u, 1) == np.abs(fu).sum()
    assert norm(u, math.inf) == np.abs(fu).max()
    assert norm(u, np.inf) == norm(u, "inf")
    assert distance(u, v) == pytest.approx(scipy_distance.euclidean(fu, np.array(v, float)))
    assert distance(u, v, 1) == pytest.approx(scipy_distance.cityblock(fu, np.array(v, float)))


@FAST
@given(float_vectors)
def test_float_angle_and_cosine_match_scipy(pair):
    u, v = (np.array(x) for x in pair)
    assume(np.linalg.norm(u) > 1e-3 and np.linalg.norm(v) > 1e-3)
    expected = 1 - scipy_distance.cosine(u, v)
    assert cosine_similarity(u, v) == pytest.approx(expected, abs=1e-9)
    assert angle(u, v) == pytest.approx(math.acos(max(-1, min(1, expected))), abs=1e-6)
    assert 0 <= angle(u, v, degrees=True) <= 180
    assert dot(u, v) == pytest.approx(float(u @ v), rel=1e-9, abs=1e-9)


@FAST
@given(vectors)
def test_projection_is_parallel_and_the_rest_is_orthogonal(pair):
    u, w = pair
    assume(any(x != 0 for x in w))
    p = projection(u, w)
    rest = [Fraction(a) - b for a, b in zip(u, p, strict=True)]
    assert dot(rest, w) == 0
    assert projection(p, w) == p


def test_known_values():
    assert angle([1, 0], [0, 1], degrees=True) == 90
    assert angle([1, 1], [-1, -1]) == pytest.approx(math.pi)
    assert norm([3, 4]) == 5
    assert projection([2, 3], [2, 0]) == [2, 0]
    assert cosine_similarity([1, 2], [2, 4]) == pytest.approx(1)


def test_zero_vectors_and_bad_shapes_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="zero vector"):
        angle([0, 0], [1, 2])
    with pytest.raises(ValueError, match="zero vector"):
        cosine_similarity([1, 2], [0, 0])
    with pytest.raises(ValueError, match="zero vector"):
        projection([1, 2], [0, 0])
    with pytest.raises(ShapeError, match="got 2 and 3"):
        dot([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="p must be 1, 2 or inf"):
        norm([1, 2], 3)
