"""PCA: the variance explained by principal components, projection and reconstruction."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Number, Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

#: Explained-variance answers are accepted within this relative tolerance (3–4 digits).
RATIO_RTOL = 1e-3


def _ratio_differs(wrong: float, right: float) -> bool:
    """Whether a wrong ratio is far enough from the right one to be told apart."""
    return abs(wrong - right) > 2 * RATIO_RTOL * abs(right)


class ExplainedVariance(Exercise):
    id = "c1w4.explained-variance"
    title = "Explained variance"
    topic = "PCA"
    answer_kind = Number(rtol=RATIO_RTOL)

    def generate(self, rng: np.random.Generator) -> Params:
        if rng.random() < 0.6:
            d = int(rng.integers(3, 7))
            values = sorted((int(x) for x in rng.choice(np.arange(1, 31), size=d, replace=False)),
                            reverse=True)
            k = int(rng.integers(1, d))
            order = str(rng.choice(["ascending", "descending"]))
            listed = values[::-1] if order == "ascending" else values
            return {"mode": "eigenvalues", "listed": listed, "order": order, "k": k}
        # A 2×2 covariance with integer eigenvalues, along the direction (1, 1) or (1, 2).
        direction = [1, 1] if rng.random() < 0.5 else [1, 2]
        step = 2 if direction == [1, 1] else 5
        small = int(rng.integers(1, 6))
        large = small + step * int(rng.integers(1, 5))
        u = np.array(direction)
        w = np.array([-u[1], u[0]])
        C = (large * np.outer(u, u) + small * np.outer(w, w)) // int(u @ u)
        if rng.random() < 0.5:  # mirror: the covariance of (x, -y) has a negative off-diagonal
            C = C * np.array([[1, -1], [-1, 1]])
        return {"mode": "covariance", "C": C.astype(int).tolist(), "k": 1}

    def prompt(self, p: Params) -> str:
        tail = (
            "\n\nType the fraction of the total variance (a number between 0 and 1), as a "
            "fraction such as `9/10` or a decimal to at least 4 significant digits."
        )
        if p["mode"] == "covariance":
            return (
                "A data set with two features has the covariance matrix\n\n"
                f"$$C = {linalg.latex_matrix(p['C'])}.$$\n\n"
                "What fraction of the total variance does the first principal component explain?"
                + tail
            )
        listed = ", ".join(str(x) for x in p["listed"])
        source = (
            f"`np.linalg.eigh(C)` returned the eigenvalues `[{listed}]` (in ascending order, "
            "as `eigh` always does)"
            if p["order"] == "ascending"
            else f"Its eigenvalues, from largest to smallest, are ${listed}$"
        )
        return (
            f"A data set with {len(p['listed'])} features has covariance matrix $C$. {source}."
            "\n\nWhat fraction of the total variance is kept by projecting onto the first "
            f"{p['k']} principal component{'s' if p['k'] > 1 else ''}?" + tail
        )

    def _values(self, p: Params) -> list[Fraction]:
        """The eigenvalues of the covariance, largest first."""
        if p["mode"] == "covariance":
            return sorted((Fraction(str(v)) for v in linalg.eigenvalues(p["C"])), reverse=True)
        return sorted((Fraction(v) for v in p["listed"]), reverse=True)

    def answer(self, p: Params) -> Fraction:
        values = self._values(p)
        return sum(values[: p["k"]]) / sum(values)

    def solution(self, p: Params) -> str:
        values, k = self._values(p), p["k"]
        top = " + ".join(linalg.latex_number(v) for v in values[:k])
        everything = " + ".join(linalg.latex_number(v) for v in values)
        ratio = self.answer(p)
        text = ""
        if p["mode"] == "covariance":
            poly = linalg.characteristic_polynomial(p["C"])
            (a, _), (_, d) = p["C"]
            text = (
                "The variances along the principal components are the eigenvalues of $C$, the "
                rf"roots of $\det(C - \lambda I) = {sympy.latex(sympy.expand(poly.sympy_expr))}$: "
                rf"$\lambda_1 = {linalg.latex_number(values[0])}$ and "
                rf"$\lambda_2 = {linalg.latex_number(values[1])}$. Their sum equals the trace, "
                f"${a} + {d} = {a + d}$: the total variance.\n\n"
            )
        elif p["order"] == "ascending":
            text = (
                "`eigh` lists the eigenvalues from smallest to largest, so the first principal "
                "components belong to the **last** values in the list.\n\n"
            )
        return text + (
            (f"The first {k} components keep" if k > 1 else "The first component keeps")
            + "\n\n" rf"$$\frac{{{top}}}{{{everything}}} = {linalg.latex_number(ratio)} "
            rf"\approx {float(ratio):.4f}$$" "\n\n" "of the total variance."
        )

    def independent_answer(self, p: Params) -> float:
        if p["mode"] == "covariance":
            values = np.linalg.eigvalsh(np.array(p["C"], dtype=float))[::-1]
        else:
            values = np.sort(np.array(p["listed"], dtype=float))[::-1]
        return float(values[: p["k"]].sum() / values.sum())

    def misconceptions(self, p: Params) -> list[Misconception]:
        values, k = self._values(p), p["k"]
        right = float(self.answer(p))
        total = sum(values)
        first_listed = (
            sum(Fraction(v) for v in p["listed"][:k]) / total
            if p["mode"] == "eigenvalues" and p["order"] == "ascending" else None
        )
        share = Fraction(k, len(values))
        rest = sum(values[:k]) / (total - sum(values[:k]))
        diagonal = (
            Fraction(max(p["C"][0][0], p["C"][1][1]), p["C"][0][0] + p["C"][1][1])
            if p["mode"] == "covariance" else None
        )

        def keep(x: Fraction | None) -> Fraction | None:
            return x if x is not None and _ratio_differs(float(x), right) else None

        return [
            Misconception(
                "first-k-listed",
                "You took the first eigenvalues in the list, but `eigh` returns them in "
                "ascending order, so those are the *smallest*. The principal components are the "
                "eigenvectors with the largest eigenvalues: reverse the list first.",
                keep(first_listed),
            ),
            Misconception(
                "fraction-of-components",
                f"You gave the fraction of components kept, ${k}/{len(values)}$. Components are "
                "not equally important: weigh each by its eigenvalue (its variance) and divide "
                "by the sum of all eigenvalues.",
                keep(share),
            ),
            Misconception(
                "divided-by-rest",
                "You divided the kept variance by the variance that is left out. The fraction "
                "explained divides by the *total*, the sum of all the eigenvalues.",
                keep(rest),
            ),
            Misconception(
                "diagonal-as-variance",
                "You used a diagonal entry of $C$: that is the variance of one original feature. "
                "The first principal component is a new direction, a mix of the features, and "
                "its variance is the largest eigenvalue of $C$.",
                keep(diagonal),
            ),
        ]


# Principal directions with rational unit vectors (÷5) or a √2 normaliser, in our sign
# convention (largest-magnitude entry positive).
_DIRECTIONS = ([3, 4], [4, 3], [-3, 4], [4, -3], [1, 1], [1, -1])


class PcaReconstruction(Exercise):
    id = "c1w4.pca-reconstruction"
    title = "Reconstruction from the first principal component"
    topic = "PCA"
    answer_kind = Vector()

    def generate(self, rng: np.random.Generator) -> Params:
        w = _DIRECTIONS[int(rng.integers(len(_DIRECTIONS)))]
        mean = [0, 0]
        while mean == [0, 0]:
            mean = [int(x) for x in rng.integers(-3, 7, size=2)]
        while True:
            d = [int(x) for x in rng.integers(-5, 6, size=2)]
            along = d[0] * w[0] + d[1] * w[1]
            across = d[0] * w[1] - d[1] * w[0]
            if along != 0 and across != 0:
                break
        return {"w": w, "mean": mean, "x": [m + di for m, di in zip(mean, d, strict=True)]}

    def _unit_latex(self, w: list[int]) -> str:
        length2 = w[0] ** 2 + w[1] ** 2
        if length2 == 25:
            return linalg.latex_vector([Fraction(w[0], 5), Fraction(w[1], 5)])
        return rf"\frac{{1}}{{\sqrt{{2}}}}{linalg.latex_vector(w)}"

    def prompt(self, p: Params) -> str:
        return (
            "PCA on a data set with two features found the mean "
            rf"$\mu = {linalg.latex_vector(p['mean'])}$ and the first principal component "
            f"$u_1 = {self._unit_latex(p['w'])}$ (a unit vector).\n\n"
            f"Compress the data point $x = {linalg.latex_vector(p['x'])}$ to its single score "
            "on $u_1$, then reconstruct it from that score. What is the reconstruction "
            r"$\hat{x}$?" "\n\n" "Type a vector such as `[1.5, 3.5]`; fractions are welcome."
        )

    def _deviation(self, p: Params) -> list[int]:
        return [xi - m for xi, m in zip(p["x"], p["mean"], strict=True)]

    def answer(self, p: Params) -> list:
        along = linalg.projection(self._deviation(p), p["w"])
        return [m + a for m, a in zip(p["mean"], along, strict=True)]

    def solution(self, p: Params) -> str:
        w, d = p["w"], self._deviation(p)
        length2 = w[0] ** 2 + w[1] ** 2
        dot = d[0] * w[0] + d[1] * w[1]
        along = linalg.projection(d, w)
        w_latex = linalg.latex_vector(w)
        if length2 == 25:
            score_text = linalg.latex_number(Fraction(dot, 5))
            back = rf"{score_text} \cdot \frac{{1}}{{5}} {w_latex}"
        else:
            score_text = rf"\frac{{{dot}}}{{\sqrt{{2}}}}"
            back = rf"\frac{{{dot}}}{{\sqrt{{2}}}} \cdot \frac{{1}}{{\sqrt{{2}}}} {w_latex}"
        x_hat = self.answer(p)
        return (
            rf"**1. Centre:** $x - \mu = {linalg.latex_vector(d)}$."
            "\n\n" rf"**2. Score:** $z = u_1 \cdot (x - \mu) = {score_text}$."
            "\n\n" rf"**3. Back to the plane:** $z\,u_1 = {back} = {linalg.latex_vector(along)}$."
            "\n\n" rf"**4. Add the mean back:** $\hat{{x}} = \mu + z\,u_1 = "
            f"{linalg.latex_vector(x_hat)}$."
            "\n\n" r"The part of $x - \mu$ perpendicular to $u_1$ (along the second component) is "
            "what the compression forgets."
        )

    def independent_answer(self, p: Params) -> list[float]:
        u = np.array(p["w"], dtype=float)
        u /= np.linalg.norm(u)
        mean, x = np.array(p["mean"], dtype=float), np.array(p["x"], dtype=float)
        return (mean + (u @ (x - mean)) * u).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        w, mean, x = p["w"], p["mean"], p["x"]
        length2 = w[0] ** 2 + w[1] ** 2
        along = linalg.projection(self._deviation(p), w)
        raw = Fraction(x[0] * w[0] + x[1] * w[1], length2)
        mean_along = mean[0] * w[0] + mean[1] * w[1]
        return [
            Misconception(
                "forgot-mean",
                r"You reconstructed the centred point $z\,u_1$. PCA worked on centred data, so "
                r"add the mean back: $\hat{x} = \mu + z\,u_1$.",
                list(along),
            ),
            Misconception(
                "not-centered",
                "You projected $x$ itself onto $u_1$. Centre first: the score is "
                r"$z = u_1 \cdot (x - \mu)$, because the components describe the spread "
                "around the mean.",
                [m + raw * wi for m, wi in zip(mean, w, strict=True)] if mean_along else None,
            ),
        ]
