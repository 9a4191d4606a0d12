"""C1W2 assignment: solving a linear system by Gaussian elimination.

The function names and signatures are the original course's (v2), so a learner's
finished notebook grades unchanged. The helpers (``swap_rows`` ...) are given
code, not graded; when a submission lacks them (only graded cells were
extracted) the grader appends the course's versions.
"""

from __future__ import annotations

import ast
from fractions import Fraction
from typing import Any

import numpy as np

from mathforml.grading.assignments import (
    Assignment,
    Case,
    Forbidden,
    FunctionSpec,
    History,
    TestGroup,
    Verdict,
    Version,
    as_array,
    compare_array,
    compare_exact,
    feedback_policy,
    names,
    preview,
)
from mathforml.toolkit.linalg import row_echelon_form as toolkit_ref

HELPERS = '''
def swap_rows(M, row_index_1, row_index_2):
    """Return a copy of M with rows row_index_1 and row_index_2 swapped."""
    M = M.copy()
    M[[row_index_1, row_index_2]] = M[[row_index_2, row_index_1]]
    return M


def get_index_first_non_zero_value_from_column(M, column, starting_row):
    """First row index at or below starting_row whose entry in column is non-zero, or -1."""
    column_array = M[starting_row:, column]
    for i, val in enumerate(column_array):
        if not np.isclose(val, 0, atol=1e-5):
            return i + starting_row
    return -1


def get_index_first_non_zero_value_from_row(M, row, augmented=False):
    """First column index of a non-zero entry in the row (ignoring the last column if augmented)."""
    M = M.copy()
    if augmented:
        M = M[:, :-1]
    row_array = M[row]
    for i, val in enumerate(row_array):
        if not np.isclose(val, 0, atol=1e-5):
            return i
    return -1


def augmented_matrix(A, B):
    """Stack A and B horizontally: the augmented matrix [A | B]."""
    return np.hstack((A, B))
'''

HELPER_NAMES = (
    "swap_rows",
    "get_index_first_non_zero_value_from_column",
    "get_index_first_non_zero_value_from_row",
    "augmented_matrix",
)

