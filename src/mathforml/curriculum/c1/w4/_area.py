"""The determinant as an area scale factor: areas, products and inverses."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.curriculum.c1.w4._generators import random_matrix_with_det
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Integer, Rational
from mathforml.toolkit import linalg
from mathforml.types import Params


def _det_2x2_latex(M: list[list[int]]) -> str:
    """``ad − bc`` with the variant's numbers, as a learner writes it."""
    (a, b), (c, d) = M

    def par(x: int) -> str:
        return f"({x})" if x < 0 else str(x)

    return rf"{par(a)} \cdot {par(d)} - {par(b)} \cdot {par(c)} = {a * d - b * c}"


def _det_working(M: list[list[int]], name: str) -> str:
    """The determinant of M worked out: by formula for 2×2, by the toolkit's cofactor steps else."""
    det = linalg.determinant(M, method="cofactor")
    if len(M) == 2:
        return rf"$$\det {name} = {_det_2x2_latex(M)}.$$"
    return (
        rf"Expand $\det {name}$ along the first row:" "\n\n"
        + linalg.render_steps(det.steps)
        + "\n\n" rf"so $\det {name} = {linalg.latex_number(det.value)}$."
    )


class ParallelogramArea(Exercise):
    id = "c1w4.parallelogram-area"
    title = "Area of a parallelogram"
    topic = "determinant as area"
    answer_kind = Integer()

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            a, b, c, d = (int(x) for x in rng.integers(-5, 6, size=4))
            if a * d - b * c != 0 and (a, c) != (0, 0) and (b, d) != (0, 0):
                break
        # Half of the variants ask about the image of a shape of known area, not the square.
        shape_area = int(rng.choice([2, 3, 4, 6])) if rng.random() < 0.4 else 1
        return {"M": [[a, b], [c, d]], "shape_area": shape_area}

    def prompt(self, p: Params) -> str:
        (a, b), (c, d) = p["M"]
        if p["shape_area"] == 1:
            return (
                r"What is the area of the parallelogram spanned by the vectors "
                rf"$u = \begin{{bmatrix}} {a} \\ {c} \end{{bmatrix}}$ and "
                rf"$v = \begin{{bmatrix}} {b} \\ {d} \end{{bmatrix}}$?"
                "\n\nType a whole number."
            )
        return (
            "A shape in the plane has area "
            f"{p['shape_area']}. What is the area of its image under the linear "
            rf"transformation $M = {linalg.latex_matrix(p['M'])}$?"
            "\n\nType a whole number."
        )

    def answer(self, p: Params) -> int:
        return abs(int(linalg.determinant(p["M"]).value)) * p["shape_area"]

    def solution(self, p: Params) -> str:
        det = int(linalg.determinant(p["M"]).value)
        s = p["shape_area"]
        text = (
            "Put the two vectors side by side as the columns of a matrix: the unit square "
            r"goes to exactly this parallelogram, so its area is $|\det M|$." "\n\n"
            if s == 1
            else r"Every area is multiplied by the same factor $|\det M|$." "\n\n"
        )
        text += rf"$$\det M = {_det_2x2_latex(p['M'])}.$$" + "\n\n"
        if s == 1:
            return text + f"The area is $|{det}| = {abs(det)}$."
        return text + rf"The image has area ${s} \cdot |{det}| = {s * abs(det)}$."

    def independent_answer(self, p: Params) -> int:
        return abs(round(float(np.linalg.det(np.array(p["M"], dtype=float))))) * p["shape_area"]

    def misconceptions(self, p: Params) -> list[Misconception]:
        (a, b), (c, d) = p["M"]
        s = p["shape_area"]
        det = a * d - b * c
        wrong_cross = s * abs(a * d + b * c)
        return [
            Misconception(
                "signed-determinant",
                f"You gave the determinant ${det}$ itself. An area is never negative: the sign of "
                "the determinant only says the transformation flips the plane over. Take "
                r"$|\det M|$.",
                s * det if det < 0 else None,
            ),
            Misconception(
                "added-cross-term",
                "You computed $ad + bc$. The determinant of "
                r"$\begin{bmatrix} a & b \\ c & d \end{bmatrix}$ is $ad - bc$: subtract the "
                "product of the off-diagonal entries.",
                wrong_cross if wrong_cross != s * abs(det) else None,
            ),
        ]


