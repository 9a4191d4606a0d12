"""Bases and span: is a set of vectors a basis, and coordinates in another basis."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w4._generators import sympy_to_fraction
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Choice, Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

#: The kinds of variant of "is it a basis?", with how often each is drawn.
_BASIS_CASES = ("independent", "dependent", "too-many", "too-few")
_BASIS_WEIGHTS = (0.4, 0.3, 0.15, 0.15)


def _vectors_latex(vectors: list[list[int]]) -> str:
    return r",\quad ".join(
        rf"v_{{{i}}} = {linalg.latex_vector(v)}" for i, v in enumerate(vectors, start=1)
    )


def _independent_rows(rng: np.random.Generator, k: int, dim: int) -> np.ndarray:
    """k linearly independent integer vectors in R^dim, none of them a standard basis vector."""
    while True:
        rows = rng.integers(-3, 4, size=(k, dim))
        standard = any(np.count_nonzero(r) == 1 and np.abs(r).max() == 1 for r in rows)
        if not standard and np.linalg.matrix_rank(rows) == k:
            return rows


class IsBasis(Exercise):
    id = "c1w4.is-basis"
    title = "Is it a basis?"
    topic = "bases and span"
    answer_kind = Choice(("yes", "no"))

    def generate(self, rng: np.random.Generator) -> Params:
        dim = int(rng.choice([2, 3]))
        case = str(rng.choice(_BASIS_CASES, p=_BASIS_WEIGHTS))
        if case == "independent":
            rows = _independent_rows(rng, dim, dim)
        elif case == "too-few":
            rows = _independent_rows(rng, dim - 1, dim)
        elif case == "dependent":
            base = _independent_rows(rng, dim - 1, dim)
            weights = rng.choice([-2, -1, 1, 2], size=dim - 1)
            rows = np.vstack([base, weights @ base])
        else:  # too many: dim + 1 vectors that do span R^dim, no two of them parallel
            while True:
                rows = rng.integers(-3, 4, size=(dim + 1, dim))
                pairs_ok = all(
                    np.linalg.matrix_rank(rows[[i, j]]) == 2
                    for i in range(dim + 1) for j in range(i + 1, dim + 1)
                )
                if pairs_ok and np.linalg.matrix_rank(rows) == dim:
                    break
        rows = rows[rng.permutation(len(rows))]
        return {"dim": dim, "case": case, "vectors": rows.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        return (
            ("Do the vectors" if len(p["vectors"]) > 1 else "Does the vector")
            + f"\n\n$$ {_vectors_latex(p['vectors'])} $$\n\n"
            + ("form" if len(p["vectors"]) > 1 else "on its own form")
            + rf" a basis of $\mathbb{{R}}^{{{p['dim']}}}$?"
        )

    def answer(self, p: Params) -> str:
        return "yes" if linalg.is_basis(p["vectors"], dim=p["dim"]) else "no"

    def solution(self, p: Params) -> str:
        k, dim = len(p["vectors"]), p["dim"]
        ind = linalg.linearly_independent(p["vectors"])
        text = (
            rf"A basis of $\mathbb{{R}}^{{{dim}}}$ needs exactly {dim} linearly independent "
            f"vectors. Here there are {k}.\n\n"
            "Eliminating shows how many of them are independent:\n\n"
            + linalg.render_steps(ind.steps)
            + f"\n\nThe rank is {ind.rank}."
        )
        if ind.relation is not None:
            text += f" The vectors are dependent: ${_relation_latex(ind.relation)} = 0$."
        if k != dim:
            text += (
                f"\n\n{k} vectors can never be a basis of "
                rf"$\mathbb{{R}}^{{{dim}}}$: "
                + ("too few vectors cannot span it." if k < dim
                   else "too many vectors are always dependent.")
            )
        verdict = self.answer(p)
        return text + f"\n\nSo the answer is **{verdict}**."

    def independent_answer(self, p: Params) -> str:
        vectors = np.array(p["vectors"])
        ok = len(vectors) == p["dim"] and np.linalg.matrix_rank(vectors) == p["dim"]
        return "yes" if ok else "no"

    def misconceptions(self, p: Params) -> list[Misconception]:
        case, dim, vectors = p["case"], p["dim"], np.array(p["vectors"])
        gram = vectors @ vectors.T
        orthogonal = np.count_nonzero(gram - np.diag(np.diag(gram))) == 0
        relation = linalg.linearly_independent(p["vectors"]).relation
        relation_text = (
            f" Indeed ${_relation_latex(relation)} = 0$." if relation is not None else ""
        )
        return [
            Misconception(
                "orthogonal-required",
                "A basis does not have to be made of perpendicular vectors. Any "
                f"{dim} linearly independent vectors in "
                rf"$\mathbb{{R}}^{{{dim}}}$ form a basis, at whatever angles they meet.",
                "no" if case == "independent" and not orthogonal else None,
            ),
            Misconception(
                "dependent-vectors",
                f"There are the right number of vectors ({dim}), but one of them is a "
                "combination of the others, so together they only span a "
                + ("line." if dim == 2 else "plane.")
                + relation_text
                + " Check the determinant of the matrix they form: it is 0.",
                "yes" if case == "dependent" else None,
            ),
            Misconception(
                "too-many-vectors",
                "These vectors do span the space, but there are more than "
                f"{dim} of them, so they are linearly dependent: at least one is redundant. "
                "A basis of " + rf"$\mathbb{{R}}^{{{dim}}}$ has exactly {dim} vectors.",
                "yes" if case == "too-many" else None,
            ),
            Misconception(
                "too-few-vectors",
                ("These vectors are independent, but two vectors" if dim == 3
                 else "This vector is not zero, but one vector")
                + " cannot reach every point of "
                + rf"$\mathbb{{R}}^{{{dim}}}$: "
                + ("their" if dim == 3 else "its")
                + " span is only a "
                + ("line." if dim == 2 else "plane.")
                + f" A basis needs {dim}.",
                "yes" if case == "too-few" else None,
            ),
        ]


def _relation_latex(coefficients: list) -> str:
    """``2 v_1 - v_2 + v_3`` from the coefficients of a linear relation, scaled to
    coprime integers with a positive first coefficient (as one writes it on paper)."""
    exact = [Fraction(c).limit_denominator(1000) for c in coefficients]
    scale = math.lcm(*(c.denominator for c in exact))
    whole = [int(c * scale) for c in exact]
    divisor = math.gcd(*whole) * (1 if next(c for c in whole if c) > 0 else -1)
    terms = []
    for i, c in enumerate((c // divisor for c in whole), start=1):
        if c == 0:
            continue
        coefficient = "" if abs(c) == 1 else str(abs(c))
        sign = "-" if c < 0 else "+"
        terms.append((sign, f"{coefficient}v_{{{i}}}"))
    first_sign, first = terms[0]
    text = ("-" if first_sign == "-" else "") + first
    return text + "".join(f" {sign} {term}" for sign, term in terms[1:])


class CoordinatesInBasis(Exercise):
    id = "c1w4.coordinates-in-basis"
    title = "Coordinates in another basis"
    topic = "bases and span"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        dim = 2 if rng.random() < 0.7 else 3
        while True:
            B = rng.integers(-3, 4, size=(dim, dim))
            det = round(float(np.linalg.det(B)))
            if det != 0 and abs(det) <= 6 and np.count_nonzero(B - np.diag(np.diag(B))) >= dim:
                break
        c = rng.integers(-4, 5, size=dim)
        while not c.any():
            c = rng.integers(-4, 5, size=dim)
        basis = B.T.astype(int).tolist()  # the basis vectors are the columns of B
        return {"basis": basis, "v": (B @ c).astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        n = len(p["v"])
        names = ", ".join(f"b_{i}" for i in range(1, n + 1))
        combo = " + ".join(f"c_{i} b_{i}" for i in range(1, n + 1))
        vectors = r",\quad ".join(
            rf"b_{{{i}}} = {linalg.latex_vector(b)}" for i, b in enumerate(p["basis"], 1)
        )
        return (
            f"The vectors\n\n$$ {vectors} $$\n\n"
            rf"form a basis of $\mathbb{{R}}^{{{n}}}$. "
            rf"Find the coordinates of $v = {linalg.latex_vector(p['v'])}$ in the basis "
            f"${names}$, that is, the numbers with $v = {combo}$."
            "\n\nType the coordinates as a vector, for example `[3, -1" + ", 2" * (n - 2) + "]`."
        )

    def _matrix(self, p: Params) -> list[list[int]]:
        """The basis vectors as the columns of a matrix B, so that B c = v."""
        return [list(row) for row in zip(*p["basis"], strict=True)]

    def answer(self, p: Params) -> list:
        return list(linalg.coordinates(p["v"], p["basis"]))

    def solution(self, p: Params) -> str:
        n = len(p["v"])
        B = self._matrix(p)
        solved = linalg.solve(B, p["v"])
        c = self.answer(p)
        check = " + ".join(
            f"{linalg.latex_number(ci)} {linalg.latex_vector(b)}"
            for ci, b in zip(c, p["basis"], strict=True)
        )
        return (
            "Put the basis vectors in the columns of a matrix $B$; the coordinates $c$ solve "
            "$Bc = v$. Eliminate on the augmented matrix:\n\n"
            + linalg.render_steps(solved.steps, augmented_at=n)
            + f"\n\nSo $c = {linalg.latex_vector(c)}$. Check:\n\n"
            f"$${check} = {linalg.latex_vector(p['v'])}.$$"
        )

    def independent_answer(self, p: Params) -> list[Fraction]:
        c = sympy.Matrix(self._matrix(p)).LUsolve(sympy.Matrix(p["v"]))
        return [sympy_to_fraction(x) for x in c]

    def misconceptions(self, p: Params) -> list[Misconception]:
        right = [Fraction(x) for x in self.independent_answer(p)]
        v = [Fraction(x) for x in p["v"]]
        B = np.array(self._matrix(p))
        multiplied = [Fraction(int(x)) for x in B @ np.array(p["v"])]
        rows = sympy.Matrix(p["basis"]).LUsolve(sympy.Matrix(p["v"]))
        as_rows = [sympy_to_fraction(x) for x in rows]
        return [
            Misconception(
                "standard-coordinates",
                "You gave $v$'s coordinates in the standard basis. In the basis "
                r"$b_1, b_2, \dots$ you need the numbers $c_i$ with "
                r"$v = c_1 b_1 + c_2 b_2 + \dots$: solve $Bc = v$, where the columns of $B$ "
                "are the basis vectors.",
                v if v != right else None,
            ),
            Misconception(
                "multiplied-by-basis",
                "You computed $Bv$, which converts the other way: it treats $v$ as coordinates "
                "in the new basis and gives the standard ones. To find the new coordinates, "
                "undo $B$: solve $Bc = v$ (that is, $c = B^{-1} v$).",
                multiplied if multiplied != right else None,
            ),
            Misconception(
                "basis-as-rows",
                "You put the basis vectors in the rows of the matrix. In $Bc = v$, each basis "
                r"vector is a column of $B$, because $Bc = c_1 b_1 + c_2 b_2 + \dots$ "
                "combines the columns.",
                as_rows if as_rows != right else None,
            ),
        ]
