"""The determinant, two ways: by elimination and by cofactor expansion.

Elimination is how one computes it (pivots multiply, each swap flips the sign);
cofactor expansion is how the course defines it for 2×2 and 3×3. Both record
steps so a learner can follow either.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from mathforml.errors import ShapeError
from mathforml.toolkit.linalg._elimination import RowReducer
from mathforml.toolkit.linalg._exact import decide_exact, matrix_rows, shape_text
from mathforml.toolkit.linalg._steps import Step, latex_number, number_text, render_steps

#: Cofactor expansion costs n! products; beyond this size use elimination.
MAX_COFACTOR_SIZE = 8


@dataclass(frozen=True)
class Determinant:
    """``value`` (Fraction in exact mode, float otherwise) and the steps that computed it."""

    value: Any
    steps: tuple[Step, ...]

    def render(self) -> str:
        return render_steps(self.steps)


def _square_rows(A: Any, exact: bool | None, what: str) -> tuple[list[list[Any]], bool]:
    mode = decide_exact(exact, A)
    rows = matrix_rows(A, mode, "A")
    if len(rows) != len(rows[0]):
        raise ShapeError(
            f"the {what} is defined only for square matrices, "
            f"got {shape_text((len(rows), len(rows[0])))}"
        )
    return rows, mode


def _paren(x: Any) -> str:
    text = number_text(x)
    return f"({text})" if text.startswith("−") or "/" in text else text


def _paren_latex(x: Any) -> str:
    text = latex_number(x)
    return rf"\left({text}\right)" if text.startswith("-") or "frac" in text else text


def determinant(
    A: Any,
    *,
    method: Literal["elimination", "cofactor"] = "elimination",
    exact: bool | None = None,
) -> Determinant:
    """The determinant of a square matrix ``A``.

    ``method="elimination"`` reduces to upper-triangular form without scaling
    rows: the determinant is the product of the diagonal, negated once per row
    swap. ``method="cofactor"`` expands along the first row (n ≤ 8).

    >>> determinant([[1, 2], [3, 4]]).value
    Fraction(-2, 1)
    """
    rows, mode = _square_rows(A, exact, "determinant")
    if method == "elimination":
        return _by_elimination(rows, mode)
    if method == "cofactor":
        n = len(rows)
        if n > MAX_COFACTOR_SIZE:
            raise ValueError(
                f"cofactor expansion of a {n}×{n} matrix needs {n}! products; "
                f"use method='elimination' (cofactor is limited to n ≤ {MAX_COFACTOR_SIZE})"
            )
        steps: list[Step] = []
        value = _cofactor(rows, mode, steps)
        return Determinant(value, tuple(steps))
    raise ValueError(f"method must be 'elimination' or 'cofactor', got {method!r}")


def _by_elimination(rows: list[list[Any]], exact: bool) -> Determinant:
    n = len(rows)
    reducer = RowReducer(rows, exact=exact)
    pivots = reducer.forward(
        unit_pivots=False,
        swap_note=" (a swap flips the sign of the determinant)",
        skip_note=False,
    )
    zero = Fraction(0) if exact else 0.0
    if len(pivots) < n:
        missing = next(c for c in range(n) if c not in pivots)
        reducer.record(
            "det = 0",
            r"\det A = 0",
            f"column {missing + 1} has no pivot, so the triangular form has a 0 on its diagonal",
            matrix=False,
        )
        return Determinant(zero, tuple(reducer.steps))
    diagonal = [reducer.rows[i][i] for i in range(n)]
    value: Any = Fraction(1) if exact else 1.0
    for d in diagonal:
        value *= d
    sign = -1 if reducer.swaps % 2 else 1
    value = sign * value
    if not exact:
        value = float(value)
    prefix = f"(−1)^{reducer.swaps} · " if reducer.swaps else ""
    lprefix = rf"(-1)^{{{reducer.swaps}}} \cdot " if reducer.swaps else ""
    product = " · ".join(_paren(d) for d in diagonal)
    lproduct = r" \cdot ".join(_paren_latex(d) for d in diagonal)
    note = "the determinant of a triangular matrix is the product of its diagonal"
    if reducer.swaps:
        note += f"; {reducer.swaps} row swap(s) flip its sign"
    reducer.record(
        f"det = {prefix}{product} = {number_text(value)}",
        rf"\det A = {lprefix}{lproduct} = {latex_number(value)}",
        note,
        matrix=False,
    )
    return Determinant(value, tuple(reducer.steps))


def _minor(rows: list[list[Any]], i: int, j: int) -> list[list[Any]]:
    return [r[:j] + r[j + 1 :] for k, r in enumerate(rows) if k != i]


def _cofactor(rows: list[list[Any]], exact: bool, steps: list[Step] | None) -> Any:
    """Laplace expansion along the first row; records each minor and cofactor when asked."""
    n = len(rows)
    if n == 1:
        value = rows[0][0]
        if steps is not None:
            steps.append(
                Step(
                    f"det = {number_text(value)}",
                    rf"\det A = {latex_number(value)}",
                    None,
                    "the determinant of a 1×1 matrix is its entry",
                )
            )
        return value
    if n == 2:
        (a, b), (c, d) = rows
        value = a * d - b * c
        if steps is not None:
            steps.append(
                Step(
                    f"det = {_paren(a)}·{_paren(d)} − {_paren(b)}·{_paren(c)} = "
                    f"{number_text(value)}",
                    rf"\det A = {_paren_latex(a)} \cdot {_paren_latex(d)} - "
                    rf"{_paren_latex(b)} \cdot {_paren_latex(c)} = {latex_number(value)}",
                    None,
                    "for a 2×2 matrix, det = ad − bc",
                )
            )
        return value
    terms: list[Any] = []
    cofactors: list[Any] = []
    for j in range(n):
        minor = _minor(rows, 0, j)
        minor_det = _cofactor(minor, exact, None)
        sign = 1 if j % 2 == 0 else -1
        cof = sign * minor_det
        cofactors.append(cof)
        terms.append(rows[0][j] * cof)
        if steps is not None:
            steps.append(_cofactor_step(minor, j, minor_det, sign, cof))
    value = sum(terms[1:], terms[0])
    if steps is not None:
        entries = [rows[0][j] for j in range(n)]
        symbolic = " + ".join(f"a1{j + 1}·C1{j + 1}" for j in range(n))
        pairs = list(zip(entries, cofactors, strict=True))
        numeric = " + ".join(f"{_paren(a)}·{_paren(c)}" for a, c in pairs)
        lnumeric = " + ".join(rf"{_paren_latex(a)} \cdot {_paren_latex(c)}" for a, c in pairs)
        lsymbolic = " + ".join(rf"a_{{1{j + 1}}} C_{{1{j + 1}}}" for j in range(n))
        steps.append(
            Step(
                f"det = {symbolic} = {numeric} = {number_text(value)}",
                rf"\det A = {lsymbolic} = {lnumeric} = {latex_number(value)}",
                None,
                "expand along the first row: each entry times its cofactor",
            )
        )
    if not exact:
        value = float(value)
    return value


def _cofactor_step(minor: list[list[Any]], j: int, minor_det: Any, sign: int, cof: Any) -> Step:
    """The step for one cofactor: its minor's determinant, then the sign (−1)^(1+j)."""
    idx = f"1{j + 1}"
    if len(minor) == 2:
        (a, b), (c, d) = minor
        how = f"{_paren(a)}·{_paren(d)} − {_paren(b)}·{_paren(c)} = "
        lhow = (
            rf"{_paren_latex(a)} \cdot {_paren_latex(d)} - {_paren_latex(b)} \cdot "
            rf"{_paren_latex(c)} = "
        )
    else:
        how, lhow = "", ""
    sign_text = "+" if sign > 0 else "−"
    return Step(
        f"det(M{idx}) = {how}{number_text(minor_det)}, so C{idx} = (−1)^(1+{j + 1})·"
        f"{_paren(minor_det)} = {number_text(cof)}",
        rf"\det M_{{{idx}}} = {lhow}{latex_number(minor_det)},\quad C_{{{idx}}} = "
        rf"(-1)^{{1+{j + 1}}} {_paren_latex(minor_det)} = {latex_number(cof)}",
        [list(r) for r in minor],
        f"the minor M{idx} is A without row 1 and column {j + 1}; "
        f"the sign is {sign_text} because 1 + {j + 1} is {'even' if sign > 0 else 'odd'}",
    )
