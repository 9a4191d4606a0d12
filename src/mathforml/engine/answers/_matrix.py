"""Matrices: typed as ``[1, 2; 3, 4]`` or ``[[1, 2], [3, 4]]`` (also ``((1, 2), (3, 4))``
and a bare ``1, 2; 3, 4``), each entry a constant expression.

The shape is checked first (a transposed shape is named as such), then the
entries: the whole matrix transposed, negated or scaled, two rows swapped, one
row wrong, one entry wrong (row i, column j, 1-based).
"""

from __future__ import annotations

from typing import Any

from mathforml.engine.answers._arrays import Entries, ordinal_list, sources_of
from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.engine.answers._scalar import (
    ATOL_DEFAULT,
    RTOL_DEFAULT,
    ParsedTuple,
    entry_latex,
    number_text,
)
from mathforml.engine.parse import Deadline, Group, Node, Rows, is_collection, parse
from mathforml.engine.parse._limits import MAX_COLUMNS, MAX_ROWS
from mathforml.errors import InputError, InputTooLarge


def matrix_rows(node: Node) -> list[list[Node]]:
    """The rows of a typed matrix (every row the same length)."""
    if isinstance(node, Rows):
        rows = [list(r) for r in node.rows]
    elif isinstance(node, Group):
        if node.open == "{":
            raise InputError("braces make a set; write a matrix as [1, 2; 3, 4]")
        items = list(node.items)
        if not items:
            raise InputError("the matrix is empty: type its rows, like [1, 2; 3, 4]")
        if all(isinstance(i, Group) and i.open in "[(" for i in items):
            rows = [list(i.items) for i in items]  # type: ignore[union-attr]
        elif any(is_collection(i) for i in items):
            raise InputError(
                "mixed rows and numbers: write every row in brackets, like [[1, 2], [3, 4]]"
            )
        else:
            rows = [items]
    else:
        rows = [[node]]
    if len(rows) > MAX_ROWS or max(len(r) for r in rows) > MAX_COLUMNS:
        raise InputTooLarge(
            f"that matrix has {len(rows)} rows of up to {max(len(r) for r in rows)} entries; "
            f"matrices are limited to {MAX_ROWS}×{MAX_COLUMNS}"
        )
    for k, row in enumerate(rows, start=1):
        if not row:
            raise InputError(f"row {k} is empty")
        if len(row) != len(rows[0]):
            raise InputError(
                f"row {k} has {len(row)} entries but row 1 has {len(rows[0])}: every row needs "
                "the same number of entries"
            )
        if any(is_collection(x) for x in row):
            raise InputError(f"row {k} contains a list; matrix entries are single numbers")
    return rows


def _shape(m: Any) -> tuple[int, int]:
    return (len(m), len(m[0]) if len(m) else 0)


def _shape_text(shape: tuple[int, int]) -> str:
    return f"{shape[0]}×{shape[1]}"


