import numpy as np
import pytest
from _linalg_strategies import FAST, floats, fractions, matrices, np_float
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import matmul, matvec

small = st.integers(-9, 9)


@st.composite
def compatible(draw, entries=small):
    m, n, p = (draw(st.integers(1, 4)) for _ in range(3))
    return draw(matrices(entries, m, n)), draw(matrices(entries, n, p))


def _obj(M):
    return np.array(M, dtype=object)


@FAST
@given(compatible(st.one_of(st.integers(-9, 9), fractions)))
def test_matmul_equals_numpy_exactly(pair):
    A, B = pair
    result = matmul(A, B)
    assert result.matrix == (_obj(A) @ _obj(B)).tolist()
    assert len(result.steps) == len(A) * len(B[0])
    assert result.steps[-1].matrix == result.matrix


@FAST
@given(compatible(floats))
def test_float_matmul_and_matvec_match_numpy(pair):
    A, B = pair
    np.testing.assert_allclose(matmul(np_float(A), np_float(B)).matrix, np_float(A) @ np_float(B))
    v = np_float(B)[:, 0]
    np.testing.assert_allclose(matvec(np_float(A), v), np_float(A) @ v)


@FAST
@given(compatible())
def test_matvec_equals_numpy_exactly(pair):
    A, B = pair
    v = [r[0] for r in B]
    assert matvec(A, v) == (_obj(A) @ np.array(v, dtype=object)).tolist()


def test_each_step_is_a_row_times_a_column():
    result = matmul([[1, -2]], [[3], [4]])
    step = result.steps[0]
    assert step.operation == "c11 = row 1 of A · column 1 of B = 1·3 + (−2)·4 = −5"
    assert step.latex == r"c_{11} = 1 \cdot 3 + \left(-2\right) \cdot 4 = -5"


def test_shape_errors_quote_both_shapes():
    with pytest.raises(ShapeError, match="2×3 matrix by a 2×2 matrix"):
        matmul([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]])
    with pytest.raises(ShapeError, match="length 3"):
        matvec([[1, 2], [3, 4]], [1, 2, 3])
    with pytest.raises(ShapeError, match="matvec"):
        matmul([[1, 2]], [1, 2])
