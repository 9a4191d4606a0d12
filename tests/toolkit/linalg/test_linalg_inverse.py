from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import (
    FAST,
    fractions,
    from_sym,
    np_float,
    rank_deficient,
    sparse_ints,
    square,
    sym,
)
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError, SingularMatrixError
from mathforml.toolkit.linalg import inverse


@FAST
@given(square(st.one_of(st.integers(-6, 6), fractions), max_size=4))
def test_inverse_equals_sympys_or_refuses_a_singular_matrix(A):
    S = sym(A)
    if S.det() == 0:
        with pytest.raises(SingularMatrixError, match="singular"):
            inverse(A)
        return
    assert inverse(A).matrix == from_sym(S.inv())


@FAST
@given(square(st.floats(-10, 10, allow_nan=False).map(lambda x: round(x, 2)), max_size=4))
def test_float_inverse_matches_numpy_when_well_conditioned(A):
    arr = np_float(A)
    if np.linalg.cond(arr) > 1e6:
        return
    np.testing.assert_allclose(inverse(arr).matrix, np.linalg.inv(arr), rtol=1e-7, atol=1e-9)


@FAST
@given(rank_deficient())
def test_rank_deficient_matrices_have_no_inverse(A):
    with pytest.raises(SingularMatrixError, match="column"):
        inverse(A)


def test_steps_work_on_a_augmented_with_the_identity():
    result = inverse([[0, 1], [2, 0]])
    assert result.matrix == [[0, Fraction(1, 2)], [1, 0]]
    assert result.steps[0].operation == "R1 ↔ R2"
    assert result.steps[0].matrix == [[2, 0, 0, 1], [0, 1, 1, 0]]
    assert result.steps[-1].matrix == [[1, 0, 0, Fraction(1, 2)], [0, 1, 1, 0]]
    assert r"\begin{array}{cc|cc}" in result.render()


def test_inverse_of_identity_and_one_by_one():
    assert inverse([[1, 0], [0, 1]]).matrix == [[1, 0], [0, 1]]
    assert inverse([[1, 0], [0, 1]]).steps == ()
    assert inverse([[4]]).matrix == [[Fraction(1, 4)]]


def test_inverse_errors_quote_the_problem():
    with pytest.raises(ShapeError, match="2×3"):
        inverse([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(SingularMatrixError, match=r"A = \[1, 2; 2, 4\]"):
        inverse([[1, 2], [2, 4]])
    with pytest.raises(SingularMatrixError):
        inverse(np.zeros((2, 2)))
    with pytest.raises(SingularMatrixError):
        inverse([[1.0, 2.0], [2.0, 4.0 + 1e-14]])


@FAST
@given(square(sparse_ints, max_size=4))
def test_sparse_matrices_invert_or_refuse_like_sympy(A):
    S = sym(A)
    if S.det() == 0:
        with pytest.raises(SingularMatrixError):
            inverse(A)
    else:
        assert inverse(A).matrix == from_sym(S.inv())
