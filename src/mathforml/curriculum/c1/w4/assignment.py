"""C1W4 assignment: eigenvectors of a web-navigation Markov chain, and PCA on face images.

Names follow the original course (v2). The graded variables ``X1`` and
``X_inf`` are judged against the learner's own ``P`` and ``X0`` when they
define them. The face images are generated from a seed (:func:`_data.faces`),
so nothing is downloaded; hidden tests use several image sizes, and a solution
hard-coding the course's 55×4096 gets told so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mathforml.curriculum.c1.w4._faces import faces
from mathforml.grading.assignments import (
    ORIGINAL_SHAPE,
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
    feedback_policy,
    names,
)

P_WEB = np.array(
    [
        [0.0, 0.75, 0.35, 0.25, 0.85],
        [0.15, 0.0, 0.35, 0.25, 0.05],
        [0.15, 0.15, 0.0, 0.25, 0.05],
        [0.15, 0.05, 0.05, 0.0, 0.05],
        [0.55, 0.05, 0.25, 0.25, 0.0],
    ]
)
X0_WEB = np.array([[0.0], [0.0], [0.0], [1.0], [0.0]])

INSTRUCTIONS = r"""# C1W4 · Eigenvectors: page ranks and principal components

## Part 1: a web-navigation Markov chain
A browser moves between 5 pages; column $j$ of the matrix $P$ holds the probabilities of going from
page $j$ to each page, so every column sums to 1. A distribution $X_0$ over the pages becomes
$X_1 = P X_0$ after one click.

1. Compute **`X1`** $= P X_0$ (a module-level variable).
2. The long-run distribution $X_\infty$ satisfies $P X_\infty = X_\infty$: it is the eigenvector of
   $P$ for the eigenvalue $1$. Find it with `np.linalg.eig(P)`, scale it so that its entries sum
   to 1, and store it in **`X_inf`**.
3. **`check_eigenvector(P, X_inf)`** returns $P X_\infty$, to compare with $X_\infty$.

## Part 2: PCA on face images
$Y$ has one image per row: shape `(n_observations, n_pixels)`.

4. **`center_data(Y)`**: subtract from each column (pixel) its mean over the images.
5. **`get_cov_matrix(X)`**: $\Sigma = \frac{1}{n_{\text{observations}} - 1} X^{\mathsf T} X$, of
   shape    `(n_pixels, n_pixels)`.
6. **`perform_PCA(X, eigenvecs, k)`**: project onto the first $k$ eigenvectors (the first $k$
   **columns** of `eigenvecs`): $X_{\text{red}} = X V_k$, shape `(n_observations, k)`.
7. **`reconstruct_image(Xred, eigenvecs)`**: back to pixels, $X_{\text{red}} V_k^{\mathsf T}$ with
   $k$ = `Xred.shape[1]`.
8. **`explained_variance(eigenvals, k)`**: the fraction of the total variance explained by the first
   $k$ components, $\sum_{i\le k}\lambda_i / \sum_i \lambda_i$, with `eigenvals` sorted in
   decreasing order.

In the original course, `reconstruct_image` is given code and the explained variance is a one-line
variable, so these two groups count only when your code defines them as functions: a course
notebook without them can still reach full marks.

