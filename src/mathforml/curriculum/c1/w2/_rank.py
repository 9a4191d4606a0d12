"""Rank: counting pivots, free variables, and redundant features in a data set."""

from __future__ import annotations

import numpy as np
import sympy

from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Integer
from mathforml.toolkit import linalg
from mathforml.types import Params


def matrix_of_rank(
    rng: np.random.Generator, m: int, n: int, rank: int, *, one_multiple: bool = False
) -> list[list[int]]:
    """An m×n integer matrix of the given rank whose dependent rows mix several others.

    ``rank`` random rows of small integers (independent), then ``m - rank`` rows that
    are combinations of them with small non-zero-vector weights, all in shuffled order.
    With ``one_multiple``, the first dependent row is a plain multiple of one row, so a
    learner comparing rows in pairs finds that one and misses the others.
    """
    basis = rng.integers(-4, 5, size=(rank, n))
    while np.linalg.matrix_rank(basis) < rank or not np.all(np.any(basis, axis=1)):
        basis = rng.integers(-4, 5, size=(rank, n))
    weights = rng.integers(-2, 3, size=(m - rank, rank))
    for w in weights:
        while not np.any(w):
            w[:] = rng.integers(-2, 3, size=rank)
    if one_multiple and m > rank:
        weights[0] = 0
        weights[0, int(rng.integers(0, rank))] = int(rng.choice([-2, -1, 2, 3]))
    rows = np.vstack([basis, weights @ basis]) if m > rank else basis
    return rows[rng.permutation(m)].astype(int).tolist()


def pairwise_count(vectors: list[list[int]]) -> int:
    """How many vectors remain after dropping zero ones and those that are a multiple
    of one kept earlier: a rank found by comparing vectors only in pairs."""
    kept: list[sympy.Matrix] = []
    for v in vectors:
        vec = sympy.Matrix([v])
        if not any(vec) or any(sympy.Matrix.vstack(k, vec).rank() < 2 for k in kept):
            continue
        kept.append(vec)
    return len(kept)


def _echelon_summary(A: list[list[int]]) -> tuple[str, int]:
    ref = linalg.row_echelon_form(A)
    cols = ", ".join(str(c + 1) for c in ref.pivot_columns)
    text = (
        linalg.render_steps(ref.steps) + f"\n\nThe echelon form has **{ref.rank}** non-zero "
        f"row{'s' if ref.rank != 1 else ''}, with pivots in column{'s' if ref.rank != 1 else ''} "
        f"{cols}."
    )
    return text, ref.rank


class RankOfMatrix(Exercise):
    id = "c1w2.rank-of-matrix"
    title = "Rank of a matrix"
    topic = "rank"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        m, n = [(3, 3), (4, 4), (3, 4), (4, 3)][int(rng.integers(0, 4))]
        rank = int(rng.integers(1, min(m, n) + 1))
        return {"A": matrix_of_rank(rng, m, n, rank, one_multiple=bool(rng.random() < 0.5))}

    def prompt(self, p: Params) -> str:
        return (
            "What is the rank of\n\n"
            rf"$$A = {linalg.latex_matrix(p['A'])}$$"
            "\n\nType a whole number. Hint: reduce $A$ to row echelon form and count the pivots."
        )

    def answer(self, p: Params) -> int:
        return linalg.rank(p["A"])

    def solution(self, p: Params) -> str:
        text, rank = _echelon_summary(p["A"])
        return text + f" So $\\operatorname{{rank}} A = {rank}$."

    def independent_answer(self, p: Params) -> int:
        return int(sympy.Matrix(p["A"]).rank())

    def misconceptions(self, p: Params) -> list[Misconception]:
        m = len(p["A"])
        rank = self.answer(p)
        pairs = pairwise_count(p["A"])
        return [
            Misconception(
                "counted-rows",
                "You counted the rows of $A$. The rank counts only the rows that are left "
                "non-zero after elimination: a row that is a combination of others becomes zero, "
                "even when it is not a multiple of any single row (such as $R_1 + 2R_2$).",
                m if m != rank else None,
            ),
            Misconception(
                "pairwise-multiples-only",
                "You dropped only rows that are multiples of another single row. A row can also "
                "be a combination of *several* rows (such as $R_1 + 2R_2$) without being a "
                "multiple of any one of them; elimination finds those too.",
                pairs if pairs not in (rank, m) else None,
            ),
        ]


