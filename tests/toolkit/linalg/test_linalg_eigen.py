import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from _linalg_strategies import FAST, fractions, square, sym
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import (
    characteristic_polynomial,
    eigen,
    eigen_numeric,
    eigenvalues,
    render_steps,
)

LAM = sympy.Symbol("lambda")


def _sorted_complex(values):
    return sorted((complex(v) for v in values), key=lambda z: (round(z.real, 6), round(z.imag, 6)))


def _close_multisets(mine, reference, tol=1e-6):
    a, b = _sorted_complex(mine), _sorted_complex(reference)
    assert len(a) == len(b)
    # match greedily: sorting can interleave nearly equal real parts
    remaining = list(b)
    for z in a:
        j = min(range(len(remaining)), key=lambda i: abs(remaining[i] - z))
        assert abs(remaining[j] - z) <= tol * max(1.0, abs(z)), (mine, reference)
        remaining.pop(j)


@FAST
@given(square(st.one_of(st.integers(-6, 6), fractions), max_size=5))
def test_characteristic_polynomial_equals_sympys(A):
    result = characteristic_polynomial(A)
    expected = sym(A).charpoly(LAM).all_coeffs()
    assert result.coefficients == [Fraction(int(c.p), int(c.q)) for c in expected]
    assert sympy.expand(result.sympy_expr - sym(A).charpoly(LAM).as_expr()) == 0
    assert "p(λ)" in result.steps[-1].operation


@FAST
@given(square(st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 2)), max_size=4))
def test_float_characteristic_polynomial_matches_numpy(A):
    arr = np.array(A, dtype=float)
    np.testing.assert_allclose(
        characteristic_polynomial(arr).coefficients, np.poly(arr), rtol=1e-7, atol=1e-7
    )


@settings(max_examples=50, deadline=None)
@given(square(st.integers(-5, 5), max_size=3))
def test_exact_eigenvalues_are_exact_roots_and_match_numpy(A):
    values = eigenvalues(A)
    _close_multisets(values, np.linalg.eigvals(np.array(A, dtype=float)))
    p = sym(A).charpoly(LAM).as_expr()
    for v in values:
        if isinstance(v, sympy.Basic):
            assert sympy.expand(p.subs(LAM, v)) == 0


@settings(max_examples=40, deadline=None)
@given(square(st.integers(-4, 4), max_size=3))
def test_eigen_vectors_solve_the_eigen_equation_and_multiplicities_match_sympy(A):
    result = eigen(A)
    n = len(A)
    S = sym(A)
    assert sum(result.algebraic_multiplicity) == n
    for value, basis, alg, geo in zip(
        result.values,
        result.vectors,
        result.algebraic_multiplicity,
        result.geometric_multiplicity,
        strict=True,
    ):
        assert len(basis) == geo
        assert 1 <= geo <= alg
        for v in basis:
            if isinstance(value, sympy.Basic):
                residual = (S - value * sympy.eye(n)) * sympy.Matrix(v)
                assert all(sympy.simplify(x) == 0 for x in residual)
                assert any(x != 0 for x in v)
            else:
                residual = (np.array(A, float) - value * np.eye(n)) @ np.asarray(v)
                assert np.abs(residual).max() < 1e-8
        if isinstance(value, sympy.Basic) and value.is_Rational:
            assert geo == n - (S - value * sympy.eye(n)).rank()
    assert render_steps(result.steps)


@FAST
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.lists(st.floats(-10, 10), min_size=n * n, max_size=n * n).map(
            lambda xs: np.array(xs).reshape(math.isqrt(len(xs)), -1)
        )
    )
)
def test_eigen_numeric_matches_numpy_on_random_floats(A):
    values, vectors = eigen_numeric(A)
    _close_multisets(values, np.linalg.eigvals(A), tol=1e-6)
    scale = max(1.0, np.abs(A).max())
    residual = A @ vectors - vectors * values
    assert np.abs(residual).max() < 1e-6 * scale


@FAST
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.lists(st.integers(-9, 9), min_size=n * n, max_size=n * n).map(
            lambda xs: np.array(xs, dtype=float).reshape(math.isqrt(len(xs)), -1)
        )
    )
)
def test_symmetric_eigen_numeric_matches_eigh_with_orthonormal_vectors(B):
    S = B + B.T
    values, vectors = eigen_numeric(S)
    np.testing.assert_allclose(values, np.linalg.eigvalsh(S)[::-1], atol=1e-9)
    np.testing.assert_allclose(vectors.T @ vectors, np.eye(len(S)), atol=1e-9)
    np.testing.assert_allclose(S @ vectors, vectors * values, atol=1e-8)
    for col in vectors.T:
        assert col[np.argmax(np.abs(col).round(9))] > 0