STARTER = (
    '''"""C1W2 assignment: Gaussian elimination. Fill in the code between the markers."""

import numpy as np

# The helper functions below are given: read them, you will use them.
'''
    + HELPERS
    + '''

# GRADED FUNCTION: row_echelon_form

def row_echelon_form(A, B):
    """
    Transform the system A x = B into row echelon form with every pivot equal to 1.

    Parameters:
    - A (numpy.array): the n×n matrix of coefficients.
    - B (numpy.array): the n×1 column of constants.

    Returns:
    numpy.array: the n×(n+1) augmented matrix in row echelon form with unit pivots,
    or the string 'Singular system' when A is singular.
    """
    # Make copies of the input matrices to avoid modifying the originals
    A = A.copy()
    B = B.copy()

    # Convert matrices to float to prevent integer division
    A = A.astype('float64')
    B = B.astype('float64')

    # Number of rows in the coefficient matrix
    num_rows = len(A)

    ### START CODE HERE ###

    # Compute the determinant of A with np.linalg.det
    det_A = None

    # Return the string 'Singular system' if the determinant is (close to) zero
    if np.isclose(det_A, 0):
        return None

    # Transform matrices A and B into the augmented matrix M
    M = None

    # Iterate over the rows.
    for row in range(None):

        # The pivot candidate is on the main diagonal: M[row, column] with column = row
        pivot_candidate = None

        # If pivot_candidate is zero, look below it for a row with a non-zero value
        # in the same column, and swap the rows
        if np.isclose(pivot_candidate, 0):
            first_non_zero_value_below_pivot_candidate = (
                get_index_first_non_zero_value_from_column(None, None, None)
            )
            M = swap_rows(None, None, None)
            pivot = M[None, None]
        else:
            pivot = None

        # Divide the current row by the pivot, so the new pivot is 1:
        # current_row -> 1/pivot * current_row
        M[row] = None

        # Row reduction for the rows below the current row
        for j in range(None, None):
            # The value below the pivot, in the same column
            value_below_pivot = None

            # row_to_reduce -> row_to_reduce - value_below_pivot * pivot_row
            M[j] = None

    ### END CODE HERE ###

    return M


# GRADED FUNCTION: back_substitution

def back_substitution(M):
    """
    Solve the system from its row echelon form (unit pivots) by back substitution.

    Parameters:
    - M (numpy.array): the n×(n+1) augmented matrix in row echelon form with unit pivots.

    Returns:
    numpy.array: the solution vector, of length n.
    """
    # Make a copy of the input matrix to avoid modifying the original
    M = M.copy()

    # Number of rows in the matrix
    num_rows = M.shape[0]

    ### START CODE HERE ###

    # Iterate from bottom to top
    for row in reversed(range(None)):
        substitution_row = None

        # The index of the first non-zero element in the substitution row (the pivot)
        index = get_index_first_non_zero_value_from_row(None, None, augmented=True)

        # Iterate over the rows above the substitution row
        for j in range(None):
            # The row to be reduced
            row_to_reduce = None

            # The value of the element at the pivot's column in the row to reduce
            value = None

            # row_to_reduce -> row_to_reduce - value * substitution_row
            row_to_reduce = None

            # Replace the updated row in the matrix
            M[j, :] = None

    # The solution is the last column
    solution = None

    ### END CODE HERE ###

    return solution


# GRADED FUNCTION: gaussian_elimination

def gaussian_elimination(A, B):
    """
    Solve A x = B by Gaussian elimination.

    Returns:
    numpy.array: the solution of length n, or the string 'Singular system'.
    """
    ### START CODE HERE ###

    # Get the matrix in row echelon form
    row_echelon_M = None

    # row_echelon_form returns a string when the system is singular: return it unchanged
    if isinstance(row_echelon_M, str):
        return None

    # Otherwise solve by back substitution
    solution = None

    ### END CODE HERE ###

    return solution
'''
)

REFERENCE = (
    """import numpy as np
"""
    + HELPERS
    + """

def row_echelon_form(A, B):
    A = A.copy().astype('float64')
    B = B.copy().astype('float64')
    num_rows = len(A)
    det_A = np.linalg.det(A)
    if np.isclose(det_A, 0):
        return 'Singular system'
    M = augmented_matrix(A, B)
    for row in range(num_rows):
        pivot_candidate = M[row, row]
        if np.isclose(pivot_candidate, 0):
            k = get_index_first_non_zero_value_from_column(M, row, row)
            M = swap_rows(M, row, k)
            pivot = M[row, row]
        else:
            pivot = pivot_candidate
        M[row] = 1 / pivot * M[row]
        for j in range(row + 1, num_rows):
            value_below_pivot = M[j, row]
            M[j] = M[j] - value_below_pivot * M[row]
    return M


def back_substitution(M):
    M = M.copy()
    num_rows = M.shape[0]
    for row in reversed(range(num_rows)):
        substitution_row = M[row]
        index = get_index_first_non_zero_value_from_row(M, row, augmented=True)
        for j in range(row):
            row_to_reduce = M[j]
            value = row_to_reduce[index]
            row_to_reduce = row_to_reduce - value * substitution_row
            M[j, :] = row_to_reduce
    solution = M[:, -1]
    return solution


def gaussian_elimination(A, B):
    row_echelon_M = row_echelon_form(A, B)
    if isinstance(row_echelon_M, str):
        return row_echelon_M
    solution = back_substitution(row_echelon_M)
    return solution
"""
)