class FreeVariables(Exercise):
    id = "c1w2.free-variables"
    title = "Free variables"
    topic = "rank"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        m = int(rng.choice([2, 3, 4]))
        n = int(rng.choice([3, 4, 5]))
        rank = int(rng.integers(1, min(m, n) + 1))
        return {"A": matrix_of_rank(rng, m, n, rank)}

    def prompt(self, p: Params) -> str:
        n = len(p["A"][0])
        names = ", ".join(f"x_{j + 1}" for j in range(n))
        return (
            rf"The homogeneous system $A\mathbf{{x}} = \mathbf{{0}}$ in the unknowns ${names}$ has"
            f"\n\n$$A = {linalg.latex_matrix(p['A'])}$$\n\n"
            r"It always has the solution $\mathbf{x} = \mathbf{0}$. How many free variables does "
            "its solution have? Type a whole number."
        )

    def answer(self, p: Params) -> int:
        return len(p["A"][0]) - linalg.rank(p["A"])

    def solution(self, p: Params) -> str:
        n = len(p["A"][0])
        text, rank = _echelon_summary(p["A"])
        pivots = linalg.row_echelon_form(p["A"]).pivot_columns
        free = [f"x_{{{j + 1}}}" for j in range(n) if j not in pivots]
        which = f" (${', '.join(free)}$)" if free else ""
        return (
            text + f"\n\nOf the {n} unknowns, each one whose column has no pivot is free: "
            f"$n - \\operatorname{{rank}} A = {n} - {rank} = {n - rank}$ "
            f"free variable{'s' if n - rank != 1 else ''}{which}."
        )

    def independent_answer(self, p: Params) -> int:
        return len(sympy.Matrix(p["A"]).nullspace())

    def misconceptions(self, p: Params) -> list[Misconception]:
        m, n = len(p["A"]), len(p["A"][0])
        rank = linalg.rank(p["A"])
        return [
            Misconception(
                "rows-minus-rank",
                f"You subtracted the rank from the number of rows ({m}). Free variables belong "
                f"to the unknowns, one per column: count the {n} columns, "
                r"$n - \operatorname{rank}$.",
                m - rank if m != n and m - rank != rank else None,
            ),
            Misconception(
                "gave-the-rank",
                "That is the rank: the number of pivot (determined) variables. The free ones are "
                "the unknowns left over, $n - \\operatorname{rank}$.",
                rank if rank != n - rank else None,
            ),
        ]


#: Data sets with their independent features (name, lowest, highest value) and derived
#: features (name, weights over the independent ones).
SCENARIOS: dict[str, dict] = {
    "students": {
        "row": "student",
        "base": [
            ("weekday study hours", 1, 10),
            ("weekend study hours", 0, 8),
            ("classes attended", 5, 20),
        ],
        "derived": [
            ("total study hours", [1, 1, 0]),
            ("weekday study minutes", [60, 0, 0]),
            ("weekend study minutes", [0, 60, 0]),
        ],
    },
    "shop": {
        "row": "day",
        "base": [("apples sold", 10, 40), ("pears sold", 5, 30), ("visitors", 20, 90)],
        "derived": [
            ("fruit sold", [1, 1, 0]),
            ("apple revenue at €2 each", [2, 0, 0]),
            ("pear revenue at €3 each", [0, 3, 0]),
            ("revenue (apples €2, pears €3)", [2, 3, 0]),
        ],
    },
    "flats": {
        "row": "flat",
        "base": [("bedrooms", 1, 4), ("bathrooms", 1, 3), ("floor", 0, 9)],
        "derived": [
            ("bedrooms + bathrooms", [1, 1, 0]),
            ("floor height in metres (3 m a floor)", [0, 0, 3]),
        ],
    },
}


