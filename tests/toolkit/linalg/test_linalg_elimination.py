from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import (
    FAST,
    floats,
    fractions,
    from_sym,
    matrices,
    np_float,
    sparse_ints,
    square,
    sym,
)
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError, SingularMatrixError
from mathforml.toolkit.linalg import (
    augment,
    back_substitution,
    reduced_row_echelon_form,
    render_steps,
    row_echelon_form,
)


def _is_echelon(M, pivots):
    """Zero rows last, each pivot right of the one above, zeros below every pivot."""
    for r, c in enumerate(pivots):
        assert all(M[i][c] == 0 for i in range(r + 1, len(M)))
        assert all(M[r][j] == 0 for j in range(c))
        if r:
            assert c > pivots[r - 1]
    for row in M[len(pivots) :]:
        assert all(x == 0 for x in row)


@FAST
@given(matrices(st.one_of(st.integers(-6, 6), fractions)))
def test_echelon_form_has_unit_pivots_and_the_rank_sympy_finds(A):
    result = row_echelon_form(A)
    M = result.matrix
    _is_echelon(M, result.pivot_columns)
    assert all(M[r][c] == 1 for r, c in enumerate(result.pivot_columns))
    assert result.rank == sym(A).rank()
    # row operations keep the row space: stacking adds no rank
    assert sym(A).col_join(sym(M)).rank() == result.rank


@FAST
@given(matrices())
def test_reduced_form_equals_sympys_rref(A):
    result = reduced_row_echelon_form(A)
    expected, pivots = sym(A).rref()
    assert result.matrix == from_sym(expected)
    assert result.pivot_columns == tuple(pivots)


@FAST
@given(matrices(rows=3, cols=3), st.lists(st.integers(-5, 5), min_size=3, max_size=3))
def test_reduced_augmented_form_equals_sympys_rref(A, b):
    result = reduced_row_echelon_form(A, b)
    expected, _ = sym(augment(A, b)).rref()
    assert result.matrix == from_sym(expected)
    assert result.augmented_at == 3
    assert result.rank == sym(A).rank()


@FAST
@given(square(max_size=4))
def test_nonsingular_square_gives_upper_triangular_with_ones(A):
    if sym(A).det() == 0:
        return
    b = list(range(1, len(A) + 1))
    M = row_echelon_form(A, b, unit_pivots=True).matrix
    n = len(A)
    for i in range(n):
        assert M[i][i] == 1
        assert all(M[i][j] == 0 for j in range(i))


@FAST
@given(matrices(floats, max_size=4))
def test_float_rank_matches_numpy(A):
    arr = np_float(A)
    result = row_echelon_form(arr)
    assert isinstance(result.matrix, np.ndarray)
    assert result.rank == np.linalg.matrix_rank(arr, tol=1e-8 * max(1.0, np.abs(arr).max()))


def test_zero_pivot_is_swapped_with_the_reason_in_the_note():
    result = row_echelon_form([[0, 1], [2, 3]], [4, 5])
    first = result.steps[0]
    assert first.operation == "R1 ↔ R2"
    assert "because the pivot is 0" in first.note
    assert result.swaps == 1
    assert result.matrix == [[1, Fraction(3, 2), Fraction(5, 2)], [0, 1, 4]]


def test_no_swap_when_the_pivot_is_nonzero_even_if_small():
    result = row_echelon_form([[1, 5], [9, 3]])
    assert result.swaps == 0
    assert result.steps[0].operation == "R2 ← R2 − 9·R1"


def test_steps_show_each_operation_with_the_matrix_after_it():
    result = row_echelon_form([[2, 4, 6], [1, 3, 5]])
    ops = [s.operation for s in result.steps]
    assert ops == ["R1 ← (1/2)·R1", "R2 ← R2 − R1"]
    assert result.steps[0].matrix == [[1, 2, 3], [1, 3, 5]]
    assert result.steps[0].latex == r"R_{1} \leftarrow \frac{1}{2}R_{1}"
    text = render_steps(result.steps)
    assert text.startswith("**1.** R1 ← (1/2)·R1")
    assert r"\begin{bmatrix} 1 & 2 & 3 \\ 1 & 3 & 5 \end{bmatrix}" in text


