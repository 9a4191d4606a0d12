"""How long does checking one typed answer take, per answer kind?

Runs the real pipeline (``mathforml.engine.check_answer``: variant generation,
parsing, judging, misconception matching, solution) on small synthetic
exercises with a mix of correct, wrong and unreadable answers, then prints p50
and p99 in milliseconds per kind. Exits non-zero when a target is missed:
number, vector and matrix p99 < 5 ms; expression p99 < 40 ms.

Two clocks are reported: wall time, and the CPU time of the checking thread.
The targets are judged on wall time, which is what a learner waits for; on a
machine busy with other work, wall-time percentiles above p95 measure the
scheduler (a preempted call waits a whole time slice, about 4 ms) rather than
the checking code, and ``--cpu`` judges on CPU time instead.

A second table times the real course: every Course 1 exercise, checked with its
right answer and with a wrong one over many variants, grouped by answer kind.
Those checks also generate the variant and compute its key and worked solution
with the toolkit, so they show what a learner actually waits for.

    .venv/bin/python benchmarks/check_latency.py [--rounds 2000] [--course-seeds 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy

from mathforml.engine import Exercise, Misconception
from mathforml.engine._check import check_answer
from mathforml.engine.answers import (
    AnswerKind,
    Choice,
    Expression,
    Matrix,
    Number,
    Rational,
    Set,
    Vector,
)

#: p99 targets in milliseconds; kinds without a target are reported only.
TARGETS_MS = {"number": 5.0, "vector": 5.0, "matrix": 5.0, "expression": 40.0}
ROUNDS_DEFAULT = 2000
WARMUP_ROUNDS = 50
COURSE_SEEDS_DEFAULT = 40


class _Synthetic(Exercise):
    """An exercise whose key and answers are fixed, so only checking is measured."""

    title = "benchmark"
    topic = "benchmark"

    def __init__(self, kind: AnswerKind, key: Any, wrong: Any) -> None:
        self._kind = kind
        self._key = key
        self._wrong = wrong

    def kind(self, p: dict) -> AnswerKind:
        return self._kind

    def generate(self, rng: np.random.Generator) -> dict:
        return {"k": int(rng.integers(0, 10))}

    def prompt(self, p: dict) -> str:
        return "Benchmark."

    def answer(self, p: dict) -> Any:
        return self._key

    def solution(self, p: dict) -> str:
        return "Benchmark."

    def independent_answer(self, p: dict) -> Any:
        return self._key

    def misconceptions(self, p: dict) -> Sequence[Misconception]:
        return [Misconception("benchmark", "A declared mistake.", self._wrong)]


def _exercise(name: str, kind: AnswerKind, key: Any, wrong: Any) -> Exercise:
    exercise = _Synthetic(kind, key, wrong)
    exercise.id = f"bench.{name}"  # type: ignore[misc]
    return exercise


x, y = sympy.symbols("x y")
CASES: dict[str, tuple[Exercise, list[str]]] = {
    "number": (
        _exercise("number", Number(), np.sqrt(3) / 2, -np.sqrt(3) / 2),
        [
            "sqrt(3)/2",
            "0.8660254",
            "-sqrt(3)/2",
            "0.87",
            "8.66",
            "2/sqrt(3)",
            "pi/4",
            "sqrt(3)/",
            "1e999999",
            "9**9**9**9",
        ],
    ),
    "rational": (
        _exercise("rational", Rational(), sympy.Rational(-3, 4), sympy.Rational(3, 4)),
        ["-3/4", "-0.75", "3/4", "-0.7", "-4/3", "1/2 - 5/4", "sqrt(2)", "-3//4"],
    ),
    "vector": (
        _exercise("vector", Vector(), [1.5, -2.0, np.sqrt(2) / 2], [-1.5, 2.0, -np.sqrt(2) / 2]),
        [
            "[1.5, -2, sqrt(2)/2]",
            "[3/2; -2; 1/sqrt(2)]",
            "[-1.5, 2, -sqrt(2)/2]",
            "[3, -4, sqrt(2)]",
            "[1.5, -2, 0.7]",
            "[1.5, -2]",
            "[1.5, -2, sqrt(2)/2",
            "(1.5, -2, 0.70710678118)",
        ],
    ),
    "matrix": (
        _exercise(
            "matrix",
            Matrix(exact=True),
            [[1, 2, 0], [3, 4, -1], [0, 1, 5]],
            [[1, 3, 0], [2, 4, 1], [0, -1, 5]],
        ),
        [
            "[1, 2, 0; 3, 4, -1; 0, 1, 5]",
            "[[1,2,0],[3,4,-1],[0,1,5]]",
            "[1, 3, 0; 2, 4, 1; 0, -1, 5]",
            "[1, 2, 0; 3, 4, -1; 0, 1, 6]",
            "[3, 4, -1; 1, 2, 0; 0, 1, 5]",
            "[1, 2; 3, 4]",
            "[1, 2, 0; 3, 4; 0, 1, 5]",
            "[1, 2, 0; 3, 4, -1; 0, 1, 5",
        ],
    ),
    "expression": (
        _exercise(
            "expression",
            Expression(("x",), form="factored"),
            (x - 1) * (x + 2) ** 2,
            (x + 1) * (x - 2) ** 2,
        ),
        [
            "(x-1)(x+2)^2",
            "(x+2)^2 (x-1)",
            "(x-1)(x^2+4x+4)",
            "x^3 + 3x^2 - 4",
            "(x+1)(x-2)^2",
            "(x-1)(x+2)",
            "-(1-x)(x+2)^2",
            "(x-1)(x+2)^",
            "(x-1)(x+2)^2 + 1",
            "ln(x) e^(2x) sin x",
        ],
    ),
    "choice": (
        _exercise("choice", Choice(["singular", "non-singular", "cannot tell"]), 1, 0),
        ["b", "non-singular", "Non Singular", "a", "singular", "z", "maybe"],
    ),
    "set": (
        _exercise("set", Set(Number()), [1.0, -2.0, 0.5], [1.0, 2.0, -0.5]),
        [
            "{1, -2, 1/2}",
            "{-2, 0.5, 1}",
            "{1, 2, -1/2}",
            "{1, -2}",
            "{1, -2, 1/2, 3}",
            "{}",
            "{1, -2, 1/2",
        ],
    ),
}


def _measure(
    exercise: Exercise, answers: list[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Wall and thread-CPU milliseconds of ``rounds`` checks, after a warm-up."""
    for k in range(WARMUP_ROUNDS):  # imports, caches and SymPy's first calls
        check_answer(exercise, k, answers[k % len(answers)])
    wall, cpu = [], []
    for k in range(rounds):
        raw = answers[k % len(answers)]
        started, started_cpu = time.perf_counter(), time.thread_time()
        check_answer(exercise, k % 97, raw)
        cpu.append(1000 * (time.thread_time() - started_cpu))
        wall.append(1000 * (time.perf_counter() - started))
    return wall, cpu


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS_DEFAULT)
    parser.add_argument("--cpu", action="store_true", help="judge the targets on CPU time")
    parser.add_argument(
        "--course-seeds",
        type=int,
        default=COURSE_SEEDS_DEFAULT,
        help="variants per course exercise in the second table (0 skips it)",
    )
    args = parser.parse_args(argv)
    failed = []
    print(f"{args.rounds} checks per kind; targets judged on {'CPU' if args.cpu else 'wall'} time")
    print(
        f"{'kind':<12}{'wall p50':>10}{'wall p99':>10}{'cpu p50':>10}{'cpu p99':>10}"
        f"{'cpu max':>10}{'target':>8}  ok"
    )
    for name, (exercise, answers) in CASES.items():
        wall, cpu = _measure(exercise, answers, args.rounds)
        judged = cpu if args.cpu else wall
        target = TARGETS_MS.get(name)
        ok = target is None or _percentile(judged, 99) < target
        if not ok:
            failed.append(name)
        shown = f"{target:.0f}" if target is not None else "-"
        print(
            f"{name:<12}{_percentile(wall, 50):>10.3f}{_percentile(wall, 99):>10.3f}"
            f"{_percentile(cpu, 50):>10.3f}{_percentile(cpu, 99):>10.3f}{max(cpu):>10.3f}"
            f"{shown:>8}  {'yes' if ok else 'NO'}"
        )
    if args.course_seeds > 0:
        _course_table(args.course_seeds)
    if failed:
        print(f"p99 target missed for: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _course_table(seeds: int) -> None:
    """Wall-time percentiles of checks on the real Course 1 exercises, per kind."""
    from mathforml import curriculum
    from mathforml.engine import generate_params

    by_kind: dict[str, list[float]] = {}
    slowest: dict[str, tuple[float, str]] = {}
    for exercise in curriculum.all_exercises():
        for seed in range(seeds):
            params = generate_params(exercise, seed)
            kind = exercise.kind(params)
            right = kind.text(kind.normalize(exercise.answer(params)))
            for raw in (right, right + "0" if kind.name != "choice" else "zz"):
                started = time.perf_counter()
                check_answer(exercise, seed, raw)
                ms = 1000 * (time.perf_counter() - started)
                by_kind.setdefault(kind.name, []).append(ms)
                if ms > slowest.get(kind.name, (0.0, ""))[0]:
                    slowest[kind.name] = (ms, exercise.id)
    print(f"\nCourse 1 exercises, {seeds} variants each, a right and a wrong answer (wall ms)")
    print(f"{'kind':<12}{'checks':>8}{'p50':>10}{'p99':>10}{'max':>10}  slowest exercise")
    for name, times in sorted(by_kind.items()):
        worst, where = slowest[name]
        print(
            f"{name:<12}{len(times):>8}{_percentile(times, 50):>10.3f}"
            f"{_percentile(times, 99):>10.3f}{worst:>10.3f}  {where}"
        )


if __name__ == "__main__":
    sys.exit(main())
