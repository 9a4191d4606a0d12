"""Grade a submission: static check, one sandbox job, judgement in the parent.

The child receives only hidden inputs (``Case.args``); expected values and the
judges stay here. Each :class:`TestGroup` is all-or-nothing, which gives partial
credit across groups.

Hidden inputs cannot be reproduced outside the server: a grading draws fresh
cases by default (from a small stock built ahead, off the latency path), and
an explicit seed is mixed with a per-installation secret, so a submission cannot
carry a table of answers. Everything a report shows that the learner's code
could have written is stripped of terminal control sequences.
"""

from __future__ import annotations

import ast
import os
import re
import secrets
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mathforml.grading.assignments._spec import (
    ORIGINAL_SHAPE,
    Assignment,
    Case,
    TestGroup,
    Verdict,
)

if TYPE_CHECKING:
    from mathforml.grading.sandbox import CallResult, Job, JobResult, Sandbox


OUTCOME_FEEDBACK = {
    "timeout": "your code ran out of time: look for an infinite loop (a while loop whose "
    "condition never changes, or range(None)-style placeholders).",
    "memory": "your code used too much memory: look for a huge array built by mistake.",
    "output": "your code printed too much: remove prints inside loops.",
    "crashed": "the Python process running your code crashed",
}


# CSI (colours, cursor moves, screen clears) and OSC (titles, hyperlinks, clipboard)
# sequences whole, then any other C0/C1 control but newline and tab, and the Unicode
# bidirectional overrides that reorder what a terminal shows
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
)


def strip_controls(text: str) -> str:
    """``text`` without terminal control or escape sequences (``\\n`` and ``\\t`` kept).

    A report shows the learner's output and exception messages; printed by
    ``mathforml grade``, an escape sequence in them would act on the terminal of
    whoever runs it (rewrite lines, set the title, write to the clipboard).

    >>> strip_controls("ok\\x1b[2J\\x1b]0;pwned\\x07 done\\r\\n")
    'ok done\\n'
    """
    if text.isprintable():
        return text
    return _ESCAPES.sub("", text)


@dataclass(frozen=True)
class TestReport:
    __test__ = False  # not a pytest class

    name: str
    passed: bool
    points: int
    max_points: int
    feedback: str
    # False for an optional group (beyond the original course) that does not count in
    # this report: its points are in neither the score nor the maximum
    counted: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "feedback", strip_controls(self.feedback))


@dataclass
class GradeReport:
    assignment: str
    score: int
    max_score: int
    # passed | failed | error | timeout | memory | forbidden | output | crashed, or, before
    # anything ran, older-version | other-assignment (see _versions.py)
    outcome: str
    tests: list[TestReport] = field(default_factory=list)
    stdout: str = ""
    # remarks beyond the tests, e.g. a notebook cell that failed to run (shown, never scored)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stdout = strip_controls(self.stdout)
        self.notes = [strip_controls(n) for n in self.notes]

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
                    **({} if t.counted else {"counted": False}),
                }
                for t in self.tests
            ],
            "outcome": self.outcome,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        return data


# ---------------------------------------------------------------- hidden cases
SECRET_FILENAME = "grading-secret"  # noqa: S105 - a file name, not a secret
_SECRET_BYTES = 32
STOCK_SIZE = 2  # case sets built ahead per assignment (c1w4 costs ~50 ms to build)

_secret_words: tuple[int, ...] | None = None
_secret_lock = threading.Lock()


def _data_dir() -> Path:
    """The store's data folder (``$MATHFORML_DATA_DIR`` or the user data dir), found
    the same way; ``grading`` does not import the store."""
    configured = os.environ.get("MATHFORML_DATA_DIR", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_data_dir("mathforml"))


def _read_or_create_secret(path: Path) -> bytes:
    """The installation's secret: created once, readable by its owner only."""
    try:
        data = path.read_bytes()
        if len(data) == _SECRET_BYTES:
            return data
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = os.urandom(_SECRET_BYTES)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, fresh)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # the first writer wins; the others read its secret
    except FileExistsError:
        fresh = path.read_bytes()
    finally:
        tmp.unlink()
    if len(fresh) != _SECRET_BYTES:
        raise OSError(f"{path} is not a grading secret")
    return fresh