INSTRUCTIONS = r"""# C1W2 · Gaussian elimination

Solve a system of linear equations $A\mathbf{x} = B$ the way you do on paper.
$A$ is an $n\times n$ matrix and $B$ an $n\times 1$ column.

1. **`row_echelon_form(A, B)`**: if $\det A \approx 0$ return the string `'Singular system'`.
   Otherwise build the augmented matrix $M = [A \mid B]$ and, for each row $r$:
   - if the pivot candidate $M_{r,r}$ is $0$, swap row $r$ with the first row below it that has a
     non-zero entry in column $r$;
   - divide row $r$ by its pivot, so the pivot becomes $1$: $R_r \leftarrow \frac{1}{p} R_r$;
   - for every row $j > r$: $R_j \leftarrow R_j - M_{j,r}\, R_r$.
2. **`back_substitution(M)`**: from the bottom row up, use each pivot row to clear the entries above
   its pivot: $R_j \leftarrow R_j - M_{j,c}\, R_r$. The last column is then the solution
   $\mathbf{x}$ (a vector of length $n$).
3. **`gaussian_elimination(A, B)`**: combine the two; return `'Singular system'` unchanged.
   (The original course's template considers only non-singular systems here, so the singular
   case of `gaussian_elimination` is reported but counts only when it passes: it never costs
   a point.)

The helper functions `swap_rows`, `get_index_first_non_zero_value_from_column`,
`get_index_first_non_zero_value_from_row` and `augmented_matrix` are given.

You may use `np.linalg.det`. **`np.linalg.solve` and `np.linalg.inv` are not allowed**: the point
is to do the elimination yourself. Hidden tests use matrices from $1\times 1$ to $6\times 6$, zero
pivots that need a row swap, and singular systems.
"""

SHOWS_EXPECTED = True
EXPECTED_POLICY = (
    "an expected matrix or solution shows what to reach for that input, not the row "
    "operations that reach it, so it helps you find the mistake without giving the code away."
)
GAUSSIAN_SINGULAR_REASON = (
    "the original course's gaussian_elimination considers only non-singular systems (its "
    "template passes the string on, or leaves the singular case out), so this group counts "
    "only when it passes"
)

SOLVE_MESSAGE = (
    "np.linalg.solve is not allowed in this assignment: the point is to solve the system "
    "yourself, by elimination and back substitution."
)
INV_MESSAGE = (
    "np.linalg.inv is not allowed in this assignment: solve the system by elimination and "
    "back substitution instead of inverting A."
)


def _solver(name: str, what: str = "solves the system for you") -> Forbidden:
    """A library routine that does the assignment's work under another name."""
    short = name.replace("numpy.", "np.")
    return Forbidden(
        name,
        f"{short} is not allowed in this assignment: it {what}. The point is to solve the "
        "system yourself, by elimination and back substitution.",
    )


def _internal(name: str) -> Forbidden:
    """A private module that holds the real solvers (what np.linalg.solve calls)."""
    short = name.replace("numpy.", "np.")
    return Forbidden(
        name,
        f"{short} is NumPy's or SciPy's internal machinery (where np.linalg.solve and "
        "np.linalg.inv really live) and is not allowed in this assignment: solve the system "
        "yourself, by elimination and back substitution.",
    )


