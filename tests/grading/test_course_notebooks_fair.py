"""Issue 10 §1: a learner who did exactly what the original course asked, correctly, gets
full marks; what our starters ask beyond it is reported but never costs them a point.

The sources below follow the original notebooks' templates (graded cells only, with the
course's own choices filled in), written here from the course's contracts.
"""

from __future__ import annotations

import json

import pytest

from mathforml import curriculum
from mathforml.grading.assignments import GradeReport, TestReport, grade, grade_notebook
from mathforml.grading.assignments._grade import find_placeholders
from mathforml.grading.sandbox import default_sandbox

ASSIGNMENTS = {a.id: a for a in curriculum.assignments()}

SEEDS = (1, 2, 3)

C1W2_REF = """
import numpy as np

# GRADED FUNCTION: row_echelon_form
def row_echelon_form(A, B):
    A = A.copy()
    B = B.copy()
    A = A.astype('float64')
    B = B.astype('float64')
    num_rows = len(A)
    ### START CODE HERE ###
    det_A = np.linalg.det(A)
    if np.isclose(det_A, 0) == True:
        return 'Singular system'
    M = augmented_matrix(A, B)
    for row in range(num_rows):
        pivot_candidate = M[row, row]
        if np.isclose(pivot_candidate, 0) == True:
            below = get_index_first_non_zero_value_from_column(M, row, row)
            M = swap_rows(M, row, below)
            pivot = M[row, row]
        else:
            pivot = pivot_candidate
        M[row] = 1 / pivot * M[row]
        for j in range(row + 1, num_rows):
            value_below_pivot = M[j, row]
            M[j] = M[j] - value_below_pivot * M[row]
    ### END CODE HERE ###
    return M

# GRADED FUNCTION: back_substitution
def back_substitution(M):
    M = M.copy()
    num_rows = M.shape[0]
    ### START CODE HERE ###
    for row in reversed(range(num_rows)):
        substitution_row = M[row]
        index = get_index_first_non_zero_value_from_row(M, row, augmented=True)
        for j in range(row):
            row_to_reduce = M[j]
            value = row_to_reduce[index]
            row_to_reduce = row_to_reduce - value * substitution_row
            M[j, :] = row_to_reduce
    solution = M[:, -1]
    ### END CODE HERE ###
    return solution
"""

# one version: "since the system is non-singular by our assumptions", the string goes on
C1W2_TEMPLATE_PASS_ON = (
    C1W2_REF
    + """
# GRADED FUNCTION: gaussian_elimination
def gaussian_elimination(A, B):
    ### START CODE HERE ###
    row_echelon_M = row_echelon_form(A, B)
    solution = back_substitution(row_echelon_M)
    ### END CODE HERE ###
    return solution
"""
)

# the other: a solution only when the form is not a string, and no else
C1W2_TEMPLATE_NO_ELSE = (
    C1W2_REF
    + """
# GRADED FUNCTION: gaussian_elimination
def gaussian_elimination(A, B):
    ### START CODE HERE ###
    row_echelon_M = row_echelon_form(A, B)
    if not isinstance(row_echelon_M, str):
        solution = back_substitution(row_echelon_M)
    ### END CODE HERE ###
    return solution
"""
)

C1W4_GRADED = """
import numpy as np

# GRADED cell
P = np.array([
    [0, 0.75, 0.35, 0.25, 0.85],
    [0.15, 0, 0.35, 0.25, 0.05],
    [0.15, 0.15, 0, 0.25, 0.05],
    [0.15, 0.05, 0.05, 0, 0.05],
    [0.55, 0.05, 0.25, 0.25, 0],
])
X0 = np.array([[0], [0], [0], [1], [0]])
### START CODE HERE ###
X1 = np.matmul(P, X0)
### END CODE HERE ###

eigenvals, eigenvecs = np.linalg.eig(P)
X_inf = eigenvecs[:, 0]
X_inf = X_inf / sum(X_inf)

# GRADED FUNCTION: check_eigenvector
def check_eigenvector(P, X_inf):
    ### START CODE HERE ###
    X_check = P @ X_inf
    ### END CODE HERE ###
    return X_check

# GRADED FUNCTION: center_data
def center_data(Y):
    ### START CODE HERE ###
    mean_vector = np.mean(Y, axis=0)
    mean_matrix = np.repeat(mean_vector, Y.shape[0])
    mean_matrix = np.reshape(mean_matrix, Y.shape, order='F')
    X = Y - mean_matrix
    ### END CODE HERE ###
    return X

# GRADED FUNCTION: get_cov_matrix
def get_cov_matrix(X):
    ### START CODE HERE ###
    cov_matrix = np.dot(X.T, X)
    cov_matrix = cov_matrix / (X.shape[0] - 1)
    ### END CODE HERE ###
    return cov_matrix

# GRADED FUNCTION: perform_PCA
def perform_PCA(X, eigenvecs, k):
    ### START CODE HERE ###
    V = eigenvecs[:, :k]
    Xred = np.dot(X, V)
    ### END CODE HERE ###
    return Xred
"""

