"""Grading one typed answer to one variant: parse, judge, then name the mistake."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from mathforml.engine._exercise import Exercise
from mathforml.engine._variant import generate_params
from mathforml.engine.answers._base import Feedback
from mathforml.errors import InputError
from mathforml.types import Seed

Status = Literal["correct", "incorrect", "invalid"]

#: The longest answer a learner may type; longer input is rejected before parsing.
MAX_ANSWER_CHARS = 4_000


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check. ``invalid`` means the input was not understood:
    it carries the parser's message and never counts as an attempt."""

    exercise_id: str
    seed: Seed
    status: Status
    feedback: tuple[Feedback, ...] = ()
    understood_latex: str | None = None
    expected_text: str = ""
    expected_latex: str = ""
    solution: str = ""
    error_position: int | None = None
    pointer: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.exercise_id,
            "seed": self.seed,
            "status": self.status,
            "correct": self.correct,
            "feedback": [{"code": f.code, "message": f.message} for f in self.feedback],
            "understood": self.understood_latex,
            "expected": self.expected_text,
            "expected_latex": self.expected_latex,
            "solution": self.solution,
            "error_position": self.error_position,
        }


def check_answer(exercise: Exercise, seed: Seed, raw: str) -> CheckResult:
    """Grade ``raw`` as an answer to ``exercise``'s variant ``seed``.

    Hostile input ends as an ``invalid`` result with a clear message: size is
    bounded here, and the parser bounds depth, magnitude and evaluation time.
    """
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    expected = kind.normalize(exercise.answer(params))
    base = {"exercise_id": exercise.id, "seed": seed}
    try:
        if not isinstance(raw, str):
            raise InputError("an answer is text")
        if len(raw) > MAX_ANSWER_CHARS:
            raise InputError(
                f"that answer is {len(raw):,} characters long; answers are limited to "
                f"{MAX_ANSWER_CHARS:,}"
            )
        given = kind.parse(raw)
    except InputError as error:
        return CheckResult(
            **base,
            status="invalid",
            feedback=(Feedback("invalid-input", error.message),),
            error_position=error.position,
            pointer=error.pointer(raw) if isinstance(raw, str) else "",
        )
    judgement = kind.judge(given, expected)
    feedback = list(judgement.feedback)
    if not judgement.correct:
        named = _matching_misconceptions(exercise, params, kind, given)
        # A declared misconception explains more than a generic remark, so it comes first.
        feedback = named + feedback
    return CheckResult(
        **base,
        status="correct" if judgement.correct else "incorrect",
        feedback=tuple(feedback),
        understood_latex=kind.latex(given),
        expected_text=kind.text(expected),
        expected_latex=kind.latex(expected),
        solution=exercise.solution(params),
    )


def _matching_misconceptions(exercise: Exercise, params, kind, given) -> list[Feedback]:
    found = []
    for m in exercise.misconceptions(params):
        if m.answer is None:  # the mistake does not apply to this variant
            continue
        wrong = kind.normalize(m.answer)
        if kind.equal(given, wrong):
            found.append(Feedback(f"misconception:{m.name}", m.feedback))
    return found