def secret_words() -> tuple[int, ...]:
    """The per-installation secret as 32-bit words for a seed sequence.

    Kept in the data folder, so an explicit seed gives the same cases on this
    installation across restarts and different ones elsewhere. When the folder
    cannot be written, a secret for this process only.
    """
    global _secret_words
    with _secret_lock:
        if _secret_words is None:
            try:
                raw = _read_or_create_secret(_data_dir() / SECRET_FILENAME)
            except OSError:
                raw = os.urandom(_SECRET_BYTES)
            words = [int.from_bytes(raw[i : i + 4], "little") for i in range(0, len(raw), 4)]
            _secret_words = tuple(words)
        return _secret_words


def _make_cases(assignment: Assignment, seed: int) -> list[list[Case]]:
    key = [*secret_words(), seed & (2**64 - 1)]
    return [
        group.cases(np.random.default_rng([*key, index]))
        for index, group in enumerate(assignment.groups)
    ]


class _Stock:
    """Fresh case sets built ahead, per assignment, in a background thread: each is
    used by one grading only, and building the next is off the grading's path.

    The thread builds only while no grading is in progress: building beside one
    would take the interpreter's lock from it (and cost it the time it saved).
    Under continuous load, gradings build their own sets."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.ready: dict[int, tuple[Assignment, deque[list[list[Case]]]]] = {}
        self.filling: set[int] = set()
        self.busy = 0
        self.idle = threading.Event()
        self.idle.set()

    @contextmanager
    def grading(self) -> Iterator[None]:
        """Marks a grading in progress (the fill thread waits for none)."""
        with self.lock:
            self.busy += 1
            self.idle.clear()
        try:
            yield
        finally:
            with self.lock:
                self.busy -= 1
                if self.busy == 0:
                    self.idle.set()

    def take(self, assignment: Assignment) -> list[list[Case]]:
        with self.lock:
            entry = self.ready.get(id(assignment))
            first = entry is None or entry[0] is not assignment
            if first:
                entry = self.ready[id(assignment)] = (assignment, deque())
            assert entry is not None
            cases = entry[1].popleft() if entry[1] else None
            # Stock only from the second grading on: a one-shot `mathforml grade`
            # would build sets that nobody uses.
            start = not first and id(assignment) not in self.filling
            if start:
                self.filling.add(id(assignment))
        if start:
            threading.Thread(
                target=self._fill, args=(assignment, entry[1]), name="mathforml-cases", daemon=True
            ).start()
        return cases if cases is not None else _make_cases(assignment, secrets.randbits(64))

    def _fill(self, assignment: Assignment, ready: deque[list[list[Case]]]) -> None:
        try:
            while len(ready) < self.size:
                self.idle.wait()
                ready.append(_make_cases(assignment, secrets.randbits(64)))
        finally:
            with self.lock:
                self.filling.discard(id(assignment))


_STOCK = _Stock(STOCK_SIZE)


def grading_in_progress() -> AbstractContextManager[None]:
    """Wrap a grading, so that fresh case sets are built ahead only between them."""
    return _STOCK.grading()
_CASES: dict[tuple[int, int], tuple[Assignment, list[list[Case]]]] = {}
_CASES_LOCK = threading.Lock()
_CASES_KEEP = 64


def build_cases(assignment: Assignment, seed: int | None = None) -> list[list[Case]]:
    """Hidden cases of every group; each group has its own stream of the seed.

    ``seed=None`` (what grading uses) gives a fresh set that no other grading gets.
    An explicit seed gives the same cases every time on this installation (tests,
    benchmarks); they are mixed with the installation's secret, so they cannot be
    computed outside the server. Seeded sets cost up to tens of milliseconds to
    build, so recent ones are kept (they are never mutated).
    """
    if seed is None:
        return _STOCK.take(assignment)
    key = (id(assignment), seed)
    with _CASES_LOCK:
        cached = _CASES.get(key)
    if cached is not None and cached[0] is assignment:
        return cached[1]
    cases = _make_cases(assignment, seed)
    with _CASES_LOCK:
        if len(_CASES) >= _CASES_KEEP:
            _CASES.pop(next(iter(_CASES)))
        _CASES[key] = (assignment, cases)
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


def find_placeholders(source: str, tree: ast.Module | None = None) -> list[tuple[str, int]]:
    """The ``None`` placeholders a submission still holds, as (function, line) pairs.

    The starters (ours and the original's) put ``None`` where code is missing:
    ``M[None, None]``, ``range(None)``, ``f(None, None)``, ``x = None``. A ``None``
    counts as a placeholder left when it stands where a value is being computed
    (a call's argument, an index, an operand, or the whole value of an assignment
    whose name the function never assigns again) and lies in a function's
    ``### START CODE HERE ###`` … ``### END CODE HERE ###`` region (the whole
    function when it has no markers). ``return None``, ``x is None`` and a default
    ``None`` later replaced are deliberate code, not placeholders.
    """
    if tree is None:
        tree = parse_or_none(source)
        if tree is None:
            return []
    lines = source.splitlines()
    found: list[tuple[str, int]] = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        end = fn.end_lineno or fn.lineno
        regions: list[tuple[int, int]] = []
        start: int | None = None
        for number in range(fn.lineno, min(end, len(lines)) + 1):
            text = lines[number - 1].upper()
            if "START CODE HERE" in text:
                start = number
            elif "END CODE HERE" in text and start is not None:
                regions.append((start, number))
                start = None
        if not regions:
            regions = [(fn.lineno, end)]
        assigned: dict[str, list[int]] = {}
        for node in ast.walk(fn):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                assigned.setdefault(node.id, []).append(node.lineno)
        for node in ast.walk(fn):
            holes: list[ast.AST] = []
            if isinstance(node, ast.Call):
                holes = [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.Subscript):
                index = node.slice
                holes = list(index.elts) if isinstance(index, ast.Tuple) else [index]
            elif isinstance(node, ast.BinOp):
                holes = [node.left, node.right]
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                names = [target.id] if isinstance(target, ast.Name) else []
                if not isinstance(target, ast.Name) or all(
                    line <= node.lineno for line in assigned.get(names[0], [])
                ):
                    holes = [node.value]
            for hole in holes:
                if (
                    isinstance(hole, ast.Constant)
                    and hole.value is None
                    and any(a <= hole.lineno <= b for a, b in regions)
                ):
                    found.append((fn.name, hole.lineno))
    return sorted(set(found), key=lambda f: f[1])


def _placeholder_hint(placeholders: list[tuple[str, int]] | None) -> str:
    if placeholders is None:  # the source is unknown: say it may be
        return (
            " A None placeholder may still be in your code: replace each None between "
            "### START CODE HERE ### and ### END CODE HERE ###."
        )
    if not placeholders:
        return ""
    where = ", ".join(f"{name} (line {line})" for name, line in placeholders[:3])
    return (
        f" A None placeholder is still in your code, in {where}: replace each None between "
        "### START CODE HERE ### and ### END CODE HERE ###."
    )


def call_error_feedback(
    function: str,
    result: CallResult,
    hints: tuple[tuple[str, str], ...] = (),
    placeholders: list[tuple[str, int]] | None = None,
) -> str:
    """Teach from an exception raised by the learner's function.

    An error mentioning ``None`` gets the placeholder hint only when ``placeholders``
    (see :func:`find_placeholders`) lists one left in the code; ``None`` means the
    source is unknown, and the hint then says a placeholder *may* be left.
    """
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
        hint = _placeholder_hint(placeholders)
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


def parameter_names(signature: str) -> tuple[str, ...]:
    """``"f(A, B, k=2)"`` → ``("A", "B", "k")``: names for a failing test's input."""
    inside = signature.partition("(")[2].rpartition(")")[0]
    names = [p.split("=")[0].strip().lstrip("*") for p in inside.split(",")]
    return tuple(n for n in names if n)