C1W4_GIVEN_RECONSTRUCT = """
def reconstruct_image(Xred, eigenvecs):
    X_reconstructed = Xred.dot(eigenvecs[:, :Xred.shape[1]].T)
    return X_reconstructed
"""

C1W4_VARIANCE_VARIABLE = """
explained_variance = np.real(eigenvals) / sum(np.real(eigenvals))
"""

C1W3_COURSE = """
import numpy as np
import utils

# GRADED FUNCTION: T_stretch
def T_stretch(a, v):
    T = np.array([[a, 0], [0, a]])
    return T @ v

# GRADED FUNCTION: T_hshear
def T_hshear(m, v):
    T = np.array([[1, m], [0, 1]])
    return T @ v

# GRADED FUNCTION: T_rotation
def T_rotation(theta, v):
    T = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return T @ v

# GRADED FUNCTION: T_rotation_and_stretch
def T_rotation_and_stretch(theta, a, v):
    rotation_T = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    stretch_T = np.array([[a, 0], [0, a]])
    return rotation_T @ (stretch_T @ v)

# GRADED FUNCTION: forward_propagation
def forward_propagation(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    ### START CODE HERE ###
    Z = np.matmul(W, X) + b
    Y_hat = Z
    ### END CODE HERE ###
    return Y_hat

# GRADED FUNCTION: compute_cost
def compute_cost(Y_hat, Y):
    m = Y_hat.shape[1]
    cost = np.sum((Y_hat - Y) ** 2) / (2 * m)
    return cost

# GRADED FUNCTION: nn_model
def nn_model(X, Y, num_iterations=1000, learning_rate=0.001, print_cost=False):
    n_x = X.shape[0]
    parameters = utils.initialize_parameters(n_x)
    for i in range(0, num_iterations):
        Y_hat = forward_propagation(X, parameters)
        cost = compute_cost(Y_hat, Y)
        parameters = utils.train_nn(parameters, Y_hat, X, Y, learning_rate=learning_rate)
        if print_cost:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters

# GRADED FUNCTION: predict
def predict(X, parameters):
    W = parameters["W"]
    b = parameters["b"]
    Y_hat = np.matmul(W, X) + b
    return Y_hat
"""


def by_test(report: GradeReport) -> dict[str, TestReport]:
    return {t.name: t for t in report.tests}


def full_marks(report: GradeReport) -> bool:
    return report.score == report.max_score and report.outcome == "passed"


# ---------------------------------------------------------------- C1W2


@pytest.mark.parametrize("source", [C1W2_TEMPLATE_PASS_ON, C1W2_TEMPLATE_NO_ELSE])
@pytest.mark.parametrize("seed", SEEDS)
def test_both_course_templates_of_gaussian_elimination_get_full_marks(source, seed):
    report = grade(curriculum.assignment("c1w2"), source, sandbox=default_sandbox(), seed=seed)
    assert full_marks(report), report.to_json()
    singular = by_test(report)["gaussian_elimination: singular systems"]
    assert (singular.counted, singular.points, singular.max_points) == (False, 0, 0)
    assert singular.feedback.startswith("not counted (the original course's")
    assert report.to_json()["tests"][-1]["counted"] is False
    # row_echelon_form's singular case stays graded, and counted
    ref_singular = by_test(report)["row_echelon_form: singular systems"]
    assert ref_singular.counted
    assert ref_singular.passed
    assert ref_singular.points == 1


