"""Parent-side judging from constructed sandbox results, and the specs themselves."""

from __future__ import annotations

import ast
import inspect

import numpy as np
import pytest

from mathforml import curriculum
from mathforml.grading.assignments._grade import build_cases, build_job, call_id, judge_job
from mathforml.grading.sandbox import CallResult, ErrorInfo, JobResult

ASSIGNMENTS = {a.id: a for a in curriculum.assignments()}

C1W2 = curriculum.assignment("c1w2")

ORIGINAL_SIGNATURES = {
    "c1w2": {
        "swap_rows": "(M, row_index_1, row_index_2)",
        "get_index_first_non_zero_value_from_column": "(M, column, starting_row)",
        "get_index_first_non_zero_value_from_row": "(M, row, augmented=False)",
        "augmented_matrix": "(A, B)",
        "row_echelon_form": "(A, B)",
        "back_substitution": "(M)",
        "gaussian_elimination": "(A, B)",
    },
    "c1w3": {
        "T_stretch": "(a, v)",
        "T_hshear": "(m, v)",
        "T_rotation": "(theta, v)",
        "T_rotation_and_stretch": "(theta, a, v)",
        "forward_propagation": "(X, parameters)",
        "compute_cost": "(Y_hat, Y)",
        "nn_model": "(X, Y, num_iterations=1000, print_cost=False)",
        "predict": "(X, parameters)",
    },
    "c1w4": {
        "check_eigenvector": "(P, X_inf)",
        "center_data": "(Y)",
        "get_cov_matrix": "(X)",
        "perform_PCA": "(X, eigenvecs, k)",
    },
}


def _signatures(source: str) -> dict[str, str]:
    namespace: dict[str, object] = {}
    tree = ast.parse(source)
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    exec(compile(ast.Module(body=defs, type_ignores=[]), "s", "exec"), namespace)
    return {d.name: str(inspect.signature(namespace[d.name])) for d in defs}


@pytest.mark.parametrize("assignment_id", sorted(ORIGINAL_SIGNATURES))
def test_starter_and_reference_keep_the_original_names_and_signatures(assignment_id):
    a = curriculum.assignment(assignment_id)
    for source in (a.starter, a.reference):
        sigs = _signatures(source)
        for name, sig in ORIGINAL_SIGNATURES[assignment_id].items():
            assert sigs[name] == sig, (assignment_id, name)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS.values()), ids=list(ASSIGNMENTS))
def test_every_assignment_is_complete(assignment):
    assert "### START CODE HERE ###" in assignment.starter
    assert "### END CODE HERE ###" in assignment.starter
    assert "None" in assignment.starter
    assert "$" in assignment.instructions
    graded = {g.function for g in assignment.groups if g.function}
    assert graded <= {f.name for f in assignment.functions}
    assert assignment.max_score == sum(g.points for g in assignment.groups) > 0


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS.values()), ids=list(ASSIGNMENTS))
def test_cases_are_a_pure_function_of_the_seed(assignment):
    first = [g.cases(np.random.default_rng([5, i])) for i, g in enumerate(assignment.groups)]
    again = [g.cases(np.random.default_rng([5, i])) for i, g in enumerate(assignment.groups)]
    for xs, ys in zip(first, again, strict=True):
        assert [c.label for c in xs] == [c.label for c in ys]
        for x, y in zip(xs, ys, strict=True):
            for u, v in zip(x.args, y.args, strict=True):
                if isinstance(u, np.ndarray):
                    assert np.array_equal(u, v)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS.values()), ids=list(ASSIGNMENTS))
def test_the_job_carries_no_expected_value_nor_reference_code(assignment):
    job = build_job(assignment, "pass", build_cases(assignment, 0))
    text = repr(job)
    assert "expected" not in text
    assert assignment.reference not in text
    for module in job.modules.values():
        assert "def nn_model" not in module
        assert "def row_echelon_form" not in module


def test_c1w2_hidden_cases_cover_edges():
    cases = [c for group in build_cases(C1W2, 0) for c in group]
    shapes = {c.args[0].shape for c in cases}
    assert (1, 1) in shapes
    assert (6, 6) in shapes
    assert sum(c.expected == "Singular system" for c in cases if isinstance(c.expected, str)) >= 5
    assert any("zero pivot" in c.label for c in cases)