FORBIDDEN = (
    Forbidden("numpy.linalg.solve", SOLVE_MESSAGE),
    Forbidden("numpy.linalg.inv", INV_MESSAGE),
    Forbidden("numpy.linalg.pinv", INV_MESSAGE.replace("np.linalg.inv", "np.linalg.pinv")),
    Forbidden("numpy.linalg.lstsq", SOLVE_MESSAGE.replace("solve", "lstsq", 1)),
    Forbidden("scipy.linalg.solve", SOLVE_MESSAGE.replace("np.linalg", "scipy.linalg")),
    Forbidden("scipy.linalg.inv", INV_MESSAGE.replace("np.linalg", "scipy.linalg")),
    _solver("numpy.linalg.tensorsolve"),
    _solver("numpy.linalg.tensorinv", "inverts the matrix for you"),
    _solver("numpy.linalg.matrix_power", "inverts the matrix for you with a negative power"),
    _solver("numpy.matrix", "inverts the matrix for you through its .I attribute"),
    _solver("numpy.asmatrix", "inverts the matrix for you through its .I attribute"),
    _solver("scipy.linalg.lu_solve"),
    _solver("scipy.linalg.lu_factor", "does the elimination for you"),
    _solver("scipy.linalg.solve_triangular", "does the back substitution for you"),
    _solver("scipy.linalg.cho_solve"),
    _solver("scipy.linalg.cho_factor", "factors the matrix for a solver"),
    _solver("scipy.linalg.lstsq"),
    _solver("scipy.linalg.pinv", "inverts the matrix for you"),
    _solver("scipy.linalg.solve_banded"),
    _solver("scipy.linalg.solveh_banded"),
    _solver("scipy.sparse.linalg"),
    _internal("numpy.linalg._umath_linalg"),
    _internal("numpy.linalg._linalg"),
    _internal("numpy.linalg.linalg"),
    _internal("numpy.linalg.lapack_lite"),
    _internal("scipy.linalg.lapack"),
    _internal("scipy.linalg._flapack"),
    _internal("scipy.linalg._basic"),
    _internal("scipy.linalg._decomp_lu"),
    # The routines themselves, so that the sandbox's guard also catches them when the
    # module is reached by a name built at run time (np.linalg.det keeps working).
    *(_internal(f"numpy.linalg._umath_linalg.{n}") for n in ("solve", "solve1", "inv", "lstsq")),
    *(
        _internal(f"scipy.linalg.lapack.{p}{n}")
        for p in "sdcz"
        for n in ("gesv", "getrs", "getri", "posv", "potrs", "trtrs", "gelsd", "gelss", "gelsy")
    ),
)

SINGULAR = "Singular system"
SIGN_HINT = (
    "check the sign when you subtract a multiple of the pivot row "
    "(row_to_reduce − value · pivot_row)"
)


# ---------------------------------------------------------------- hidden inputs


def _float(rows: list[list[Fraction]]) -> np.ndarray:
    return np.array([[float(x) for x in row] for row in rows], dtype=float)


def _course_ref(A: np.ndarray, B: np.ndarray, *, unit: bool = True) -> tuple[np.ndarray, int]:
    """The course's steps (swap only on a zero pivot, first non-zero row below), exactly."""
    e = toolkit_ref(A.astype(int).tolist(), B.astype(int).tolist(), unit_pivots=unit, exact=True)
    return _float(e.matrix), e.swaps


def _nonsingular(rng: np.random.Generator, n: int) -> np.ndarray:
    while True:
        A = rng.integers(-6, 7, size=(n, n))
        if abs(np.linalg.det(A)) >= 0.5 and np.linalg.cond(A) < 200:
            return A