# Which product a variant asks about: (label in LaTeX, power of A, power of B).
_PRODUCTS = (
    ("AB", 1, 1),
    ("BA", 1, 1),
    ("A^2 B", 2, 1),
    ("A B^2", 1, 2),
    ("A^3", 3, 0),
    ("A^{-1} B", -1, 1),
)


class DeterminantOfProduct(Exercise):
    id = "c1w4.det-of-product"
    title = "Determinant of a product"
    topic = "determinant as area"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        dets = (-5, -4, -3, -2, 2, 3, 4, 5)
        A = random_matrix_with_det(rng, 2, dets, low=-3, high=4)
        B = random_matrix_with_det(rng, 2, (*dets, -1, 1), low=-3, high=4)
        return {"A": A, "B": B, "which": int(rng.integers(len(_PRODUCTS)))}

    def _factors(self, p: Params) -> tuple[str, int, int]:
        return _PRODUCTS[p["which"]]

    def prompt(self, p: Params) -> str:
        label = self._factors(p)[0]
        return (
            rf"Let $A = {linalg.latex_matrix(p['A'])}$ and $B = {linalg.latex_matrix(p['B'])}$."
            "\n\n" rf"What is $\det({label})$? You do not need to multiply the matrices."
            "\n\nType an integer or a fraction such as `-3/4`."
        )

    def _product(self, p: Params) -> list[list[Fraction]]:
        """The matrix itself, built with the toolkit (the key does not trust the rule)."""
        _, pa, pb = self._factors(p)
        factor_a = linalg.inverse(p["A"]).matrix if pa < 0 else p["A"]
        result: list[list[Fraction]] = [[Fraction(int(i == j)) for j in range(2)] for i in range(2)]
        label = self._factors(p)[0]
        order = ["B", "A"] if label == "BA" else ["A"] * abs(pa) + ["B"] * pb
        for name in order:
            result = linalg.matmul(result, factor_a if name == "A" else p["B"]).matrix
        return result

    def answer(self, p: Params) -> Fraction:
        return Fraction(linalg.determinant(self._product(p)).value)

    def solution(self, p: Params) -> str:
        label, pa, pb = self._factors(p)
        da = int(linalg.determinant(p["A"]).value)
        db = int(linalg.determinant(p["B"]).value)
        value = linalg.latex_number(self.answer(p))
        if pa < 0:
            rule = rf"\det(A^{{-1}} B) = \frac{{\det B}}{{\det A}} = \frac{{{db}}}{{{da}}}"
            shown = rf"\frac{{{db}}}{{{da}}}"
        else:
            parts = []
            if pa:
                parts.append(f"({da})^{{{pa}}}" if pa > 1 else f"({da})")
            if pb:
                parts.append(f"({db})^{{{pb}}}" if pb > 1 else f"({db})")
            rule = rf"\det({label}) = " + r" \cdot ".join(parts)
            shown = ""
        if shown != value:  # do not write "= 1/2 = 1/2"
            rule += f" = {value}"
        return (
            r"Determinants multiply: $\det(XY) = \det X \cdot \det Y$, and "
            r"$\det(A^{-1}) = 1/\det A$."
            "\n\n"
            rf"$$\det A = {_det_2x2_latex(p['A'])}, \qquad \det B = {_det_2x2_latex(p['B'])}.$$"
            "\n\n"
            rf"$$ {rule}.$$"
            "\n\nCheck: multiplying the matrices gives "
            rf"${label} = {linalg.latex_matrix(self._product(p))}$, whose determinant is indeed "
            f"${value}$."
        )

    def independent_answer(self, p: Params) -> Fraction:
        A, B = sympy.Matrix(p["A"]), sympy.Matrix(p["B"])
        label = self._factors(p)[0]
        M = {"AB": A * B, "BA": B * A, "A^2 B": A * A * B, "A B^2": A * B * B,
             "A^3": A * A * A, "A^{-1} B": A.inv() * B}[label]
        det = sympy.Rational(M.det())
        return Fraction(int(det.p), int(det.q))

    def misconceptions(self, p: Params) -> list[Misconception]:
        _, pa, pb = self._factors(p)
        da = Fraction(int(linalg.determinant(p["A"]).value))
        db = Fraction(int(linalg.determinant(p["B"]).value))
        right = self.answer(p)
        added = (1 / da if pa < 0 else pa * da) + pb * db
        times_power = (pa * da if pa > 1 else da**pa) * (pb * db if pb > 1 else db**pb)
        return [
            Misconception(
                "added-determinants",
                "You added the determinants. Area scale factors multiply: applying $B$ and then "
                r"$A$ scales areas by $\det B$ and then by $\det A$, so "
                r"$\det(AB) = \det A \cdot \det B$.",
                added if (pb > 0 and added != right) else None,
            ),
            Misconception(
                "power-times-det",
                r"You multiplied the determinant by the exponent. $A^2 = A \cdot A$ scales areas "
                r"twice, so $\det(A^2) = (\det A)^2$, not $2 \det A$.",
                times_power if (max(pa, pb) > 1 and times_power != right) else None,
            ),
            Misconception(
                "inverse-as-negative",
                r"You used $-\det A$ for $\det(A^{-1})$. The inverse undoes the scaling, so its "
                r"determinant is the reciprocal: $\det(A^{-1}) = 1/\det A$.",
                -da * db if pa < 0 else None,
            ),
        ]