def _ok_result(assignment, values_by_case) -> JobResult:
    cases = build_cases(assignment, 0)
    calls = []
    for gi, (group, group_cases) in enumerate(zip(assignment.groups, cases, strict=True)):
        for ci, case in enumerate(group_cases):
            calls.append(CallResult(call_id(gi, ci), True, values_by_case(group, case), None))
    return JobResult("ok", tuple(calls))


def test_returning_the_expected_values_earns_full_marks_in_the_parent():
    report = judge_job(C1W2, build_cases(C1W2, 0), _ok_result(C1W2, lambda g, c: c.expected))
    assert (report.score, report.outcome) == (10, "passed")


def test_an_ndarray_subclass_or_eq_trick_cannot_reach_the_parent_as_an_object():
    # the child returns plain data; a value that is merely "equal to everything" is a string
    report = judge_job(C1W2, build_cases(C1W2, 0), _ok_result(C1W2, lambda g, c: "ALL PASSED"))
    assert report.score == 0


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("timeout", "infinite loop"),
        ("memory", "too much memory"),
        ("output", "printed too much"),
        ("crashed", "crashed"),
    ],
)
def test_each_sandbox_outcome_scores_zero_with_its_own_feedback(outcome, words):
    report = judge_job(C1W2, build_cases(C1W2, 0), JobResult(outcome, detail="signal 11"))
    assert (report.score, report.outcome) == (0, outcome)
    assert all(words in t.feedback for t in report.tests)


def test_a_forbidden_call_at_run_time_gets_the_assignments_message():
    result = JobResult("forbidden", detail="numpy.linalg.inv is not allowed in this assignment")
    report = judge_job(C1W2, build_cases(C1W2, 0), result)
    assert report.outcome == "forbidden"
    assert (
        "solve the system by elimination and back substitution instead of inverting A"
        in report.tests[0].feedback
    )


def test_an_error_at_import_shows_the_learners_traceback():
    error = ErrorInfo("SyntaxError", "invalid syntax", 'File "submission.py", line 3')
    report = judge_job(C1W2, build_cases(C1W2, 0), JobResult("error", error=error))
    assert report.outcome == "error"
    assert "SyntaxError: invalid syntax" in report.tests[0].feedback
    assert "line 3" in report.tests[0].feedback


def test_a_missing_function_is_named_with_its_original_name():
    def value(group, case):
        return case.expected

    result = _ok_result(C1W2, value)
    error = ErrorInfo("NameError", "the submission does not define 'back_substitution'", "")
    calls = tuple(
        CallResult(c.id, False, None, error) if c.id.startswith("g3") else c for c in result.calls
    )
    report = judge_job(C1W2, build_cases(C1W2, 0), JobResult("ok", calls))
    assert report.score == 7
    back = next(t for t in report.tests if t.name == "back_substitution")
    assert "does not define back_substitution: keep the original name" in back.feedback


def test_report_json_has_exactly_the_documented_keys():
    report = judge_job(C1W2, build_cases(C1W2, 0), JobResult("timeout"))
    data = report.to_json()
    assert list(data) == ["assignment", "score", "max_score", "tests", "outcome"]
    assert list(data["tests"][0]) == ["name", "passed", "points", "max_points", "feedback"]


def test_assignments_stand_alone_from_engine_curriculum_and_cli():
    import subprocess
    import sys

    code = (
        "import sys, mathforml.grading.assignments; "
        "print(sorted(m for m in sys.modules if m.startswith(('mathforml.engine', "
        "'mathforml.curriculum', 'mathforml.cli'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- hidden cases cannot be reproduced outside the server --------------------------------

from mathforml.grading.assignments import _grade  # noqa: E402
from mathforml.grading.assignments._grade import GradeReport, TestReport, strip_controls  # noqa: E402


def _inputs(cases) -> list[bytes]:
    return [
        b"".join(np.asarray(a).tobytes() for a in c.args if isinstance(a, np.ndarray))
        for group in cases
        for c in group
    ]


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS.values()), ids=list(ASSIGNMENTS))
def test_two_gradings_get_different_hidden_inputs_by_default(assignment):
    assert _inputs(build_cases(assignment)) != _inputs(build_cases(assignment))


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS.values()), ids=list(ASSIGNMENTS))
def test_a_seed_reproduces_its_cases_but_not_outside_this_installation(assignment):
    assert _inputs(build_cases(assignment, 7)) == _inputs(_grade._make_cases(assignment, 7))
    # what anyone can compute from the seed alone, without the installation's secret
    public = [g.cases(np.random.default_rng([7, i])) for i, g in enumerate(assignment.groups)]
    assert _inputs(build_cases(assignment, 7)) != _inputs(public)


