"""Older versions of the original course's assignments are recognised before anything runs.

Each notebook here is built in the original's format (nbformat 4, cells tagged
``graded``, ``# GRADED FUNCTION`` headers, ``w*_unittest`` cells, filled-in
functions) for one older version. Their code would print, loop forever or call
``np.linalg.solve``: the report must come back at once, from a grader whose
sandbox refuses every job, with the version named and no test verdicts.
"""

from __future__ import annotations

import json
import time

import pytest

from mathforml import curriculum
from mathforml.grading.assignments import (
    OLDER_VERSION,
    OTHER_ASSIGNMENT,
    grade,
    grade_notebook,
    recognise,
    version_report,
)
from mathforml.labs._assignment import notebook_text


class NoSandbox:
    """A sandbox that fails the test if any job reaches it."""

    def run(self, job):  # pragma: no cover - reaching it is the failure
        raise AssertionError("learner code was sent to the sandbox")


def md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(True)}


def code(text: str, *, graded: bool = False) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": ["graded"]} if graded else {},
        "outputs": [],
        "source": text.strip("\n").splitlines(True),
    }


def notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4})


FOREVER = "while True:\n    print('still running')\n"

# ---------------------------------------------------------------- C1W2, 2023 (v1)
V1_C1W2 = [
    md("# Systems of Linear Equations\nUse MultiplyRow, AddRows and SwapRows."),
    code("import numpy as np"),
    code("import w2_unittest"),
    code(
        """
### START CODE HERE ###
A = np.array([[2, -1, 1, 1], [1, 2, -1, -1], [-1, 2, 2, 2], [1, -1, 2, 1]], dtype=float)
b = np.array([6, 3, 14, 8], dtype=float)
### END CODE HERE ###
""",
        graded=True,
    ),
    code("w2_unittest.test_matrix(A, b)"),
    code(
        """
### START CODE HERE ###
d = np.linalg.det(A)
x = np.linalg.solve(A, b)
### END CODE HERE ###
print(f"Determinant of matrix A: {d:.2f}")
""",
        graded=True,
    ),
    code("w2_unittest.test_det_and_solution_scipy(d, x)"),
    code(
        """
# GRADED FUNCTION: elementary operations
### START CODE HERE ###
def MultiplyRow(M, row_num, row_num_multiple):
    M_new = M.copy()
    M_new[row_num] = M_new[row_num] * row_num_multiple
    return M_new

def AddRows(M, row_num_1, row_num_2, row_num_1_multiple):
    M_new = M.copy()
    M_new[row_num_2] = M_new[row_num_2] + row_num_1_multiple * M_new[row_num_1]
    return M_new

def SwapRows(M, row_num_1, row_num_2):
    M_new = M.copy()
    M_new[[row_num_1, row_num_2]] = M_new[[row_num_2, row_num_1]]
    return M_new
### END CODE HERE ###
""",
        graded=True,
    ),
    code("w2_unittest.test_elementary_operations(MultiplyRow, AddRows, SwapRows)"),
    code(
        """
def augmented_to_ref(A, b):
    ### START CODE HERE ###
    A_ref = SwapRows(np.hstack((A, b.reshape(4, 1))), 0, 1)
    A_ref = AddRows(A_ref, 0, 1, -2)
    ### END CODE HERE ###
    return A_ref

A_ref = augmented_to_ref(A, b)
"""
        + FOREVER,
        graded=True,
    ),
    code(
        """
def ref_to_diagonal(A_ref):
    ### START CODE HERE ###
    A_diag = AddRows(A_ref, 3, 2, -3)
    ### END CODE HERE ###
    return A_diag
""",
        graded=True,
    ),
    code("w2_unittest.test_ref_to_diagonal(ref_to_diagonal)"),
]

# ---------------------------------------------------------------- C1W2, early 2024
EARLY_C1W2_FUNCTIONS = """
def reduced_row_echelon_form(A, B):
    M = np.hstack((A.astype('float64'), B.astype('float64')))
    n = len(A)
    for i in range(n):
        pivot_row = get_index_first_non_zero_value_from_column(M, i, i)
        if pivot_row is None:
            continue
        M = swap_rows(M, i, pivot_row)
        M[i] = M[i] / M[i, i]
        for j in range(i + 1, n):
            M[j] = M[j] - M[j, i] * M[i]
    return M

def check_solution(M):
    for row in M:
        if np.allclose(row[:-1], 0):
            return "No solution." if not np.isclose(row[-1], 0) else "Infinitely many solutions."
    return "Unique solution."
"""

