"""The covariance matrix of a small data set: centre, multiply, divide by n − 1."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Matrix
from mathforml.toolkit import linalg
from mathforml.types import Params


def _exact(x: object) -> Fraction:
    """A toolkit number (Fraction, int or float) as a Fraction: our data make every mean and
    covariance a simple fraction, so a float result is read back exactly."""
    return Fraction(x).limit_denominator(1000)  # type: ignore[arg-type]


class CovarianceMatrix(Exercise):
    id = "c1w4.covariance-matrix"
    title = "Covariance matrix of a small data set"
    topic = "PCA"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.choice([3, 4, 5]))
        while True:
            # Integer deviations that sum to zero, chosen so that every entry of the
            # covariance is a whole number: the arithmetic stays on paper.
            head = rng.integers(-3, 4, size=(n - 1, 2))
            dev = np.vstack([head, -head.sum(axis=0)])
            scatter = dev.T @ dev
            if (
                np.abs(dev).max() <= 4
                and (scatter % (n - 1) == 0).all()
                and scatter[0, 1] != 0
                and np.all(np.diag(scatter) > 0)
            ):
                break
        mean = rng.integers(1, 8, size=2)
        return {"X": (dev + mean).astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        n = len(p["X"])
        return (
            f"A data set has {n} observations of two features; each row of $X$ is one "
            f"observation:\n\n$$X = {linalg.latex_matrix(p['X'])}$$\n\n"
            r"What is its covariance matrix, the $2 \times 2$ matrix used by PCA?"
            "\n\nType a matrix as `[1, 2; 3, 4]` (rows separated by `;`)."
        )

    def answer(self, p: Params) -> list[list[Fraction]]:
        cov = linalg.covariance(p["X"])
        return [[_exact(x) for x in row] for row in np.asarray(cov)]

    def solution(self, p: Params) -> str:
        X = p["X"]
        n = len(X)
        centered, mean = linalg.center(X)
        centered = [[_exact(x) for x in row] for row in np.asarray(centered)]
        transposed = [list(col) for col in zip(*centered, strict=True)]
        scatter = linalg.matmul(transposed, centered).matrix
        mean_text = ", ".join(linalg.latex_number(_exact(m)) for m in np.asarray(mean))
        return (
            f"**1. Centre.** The column means are $({mean_text})$. Subtract them from every row:"
            f"\n\n$$X_c = {linalg.latex_matrix(centered)}$$\n\n"
            r"**2. Multiply.** Each entry of $X_c^{\top} X_c$ is a sum of products of centred "
            "values:"
            "\n\n" rf"$$X_c^{{\top}} X_c = {linalg.latex_matrix(scatter)}$$" "\n\n"
            f"**3. Divide by $n - 1 = {n - 1}$** (the sample covariance, as for the sample "
            "variance):"
            "\n\n" rf"$$C = \frac{{1}}{{{n - 1}}} X_c^{{\top}} X_c = "
            f"{linalg.latex_matrix(self.answer(p))}$$\n\n"
            "The diagonal holds the variance of each feature; the off-diagonal entry is their "
            "covariance."
        )

    def independent_answer(self, p: Params) -> list[list[float]]:
        return np.cov(np.array(p["X"], dtype=float), rowvar=False).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        X = np.array(p["X"])
        n = len(X)
        dev = X - X.mean(axis=0)
        scatter = [[Fraction(round(x)) for x in row] for row in dev.T @ dev]
        raw = [[Fraction(int(x), n - 1) for x in row] for row in X.T @ X]
        return [
            Misconception(
                "divided-by-n",
                f"You divided by $n = {n}$. The sample covariance divides by $n - 1 = {n - 1}$ "
                "(as NumPy's `np.cov` does): the deviations from the sample mean are a little "
                "smaller than those from the true mean, and $n - 1$ corrects for that.",
                [[x / n for x in row] for row in scatter],
            ),
            Misconception(
                "not-centered",
                r"You used $X^{\top} X$ without centring. Subtract each column's mean first: "
                "covariance measures how the features vary *around their means*.",
                raw,
            ),
            Misconception(
                "no-division",
                rf"You stopped at $X_c^{{\top}} X_c$. Divide it by $n - 1 = {n - 1}$ to get the "
                "covariance.",
                scatter,
            ),
        ]
