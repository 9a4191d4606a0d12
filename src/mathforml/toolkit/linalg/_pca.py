"""Principal component analysis: centre the data, take the covariance, keep its top eigenvectors.

The numeric core (eigenvalues of the symmetric covariance matrix) is
``numpy.linalg.eigh``, which is exact enough and fast for real data sets; the
course's own from-scratch eigen solver is :func:`eigen_numeric`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from mathforml.errors import ShapeError


@dataclass(frozen=True, eq=False)
class PCA:
    """A fitted PCA.

    ``mean``: (d,); ``components``: (k, d), one unit principal direction per row,
    its largest-magnitude entry positive; ``explained_variance``: (k,) the
    variance along each component; ``explained_variance_ratio``: (k,) that as a
    share of the total variance; ``projected``: (n, k) the data in component
    coordinates.
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray
    projected: np.ndarray

    def reconstruct(self, projected: Any = None) -> np.ndarray:
        """Map component coordinates (n, k) back to data space (n, d): ``Z W + mean``."""
        Z = self.projected if projected is None else np.asarray(projected, dtype=float)
        if Z.ndim == 1:
            Z = Z.reshape(1, -1)
        if Z.shape[1] != self.components.shape[0]:
            raise ShapeError(
                f"projected data must have {self.components.shape[0]} columns, "
                f"got shape {Z.shape!r}"
            )
        return Z @ self.components + self.mean


def _data(X: Any) -> np.ndarray:
    arr = np.asarray(X, dtype=float)
    if arr.ndim != 2 or arr.size == 0:
        raise ShapeError(
            f"X must be a non-empty 2-D array (n_samples, n_features), got shape {arr.shape!r}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("X contains NaN or infinite values")
    return arr


def center(X: Any) -> tuple[np.ndarray, np.ndarray]:
    """Subtract the column means: returns ``(X_centered, mean)``; X is (n_samples, n_features).

    >>> center([[1, 2], [3, 4]])[1].tolist()
    [2.0, 3.0]
    """
    arr = _data(X)
    mean = arr.mean(axis=0)
    return arr - mean, mean


def covariance(X: Any) -> np.ndarray:
    """The (d, d) sample covariance of X (rows are observations), dividing by n − 1.

    >>> covariance([[0, 0], [2, 2]]).tolist()
    [[2.0, 2.0], [2.0, 2.0]]
    """
    Xc, _ = center(X)
    n = Xc.shape[0]
    if n < 2:
        raise ValueError(f"covariance needs at least 2 observations, got {n}")
    return (Xc.T @ Xc) / (n - 1)


def pca(X: Any, k: int) -> PCA:
    """Principal component analysis of X (n_samples, n_features), keeping ``k`` components.

    Uses ``numpy.linalg.eigh`` on the covariance matrix as its numeric core.

    >>> model = pca([[0, 0], [1, 1], [2, 2]], 1)
    >>> model.components.round(4).tolist()
    [[0.7071, 0.7071]]
    """
    cov = covariance(X)
    d = cov.shape[0]
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= d:
        raise ValueError(
            f"k must be an integer between 1 and {d} (the number of features), got {k!r}"
        )
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:k]
    values = np.clip(values, 0.0, None)
    components = vectors[:, order].T.copy()
    for row in components:
        j = int(np.argmax(np.abs(row).round(12)))
        if row[j] < 0:
            row *= -1
    total = float(values.sum())
    explained = values[order]
    ratio = explained / total if total > 0 else np.zeros_like(explained)
    Xc, mean = center(X)
    return PCA(
        mean=mean,
        components=components,
        explained_variance=explained,
        explained_variance_ratio=ratio,
        projected=Xc @ components.T,
    )
