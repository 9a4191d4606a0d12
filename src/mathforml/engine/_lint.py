"""Prove an exercise: sample many variants and check every promise it makes.

For each variant the reference answer, typed as a learner would type it, must be
accepted; every declared misconception must be rejected with its own feedback;
an unreadable answer must be reported as invalid; and the answer key must agree
with the exercise's independent computation (NumPy or SymPy, never the toolkit).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

from mathforml.engine._check import check_answer
from mathforml.engine._exercise import Exercise
from mathforml.engine._variant import generate_params

#: How many variants ``mathforml lint`` samples per exercise by default.
SAMPLES_DEFAULT = 200
#: Stop listing problems of one exercise after this many; one is enough to fail it.
MAX_PROBLEMS = 10


@dataclass
class LintReport:
    exercise_id: str
    samples: int = 0
    problems: list[str] = field(default_factory=list)
    misconception_hits: Counter = field(default_factory=Counter)
    slowest_check_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, seed: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"seed {seed}: {message}")


def lint_exercise(
    exercise: Exercise, *, samples: int = SAMPLES_DEFAULT, first_seed: int = 0
) -> LintReport:
    """Check ``samples`` variants of ``exercise`` (seeds ``first_seed`` onwards)."""
    report = LintReport(exercise.id)
    declared: set[str] = set()
    for seed in range(first_seed, first_seed + samples):
        report.samples += 1
        try:
            _lint_variant(exercise, seed, report, declared)
        except Exception as error:  # a crashing exercise is a lint failure, not a lint crash
            report.add(seed, f"raised {type(error).__name__}: {error}")
    if not declared:
        report.problems.append("declares no misconception: name at least one likely mistake")
    for name in sorted(declared - set(report.misconception_hits)):
        report.problems.append(
            f"misconception {name!r} never applied in {samples} variants "
            "(its wrong answer always equalled the right one, or it was always None)"
        )
    return report


def _lint_variant(exercise: Exercise, seed: int, report: LintReport, declared: set[str]) -> None:
    params = generate_params(exercise, seed)
    if generate_params(exercise, seed) != params:
        report.add(seed, "the same seed gave different parameters")
    try:
        if json.loads(json.dumps(params)) != params:
            report.add(seed, "parameters change in a JSON round trip")
    except (TypeError, ValueError) as error:
        report.add(seed, f"parameters are not JSON-serialisable: {error}")
    kind = exercise.kind(params)
    expected = kind.normalize(exercise.answer(params))
    for label, text in (
        ("prompt", exercise.prompt(params)),
        ("solution", exercise.solution(params)),
    ):
        if not isinstance(text, str) or not text.strip():
            report.add(seed, f"empty {label}")
        elif (problem := latex_problem(text)) is not None:
            report.add(seed, f"{label}: {problem}")

    independent = kind.normalize(exercise.independent_answer(params))
    if not kind.equal(independent, expected):
        report.add(
            seed,
            f"answer key {kind.text(expected)!r} disagrees with the independent "
            f"computation {kind.text(independent)!r}",
        )

    typed = kind.text(expected)
    started = time.perf_counter()
    result = check_answer(exercise, seed, typed)
    report.slowest_check_ms = max(report.slowest_check_ms, 1000 * (time.perf_counter() - started))
    if not result.correct:
        report.add(seed, f"the reference answer typed as {typed!r} was judged {result.status}")

    for m in exercise.misconceptions(params):
        declared.add(m.name)
        if m.answer is None:
            continue
        wrong = kind.normalize(m.answer)
        if kind.equal(wrong, expected):
            continue
        report.misconception_hits[m.name] += 1
        outcome = check_answer(exercise, seed, kind.text(wrong))
        codes = [f.code for f in outcome.feedback]
        if outcome.correct:
            report.add(seed, f"misconception {m.name!r} answer {kind.text(wrong)!r} was accepted")
        elif f"misconception:{m.name}" not in codes:
            report.add(
                seed,
                f"misconception {m.name!r} answer {kind.text(wrong)!r} got feedback {codes} "
                "instead of its own",
            )

    invalid = check_answer(exercise, seed, kind.invalid_example())
    if invalid.status != "invalid":
        report.add(seed, f"the unreadable answer {kind.invalid_example()!r} was {invalid.status}")


def latex_problem(text: str) -> str | None:
    """A cheap structural check of Markdown+LaTeX: balanced braces and ``$`` signs,
    and matched ``\\begin``/``\\end``. Returns a description of the first problem."""
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return f"unbalanced '}}' at character {i}"
        i += 1
    if depth:
        return "unbalanced '{'"
    stripped = text.replace("\\$", "").replace("$$", "")
    if stripped.count("$") % 2:
        return "an odd number of '$' signs"
    if text.count("\\begin{") != text.count("\\end{"):
        return "\\begin without \\end"
    return None
