"""What a learner would type: the right answer to a variant, and a wrong one that
matches a known misconception, computed from the exercise id and seed on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mathforml import curriculum
from mathforml.engine import generate_params


@dataclass(frozen=True)
class Answers:
    right: str
    wrong: str
    #: The opening words of the misconception's feedback, as plain text.
    feedback: str


def variant_of(page: Any) -> tuple[str, int]:
    """(exercise id, seed) from the practice card's data attributes."""
    card = page.locator("article.exercise[data-exercise][data-seed]")
    return card.get_attribute("data-exercise"), int(card.get_attribute("data-seed"))


def answers(exercise_id: str, seed: int) -> Answers:
    exercise = curriculum.exercise(exercise_id)
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    right = kind.normalize(exercise.answer(params))
    for m in exercise.misconceptions(params):
        if m.answer is None:
            continue
        wrong = kind.normalize(m.answer)
        if not kind.equal(wrong, right):
            return Answers(kind.text(right), kind.text(wrong), plain_start(m.feedback))
    raise AssertionError(f"{exercise_id} seed {seed} has no misconception with a wrong answer")


def plain_start(markdown: str) -> str:
    """The words of ``markdown`` before its first math or emphasis."""
    start = re.split(r"[$*_`]", markdown, maxsplit=1)[0].strip()
    assert len(start) >= 10, f"feedback too short to look for: {markdown!r}"
    return start
