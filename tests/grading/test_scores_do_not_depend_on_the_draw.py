"""Hidden cases are drawn afresh for every grading: the same code must still get the
same score every time, or a learner could resubmit until a lucky draw hides a bug."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathforml import curriculum
from mathforml.grading.assignments import grade
from mathforml.grading.sandbox import default_sandbox

SOLUTIONS = Path(__file__).with_name("solutions")
DRAWS = 8


@pytest.mark.parametrize(
    "path", sorted(SOLUTIONS.glob("c1w*.py")), ids=lambda p: p.stem
)
def test_a_submission_gets_the_same_verdicts_on_every_draw(path: Path) -> None:
    assignment = curriculum.assignment(path.stem.split("_")[0])
    source = path.read_text(encoding="utf-8")
    verdicts = {
        tuple(t.passed for t in grade(assignment, source, sandbox=default_sandbox()).tests)
        for _ in range(DRAWS)
    }
    assert len(verdicts) == 1, f"{path.stem}: {sorted(verdicts)}"