def test_our_reference_still_counts_the_singular_case():
    a = curriculum.assignment("c1w2")
    report = grade(a, a.reference, sandbox=default_sandbox(), seed=4)
    assert (report.score, report.max_score) == (a.max_score, a.max_score)
    assert all(t.counted for t in report.tests)


def test_a_wrong_row_echelon_singular_case_still_costs_its_point():
    source = C1W2_TEMPLATE_NO_ELSE.replace("return 'Singular system'", "return np.zeros((1, 1))")
    report = grade(curriculum.assignment("c1w2"), source, sandbox=default_sandbox(), seed=1)
    assert report.score == report.max_score - 1
    assert not by_test(report)["row_echelon_form: singular systems"].passed


# ---------------------------------------------------------------- C1W4


def test_course_c1w4_without_reconstruct_or_variance_functions_gets_full_marks():
    for seed in SEEDS:
        report = grade(
            curriculum.assignment("c1w4"), C1W4_GRADED, sandbox=default_sandbox(), seed=seed
        )
        assert full_marks(report), report.to_json()
        for name in ("reconstruct_image", "explained_variance"):
            t = by_test(report)[name]
            assert (t.counted, t.max_points) == (False, 0)
            assert t.feedback.startswith(f"not counted: your code has no function {name}")


def test_course_c1w4_with_given_reconstruct_and_a_variance_variable_gets_full_marks():
    source = C1W4_GRADED + C1W4_GIVEN_RECONSTRUCT + C1W4_VARIANCE_VARIABLE
    a = curriculum.assignment("c1w4")
    for seed in SEEDS:
        report = grade(a, source, sandbox=default_sandbox(), seed=seed)
        assert full_marks(report), report.to_json()
        t = by_test(report)
        assert t["reconstruct_image"].counted
        assert t["reconstruct_image"].points == 1
        assert not t["explained_variance"].counted
        assert "one-line variable" in t["explained_variance"].feedback


def test_a_wrong_reconstruct_image_that_the_learner_wrote_still_costs_its_point():
    wrong = C1W4_GIVEN_RECONSTRUCT.replace(
        "eigenvecs[:, :Xred.shape[1]].T", "eigenvecs[:Xred.shape[1]]"
    )
    report = grade(
        curriculum.assignment("c1w4"), C1W4_GRADED + wrong, sandbox=default_sandbox(), seed=1
    )
    t = by_test(report)["reconstruct_image"]
    assert t.counted
    assert not t.passed
    assert t.max_points == 1
    assert report.score == report.max_score - 1


def notebook(cells: list[tuple[str, bool]]) -> str:
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {"tags": ["graded"]} if graded else {},
                    "source": text.strip("\n").splitlines(keepends=True),
                    "outputs": [],
                    "execution_count": None,
                }
                for text, graded in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_course_c1w4_notebook_with_untagged_given_cells_gets_full_marks_and_no_tag_advice():
    text = notebook(
        [
            (C1W4_GRADED, True),
            (C1W4_GIVEN_RECONSTRUCT, False),  # given code, never tagged
            (C1W4_VARIANCE_VARIABLE, False),
        ]
    )
    report = grade_notebook(curriculum.assignment("c1w4"), text, sandbox=default_sandbox(), seed=2)
    assert full_marks(report), report.to_json()
    for t in report.tests:
        assert "graded tag" not in t.feedback
    assert not by_test(report)["reconstruct_image"].counted


# ---------------------------------------------------------------- C1W3


@pytest.mark.parametrize("seed", SEEDS)
def test_course_c1w3_with_learning_rate_0_001_gets_full_marks(seed):
    report = grade(curriculum.assignment("c1w3"), C1W3_COURSE, sandbox=default_sandbox(), seed=seed)
    assert full_marks(report), report.to_json()
    assert "0.001" in by_test(report)["nn_model"].feedback  # the note names the rate found


def test_forward_propagation_without_b_is_named_in_nn_model():
    source = C1W3_COURSE.replace("Z = np.matmul(W, X) + b", "Z = np.matmul(W, X)")
    report = grade(curriculum.assignment("c1w3"), source, sandbox=default_sandbox(), seed=1)
    t = by_test(report)
    assert not t["forward_propagation"].passed
    assert "bias b" in t["forward_propagation"].feedback
    assert not t["nn_model"].passed
    assert "forward_propagation must return W @ X + b" in t["nn_model"].feedback
    assert "starter" not in t["nn_model"].feedback  # no starter rate to confuse a course learner


