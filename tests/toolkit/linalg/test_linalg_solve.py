from fractions import Fraction

import numpy as np
import pytest
from _linalg_strategies import FAST, fractions, matrices, np_float, rank_deficient, square, sym
from hypothesis import given
from hypothesis import strategies as st

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import classify, linearly_independent, rank, render_steps, solve


def _times(A, x):
    return [sum(Fraction(a) * xi for a, xi in zip(r, x, strict=True)) for r in A]


@FAST
@given(matrices(st.one_of(st.integers(-5, 5), fractions)), st.data())
def test_solve_agrees_with_sympy_on_the_kind_and_solves_the_system(A, data):
    b = data.draw(st.lists(st.integers(-5, 5), min_size=len(A), max_size=len(A)))
    result = solve(A, b)
    SA = sym(A)
    Sb = sym([[x] for x in b])
    rank_A, rank_Ab = SA.rank(), SA.row_join(Sb).rank()
    assert (result.rank_A, result.rank_Ab) == (rank_A, rank_Ab)
    n = len(A[0])
    if rank_A < rank_Ab:
        assert result.kind == "none"
        assert result.solution is None
    elif rank_A == n:
        assert result.kind == "unique"
        assert _times(A, result.solution) == [Fraction(x) for x in b]
    else:
        assert result.kind == "infinite"
        assert _times(A, result.solution) == [Fraction(x) for x in b]
        _, pivots = SA.rref()
        assert result.free_variables == tuple(c for c in range(n) if c not in pivots)
        assert all(result.solution[c] == 0 for c in result.free_variables)


@FAST
@given(square(st.floats(-10, 10, allow_nan=False).map(lambda x: round(x, 2)), max_size=4))
def test_float_solution_matches_numpy_when_well_conditioned(A):
    arr = np_float(A)
    if np.linalg.cond(arr) > 1e6:
        return
    b = np.arange(1.0, len(A) + 1)
    result = solve(arr, b)
    assert result.kind == "unique"
    np.testing.assert_allclose(result.solution, np.linalg.solve(arr, b), rtol=1e-7, atol=1e-9)


def test_inconsistent_system_reports_none_and_why():
    result = solve([[1, 2], [2, 4]], [3, 7])
    assert result.kind == "none"
    assert "0 = 1" in result.reason
    assert "rank(A) = 1 < rank([A|b]) = 2" in result.reason


def test_dependent_system_reports_infinitely_many_with_free_variables():
    result = solve([[1, 2, 3], [2, 4, 6]], [1, 2])
    assert result.kind == "infinite"
    assert result.free_variables == (1, 2)
    assert result.solution == [1, 0, 0]
    assert "x2, x3 are free" in result.reason


def test_unique_solution_steps_end_with_back_substitution():
    result = solve([[0, 1], [1, 1]], [2, 3])
    assert result.solution == [1, 2]
    assert "because the pivot is 0" in result.steps[0].note
    assert result.steps[-1].operation == "read off x1 = 1, x2 = 2"
    assert "\\begin{array}{cc|c}" in result.render()


def test_tall_consistent_system_has_a_unique_solution():
    result = solve([[1, 0], [0, 1], [1, 1]], [1, 2, 3])
    assert result.kind == "unique"
    assert result.solution == [1, 2]


def test_solve_rejects_mismatched_shapes():
    with pytest.raises(ShapeError, match="2×2 but b has 3"):
        solve([[1, 2], [3, 4]], [1, 2, 3])
    with pytest.raises(ShapeError):
        solve([[1, 2], [3, 4]], [[1, 2], [3, 4]])


@FAST
@given(matrices(st.one_of(st.integers(-5, 5), fractions), max_size=5))
def test_rank_matches_sympy_and_numpy(A):
    assert rank(A) == sym(A).rank()
    assert rank(np_float(A)) == np.linalg.matrix_rank(np_float(A))


@FAST
@given(rank_deficient())
def test_rank_deficient_square_matrices_are_singular_with_a_row_relation(A):
    result = classify(A)
    assert result.singular
    assert result.determinant == 0
    assert result.rank == sym(A).rank() < len(A)
    assert "row" in result.reason
    assert "det = 0" in result.reason


@FAST
@given(square(max_size=4))
def test_classify_agrees_with_sympys_determinant(A):
    result = classify(A)
    det = sym(A).det()
    assert result.singular == (det == 0)
    assert result.determinant == Fraction(int(det.p), int(det.q))


def test_classify_names_the_dependent_row():
    assert classify([[1, 2, 3], [0, 1, 1], [1, 4, 5]]).reason.startswith("row 3 is row 1 + 2·row 2")
    assert classify([[1, 2], [0, 0]]).reason.startswith("row 2 is all zeros")
    assert classify([[1, 2], [1, 2]]).reason.startswith("row 2 equals row 1")
    assert classify([[1, 2], [-3, -6]]).reason.startswith("row 2 is −3·row 1")
    assert "≠ 0" in classify([[1, 2], [3, 4]]).reason


def test_classify_needs_a_square_matrix():
    with pytest.raises(ShapeError, match="2×3"):
        classify([[1, 2, 3], [4, 5, 6]])


def test_classify_float_zero_and_one_by_one():
    assert classify(np.zeros((2, 2))).singular
    assert classify([[0.0]]).rank == 0
    assert not classify([[3]]).singular


@FAST
@given(st.lists(st.lists(st.integers(-4, 4), min_size=3, max_size=3), min_size=1, max_size=4))
def test_independence_relation_is_a_nontrivial_zero_combination(vectors):
    result = linearly_independent(vectors)
    M = sym(vectors).T
    assert result.independent == (M.rank() == len(vectors))
    assert result.rank == M.rank()
    if result.relation is None:
        return
    assert any(c != 0 for c in result.relation)
    combo = [sum(c * v[i] for c, v in zip(result.relation, vectors, strict=True)) for i in range(3)]
    assert combo == [0, 0, 0]


def test_independence_with_floats_and_bad_input():
    result = linearly_independent(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    assert not result.independent
    np.testing.assert_allclose(result.relation, [-1, -1, 1])
    assert result.steps[0].matrix == [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]
    assert "(−1)·v1 + (−1)·v2 + (1)·v3 = 0" in render_steps(result.steps)
    with pytest.raises(ShapeError, match="vector 2 has 3"):
        linearly_independent([[1, 2], [1, 2, 3]])
    with pytest.raises(ValueError, match="at least one"):
        linearly_independent([])
