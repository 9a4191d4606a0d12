"""C1W1 assignment (beyond the original course): from equations to a matrix, then singular or not.

A system is given as equations, each a dict of coefficients with the constant
under the key ``"="``: ``{"x": 2, "y": -1, "=": 3}`` is 2x − y = 3. A variable
missing from an equation has coefficient 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mathforml.grading.assignments import (
    Assignment,
    Case,
    FunctionSpec,
    History,
    TestGroup,
    Verdict,
    as_array,
    compare_array,
    compare_exact,
    feedback_policy,
    names,
    preview,
)

INSTRUCTIONS = r"""# C1W1 · Systems of equations as matrices

A system of linear equations is written here as a list of equations, each a dictionary of
coefficients with the constant under the key `"="`. For example

$$\begin{aligned} 2x - y &= 3 \\ x + 4z &= 0 \end{aligned}
\quad\text{is}\quad
\texttt{[\{"x": 2, "y": -1, "=": 3\}, \{"x": 1, "z": 4, "=": 0\}]}.$$

A variable that does not appear in an equation has coefficient $0$.

1. **`coefficient_matrix(equations, variables)`**: the matrix $A$ with one row per equation and one
   column per variable, **in the order of `variables`**. Its shape is
   `(len(equations), len(variables))`; the system need not be square.
2. **`constants_vector(equations)`**: the right-hand sides as an array of shape `(n,)` (a missing
   `"="` means $0$).
3. **`is_singular(A)`**: `True` when the square matrix $A$ is singular, that is $\det A = 0$.
   Compute $\det A$ with `np.linalg.det` and compare it with $0$ using `np.isclose`: floating-point
   determinants of singular matrices are rarely exactly $0$.
4. **`classify_system(equations, variables)`**: the string `'singular'` or `'non-singular'` for a
   square system (as many equations as variables).
"""

STARTER = '''"""C1W1 assignment: systems of equations as matrices.

Fill in the code between the markers.
"""

import numpy as np


# GRADED FUNCTION: coefficient_matrix

def coefficient_matrix(equations, variables):
    """
    The matrix of coefficients of a system.

    Parameters:
    - equations (list of dict): each maps a variable name to its coefficient;
      the key "=" holds the constant.
    - variables (list of str): the column order.

    Returns:
    numpy.array of shape (len(equations), len(variables)); a missing variable has coefficient 0.
    """
    ### START CODE HERE ###
    A = np.zeros((None, None))
    for i, equation in enumerate(equations):
        for j, name in enumerate(variables):
            # dict.get(key, default) gives the default when the key is missing
            A[i, j] = None
    ### END CODE HERE ###
    return A


# GRADED FUNCTION: constants_vector

def constants_vector(equations):
    """The right-hand sides (key "=", 0 when missing) as an array of shape (n,)."""
    ### START CODE HERE ###
    b = None
    ### END CODE HERE ###
    return b


# GRADED FUNCTION: is_singular

def is_singular(A):
    """True when the square matrix A is singular (its determinant is close to 0)."""
    ### START CODE HERE ###
    det_A = None
    singular = None
    ### END CODE HERE ###
    return singular


# GRADED FUNCTION: classify_system

def classify_system(equations, variables):
    """'singular' or 'non-singular' for a square system."""
    ### START CODE HERE ###
    A = None
    result = None
    ### END CODE HERE ###
    return result
'''

REFERENCE = """import numpy as np


def coefficient_matrix(equations, variables):
    A = np.zeros((len(equations), len(variables)))
    for i, equation in enumerate(equations):
        for j, name in enumerate(variables):
            A[i, j] = equation.get(name, 0)
    return A


def constants_vector(equations):
    return np.array([equation.get("=", 0) for equation in equations], dtype=float)


def is_singular(A):
    return bool(np.isclose(np.linalg.det(A), 0))


def classify_system(equations, variables):
    A = coefficient_matrix(equations, variables)
    return "singular" if is_singular(A) else "non-singular"