class Matrix(AnswerKind):
    """A matrix (value: tuple of row tuples, floats or Fractions when ``exact``)."""

    name = "matrix"

    def __init__(
        self, *, exact: bool = False, rtol: float = RTOL_DEFAULT, atol: float = ATOL_DEFAULT
    ) -> None:
        self.exact = exact
        self.rtol = rtol
        self.atol = atol
        self._entries = Entries(exact=exact, rtol=rtol, atol=atol)

    def __repr__(self) -> str:
        return f"Matrix(exact={self.exact!r}, rtol={self.rtol!r}, atol={self.atol!r})"

    # -- reading ------------------------------------------------------------------
    def parse(self, raw: str) -> tuple[tuple[Any, ...], ...]:
        return self.from_node(parse(raw), Deadline())

    def from_node(self, node: Node, deadline: Deadline) -> tuple[tuple[Any, ...], ...]:
        rows = matrix_rows(node)
        values = []
        for i, row in enumerate(rows, start=1):
            entries = []
            for j, entry in enumerate(row, start=1):
                try:
                    entries.append(self._entries.read(entry, deadline))
                except InputError as error:
                    raise type(error)(
                        f"row {i}, column {j}: {error.message}", position=error.position
                    ) from None
            values.append(ParsedTuple(entries, tuple(row)))
        return ParsedTuple(values, tuple(tuple(r) for r in rows))

    def normalize(self, value: Any) -> tuple[tuple[Any, ...], ...]:
        if isinstance(value, str):
            return tuple(tuple(r) for r in self.parse(value))
        if hasattr(value, "tolist"):
            value = value.tolist()
        rows = [
            list(r) if isinstance(r, list | tuple) or hasattr(r, "__len__") else [r] for r in value
        ]
        if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
            raise ValueError(f"expected a rectangular, non-empty matrix, got {value!r}")
        return tuple(tuple(self._entries.convert(x) for x in r) for r in rows)

    # -- judging --------------------------------------------------------------------
    def equal(self, given: Any, expected: Any) -> bool:
        if _shape(given) != _shape(expected):
            return False
        same = self._entries.same
        return all(
            same(a, b)
            for rg, re in zip(given, expected, strict=True)
            for a, b in zip(rg, re, strict=True)
        )

    def judge(self, given: Any, expected: Any) -> Judgement:
        if self.equal(given, expected):
            return Judgement(True)
        try:
            feedback = self._feedback(given, expected)
        except (ArithmeticError, ValueError):  # extreme values: a verdict without a diagnosis
            feedback = []
        return Judgement(False, tuple(feedback))

    def _transpose(self, m: Any) -> tuple[tuple[Any, ...], ...]:
        return tuple(zip(*m, strict=True)) if len(m) else ()

    def _feedback(self, given: Any, expected: Any) -> list[Feedback]:
        gs, es = _shape(given), _shape(expected)
        transposed = self.equal(self._transpose(given), expected)
        if gs != es:
            if transposed:
                return [
                    Feedback(
                        "transposed",
                        f"You gave the transpose of the answer: yours is "
                        f"{_shape_text(gs)}, the answer is {_shape_text(es)}.",
                    )
                ]
            return [
                Feedback(
                    "wrong-shape",
                    f"The answer is a {_shape_text(es)} matrix; yours is {_shape_text(gs)}.",
                )
            ]
        if transposed:
            return [
                Feedback(
                    "transposed",
                    "You gave the transpose of the answer: rows and columns are swapped.",
                )
            ]
        same = self._entries.same
        flat_g = [x for row in given for x in row]
        flat_e = [x for row in expected for x in row]
        if any(x != 0 for x in flat_e) and all(
            same(a, -b) for a, b in zip(flat_g, flat_e, strict=True)
        ):
            return [
                Feedback(
                    "sign",
                    "Every entry has the wrong sign: your matrix is the negative of the right one.",
                )
            ]
        sources = [s for row in given for s in sources_of(row, len(row))]
        if self._entries.approximating_decimals(flat_g, flat_e, sources):
            return [
                Feedback(
                    "not-exact",
                    "Your decimals are close, but give the exact values as fractions (like 1/3).",
                )
            ]
        c = self._entries.common_factor(flat_g, flat_e)
        if c is not None and c != 0:
            return [
                Feedback(
                    "scaled",
                    f"Every entry is ${self._entries.factor_latex(c)}$ times "
                    "the right one: check for a factor applied to the whole matrix.",
                )
            ]
        wrong_rows = [
            i
            for i, (rg, re) in enumerate(zip(given, expected, strict=True))
            if not all(same(a, b) for a, b in zip(rg, re, strict=True))
        ]
        if len(wrong_rows) == 2:
            i, j = wrong_rows
            if self._rows_equal(given[i], expected[j]) and self._rows_equal(given[j], expected[i]):
                return [Feedback("rows-swapped", f"Rows {i + 1} and {j + 1} are swapped.")]
        wrong = [
            (i + 1, j + 1)
            for i, (rg, re) in enumerate(zip(given, expected, strict=True))
            for j, (a, b) in enumerate(zip(rg, re, strict=True))
            if not same(a, b)
        ]
        if len(wrong) == 1:
            i, j = wrong[0]
            return [
                Feedback(
                    "one-entry", f"The entry in row {i}, column {j} is wrong; the others are right."
                )
            ]
        if len(wrong_rows) == 1 and es[0] > 1:
            return [
                Feedback("one-row", f"Row {wrong_rows[0] + 1} is wrong; the other rows are right.")
            ]
        if 1 < len(wrong_rows) < es[0]:
            rows = ordinal_list([i + 1 for i in wrong_rows])
            return [Feedback("rows", f"Rows {rows} are wrong; the others are right.")]
        # Nothing more specific fits: at least say how far off it is, so the learner
        # knows whether to look for a slip or to start again.
        total = es[0] * es[1]
        right = total - len(wrong)
        if right:
            i, j = wrong[0]
            detail = (
                f"{right} of the {total} entries are right, but every row has a wrong one "
                f"(the first is in row {i}, column {j})."
            )
        else:
            detail = f"None of the {total} entries is right: recompute them one at a time."
        return [Feedback("entries", detail)]

    def _rows_equal(self, a: Any, b: Any) -> bool:
        return all(self._entries.same(x, y) for x, y in zip(a, b, strict=True))

    # -- writing --------------------------------------------------------------------
    def text(self, value: Any) -> str:
        return "[" + "; ".join(", ".join(number_text(x) for x in row) for row in value) + "]"

    def latex(self, value: Any) -> str:
        lines = []
        for row in value:
            sources = sources_of(row, len(row))
            lines.append(
                " & ".join(
                    entry_latex(x, s, exact=self.exact) for x, s in zip(row, sources, strict=True)
                )
            )
        return r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"

    def help(self) -> str:
        extra = " Exact fractions are expected." if self.exact else ""
        return (
            "Type the rows in brackets, entries separated by commas and rows by semicolons: "
            f"[1, 2; 3, 4] (or [[1, 2], [3, 4]]).{extra}"
        )
