"""The trusted side never runs learner-sized work: every judge answers a hostile
returned value with a clear verdict, fast, and quotes it only in a few words.

Each graded function of every assignment gets values a learner's code could
return through the plain-data codec (and a few it could not, for defence in
depth); the judge must not raise, must fail the case, must explain in under
``MAX_FEEDBACK`` characters, and must finish in under ``BUDGET_S``.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest

from mathforml import curriculum
from mathforml.grading.assignments._grade import build_cases
from mathforml.grading.sandbox import CallResult

ASSIGNMENTS = {a.id: a for a in curriculum.assignments()}

BUDGET_S = 0.050
MAX_FEEDBACK = 400


def _deep(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


HOSTILE: dict[str, Any] = {
    "a 1000×1000 array": np.ones((1000, 1000)),
    "a 2300×2300 stochastic uint8 matrix": np.eye(2300, dtype=np.uint8),
    "an 8 MB string": "x," * 4_000_000,
    "a list nested 64 deep": _deep(64),
    "a flat list of 299k floats": [0.5] * 299_000,
    "a 4096×55 nested list": [[0.1] * 55] * 4096,
    "a ragged list": [[1.0, 2.0], [3.0]],
    "nan": float("nan"),
    "an inf array": np.full(1000, np.inf),
    "an object array": np.array([object()] * 3),
    "a dict of 20k lists": {str(i): [0.5] * 10 for i in range(20_000)},
    "None": None,
    "a complex number": 1 + 2j,
    "a 4000-digit integer": 10**3999,
    "a complex 1000×1000 array": np.ones((1000, 1000), complex) * 1j,
}


def _cases() -> list[tuple[str, int, int]]:
    out = []
    for aid, assignment in ASSIGNMENTS.items():
        for gi, cases in enumerate(build_cases(assignment, 0)):
            out.append((aid, gi, 0))
            out.append((aid, gi, len(cases) - 1))
    return sorted(set(out))


def _judge_time(aid: str, gi: int, ci: int, value: Any) -> tuple[Any, float]:
    assignment = curriculum.assignment(aid)
    group = assignment.groups[gi]
    case = build_cases(assignment, 0)[gi][ci]
    if not group.function:  # a variables group: every variable it may read is hostile
        value = dict.fromkeys(("P", "X0", "X1", "X_inf", *group.variables), value)
    best, verdict = float("inf"), None
    for _ in range(2):  # the better of two runs: the machine is shared
        start = time.perf_counter()
        verdict = group.judge(case, CallResult("x", True, value, None))
        best = min(best, time.perf_counter() - start)
    return verdict, best


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize(("aid", "gi", "ci"), _cases())
def test_every_judge_fails_a_hostile_value_fast_and_says_why_briefly(
    aid: str, gi: int, ci: int, name: str
) -> None:
    verdict, elapsed = _judge_time(aid, gi, ci, HOSTILE[name])
    assert not verdict.passed, (aid, gi, name)
    assert 0 < len(verdict.feedback) <= MAX_FEEDBACK, verdict.feedback[:500]
    assert elapsed < BUDGET_S, f"{aid} group {gi} took {elapsed * 1000:.0f} ms on {name}"


def test_a_learner_markov_matrix_of_any_size_costs_no_eigendecomposition() -> None:
    """The 8-second path: X_inf judged against a learner's 2300×2300 P."""
    a = curriculum.assignment("c1w4")
    gi = next(i for i, g in enumerate(a.groups) if g.variables == ("X_inf",))
    rng = np.random.default_rng(1)
    P = rng.random((2300, 2300))
    P /= P.sum(axis=0, keepdims=True)
    values = {"P": P, "X0": np.ones((2300, 1)), "X_inf": np.full(2300, 1 / 2300)}
    case = build_cases(a, 0)[gi][0]
    start = time.perf_counter()
    verdict = a.groups[gi].judge(case, CallResult("x", True, values, None))
    assert time.perf_counter() - start < BUDGET_S
    assert not verdict.passed
    assert verdict.feedback == "X_inf has shape (2300,), expected (5,)."


def test_a_learner_p_with_many_steady_states_does_not_make_any_vector_steady() -> None:
    a = curriculum.assignment("c1w4")
    gi = next(i for i, g in enumerate(a.groups) if g.variables == ("X_inf",))
    values = {"P": np.eye(5), "X_inf": np.array([1.0, 0, 0, 0, 0])}
    case = build_cases(a, 0)[gi][0]
    verdict = a.groups[gi].judge(case, CallResult("x", True, values, None))
    assert not verdict.passed


def test_wrong_shape_feedback_names_both_shapes() -> None:
    a = curriculum.assignment("c1w2")
    case = build_cases(a, 0)[0][-1]  # the 6×6 system
    verdict = a.groups[0].judge(case, CallResult("x", True, np.zeros((2300, 2300)), None))
    assert verdict.feedback == "your matrix has shape (2300, 2300), expected (6, 7)."


def test_a_huge_string_is_quoted_by_its_length_not_its_text() -> None:
    a = curriculum.assignment("c1w1")
    gi = next(i for i, g in enumerate(a.groups) if g.function == "classify_system")
    case = build_cases(a, 0)[gi][0]
    verdict = a.groups[gi].judge(case, CallResult("x", True, "non-singular " * 100_000, None))
    assert "a string of 1300000 characters" in verdict.feedback
    assert len(verdict.feedback) < 200
