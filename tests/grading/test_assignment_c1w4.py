"""C1W4 graded for real in the sandbox: graded variables, varied image shapes."""

from __future__ import annotations

from pathlib import Path

from mathforml import curriculum
from mathforml.grading.assignments import GradeReport, grade
from mathforml.grading.sandbox import default_sandbox

SOLUTIONS = Path(__file__).parent / "solutions"


def grade_file(name: str) -> GradeReport:
    source = (SOLUTIONS / name).read_text(encoding="utf-8")
    return grade(A, source, sandbox=default_sandbox())


def by_name(report: GradeReport) -> dict[str, tuple[bool, int, str]]:
    return {t.name: (t.passed, t.points, t.feedback) for t in report.tests}


def failed(report: GradeReport) -> set[str]:
    return {t.name for t in report.tests if not t.passed}


A = curriculum.assignment("c1w4")


def test_reference_solution_scores_full_marks():
    report = grade(A, A.reference, sandbox=default_sandbox())
    assert (report.score, report.max_score, report.outcome) == (12, 12, "passed")


def test_unnormalised_steady_state_and_broadcasting_are_fair():
    report = grade_file("c1w4_correct.py")
    assert report.score == 12
    assert "not scaled to sum to 1" in by_name(report)["X_inf, the steady state"][2]


def test_hard_coded_55_by_4096_gets_the_shape_feedback_and_exact_partial_score():
    report = grade_file("c1w4_partial_hardcoded_shape.py")
    assert (report.score, report.outcome) == (8, "failed")
    assert failed(report) == {"center_data", "get_cov_matrix"}
    tests = by_name(report)
    # the failing input follows, so the learner can reproduce it (issue 10)
    assert tests["center_data"][2].startswith(
        "works for 55×4096 data, fails for 30×64: use the shape of the input (e.g. Y.shape) "
        "instead of fixed numbers.\n  input: Y = an array of shape (30, 64), dtype float64"
    )
    assert "divide by n_observations − 1" in tests["get_cov_matrix"][2]


def test_rows_instead_of_columns_of_eigenvecs_are_named():
    report = grade_file("c1w4_wrong_rows.py")
    assert report.score == 7
    assert failed(report) == {"X_inf, the steady state", "perform_PCA", "explained_variance"}
    tests = by_name(report)
    assert "a column, not a row" in tests["X_inf, the steady state"][2]
    assert "eigenvecs[:, :k]" in tests["perform_PCA"][2]
    assert "eigenvals[:k]" in tests["explained_variance"][2]


def test_a_missing_graded_variable_is_named():
    source = A.reference.replace("X1 = P @ X0", "Y1 = P @ X0")
    report = grade(A, source, sandbox=default_sandbox())
    assert failed(report) == {"X1 after one click"}
    assert "does not define X1" in by_name(report)["X1 after one click"][2]


def test_starter_as_is_scores_zero_without_crashing():
    report = grade(A, A.starter, sandbox=default_sandbox())
    assert (report.score, report.outcome) == (0, "failed")
