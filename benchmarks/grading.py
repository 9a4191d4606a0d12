"""How fast, and how robustly, are programming assignments graded?

Prints the four figures the grading targets are stated in, for the c1w2
(Gaussian elimination) assignment graded in the real sandbox:

1. p50 and p99 latency of grading a correct submission, one at a time;
2. throughput: correct submissions graded per second with many clients at once;
3. the p99 of correct submissions while infinite-loop submissions keep arriving;
4. that p99 as a multiple of the normal p99.

Targets: p50 < 20 ms, p99 < 80 ms, >= 60 gradings/s, hostile p99 <= 2x normal.
Exits non-zero when a target is missed.

    .venv/bin/python benchmarks/grading.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from mathforml.grading import Sandbox
from mathforml.grading.assignments import get_assignment, grade

TARGET_P50_MS = 20.0
TARGET_P99_MS = 80.0
TARGET_PER_SECOND = 60.0
TARGET_HOSTILE_RATIO = 2.0
#: An infinite loop in the first graded function, as a learner might write by mistake.
LOOPING = """
import numpy as np

def row_echelon_form(A, B):
    while True:
        pass
"""


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _timed(assignment, source: str, box: Sandbox) -> float:
    started = time.perf_counter()
    report = grade(assignment, source, sandbox=box)
    elapsed = 1000 * (time.perf_counter() - started)
    if report.score != report.max_score:
        raise SystemExit(f"the correct submission scored {report.score}/{report.max_score}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput")
    parser.add_argument("--loopers", type=int, default=2, help="infinite loops in flight at once")
    args = parser.parse_args(argv)

    assignment = get_assignment("c1w2")
    correct = assignment.reference
    with Sandbox() as box:
        print(
            f"sandbox: {len(box.protections())} protections checked, "
            f"{sum(v == 'active' for v in box.protections().values())} active"
        )
        for _ in range(10):
            _timed(assignment, correct, box)

        normal = [_timed(assignment, correct, box) for _ in range(args.rounds)]
        p50, p99 = _percentile(normal, 50), _percentile(normal, 99)

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(lambda _: _timed(assignment, correct, box), range(2 * args.rounds)))
        per_second = 2 * args.rounds / (time.perf_counter() - started)

        stop = threading.Event()
        outcomes: list[str] = []

        def loop_forever() -> None:
            while not stop.is_set():
                outcomes.append(grade(assignment, LOOPING, sandbox=box).outcome)

        loopers = [threading.Thread(target=loop_forever) for _ in range(args.loopers)]
        for thread in loopers:
            thread.start()
        time.sleep(0.3)  # let the loops get going
        hostile = [_timed(assignment, correct, box) for _ in range(args.rounds)]
        stop.set()
        for thread in loopers:
            thread.join()
        hostile_p99 = _percentile(hostile, 99)

    ratio = hostile_p99 / p99
    rows = [
        ("correct c1w2, p50", f"{p50:.1f} ms", f"< {TARGET_P50_MS:g} ms", p50 < TARGET_P50_MS),
        ("correct c1w2, p99", f"{p99:.1f} ms", f"< {TARGET_P99_MS:g} ms", p99 < TARGET_P99_MS),
        (
            f"throughput ({args.clients} clients)",
            f"{per_second:.0f} /s",
            f">= {TARGET_PER_SECOND:g} /s",
            per_second >= TARGET_PER_SECOND,
        ),
        (
            f"p99 beside {args.loopers} infinite loops",
            f"{hostile_p99:.1f} ms",
            f"<= {TARGET_HOSTILE_RATIO:g}x normal",
            ratio <= TARGET_HOSTILE_RATIO,
        ),
    ]
    print(f"{'figure':<34}{'measured':>12}{'target':>18}  ok")
    for name, value, target, ok in rows:
        print(f"{name:<34}{value:>12}{target:>18}  {'yes' if ok else 'NO'}")
    print(
        f"hostile p99 / normal p99 = {ratio:.2f}; the looping submissions ended as: "
        + ", ".join(f"{o} ×{outcomes.count(o)}" for o in sorted(set(outcomes)))
    )
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
