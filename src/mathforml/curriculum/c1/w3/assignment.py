"""C1W3 assignment: linear transformations, and a single-perceptron network for regression.

Names and signatures are the original course's (v2). ``nn_model`` uses the
offered ``utils`` module; its result is checked on values against the parent's
own training run from the same initial parameters (see :mod:`._utils_module`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mathforml.curriculum.c1.w3._regression_data import regression_data
from mathforml.curriculum.c1.w3._utils_module import (
    initial_parameters,
    train_closed_form,
    train_path,
    utils_source,
)
from mathforml.grading.assignments import (
    Assignment,
    Case,
    FunctionSpec,
    History,
    TestGroup,
    Verdict,
    Version,
    as_array,
    compare_array,
    compare_scalar,
    describe,
    feedback_policy,
    names,
)

STARTER_LEARNING_RATE = 1.2
COURSE_LEARNING_RATE = 0.001  # what the original course's nn_model passes to train_nn
# any learning rate in this range is fair: course versions and learners' notebooks differ
LEARNING_RATE_RANGE = (1e-5, 2.5)
GRADER_SEED = 3
RATES_ACCEPTED = (
    f"any learning rate from {LEARNING_RATE_RANGE[0]:g} to {LEARNING_RATE_RANGE[1]:g} is accepted, "
    f"e.g. the original course's {COURSE_LEARNING_RATE} or our starter's {STARTER_LEARNING_RATE}"
)

_ROTATION_TEX = (
    r"$\begin{bmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta\end{bmatrix}$"
)

INSTRUCTIONS = r"""# C1W3 · Linear transformations and a single-perceptron network

## Part 1: transformations of the plane
Each function takes `v`, one vector of shape `(2,)` **or** a $2\times N$ array of points (one point
per column), and returns $T\,v$ with the same shape.

| function | matrix $T$ |
|---|---|
| `T_stretch(a, v)` | $\begin{bmatrix} a & 0 \\ 0 & a\end{bmatrix}$ |
| `T_hshear(m, v)` | $\begin{bmatrix} 1 & m \\ 0 & 1\end{bmatrix}$ |
| `T_rotation(theta, v)` | ROTATION_TEX (counter-clockwise, $\theta$ in radians) |
| `T_rotation_and_stretch(theta, a, v)` | the stretch, then the rotation |

## Part 2: a neural network with one neuron
The network predicts $\hat{Y} = W X + b$ for $X$ of shape $(n_x, m)$, $W$ of shape $(1, n_x)$
and $b$ of shape $(1, 1)$; its cost is
$\mathcal{L} = \frac{1}{2m}\sum_{i=1}^{m} (\hat{y}^{(i)} - y^{(i)})^2$.

1. **`forward_propagation(X, parameters)`**: $\hat{Y} = WX + b$, shape $(1, m)$.
2. **`compute_cost(Y_hat, Y)`**: the cost above, a number.
3. **`nn_model(X, Y, num_iterations=1000, print_cost=False)`**: start from
   `utils.initialize_parameters(n_x)`; at each iteration compute $\hat{Y}$, the cost, and update the
   parameters with `utils.train_nn(parameters, Y_hat, X, Y, learning_rate=1.2)`. Return the
   parameters. Any learning rate that converges is accepted: the original course uses 0.001.
   Use $n_x$ from `X.shape`: the hidden tests use 2 and 3 features.
4. **`predict(X, parameters)`**: the network's output for new inputs.

The data is a regression set with two features, $y = w_1 x_1 + w_2 x_2 + b + \text{noise}$.
""".replace("ROTATION_TEX", _ROTATION_TEX)

STARTER = '''"""C1W3 assignment: transformations and a single perceptron.