The course's data set has 55 images of $64\times 64 = 4096$ pixels; the hidden tests use other sizes
too, so use the shapes of the inputs, never fixed numbers.
"""

_P_TEXT = "\n".join("    [" + ", ".join(f"{x:.2f}" for x in row) + "]," for row in P_WEB)

STARTER = f'''"""C1W4 assignment: eigenvectors and PCA. Fill in the code between the markers."""

import numpy as np

# GRADED cell: the web-navigation matrix and the first click

P = np.array([
{_P_TEXT}
])

X0 = np.array([[0], [0], [0], [1], [0]])

### START CODE HERE ###
# Multiply P by X0 (matrix multiplication)
X1 = None
### END CODE HERE ###


# GRADED cell: the steady state

eigenvals, eigenvecs = np.linalg.eig(P)

### START CODE HERE ###
# The eigenvector of the eigenvalue 1 (find its index in eigenvals), scaled to sum to 1
X_inf = None
### END CODE HERE ###


# GRADED FUNCTION: check_eigenvector

def check_eigenvector(P, X_inf):
    """Return P @ X_inf, to compare with X_inf."""
    ### START CODE HERE ###
    X_check = None
    ### END CODE HERE ###
    return X_check


# GRADED FUNCTION: center_data

def center_data(Y):
    """
    Center your original data.

    Args:
         Y (ndarray): input data, shape (n_observations, n_pixels)
    Outputs:
        X (ndarray): centered data, each column's mean subtracted
    """
    ### START CODE HERE ###
    mean_vector = None
    # use np.repeat and np.reshape (or broadcasting) to build the matrix of means
    mean_matrix = None
    X = None
    ### END CODE HERE ###
    return X


# GRADED FUNCTION: get_cov_matrix

def get_cov_matrix(X):
    """
    Calculate the covariance matrix of the centered data X, shape (n_observations, n_pixels).

    Returns:
        cov_matrix (ndarray): shape (n_pixels, n_pixels)
    """
    ### START CODE HERE ###
    cov_matrix = None
    ### END CODE HERE ###
    return cov_matrix


# GRADED FUNCTION: perform_PCA

def perform_PCA(X, eigenvecs, k):
    """
    Perform dimensionality reduction with PCA.

    Inputs:
        X (ndarray): centered data, shape (n_observations, n_pixels)
        eigenvecs (ndarray): eigenvectors of the covariance matrix, one per column, sorted
        k (int): number of principal components to use
    Returns:
        Xred (ndarray): shape (n_observations, k)
    """
    ### START CODE HERE ###
    V = None
    Xred = None
    ### END CODE HERE ###
    return Xred


# GRADED FUNCTION: reconstruct_image

def reconstruct_image(Xred, eigenvecs):
    """Back to pixels: Xred @ (the first Xred.shape[1] eigenvector columns).T."""
    ### START CODE HERE ###
    X_reconstructed = None
    ### END CODE HERE ###
    return X_reconstructed


# GRADED FUNCTION: explained_variance

def explained_variance(eigenvals, k):
    """The fraction of the total variance explained by the first k components (eigenvals sorted
    in decreasing order)."""
    ### START CODE HERE ###
    ratio = None
    ### END CODE HERE ###
    return ratio
'''

REFERENCE = f"""import numpy as np

P = np.array([
{_P_TEXT}
])
X0 = np.array([[0], [0], [0], [1], [0]])
X1 = P @ X0

eigenvals, eigenvecs = np.linalg.eig(P)
index = int(np.argmin(np.abs(eigenvals - 1)))
X_inf = np.real(eigenvecs[:, index])
X_inf = X_inf / np.sum(X_inf)


def check_eigenvector(P, X_inf):
    X_check = P @ X_inf
    return X_check


def center_data(Y):
    mean_vector = np.mean(Y, axis=0)
    mean_matrix = np.repeat(mean_vector, Y.shape[0])
    mean_matrix = np.reshape(mean_matrix, Y.shape, order="F")
    X = Y - mean_matrix
    return X


def get_cov_matrix(X):
    cov_matrix = np.dot(X.T, X)
    cov_matrix = cov_matrix / (X.shape[0] - 1)
    return cov_matrix


def perform_PCA(X, eigenvecs, k):
    V = eigenvecs[:, :k]
    Xred = np.dot(X, V)
    return Xred


def reconstruct_image(Xred, eigenvecs):
    X_reconstructed = Xred.dot(eigenvecs[:, : Xred.shape[1]].T)
    return X_reconstructed


def explained_variance(eigenvals, k):
    return np.sum(eigenvals[:k]) / np.sum(eigenvals)
