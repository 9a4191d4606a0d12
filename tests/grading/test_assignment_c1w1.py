"""C1W1 graded for real in the sandbox: correct, partial, typical wrong, starter."""

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


A = curriculum.assignment("c1w1")


def test_reference_solution_scores_full_marks():
    report = grade(A, A.reference, sandbox=default_sandbox())
    assert (report.score, report.max_score, report.outcome) == (10, 10, "passed")


def test_correct_solution_returning_a_list_gets_full_credit_and_a_note():
    report = grade_file("c1w1_correct.py")
    assert report.score == 10
    assert "you returned a list" in by_name(report)["constants_vector"][2]


def test_indexing_a_missing_variable_costs_exactly_two_groups_and_says_use_get():
    report = grade_file("c1w1_partial.py")
    assert (report.score, report.outcome) == (4, "failed")
    assert failed(report) == {"coefficient_matrix", "classify_system"}
    feedback = by_name(report)["coefficient_matrix"][2]
    assert "KeyError" in feedback
    assert "equation.get(name, 0)" in feedback


def test_exact_zero_determinant_test_is_told_to_use_isclose():
    report = grade_file("c1w1_wrong_exact_zero.py")
    assert report.score == 8
    assert failed(report) == {"is_singular"}
    assert "np.isclose, not ==" in by_name(report)["is_singular"][2]
    # 'Singular' / 'Non-singular' are accepted, with a note on the exact spelling
    assert "return exactly 'singular'" in by_name(report)["classify_system"][2]


def test_columns_in_the_equations_key_order_are_named_as_the_mistake():
    report = grade_file("c1w1_wrong_key_order.py")
    assert report.score == 4
    assert "use the order given by `variables`" in by_name(report)["coefficient_matrix"][2]
    assert 'equation.get("=", 0)' in by_name(report)["constants_vector"][2]


def test_starter_as_is_scores_zero_without_crashing():
    report = grade(A, A.starter, sandbox=default_sandbox())
    assert (report.score, report.outcome) == (0, "failed")
    assert all("None" in t.feedback for t in report.tests)
