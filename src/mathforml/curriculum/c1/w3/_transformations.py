"""Matrices as transformations of the plane: where a point goes, and composing two moves.

A transformation is stored in the parameters as a small dict (``{"name": "shear",
"axis": "x", "m": 2}``), so variants stay JSON; its matrix comes from the toolkit
for the key and is rebuilt here from first principles for the independent check.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mathforml.curriculum.c1.w3._common import (
    TYPE_MATRIX,
    TYPE_VECTOR,
    as_int_matrix,
    par,
    tuple_tex,
)
from mathforml.engine import Exercise, Misconception
from mathforml.engine.answers import Matrix, Vector
from mathforml.toolkit import linalg
from mathforml.types import Params

Transformation = dict[str, Any]

_LINES = {"x": "the $x$-axis", "y": "the $y$-axis", "y=x": "the line $y = x$",
          "y=-x": "the line $y = -x$"}
#: The line a learner confuses with each line of reflection.
_OTHER_LINE = {"x": "y", "y": "x", "y=x": "y=-x", "y=-x": "y=x"}


def describe(t: Transformation) -> str:
    """The transformation in words, as a prompt names it."""
    if t["name"] == "rotation":
        return rf"the rotation by ${t['degrees']}^\circ$ counter-clockwise about the origin"
    if t["name"] == "reflection":
        return f"the reflection across {_LINES[t['axis']]}"
    if t["name"] == "shear":
        direction = "horizontal" if t["axis"] == "x" else "vertical"
        moved = "sideways by $m$ times its height $y$" if t["axis"] == "x" else (
            "up by $m$ times its $x$-coordinate")
        return f"the {direction} shear with factor $m = {t['m']}$ (it moves each point {moved})"
    return (
        rf"the stretch by a factor ${t['a']}$ horizontally and ${t['b']}$ vertically"
    )


def toolkit_matrix(t: Transformation) -> list[list[int]]:
    """The transformation's matrix, from the toolkit (the answer key's source)."""
    if t["name"] == "rotation":
        return as_int_matrix(linalg.rotation(np.radians(t["degrees"])))
    if t["name"] == "reflection":
        return as_int_matrix(linalg.reflection(t["axis"]))
    if t["name"] == "shear":
        return as_int_matrix(linalg.shear(t["m"], axis=t["axis"]))
    return as_int_matrix(linalg.stretch(t["a"], t["b"]))


def numpy_matrix(t: Transformation) -> np.ndarray:
    """The same matrix built directly from where e1 and e2 go (independent of the toolkit)."""
    if t["name"] == "rotation":
        c, s = np.cos(np.radians(t["degrees"])), np.sin(np.radians(t["degrees"]))
        return np.rint(np.array([[c, -s], [s, c]])).astype(int)
    if t["name"] == "reflection":
        images = {"x": ((1, 0), (0, -1)), "y": ((-1, 0), (0, 1)),
                  "y=x": ((0, 1), (1, 0)), "y=-x": ((0, -1), (-1, 0))}[t["axis"]]
        return np.column_stack(images)
    if t["name"] == "shear":
        e2 = (t["m"], 1) if t["axis"] == "x" else (0, 1)
        e1 = (1, 0) if t["axis"] == "x" else (1, t["m"])
        return np.column_stack([e1, e2])
    return np.diag([t["a"], t["b"]])


def _random_transformation(rng: np.random.Generator, *, allow_half_turn: bool) -> Transformation:
    name = str(rng.choice(["rotation", "reflection", "shear", "stretch"]))
    if name == "rotation":
        choices = [90, 270, 180] if allow_half_turn else [90, 270]
        return {"name": name, "degrees": int(rng.choice(choices))}
    if name == "reflection":
        return {"name": name, "axis": str(rng.choice(list(_LINES)))}
    if name == "shear":
        m = int(rng.choice([-3, -2, -1, 1, 2, 3]))
        return {"name": name, "axis": str(rng.choice(["x", "y"])), "m": m}
    a, b = (int(x) for x in rng.choice([1, 2, 3, 4], size=2, replace=False))
    return {"name": name, "a": a, "b": b}


def _mistaken(t: Transformation) -> tuple[str, Transformation] | None:
    """The transformation a learner applies by the classic slip for ``t``, with its name."""
    if t["name"] == "rotation" and t["degrees"] != 180:
        return "rotated-clockwise", {"name": "rotation", "degrees": 360 - t["degrees"]}
    if t["name"] == "reflection":
        return "reflected-across-wrong-line", {"name": "reflection", "axis": _OTHER_LINE[t["axis"]]}
    if t["name"] == "shear":
        other = "y" if t["axis"] == "x" else "x"
        return "sheared-along-wrong-axis", {"name": "shear", "axis": other, "m": t["m"]}
    if t["name"] == "stretch":
        return "swapped-stretch-factors", {"name": "stretch", "a": t["b"], "b": t["a"]}
    return None


_SLIP_FEEDBACK = {
    "rotated-clockwise": "You rotated clockwise. Positive angles turn counter-clockwise: a quarter "
    r"turn sends $e_1 = (1, 0)$ to $(0, 1)$, so the first column of the matrix is $(0, 1)$.",
    "reflected-across-wrong-line": "You reflected across the other line. Points on the mirror "
    "line stay where they are: check which of $e_1$, $e_2$ (or their sum) lies on it.",
    "sheared-along-wrong-axis": "You sheared along the other axis. A horizontal shear keeps "
    r"$e_1$ and moves $e_2$ to $(m, 1)$; a vertical shear keeps $e_2$ and moves $e_1$ to $(1, m)$.",
    "swapped-stretch-factors": "You swapped the two factors. The horizontal factor multiplies the "
    "$x$-coordinate (first entry) and the vertical factor the $y$-coordinate.",
}


def _matrix_with_columns_tex(M: list[list[int]]) -> str:
    e1, e2 = (M[0][0], M[1][0]), (M[0][1], M[1][1])
    return (
        rf"It sends $e_1 = (1, 0)$ to ${tuple_tex(e1)}$ and $e_2 = (0, 1)$ to ${tuple_tex(e2)}$, "
        "and these are the columns of its matrix:\n\n"
        rf"$${linalg.latex_matrix(M)}.$$"
    )


class ImageOfPoint(Exercise):
    id = "c1w3.image-of-point"
    title = "Where does the point go?"
    topic = "matrix multiplication"
    answer_kind = Vector(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            x, y = (int(c) for c in rng.integers(-5, 6, size=2))
            if x and y and abs(x) != abs(y):
                break
        return {"t": _random_transformation(rng, allow_half_turn=True), "point": [x, y]}

    def prompt(self, p: Params) -> str:
        return (
            f"Apply {describe(p['t'])} to the point $P = {tuple_tex(p['point'])}$. "
            "Where does $P$ land?\n\n" + TYPE_VECTOR
        )

    def answer(self, p: Params) -> list[Any]:
        return list(linalg.matvec(toolkit_matrix(p["t"]), p["point"]))

    def solution(self, p: Params) -> str:
        M = toolkit_matrix(p["t"])
        x, y = p["point"]
        image = [M[0][0] * x + M[0][1] * y, M[1][0] * x + M[1][1] * y]
        return (
            "Find where the basis vectors go. " + _matrix_with_columns_tex(M) + "\n\n"
            "Then multiply, row by row:\n\n"
            rf"$$\begin{{bmatrix}} {par(M[0][0])} \cdot {par(x)} + {par(M[0][1])} \cdot {par(y)} "
            rf"\\ {par(M[1][0])} \cdot {par(x)} + {par(M[1][1])} \cdot {par(y)} \end{{bmatrix}} = "
            rf"{linalg.latex_vector(image)}.$$"
            "\n\n"
            rf"The point ${tuple_tex(p['point'])}$ lands on ${tuple_tex(image)}$."
        )

    def independent_answer(self, p: Params) -> list[int]:
        return (numpy_matrix(p["t"]) @ np.array(p["point"])).astype(int).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        slip = _mistaken(p["t"])
        found = []
        for name, feedback in _SLIP_FEEDBACK.items():
            wrong = None
            if slip is not None and slip[0] == name:
                wrong = (numpy_matrix(slip[1]) @ np.array(p["point"])).astype(int).tolist()
            found.append(Misconception(name, feedback, wrong))
        return found


class ComposeTransformations(Exercise):
    id = "c1w3.compose-transformations"
    title = "Compose two transformations"
    topic = "matrix multiplication"
    answer_kind = Matrix(exact=True)

    def generate(self, rng: np.random.Generator) -> Params:
        while True:
            first = _random_transformation(rng, allow_half_turn=False)
            second = _random_transformation(rng, allow_half_turn=False)
            A, B = numpy_matrix(first), numpy_matrix(second)
            if not np.array_equal(B @ A, A @ B):
                return {"first": first, "second": second}

    def prompt(self, p: Params) -> str:
        return (
            f"First apply {describe(p['first'])}; then apply {describe(p['second'])}. "
            "Find the $2 \\times 2$ matrix of the combined transformation (the single matrix "
            "that does both, in this order).\n\n" + TYPE_MATRIX
        )

    def answer(self, p: Params) -> list[list[Any]]:
        first, second = toolkit_matrix(p["first"]), toolkit_matrix(p["second"])
        return linalg.matmul(second, first).matrix

    def solution(self, p: Params) -> str:
        A, B = toolkit_matrix(p["first"]), toolkit_matrix(p["second"])
        BA = as_int_matrix(linalg.matmul(B, A).matrix)
        entries = r" \\ ".join(
            " & ".join(
                rf"{par(B[i][0])} \cdot {par(A[0][j])} + {par(B[i][1])} \cdot {par(A[1][j])}"
                for j in range(2)
            )
            for i in range(2)
        )
        return (
            f"**First**, $A$ is {describe(p['first'])}. {_matrix_with_columns_tex(A)}\n\n"
            f"**Second**, $B$ is {describe(p['second'])}. {_matrix_with_columns_tex(B)}\n\n"
            "A vector $v$ goes first to $Av$ and then to $B(Av) = (BA)v$, so the combined "
            "matrix is $BA$: the transformation applied first stands on the right. Entry "
            "$(i, j)$ of $BA$ is row $i$ of $B$ dotted with column $j$ of $A$:\n\n"
            rf"$$BA = {linalg.latex_matrix(B)} {linalg.latex_matrix(A)} = "
            rf"\begin{{bmatrix}} {entries} \end{{bmatrix}} = {linalg.latex_matrix(BA)}.$$"
            "\n\n"
            rf"Check with $e_1$: $A$ sends it to ${tuple_tex((A[0][0], A[1][0]))}$, and $B$ sends "
            rf"that to ${tuple_tex((BA[0][0], BA[1][0]))}$, the first column of $BA$."
        )

    def independent_answer(self, p: Params) -> list[list[int]]:
        return (numpy_matrix(p["second"]) @ numpy_matrix(p["first"])).tolist()

    def misconceptions(self, p: Params) -> list[Misconception]:
        A, B = numpy_matrix(p["first"]), numpy_matrix(p["second"])
        entrywise = B * A
        return [
            Misconception(
                "wrong-order",
                "You multiplied in reading order, $AB$, which applies the second transformation "
                "first. A product acts from right to left: for \u201cfirst $A$, then $B$\u201d "
                "the matrix is $BA$.",
                (A @ B).tolist(),
            ),
            Misconception(
                "entrywise-product",
                "You multiplied matching entries. Composing transformations needs the matrix "
                "product: each entry is a row of $B$ times a column of $A$.",
                entrywise.tolist() if not np.array_equal(entrywise, B @ A) else None,
            ),
        ]


__all__ = ["ComposeTransformations", "ImageOfPoint", "describe", "numpy_matrix", "toolkit_matrix"]
