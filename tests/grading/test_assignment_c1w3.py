"""C1W3 graded for real in the sandbox, nn_model checked on values."""

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


A = curriculum.assignment("c1w3")


def test_reference_solution_scores_full_marks():
    report = grade(A, A.reference, sandbox=default_sandbox())
    assert (report.score, report.max_score, report.outcome) == (12, 12, "passed")


def test_float32_lists_and_the_original_learning_rate_are_fair():
    report = grade_file("c1w3_correct_float32.py")
    assert (report.score, report.outcome) == (12, "passed")
    tests = by_name(report)
    assert "you returned a list" in tests["T_rotation"][2]
    assert "learning rate 0.01" in tests["nn_model"][2]


def test_cost_over_m_and_a_vertical_shear_cost_exactly_three_points():
    report = grade_file("c1w3_partial_cost_and_shear.py")
    assert (report.score, report.outcome) == (9, "failed")
    assert failed(report) == {"T_hshear", "compute_cost"}
    tests = by_name(report)
    assert "vertical shear" in tests["T_hshear"][2]
    assert "times 2" in tests["compute_cost"][2]


def test_clockwise_rotation_missing_bias_and_dropped_update_are_named():
    report = grade_file("c1w3_wrong_rotation_and_training.py")
    assert report.score == 5
    assert failed(report) == {
        "T_rotation",
        "T_rotation_and_stretch",
        "forward_propagation",
        "nn_model",
    }
    tests = by_name(report)
    assert "clockwise" in tests["T_rotation"][2]
    assert "forgot to add the bias" in tests["forward_propagation"][2]
    assert "still the initial ones" in tests["nn_model"][2]


def test_nn_model_values_are_checked_not_only_shapes():
    # right shapes, wrong values: a model that returns fresh initial parameters
    source = A.reference.replace(
        "    return parameters\n", "    return utils.initialize_parameters(X.shape[0])\n", 1
    )
    report = grade(A, source, sandbox=default_sandbox())
    assert failed(report) == {"nn_model"}


def test_starter_as_is_scores_zero_without_crashing():
    report = grade(A, A.starter, sandbox=default_sandbox())
    assert (report.score, report.outcome) == (0, "failed")


def test_any_learning_rate_that_really_trains_is_fair_and_noted():
    report = grade(
        A, A.reference.replace("learning_rate=1.2", "learning_rate=0.07"), sandbox=default_sandbox()
    )
    assert report.score == 12
    assert "learning rate 0.07" in by_name(report)["nn_model"][2]


def test_a_diverging_learning_rate_is_named():
    report = grade(
        A, A.reference.replace("learning_rate=1.2", "learning_rate=2.2"), sandbox=default_sandbox()
    )
    assert failed(report) == {"nn_model"}
    assert "diverges" in by_name(report)["nn_model"][2]


def test_a_forward_pass_without_bias_inside_the_loop_is_named():
    source = A.reference.replace(
        "Y_hat = forward_propagation(X, parameters)", 'Y_hat = parameters["W"] @ X'
    )
    report = grade(A, source, sandbox=default_sandbox())
    assert failed(report) == {"nn_model"}
    # names the missing + b (issue 10), whichever function drops it
    assert "Y_hat lacks the bias b" in by_name(report)["nn_model"][2]
