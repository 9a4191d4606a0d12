"""The ``utils`` module offered to C1W3 submissions, as the original course's.

``initialize_parameters`` draws from NumPy's global generator, so it is
deterministic given ``np.random.seed``. When grading, the source is rendered
with a seed; each ``initialize_parameters`` call then seeds the global generator
first, so every training run starts from the same parameters whatever the
submission did before (the parent reproduces them with the same seed).
"""

from __future__ import annotations

import numpy as np

UTILS_TEMPLATE = '''"""Helpers for the C1W3 assignment: mathforml's version of the course's."""

import numpy as np

_GRADER_SEED = {seed}


def initialize_parameters(n_x):
    """
    Returns:
    parameters -- python dictionary containing your parameters:
                    W -- weight matrix of shape (1, n_x), small random values
                    b -- bias value set as a vector of shape (1, 1), zeros
    """
    if _GRADER_SEED is not None:
        np.random.seed(_GRADER_SEED)
    W = np.random.randn(1, n_x) * 0.01
    b = np.zeros((1, 1))
    parameters = {{"W": W, "b": b}}
    return parameters


def train_nn(parameters, Y_hat, X, Y, learning_rate=0.01):
    """
    One step of gradient descent for the cost 1/(2m) * sum((Y_hat - Y)**2).

    Returns:
    parameters -- python dictionary containing the updated parameters W and b
    """
    W = parameters["W"]
    b = parameters["b"]
    m = X.shape[1]
    dZ = Y_hat - Y
    dW = 1 / m * np.dot(dZ, X.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    W = W - learning_rate * dW
    b = b - learning_rate * db
    parameters = {{"W": W, "b": b}}
    return parameters
'''


def utils_source(seed: int | None = None) -> str:
    """The module's source; ``seed=None`` gives the course's plain behaviour (for learners)."""
    return UTILS_TEMPLATE.format(seed=repr(None if seed is None else int(seed)))


def initial_parameters(seed: int, n_x: int) -> dict[str, np.ndarray]:
    """What ``initialize_parameters(n_x)`` returns in a child rendered with ``seed``."""
    W = np.random.RandomState(seed).randn(1, n_x) * 0.01
    return {"W": W, "b": np.zeros((1, 1))}


def train(
    X: np.ndarray,
    Y: np.ndarray,
    params: dict[str, np.ndarray],
    iterations: int,
    learning_rate: float,
) -> dict[str, np.ndarray]:
    """The parent's own training run: the same updates as ``train_nn``."""
    W, b = params["W"].copy(), params["b"].copy()
    m = X.shape[1]
    for _ in range(iterations):
        dZ = W @ X + b - Y
        W = W - learning_rate * (dZ @ X.T) / m
        b = b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
    return {"W": W, "b": b}


def train_path(
    X: np.ndarray,
    Y: np.ndarray,
    params: dict[str, np.ndarray],
    iterations: int,
    learning_rate: float,
    *,
    bias_in_forward: bool = True,
) -> np.ndarray:
    """Every state of :func:`train`'s run, as rows [W..., b] for 0 … ``iterations`` steps:
    one run answers "after k steps" for every k (a judge asks about k − 1, k and k + 1).

    ``bias_in_forward=False`` replays a learner whose forward propagation omits ``+ b``
    (``train_nn`` still updates b, but Y_hat never uses it), to recognise that mistake.
    """
    use_b = 1.0 if bias_in_forward else 0.0
    W, b = params["W"].copy(), params["b"].copy()
    m = X.shape[1]
    path = np.empty((iterations + 1, W.size + 1))
    path[0] = np.concatenate([W.ravel(), b.ravel()])
    with np.errstate(all="ignore"):
        for step in range(1, iterations + 1):
            dZ = W @ X + use_b * b - Y
            W = W - learning_rate * (dZ @ X.T) / m
            b = b - learning_rate * np.sum(dZ, axis=1, keepdims=True) / m
            path[step, :-1] = W.ravel()
            path[step, -1] = b[0, 0]
    return path


def train_closed_form(
    X: np.ndarray,
    Y: np.ndarray,
    params: dict[str, np.ndarray],
    iterations: int,
    learning_rate: float,
    *,
    bias_in_forward: bool = True,
) -> np.ndarray:
    """The same run in closed form, as one vector [W..., b]: cheap for any learning rate.

    Each step is θ ← θ − η (H θ − c) with H = A Aᵀ/m, c = A Yᵀ/m and A = [X; 1], so
    θ_k − θ* = (I − η H)^k (θ_0 − θ*) whenever H is invertible. With
    ``bias_in_forward=False`` (a forward pass without ``+ b``) W evolves on its own
    (A = X) and only W is returned: b follows from the W path, confirmed iteratively.
    """
    m = X.shape[1]
    if not bias_in_forward:
        H = X @ X.T / m
        c = (X @ Y.T / m).ravel()
        w0 = params["W"].ravel()
        star = np.linalg.solve(H, c)
        step = np.linalg.matrix_power(np.eye(H.shape[0]) - learning_rate * H, iterations)
        return star + step @ (w0 - star)
    A = np.vstack([X, np.ones((1, m))])
    H = A @ A.T / m
    c = (A @ Y.T / m).ravel()
    theta0 = np.concatenate([params["W"].ravel(), params["b"].ravel()])
    star = np.linalg.solve(H, c)
    step = np.linalg.matrix_power(np.eye(H.shape[0]) - learning_rate * H, iterations)
    return star + step @ (theta0 - star)
