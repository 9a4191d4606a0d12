"""The dot product: computing it, the angle it measures, and orthogonality."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w3._common import (
    exact,
    k_term,
    num,
    par,
    plus,
    products_tex,
    sqrt_tex,
    sum_tex,
    tuple_tex,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Integer, Number, Rational
from mathforml.toolkit import linalg
from mathforml.types import Params


class DotProduct(Exercise):
    id = "c1w3.dot-product"
    title = "Dot product"
    topic = "dot product"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.integers(3, 5))
        while True:
            u = rng.integers(-5, 6, size=n)
            v = rng.integers(-5, 6, size=n)
            if np.count_nonzero(u * v) >= 2:
                return {"u": u.astype(int).tolist(), "v": v.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        return (
            "Compute the dot product $u \\cdot v$ of\n\n"
            rf"$$u = {linalg.latex_vector(p['u'])}, \qquad v = {linalg.latex_vector(p['v'])}.$$"
            "\n\nType a whole number."
        )

    def answer(self, p: Params) -> int:
        return int(exact(linalg.dot(p["u"], p["v"])))

    def solution(self, p: Params) -> str:
        u, v = p["u"], p["v"]
        products = [a * b for a, b in zip(u, v, strict=True)]
        return (
            "Multiply matching entries, then add the products:\n\n"
            rf"$$u \cdot v = {products_tex(u, v)} = {sum_tex(products)} = {sum(products)}.$$"
        )

    def independent_answer(self, p: Params) -> int:
        return int(np.dot(np.array(p["u"]), np.array(p["v"])))

    def misconceptions(self, p: Params) -> list[Misconception]:
        u, v = p["u"], p["v"]
        products = [a * b for a, b in zip(u, v, strict=True)]
        return [
            Misconception(
                "dropped-signs",
                "You added the products as if they were all positive. Keep each product's "
                rf"sign: here the products are ${sum_tex(products)}$, and the negative ones "
                "pull the sum down.",
                sum(abs(x) for x in products) if any(x < 0 for x in products) else None,
            ),
            Misconception(
                "added-pairs",
                "You added matching entries instead of multiplying them. The dot product "
                r"multiplies each pair, $u_i v_i$, and then adds those products.",
                sum(u) + sum(v),
            ),
        ]


#: Integer vector pairs with a known angle (degrees). Signed permutations of the
#: coordinates and positive scalings keep the angle, so each base pair gives many variants.
_ANGLE_BASES: tuple[tuple[int, tuple[int, ...], tuple[int, ...]], ...] = (
    (45, (1, 0), (1, 1)),
    (45, (2, 1), (1, 3)),
    (45, (1, 2), (3, 1)),
    (135, (1, 0), (-1, 1)),
    (135, (2, 1), (-1, -3)),
    (60, (1, 1, 0), (0, 1, 1)),
    (60, (1, 0, 1), (1, 1, 0)),
    (120, (1, 1, 0), (0, -1, -1)),
    (120, (1, 0, -1), (0, 1, 1)),
)


class AngleBetweenVectors(Exercise):
    id = "c1w3.angle-between-vectors"
    title = "Angle between two vectors"
    topic = "dot product"
    answer_kind = Number()

    def generate(self, rng: np.random.Generator) -> Params:
        if rng.random() < 0.2:  # a right angle, from any integer vector
            while True:
                a, b = (int(x) for x in rng.integers(-4, 5, size=2))
                if a and b:
                    break
            k = int(rng.integers(1, 3)) * int(rng.choice([-1, 1]))
            u, v = np.array([a, b]), np.array([-b * k, a * k])
        else:
            _, base_u, base_v = _ANGLE_BASES[int(rng.integers(len(_ANGLE_BASES)))]
            n = len(base_u)
            order = rng.permutation(n)
            signs = rng.choice([-1, 1], size=n)
            u = np.array(base_u)[order] * signs * int(rng.integers(1, 4))
            v = np.array(base_v)[order] * signs * int(rng.integers(1, 3))
        return {"u": u.astype(int).tolist(), "v": v.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        return (
            "Find the angle $\\theta$ between the vectors\n\n"
            rf"$$u = {linalg.latex_vector(p['u'])}, \qquad v = {linalg.latex_vector(p['v'])}.$$"
            "\n\nGive $\\theta$ in **degrees**, between $0$ and $180$ (for example `60`)."
        )

    def answer(self, p: Params) -> float:
        return float(linalg.angle(p["u"], p["v"], degrees=True))

    def solution(self, p: Params) -> str:
        u, v = p["u"], p["v"]
        d = sum(a * b for a, b in zip(u, v, strict=True))
        uu = sum(a * a for a in u)
        vv = sum(b * b for b in v)
        cosine = d / math.sqrt(uu * vv)
        degrees = self.answer(p)
        return (
            r"Use $\cos\theta = \frac{u \cdot v}{\|u\|\,\|v\|}$."
            "\n\n"
            rf"$$u \cdot v = {products_tex(u, v)} = {d},$$"
            "\n\n"
            rf"$$\|u\| = {sqrt_tex(uu)}, \qquad \|v\| = {sqrt_tex(vv)},$$"
            "\n\n"
            rf"$$\cos\theta = \frac{{{d}}}{{{sqrt_tex(uu)} \cdot {sqrt_tex(vv)}}} = "
            rf"\frac{{{d}}}{{\sqrt{{{uu * vv}}}}} \approx {cosine:.6g},$$"
            "\n\n"
            rf"so $\theta = \arccos({cosine:.6g}) = {degrees:.6g}^\circ$."
            + (" The dot product is zero: the vectors are orthogonal." if d == 0 else "")
        )

    def independent_answer(self, p: Params) -> float:
        u = np.array(p["u"], dtype=float)
        v = np.array(p["v"], dtype=float)
        c = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
        return float(np.degrees(np.arccos(np.clip(c, -1.0, 1.0))))

    def misconceptions(self, p: Params) -> list[Misconception]:
        u = np.array(p["u"], dtype=float)
        v = np.array(p["v"], dtype=float)
        cosine = float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
        theta = math.acos(max(-1.0, min(1.0, cosine)))
        return [
            Misconception(
                "gave-radians",
                r"That is the angle in radians. Convert: multiply by $\frac{180}{\pi}$ to get "
                "degrees.",
                theta,
            ),
            Misconception(
                "gave-cosine",
                r"That is $\cos\theta$, not the angle. Finish with $\theta = \arccos(\cos\theta)$, "
                "in degrees.",
                cosine,
            ),
            Misconception(
                "dropped-sign-of-dot",
                "You found the supplementary angle: the dot product here is negative, so the "
                r"cosine is negative and the angle is obtuse (more than $90^\circ$)."
                if cosine < 0
                else "You found the supplementary angle: the dot product here is positive, so "
                r"the cosine is positive and the angle is acute (less than $90^\circ$).",
                180.0 - math.degrees(theta) if abs(cosine) > 1e-12 else None,
            ),
        ]


class OrthogonalK(Exercise):
    id = "c1w3.orthogonal-k"
    title = "Make two vectors orthogonal"
    topic = "dot product"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.integers(2, 4))
        while True:
            u = rng.integers(-5, 6, size=n)
            v = rng.integers(-5, 6, size=n)
            j = int(rng.integers(n))
            v[j] = 0
            rest = int(u @ v)
            if u[j] != 0 and rest != 0 and abs(rest) != abs(int(u[j])):
                return {"u": u.astype(int).tolist(), "v": v.astype(int).tolist(), "j": j}

    def _v_tex(self, p: Params) -> str:
        entries = [num(x) for x in p["v"]]
        entries[p["j"]] = "k"
        return r"\begin{bmatrix} " + r" \\ ".join(entries) + r" \end{bmatrix}"

    def prompt(self, p: Params) -> str:
        return (
            "For which number $k$ are the vectors\n\n"
            rf"$$u = {linalg.latex_vector(p['u'])} \quad\text{{and}}\quad v = {self._v_tex(p)}$$"
            "\n\northogonal? Type the exact value, a fraction if needed (for example `-3/2`)."
        )

    def _parts(self, p: Params) -> tuple[Fraction, Fraction]:
        """``u·v = coefficient·k + rest``: the dot product as a linear function of k."""
        rest = exact(linalg.dot(p["u"], p["v"]))  # v holds 0 where k goes
        return Fraction(p["u"][p["j"]]), rest

    def answer(self, p: Params) -> Fraction:
        coefficient, rest = self._parts(p)
        return -rest / coefficient

    def solution(self, p: Params) -> str:
        u, v, j = p["u"], p["v"], p["j"]
        coefficient, rest = self._parts(p)
        terms = [rf"{par(a)} \cdot {'k' if i == j else par(b)}" for i, (a, b) in
                 enumerate(zip(u, v, strict=True))]
        k = self.answer(p)
        solved_v = tuple_tex([k if i == j else x for i, x in enumerate(v)])
        return (
            "Orthogonal means the dot product is zero:\n\n"
            rf"$$u \cdot v = {' + '.join(terms)} = {k_term(coefficient)}{plus(rest)} = 0.$$"
            "\n\n"
            rf"So ${k_term(coefficient)} = {num(-rest)}$ and $k = {num(k)}$. "
            rf"Check: with $k = {num(k)}$, $v = {solved_v}$ and $u \cdot v = 0$."
        )

    def independent_answer(self, p: Params) -> Fraction:
        k = sympy.Symbol("k")
        v = [k if i == p["j"] else x for i, x in enumerate(p["v"])]
        (root,) = sympy.solve(sympy.Matrix(p["u"]).dot(sympy.Matrix(v)), k)
        return Fraction(int(root.p), int(root.q))

    def misconceptions(self, p: Params) -> list[Misconception]:
        coefficient, rest = self._parts(p)
        return [
            Misconception(
                "sign-slip",
                rf"Check the sign. From ${k_term(coefficient)}{plus(rest)} = 0$, move "
                rf"${num(rest)}$ to the other side and it changes sign: "
                rf"${k_term(coefficient)} = {num(-rest)}$.",
                rest / coefficient,
            ),
            Misconception(
                "divided-upside-down",
                "You divided the wrong way round. To solve $a k = c$, divide both sides by the "
                r"coefficient of $k$: $k = \frac{c}{a}$.",
                -coefficient / rest,
            ),
        ]


__all__ = ["AngleBetweenVectors", "DotProduct", "OrthogonalK"]
