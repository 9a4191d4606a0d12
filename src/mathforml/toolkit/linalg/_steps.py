"""Steps of a computation and how they are typeset.

A :class:`Step` is one thing a learner would write on paper (a row operation, a
cofactor, a stage of a polynomial) together with the matrix it produces, so the
worked solution of any variant can be rendered as Markdown + LaTeX.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Step:
    """One step of a worked solution.

    ``operation`` is plain text (``"R2 ← R2 − 3·R1"``), ``latex`` the same in
    LaTeX (``R_2 \\leftarrow R_2 - 3R_1``), ``matrix`` the state after the step
    (``None`` when the step produces no matrix), and ``note`` says why.
    """

    operation: str
    latex: str
    matrix: list[list[Any]] | None
    note: str = ""


def _float_text(x: float) -> str:
    if math.isnan(x):
        return r"\text{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    text = f"{x:.6g}"
    if text in ("-0", "0"):
        return "0"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def latex_number(x: Any) -> str:
    """Typeset one number: ``Fraction(-3, 4)`` -> ``-\\frac{3}{4}``, ints plain, floats ``%.6g``.

    SymPy numbers and expressions (exact eigenvalues such as ``1 + sqrt(2)``)
    are typeset by SymPy; complex floats as ``a + bi``.
    """
    if x is None:
        return ""
    if isinstance(x, bool):
        return str(int(x))
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        sign = "-" if x < 0 else ""
        return rf"{sign}\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"
    if isinstance(x, float | np.floating):
        return _float_text(float(x))
    if isinstance(x, complex | np.complexfloating):
        z = complex(x)
        if z.imag == 0:
            return _float_text(z.real)
        imag = _float_text(abs(z.imag))
        imag = "" if imag == "1" else imag
        if z.real == 0:
            return f"{'-' if z.imag < 0 else ''}{imag}i"
        return f"{_float_text(z.real)} {'-' if z.imag < 0 else '+'} {imag}i"
    if isinstance(x, str):
        return x
    if type(x).__module__.startswith("sympy"):
        import sympy

        return str(sympy.latex(x))
    return str(x)


def latex_matrix(M: Any, *, augmented_at: int | None = None) -> str:
    """Typeset a matrix as a ``bmatrix``; with ``augmented_at=k`` a bar follows column ``k``.

    ``augmented_at`` is the number of columns of the coefficient part, so
    ``[A | b]`` for a 3×3 ``A`` uses ``augmented_at=3``.
    """
    rows = _as_rows(M)
    body = r" \\ ".join(" & ".join(latex_number(x) for x in r) for r in rows)
    width = len(rows[0]) if rows else 0
    if augmented_at is not None and 0 < augmented_at < width:
        spec = "c" * augmented_at + "|" + "c" * (width - augmented_at)
        return rf"\left[\begin{{array}}{{{spec}}} {body} \end{{array}}\right]"
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def latex_vector(v: Any) -> str:
    """Typeset a vector as a column ``bmatrix``."""
    items = list(np.asarray(v, dtype=object).reshape(-1)) if isinstance(v, np.ndarray) else list(v)
    return latex_matrix([[x] for x in items])


def _as_rows(M: Any) -> list[list[Any]]:
    if isinstance(M, np.ndarray):
        if M.ndim == 1:
            return [[x] for x in M.tolist()]
        return [list(r) for r in M.tolist()]
    rows = [list(r) if isinstance(r, Iterable) and not isinstance(r, str) else [r] for r in M]
    return rows


def render_steps(steps: Sequence[Step], *, augmented_at: int | None = None) -> str:
    """Markdown for a list of steps: ``**i.** operation``, the reason, then the matrix in ``$$``.

    ``augmented_at`` draws the bar of an augmented matrix ``[A | b]`` in every
    matrix whose width exceeds it.
    """
    parts: list[str] = []
    for i, step in enumerate(steps, start=1):
        head = f"**{i}.** {step.operation}"
        if step.note:
            head += f" — {step.note}"
        parts.append(head)
        if step.matrix is not None:
            shown = latex_matrix(step.matrix, augmented_at=augmented_at)
            parts.append(f"$$ {shown} $$")
        elif step.latex:
            parts.append(f"$$ {step.latex} $$")
    return "\n\n".join(parts)


def number_text(x: Any) -> str:
    """Plain-text form of a number for operation strings: ``3``, ``−1/2``, ``0.333333``."""
    if isinstance(x, Fraction):
        text = str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    elif isinstance(x, numbers.Integral):
        text = str(int(x))
    elif isinstance(x, float | np.floating):
        text = f"{float(x):.6g}"
        if text == "-0":
            text = "0"
    else:
        text = str(x)
    return text.replace("-", "−")


def factor_text(x: Any) -> str:
    """A positive coefficient as it precedes ``·R1``: ``3·``, ``(1/2)·``, empty for 1."""
    if x == 1:
        return ""
    text = number_text(x)
    if "/" in text or "e" in text:
        text = f"({text})"
    return text + "·"


def factor_latex(x: Any) -> str:
    """A positive coefficient before ``R_1`` in LaTeX: ``3``, ``\\frac{1}{2}``, empty for 1."""
    if x == 1:
        return ""
    text = latex_number(x)
    if r"\times" in text:
        text = rf"\left({text}\right)"
    return text