def _rhs(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(-9, 10, size=(n, 1))


def _meets_zero_pivot(A: np.ndarray) -> bool:
    """Whether the course's elimination of the integer matrix ``A`` meets a zero pivot:
    exactly when a leading principal minor is 0 (integer determinants, so |det| < 0.5
    is 0). A few small determinants instead of an exact elimination in fractions."""
    return any(abs(np.linalg.det(A[:k, :k])) < 0.5 for k in range(1, len(A)))


def _needs_swap(rng: np.random.Generator, n: int) -> np.ndarray:
    """A non-singular matrix whose elimination meets a zero pivot (at row 0 or later)."""
    while True:
        A = _nonsingular(rng, n)
        r = int(rng.integers(0, n - 1))
        if r == 0:
            A[0, 0] = 0
        else:
            # the first r+1 entries of row r are a multiple of row 0's: after eliminating
            # column 0 the whole leading part of row r is zero, so its pivot (r, r) is 0
            A[0, 0] = A[0, 0] or 1
            A[r, : r + 1] = int(rng.choice([-2, -1, 1, 2])) * A[0, : r + 1]
        if abs(np.linalg.det(A)) < 0.5 or np.linalg.cond(A) > 500:
            continue
        if _meets_zero_pivot(A):
            return A


def _singular(rng: np.random.Generator, n: int) -> np.ndarray:
    A = rng.integers(-5, 6, size=(n, n))
    kind = int(rng.integers(0, 3))
    if kind == 0:
        A[-1] = A[0] + A[1] if n > 1 else 0
    elif kind == 1:
        A[:, int(rng.integers(0, n))] = 0
    else:
        A[int(rng.integers(0, n))] = 2 * A[int(rng.integers(0, n))] if n > 1 else 0
        if n > 1:
            A[1] = 3 * A[0]
    return A


def _ref_case(label: str, A: np.ndarray, B: np.ndarray) -> Case:
    if abs(np.linalg.det(A)) < 0.5:
        return Case(label, (A, B), expected=SINGULAR)
    M, _ = _course_ref(A, B)
    return Case(label, (A, B), expected=M)


def _no_swap(rng: np.random.Generator, n: int) -> np.ndarray:
    """A non-singular matrix whose elimination meets no zero pivot: zero pivots are
    the next group's, so a missing swap costs that group's points on every draw."""
    while True:
        A = _nonsingular(rng, n)
        if not _meets_zero_pivot(A):
            return A


def _ref_cases_random(rng: np.random.Generator) -> list[Case]:
    cases = [_ref_case("1×1 system", np.array([[4]]), np.array([[8]]))]
    for n in (2, 3, 4, 5, 6):
        cases.append(_ref_case(f"{n}×{n} system", _no_swap(rng, n), _rhs(rng, n)))
    return cases


def _ref_cases_swaps(rng: np.random.Generator) -> list[Case]:
    cases = [
        _ref_case("2×2 with a zero first pivot", np.array([[0, 1], [2, 3]]), np.array([[1], [4]]))
    ]
    for n in (3, 4, 5):
        cases.append(
            _ref_case(f"{n}×{n} system with a zero pivot", _needs_swap(rng, n), _rhs(rng, n))
        )
    return cases


def _ref_cases_singular(rng: np.random.Generator) -> list[Case]:
    cases = [Case("1×1 zero matrix", (np.array([[0]]), np.array([[3]])), expected=SINGULAR)]
    cases.append(
        Case(
            "2×2 with proportional rows",
            (np.array([[1, 2], [2, 4]]), np.array([[1], [2]])),
            expected=SINGULAR,
        )
    )
    for n in (3, 4):
        cases.append(
            Case(f"{n}×{n} singular system", (_singular(rng, n), _rhs(rng, n)), expected=SINGULAR)
        )
    return cases


def _unit_upper(rng: np.random.Generator, n: int) -> np.ndarray:
    U = np.triu(rng.integers(-5, 6, size=(n, n)).astype(float), k=1) + np.eye(n)
    c = rng.integers(-9, 10, size=(n, 1)).astype(float)
    return np.hstack([U, c])


def _back_cases(rng: np.random.Generator) -> list[Case]:
    cases = [Case("1×2 matrix [[1, 5]]", (np.array([[1.0, 5.0]]),), expected=np.array([5.0]))]
    for n in (2, 3, 4, 6):
        M = _unit_upper(rng, n)
        cases.append(Case(f"{n}×{n + 1} matrix", (M,), expected=np.linalg.solve(M[:, :n], M[:, n])))
    return cases


def _gauss_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, A in (
        (1, np.array([[-2]])),
        (2, np.array([[0, 1], [3, 1]])),
        (3, _nonsingular(rng, 3)),
        (4, _needs_swap(rng, 4)),
        (5, _nonsingular(rng, 5)),
    ):
        B = _rhs(rng, n)
        x = np.linalg.solve(A.astype(float), B.astype(float)).ravel()
        cases.append(Case(f"{n}×{n} system", (A, B), expected=x))
    return cases


def _gauss_singular_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case(
            "2×2 with proportional rows",
            (np.array([[1, 2], [2, 4]]), np.array([[1], [2]])),
            expected=SINGULAR,
        ),
        Case("3×3 singular system", (_singular(rng, 3), _rhs(rng, 3)), expected=SINGULAR),
    ]