def show_case(case: Case, params: tuple[str, ...] = (), expected: bool = False) -> str:
    """The input of a failing test, so the learner can reproduce it, and its expected
    value when the assignment's policy shows it."""
    from mathforml.grading.assignments._compare import show_input

    parts = []
    for i, arg in enumerate(case.args):
        name = params[i] if i < len(params) else f"argument {i + 1}"
        parts.append(f"{name} = {show_input(arg)}")
    parts += [f"{k} = {show_input(v)}" for k, v in case.kwargs.items()]
    text = ("\n  input: " + "; ".join(parts)) if parts else ""
    if expected and case.expected is not None and not isinstance(case.expected, dict):
        text += f"\n  expected: {show_input(case.expected)}"
    return text


def judge_group(
    group: TestGroup,
    cases: list[Case],
    results: dict[str, CallResult],
    index: int,
    *,
    params: tuple[str, ...] = (),
    shows_expected: bool = False,
    placeholders: list[tuple[str, int]] | None = None,
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
                    call_error_feedback(
                        group.function or "your code", result, group.error_hints, placeholders
                    ),
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
    feedback += show_case(case, params, shows_expected)
    return TestReport(group.name, False, 0, group.points, feedback)


def _absent(group: TestGroup, cases: list[Case], results: dict[str, CallResult], gi: int) -> bool:
    """Whether the learner's code lacks the group's function (or has it as a variable)."""
    for ci in range(len(cases)):
        result = results.get(call_id(gi, ci))
        error = result.error if result is not None else None
        if error is None or error.type != "NameError":
            return False
        message = error.message or ""
        if f"define {group.function!r}" not in message and "not as a function" not in message:
            return False
    return bool(cases)


def _optional_report(group: TestGroup, report: TestReport, absent: bool) -> TestReport:
    """An optional group's report: counted as usual, or shown with 0 of 0 points."""
    if absent:
        return TestReport(
            report.name,
            False,
            0,
            0,
            f"not counted: your code has no function {group.function}, and {group.optional}.",
            counted=False,
        )
    if group.counted_when == "passed" and not report.passed:
        return TestReport(
            report.name,
            False,
            0,
            0,
            f"not counted ({group.optional}): {report.feedback}",
            counted=False,
        )
    return report


def judge_job(
    assignment: Assignment,
    cases: list[list[Case]],
    result: JobResult,
    *,
    source: str | None = None,
    tree: ast.Module | None = None,
) -> GradeReport:
    """Turn a finished job into a report; every comparison happens here, in the parent.

    ``source`` is the code that ran: with it, an error mentioning ``None`` is blamed
    on a placeholder only when one is left (see :func:`find_placeholders`).
    """
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
    placeholders = None if source is None else find_placeholders(source, tree)
    reports = []
    for gi, (group, group_cases) in enumerate(zip(assignment.groups, cases, strict=True)):
        if group.function:
            try:
                params = parameter_names(assignment.function(group.function).signature)
            except KeyError:
                params = ()
            report = judge_group(
                group,
                group_cases,
                by_id,
                gi,
                params=params,
                shows_expected=assignment.shows_expected,
                placeholders=placeholders,
            )
            if group.optional:
                report = _optional_report(group, report, _absent(group, group_cases, by_id, gi))
            reports.append(report)
        else:
            reports.append(_judge_variables(group, group_cases, result, gi))
    score = sum(t.points for t in reports)
    max_score = sum(t.max_points for t in reports)
    verdict = "passed" if score == max_score else "failed"
    notes = list(getattr(result, "notes", ()) or ())  # e.g. NumPy 1 spellings it ran
    return GradeReport(assignment.id, score, max_score, verdict, reports, stdout, notes=notes)


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
    assignment: Assignment,
    source: str,
    *,
    sandbox: Sandbox | None = None,
    seed: int | None = None,
) -> GradeReport:
    """Grade ``source`` (a learner's Python code) against ``assignment``, on fresh
    hidden cases unless ``seed`` asks for a reproducible set (see :func:`build_cases`)."""
    from mathforml.grading.assignments._versions import version_report

    if (older := version_report(assignment, source)) is not None:
        return older  # an older version of the course's assignment: explained, never run
    with grading_in_progress():
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
        return judge_job(assignment, cases, result, source=source)
