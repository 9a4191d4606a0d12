"""Whole systems by elimination: a 3×3 system, and prices read from receipts."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w2._common import (
    aug_latex,
    equations_latex,
    friendly_system,
    to_fractions,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Vector
from mathforml.toolkit import linalg
from mathforml.types import Params


class SolveThreeByThree(Exercise):
    id = "c1w2.solve-3x3"
    title = "Solve a 3×3 system by elimination"
    topic = "elimination"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        swap = bool(rng.random() < 0.35)
        while True:
            A, b, _ = friendly_system(rng, 3, swap=swap, entry=2, solution=4)
            zeros = sum(v == 0 for row in A for v in row)
            small = max(abs(v) for row in A for v in row) <= 12 and max(map(abs, b)) <= 40
            if small and zeros <= (3 if swap else 2):
                return {"A": A, "b": b}

    def prompt(self, p: Params) -> str:
        return (
            "Solve by elimination (row echelon form, then back substitution):\n\n"
            f"$${equations_latex(p['A'], p['b'], 'xyz')}$$\n\n"
            "Type the solution as a vector `[x, y, z]`, for example `[1, -2, 3/2]`."
        )

    def answer(self, p: Params) -> list[Fraction]:
        return linalg.solve(p["A"], p["b"]).solution

    def solution(self, p: Params) -> str:
        result = linalg.solve(p["A"], p["b"])
        x, y, z = (linalg.latex_number(v) for v in result.solution)
        return (
            "Write the augmented matrix\n\n"
            f"$${aug_latex(p['A'], p['b'])}$$\n\n"
            "and eliminate column by column, then substitute back from the last row:\n\n"
            + linalg.render_steps(result.steps, augmented_at=3)
            + f"\n\nSo $x = {x}$, $y = {y}$, $z = {z}$."
        )

    def independent_answer(self, p: Params) -> list:
        return list(sympy.Matrix(p["A"]).LUsolve(sympy.Matrix(p["b"])))

    def misconceptions(self, p: Params) -> list[Misconception]:
        x = self.answer(p)
        return [
            Misconception(
                "forgot-right-side",
                "You carried out the row operations on the coefficients only. Every operation "
                "acts on the whole row of the augmented matrix, including the constant right "
                "of the bar.",
                _constants_untouched(p["A"], p["b"], x),
            ),
            Misconception(
                "reversed-order",
                "You listed the unknowns in the order back substitution finds them ($z$ first). "
                "Give them in the order $[x, y, z]$.",
                x[::-1] if x[::-1] != x else None,
            ),
        ]


def _constants_untouched(A: list, b: list, x: list) -> list[Fraction] | None:
    """What a learner gets who reduces ``A`` but leaves ``b`` as it was: ``U x' = b``."""
    upper = linalg.row_echelon_form(A).matrix
    wrong = list(linalg.back_substitution(linalg.augment(upper, b)).solution)
    return wrong if wrong != list(x) else None


ITEMS = ("apple", "banana", "orange", "pear", "lemon", "kiwi")


class PricesFromReceipts(Exercise):
    id = "c1w2.prices-from-receipts"
    title = "Prices from receipts"
    topic = "elimination"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        items = [str(s) for s in rng.choice(ITEMS, size=3, replace=False)]
        prices = rng.integers(1, 7, size=3)
        while True:
            Q = rng.integers(0, 5, size=(3, 3))
            det = round(np.linalg.det(Q))
            if det != 0 and abs(det) <= 12 and (Q > 0).sum(axis=1).min() >= 2:
                break
        totals = Q @ prices
        return {"items": items, "Q": Q.astype(int).tolist(), "totals": totals.astype(int).tolist()}

    @staticmethod
    def _count(n: int, item: str) -> str:
        return f"{n} {item}" + ("s" if n != 1 else "")

    def prompt(self, p: Params) -> str:
        lines = []
        for r, (row, total) in enumerate(zip(p["Q"], p["totals"], strict=True), start=1):
            bought = [self._count(n, it) for n, it in zip(row, p["items"], strict=True) if n]
            listing = ", ".join(bought[:-1]) + " and " + bought[-1]
            lines.append(f"- Receipt {r}: {listing}, €{total} in total.")
        names = ", ".join(p["items"])
        return (
            f"Three receipts from the same fruit stand, where every {p['items'][0]}, every "
            f"{p['items'][1]} and every {p['items'][2]} has one fixed price:\n\n"
            + "\n".join(lines)
            + "\n\nWhat does one piece of each cost, in euros? Type the prices as a vector "
            f"`[{names}]`, for example `[2, 3, 1/2]`."
        )

    def answer(self, p: Params) -> list[Fraction]:
        return linalg.solve(p["Q"], p["totals"]).solution

    def solution(self, p: Params) -> str:
        names = "xyz"
        result = linalg.solve(p["Q"], p["totals"])
        legend = ", ".join(
            f"${v}$ be the price of one {it}" if v == "x" else f"${v}$ the price of one {it}"
            for v, it in zip(names, p["items"], strict=True)
        )
        found = ", ".join(
            f"one {it} costs €{v}" for it, v in zip(p["items"], result.solution, strict=True)
        )
        return (
            f"Let {legend}. Each receipt gives one equation: its total is the sum of "
            "quantity × price.\n\n"
            f"$${equations_latex(p['Q'], p['totals'], names)}$$\n\n"
            f"Eliminate on the augmented matrix\n\n$${aug_latex(p['Q'], p['totals'])}$$\n\n"
            + linalg.render_steps(result.steps, augmented_at=3)
            + f"\n\nSo {found}."
        )

    def independent_answer(self, p: Params) -> list:
        return list(sympy.Matrix(p["Q"]).LUsolve(sympy.Matrix(p["totals"])))

    def misconceptions(self, p: Params) -> list[Misconception]:
        x = list(self.answer(p))
        transposed = to_fractions(sympy.Matrix(p["Q"]).T.LUsolve(sympy.Matrix(p["totals"])).T)[0]
        return [
            Misconception(
                "one-equation-per-fruit",
                "You wrote one equation per fruit, reading the quantities down the receipts. "
                "Each *receipt* is an equation: its total equals the sum of quantity × price "
                "over the fruits on it.",
                transposed if transposed != x else None,
            ),
            Misconception(
                "reversed-order",
                "You gave the prices in reverse order. List them in the order asked: "
                f"`[{', '.join(p['items'])}]`.",
                x[::-1] if x[::-1] != x else None,
            ),
        ]


EXERCISES = [SolveThreeByThree(), PricesFromReceipts()]