# ---------------------------------------------------------------- judges


def _working_tolerance(raw: Any, A: np.ndarray) -> float:
    """How far a correct elimination may land from exact, given the precision the
    learner computed in: float32 (which learners use) loses about eps·cond(A), so a
    float64 tolerance would fail their right answers on some hidden matrices."""
    kind = getattr(raw, "dtype", np.dtype(float))
    eps = float(np.finfo(kind).eps) if kind.kind == "f" else float(np.finfo(float).eps)
    cond = float(np.linalg.cond(A.astype(float)))
    return max(1e-6, 20 * eps * cond)


def _is_valid_ref(M: np.ndarray, A: np.ndarray, B: np.ndarray, tol: float = 1e-6) -> bool:
    """Upper triangular with unit diagonal, and the same solution as A x = B, each to
    ``tol`` (relative to the matrix's size)."""
    n = A.shape[0]
    if M.shape != (n, n + 1) or not np.all(np.isfinite(M)):
        return False
    U, c = M[:, :n], M[:, n]
    scale = max(1.0, float(np.max(np.abs(M))))
    if np.max(np.abs(np.tril(U, -1)), initial=0) > tol * scale:
        return False
    if not np.allclose(np.diag(U), 1.0, rtol=0, atol=tol):
        return False
    x = np.linalg.solve(A.astype(float), B.astype(float)).ravel()
    return bool(np.allclose(U @ x, c, rtol=tol, atol=tol * scale))


def _judge_singular_string(actual: Any, expected: Any, A: np.ndarray) -> Verdict | None:
    if isinstance(expected, str):
        if (
            isinstance(actual, str)
            and len(actual) <= 2 * len(SINGULAR)  # not normalising a huge string
            and actual.strip().lower() == SINGULAR.lower()
            and actual != SINGULAR
        ):
            return Verdict(
                True, note=f"return exactly {SINGULAR!r} (you returned {preview(actual)})"
            )
        c = compare_exact(actual, expected)
        if c.ok:
            return Verdict(True)
        det = float(np.linalg.det(A.astype(float)))
        return Verdict(
            False,
            f"A is singular (det A = {det:.3g}): return the string {SINGULAR!r}, "
            f"got {preview(actual)}. Check det A with np.isclose before eliminating.",
        )
    if isinstance(actual, str):
        det = float(np.linalg.det(A.astype(float)))
        return Verdict(
            False, f"you returned {preview(actual)} but A is not singular (det A = {det:.3g})."
        )
    return None


def _ref_variant(A: np.ndarray, B: np.ndarray, sign: float) -> np.ndarray | None:
    """The course's steps with ``+`` instead of ``−`` in the reduction (a typical slip)."""
    M = np.hstack([A, B]).astype(float)
    n = len(A)
    with np.errstate(all="ignore"):
        for row in range(n):
            if np.isclose(M[row, row], 0):
                below = [k for k in range(row + 1, n) if not np.isclose(M[k, row], 0)]
                if not below:
                    return None
                M[[row, below[0]]] = M[[below[0], row]]
            M[row] = M[row] / M[row, row]
            for j in range(row + 1, n):
                M[j] = M[j] + sign * M[j, row] * M[row]
    return M


def _back_variant(M: np.ndarray, sign: float) -> np.ndarray:
    M = M.astype(float).copy()
    n = M.shape[0]
    for row in reversed(range(n)):
        for j in range(row):
            M[j] = M[j] + sign * M[j, row] * M[row]
    return M[:, -1]


def _below_pivots(value: np.ndarray) -> str | None:
    n = value.shape[0]
    for col in range(n):
        for row in range(col + 1, n):
            x = float(value[row, col])
            if abs(x) > 1e-6 * max(1.0, float(np.max(np.abs(value)))):
                return (
                    f"your matrix is not in row echelon form: the entry ({row + 1}, {col + 1}) "
                    f"below the pivot of column {col + 1} is {x:.4g}, not 0. Subtracting "
                    "value_below_pivot · pivot_row makes it 0: check the sign and the value "
                    "you use."
                )
    return None