EARLY_C1W2 = [
    md("# Gaussian Elimination\nWe use reduced_row_echelon_form and check_solution."),
    code("import numpy as np\nimport w2_unittest"),
    code(
        """
def swap_rows(M, row_index_1, row_index_2):
    M = M.copy()
    M[[row_index_1, row_index_2]] = M[[row_index_2, row_index_1]]
    return M

def get_index_first_non_zero_value_from_column(M, column, starting_row):
    for i, val in enumerate(M[starting_row:, column]):
        if not np.isclose(val, 0, atol=1e-5):
            return i + starting_row
    return None

def get_index_first_non_zero_value_from_row(M, row):
    for i, val in enumerate(M[row]):
        if not np.isclose(val, 0, atol=1e-5):
            return i
    return None

def move_row_to_bottom(M, row_index):
    M = M.copy()
    row = M[row_index]
    return np.vstack([np.delete(M, row_index, axis=0), row])

def augmented_matrix(A, B):
    return np.hstack((A, B))
"""
    ),
    code("# GRADED FUNCTION: reduced_row_echelon_form\n" + EARLY_C1W2_FUNCTIONS, graded=True),
    code("w2_unittest.test_reduced_row_echelon_form(reduced_row_echelon_form)"),
    code(
        """
# GRADED FUNCTION: gaussian_elimination
def back_substitution(M):
    M = M.copy()
    for i in range(len(M) - 1, -1, -1):
        for j in range(i - 1, -1, -1):
            M[j] = M[j] - M[j, i] * M[i]
    return M[:, -1]

def gaussian_elimination(A, B):
    M = reduced_row_echelon_form(A, B)
    solution = check_solution(M)
    if solution == "Unique solution.":
        solution = back_substitution(M)
    return solution

print(gaussian_elimination(np.eye(2), np.ones((2, 1))))
"""
        + FOREVER,
        graded=True,
    ),
    code("w2_unittest.test_check_solution(check_solution)"),
]

# ---------------------------------------------------------------- C1W3, 2023 (v1)
V1_C1W3 = [
    md("# Single Perceptron Neural Networks for Linear Regression"),
    code(
        """
import numpy as np
import matplotlib.pyplot as plt
import pandas as pd
import w3_tools
"""
    ),
    code(
        """
# GRADED FUNCTION: layer_sizes
def layer_sizes(X, Y):
    n_x = X.shape[0]
    n_y = Y.shape[0]
    return (n_x, n_y)
""",
        graded=True,
    ),
    code(
        """
# GRADED FUNCTION: initialize_parameters
def initialize_parameters(n_x, n_y):
    W = np.random.randn(n_y, n_x) * 0.01
    b = np.zeros((n_y, 1))
    return {"W": W, "b": b}
""",
        graded=True,
    ),
    code(
        """
# GRADED FUNCTION: forward_propagation
def forward_propagation(X, parameters):
    return parameters["W"] @ X + parameters["b"]

def compute_cost(Y_hat, Y):
    m = Y.shape[1]
    return np.sum((Y_hat - Y) ** 2) / (2 * m)
""",
        graded=True,
    ),
    code(
        """
# GRADED FUNCTION: nn_model
def nn_model(X, Y, num_iterations=10, print_cost=False):
    n_x, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_y)
    for i in range(num_iterations):
        Y_hat = forward_propagation(X, parameters)
        cost = compute_cost(Y_hat, Y)
        parameters = w3_tools.train_nn(parameters, Y_hat, X, Y)
        if print_cost:
            print(f"Cost after iteration {i}: {cost}")
    return parameters
"""
        + FOREVER,
        graded=True,
    ),
    code(
        """
# GRADED FUNCTION: predict
def predict(X, Y, parameters, X_pred):
    X_mean, X_std = np.mean(X, axis=1, keepdims=True), np.std(X, axis=1, keepdims=True)
    Y_mean, Y_std = np.mean(Y), np.std(Y)
    Y_hat = forward_propagation((X_pred - X_mean) / X_std, parameters)
    return Y_hat * Y_std + Y_mean
""",
        graded=True,
    ),
]