def test_fresh_case_sets_are_never_handed_out_twice():
    seen = [id(build_cases(C1W2)) for _ in range(6)]
    assert len(set(seen)) == 6


def test_the_secret_is_created_once_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("MATHFORML_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(_grade, "_secret_words", None)
    first = _grade.secret_words()
    path = tmp_path / _grade.SECRET_FILENAME
    assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setattr(_grade, "_secret_words", None)
    assert _grade.secret_words() == first  # read back, not replaced
    monkeypatch.setattr(_grade, "_secret_words", None)
    path.unlink()
    assert _grade.secret_words() != first


def test_an_unwritable_data_dir_falls_back_to_a_process_secret(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MATHFORML_DATA_DIR", str(blocker / "sub"))
    monkeypatch.setattr(_grade, "_secret_words", None)
    assert len(_grade.secret_words()) == 8


def _lookup_table_submission(cases) -> str:
    table = {}
    for group, group_cases in zip(C1W2.groups, cases, strict=True):
        for case in group_cases:
            key = repr((group.function, [np.asarray(a).tolist() for a in case.args]))
            e = case.expected
            table[key] = e if isinstance(e, str) else np.asarray(e).tolist()
    lines = [
        "import numpy as np",
        f"TABLE = {table!r}",
        "def _answer(name, *args):",
        "    value = TABLE.get(repr((name, [np.asarray(a).tolist() for a in args])))",
        "    return value if isinstance(value, str) or value is None else np.array(value)",
    ]
    for name in ("row_echelon_form", "gaussian_elimination"):
        lines += [f"def {name}(A, B):", f"    return _answer({name!r}, A, B)"]
    lines += ["def back_substitution(M):", "    return _answer('back_substitution', M)"]
    return "\n".join(lines) + "\n"


def test_a_table_of_seed_0_answers_no_longer_earns_full_marks():
    from mathforml.grading.assignments import grade
    from mathforml.grading.sandbox import default_sandbox

    source = _lookup_table_submission(build_cases(C1W2, 0))
    assert grade(C1W2, source, sandbox=default_sandbox(), seed=0).score == C1W2.max_score
    report = grade(C1W2, source, sandbox=default_sandbox())
    assert report.score < C1W2.max_score / 2


# -- control characters never reach whoever reads a report -------------------------------


def test_strip_controls_removes_escape_sequences_and_keeps_newlines_and_tabs():
    hostile = (
        "a\x1b[31mred\x1b[0m\x1b]0;title\x07\x1b]52;c;ZXZpbA==\x1b\\"
        "\rb\x00\x7f\x9b2J\u202ec\n\td"
    )
    assert strip_controls(hostile) == "aredbc\n\td"
    assert strip_controls("plain text, ünïcode ✓\n") == "plain text, ünïcode ✓\n"


def test_every_learner_derived_string_of_a_report_is_stripped():
    report = GradeReport(
        "c1w1", 0, 1, "failed",
        [TestReport("t", False, 0, 1, "got \x1b[2J'x'")],
        stdout="\x1b]0;owned\x07hi\n",
        notes=["cell 3 \x1b[1Afailed"],
    )  # fmt: skip
    text = repr(report.to_json()) + report.stdout
    assert "\x1b" not in text
    assert report.stdout == "hi\n"
    assert report.tests[0].feedback == "got 'x'"
    assert report.notes == ["cell 3 failed"]


def test_a_submission_cannot_write_escape_sequences_through_its_report():
    from mathforml.grading.assignments import grade
    from mathforml.grading.sandbox import default_sandbox

    a = curriculum.assignment("c1w1")
    source = (
        a.reference
        + "\nprint('\\x1b]0;owned\\x07\\x1b[2Jcleared')\n"
        + "def is_singular(A):\n    raise ValueError('\\x1b[31mred\\x1b[0m\\r')\n"
    )
    report = grade(a, source, sandbox=default_sandbox(), seed=0)
    shown = report.stdout + repr(report.to_json())
    assert "cleared" in report.stdout
    assert "red" in shown
    assert "\x1b" not in shown  # the traceback may quote the source's text "\\x1b", inert