def judge_row_echelon(case: Case, result: Any) -> Verdict:
    A, B = case.args
    early = _judge_singular_string(result.value, case.expected, A)
    if early is not None:
        return early
    c = compare_array(result.value, case.expected, what="your matrix", flat_ok=False)
    if c.ok:
        return Verdict(True, note=c.note)
    # the mistakes are worked out only for a wrong answer: a right one costs one comparison
    not_unit, _ = _course_ref(A, B, unit=False)
    c = compare_array(
        result.value,
        case.expected,
        what="your matrix",
        flat_ok=False,
        sign_hint=SIGN_HINT,
        factor_hint="every pivot must be 1: divide the pivot row by the pivot",
        mistakes=[
            (
                not_unit,
                "your pivots are not 1: divide each pivot row by its pivot "
                "(current_row → 1/pivot · current_row).",
            ),
            *[
                (
                    v,
                    "you added value_below_pivot · pivot_row to the rows below: subtract it "
                    "(row_to_reduce − value_below_pivot · pivot_row).",
                )
                for v in [_ref_variant(A, B, +1.0)]
                if v is not None
            ],
        ],
    )
    value, _ = as_array(result.value, max_items=case.expected.size)
    if value is not None and value.dtype.kind not in "iufb":
        return Verdict(False, c.feedback)
    if value is not None and value.shape == case.expected.shape:
        value = value.astype(float)
        if not np.all(np.isfinite(value)):
            return Verdict(
                False,
                "your matrix contains nan or inf: a pivot was 0 and you divided "
                "by it. When the pivot candidate is 0, swap its row with the first row "
                "below that has a non-zero value in that column.",
            )
        if _is_valid_ref(value, A, B, _working_tolerance(result.value, A)):
            return Verdict(
                True,
                note="a valid row echelon form, with different row operations "
                "than the course's (which swap rows only when a pivot is 0)",
            )
        if c.feedback.startswith("your matrix has wrong values"):
            return Verdict(False, _below_pivots(value) or c.feedback)
    return Verdict(False, c.feedback)


def judge_back_substitution(case: Case, result: Any) -> Verdict:
    (M,) = case.args
    c = compare_array(
        result.value,
        case.expected,
        what="your solution",
        sign_hint=SIGN_HINT,
        mistakes=[
            (
                M[:, -1],
                "your solution is the last column of M before substitution: clear "
                "the entries above each pivot, from the bottom row up, first.",
            ),
            (
                _back_variant(M, +1.0),
                "you added value · substitution_row to the rows "
                "above: subtract it (row_to_reduce − value · substitution_row).",
            ),
        ],
    )
    return Verdict(c.ok, c.feedback, c.note)


def judge_gaussian(case: Case, result: Any) -> Verdict:
    A, _ = case.args
    early = _judge_singular_string(result.value, case.expected, A)
    if early is not None:
        return early
    c = compare_array(result.value, case.expected, what="your solution")
    return Verdict(c.ok, c.feedback, c.note)


# ---------------------------------------------------------------- helpers appended


def complete_source(source: str, tree: ast.Module | None = None) -> str:
    """Append the given helpers a submission lacks (only graded cells were extracted).

    Appending keeps the learner's line numbers; functions look the helpers up at
    call time, so definitions after theirs work.
    """
    if tree is None:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return source
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    missing = [name for name in HELPER_NAMES if name not in defined]
    if not missing:
        return source
    parts = HELPERS.split("\n\n\n")
    chosen = [p for p in parts if any(f"def {name}(" in p for name in missing)]
    return source + "\n\n\nimport numpy as np\n" + "\n\n\n".join(chosen) + "\n"


