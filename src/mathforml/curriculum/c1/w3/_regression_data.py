"""Regression data for the C1W3 network, generated from a seed: nothing downloaded."""

from __future__ import annotations

import numpy as np


def regression_data(
    rng: np.random.Generator, m: int, n_features: int = 2, *, noise: float = 0.1
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Standardised features X (n_features, m), targets Y = w·X + b + noise (1, m)."""
    X = rng.normal(size=(n_features, m))
    X = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
    w = rng.uniform(-2, 2, size=(1, n_features))
    b = float(rng.uniform(-1, 1))
    Y = w @ X + b + noise * rng.normal(size=(1, m))
    return X, Y, w, b