Fill in the code between the markers.
"""

import numpy as np

import utils


# GRADED FUNCTION: T_stretch

def T_stretch(a, v):
    """
    Stretch v by the factor a.

    Parameters:
    - a (float): the stretch factor.
    - v (numpy.array): a vector of shape (2,) or an array of points of shape (2, N).

    Returns:
    numpy.array: the transformed vector or points, same shape as v.
    """
    ### START CODE HERE ###
    T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: T_hshear

def T_hshear(m, v):
    """Horizontal shear by m: the matrix [[1, m], [0, 1]] applied to v."""
    ### START CODE HERE ###
    T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: T_rotation

def T_rotation(theta, v):
    """Counter-clockwise rotation by theta (radians) applied to v."""
    ### START CODE HERE ###
    T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: T_rotation_and_stretch

def T_rotation_and_stretch(theta, a, v):
    """Stretch v by a, then rotate it by theta."""
    ### START CODE HERE ###
    rotation_T = None
    stretch_T = None
    w = None
    ### END CODE HERE ###
    return w


# GRADED FUNCTION: forward_propagation

def forward_propagation(X, parameters):
    """
    Argument:
    X -- input data of size (n_x, m)
    parameters -- python dictionary containing your parameters W (1, n_x) and b (1, 1)

    Returns:
    Y_hat -- the output of size (1, m)
    """
    W = parameters["W"]
    b = parameters["b"]

    ### START CODE HERE ###
    Z = None
    Y_hat = None
    ### END CODE HERE ###

    return Y_hat


# GRADED FUNCTION: compute_cost

def compute_cost(Y_hat, Y):
    """
    The sum of squares cost 1/(2m) * sum((Y_hat - Y)**2).

    Arguments:
    Y_hat -- the output of the neural network of shape (1, m)
    Y -- the targets of shape (1, m)

    Returns:
    cost -- a number
    """
    ### START CODE HERE ###
    m = None
    cost = None
    ### END CODE HERE ###
    return cost


# GRADED FUNCTION: nn_model

def nn_model(X, Y, num_iterations=1000, print_cost=False):
    """
    Arguments:
    X -- dataset of shape (n_x, number of examples)
    Y -- labels of shape (1, number of examples)
    num_iterations -- number of iterations in the loop
    print_cost -- if True, print the cost every iteration

    Returns:
    parameters -- parameters learnt by the model
    """
    ### START CODE HERE ###
    n_x = None
    parameters = utils.initialize_parameters(None)
    ### END CODE HERE ###

    for i in range(0, num_iterations):

        ### START CODE HERE ###
        # Forward propagation. Inputs: "X, parameters". Outputs: "Y_hat".
        Y_hat = None

        # Cost function. Inputs: "Y_hat, Y". Outputs: "cost".
        cost = None
        ### END CODE HERE ###

        # Parameters update.
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=1.2)

        if print_cost:
            print(f"Cost after iteration {i}: {cost:f}")

    return parameters


# GRADED FUNCTION: predict

def predict(X, parameters):
    """The network's output for inputs X of shape (n_x, m): shape (1, m)."""
    ### START CODE HERE ###
    Y_hat = None
    ### END CODE HERE ###
    return Y_hat