FUNCTIONS = (
    FunctionSpec(
        "swap_rows",
        "swap_rows(M, row_index_1, row_index_2)",
        "Return a copy of M with the two rows swapped (given).",
    ),
    FunctionSpec(
        "get_index_first_non_zero_value_from_column",
        "get_index_first_non_zero_value_from_column(M, column, starting_row)",
        "First row index at or below starting_row with a non-zero entry, or -1 (given).",
    ),
    FunctionSpec(
        "get_index_first_non_zero_value_from_row",
        "get_index_first_non_zero_value_from_row(M, row, augmented=False)",
        "First non-zero column of the row, ignoring the last if augmented, or -1 (given).",
    ),
    FunctionSpec("augmented_matrix", "augmented_matrix(A, B)", "[A | B] (given)."),
    FunctionSpec(
        "row_echelon_form",
        "row_echelon_form(A, B)",
        "The n×(n+1) augmented matrix in row echelon form with unit pivots, or 'Singular system'.",
    ),
    FunctionSpec(
        "back_substitution",
        "back_substitution(M)",
        "The solution (length n) of a system in row echelon form with unit pivots.",
    ),
    FunctionSpec(
        "gaussian_elimination",
        "gaussian_elimination(A, B)",
        "The solution of A x = B, or 'Singular system'.",
    ),
)

# The original course's versions of this assignment, so an older one is explained.
HISTORY = History(
    names("row_echelon_form"),
    (
        Version(
            "v1",
            "the 2023 version (v1)",
            names(
                "MultiplyRow",
                "AddRows",
                "SwapRows",
                "augmented_to_ref",
                "ref_to_diagonal",
                "elementary_operations",
            ),
            changes=(
                "v1 applied a fixed list of row operations to one 4×4 system "
                "(MultiplyRow, AddRows, SwapRows, augmented_to_ref, ref_to_diagonal) "
                "and solved it with np.linalg.solve; the current version writes "
                "Gaussian elimination for any system: row_echelon_form(A, B), "
                "back_substitution(M) and gaussian_elimination(A, B), without "
                "np.linalg.solve."
            ),
        ),
        Version(
            "early-2024",
            "the early-2024 version",
            names("reduced_row_echelon_form", "check_solution", "move_row_to_bottom"),
            changes=(
                "the early-2024 version had reduced_row_echelon_form(A, B), "
                'check_solution(M) ("Unique solution.", "No solution.", …) and '
                "move_row_to_bottom; the current version replaces them with "
                "row_echelon_form(A, B), which returns 'Singular system' for a "
                "singular A, and keeps back_substitution and gaussian_elimination."
            ),
        ),
    ),
)


ASSIGNMENT = Assignment(
    id="c1w2",
    title="Gaussian elimination",
    instructions=INSTRUCTIONS + feedback_policy(SHOWS_EXPECTED, EXPECTED_POLICY),
    shows_expected=SHOWS_EXPECTED,
    expected_policy=EXPECTED_POLICY,
    functions=FUNCTIONS,
    starter=STARTER,
    groups=(
        TestGroup(
            "row_echelon_form: non-singular systems",
            "row_echelon_form",
            2,
            _ref_cases_random,
            judge_row_echelon,
        ),
        TestGroup(
            "row_echelon_form: zero pivots need a row swap",
            "row_echelon_form",
            2,
            _ref_cases_swaps,
            judge_row_echelon,
        ),
        TestGroup(
            "row_echelon_form: singular systems",
            "row_echelon_form",
            1,
            _ref_cases_singular,
            judge_row_echelon,
        ),
        TestGroup(
            "back_substitution", "back_substitution", 3, _back_cases, judge_back_substitution
        ),
        TestGroup(
            "gaussian_elimination: solutions",
            "gaussian_elimination",
            1,
            _gauss_cases,
            judge_gaussian,
        ),
        TestGroup(
            "gaussian_elimination: singular systems",
            "gaussian_elimination",
            1,
            _gauss_singular_cases,
            judge_gaussian,
            optional=GAUSSIAN_SINGULAR_REASON,
            counted_when="passed",
        ),
    ),
    reference=REFERENCE,
    forbidden=FORBIDDEN,
    prepare=complete_source,
    history=HISTORY,
)
