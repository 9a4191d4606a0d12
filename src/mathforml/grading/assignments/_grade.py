"""Grade a submission: static check, one sandbox job, judgement in the parent.

The child receives only hidden inputs (``Case.args``); expected values and the
judges stay here. Each :class:`TestGroup` is all-or-nothing, which gives partial
credit across groups.
"""

from __future__ import annotations

import ast
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from mathforml.grading.assignments._spec import Assignment, Case, TestGroup, Verdict

if TYPE_CHECKING:
    from mathforml.grading.sandbox import CallResult, Job, JobResult, Sandbox

ORIGINAL_SHAPE = "original-shape"  # Case.note of a case using the course's own data shape

OUTCOME_FEEDBACK = {
    "timeout": "your code ran out of time: look for an infinite loop (a while loop whose "
    "condition never changes, or range(None)-style placeholders).",
    "memory": "your code used too much memory: look for a huge array built by mistake.",
    "output": "your code printed too much: remove prints inside loops.",
    "crashed": "the Python process running your code crashed",
}


@dataclass(frozen=True)
class TestReport:
    __test__ = False  # not a pytest class

    name: str
    passed: bool
    points: int
    max_points: int
    feedback: str


@dataclass
class GradeReport:
    assignment: str
    score: int
    max_score: int
    outcome: str  # passed | failed | error | timeout | memory | forbidden | output | crashed
    tests: list[TestReport] = field(default_factory=list)
    stdout: str = ""
    # remarks beyond the tests, e.g. a notebook cell that failed to run (shown, never scored)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "assignment": self.assignment,
            "score": self.score,
            "max_score": self.max_score,
            "tests": [
                {
                    "name": t.name,
                    "passed": t.passed,
                    "points": t.points,
                    "max_points": t.max_points,
                    "feedback": t.feedback,
                }
                for t in self.tests
            ],
            "outcome": self.outcome,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        return data


_CASES: dict[tuple[int, int], list[list[Case]]] = {}
_CASES_LOCK = threading.Lock()
_CASES_KEEP = 64


def build_cases(assignment: Assignment, seed: int = 0) -> list[list[Case]]:
    """Hidden cases of every group; each group has its own stream of the seed.

    Cases are a pure function of (assignment, seed) and cost tens of
    milliseconds to generate, so recent ones are kept (they are never mutated).
    """
    key = (id(assignment), seed)
    with _CASES_LOCK:
        cached = _CASES.get(key)
    if cached is not None:
        return cached
    cases = [
        group.cases(np.random.default_rng([seed, index]))
        for index, group in enumerate(assignment.groups)
    ]
    with _CASES_LOCK:
        if len(_CASES) >= _CASES_KEEP:
            _CASES.pop(next(iter(_CASES)))
        _CASES[key] = cases
    return cases


def call_id(group_index: int, case_index: int) -> str:
    return f"g{group_index}c{case_index}"


def build_job(assignment: Assignment, source: str, cases: list[list[Case]]) -> Job:
    from mathforml.grading.sandbox import Call, Job

    calls = [
        Call(id=call_id(gi, ci), function=group.function, args=case.args, kwargs=dict(case.kwargs))
        for gi, (group, group_cases) in enumerate(zip(assignment.groups, cases, strict=True))
        if group.function
        for ci, case in enumerate(group_cases)
    ]
    names: list[str] = list(assignment.variables)
    for group in assignment.groups:
        names += [v for v in group.variables if v not in names]
    return Job(
        source=source,
        calls=tuple(calls),
        variables=tuple(names),
        modules=dict(assignment.modules),
        forbidden=tuple(f.name for f in assignment.forbidden),
    )


def parse_or_none(source: str) -> ast.Module | None:
    """The submission's syntax tree, or ``None`` when it does not parse (running it
    then reports the error in the learner's own terms)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _static_findings(
    assignment: Assignment, source: str, tree: ast.Module | None = None
) -> list[str]:
    if not assignment.forbidden:
        return []
    from mathforml.grading._static import find_forbidden

    messages = {f.name: f.message for f in assignment.forbidden}
    out = []
    for finding in find_forbidden(source, tuple(messages), tree=tree):
        message = messages.get(finding.name, finding.message)
        out.append(f"line {finding.line}: {message}")
    return out


def _forbidden_message(assignment: Assignment, detail: str) -> str:
    for f in assignment.forbidden:
        short = f.name.replace("numpy.", "np.")
        if f.name in detail or short in detail:
            return f.message
    return detail or "your code called a function that is not allowed in this assignment."


def _fail_all(assignment: Assignment, outcome: str, feedback: str, stdout: str = "") -> GradeReport:
    tests = [TestReport(g.name, False, 0, g.points, feedback) for g in assignment.groups]
    return GradeReport(assignment.id, 0, assignment.max_score, outcome, tests, stdout)


def _error_text(error: Any) -> str:
    if error is None:
        return ""
    text = f"{error.type}: {error.message}"
    tb = (getattr(error, "traceback", "") or "").strip()
    return f"{text}\n{tb}" if tb else text


def call_error_feedback(
    function: str, result: CallResult, hints: tuple[tuple[str, str], ...] = ()
) -> str:
    """Teach from an exception raised by the learner's function."""
    error = result.error
    if error is None:
        return f"{function} did not return a value."
    message = error.message or ""
    if error.type in {"NameError", "AttributeError", "KeyError", "LookupError"} and (
        function in message
        and (
            "not defined" in message
            or "does not define" in message
            or "no attribute" in message
            or "not found" in message
            or message.strip("'\"") == function
        )
    ):
        return (
            f"your code does not define {function}: keep the original name and signature "
            f"({function} is called by the grader)."
        )
    hint = ""
    if "NoneType" in message or "None" in message:
        hint = (
            " A None placeholder may still be in your code: replace each None between "
            "### START CODE HERE ### and ### END CODE HERE ###."
        )
    for kind, text in hints:
        if error.type == kind:
            hint = " " + text
    base = f"{function} raised {error.type}: {message}.{hint}"
    tb = (getattr(error, "traceback", "") or "").strip()
    if tb:
        base += "\n" + tb
    return base


