"""Word problems: a system of linear equations read from shopping stories."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from mathforml.curriculum.c1.w1._common import (
    FRUIT,
    fraction_text,
    random_nonsingular,
    system_latex,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Vector
from mathforml.toolkit import linalg
from mathforml.types import Params


def _sympy_solution(A: list[list[int]], b: list[int]) -> list[sympy.Rational]:
    """The unique solution of ``A x = b``, exactly, by SymPy (the independent check)."""
    return list(sympy.Matrix(A).LUsolve(sympy.Matrix(b)))


def _check_lines(A: list[list[int]], b: list[int], x: list[Any]) -> str:
    """One line per equation showing that the solution satisfies it."""
    lines = []
    for row, const in zip(A, b, strict=True):
        products = " + ".join(
            rf"{c} \cdot {linalg.latex_number(v)}" for c, v in zip(row, x, strict=True) if c
        )
        lines.append(f"- ${products} = {const}$ ✓")
    return "\n".join(lines)


class TwoPurchases(Exercise):
    """Two sentences about two shopping trips become a 2×2 system."""

    id = "c1w1.two-purchases"
    title = "Prices from two shopping trips"
    topic = "systems"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        i, j = (int(k) for k in rng.choice(len(FRUIT), size=2, replace=False))
        prices = [int(p) for p in rng.choice(np.arange(1, 10), size=2, replace=False)]
        counts = random_nonsingular(rng, 2, 1, 5, max_zeros=0)
        totals = [int(np.dot(row, prices)) for row in counts]
        return {"fruit": [i, j], "counts": counts, "totals": totals}

    def prompt(self, p: Params) -> str:
        (one1, many1), (one2, many2) = (FRUIT[k] for k in p["fruit"])
        (a, b), (c, d) = p["counts"]
        t1, t2 = p["totals"]

        def items(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        return (
            f"On Monday you buy {items(a, one1, many1)} and {items(b, one2, many2)} "
            f"and pay €{t1}. On Tuesday, at the same prices, you buy {items(c, one1, many1)} "
            f"and {items(d, one2, many2)} and pay €{t2}.\n\n"
            f"What does one {one1} cost, and one {one2}? Type the two prices in euros as a "
            f"vector `[price of one {one1}, price of one {one2}]`."
        )

    def answer(self, p: Params) -> list[Any]:
        return linalg.solve(p["counts"], p["totals"]).solution

    def solution(self, p: Params) -> str:
        (one1, _), (one2, _) = (FRUIT[k] for k in p["fruit"])
        result = linalg.solve(p["counts"], p["totals"])
        x = result.solution
        return (
            f"Let $x_1$ be the price of one {one1} and $x_2$ the price of one {one2}. "
            "Each day gives one equation:\n\n"
            f"$$ {system_latex(p['counts'], p['totals'], ['x_1', 'x_2'])} $$\n\n"
            "Eliminate on the augmented matrix, then substitute back:\n\n"
            + linalg.render_steps(result.steps, augmented_at=2)
            + f"\n\nSo one {one1} costs €{fraction_text(x[0])} and one {one2} costs "
            f"€{fraction_text(x[1])}. Check both receipts:\n\n"
            + _check_lines(p["counts"], p["totals"], x)
        )

    def independent_answer(self, p: Params) -> list[sympy.Rational]:
        return _sympy_solution(p["counts"], p["totals"])

    def misconceptions(self, p: Params) -> list[Misconception]:
        x = self.answer(p)
        (one1, _), (one2, _) = (FRUIT[k] for k in p["fruit"])
        return [
            Misconception(
                "swapped-prices",
                f"Those are the right two prices in the wrong order. The answer asks for the "
                f"{one1} first and the {one2} second: keep the unknowns in one fixed order "
                "from the equations to the answer.",
                [x[1], x[0]] if x[0] != x[1] else None,
            )
        ]


class ThreePurchases(Exercise):
    """A 3×3 system read from a table of three baskets."""

    id = "c1w1.three-purchases"
    title = "Three prices from a table of purchases"
    topic = "systems"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        fruit = [int(k) for k in rng.choice(len(FRUIT), size=3, replace=False)]
        prices = [int(v) for v in rng.choice(np.arange(1, 8), size=3, replace=False)]
        while True:
            counts = rng.integers(0, 5, size=(3, 3))
            if (np.count_nonzero(counts, axis=1) < 2).any():
                continue
            if round(float(np.linalg.det(counts))) != 0:
                break
        totals = [int(v) for v in counts @ np.array(prices)]
        return {"fruit": fruit, "counts": counts.astype(int).tolist(), "totals": totals}

    def prompt(self, p: Params) -> str:
        names = [FRUIT[k][1] for k in p["fruit"]]
        header = " & ".join(rf"\text{{{n}}}" for n in names)
        body = r" \\ ".join(
            rf"\text{{{who}}} & " + " & ".join(str(c) for c in row) + f" & {t}"
            for who, row, t in zip(("Ana", "Ben", "Chloe"), p["counts"], p["totals"], strict=True)
        )
        table = (
            rf"\begin{{array}}{{l|ccc|r}} & {header} & \text{{paid}} \\ \hline {body} "
            r"\end{array}"
        )
        return (
            "Three friends shop at the same market stall. The table shows how many pieces of "
            "each fruit each of them bought, and what they paid in euros:\n\n"
            f"$$ {table} $$\n\n"
            "Find the price of one piece of each fruit. Type the prices as a vector "
            f"`[{names[0]}, {names[1]}, {names[2]}]` (fractions like `5/2` are fine)."
        )

    def answer(self, p: Params) -> list[Any]:
        return linalg.solve(p["counts"], p["totals"]).solution

    def solution(self, p: Params) -> str:
        letters = ["x_1", "x_2", "x_3"]
        result = linalg.solve(p["counts"], p["totals"])
        x = result.solution
        return (
            "Let $x_1$, $x_2$, $x_3$ be the prices of one "
            f"{FRUIT[p['fruit'][0]][0]}, one {FRUIT[p['fruit'][1]][0]} and one "
            f"{FRUIT[p['fruit'][2]][0]}. Each **row** of the table is one person's basket, "
            "so each row is one equation:\n\n"
            f"$$ {system_latex(p['counts'], p['totals'], letters)} $$\n\n"
            "Solve by elimination on the augmented matrix, then back substitution:\n\n"
            + linalg.render_steps(result.steps, augmented_at=3)
            + "\n\nOne piece costs: "
            + ", ".join(
                f"{FRUIT[k][0]} €{fraction_text(v)}" for k, v in zip(p["fruit"], x, strict=True)
            )
            + ". Check every basket:\n\n"
            + _check_lines(p["counts"], p["totals"], x)
        )

    def independent_answer(self, p: Params) -> list[sympy.Rational]:
        return _sympy_solution(p["counts"], p["totals"])

    def misconceptions(self, p: Params) -> list[Misconception]:
        A = sympy.Matrix(p["counts"])
        wrong = list(A.T.LUsolve(sympy.Matrix(p["totals"])))
        right = self.independent_answer(p)
        return [
            Misconception(
                "read-columns-as-equations",
                "You built each equation from a *column* of the table (one fruit across the "
                "three people). An equation is one receipt: a **row**, one person's basket, "
                "with that person's total on the right.",
                wrong if wrong != right else None,
            )
        ]
