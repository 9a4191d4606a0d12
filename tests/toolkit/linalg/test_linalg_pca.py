import numpy as np
import pytest
from _linalg_strategies import FAST
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg import center, covariance, low_rank_approximation, pca

data = st.tuples(st.integers(2, 12), st.integers(1, 5)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=st.floats(-50, 50).map(lambda x: round(x, 2)))
)


@FAST
@given(data)
def test_covariance_matches_numpy(X):
    np.testing.assert_allclose(covariance(X), np.atleast_2d(np.cov(X, rowvar=False)), atol=1e-9)
    Xc, mean = center(X)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    np.testing.assert_allclose(Xc.mean(axis=0), 0, atol=1e-9)


@FAST
@given(data, st.data())
def test_pca_components_are_top_covariance_directions(X, draw):
    d = X.shape[1]
    k = draw.draw(st.integers(1, d))
    model = pca(X, k)
    cov = np.atleast_2d(np.cov(X, rowvar=False))
    expected = np.sort(np.linalg.eigvalsh(cov))[::-1][:k]
    np.testing.assert_allclose(model.explained_variance, np.clip(expected, 0, None), atol=1e-8)
    assert model.components.shape == (k, d)
    assert model.projected.shape == (X.shape[0], k)
    np.testing.assert_allclose(model.components @ model.components.T, np.eye(k), atol=1e-9)
    for row in model.components:
        assert row[np.argmax(np.abs(row).round(12))] > 0
    if k == d:
        np.testing.assert_allclose(model.reconstruct(model.projected), X, atol=1e-8)
    assert np.all(model.explained_variance_ratio <= 1 + 1e-12)


def test_pca_on_a_line_explains_everything_with_one_component():
    X = np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    model = pca(X, 1)
    np.testing.assert_allclose(model.components, [[1 / np.sqrt(5), 2 / np.sqrt(5)]])
    np.testing.assert_allclose(model.explained_variance_ratio, [1.0])
    np.testing.assert_allclose(model.reconstruct(model.projected), X, atol=1e-12)


def test_pca_and_covariance_errors():
    with pytest.raises(ValueError, match="between 1 and 2"):
        pca([[1, 2], [3, 4]], 3)
    with pytest.raises(ValueError, match="at least 2 observations"):
        covariance([[1, 2]])
    with pytest.raises(ShapeError, match="2-D"):
        center([1, 2, 3])
    with pytest.raises(ValueError, match="NaN"):
        center([[1.0, float("nan")]])


@FAST
@given(
    st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=st.floats(-10, 10))
    ),
    st.data(),
)
def test_low_rank_approximation_meets_the_eckart_young_error(A, draw):
    k = draw.draw(st.integers(0, min(A.shape)))
    result = low_rank_approximation(A, k)
    s = np.linalg.svd(A, compute_uv=False)
    np.testing.assert_allclose(result.singular_values, s, atol=1e-9)
    err = np.linalg.norm(A - result.matrix)
    np.testing.assert_allclose(err, np.sqrt((s[k:] ** 2).sum()), atol=1e-8)
    total = np.linalg.norm(A)
    expected = err / total if total > 0 else 0.0
    assert result.relative_error == pytest.approx(expected, abs=1e-9)
    assert np.linalg.matrix_rank(result.matrix, tol=1e-8 * max(1, s.max(initial=0))) <= k


def test_low_rank_errors_and_zero_matrix():
    assert low_rank_approximation(np.zeros((2, 3)), 1).relative_error == 0.0
    with pytest.raises(ValueError, match="between 0 and 2"):
        low_rank_approximation([[1, 2], [3, 4]], 3)
    with pytest.raises(ShapeError):
        low_rank_approximation([1, 2], 1)
