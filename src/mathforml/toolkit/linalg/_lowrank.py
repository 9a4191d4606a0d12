"""Low-rank approximation: keep the k largest singular values (Eckart–Young)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from mathforml.errors import ShapeError


@dataclass(frozen=True, eq=False)
class LowRank:
    """``matrix``: the best rank-k approximation (m, n); ``singular_values``: all of A's,
    largest first; ``relative_error``: ``‖A − A_k‖_F / ‖A‖_F`` (0 for a zero matrix)."""

    matrix: np.ndarray
    singular_values: np.ndarray
    relative_error: float


def low_rank_approximation(A: Any, k: int) -> LowRank:
    """The best rank-``k`` approximation of ``A`` in the Frobenius norm (e.g. image compression).

    Uses ``numpy.linalg.svd`` as its numeric core: ``A_k = U_k Σ_k V_kᵀ``.

    >>> low_rank_approximation([[3, 0], [0, 1]], 1).matrix.tolist()
    [[3.0, 0.0], [0.0, 0.0]]
    """
    arr = np.asarray(A, dtype=float)
    if arr.ndim != 2 or arr.size == 0:
        raise ShapeError(f"A must be a non-empty 2-D matrix, got shape {arr.shape!r}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("A contains NaN or infinite values")
    top = min(arr.shape)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 0 <= k <= top:
        raise ValueError(
            f"k must be an integer between 0 and {top} for shape {arr.shape!r}, got {k!r}"
        )
    U, s, Vt = np.linalg.svd(arr, full_matrices=False)
    approx = (U[:, :k] * s[:k]) @ Vt[:k, :]
    total = float((s**2).sum())
    rest = float((s[k:] ** 2).sum())
    error = math.sqrt(rest / total) if total > 0 else 0.0
    return LowRank(matrix=approx, singular_values=s, relative_error=error)
