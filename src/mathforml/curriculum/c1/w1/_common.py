"""Typesetting and drawing helpers shared by this week's exercises.

Systems are shown the way a learner writes them on paper (``2x - 3z = 7``, with
missing unknowns left out), so the helpers here turn coefficient rows into
equations, and draw the small random matrices every exercise needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from mathforml.engine import Misconception

#: Names of the unknowns when a system has no story: x, y, z.
XYZ = ("x", "y", "z")

#: Fruit for the shopping stories: (one, many).
FRUIT = (
    ("apple", "apples"),
    ("banana", "bananas"),
    ("pear", "pears"),
    ("orange", "oranges"),
    ("mango", "mangoes"),
    ("kiwi", "kiwis"),
    ("lemon", "lemons"),
)


def term_latex(coef: int, name: str, *, first: bool) -> str:
    """One term of a linear expression: ``2x``, ``- y``, ``+ 3z`` (``first`` drops a leading +)."""
    magnitude = "" if abs(coef) == 1 else str(abs(coef))
    if first:
        return f"{'-' if coef < 0 else ''}{magnitude}{name}"
    return f"{'-' if coef < 0 else '+'} {magnitude}{name}"


def equation_latex(
    coefs: Sequence[int], const: int, names: Sequence[str], order: Sequence[int] | None = None
) -> str:
    """``2x - 3z = 7`` for ``coefs=[2, 0, -3]``; ``order`` lists the unknowns in written order."""
    positions = list(order) if order is not None else list(range(len(coefs)))
    terms = [j for j in positions if coefs[j] != 0]
    if not terms:
        return f"0 = {const}"
    text = " ".join(
        term_latex(int(coefs[j]), names[j], first=(i == 0)) for i, j in enumerate(terms)
    )
    return f"{text} = {const}"


def system_latex(A: Sequence[Sequence[int]], b: Sequence[int], names: Sequence[str]) -> str:
    """A system as an ``array``, one column per term so the unknowns line up."""
    n = len(names)
    spec = "r" + "cr" * (n - 1) + "cr"
    lines = []
    for row, const in zip(A, b, strict=True):
        cells: list[str] = []
        started = False
        for j, raw in enumerate(row):
            coef = int(raw)
            if j > 0:
                cells.append(("-" if coef < 0 else "+") if coef != 0 and started else "")
            if coef == 0:
                cells.append("")
            else:
                # After the first term the sign has its own column, so the term shows |coef|.
                shown = abs(coef) if started else coef
                cells.append(term_latex(shown, names[j], first=True))
                started = True
        if not started:
            cells[0] = "0"
        cells += ["=", str(const)]
        lines.append(" & ".join(cells))
    body = r" \\ ".join(lines)
    return rf"\begin{{array}}{{{spec}}} {body} \end{{array}}"


def random_nonsingular(
    rng: np.random.Generator, n: int, low: int, high: int, *, max_zeros: int = 2
) -> list[list[int]]:
    """An n×n integer matrix with entries in [low, high] and a non-zero determinant."""
    while True:
        M = rng.integers(low, high + 1, size=(n, n))
        if int(np.count_nonzero(M == 0)) > max_zeros:
            continue
        if round(float(np.linalg.det(M))) != 0:
            return M.astype(int).tolist()


def proportional(u: Sequence[int], v: Sequence[int]) -> bool:
    """Whether one row is a multiple of the other (a zero row counts)."""
    return np.linalg.matrix_rank(np.array([u, v], dtype=float)) < 2


def fraction_text(x: Fraction) -> str:
    """A fraction as a learner would type it: ``-3/4``, ``5``."""
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def weighted_rows(
    rows: Sequence[Sequence[int]], weights: Sequence[int]
) -> list[int]:
    """``sum(w_i * row_i)`` with integer arithmetic."""
    return [int(sum(w * r[j] for w, r in zip(weights, rows, strict=True)))
            for j in range(len(rows[0]))]


def distinct(misconceptions: Sequence[Misconception]) -> list[Misconception]:
    """Keep the first misconception for each wrong answer.

    When two mistakes land on the same number in a variant, the learner should read one
    explanation, not two that contradict each other; the list is ordered most likely first.
    """
    seen: list[Any] = []
    kept = []
    for m in misconceptions:
        if m.answer is not None and any(m.answer == s for s in seen):
            m = Misconception(m.name, m.feedback, None)
        if m.answer is not None:
            seen.append(m.answer)
        kept.append(m)
    return kept
