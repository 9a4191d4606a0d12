"""Matrix–vector and matrix–matrix products, entry by entry as row · column."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._exact import (
    Mat,
    Vec,
    decide_exact,
    finish_matrix,
    finish_vector,
    matrix_rows,
    shape_text,
    vector_items,
)
from mathforml.toolkit.linalg._steps import Step, latex_number, number_text, render_steps


@dataclass(frozen=True)
class Product:
    """``matrix`` is the product; each step computes one entry as a row times a column."""

    matrix: Mat
    steps: tuple[Step, ...]

    def render(self) -> str:
        return render_steps(self.steps)


def _is_vector(x: Any) -> bool:
    if isinstance(x, np.ndarray):
        return x.ndim == 1
    try:
        return all(not hasattr(e, "__len__") for e in x)
    except TypeError:
        return False


def matvec(A: Any, v: Any) -> Vec:
    """The product ``A v`` of an m×n matrix and a length-n vector (a length-m vector).

    >>> matvec([[1, 2], [3, 4]], [1, 1])
    [Fraction(3, 1), Fraction(7, 1)]
    """
    mode = decide_exact(None, A, v)
    rows = matrix_rows(A, mode, "A")
    x = vector_items(v, mode, "v")
    if len(rows[0]) != len(x):
        raise ShapeError(
            f"cannot multiply a {shape_text((len(rows), len(rows[0])))} matrix by a vector "
            f"of length {len(x)}: A has {len(rows[0])} columns"
        )
    zero = Fraction(0) if mode else 0.0
    out = []
    for r in rows:
        total: Any = zero
        for a, b in zip(r, x, strict=True):
            total += a * b
        out.append(total)
    return finish_vector(out, mode)


def _term(a: Any, b: Any) -> tuple[str, str]:
    def wrap(x: Any) -> str:
        t = number_text(x)
        return f"({t})" if t.startswith("−") or "/" in t else t

    def lwrap(x: Any) -> str:
        t = latex_number(x)
        return rf"\left({t}\right)" if t.startswith("-") or "frac" in t else t

    return f"{wrap(a)}·{wrap(b)}", rf"{lwrap(a)} \cdot {lwrap(b)}"


def matmul(A: Any, B: Any) -> Product:
    """The product ``A B`` of an m×n and an n×p matrix; each entry is row i of A · column j of B.

    Raises ShapeError (quoting both shapes) when A's columns ≠ B's rows.

    >>> matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]]).matrix
    [[Fraction(19, 1), Fraction(22, 1)], [Fraction(43, 1), Fraction(50, 1)]]
    """
    if _is_vector(B):
        raise ShapeError("B is a vector, not a matrix: use matvec(A, v), or write B as a column")
    mode = decide_exact(None, A, B)
    a = matrix_rows(A, mode, "A")
    b = matrix_rows(B, mode, "B")
    m, n = len(a), len(a[0])
    n2, p = len(b), len(b[0])
    if n != n2:
        raise ShapeError(
            f"cannot multiply a {shape_text((m, n))} matrix by a {shape_text((n2, p))} matrix: "
            f"A has {n} columns but B has {n2} rows"
        )
    result: list[list[Any]] = [[None] * p for _ in range(m)]
    steps: list[Step] = []
    zero = Fraction(0) if mode else 0.0
    for i in range(m):
        for j in range(p):
            total: Any = zero
            texts, ltexts = [], []
            for k in range(n):
                total += a[i][k] * b[k][j]
                t, lt = _term(a[i][k], b[k][j])
                texts.append(t)
                ltexts.append(lt)
            result[i][j] = total
            steps.append(
                Step(
                    f"c{i + 1}{j + 1} = row {i + 1} of A · column {j + 1} of B = "
                    f"{' + '.join(texts)} = {number_text(total)}",
                    rf"c_{{{i + 1}{j + 1}}} = {' + '.join(ltexts)} = {latex_number(total)}",
                    [list(r) for r in result],
                    f"entry ({i + 1}, {j + 1}) is the dot product of row {i + 1} of A "
                    f"and column {j + 1} of B",
                )
            )
    return Product(finish_matrix(result, mode), tuple(steps))