class RedundantFeatures(Exercise):
    id = "c1w2.redundant-features"
    title = "Redundant features"
    topic = "rank"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        scenario = str(rng.choice(sorted(SCENARIOS)))
        spec = SCENARIOS[scenario]
        n_base = int(rng.choice([2, 3]))
        base_idx = sorted(int(i) for i in rng.choice(3, n_base, replace=False))
        usable = [
            d for d in spec["derived"] if all(w == 0 or i in base_idx for i, w in enumerate(d[1]))
        ]
        chosen = [
            usable[int(i)]
            for i in rng.choice(
                len(usable), min(len(usable), int(rng.choice([1, 2]))), replace=False
            )
        ]
        while True:
            values = np.array([rng.integers(lo, hi + 1, size=5) for _, lo, hi in spec["base"]]).T
            if np.linalg.matrix_rank(values[:, base_idx].astype(float)) == n_base:
                break
        columns = [(spec["base"][i][0], values[:, i]) for i in base_idx]
        relations = []
        for name, weights in chosen:
            columns.append((name, values @ np.array(weights)))
            terms = [
                f"{w} × {spec['base'][i][0]}" if w != 1 else spec["base"][i][0]
                for i, w in enumerate(weights)
                if w
            ]
            relations.append(f"{name} = " + " + ".join(terms))
        order = rng.permutation(len(columns))
        return {
            "row": spec["row"],
            "features": [columns[i][0] for i in order],
            "X": np.array([columns[i][1] for i in order]).T.astype(int).tolist(),
            "relations": relations,
        }

    def prompt(self, p: Params) -> str:
        feats = "; ".join(f"column {j + 1}: {name}" for j, name in enumerate(p["features"]))
        return (
            f"A small data set has one row per {p['row']} and one column per feature "
            f"({feats}):\n\n$$X = {linalg.latex_matrix(p['X'])}$$\n\n"
            "What is the rank of $X$, that is, how many of its features carry independent "
            "information? Type a whole number."
        )

    def answer(self, p: Params) -> int:
        return linalg.rank(p["X"])

    def solution(self, p: Params) -> str:
        rref = linalg.reduced_row_echelon_form(p["X"])
        relations = "\n".join(f"- {r}" for r in p["relations"])
        k = len(p["features"])
        free = ", ".join(str(c + 1) for c in range(k) if c not in rref.pivot_columns)
        return (
            "Some columns are computed from others, so they add no information:\n\n"
            f"{relations}\n\n"
            "Elimination confirms it: the reduced row echelon form of $X$ is\n\n"
            f"$${linalg.latex_matrix(rref.matrix)}$$\n\n"
            f"with {rref.rank} pivots. Each column without a pivot (column {free}) is a "
            "combination of the pivot columns to its left, and its entries are the weights: "
            "the relations above, possibly solved for another column. "
            f"So $\\operatorname{{rank}} X = {rref.rank}$: {k} features, but only {rref.rank} "
            "independent ones. (Rank by rows equals rank by columns.)"
        )

    def independent_answer(self, p: Params) -> int:
        return int(np.linalg.matrix_rank(np.array(p["X"], dtype=float)))

    def misconceptions(self, p: Params) -> list[Misconception]:
        k = len(p["features"])
        rank = self.answer(p)
        columns = [list(c) for c in zip(*p["X"], strict=True)]
        pairs = pairwise_count(columns)
        return [
            Misconception(
                "counted-features",
                f"You counted the {k} columns. A column that is computed from other columns "
                "(a multiple of one, or a sum of several) carries no new information and does "
                "not add to the rank.",
                k if k != rank else None,
            ),
            Misconception(
                "only-proportional-columns",
                "You removed the columns that are multiples of another one, but a column can also "
                "be a *sum* of several others (a total, say). That is a dependence too.",
                pairs if pairs not in (rank, k) else None,
            ),
        ]


EXERCISES = [RankOfMatrix(), FreeVariables(), RedundantFeatures()]
