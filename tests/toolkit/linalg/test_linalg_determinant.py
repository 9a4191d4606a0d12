from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import FAST, floats, fractions, np_float, sparse_ints, square, sym
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import determinant, matmul


def _sym_det(A):
    d = sym(A).det()
    return Fraction(int(d.p), int(d.q))


@FAST
@given(square(st.one_of(st.integers(-6, 6), fractions), max_size=5))
def test_both_methods_equal_sympys_determinant(A):
    expected = _sym_det(A)
    assert determinant(A).value == expected
    assert determinant(A, method="cofactor").value == expected


@FAST
@given(square(floats, max_size=4))
def test_float_determinant_matches_numpy(A):
    arr = np_float(A)
    expected = np.linalg.det(arr)
    scale = max(1.0, np.abs(arr).max()) ** len(A)
    assert determinant(arr).value == pytest.approx(expected, abs=1e-9 * scale)
    assert determinant(arr, method="cofactor").value == pytest.approx(expected, abs=1e-9 * scale)


@FAST
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(square(max_size=n), square(max_size=n))))
def test_determinant_of_a_product_is_the_product_of_determinants(pair):
    A, B = pair
    if len(A) != len(B):
        return
    AB = matmul(A, B).matrix
    assert determinant(AB).value == determinant(A).value * determinant(B).value


def test_elimination_steps_flip_the_sign_on_a_swap():
    result = determinant([[0, 2], [3, 4]])
    assert result.value == -6
    assert "flips the sign" in result.steps[0].note
    assert result.steps[-1].operation == "det = (−1)^1 · 3 · 2 = −6"


def test_cofactor_steps_list_each_minor_and_cofactor():
    result = determinant([[1, 2, 3], [4, 5, 6], [7, 8, 10]], method="cofactor")
    assert result.value == -3
    minors = [s for s in result.steps if s.matrix is not None]
    assert [s.matrix for s in minors] == [[[5, 6], [8, 10]], [[4, 6], [7, 10]], [[4, 5], [7, 8]]]
    assert minors[1].operation == "det(M12) = 4·10 − 6·7 = −2, so C12 = (−1)^(1+2)·(−2) = 2"
    assert result.steps[-1].operation.endswith("= 1·2 + 2·2 + 3·(−3) = −3")
    assert r"C_{12}" in result.render()


def test_singular_matrix_has_zero_determinant_with_the_reason():
    result = determinant([[1, 2], [2, 4]])
    assert result.value == 0
    assert "no pivot" in result.steps[-1].note
    assert determinant(np.zeros((3, 3))).value == 0.0


def test_one_by_one_and_two_by_two():
    assert determinant([[7]]).value == 7
    assert determinant([[7]], method="cofactor").value == 7
    assert determinant([[1, 2], [3, 4]], method="cofactor").steps[0].operation == (
        "det = 1·4 − 2·3 = −2"
    )


def test_determinant_errors():
    with pytest.raises(ShapeError, match="2×3"):
        determinant([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ValueError, match="method"):
        determinant([[1]], method="magic")
    with pytest.raises(ValueError, match="n ≤ 8"):
        determinant(np.eye(9, dtype=int), method="cofactor")


@FAST
@given(square(sparse_ints, max_size=5))
def test_sparse_matrices_need_swaps_and_still_agree(A):
    expected = _sym_det(A)
    result = determinant(A)
    assert result.value == expected
    swaps = sum("↔" in s.operation for s in result.steps)
    if expected != 0:
        assert f"(−1)^{swaps}" in result.steps[-1].operation or swaps == 0
