"""Markov chains: the steady state is the eigenvector of P for the eigenvalue 1."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from mathforml.curriculum.c1.w4._generators import (
    fraction_matrix,
    fraction_text,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

_PAGES = ("A", "B", "C")
_WEATHER = ("sunny", "rainy")


def _web_links(rng: np.random.Generator) -> list[list[int]]:
    """Each page links to one or both of the other pages; redrawn until every page can be
    reached from every other (then the steady state is unique and positive)."""
    while True:
        links = []
        for j in range(3):
            others = [i for i in range(3) if i != j]
            links.append(others if rng.random() < 0.5 else [int(rng.choice(others))])
        reach = np.eye(3, dtype=int)
        for j, targets in enumerate(links):
            reach[targets, j] = 1
        if (np.linalg.matrix_power(reach, 3) > 0).all():
            return links


class MarkovSteadyState(Exercise):
    id = "c1w4.markov-steady-state"
    title = "Steady state of a Markov chain"
    topic = "eigenvectors"
    answer_kind = Vector(rtol=2e-3, atol=1e-4)

    def generate(self, rng: np.random.Generator) -> Params:
        if rng.random() < 0.6:
            links = _web_links(rng)
            P = [[Fraction(0)] * 3 for _ in range(3)]
            for j, targets in enumerate(links):
                for i in targets:
                    P[i][j] = Fraction(1, len(targets))
            return {"story": "web", "links": links,
                    "P": [[fraction_text(x) for x in row] for row in P]}
        leave_sunny, leave_rainy = (int(x) for x in rng.integers(1, 9, size=2))
        P = [[Fraction(10 - leave_sunny, 10), Fraction(leave_rainy, 10)],
             [Fraction(leave_sunny, 10), Fraction(10 - leave_rainy, 10)]]
        return {"story": "weather", "P": [[fraction_text(x) for x in row] for row in P]}

    def _P(self, p: Params) -> list[list[Fraction]]:
        return fraction_matrix(p["P"])

    def _names(self, p: Params) -> tuple[str, ...]:
        return _PAGES if p["story"] == "web" else _WEATHER

    def prompt(self, p: Params) -> str:
        P = linalg.latex_matrix(self._P(p))
        if p["story"] == "web":
            lines = "\n".join(
                f"- page {_PAGES[j]} links to "
                + " and ".join(_PAGES[i] for i in targets)
                for j, targets in enumerate(p["links"])
            )
            return (
                "A reader browses three web pages, A, B and C, always clicking one of the "
                "links on the current page, each link equally likely:\n\n"
                f"{lines}\n\n"
                "The transition matrix, whose column $j$ says where a reader on page $j$ goes "
                f"next, is\n\n$$P = {P}.$$\n\n"
                "The reader starts on page A. In the long run, what fraction of the time do they "
                "spend on each page?\n\n"
                "Type the steady-state vector `[x_A, x_B, x_C]`, whose entries add up to 1, "
                "with fractions (such as `[1/2, 1/3, 1/6]`) or decimals to at least 3 "
                "significant digits."
            )
        (stay_sunny, _), (_, stay_rainy) = self._P(p)
        return (
            "In a small town, a sunny day is followed by a sunny day with probability "
            f"${linalg.latex_number(stay_sunny)}$, and a rainy day by a rainy day with "
            f"probability ${linalg.latex_number(stay_rainy)}$. With the states ordered "
            "(sunny, rainy), the transition matrix, whose column $j$ gives tomorrow's "
            f"probabilities after a day of type $j$, is\n\n$$P = {P}.$$\n\n"
            "Today is sunny. In the long run, what fraction of days are sunny and what fraction "
            "are rainy?\n\n"
            "Type the steady-state vector `[x_sunny, x_rainy]`, whose entries add up to 1, "
            "with fractions (such as `[3/4, 1/4]`) or decimals to at least 3 significant digits."
        )

    def _shifted(self, p: Params) -> list[list[Fraction]]:
        P = self._P(p)
        return [[x - (i == j) for j, x in enumerate(row)] for i, row in enumerate(P)]

    def _eigenvector(self, p: Params) -> list[Fraction]:
        """The eigenvector of P for λ = 1 whose last entry is 1: the null space of P − I.

        Reduced row echelon form is all we need (and what the solution shows); the full
        eigen-decomposition would also find the other, possibly complex, eigenvalues.
        The chain is irreducible, so the pivots are in the first n − 1 columns and the
        last entry is the free one: each pivot row then reads x_i = −(its last entry).
        """
        rref = linalg.reduced_row_echelon_form(self._shifted(p))
        n = len(p["P"])
        if rref.rank != n - 1 or rref.pivot_columns != tuple(range(n - 1)):
            raise ValueError(f"P = {p['P']!r} does not have a unique steady state")
        return [-Fraction(rref.matrix[i][n - 1]) for i in range(n - 1)] + [Fraction(1)]

    def answer(self, p: Params) -> list[Fraction]:
        v = self._eigenvector(p)
        return [x / sum(v) for x in v]

    def solution(self, p: Params) -> str:
        P = self._P(p)
        shifted = self._shifted(p)
        rref = linalg.reduced_row_echelon_form(shifted)
        free = self._eigenvector(p)
        x = self.answer(p)
        names = self._names(p)
        total = sum(free)
        return (
            r"The steady state does not change from one step to the next: $Px = x$, so $x$ is an "
            r"eigenvector of $P$ for the eigenvalue 1. Solve $(P - I)x = 0$:"
            f"\n\n$$P - I = {linalg.latex_matrix(shifted)}$$\n\n"
            + linalg.render_steps(rref.steps)
            + "\n\n" rf"The last entry ($x_{{\text{{{names[-1]}}}}}$) is free. Setting it to 1, "
            "each row gives one entry, so "
            f"$x = {linalg.latex_vector(free)}$ (up to a multiple). Probabilities add up to 1, "
            f"so divide by the sum of the entries, ${linalg.latex_number(total)}$:"
            "\n\n" rf"$$x = {linalg.latex_vector(x)} \approx "
            f"{linalg.latex_vector([round(float(xi), 4) for xi in x])}.$$\n\n"
            "The answer does not depend on where the chain starts: every state can be reached "
            "from every other, so the long-run fractions are the same from any start. "
            f"Check: $Px = {linalg.latex_vector(linalg.matvec(P, x))} = x$."
        )

    def independent_answer(self, p: Params) -> list[float]:
        P = np.array([[float(Fraction(x)) for x in row] for row in p["P"]])
        values, vectors = np.linalg.eig(P)
        v = np.real(vectors[:, np.argmin(np.abs(values - 1))])
        return (v / v.sum()).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        right = self.answer(p)
        n = len(right)
        first_column = [row[0] for row in self._P(p)]
        uniform = [Fraction(1, n)] * n
        v = self._eigenvector(p)
        start = self._names(p)[0]
        return [
            Misconception(
                "one-step",
                "That is the first column of $P$: where the chain is one step after starting "
                f"at {start}. The steady state is where it settles in the long run, the "
                r"distribution with $Px = x$.",
                first_column if first_column != right else None,
            ),
            Misconception(
                "transposed-chain",
                r"You found equal shares, which is what you get from $x^{\top} P = x^{\top}$, "
                "reading $P$ as going from row to column. Here column $j$ holds the "
                r"probabilities of leaving state $j$, so solve $Px = x$ with $x$ as a column.",
                uniform if uniform != right else None,
            ),
            Misconception(
                "not-normalised",
                "Your vector points the right way (it is an eigenvector for the eigenvalue 1), "
                "but a probability distribution must add up to 1: divide each entry by the sum "
                "of the entries.",
                [x / v[0] for x in v],  # as the lesson first finds it: first entry 1
            ),
        ]
