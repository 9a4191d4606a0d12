"""Small helpers shared by this week's exercises: how numbers sit inside sums,
and how to tell a learner to type vectors and matrices."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from mathforml.toolkit import linalg

#: How to type a vector; appended to prompts whose answer is a vector.
TYPE_VECTOR = "Type the vector in brackets, such as `[3, -1/2]`."
#: How to type a matrix; appended to prompts whose answer is a matrix.
TYPE_MATRIX = "Type the matrix row by row, such as `[1, -1/2; 3, 4]`."


def num(x: Any) -> str:
    """A number as LaTeX, whole-number floats written without a decimal point."""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return linalg.latex_number(x)


def par(x: Any) -> str:
    """A number as LaTeX, in parentheses when negative, so ``3 \\cdot (-2)`` reads right."""
    text = num(x)
    return f"({text})" if text.startswith("-") else text


def tuple_tex(v: Sequence[Any]) -> str:
    """A vector written in a line, ``(3, -1, 2)``, for prose."""
    return "(" + ", ".join(num(x) for x in v) + ")"


def products_tex(u: Sequence[Any], v: Sequence[Any]) -> str:
    """``u_1 v_1 + u_2 v_2 + …`` written out with the numbers: the heart of a dot product."""
    return " + ".join(rf"{par(a)} \cdot {par(b)}" for a, b in zip(u, v, strict=True))


def sum_tex(terms: Sequence[Any]) -> str:
    """``a + b + c`` with negative terms in parentheses."""
    return " + ".join(par(t) for t in terms)


def exact(x: Any) -> Fraction:
    """A toolkit value (int, Fraction, NumPy scalar) as an exact Fraction."""
    if isinstance(x, np.generic):
        x = x.item()
    return x if isinstance(x, Fraction) else Fraction(x)


def as_int_matrix(M: Any) -> list[list[int]]:
    """A matrix whose entries are whole numbers (float or exact) as plain ints,
    so it can be stored in JSON parameters and multiplied exactly."""
    rows = np.asarray(M, dtype=float)
    out = np.rint(rows).astype(int)
    if not np.allclose(rows, out, atol=1e-9):
        raise ValueError(f"expected a matrix of whole numbers, got {rows.tolist()!r}")
    return out.tolist()


def k_term(coefficient: Any) -> str:
    """``3k``, ``k`` or ``-k``: a coefficient times k as written by hand."""
    if coefficient in (1, -1):
        return "k" if coefficient == 1 else "-k"
    return f"{num(coefficient)}k"


def plus(x: Any) -> str:
    """`` + 6`` or `` - 6``: a constant term after another term, with its sign folded in."""
    text = num(x)
    return f" - {text[1:]}" if text.startswith("-") else f" + {text}"


def sqrt_tex(n: int) -> str:
    """``\\sqrt{n}``, or the whole number itself when ``n`` is a perfect square."""
    root = math.isqrt(n)
    return str(root) if root * root == n else rf"\sqrt{{{n}}}"
