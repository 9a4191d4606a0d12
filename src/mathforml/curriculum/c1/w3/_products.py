"""Matrix–vector and matrix–matrix products, and which shapes can be multiplied."""

from __future__ import annotations

from typing import Any

import numpy as np

from mathforml.curriculum.c1.w3._common import TYPE_MATRIX, TYPE_VECTOR, par
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Choice, Matrix, Vector
from mathforml.errors import ShapeError
from mathforml.toolkit import linalg
from mathforml.types import Params

NOT_DEFINED = "not defined"


class MatrixVectorProduct(Exercise):
    id = "c1w3.matrix-vector-product"
    title = "Matrix times vector"
    topic = "matrix multiplication"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        m, n = ((2, 2), (2, 2), (3, 3), (2, 3), (3, 2))[int(rng.integers(5))]
        while True:
            A = rng.integers(-4, 6, size=(m, n))
            v = rng.integers(-3, 5, size=n)
            if np.count_nonzero(v) >= 2 and (m != n or not np.array_equal(A, A.T)):
                return {"A": A.astype(int).tolist(), "v": v.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        return (
            "Compute the product $Av$ for\n\n"
            rf"$$A = {linalg.latex_matrix(p['A'])}, \qquad v = {linalg.latex_vector(p['v'])}.$$"
            "\n\n" + TYPE_VECTOR
        )

    def answer(self, p: Params) -> list[Any]:
        return list(linalg.matvec(p["A"], p["v"]))

    def solution(self, p: Params) -> str:
        A, v = p["A"], p["v"]
        rows = [
            " + ".join(rf"{par(a)} \cdot {par(x)}" for a, x in zip(row, v, strict=True))
            for row in A
        ]
        result = [sum(a * x for a, x in zip(row, v, strict=True)) for row in A]
        columns = " + ".join(
            rf"{par(x)} {linalg.latex_vector([row[j] for row in A])}" for j, x in enumerate(v)
        )
        return (
            "Each entry of $Av$ is a row of $A$ dotted with $v$:\n\n"
            r"$$Av = \begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix} = "
            rf"{linalg.latex_vector(result)}.$$"
            "\n\n"
            "Seen by columns, $Av$ is a combination of the columns of $A$ with the entries of "
            "$v$ as weights:\n\n"
            rf"$$Av = {columns} = {linalg.latex_vector(result)}.$$"
        )

    def independent_answer(self, p: Params) -> list[int]:
        return (np.array(p["A"]) @ np.array(p["v"])).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        A = np.array(p["A"])
        square = A.shape[0] == A.shape[1]
        return [
            Misconception(
                "used-transpose",
                "You dotted the *columns* of $A$ with $v$, which computes $A^T v$. Entry $i$ of "
                "$Av$ is row $i$ of $A$ dotted with $v$.",
                (A.T @ np.array(p["v"])).tolist() if square else None,
            ),
        ]


class MatrixProduct(Exercise):
    id = "c1w3.matrix-product"
    title = "Matrix times matrix"
    topic = "matrix multiplication"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        shapes = ((2, 2, 2), (2, 2, 2), (2, 3, 2), (3, 2, 2), (2, 2, 3), (3, 2, 3))
        m, n, q = shapes[int(rng.integers(len(shapes)))]
        while True:
            A = rng.integers(-3, 5, size=(m, n))
            B = rng.integers(-3, 5, size=(n, q))
            if m == n == q and np.array_equal(A @ B, B @ A):
                continue  # commuting matrices would hide the order mistake
            if np.count_nonzero(A) >= m * n - 1 and np.count_nonzero(B) >= n * q - 1:
                return {"A": A.astype(int).tolist(), "B": B.astype(int).tolist()}

    def prompt(self, p: Params) -> str:
        return (
            "Compute the matrix product $AB$ for\n\n"
            rf"$$A = {linalg.latex_matrix(p['A'])}, \qquad B = {linalg.latex_matrix(p['B'])}.$$"
            "\n\n" + TYPE_MATRIX
        )

    def answer(self, p: Params) -> list[list[Any]]:
        return linalg.matmul(p["A"], p["B"]).matrix

    def solution(self, p: Params) -> str:
        A, B = np.array(p["A"]), np.array(p["B"])
        product = linalg.matmul(p["A"], p["B"])
        m, n = A.shape
        q = B.shape[1]
        return (
            rf"$A$ is ${m} \times {n}$ and $B$ is ${n} \times {q}$: the inner sizes match, so $AB$ "
            rf"is ${m} \times {q}$. Entry $(i, j)$ is row $i$ of $A$ dotted with column $j$ of $B$."
            "\n\n"
            + linalg.render_steps(product.steps)
            + "\n\n"
            rf"$$AB = {linalg.latex_matrix((A @ B).tolist())}.$$"
        )

    def independent_answer(self, p: Params) -> list[list[int]]:
        return (np.array(p["A"]) @ np.array(p["B"])).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        A, B = np.array(p["A"]), np.array(p["B"])
        return [
            Misconception(
                "computed-BA",
                "You computed $BA$. Order matters: in $AB$ the rows come from $A$ (the left "
                "factor) and the columns from $B$.",
                (B @ A).tolist() if B.shape[1] == A.shape[0] else None,
            ),
            Misconception(
                "entrywise-product",
                "You multiplied matching entries. In a matrix product each entry is a whole row "
                "of $A$ times a whole column of $B$, summed.",
                (A * B).tolist() if A.shape == B.shape else None,
            ),
        ]


def _entries(n: int) -> str:
    return "entry" if n == 1 else "entries"


def _shape(rows: int, cols: int) -> str:
    return f"{rows} × {cols}"


class ProductShape(Exercise):
    id = "c1w3.product-shape"
    title = "Shape of a product"
    topic = "matrix multiplication"

    def generate(self, rng: np.random.Generator) -> Params:
        m, n, q = (int(x) for x in rng.integers(1, 6, size=3))
        if rng.random() < 0.7:
            inner = n
        else:  # not defined; often B·A would be, which tempts a learner to multiply anyway
            inner = int(rng.choice([x for x in range(1, 6) if x != n]))
            q = m if rng.random() < 0.6 else q
        A_shape, B_shape = [m, n], [inner, q]
        candidates = [_shape(m, q), _shape(q, m), _shape(n, inner), _shape(inner, n),
                      _shape(m, n), NOT_DEFINED]
        options = list(dict.fromkeys(candidates))  # drop repeats, keep order
        while len(options) < 5:  # equal sizes leave few distinct distractors: add plausible ones
            extra = _shape(*(int(x) for x in rng.choice([m, n, inner, q, m + 1, q + 1], size=2)))
            if extra not in options:
                options.append(extra)
        order = rng.permutation(len(options))
        options = [options[i] for i in order]
        return {"A_shape": A_shape, "B_shape": B_shape, "options": options}

    def kind(self, p: Params) -> Choice:
        return Choice(p["options"])

    def prompt(self, p: Params) -> str:
        (m, n), (r, q) = p["A_shape"], p["B_shape"]
        return (
            rf"A matrix $A$ has shape ${m} \times {n}$ and a matrix $B$ has shape "
            rf"${r} \times {q}$. What is the shape of the product $AB$?"
        )

    def answer(self, p: Params) -> str:
        (m, n), (r, q) = p["A_shape"], p["B_shape"]
        try:
            product = linalg.matmul(np.zeros((m, n), dtype=int), np.zeros((r, q), dtype=int))
        except ShapeError:
            return NOT_DEFINED
        rows, cols = np.shape(np.array(product.matrix))
        return _shape(rows, cols)

    def solution(self, p: Params) -> str:
        (m, n), (r, q) = p["A_shape"], p["B_shape"]
        if n == r:
            return (
                rf"$({m} \times {n}) \cdot ({r} \times {q})$: the inner sizes agree "
                rf"(${n} = {r}$), so each row of $A$ can be dotted with each column of $B$. "
                rf"The product has the outer sizes: $AB$ is ${m} \times {q}$."
            )
        return (
            rf"$({m} \times {n}) \cdot ({r} \times {q})$: a row of $A$ has ${n}$ "
            f"{_entries(n)} but a column of $B$ has ${r}$, so they cannot be dotted. "
            "$AB$ is **not defined**."
        )

    def independent_answer(self, p: Params) -> str:
        try:
            shape = np.matmul(np.zeros(p["A_shape"]), np.zeros(p["B_shape"])).shape
        except ValueError:
            return NOT_DEFINED
        return _shape(*shape)

    def misconceptions(self, p: Params) -> list[Misconception]:
        (m, n), (r, q) = p["A_shape"], p["B_shape"]
        right = self.answer(p)

        def option(text: str, applies: bool = True) -> str | None:
            return text if applies and text != right and text in p["options"] else None

        defined = n == r
        return [
            Misconception(
                "reversed-order",
                "You wrote the outer sizes in the wrong order. $AB$ takes its number of rows "
                "from $A$ and its number of columns from $B$.",
                option(_shape(q, m), defined),
            ),
            Misconception(
                "inner-dimensions",
                "You kept the inner sizes. The inner sizes must agree and then they disappear: "
                r"$(m \times n)(n \times p)$ is $m \times p$.",
                option(_shape(n, r), defined),
            ),
            Misconception(
                "needs-equal-shapes",
                "Matrices need not have the same shape to be multiplied; only the number of "
                "columns of $A$ must equal the number of rows of $B$.",
                option(NOT_DEFINED, defined),
            ),
            Misconception(
                "outer-dimensions-anyway",
                rf"You took the outer sizes, but the inner ones differ (${n} \ne {r}$): a row of "
                rf"$A$ has ${n}$ {_entries(n)} and a column of $B$ has ${r}$, so they cannot be "
                "dotted.",
                option(_shape(m, q), not defined),
            ),
            Misconception(
                "computed-BA-shape",
                rf"That is the shape of $BA$, which is defined here (${q} = {m}$). But $AB$ asks "
                rf"for the columns of $A$ (${n}$) to match the rows of $B$ (${r}$), and they do "
                "not.",
                option(_shape(r, n), not defined and q == m),
            ),
        ]


__all__ = ["NOT_DEFINED", "MatrixProduct", "MatrixVectorProduct", "ProductShape"]