def test_an_unreachable_nn_model_result_does_not_quote_the_starter_rate_as_the_answer():
    source = C1W3_COURSE.replace(
        "return parameters\n", "return {'W': parameters['W'] * 3, 'b': parameters['b']}\n"
    )
    report = grade(curriculum.assignment("c1w3"), source, sandbox=default_sandbox(), seed=1)
    feedback = by_test(report)["nn_model"].feedback
    assert "whatever the learning rate" in feedback
    assert "0.001" in feedback


# ---------------------------------------------------------------- placeholders


def test_find_placeholders_sees_the_starters_and_not_finished_code():
    for a in ASSIGNMENTS.values():
        if "None" in a.starter:
            assert find_placeholders(a.starter), a.id
        assert find_placeholders(a.reference) == [], a.id
    assert find_placeholders(C1W2_TEMPLATE_NO_ELSE) == []
    assert find_placeholders(C1W3_COURSE) == []
    deliberate = (
        "def f(x):\n    y = None\n    if x:\n        y = 2\n    return None if y is None else y\n"
    )
    assert find_placeholders(deliberate) == []
    left = (
        "def f(M):\n    ### START CODE HERE ###\n    v = M[None, 0]\n"
        "    ### END CODE HERE ###\n    return v\n"
    )
    assert find_placeholders(left) == [("f", 3)]


def test_none_hint_only_when_a_placeholder_is_left():
    base = C1W3_COURSE.replace(
        "    T = np.array([[a, 0], [0, a]])\n    return T @ v",
        "    T = {}.get('T')\n    return T[0] @ v",
    )
    report = grade(curriculum.assignment("c1w3"), base, sandbox=default_sandbox(), seed=1)
    feedback = by_test(report)["T_stretch"].feedback
    assert "NoneType" in feedback
    assert "placeholder" not in feedback

    left = C1W3_COURSE.replace(
        "    T = np.array([[a, 0], [0, a]])\n    return T @ v",
        "    ### START CODE HERE ###\n    T = None\n    w = np.dot(T, v)\n"
        "    ### END CODE HERE ###\n    return w",
    )
    report = grade(curriculum.assignment("c1w3"), left, sandbox=default_sandbox(), seed=1)
    feedback = by_test(report)["T_stretch"].feedback
    assert "A None placeholder is still in your code, in T_stretch (line" in feedback


# ---------------------------------------------------------------- inputs and policy


def test_a_failing_test_shows_its_input():
    source = C1W2_TEMPLATE_NO_ELSE.replace(
        "M[j] = M[j] - value_below_pivot", "M[j] = M[j] + value_below_pivot"
    )
    report = grade(curriculum.assignment("c1w2"), source, sandbox=default_sandbox(), seed=1)
    feedback = by_test(report)["row_echelon_form: non-singular systems"].feedback
    assert "\n  input: A = np.array([[" in feedback
    assert "; B = np.array([[" in feedback
    assert "\n  expected: np.array([[" in feedback  # c1w2 shows expected values


def test_large_inputs_are_summarised():
    source = C1W4_GRADED.replace("X = Y - mean_matrix", "X = Y - mean_matrix + 1")
    report = grade(curriculum.assignment("c1w4"), source, sandbox=default_sandbox(), seed=1)
    feedback = by_test(report)["center_data"].feedback
    assert "input: Y = an array of shape (" in feedback
    assert "dtype float64, starting [" in feedback


def test_c1w1_keeps_expected_values_hidden():
    a = curriculum.assignment("c1w1")
    assert not a.shows_expected
    report = grade(
        a, "def is_singular(*a):\n    return 'maybe'\n", sandbox=default_sandbox(), seed=1
    )
    failing = [t for t in report.tests if not t.passed]
    assert failing
    assert all("expected:" not in t.feedback for t in failing)


@pytest.mark.parametrize("aid", sorted(ASSIGNMENTS))
def test_every_assignment_states_its_feedback_policy(aid):
    a = ASSIGNMENTS[aid]
    assert a.expected_policy
    assert "**Feedback.** A failing hidden test shows the input it used" in a.instructions
    assert a.expected_policy in a.instructions
    assert ("and the expected result" in a.instructions) == a.shows_expected
