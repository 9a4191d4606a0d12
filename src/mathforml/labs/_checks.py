"""Public checks inside an assignment notebook: the grader's judges on public inputs.

The hidden tests draw their inputs from seed 0; these draw them from another seed,
so a learner sees the same kind of feedback as ``mathforml grade`` without seeing
the hidden cases. The learner's function runs here, in their own kernel: this is a
help while working, not the grade (the grade always runs in the sandbox).
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Seed of the public inputs; the hidden tests use seed 0.
PUBLIC_SEED = 20_240_601


@dataclass(frozen=True)
class PublicChecks:
    """The verdicts of the public checks for one function or one set of variables."""

    subject: str
    tests: tuple[Any, ...]  # TestReport

    @property
    def passed(self) -> bool:
        return all(t.passed for t in self.tests)

    def text(self) -> str:
        lines = []
        for t in self.tests:
            mark = "✓" if t.passed else "✗"
            lines.append(f"{mark} {t.name}")
            if t.feedback and t.feedback != "passed":
                lines.append("    " + t.feedback.replace("\n", "\n    "))
        if not self.tests:
            lines.append(f"no public checks for {self.subject}")
        elif self.passed:
            lines.append(
                f"All public checks of {self.subject} passed. The hidden tests use other inputs."
            )
        else:
            failed = sum(not t.passed for t in self.tests)
            lines.append(f"{failed} of {len(self.tests)} public checks of {self.subject} failed.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()


def _plain(value: Any) -> Any:
    """What the grader would receive from the sandbox: plain data only."""
    from mathforml.grading import _plain as plain

    return plain.decode(plain.encode(value), max_bytes=64 << 20)


def _call(function: Callable[..., Any], case: Any, call_id: str) -> Any:
    from mathforml.grading.sandbox import CallResult, ErrorInfo

    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(dict(case.kwargs))
    state = np.random.get_state()
    if isinstance(case.expected, dict) and "seed" in case.expected:
        # the grader's utils seed their generator; the learner's copy draws from NumPy's
        np.random.seed(int(case.expected["seed"]))
    try:
        value = function(*args, **kwargs)
    except Exception as error:
        frames = traceback.extract_tb(error.__traceback__)[1:]  # the learner's, not ours
        tb = "".join(traceback.format_list(frames[-2:])).strip()
        info = ErrorInfo(type(error).__name__, str(error), tb)
        return CallResult(call_id, False, None, info)
    finally:
        np.random.set_state(state)
    try:
        return CallResult(call_id, True, _plain(value), None)
    except Exception as error:  # not plain data
        message = f"the function returned a value that is not plain data ({error})"
        return CallResult(call_id, False, None, ErrorInfo("TypeError", message, ""))


def public_checks(
    assignment_id: str, function: Callable[..., Any] | None = None, /, **variables: Any
) -> PublicChecks:
    """Run the public checks of ``function`` (by its name), or of graded ``variables``.

    >>> public_checks("c1w2", row_echelon_form)           # doctest: +SKIP
    ✓ row_echelon_form: non-singular systems ...
    >>> public_checks("c1w4", X1=X1, P=P, X0=X0)          # doctest: +SKIP
    """
    from mathforml import curriculum
    from mathforml.grading.assignments._grade import call_id, judge_group
    from mathforml.grading.sandbox import CallResult

    assignment = curriculum.assignment(assignment_id)
    reports = []
    if function is not None:
        name = getattr(function, "__name__", str(function))
        for index, group in enumerate(assignment.groups):
            if group.function != name:
                continue
            cases = group.cases(np.random.default_rng([PUBLIC_SEED, index]))
            results = {
                call_id(index, ci): _call(function, case, call_id(index, ci))
                for ci, case in enumerate(cases)
            }
            reports.append(judge_group(group, cases, results, index))
        return PublicChecks(name, tuple(reports))
    values = {k: _plain(v) for k, v in variables.items() if _is_plain(v)}
    for index, group in enumerate(assignment.groups):
        if group.function or not set(group.variables) <= set(values):
            continue
        cases = group.cases(np.random.default_rng([PUBLIC_SEED, index]))
        results = {
            call_id(index, ci): CallResult(call_id(index, ci), True, dict(values), None)
            for ci in range(len(cases))
        }
        reports.append(judge_group(group, cases, results, index))
    return PublicChecks(", ".join(variables), tuple(reports))


def _is_plain(value: Any) -> bool:
    try:
        _plain(value)
    except Exception:
        return False
    return True