def test_rotation_has_complex_eigenvalues_exactly():
    assert eigenvalues([[0, -1], [1, 0]]) == [sympy.I, -sympy.I]
    result = eigen([[0, -1], [1, 0]])
    assert result.values == [sympy.I, -sympy.I]
    values, _vectors = eigen_numeric([[0.0, -1.0], [1.0, 0.0]])
    assert values.dtype.kind == "c"
    np.testing.assert_allclose(sorted(values.imag), [-1, 1])


def test_irrational_eigenvalues_stay_exact():
    assert eigenvalues([[1, 1], [1, 0]]) == [
        sympy.Rational(1, 2) + sympy.sqrt(5) / 2,
        sympy.Rational(1, 2) - sympy.sqrt(5) / 2,
    ]
    result = eigen([[1, 1, 0], [1, 1, 1], [0, 1, 1]])
    assert result.values == [1 + sympy.sqrt(2), 1, 1 - sympy.sqrt(2)]
    assert result.vectors[0] == [[1, sympy.sqrt(2), 1]]
    assert result.vectors[1] == [[-1, 0, 1]]


def test_repeated_eigenvalues_and_a_defective_matrix():
    identity = eigen([[2, 0], [0, 2]])
    assert identity.values == [2]
    assert identity.algebraic_multiplicity == (2,)
    assert identity.geometric_multiplicity == (2,)
    assert identity.vectors == [[[1, 0], [0, 1]]]
    jordan = eigen([[2, 1], [0, 2]])
    assert jordan.algebraic_multiplicity == (2,)
    assert jordan.geometric_multiplicity == (1,)
    assert "defective" in jordan.steps[-1].note
    mixed = eigen([[2, 0, 0], [0, 2, 0], [1, 1, 3]])
    assert mixed.values == [3, 2]
    assert mixed.geometric_multiplicity == (1, 2)


def test_eigenvectors_are_scaled_to_whole_numbers():
    result = eigen([[4, 1], [2, 3]])
    assert result.values == [5, 2]
    assert result.vectors == [[[1, 1]], [[-1, 2]]]
    assert "λ = 5" in result.render()


def test_irreducible_cubic_falls_back_to_numbers():
    values = eigenvalues([[1, 2, 3], [4, 5, 6], [7, 8, 10]])
    assert all(isinstance(v, float) for v in values)
    _close_multisets(values, np.linalg.eigvals(np.array([[1, 2, 3], [4, 5, 6], [7, 8, 10]], float)))
    result = eigen([[1, 2, 3], [4, 5, 6], [7, 8, 10]])
    assert result.algebraic_multiplicity == (1, 1, 1)
    assert "numerically" in result.steps[-1].operation


def test_one_by_one_zero_and_larger_matrices():
    assert eigenvalues([[7]]) == [7]
    assert eigen([[7]]).vectors == [[[1]]]
    zero = eigen([[0, 0], [0, 0]])
    assert zero.values == [0]
    assert zero.geometric_multiplicity == (2,)
    big = np.diag([1, 2, 3, 4])
    assert eigenvalues(big) == [4.0, 3.0, 2.0, 1.0]
    values, vectors = eigen_numeric(np.zeros((3, 3)))
    assert values.tolist() == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(np.abs(vectors), np.eye(3))


def test_characteristic_polynomial_steps_for_three_by_three():
    result = characteristic_polynomial([[2, 0, 0], [0, 3, 4], [0, 4, 9]])
    assert result.coefficients == [1, -14, 35, -22]
    ops = [s.operation for s in result.steps]
    assert ops[1] == "tr A = 2 + 3 + 9 = 14"
    assert ops[2].endswith("= 35")
    assert ops[3] == "det A = 22"
    assert result.steps[0].matrix[0][0] == 2 - LAM


def test_eigen_needs_a_square_matrix():
    with pytest.raises(ShapeError, match="2×3"):
        eigenvalues([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ShapeError):
        eigen_numeric([[1.0, 2.0]])