class DeterminantOfInverse(Exercise):
    id = "c1w4.det-of-inverse"
    title = "Determinant of an inverse"
    topic = "determinant as area"
    answer_kind = Rational()

    def generate(self, rng: np.random.Generator) -> Params:
        n = 2 if rng.random() < 0.6 else 3
        dets = (-6, -5, -4, -3, -2, 2, 3, 4, 5, 6) + ((-1, 1) if n == 2 else ())
        return {"A": random_matrix_with_det(rng, n, dets, low=-3, high=3)}

    def prompt(self, p: Params) -> str:
        return (
            rf"Let $A = {linalg.latex_matrix(p['A'])}$. What is $\det(A^{{-1}})$? "
            "You do not need to compute the inverse."
            "\n\nType an integer or a fraction such as `-1/5`."
        )

    def answer(self, p: Params) -> Fraction:
        return Fraction(linalg.determinant(linalg.inverse(p["A"]).matrix).value)

    def solution(self, p: Params) -> str:
        det = int(linalg.determinant(p["A"]).value)
        return (
            _det_working(p["A"], "A")
            + "\n\n" r"Since $A A^{-1} = I$ and $\det I = 1$, we get "
            r"$\det A \cdot \det(A^{-1}) = 1$: the inverse undoes the area scaling." "\n\n"
            rf"$$\det(A^{{-1}}) = \frac{{1}}{{\det A}} = \frac{{1}}{{{det}}} = "
            rf"{linalg.latex_number(Fraction(1, det))}.$$"
        )

    def independent_answer(self, p: Params) -> Fraction:
        det = sympy.Matrix(p["A"]).inv().det()
        return Fraction(int(det.p), int(det.q))

    def misconceptions(self, p: Params) -> list[Misconception]:
        det = Fraction(int(linalg.determinant(p["A"]).value))
        return [
            Misconception(
                "negated",
                r"You gave $-\det A$. The inverse does not reverse the sign; it reverses the "
                r"scaling: $\det(A^{-1}) = 1/\det A$, which has the same sign as $\det A$.",
                -det,
            ),
            Misconception(
                "forgot-reciprocal",
                r"You gave $\det A$ itself. If $A$ scales areas by $\det A$, its inverse must "
                r"scale them back by $1/\det A$.",
                det if abs(det) != 1 else None,
            ),
            Misconception(
                "negative-reciprocal",
                r"You gave $-1/\det A$. The reciprocal is right, but there is no minus sign: "
                r"$\det(A) \det(A^{-1}) = \det I = 1$, so both have the same sign.",
                -1 / det,
            ),
        ]