# ---------------------------------------------------------------- C1W4, 2023 (v1)
V1_C1W4 = [
    md("# Eigenvalues and Eigenvectors\nA webpage navigation model."),
    code("import numpy as np\nimport matplotlib.pyplot as plt"),
    code("import w4_unittest"),
    code(
        """
### START CODE HERE ###
A_reflection_yaxis = np.array([[-1, 0], [0, 1]])
A_reflection_yaxis_eig = np.linalg.eig(A_reflection_yaxis)
### END CODE HERE ###
print(A_reflection_yaxis_eig)
"""
    ),
    code("w4_unittest.test_A_reflection_yaxis(A_reflection_yaxis, A_reflection_yaxis_eig)"),
    code(
        """
A_shear_x = np.array([[1, 0.5], [0, 1]])
A_shear_x_eig = np.linalg.eig(A_shear_x)
"""
    ),
    code(
        """
P = np.array([[0, 0.75, 0.35, 0.25, 0.85], [0.15, 0, 0.35, 0.25, 0.05],
              [0.15, 0.15, 0, 0.25, 0.05], [0.15, 0.05, 0.05, 0, 0.05],
              [0.55, 0.05, 0.25, 0.25, 0]])
X0 = np.array([[0], [0], [0], [1], [0]])
X1 = P @ X0
"""
        + FOREVER
    ),
    code("X_inf = np.linalg.eig(P)[1][:, 0]"),
    code(
        """
def check_eigenvector(P, X_inf):
    return P @ X_inf
"""
    ),
]


def version_key(found) -> str | None:
    return found.version.key if found is not None and found.version is not None else None


def current(aid: str) -> str:
    return notebook_text(curriculum.assignment(aid), solved=True)


def with_cells(text: str, *extra: dict) -> str:
    doc = json.loads(text)
    doc["cells"].extend(extra)
    return json.dumps(doc)


OLDER = [
    ("c1w2", V1_C1W2, "the 2023 version (v1)", ("MultiplyRow", "ref_to_diagonal")),
    ("c1w2", EARLY_C1W2, "the early-2024 version", ("reduced_row_echelon_form",)),
    ("c1w3", V1_C1W3, "the 2023 version (v1)", ("layer_sizes", "import w3_tools")),
    ("c1w4", V1_C1W4, "the 2023 version (v1)", ("A_reflection_yaxis",)),
]


@pytest.mark.parametrize(
    ("aid", "cells", "version", "evidence"),
    OLDER,
    ids=["c1w2-v1", "c1w2-early-2024", "c1w3-v1", "c1w4-v1"],
)
def test_an_older_notebook_is_explained_at_once_and_never_run(aid, cells, version, evidence, capfd):
    assignment = curriculum.assignment(aid)
    started = time.perf_counter()
    report = grade_notebook(assignment, notebook(cells), sandbox=NoSandbox())
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert report.outcome == OLDER_VERSION
    assert (report.score, report.max_score) == (0, assignment.max_score)
    assert report.stdout == ""
    assert capfd.readouterr().out == ""  # the prints and the endless loop never ran
    feedback = {t.feedback for t in report.tests}
    assert len(feedback) == 1  # one message, not a verdict per function
    message = feedback.pop()
    assert f"is {version} of the original course's {aid.upper()}" in message
    assert "mathforml grades the current version" in message
    assert f"mathforml assignment start {aid} --notebook" in message
    for name in evidence:
        assert name in message
    assert "forbidden" not in message.lower()
    assert "no cell defines" not in message
    assert "\n" not in message  # the web shows the first line as prose


def test_each_message_says_what_replaced_what():
    messages = {
        (aid, version): version_report(curriculum.assignment(aid), notebook(cells), notebook=True)
        .tests[0]
        .feedback
        for aid, cells, version, _ in OLDER
    }
    v1_c1w2 = messages["c1w2", "the 2023 version (v1)"]
    assert "np.linalg.solve" in v1_c1w2
    assert "row_echelon_form(A, B)" in v1_c1w2
    early = messages["c1w2", "the early-2024 version"]
    assert "check_solution" in early
    assert "'Singular system'" in early
    assert "T_stretch" in messages["c1w3", "the 2023 version (v1)"]
    assert "perform_PCA" in messages["c1w4", "the 2023 version (v1)"]


def test_the_v1_c1w2_np_linalg_solve_cell_is_not_reported_as_forbidden():
    report = grade_notebook(curriculum.assignment("c1w2"), notebook(V1_C1W2), sandbox=NoSandbox())
    assert report.outcome == OLDER_VERSION


def test_untagged_cells_count_and_markdown_does_not():
    untagged = [{**cell, "metadata": {}} for cell in V1_C1W2]
    assert (
        version_key(recognise(curriculum.assignment("c1w2"), notebook(untagged), notebook=True))
        == "v1"
    )
    # Only markdown names the old functions: a partial current notebook stays current.
    partial = [
        md("In 2023 this was MultiplyRow, AddRows, SwapRows and augmented_to_ref."),
        code("import numpy as np"),
        code(
            "def swap_rows(M, i, j):\n    M = M.copy()\n    M[[i, j]] = M[[j, i]]\n    return M",
            graded=True,
        ),
    ]
    assert recognise(curriculum.assignment("c1w2"), notebook(partial), notebook=True) is None


