from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import FAST, from_sym, sym
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import (
    change_of_basis_matrix,
    coordinates,
    in_span,
    is_basis,
    matvec,
)

vectors3 = st.lists(st.lists(st.integers(-4, 4), min_size=3, max_size=3), min_size=1, max_size=4)


@FAST
@given(vectors3)
def test_is_basis_iff_three_independent_vectors(vectors):
    expected = len(vectors) == 3 and sym(vectors).rank() == 3
    assert is_basis(vectors) == expected


@FAST
@given(vectors3, st.lists(st.integers(-4, 4), min_size=3, max_size=3))
def test_in_span_agrees_with_ranks_and_gives_a_combination(vectors, v):
    result = in_span(v, vectors)
    M = sym(vectors).T
    assert result.in_span == (M.rank() == M.row_join(sym([[x] for x in v])).rank())
    if result.in_span:
        columns = [list(r) for r in zip(*vectors, strict=True)]
        assert matvec(columns, result.coefficients) == [Fraction(x) for x in v]
    else:
        assert result.coefficients is None
    assert result.render()


@FAST
@given(vectors3.filter(lambda vs: len(vs) == 3 and sym(vs).rank() == 3), st.data())
def test_coordinates_rebuild_the_vector_and_match_sympy(basis, data):
    v = data.draw(st.lists(st.integers(-5, 5), min_size=3, max_size=3))
    c = coordinates(v, basis)
    expected = sym(basis).T.LUsolve(sym([[x] for x in v]))
    assert c == [Fraction(int(x.p), int(x.q)) for x in expected]
    other = [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
    P = change_of_basis_matrix(basis, other)
    assert matvec(P, c) == coordinates(v, other)
    assert from_sym(sym(other).T.inv() * sym(basis).T) == P


def test_known_cases_and_floats():
    assert is_basis([[1, 0], [0, 1]])
    assert not is_basis([[1, 2], [2, 4]])
    assert not is_basis([[1, 0], [0, 1]], dim=3)
    assert in_span([2, 4], [[1, 2]]).coefficients == [2]
    assert not in_span([1, 0], [[1, 2]]).in_span
    np.testing.assert_allclose(coordinates(np.array([3.0, 1.0]), [[1.0, 1.0], [1.0, -1.0]]), [2, 1])
    assert is_basis(np.eye(3))


def test_errors_say_what_is_wrong():
    with pytest.raises(ValueError, match="not a basis"):
        coordinates([1, 2], [[1, 2], [2, 4]])
    with pytest.raises(ShapeError, match="different spaces"):
        in_span([1, 2, 3], [[1, 2]])
    with pytest.raises(ValueError, match="from_basis is not a basis"):
        change_of_basis_matrix([[1, 1], [2, 2]], [[1, 0], [0, 1]])
    with pytest.raises(ShapeError, match="vector 2 has 3"):
        is_basis([[1, 2], [1, 2, 3]])
    with pytest.raises(ValueError, match="at least one"):
        is_basis([])