def test_without_unit_pivots_rows_are_not_scaled():
    result = row_echelon_form([[2, 4], [1, 3]], unit_pivots=False)
    assert result.matrix == [[2, 4], [0, 1]]
    assert all("←" in s.operation and "R1 ←" not in s.operation for s in result.steps)


def test_inconsistent_row_gets_a_pivot_in_the_augmented_column():
    result = row_echelon_form([[1, 1], [2, 2]], [1, 5])
    assert result.pivot_columns == (0, 2)
    assert result.rank == 1
    assert result.matrix[1] == [0, 0, 1]
    assert "\\begin{array}{cc|c}" in result.render()


def test_zero_matrix_and_one_by_one():
    zero = row_echelon_form([[0, 0], [0, 0]])
    assert zero.rank == 0
    assert zero.pivot_columns == ()
    one = row_echelon_form([[5]])
    assert one.matrix == [[1]]
    assert one.rank == 1


def test_numpy_integer_arrays_are_exact_and_float_arrays_are_not():
    assert row_echelon_form(np.array([[2, 1], [1, 1]])).matrix[0][1] == Fraction(1, 2)
    assert isinstance(row_echelon_form(np.array([[2.0, 1.0]])).matrix, np.ndarray)
    forced = row_echelon_form([[2.5, 1]], exact=True).matrix
    assert forced == [[1, Fraction(2, 5)]]


def test_near_singular_float_rows_count_as_dependent_within_tolerance():
    assert row_echelon_form([[1.0, 2.0], [2.0, 4.0 + 1e-13]]).rank == 1
    assert row_echelon_form([[1.0, 2.0], [2.0, 4.0 + 1e-6]]).rank == 2


def test_bad_shapes_raise_shape_error_quoting_them():
    with pytest.raises(ShapeError, match="row 2 has 1"):
        row_echelon_form([[1, 2], [3]])
    with pytest.raises(ShapeError, match="2×2 but b has 3 rows"):
        row_echelon_form([[1, 2], [3, 4]], [1, 2, 3])
    with pytest.raises(ShapeError):
        row_echelon_form([])
    with pytest.raises(ValueError, match="expected a number"):
        row_echelon_form([["a", 1]])
    with pytest.raises(ValueError, match="finite"):
        row_echelon_form([[float("nan"), 1]])


def test_augment_accepts_a_vector_or_a_matrix():
    assert augment([[1, 2], [3, 4]], [5, 6]) == [[1, 2, 5], [3, 4, 6]]
    assert augment([[1], [2]], [[1, 0], [0, 1]]) == [[1, 1, 0], [2, 0, 1]]


@FAST
@given(square(max_size=4), st.data())
def test_back_substitution_solves_triangular_systems(A, data):
    n = len(A)
    U = [[0 if j < i else A[i][j] for j in range(n)] for i in range(n)]
    for i in range(n):
        U[i][i] = data.draw(st.integers(1, 5))
    b = data.draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n))
    result = back_substitution([U[i] + [b[i]] for i in range(n)])
    expected = sym(U).LUsolve(sym([[x] for x in b]))
    assert result.solution == [Fraction(int(x.p), int(x.q)) for x in expected]


def test_back_substitution_refuses_a_zero_pivot():
    with pytest.raises(SingularMatrixError, match="row 2"):
        back_substitution([[1, 2, 3], [0, 0, 1]])
    with pytest.raises(ShapeError, match="n×\\(n\\+1\\)"):
        back_substitution([[1, 2], [0, 1]])
    with pytest.raises(ValueError, match="upper triangular"):
        back_substitution([[1, 2, 3], [1, 1, 1]])


@FAST
@given(square(sparse_ints, max_size=4))
def test_zero_pivots_are_swapped_only_when_needed_and_rref_still_matches(A):
    result = row_echelon_form(A)
    for step in result.steps:
        if "↔" in step.operation:
            assert "because the pivot is 0" in step.note
    assert reduced_row_echelon_form(A).matrix == from_sym(sym(A).rref()[0])
    assert result.rank == sym(A).rank()