PY_CASES = [
    ("c1w2", EARLY_C1W2_FUNCTIONS, "early-2024"),
    ("c1w2", "import numpy as np\n" + "".join(V1_C1W2[7]["source"]), "v1"),
    (
        "c1w3",
        "import w3_tools\n\ndef forward_propagation(X, parameters):\n"
        "    return parameters['W'] @ X + parameters['b']\n",
        "v1",
    ),
    (
        "c1w3",
        "def predict(X, Y, parameters, X_pred):\n    return X_pred\n\n"
        "def layer_sizes(X, Y):\n    return X.shape[0], Y.shape[0]\n",
        "v1",
    ),
    # does not parse: the definitions are still read, line by line
    (
        "c1w2",
        "def MultiplyRow(M, r, k):\n    return M\n\ndef AddRows(M, a, b, k)\n    return M\n",
        "v1",
    ),
]


@pytest.mark.parametrize(("aid", "source", "key"), PY_CASES)
def test_an_older_py_file_is_recognised(aid, source, key):
    report = grade(curriculum.assignment(aid), source + FOREVER, sandbox=NoSandbox())
    assert report.outcome == OLDER_VERSION
    assert version_key(recognise(curriculum.assignment(aid), source)) == key


@pytest.mark.parametrize("aid", ["c1w1", "c1w2", "c1w3", "c1w4"])
def test_current_notebooks_and_files_are_not_an_older_version(aid):
    assignment = curriculum.assignment(aid)
    assert version_report(assignment, current(aid), notebook=True) is None
    assert version_report(assignment, assignment.reference) is None
    assert version_report(assignment, assignment.starter) is None


def test_a_current_notebook_with_helpers_named_like_old_ones_is_current_and_full_marks():
    helpers = code(
        """
def SwapRows(M, i, j):
    return swap_rows(M, i, j)

def check_solution(M):
    return "Unique solution."

def move_row_to_bottom(M, row_index):
    return np.vstack([np.delete(M, row_index, axis=0), M[row_index]])
"""
    )
    text = with_cells(current("c1w2"), helpers)
    assert recognise(curriculum.assignment("c1w2"), text, notebook=True) is None
    report = grade_notebook(curriculum.assignment("c1w2"), text)
    assert report.outcome == "passed"
    assert report.score == report.max_score


def test_a_current_c1w3_notebook_with_its_own_layer_sizes_is_current():
    extra = code(
        "def layer_sizes(X, Y):\n    return X.shape[0], Y.shape[0]\n\n"
        "def initialize_parameters(n_x, n_y):\n    return {}"
    )
    assert (
        recognise(curriculum.assignment("c1w3"), with_cells(current("c1w3"), extra), notebook=True)
        is None
    )


def test_a_current_notebook_still_grades_full_marks():
    report = grade_notebook(curriculum.assignment("c1w2"), current("c1w2"))
    assert report.outcome == "passed"
    assert report.score == report.max_score > 0


@pytest.mark.parametrize(
    ("given", "to", "phrase"),
    [
        ("c1w3", "c1w2", "looks like the C1W3 assignment, not C1W2"),
        ("c1w2", "c1w4", "looks like the C1W2 assignment, not C1W4"),
    ],
)
def test_another_weeks_current_notebook_is_named(given, to, phrase):
    report = grade_notebook(curriculum.assignment(to), current(given), sandbox=NoSandbox())
    assert report.outcome == OTHER_ASSIGNMENT
    assert report.score == 0
    message = report.tests[0].feedback
    assert phrase in message
    assert f"mathforml grade {given} " in message


def test_another_weeks_older_notebook_is_named_with_its_version():
    report = grade_notebook(curriculum.assignment("c1w2"), notebook(V1_C1W3), sandbox=NoSandbox())
    assert report.outcome == OTHER_ASSIGNMENT
    assert "the 2023 version (v1) of the C1W3 assignment, not C1W2" in report.tests[0].feedback


def test_the_web_labels_the_new_outcomes_and_shows_their_message_once():
    from mathforml.web._routes_assignment import WHOLE_OUTCOMES, _report_view, outcome_label

    assignment = curriculum.assignment("c1w4")
    report = version_report(assignment, notebook(V1_C1W4), notebook=True)
    assert report is not None
    view = _report_view(report.to_json(), assignment)
    assert view["label"] == outcome_label(OLDER_VERSION) != OLDER_VERSION
    assert view["shared"][0].startswith("This notebook is the 2023 version (v1)")
    assert all(t["lines"] == ("", "") for t in view["tests"])
    assert OTHER_ASSIGNMENT in WHOLE_OUTCOMES