def _shape_of(case: Case) -> tuple[int, ...] | None:
    for arg in case.args:
        if isinstance(arg, np.ndarray) and arg.ndim == 2:
            return tuple(int(s) for s in arg.shape)
    return None


def _hardcoded_shape_feedback(cases: list[Case], verdicts: list[Verdict]) -> str | None:
    """A solution right on the course's data shape and wrong elsewhere hard-codes it."""
    good = [
        c for c, v in zip(cases, verdicts, strict=True) if v.passed and c.note == ORIGINAL_SHAPE
    ]
    bad = [c for c, v in zip(cases, verdicts, strict=True) if not v.passed and _shape_of(c)]
    if not good or not bad:
        return None
    g, b = _shape_of(good[0]), _shape_of(bad[0])
    if g is None or b is None or g == b:
        return None
    return (
        f"works for {g[0]}×{g[1]} data, fails for {b[0]}×{b[1]}: use the shape of the input "
        "(e.g. Y.shape) instead of fixed numbers."
    )


def judge_group(
    group: TestGroup, cases: list[Case], results: dict[str, CallResult], index: int
) -> TestReport:
    verdicts: list[Verdict] = []
    for ci, case in enumerate(cases):
        result = results.get(call_id(index, ci))
        if result is None:
            verdicts.append(Verdict(False, "the grader got no result for this call."))
        elif not result.ok:
            verdicts.append(
                Verdict(
                    False,
                    call_error_feedback(group.function or "your code", result, group.error_hints),
                )
            )
        else:
            verdicts.append(group.judge(case, result))
    failed = [(c, v) for c, v in zip(cases, verdicts, strict=True) if not v.passed]
    notes = sorted({v.note for v in verdicts if v.note})
    if not failed:
        feedback = "passed" + (f" (note: {'; '.join(notes)})" if notes else "")
        return TestReport(group.name, True, group.points, group.points, feedback)
    shape_feedback = _hardcoded_shape_feedback(cases, verdicts)
    case, verdict = failed[0]
    feedback = shape_feedback or f"{case.label}: {verdict.feedback}"
    return TestReport(group.name, False, 0, group.points, feedback)


def judge_job(assignment: Assignment, cases: list[list[Case]], result: JobResult) -> GradeReport:
    """Turn a finished job into a report; every comparison happens here, in the parent."""
    stdout = getattr(result, "stdout", "") or ""
    outcome = result.outcome
    if outcome == "forbidden":
        detail = result.detail or (result.error.message if result.error else "")
        return _fail_all(assignment, "forbidden", _forbidden_message(assignment, detail), stdout)
    if outcome == "error":
        text = _error_text(result.error) or result.detail
        return _fail_all(
            assignment, "error", f"your code raised an error while loading: {text}", stdout
        )
    if outcome != "ok":
        feedback = OUTCOME_FEEDBACK.get(outcome, "the grading failed")
        if result.detail and outcome == "crashed":
            feedback += f": {result.detail}"
        return _fail_all(assignment, outcome, feedback, stdout)
    by_id = {c.id: c for c in result.calls}
    reports = []
    for gi, (group, group_cases) in enumerate(zip(assignment.groups, cases, strict=True)):
        if group.function:
            reports.append(judge_group(group, group_cases, by_id, gi))
        else:
            reports.append(_judge_variables(group, group_cases, result, gi))
    score = sum(t.points for t in reports)
    verdict = "passed" if score == assignment.max_score else "failed"
    return GradeReport(assignment.id, score, assignment.max_score, verdict, reports, stdout)


def _judge_variables(group: TestGroup, cases: list[Case], result: JobResult, gi: int) -> TestReport:
    from mathforml.grading.sandbox import CallResult, ErrorInfo

    variables = result.variables or {}
    missing = [v for v in group.variables if v not in variables]
    fake: dict[str, CallResult] = {}
    for ci in range(len(cases)):
        if missing:
            fake[call_id(gi, ci)] = CallResult(
                id=call_id(gi, ci),
                ok=False,
                value=None,
                error=ErrorInfo(
                    type="NameError",
                    message=f"your code does not define the variable {missing[0]} at module level",
                    traceback="",
                ),
            )
        else:
            value = dict(variables)  # every returned variable: a judge may use the learner's data
            fake[call_id(gi, ci)] = CallResult(id=call_id(gi, ci), ok=True, value=value, error=None)
    report = judge_group(group, cases, fake, gi)
    if missing and not report.passed:
        feedback = (
            f"your code does not define {missing[0]} at module level: keep the graded "
            f"variable's original name ({', '.join(group.variables)})."
        )
        return TestReport(report.name, False, 0, report.max_points, feedback)
    return report


def grade(
    assignment: Assignment, source: str, *, sandbox: Sandbox | None = None, seed: int = 0
) -> GradeReport:
    """Grade ``source`` (a learner's Python code) against ``assignment``."""
    tree = parse_or_none(source)  # parsed once, for the static check and ``prepare``
    findings = _static_findings(assignment, source, tree)
    if findings:
        return _fail_all(assignment, "forbidden", "; ".join(findings))
    from mathforml.grading.sandbox import default_sandbox

    cases = build_cases(assignment, seed)
    if assignment.prepare is not None:
        source = assignment.prepare(source, tree)
    job = build_job(assignment, source, cases)
    result = (sandbox or default_sandbox()).run(job)
    return judge_job(assignment, cases, result)