"""


# ---------------------------------------------------------------- Markov chain


def _markov(rng: np.random.Generator, n: int) -> np.ndarray:
    P = rng.random((n, n)) * (rng.random((n, n)) < 0.7)
    np.fill_diagonal(P, 0.0)
    P[:, P.sum(axis=0) == 0] = 1.0
    if n == 1:
        P = np.ones((1, 1))
    return P / P.sum(axis=0, keepdims=True)


def _steady(P: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eig(P)
    x = np.real(vecs[:, int(np.argmin(np.abs(vals - 1)))])
    return x / np.sum(x)


def _eigvec_cases(rng: np.random.Generator) -> list[Case]:
    cases = [
        Case(
            "the 5-page web, its steady state",
            (P_WEB, _steady(P_WEB)),
            expected=P_WEB @ _steady(P_WEB),
        )
    ]
    cases.append(Case("1 page", (np.ones((1, 1)), np.array([1.0])), expected=np.array([1.0])))
    for n in (3, 7):
        P = _markov(rng, n)
        x = rng.random(n)
        cases.append(Case(f"{n} pages, a vector of shape ({n},)", (P, x), expected=P @ x))
        x2 = rng.random((n, 1))
        cases.append(Case(f"{n} pages, a column of shape ({n}, 1)", (P, x2), expected=P @ x2))
    return cases


def judge_check_eigenvector(case: Case, result: Any) -> Verdict:
    P, x = case.args
    c = compare_array(
        result.value,
        case.expected,
        what="your P @ X_inf",
        mistakes=[
            (
                P.T @ x,
                "you multiplied by Pᵀ: the columns of P hold the "
                "probabilities, so compute P @ X_inf.",
            )
        ],
    )
    return Verdict(c.ok, c.feedback, c.note)


def _variables_case(_: np.random.Generator) -> list[Case]:
    return [Case("the graded variables", (), expected=None)]


def _learner_p(values: dict[str, Any]) -> tuple[np.ndarray, str]:
    """The learner's own ``P`` when it is a web of the course's size (5×5), finite and
    column-stochastic, with a single steady state; else the course's.

    The shape is checked first: anything the parent computes from ``P`` (a product,
    a 5×5 eigendecomposition) is then of our size, whatever the learner defined.
    A ``P`` with several steady states (the identity, say) would make any
    distribution "steady", so it is not taken.
    """
    P = values.get("P")
    if not (
        isinstance(P, np.ndarray)
        and P.shape == P_WEB.shape
        and P.dtype.kind in "iuf"
        and np.all(np.isfinite(P))
        and np.all(P >= 0)
        and np.allclose(P.sum(axis=0), 1)
    ):
        return P_WEB, "the web matrix P"
    P = P.astype(float)
    moduli = np.sort(np.abs(np.linalg.eigvals(P)))
    if moduli[-2] > 1 - 1e-9:  # eigenvalue 1 repeated, or another on the unit circle
        return P_WEB, "the web matrix P"
    return P, "your P"


def _learner_x0(values: dict[str, Any], n: int) -> np.ndarray:
    X0, _ = as_array(values.get("X0"), max_items=n)
    if X0 is None or X0.size != n or X0.dtype.kind not in "biuf" or not np.all(np.isfinite(X0)):
        return X0_WEB
    return X0.astype(float).reshape(n, 1)


def judge_x1(case: Case, result: Any) -> Verdict:
    values = result.value
    P, _ = _learner_p(values)
    X0 = _learner_x0(values, P.shape[0])
    c = compare_array(
        values.get("X1"),
        P @ X0,
        what="X1",
        mistakes=[(P.T @ X0, "X1 is Pᵀ X0: compute P @ X0.")],
    )
    return Verdict(c.ok, c.feedback, c.note)


def judge_x_inf(case: Case, result: Any) -> Verdict:
    """Compared with the steady state of a 5×5 ``P``; a right vector not scaled to sum
    to 1 is recognised by checking its claim, ``P @ X_inf = X_inf``, with that ``P``."""
    values = result.value
    P, where = _learner_p(values)
    x = values.get("X_inf")
    steady = _steady(P)
    c = compare_array(x, steady, what="X_inf")
    if c.ok:
        return Verdict(True, note=c.note)
    arr, _ = as_array(x, max_items=steady.size)
    if arr is None or arr.size != steady.size:
        return Verdict(False, c.feedback)
    v = np.real(arr).ravel().astype(float)
    norm = float(np.linalg.norm(v)) if np.all(np.isfinite(v)) else 0.0
    if norm == 0:
        return Verdict(False, c.feedback)
    if np.allclose(P @ v, v, rtol=1e-6, atol=1e-8 * norm):
        return Verdict(
            True,
            note="X_inf is an eigenvector of eigenvalue 1 but not scaled to "
            "sum to 1: divide it by its sum to read it as probabilities",
        )
    return Verdict(
        False,
        f"X_inf is not an eigenvector of {where} for the eigenvalue 1 "
        "(P @ X_inf differs from X_inf): take the column of eigenvecs whose "
        "eigenvalue in eigenvals is 1 (eigenvecs[:, i], a column, not a row).",
    )


# ---------------------------------------------------------------- PCA

FACE_SHAPES = ((55, 64, ORIGINAL_SHAPE), (30, 8, ""), (12, 10, ""), (40, 6, ""))


def _center_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, side, note in FACE_SHAPES:
        Y = faces(rng, n, side)
        cases.append(
            Case(f"{n}×{side * side} images", (Y,), expected=Y - Y.mean(axis=0), note=note)
        )
    Y = rng.normal(size=(1, 5))
    cases.append(Case("one image of 5 pixels", (Y,), expected=np.zeros((1, 5))))
    return cases


def judge_center(case: Case, result: Any) -> Verdict:
    (Y,) = case.args
    mistakes = [
        (
            Y - Y.mean(axis=1, keepdims=True),
            "you subtracted each row's mean: subtract each "
            "column's (pixel's) mean, np.mean(Y, axis=0).",
        ),
        (
            Y - Y.mean(),
            "you subtracted the overall mean: subtract each column's mean, np.mean(Y, axis=0).",
        ),
    ]
    if Y.shape[0] > 1:
        bad = np.reshape(np.repeat(Y.mean(axis=0), Y.shape[0]), Y.shape)  # order="C"
        mistakes.append(
            (
                Y - bad,
                "your matrix of means is laid out wrongly: reshape with "
                "order='F' (or let broadcasting do it: Y - np.mean(Y, axis=0)).",
            )
        )
    c = compare_array(
        result.value, case.expected, what="your centered data", flat_ok=False, mistakes=mistakes
    )
    return Verdict(c.ok, c.feedback, c.note)


def _cov_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, side in ((55, 8), (30, 6), (12, 10), (2, 3)):
        Y = faces(rng, n, side)
        X = Y - Y.mean(axis=0)
        cases.append(Case(f"{n}×{side * side} centered images", (X,), expected=X.T @ X / (n - 1)))
    return cases


def judge_cov(case: Case, result: Any) -> Verdict:
    (X,) = case.args
    n = X.shape[0]
    value = result.value
    if isinstance(value, np.ndarray) and value.shape == (n, n) and n != X.shape[1]:
        return Verdict(
            False,
            f"your matrix has shape {value.shape}, one row per observation: the "
            "covariance of the pixels is Xᵀ X / (n − 1), of shape (n_pixels, n_pixels) "
            "(with np.cov, pass rowvar=False).",
        )
    c = compare_array(
        value,
        case.expected,
        what="your covariance matrix",
        flat_ok=False,
        mistakes=[
            (X.T @ X / n, "you divided by n_observations: divide by n_observations − 1."),
            (X.T @ X, "divide Xᵀ X by n_observations − 1."),
        ],
    )
    return Verdict(c.ok, c.feedback, c.note)


def _eig_sorted(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    vals, vecs = np.linalg.eigh(X.T @ X / (X.shape[0] - 1))
    order = np.argsort(vals)[::-1]
    return vals[order], vecs[:, order]


def _pca_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, side, k in ((55, 8, 2), (30, 6, 1), (12, 10, 5), (20, 5, 25)):
        Y = faces(rng, n, side)
        X = Y - Y.mean(axis=0)
        _, vecs = _eig_sorted(X)
        cases.append(
            Case(f"{n}×{side * side} images, k = {k}", (X, vecs, k), expected=X @ vecs[:, :k])
        )
    return cases


def judge_pca(case: Case, result: Any) -> Verdict:
    X, vecs, k = case.args
    c = compare_array(
        result.value,
        case.expected,
        what="Xred",
        flat_ok=False,
        mistakes=[
            (
                X @ vecs[:k].T,
                "you took the first k rows of eigenvecs: the "
                "eigenvectors are its columns, eigenvecs[:, :k].",
            )
        ],
    )
    return Verdict(c.ok, c.feedback, c.note)


def _reconstruct_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, side, k in ((30, 6, 3), (12, 10, 1), (55, 8, 10)):
        Y = faces(rng, n, side)
        X = Y - Y.mean(axis=0)
        _, vecs = _eig_sorted(X)
        Xred = X @ vecs[:, :k]
        cases.append(
            Case(
                f"{n}×{side * side} images from k = {k} components",
                (Xred, vecs),
                expected=Xred @ vecs[:, :k].T,
            )
        )
    return cases


def judge_reconstruct(case: Case, result: Any) -> Verdict:
    c = compare_array(result.value, case.expected, what="your reconstruction", flat_ok=False)
    return Verdict(c.ok, c.feedback, c.note)


def _variance_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for n, side, k in ((30, 6, 2), (55, 8, 10), (12, 4, 1)):
        Y = faces(rng, n, side)
        vals, _ = _eig_sorted(Y - Y.mean(axis=0))
        cases.append(
            Case(
                f"{vals.size} eigenvalues, k = {k}",
                (vals, k),
                expected=float(np.sum(vals[:k]) / np.sum(vals)),
            )
        )
    return cases


def judge_variance(case: Case, result: Any) -> Verdict:
    vals, k = case.args
    total = float(np.sum(vals))
    c = compare_scalar(
        result.value,
        case.expected,
        what="your ratio",
        rtol=1e-6,
        mistakes=[
            (
                float(np.sum(vals[-k:]) / total),
                "you summed the last k "
                "eigenvalues: they are sorted in decreasing order, take "
                "eigenvals[:k].",
            ),
            (
                float(np.sum(vals[:k])),
                "divide by the sum of all the eigenvalues to get a fraction.",
            ),
            (float(vals[k - 1] / total), "sum the first k eigenvalues, not only the k-th."),
        ],
    )
    return Verdict(c.ok, c.feedback, c.note)


RECONSTRUCT_REASON = (
    "the original notebook gives reconstruct_image as code, in a cell that is not graded"
)
VARIANCE_REASON = (
    "the original computes the explained variance as a one-line variable "
    "(explained_variance = eigenvals / sum(eigenvals)), not as a function"
)
SHOWS_EXPECTED = True
EXPECTED_POLICY = (
    "a product, a centred matrix or a projection shows what to reach for that input (large "
    "ones summarised), not the code that reaches it."
)


FUNCTIONS = (
    FunctionSpec("check_eigenvector", "check_eigenvector(P, X_inf)", "P @ X_inf."),
    FunctionSpec("center_data", "center_data(Y)", "Y minus each column's mean."),
    FunctionSpec("get_cov_matrix", "get_cov_matrix(X)", "Xᵀ X / (n_observations − 1)."),
    FunctionSpec(
        "perform_PCA",
        "perform_PCA(X, eigenvecs, k)",
        "X projected on the first k eigenvector columns: (n_observations, k).",
    ),
    FunctionSpec(
        "reconstruct_image", "reconstruct_image(Xred, eigenvecs)", "Xred @ eigenvecs[:, :k].T."
    ),
    FunctionSpec(
        "explained_variance",
        "explained_variance(eigenvals, k)",
        "sum(eigenvals[:k]) / sum(eigenvals).",
    ),
)

# The original course's versions of this assignment, so an older one is explained.
HISTORY = History(
    names("center_data", "get_cov_matrix", "perform_PCA"),
    (
        Version(
            "v1",
            "the 2023 version (v1)",
            names("A_reflection_yaxis", "A_reflection_yaxis_eig", "A_shear_x", "A_shear_x_eig"),
            changes=(
                "v1 found the eigenvalues of standard transformations "
                "(A_reflection_yaxis, A_shear_x) before the web-page Markov chain; "
                "the current version keeps the Markov chain (P, X1, X_inf, "
                "check_eigenvector) and adds principal component analysis: "
                "center_data, get_cov_matrix and perform_PCA."
            ),
        ),
    ),
)


ASSIGNMENT = Assignment(
    id="c1w4",
    imports=("numpy", "scipy.sparse.linalg", "matplotlib"),
    title="Eigenvectors: page ranks and principal components",
    instructions=INSTRUCTIONS + feedback_policy(SHOWS_EXPECTED, EXPECTED_POLICY),
    shows_expected=SHOWS_EXPECTED,
    expected_policy=EXPECTED_POLICY,
    functions=FUNCTIONS,
    starter=STARTER,
    groups=(
        TestGroup("X1 after one click", "", 1, _variables_case, judge_x1, variables=("X1",)),
        TestGroup(
            "X_inf, the steady state", "", 2, _variables_case, judge_x_inf, variables=("X_inf",)
        ),
        TestGroup(
            "check_eigenvector", "check_eigenvector", 1, _eigvec_cases, judge_check_eigenvector
        ),
        TestGroup("center_data", "center_data", 2, _center_cases, judge_center),
        TestGroup("get_cov_matrix", "get_cov_matrix", 2, _cov_cases, judge_cov),
        TestGroup("perform_PCA", "perform_PCA", 2, _pca_cases, judge_pca),
        TestGroup(
            "reconstruct_image",
            "reconstruct_image",
            1,
            _reconstruct_cases,
            judge_reconstruct,
            optional=RECONSTRUCT_REASON,
        ),
        TestGroup(
            "explained_variance",
            "explained_variance",
            1,
            _variance_cases,
            judge_variance,
            optional=VARIANCE_REASON,
        ),
    ),
    reference=REFERENCE,
    variables=("P", "X0"),
    history=HISTORY,
)