"""

MAX_ANSWER_CHARS = 40  # a longer string is no spelling of 'non-singular': not normalised

NAMES = (("x", "y", "z", "w"), ("a", "b", "c", "d"), ("x1", "x2", "x3", "x4"), ("p", "q", "r", "s"))


def _equations(
    rng: np.random.Generator,
    A: np.ndarray,
    b: np.ndarray,
    names: list[str],
    *,
    drop_zeros: bool = True,
) -> list[dict[str, Any]]:
    out = []
    for i in range(A.shape[0]):
        items = [
            (names[j], int(A[i, j])) for j in range(A.shape[1]) if not (drop_zeros and A[i, j] == 0)
        ]
        order = rng.permutation(len(items))
        eq = {items[k][0]: items[k][1] for k in order}
        eq["="] = int(b[i])
        out.append(eq)
    return out


def _system(
    rng: np.random.Generator, m: int, n: int, *, zeros: float = 0.3
) -> tuple[list[dict[str, Any]], list[str], np.ndarray, np.ndarray]:
    names = list(NAMES[int(rng.integers(0, len(NAMES)))][:n])
    rng.shuffle(names)
    A = rng.integers(-6, 7, size=(m, n))
    A[rng.random((m, n)) < zeros] = 0
    b = rng.integers(-9, 10, size=m)
    return _equations(rng, A, b, names), names, A.astype(float), b.astype(float)


def _matrix_cases(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case(
            "1 equation, 1 variable: 5x = 10",
            ([{"x": 5, "=": 10}], ["x"]),
            expected=np.array([[5.0]]),
        )
    ]
    eqs, names, A, _ = _system(rng, 3, 3, zeros=0.0)
    A[A == 0] = 1
    eqs = _equations(rng, A, np.zeros(3), names, drop_zeros=False)
    cases.append(
        Case(
            "3 equations, every variable present, keys in shuffled order", (eqs, names), expected=A
        )
    )
    for m, n, label in (
        (2, 2, "2 equations, 2 variables"),
        (3, 3, "3 equations, 3 variables"),
        (3, 2, "3 equations, 2 variables (not square)"),
        (2, 4, "2 equations, 4 variables (not square)"),
        (4, 4, "4 equations with missing variables"),
    ):
        eqs, names, A, _ = _system(rng, m, n, zeros=0.45 if m == 4 else 0.2)
        cases.append(Case(label, (eqs, names), expected=A))
    return cases


def _vector_cases(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case(
            "an equation without '='",
            ([{"x": 1, "y": 1}, {"x": 1, "=": 2}],),
            expected=np.array([0.0, 2.0]),
        )
    ]
    for m in (1, 3, 5):
        eqs, _, _, b = _system(rng, m, 3)
        cases.append(Case(f"{m} equations", (eqs,), expected=b))
    return cases


def _singular_matrix(rng: np.random.Generator, n: int) -> np.ndarray:
    A = rng.integers(-5, 6, size=(n, n)).astype(float)
    if n == 1:
        return np.zeros((1, 1))
    i, j = rng.choice(n, size=2, replace=False)
    A[i] = (
        rng.choice([-2.0, -1.0, 2.0, 3.0]) * A[j] if rng.random() < 0.5 else A[j] + A[(j + 1) % n]
    )
    if i == (j + 1) % n:
        A[i] = 2 * A[j]
    return A


def _nonsingular_matrix(rng: np.random.Generator, n: int) -> np.ndarray:
    while True:
        A = rng.integers(-5, 6, size=(n, n)).astype(float)
        if abs(np.linalg.det(A)) >= 1:
            return A


def _rounding_singular(rng: np.random.Generator) -> np.ndarray:
    """A singular matrix whose computed determinant is not exactly 0, so every set of
    hidden cases teaches np.isclose over ``== 0`` (whatever the draw)."""
    for _ in range(100):
        A = _singular_matrix(rng, 3)
        A[2] = A[0] * 0.1 + A[1] * 0.3  # a combination with inexact binary fractions
        if np.linalg.det(A) != 0:
            return A
    return np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])


def _exactly_singular(rng: np.random.Generator, n: int) -> np.ndarray:
    """A singular matrix whose computed determinant is exactly 0: classify_system's
    cases judge the classification, and leave the rounding lesson to is_singular's
    (so that lesson costs points in one group, whatever the draw)."""
    for _ in range(100):
        A = _singular_matrix(rng, n)
        if np.linalg.det(A) == 0:
            return A
    A = _singular_matrix(rng, n)
    A[-1] = 0.0
    return A


def _singular_cases(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case("1×1 matrix [[0]]", (np.zeros((1, 1)),), expected=True),
        Case("1×1 matrix [[3]]", (np.array([[3.0]]),), expected=False),
        Case("2×2 with a zero row", (np.array([[1.0, 2.0], [0.0, 0.0]]),), expected=True),
        Case(
            "3×3 singular matrix whose floating-point det is not exactly 0",
            (_rounding_singular(rng),),
            expected=True,
        ),
    ]
    for n in (2, 3, 4, 5):
        cases.append(Case(f"{n}×{n} singular matrix", (_singular_matrix(rng, n),), expected=True))
        cases.append(
            Case(f"{n}×{n} non-singular matrix", (_nonsingular_matrix(rng, n),), expected=False)
        )
    return cases


def _classify_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n in (2, 3, 4):
        for singular in (True, False):
            A = _exactly_singular(rng, n) if singular else _nonsingular_matrix(rng, n)
            names = list(NAMES[n % len(NAMES)][:n])
            eqs = _equations(rng, A, rng.integers(-9, 10, size=n), names)
            label = f"{n} equations, {'singular' if singular else 'non-singular'}"
            cases.append(
                Case(label, (eqs, names), expected="singular" if singular else "non-singular")
            )
    return cases


def judge_matrix(case: Case, result: Any) -> Verdict:
    equations, _ = case.args
    value = result.value
    expected = case.expected
    arr, _ = as_array(value, max_items=expected.size + expected.shape[0])
    if arr is not None and arr.shape == (expected.shape[0], expected.shape[1] + 1):
        return Verdict(
            False,
            'your matrix has one column too many: the constants (the "=" key) '
            "belong to constants_vector, not to the matrix of coefficients.",
        )
    own_order = np.array(
        [[float(eq.get(k, 0)) for k in [k for k in eq if k != "="]] for eq in equations],
        dtype=object,
    )
    mistakes = []
    if own_order.ndim == 2 and own_order.shape == expected.shape:
        mistakes.append(
            (
                own_order.astype(float),
                "your columns follow the order of each "
                "equation's keys: use the order given by `variables`.",
            )
        )
    c = compare_array(value, expected, what="your matrix", flat_ok=False, mistakes=mistakes)
    return Verdict(c.ok, c.feedback, c.note)


def judge_vector(case: Case, result: Any) -> Verdict:
    c = compare_array(result.value, case.expected, what="your vector")
    return Verdict(c.ok, c.feedback, c.note)


def judge_singular(case: Case, result: Any) -> Verdict:
    (A,) = case.args
    c = compare_exact(result.value, case.expected, what="your answer")
    if c.ok:
        return Verdict(True, note=c.note)
    det = float(np.linalg.det(A))
    if case.expected and isinstance(result.value, bool):
        return Verdict(
            False,
            f"this matrix is singular (det A = {det:.3g}, which np.isclose "
            "treats as 0), but you returned False: compare det A with 0 using "
            "np.isclose, not ==.",
        )
    if isinstance(result.value, bool):
        return Verdict(
            False, f"this matrix is non-singular (det A = {det:.3g}), but you returned True."
        )
    return Verdict(False, c.feedback)


def judge_classify(case: Case, result: Any) -> Verdict:
    value = result.value
    if isinstance(value, str) and len(value) <= MAX_ANSWER_CHARS:
        norm = value.strip().lower().replace(" ", "-").replace("_", "-")
        norm = "non-singular" if norm in {"nonsingular", "non-singular"} else norm
        if norm == case.expected:
            if value != case.expected:
                return Verdict(
                    True, note=f"return exactly {case.expected!r} (you returned {preview(value)})"
                )
            return Verdict(True)
    c = compare_exact(value, case.expected, what="your classification")
    return Verdict(c.ok, c.feedback, c.note)


SHOWS_EXPECTED = False
EXPECTED_POLICY = (
    "is_singular and the matrix of a system have one right answer per input, so showing it "
    "would answer the test for you; the feedback names the kind of mistake instead."
)


FUNCTIONS = (
    FunctionSpec(
        "coefficient_matrix",
        "coefficient_matrix(equations, variables)",
        "The (len(equations), len(variables)) matrix of coefficients.",
    ),
    FunctionSpec(
        "constants_vector", "constants_vector(equations)", "The right-hand sides, shape (n,)."
    ),
    FunctionSpec("is_singular", "is_singular(A)", "True when det A is close to 0."),
    FunctionSpec(
        "classify_system", "classify_system(equations, variables)", "'singular' or 'non-singular'."
    ),
)

KEY_HINT = (
    "A variable missing from an equation has coefficient 0: use "
    "equation.get(name, 0) instead of equation[name]."
)

# The original course had no assignment this week: these names tell a file meant
# for it from another week's.
HISTORY = History(
    names("coefficient_matrix", "constants_vector", "is_singular", "classify_system"),
)


ASSIGNMENT = Assignment(
    id="c1w1",
    title="Systems of equations as matrices",
    instructions=INSTRUCTIONS + feedback_policy(SHOWS_EXPECTED, EXPECTED_POLICY),
    shows_expected=SHOWS_EXPECTED,
    expected_policy=EXPECTED_POLICY,
    functions=FUNCTIONS,
    starter=STARTER,
    groups=(
        TestGroup(
            "coefficient_matrix",
            "coefficient_matrix",
            4,
            _matrix_cases,
            judge_matrix,
            error_hints=(("KeyError", KEY_HINT),),
        ),
        TestGroup(
            "constants_vector",
            "constants_vector",
            2,
            _vector_cases,
            judge_vector,
            error_hints=(
                (
                    "KeyError",
                    KEY_HINT.replace("equation.get(name, 0)", 'equation.get("=", 0)')
                    .replace("equation[name]", 'equation["="]')
                    .replace(
                        "A variable missing from an equation has coefficient 0",
                        'A missing "=" means 0',
                    ),
                ),
            ),
        ),
        TestGroup("is_singular", "is_singular", 2, _singular_cases, judge_singular),
        TestGroup(
            "classify_system",
            "classify_system",
            2,
            _classify_cases,
            judge_classify,
            error_hints=(("KeyError", KEY_HINT),),
        ),
    ),
    reference=REFERENCE,
    history=HISTORY,
)
