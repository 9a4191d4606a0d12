"""C1W2 graded for real in the sandbox: correct, partial, typical wrong, forbidden, starter."""

from __future__ import annotations

from pathlib import Path

import pytest

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


A = curriculum.assignment("c1w2")
REF = {"row_echelon_form: non-singular systems", "row_echelon_form: zero pivots need a row swap"}


def test_reference_solution_scores_full_marks():
    report = grade(A, A.reference, sandbox=default_sandbox())
    assert (report.score, report.max_score, report.outcome) == (10, 10, "passed")
    assert all(t.feedback == "passed" for t in report.tests)


def test_partial_pivoting_in_float32_with_column_results_is_fair():
    report = grade_file("c1w2_correct_partial_pivoting.py")
    assert (report.score, report.outcome) == (10, "passed")
    tests = by_name(report)
    assert "a valid row echelon form" in tests["row_echelon_form: non-singular systems"][2]
    assert "instead of a flat vector" in tests["back_substitution"][2]


def test_graded_cells_of_an_original_notebook_get_the_given_helpers():
    report = grade_file("c1w2_graded_cells_only.py")
    assert report.score == 10


def test_sign_slip_in_back_substitution_costs_exactly_four_points():
    report = grade_file("c1w2_partial_back_substitution_sign.py")
    assert (report.score, report.outcome) == (6, "failed")
    assert failed(report) == {"back_substitution", "gaussian_elimination: solutions"}
    assert (
        "subtract it (row_to_reduce − value · substitution_row)"
        in by_name(report)["back_substitution"][2]
    )


def test_pivots_left_unscaled_are_named():
    report = grade_file("c1w2_wrong_no_unit_pivots.py")
    assert report.score == 5
    assert failed(report) == REF | {"gaussian_elimination: solutions"}
    assert "your pivots are not 1" in by_name(report)["row_echelon_form: non-singular systems"][2]


def test_adding_instead_of_subtracting_the_pivot_row_is_named():
    report = grade_file("c1w2_wrong_sign_in_reduction.py")
    assert failed(report) == REF | {"gaussian_elimination: solutions"}
    feedback = by_name(report)["row_echelon_form: zero pivots need a row swap"][2]
    assert "you added value_below_pivot · pivot_row" in feedback


def test_dividing_by_a_zero_pivot_is_told_to_swap_rows():
    report = grade_file("c1w2_wrong_no_swap.py")
    feedback = by_name(report)["row_echelon_form: zero pivots need a row swap"][2]
    assert feedback.startswith("2×2 with a zero first pivot: ")
    assert "a pivot was 0 and you divided by it" in feedback
    assert "swap its row" in feedback


def test_np_linalg_solve_is_forbidden_with_a_clear_message():
    report = grade_file("c1w2_forbidden_solve.py")
    assert (report.score, report.outcome) == (0, "forbidden")
    assert all("np.linalg.solve is not allowed" in t.feedback for t in report.tests)


def test_starter_as_is_scores_zero_without_crashing():
    report = grade(A, A.starter, sandbox=default_sandbox())
    assert (report.score, report.outcome) == (0, "failed")
    assert "None placeholder" in by_name(report)["back_substitution"][2]


def test_a_solver_reached_by_a_name_built_at_run_time_is_caught_in_the_sandbox():
    """No static check can read ''.join(reversed(...)): the guard in the child does."""
    hidden_module = "''.join(reversed('glanil_htamu_.glanil.ypmun'))"
    hidden_name = "''.join(['s', 'o', 'l', 'v', 'e'])"
    source = A.reference.replace(
        "import numpy as np",
        f"import numpy as np\nimport importlib\n_m = importlib.import_module({hidden_module})\n",
        1,
    ).replace(
        "def gaussian_elimination(A, B):",
        f"def gaussian_elimination(A, B):\n    return getattr(_m, {hidden_name})(A, B)\n"
        "def _unused(A, B):",
    )
    report = grade(A, source, sandbox=default_sandbox())
    assert report.outcome == "forbidden"
    assert report.score == 0
    assert "internal machinery" in report.tests[0].feedback


def test_zero_pivots_are_told_by_leading_minors_exactly_as_elimination_meets_them():
    """The cheap test that picks hidden matrices agrees with the exact elimination."""
    import numpy as np

    from mathforml.curriculum.c1.w2.assignment import _course_ref, _meets_zero_pivot

    rng = np.random.default_rng(7)
    seen = set()
    for _ in range(400):
        n = int(rng.integers(2, 6))
        A = rng.integers(-2, 3, size=(n, n))
        if abs(np.linalg.det(A)) < 0.5:
            continue
        swapped = _course_ref(A, np.zeros((n, 1), dtype=int))[1] > 0
        assert _meets_zero_pivot(A) == swapped, A
        seen.add(swapped)
    assert seen == {True, False}


@pytest.mark.parametrize(
    ("rows", "rhs"),
    [
        (
            [[-2, -1, 0, 4, 6, 3], [5, -5, 3, 4, 5, 5], [-3, -1, 4, -5, -2, -3],
             [0, -5, -4, -3, 2, 3], [-2, -4, 5, 2, -5, -6], [1, 3, -3, -4, -3, -1]],
            [-3, 9, 6, 0, 9, 5],
        ),
        ([[-4, 6, -1, 3], [4, -6, -3, -6], [-5, -3, 4, -1], [5, 3, 3, 6]], [-7, -6, -7, 3]),
    ],
)
def test_a_float32_partial_pivoting_echelon_form_is_accepted_on_ill_conditioned_draws(
    rows, rhs
):
    """Hidden matrices that once failed a right float32 answer by float64 tolerances."""
    import numpy as np

    from mathforml.curriculum.c1.w2.assignment import _course_ref, judge_row_echelon
    from mathforml.grading.assignments._spec import Case
    from mathforml.grading.sandbox import CallResult

    A, B = np.array(rows), np.array(rhs).reshape(-1, 1)
    M = np.hstack((A, B)).astype(np.float32)
    n = len(A)
    for row in range(n):
        k = row + int(np.argmax(np.abs(M[row:, row])))
        M[[row, k]] = M[[k, row]]
        M[row] = M[row] / M[row, row]
        for j in range(row + 1, n):
            M[j] = M[j] - M[j, row] * M[row]
    case = Case("ill-conditioned", (A, B), expected=_course_ref(A, B)[0])
    verdict = judge_row_echelon(case, CallResult("a", True, M, None))
    assert verdict.passed, verdict.feedback
    wrong = M.copy()
    wrong[1, -1] += 0.5
    assert not judge_row_echelon(case, CallResult("a", True, wrong, None)).passed
