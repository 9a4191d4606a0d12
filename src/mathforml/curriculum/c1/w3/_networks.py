"""A one-layer neural network as ``W x + b``: one prediction, a batch, and its cost."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from mathforml.curriculum.c1.w3._common import TYPE_VECTOR, exact, num, par, plus, products_tex
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Number, Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

#: Features of a house, in the units the prompts use, with the sign a sensible weight has
#: (bigger and roomier is dearer, older and farther is cheaper) and the range of values;
#: a variant takes the first n.
_FEATURES = (
    ("floor area (hundreds of square metres)", 1, (1, 4)),
    ("number of rooms", 1, (1, 6)),
    ("age (decades)", -1, (0, 8)),
    ("distance to the city centre (km)", -1, (1, 12)),
)


def _row_tex(w: list[Any]) -> str:
    return r"\begin{bmatrix} " + " & ".join(num(x) for x in w) + r" \end{bmatrix}"


class PerceptronOutput(Exercise):
    id = "c1w3.perceptron-output"
    title = "Output of a perceptron"
    topic = "neural networks"
    answer_kind = Number()

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.integers(2, 5))
        magnitudes = [h / 2 for h in range(1, 7)]  # 0.5, 1, …, 3
        w = [sign * float(rng.choice(magnitudes)) for _, sign, _ in _FEATURES[:n]]
        x = [int(rng.integers(low, high + 1)) for _, _, (low, high) in _FEATURES[:n]]
        b = float(rng.choice([h / 2 for h in range(2, 31)]))  # 1, 1.5, …, 15
        return {"w": w, "x": x, "b": b}

    def prompt(self, p: Params) -> str:
        n = len(p["x"])
        features = "\n".join(
            f"- $x_{i + 1}$: {name}" for i, (name, _, _) in enumerate(_FEATURES[:n])
        )
        return (
            "A single-layer network (a perceptron with no activation) predicts the price of a "
            f"house, in units of ten thousand dollars, from {n} features:\n\n{features}\n\n"
            "Its weights and bias are\n\n"
            rf"$$W = {_row_tex(p['w'])}, \qquad b = {num(p['b'])}.$$"
            "\n\nWhat does it predict, $\\hat{y} = W x + b$, for the house\n\n"
            rf"$$x = {linalg.latex_vector(p['x'])}?$$"
            "\n\nType a number; decimals such as `12.5` are fine."
        )

    def answer(self, p: Params) -> float:
        return float(linalg.matvec([p["w"]], p["x"])[0]) + p["b"]

    def solution(self, p: Params) -> str:
        w, x, b = p["w"], p["x"], p["b"]
        wx = sum(a * c for a, c in zip(w, x, strict=True))
        return (
            rf"$W$ has shape $(1, {len(w)})$ and $x$ has shape $({len(w)}, 1)$, so $Wx$ is a "
            "single number: the dot product of the weights with the features.\n\n"
            rf"$$W x = {products_tex(w, x)} = {num(wx)},$$"
            "\n\n"
            rf"$$\hat{{y}} = W x + b = {num(wx)}{plus(b)} = {num(wx + b)}.$$"
        )

    def independent_answer(self, p: Params) -> float:
        (wx,) = np.array([p["w"]]) @ np.array(p["x"])
        return float(wx + p["b"])

    def misconceptions(self, p: Params) -> list[Misconception]:
        w, x, b = np.array(p["w"]), np.array(p["x"]), p["b"]
        wx = float(w @ x)
        return [
            Misconception(
                "forgot-bias",
                rf"You computed $W x$ but left out the bias. Add $b = {num(b)}$ at the end.",
                wx,
            ),
            Misconception(
                "bias-added-per-feature",
                "You added the bias once for every feature. The bias is added once, to the "
                r"whole weighted sum: $\hat{y} = (w_1 x_1 + \dots + w_n x_n) + b$.",
                wx + len(p["x"]) * b,
            ),
        ]


class BatchPredictions(Exercise):
    id = "c1w3.batch-predictions"
    title = "Predictions for a whole dataset"
    topic = "neural networks"
    answer_kind = Vector()

    def generate(self, rng: np.random.Generator) -> Params:
        n = int(rng.integers(2, 4))
        m = int(rng.integers(3, 5))
        while True:
            W = rng.integers(-3, 5, size=(1, n))
            if np.count_nonzero(W) == n and not np.array_equal(W[0], W[0][::-1]):
                break
        X = rng.integers(0, 7, size=(n, m))
        b = int(rng.choice([x for x in range(-5, 6) if x]))
        return {"W": W.astype(int).tolist(), "X": X.astype(int).tolist(), "b": b}

    def prompt(self, p: Params) -> str:
        n, m = len(p["X"]), len(p["X"][0])
        return (
            f"A dataset of {m} examples with {n} features each is stored as a matrix $X$ of "
            f"shape $({n}, {m})$: **one column per example**. A one-layer network has weights "
            f"$W$ of shape $(1, {n})$ and bias $b$:\n\n"
            rf"$$W = {linalg.latex_matrix(p['W'])}, \qquad b = {p['b']}, \qquad "
            rf"X = {linalg.latex_matrix(p['X'])}.$$"
            "\n\n"
            rf"Compute all {m} predictions at once, $\hat{{Y}} = W X + b$ (shape $(1, {m})$), "
            "and type them as one vector, in the order of the examples. " + TYPE_VECTOR
        )

    def answer(self, p: Params) -> list[Any]:
        (row,) = linalg.matmul(p["W"], p["X"]).matrix
        return [exact(x) + p["b"] for x in row]

    def solution(self, p: Params) -> str:
        W, X, b = p["W"], np.array(p["X"]), p["b"]
        WX = [exact(x) for x in linalg.matmul(W, p["X"]).matrix[0]]
        columns = ", \\quad ".join(
            rf"{products_tex(W[0], X[:, j].tolist())} = {num(WX[j])}" for j in range(X.shape[1])
        )
        return (
            rf"$(1, {X.shape[0]}) \cdot ({X.shape[0]}, {X.shape[1]}) = (1, {X.shape[1]})$: "
            "entry $j$ of $WX$ is the weights dotted with column $j$ (example $j$):\n\n"
            rf"$${columns}.$$"
            "\n\n"
            rf"Then the bias $b = {b}$ is added to every entry (broadcasting):"
            "\n\n"
            rf"$$\hat{{Y}} = {_row_tex(WX)} + {par(b)} = {_row_tex([x + b for x in WX])}.$$"
        )

    def independent_answer(self, p: Params) -> list[int]:
        return (np.array(p["W"]) @ np.array(p["X"]) + p["b"])[0].tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        W, X, b = np.array(p["W"]), np.array(p["X"]), p["b"]
        reversed_w = (W[:, ::-1] @ X + b)[0]
        return [
            Misconception(
                "forgot-bias",
                rf"You computed $WX$ but did not add the bias. Add $b = {b}$ to every prediction.",
                (W @ X)[0].tolist(),
            ),
            Misconception(
                "weights-reversed",
                "You paired the weights with the features in reverse order. Weight $i$ "
                "multiplies feature $i$, which is row $i$ of $X$.",
                reversed_w.tolist() if not np.array_equal(reversed_w, (W @ X + b)[0]) else None,
            ),
        ]


class SquaredErrorCost(Exercise):
    id = "c1w3.squared-error-cost"
    title = "Squared-error cost"
    topic = "neural networks"
    answer_kind = Number()

    def generate(self, rng: np.random.Generator) -> Params:
        m = int(rng.integers(3, 6))
        y = rng.integers(2, 20, size=m)
        while True:
            errors = rng.integers(-3, 4, size=m)
            if np.count_nonzero(errors) >= 2:
                break
        return {"y_hat": (y + errors).astype(int).tolist(), "y": y.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        m = len(p["y"])
        return (
            f"A network made predictions for {m} examples:\n\n"
            rf"$$\hat{{Y}} = {_row_tex(p['y_hat'])}, \qquad Y = {_row_tex(p['y'])}$$"
            "\n\n(predictions, then the true values). Compute the squared-error cost\n\n"
            r"$$J = \frac{1}{2m} \sum_{j=1}^{m} \left(\hat{y}_j - y_j\right)^2.$$"
            "\n\nType an exact fraction such as `7/5`, or a decimal."
        )

    def _errors(self, p: Params) -> list[int]:
        return [a - b for a, b in zip(p["y_hat"], p["y"], strict=True)]

    def answer(self, p: Params) -> Fraction:
        d = self._errors(p)
        return exact(linalg.dot(d, d)) / (2 * len(d))

    def solution(self, p: Params) -> str:
        d = self._errors(p)
        m = len(d)
        total = sum(x * x for x in d)
        cost = Fraction(total, 2 * m)
        differences = ", \\quad ".join(
            f"{a} - {par(b)} = {num(x)}" for a, b, x in zip(p["y_hat"], p["y"], d, strict=True)
        )
        return (
            r"The errors $\hat{y}_j - y_j$ are"
            "\n\n"
            rf"$${differences}.$$"
            "\n\n"
            rf"Square them, add, and divide by $2m = {2 * m}$ (here $m = {m}$ examples):"
            "\n\n"
            rf"$$J = \frac{{{' + '.join(f'{par(x)}^2' for x in d)}}}{{2 \cdot {m}}} = "
            rf"\frac{{{total}}}{{{2 * m}}} = {num(cost)} \approx {float(cost):.6g}.$$"
        )

    def independent_answer(self, p: Params) -> float:
        d = np.array(p["y_hat"], dtype=float) - np.array(p["y"], dtype=float)
        return float(np.mean(d**2) / 2)

    def misconceptions(self, p: Params) -> list[Misconception]:
        d = self._errors(p)
        m = len(d)
        total = sum(x * x for x in d)
        return [
            Misconception(
                "forgot-the-half",
                r"You divided by $m$, not $2m$. This cost has an extra $\frac{1}{2}$ (it makes "
                "the derivative tidy, as you will see in Course 2).",
                Fraction(total, m),
            ),
            Misconception(
                "forgot-to-average",
                "You did not divide by the number of examples. The cost is an average: divide "
                rf"the sum of squares by $2m = {2 * m}$.",
                Fraction(total, 2),
            ),
            Misconception(
                "did-not-square",
                "You added the errors without squaring them, so positive and negative errors "
                "cancelled. Square each error first: every miss then counts.",
                Fraction(sum(d), 2 * m) if sum(d) != total else None,
            ),
        ]


__all__ = ["BatchPredictions", "PerceptronOutput", "SquaredErrorCost"]