'''

REFERENCE = """import numpy as np

import utils


def T_stretch(a, v):
    T = np.array([[a, 0], [0, a]])
    return T @ v


def T_hshear(m, v):
    T = np.array([[1, m], [0, 1]])
    return T @ v


def T_rotation(theta, v):
    T = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return T @ v


def T_rotation_and_stretch(theta, a, v):
    rotation_T = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    stretch_T = np.array([[a, 0], [0, a]])
    return rotation_T @ (stretch_T @ v)


def forward_propagation(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    return W @ X + b


def compute_cost(Y_hat, Y):
    m = Y_hat.shape[1]
    return np.sum((Y_hat - Y) ** 2) / (2 * m)


def nn_model(X, Y, num_iterations=1000, print_cost=False):
    n_x = X.shape[0]
    parameters = utils.initialize_parameters(n_x)
    for i in range(0, num_iterations):
        Y_hat = forward_propagation(X, parameters)
        cost = compute_cost(Y_hat, Y)
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=1.2)
        if print_cost:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters


def predict(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    return W @ X + b
"""


# ---------------------------------------------------------------- transformations


def _rot(theta: float) -> np.ndarray:
    return np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])


def _vectors(rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    n = int(rng.integers(3, 9))
    return [
        ("one vector v of shape (2,)", rng.integers(-5, 6, size=2).astype(float)),
        (f"points of shape (2, {n})", rng.normal(size=(2, n)) * 3),
        ("the single point as shape (2, 1)", rng.integers(-4, 5, size=(2, 1)).astype(float)),
    ]


def _stretch_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for a in (2.0, float(rng.uniform(-3, 3)), 0.5):
        for label, v in _vectors(rng):
            cases.append(Case(f"a = {a:.3g}, {label}", (a, v), expected=a * v))
    return cases


def _shear_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for m in (0.5, float(rng.uniform(-2, 2))):
        T = np.array([[1.0, m], [0.0, 1.0]])
        for label, v in _vectors(rng):
            cases.append(Case(f"m = {m:.3g}, {label}", (m, v), expected=T @ v))
    return cases


def _rotation_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for theta in (np.pi / 2, float(rng.uniform(0.2, 3.0)), -np.pi / 6):
        for label, v in _vectors(rng):
            cases.append(
                Case(f"theta = {theta:.4g}, {label}", (theta, v), expected=_rot(theta) @ v)
            )
    return cases


def _rotation_stretch_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for theta, a in ((np.pi / 3, 2.0), (float(rng.uniform(0.2, 3.0)), float(rng.uniform(0.3, 3)))):
        for label, v in _vectors(rng):
            cases.append(
                Case(
                    f"theta = {theta:.4g}, a = {a:.3g}, {label}",
                    (theta, a, v),
                    expected=_rot(theta) @ (a * v),
                )
            )
    return cases


def _judge_transform(kind: str) -> Any:
    def judge(case: Case, result: Any) -> Verdict:
        v = case.args[-1]
        mistakes: list[tuple[Any, str]] = []
        if kind == "rotation":
            theta = case.args[0]
            mistakes = [
                (
                    _rot(-theta) @ v,
                    "your rotation goes clockwise: the counter-clockwise matrix "
                    "is [[cos θ, −sin θ], [sin θ, cos θ]].",
                ),
                (_rot(np.radians(theta)) @ v, "theta is already in radians: do not convert it."),
            ]
        elif kind == "shear":
            m = case.args[0]
            mistakes = [
                (
                    np.array([[1.0, 0.0], [m, 1.0]]) @ v,
                    "that is a vertical shear: the "
                    "horizontal shear puts m in the first row, [[1, m], [0, 1]].",
                )
            ]
        elif kind == "rotation_and_stretch":
            theta, a = case.args[0], case.args[1]
            mistakes = [
                (
                    _rot(theta) @ v,
                    "your result is rotated but not stretched: apply the stretch by a too.",
                ),
                (a * v, "your result is stretched but not rotated: apply the rotation too."),
                (
                    _rot(-theta) @ (a * v),
                    "your rotation goes clockwise: the counter-clockwise "
                    "matrix is [[cos θ, −sin θ], [sin θ, cos θ]].",
                ),
            ]
        c = compare_array(result.value, case.expected, what="your result", mistakes=mistakes)
        return Verdict(c.ok, c.feedback, c.note)

    return judge


# ---------------------------------------------------------------- the network


def _params(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    return {"W": rng.normal(size=(1, n)), "b": rng.normal(size=(1, 1))}


def _forward_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, m in ((2, 5), (2, 30), (3, 7), (1, 1)):
        X = rng.normal(size=(n, m))
        p = _params(rng, n)
        cases.append(Case(f"X of shape ({n}, {m})", (X, p), expected=p["W"] @ X + p["b"]))
    return cases


def judge_forward(case: Case, result: Any) -> Verdict:
    X, p = case.args
    c = compare_array(
        result.value,
        case.expected,
        what="Y_hat",
        mistakes=[(p["W"] @ X, "you forgot to add the bias b: Y_hat = W X + b.")],
    )
    return Verdict(c.ok, c.feedback, c.note)


def _cost_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for m in (1, 4, 25):
        Y = rng.normal(size=(1, m))
        Y_hat = Y + rng.normal(size=(1, m))
        cases.append(
            Case(
                f"{m} example{'s' if m > 1 else ''}",
                (Y_hat, Y),
                expected=float(np.sum((Y_hat - Y) ** 2) / (2 * m)),
            )
        )
    return cases


def judge_cost(case: Case, result: Any) -> Verdict:
    Y_hat, Y = case.args
    m = Y.shape[1]
    s = float(np.sum((Y_hat - Y) ** 2))
    mistakes = (
        []
        if m == 1
        else [
            (s / m, "you divided by m: the cost divides the sum by 2m."),
            (
                s / 2,
                "you divided by 2 but not by m: m is the number of "
                "examples, Y.shape[1] (not Y.shape[0]).",
            ),
            (s, "divide the sum of squares by 2m."),
        ]
    )
    c = compare_scalar(result.value, case.expected, what="your cost", mistakes=mistakes)
    return Verdict(c.ok, c.feedback, c.note)


def _nn_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for label, n, m, kwargs in (
        ("one iteration", 2, 30, {"num_iterations": 1}),
        ("10 iterations", 2, 40, {"num_iterations": 10}),
        # passed explicitly: the course's default and ours may differ (grade the contract)
        ("1000 iterations", 2, 50, {"num_iterations": 1000}),
        ("3 features, 20 iterations", 3, 30, {"num_iterations": 20}),
    ):
        X, Y, _, _ = regression_data(rng, m, n)
        cases.append(
            Case(
                label,
                (X, Y),
                kwargs=kwargs,
                expected={"seed": GRADER_SEED, "iterations": kwargs.get("num_iterations", 1000)},
            )
        )
    return cases


def _params_value(value: Any, n: int) -> tuple[np.ndarray, np.ndarray] | str:
    """W and b as float arrays of n and 1 values, or feedback; sizes are checked before
    anything is converted, so a huge value costs nothing."""
    if not isinstance(value, dict):
        return (
            f"nn_model returned {describe(value)}: return the parameters dictionary "
            "{'W': ..., 'b': ...}."
        )
    missing = [k for k in ("W", "b") if k not in value]
    if missing:
        return (
            f"the parameters dictionary lacks {missing[0]!r}: return what utils.train_nn returns."
        )
    W, _ = as_array(value["W"], max_items=n)
    b, _ = as_array(value["b"], max_items=1)
    if W is None or b is None or W.dtype.kind == "c" or b.dtype.kind == "c":
        return "W and b must be arrays of real numbers."
    if W.size != n or b.size != 1:
        return (
            f"W has shape {W.shape} and b {b.shape}; expected (1, {n}) and "
            "(1, 1): use n_x = X.shape[0]."
        )
    return W.astype(float), b.astype(float)


def _golden_min(f: Any, lo: float, hi: float, *, tol: float = 1e-12) -> float:
    """The minimum of a unimodal ``f`` on [lo, hi] by golden-section search (SciPy's
    bounded search would cost the parent its import for this one use)."""
    ratio = (np.sqrt(5) - 1) / 2
    a, b = lo, hi
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = f(c), f(d)
    while b - a > tol * max(1.0, abs(a) + abs(b)):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = f(d)
    return (a + b) / 2


#: Our starter's rate, the original course's, and round values learners pick.
COMMON_RATES = (1.2, 0.001, 0.01, 0.1, 0.5, 1.0, 0.05, 0.005)


def _fit_learning_rate(
    X: np.ndarray,
    Y: np.ndarray,
    start: dict[str, np.ndarray],
    k: int,
    target: np.ndarray,
    *,
    bias_in_forward: bool = True,
) -> float | None:
    """The learning rate whose run from ``start`` ends at ``target``, if there is one.

    Searched on the closed form (microseconds per rate), then confirmed with one
    iterative run, so a wrong answer costs a few milliseconds. Any rate is fair:
    the original course trains with 0.001 where our starter says 1.2.
    ``bias_in_forward=False`` fits the run of a forward pass without ``+ b``.
    """
    if k < 1 or not np.all(np.isfinite(target)):
        return None
    scale = max(1.0, float(np.max(np.abs(target))))
    for lr in COMMON_RATES:  # the rates learners use, tried exactly before any search
        got = train_path(X, Y, start, k, lr, bias_in_forward=bias_in_forward)[-1]
        if np.allclose(got, target, rtol=1e-5, atol=1e-7 * scale):
            return lr
    fitted = target if bias_in_forward else target[:-1]

    def miss(log_lr: float) -> float:
        with np.errstate(all="ignore"):
            got = train_closed_form(
                X, Y, start, k, float(np.exp(log_lr)), bias_in_forward=bias_in_forward
            )
            d = float(np.linalg.norm(got - fitted))
        return d if np.isfinite(d) else float("inf")

    grid = np.linspace(np.log(LEARNING_RATE_RANGE[0]), np.log(LEARNING_RATE_RANGE[1]), 121)
    misses = [miss(x) for x in grid]
    best = int(np.argmin(misses))
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, grid.size - 1)]
    x = _golden_min(miss, lo, hi)
    lr = float(np.exp(x if miss(x) <= misses[best] else grid[best]))
    got = train_path(X, Y, start, k, lr, bias_in_forward=bias_in_forward)[-1]
    return lr if np.allclose(got, target, rtol=1e-5, atol=1e-7 * scale) else None


def judge_nn(case: Case, result: Any) -> Verdict:
    X, Y = case.args
    n = X.shape[0]
    iterations = case.expected["iterations"]
    start = initial_parameters(case.expected["seed"], n)
    got = _params_value(result.value, n)
    if isinstance(got, str):
        return Verdict(False, got)
    W, b = got[0].reshape(1, n), got[1].reshape(1, 1)

    mine = np.concatenate([W.ravel(), b.ravel()])

    def same(theta: np.ndarray) -> bool:
        return bool(np.allclose(mine, theta, rtol=1e-5, atol=1e-7))

    path = train_path(X, Y, start, iterations + 1, STARTER_LEARNING_RATE)
    theta = path[iterations]
    expected = {"W": theta[:-1].reshape(1, n), "b": theta[-1:].reshape(1, 1)}
    if same(path[iterations]):
        return Verdict(True)
    lr = _fit_learning_rate(X, Y, start, iterations, mine)
    if lr is not None:
        return Verdict(
            True, note=f"your training matches gradient descent with learning rate {lr:.3g}"
        )
    for k in (iterations - 1, iterations + 1):
        if k > 0 and same(path[k]):
            return Verdict(
                False,
                f"your loop runs {k} iterations instead of {iterations}: "
                "use range(0, num_iterations).",
            )
    if not np.all(np.isfinite(mine)) or float(np.max(np.abs(mine))) > 1e6:
        return Verdict(
            False,
            f"after {iterations} iteration(s) your parameters blow up (|W| reaches "
            f"{float(np.max(np.abs(W))):.3g}): gradient descent diverges, so the learning rate "
            f"is too large for this data ({RATES_ACCEPTED}).",
        )
    lr_no_b = _fit_learning_rate(X, Y, start, iterations, mine, bias_in_forward=False)
    if lr_no_b is not None:
        return Verdict(
            False,
            f"after {iterations} iteration(s) your parameters are those of a network whose "
            "Y_hat lacks the bias b: forward_propagation must return W @ X + b, and the loop "
            "must use it (Y_hat = forward_propagation(X, parameters)).",
        )
    if np.allclose(W, expected["W"], rtol=1e-5, atol=1e-7) and not np.allclose(
        b, expected["b"], rtol=1e-5, atol=1e-7
    ):
        return Verdict(
            False,
            f"after {iterations} iteration(s) W is right but b is {b.ravel()[0]:.4g}, expected "
            f"{expected['b'].ravel()[0]:.4g}: check that Y_hat inside the loop includes b "
            "(Y_hat = forward_propagation(X, parameters)).",
        )
    if same(path[0]):
        return Verdict(
            False,
            f"after {iterations} iteration(s) your parameters are still the "
            "initial ones: call utils.train_nn in every iteration of the loop and keep "
            "its result (parameters = utils.train_nn(...)).",
        )
    A = np.vstack([X, np.ones((1, X.shape[1]))]).T
    sol = np.linalg.lstsq(A, Y.ravel(), rcond=None)[0]
    if iterations >= 1000 and np.allclose(mine, sol, rtol=1e-3, atol=1e-3):
        return Verdict(
            True,
            note="your parameters reach the least-squares fit, by another path "
            "than the starter's training loop",
        )
    return Verdict(
        False,
        f"after {iterations} iteration(s) W = {np.round(W, 4).tolist()}, "
        f"b = {np.round(b, 4).tolist()}: no run of gradient descent from "
        "utils.initialize_parameters(n_x) with utils.train_nn reaches them, whatever the "
        f"learning rate ({RATES_ACCEPTED}). Check that each iteration computes "
        "Y_hat = forward_propagation(X, parameters) and then "
        "parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=...).",
    )


def _predict_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, m in ((2, 1), (2, 12), (3, 5)):
        X = rng.normal(size=(n, m))
        p = _params(rng, n)
        cases.append(Case(f"{m} input(s) with {n} features", (X, p), expected=p["W"] @ X + p["b"]))
    return cases


SHOWS_EXPECTED = True
EXPECTED_POLICY = (
    "a transformed vector or a network's output shows what to reach for that input, not "
    "the code that reaches it."
)


FUNCTIONS = (
    FunctionSpec("T_stretch", "T_stretch(a, v)", "a·I @ v."),
    FunctionSpec("T_hshear", "T_hshear(m, v)", "[[1, m], [0, 1]] @ v."),
    FunctionSpec("T_rotation", "T_rotation(theta, v)", "Counter-clockwise rotation of v."),
    FunctionSpec(
        "T_rotation_and_stretch",
        "T_rotation_and_stretch(theta, a, v)",
        "Stretch by a, then rotate by theta.",
    ),
    FunctionSpec("forward_propagation", "forward_propagation(X, parameters)", "W @ X + b, (1, m)."),
    FunctionSpec("compute_cost", "compute_cost(Y_hat, Y)", "Sum of squares over 2m."),
    FunctionSpec(
        "nn_model",
        "nn_model(X, Y, num_iterations=1000, print_cost=False)",
        "Train with utils.initialize_parameters and utils.train_nn; return parameters.",
    ),
    FunctionSpec("predict", "predict(X, parameters)", "The network's output, (1, m)."),
)

# The original course's versions of this assignment, so an older one is explained.
HISTORY = History(
    names("T_stretch", "T_hshear", "T_rotation", "T_rotation_and_stretch"),
    (
        Version(
            "v1",
            "the 2023 version (v1)",
            names("layer_sizes", "initialize_parameters"),
            modules=names("w3_tools"),
            # a learner may well write their own initialize_parameters helper
            needs=2,
            signatures=(("predict", 4),),
            common=names("initialize_parameters"),
            changes=(
                "v1 was a single perceptron for house prices that you set up "
                "yourself (layer_sizes, initialize_parameters(n_x, n_y), training "
                "through w3_tools, predict(X, Y, parameters, X_pred)); the current "
                "version starts with the linear transformations T_stretch, T_hshear, "
                "T_rotation and T_rotation_and_stretch, and its perceptron uses "
                "utils.initialize_parameters, with predict(X, parameters)."
            ),
        ),
    ),
)


ASSIGNMENT = Assignment(
    id="c1w3",
    imports=("numpy", "pandas", "matplotlib"),
    title="Linear transformations and a single-perceptron network",
    instructions=INSTRUCTIONS + feedback_policy(SHOWS_EXPECTED, EXPECTED_POLICY),
    shows_expected=SHOWS_EXPECTED,
    expected_policy=EXPECTED_POLICY,
    functions=FUNCTIONS,
    starter=STARTER,
    groups=(
        TestGroup("T_stretch", "T_stretch", 1, _stretch_cases, _judge_transform("stretch")),
        TestGroup("T_hshear", "T_hshear", 1, _shear_cases, _judge_transform("shear")),
        TestGroup("T_rotation", "T_rotation", 1, _rotation_cases, _judge_transform("rotation")),
        TestGroup(
            "T_rotation_and_stretch",
            "T_rotation_and_stretch",
            1,
            _rotation_stretch_cases,
            _judge_transform("rotation_and_stretch"),
        ),
        TestGroup("forward_propagation", "forward_propagation", 2, _forward_cases, judge_forward),
        TestGroup("compute_cost", "compute_cost", 2, _cost_cases, judge_cost),
        TestGroup("nn_model", "nn_model", 3, _nn_cases, judge_nn),
        TestGroup("predict", "predict", 1, _predict_cases, judge_forward),
    ),
    reference=REFERENCE,
    modules={"utils": utils_source(GRADER_SEED)},
    history=HISTORY,
    learner_modules={"utils": utils_source(None)},
)
