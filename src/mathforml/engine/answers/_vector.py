"""Vectors: a list of numbers typed as ``[1, 2, 3]``, ``(1, 2, 3)``, ``1, 2, 3`` or
``[1; 2; 3]``, each entry a constant expression (``[sqrt(2)/2, -1/2]``).

Feedback names the length, a sign, a common factor, entries in the wrong order,
and which entry (1-based) is wrong. With ``up_to_scale`` (eigenvectors,
directions) any non-zero multiple of the expected vector is right.
"""

from __future__ import annotations

from typing import Any

import numpy as np

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
from mathforml.engine.parse._limits import MAX_VECTOR_ENTRIES
from mathforml.errors import InputError, InputTooLarge


def vector_entries(node: Node) -> list[Node]:
    """The entries of a typed vector: a list, a bracketed row or column, or one number."""
    if isinstance(node, Group):
        if node.open == "{":
            raise InputError("braces make a set; write a vector as [1, 2, 3] or (1, 2, 3)")
        items = list(node.items)
        if len(items) == 1 and isinstance(items[0], Group) and items[0].open in "[(":
            items = list(items[0].items)  # [[1, 2, 3]]: one row
        elif items and all(
            isinstance(i, Group) and i.open in "[(" and len(i.items) == 1 for i in items
        ):
            items = [i.items[0] for i in items]  # type: ignore[union-attr]  # [[1], [2], [3]]
        if not items:
            raise InputError("the vector is empty: type its entries, like [1, 2, 3]")
        if any(is_collection(i) for i in items):
            raise InputError(
                "a vector's entries are single numbers; this looks like a matrix or nested lists"
            )
        return items
    if isinstance(node, Rows):
        if all(len(row) == 1 for row in node.rows):
            return [row[0] for row in node.rows]  # [1; 2; 3]: a column
        rows, cols = len(node.rows), max(len(r) for r in node.rows)
        raise InputError(
            f"a vector is one row or one column; this has {rows} rows of up to {cols} entries"
        )
    return [node]


class Vector(AnswerKind):
    """A vector (value: tuple of floats, or of Fractions when ``exact``)."""

    name = "vector"

    def __init__(
        self,
        *,
        exact: bool = False,
        rtol: float = RTOL_DEFAULT,
        atol: float = ATOL_DEFAULT,
        up_to_scale: bool = False,
    ) -> None:
        self.exact = exact
        self.rtol = rtol
        self.atol = atol
        self.up_to_scale = up_to_scale
        self._entries = Entries(exact=exact, rtol=rtol, atol=atol)

    def __repr__(self) -> str:
        return (
            f"Vector(exact={self.exact!r}, rtol={self.rtol!r}, atol={self.atol!r}, "
            f"up_to_scale={self.up_to_scale!r})"
        )

    # -- reading ----------------------------------------------------------------
    def parse(self, raw: str) -> tuple[Any, ...]:
        return self.from_node(parse(raw), Deadline())

    def from_node(self, node: Node, deadline: Deadline) -> tuple[Any, ...]:
        entries = vector_entries(node)
        if len(entries) > MAX_VECTOR_ENTRIES:
            raise InputTooLarge(
                f"that vector has {len(entries)} entries; at most {MAX_VECTOR_ENTRIES} are allowed"
            )
        values = []
        for k, entry in enumerate(entries, start=1):
            try:
                values.append(self._entries.read(entry, deadline))
            except InputError as error:
                raise type(error)(f"entry {k}: {error.message}", position=error.position) from None
        return ParsedTuple(values, tuple(entries))

    def normalize(self, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str):
            return tuple(self.parse(value))
        array = value.tolist() if hasattr(value, "tolist") else value
        if hasattr(array, "shape") or not isinstance(array, list | tuple):
            array = np.asarray(value, dtype=object).tolist()
        if (
            isinstance(array, list | tuple)
            and array
            and all(isinstance(row, list | tuple) for row in array)
        ):
            if all(len(row) == 1 for row in array):
                array = [row[0] for row in array]
            elif len(array) == 1:
                array = list(array[0])
            else:
                raise ValueError(f"expected a vector, got nested rows {value!r}")
        if not isinstance(array, list | tuple):
            array = [array]
        return tuple(self._entries.convert(x) for x in array)

    # -- judging ------------------------------------------------------------------
    def equal(self, given: Any, expected: Any) -> bool:
        if len(given) != len(expected):
            return False
        if self.up_to_scale:
            return self._parallel(list(given), list(expected))
        return all(self._entries.same(g, e) for g, e in zip(given, expected, strict=True))

    def _parallel(self, given: list[Any], expected: list[Any]) -> bool:
        if all(g == 0 for g in given):
            return all(e == 0 for e in expected)
        c = self._entries.common_factor(given, expected)
        return c is not None and c != 0

    def judge(self, given: Any, expected: Any) -> Judgement:
        g, e = list(given), list(expected)
        if len(g) != len(e):
            return Judgement(
                False,
                (
                    Feedback(
                        "wrong-shape",
                        f"The answer is a vector with {len(e)} entries; yours has {len(g)}.",
                    ),
                ),
            )
        if self.up_to_scale and g and all(x == 0 for x in g) and any(x != 0 for x in e):
            return Judgement(
                False,
                (Feedback("zero-vector", "An eigenvector is never the zero vector."),),
            )
        if self.equal(given, expected):
            return Judgement(True)
        try:
            feedback = self._feedback(g, e, sources_of(given, len(g)))
        except (ArithmeticError, ValueError):  # extreme values: a verdict without a diagnosis
            feedback = []
        return Judgement(False, tuple(feedback))

    def _feedback(self, g: list[Any], e: list[Any], sources: list[Node | None]) -> list[Feedback]:
        same = self._entries.same
        if any(x != 0 for x in e) and all(same(a, -b) for a, b in zip(g, e, strict=True)):
            return [
                Feedback(
                    "sign",
                    "Every entry has the wrong sign: your vector is the negative of the right one.",
                )
            ]
        if self._entries.approximating_decimals(g, e, sources):
            return [
                Feedback(
                    "not-exact",
                    "Your decimals are close, but give the exact values as fractions (like 1/3).",
                )
            ]
        c = None if self.up_to_scale else self._entries.common_factor(g, e)
        if c is not None and c != 0:
            return [
                Feedback(
                    "scaled",
                    f"Your vector is ${self._entries.factor_latex(c)}$ times "
                    "the right one: check for a factor applied to every entry.",
                )
            ]
        if len(g) > 1 and _same_multiset(g, e, same):
            return [Feedback("order", "The entries are right but in the wrong order.")]
        wrong = [k + 1 for k, (a, b) in enumerate(zip(g, e, strict=True)) if not same(a, b)]
        if len(wrong) == 1 and not self.up_to_scale:
            return [
                Feedback("one-entry", f"Entry {wrong[0]} is wrong; the other entries are right.")
            ]
        if 1 < len(wrong) < len(g) and not self.up_to_scale:
            return [
                Feedback(
                    "entries", f"Entries {ordinal_list(wrong)} are wrong; the others are right."
                )
            ]
        if self.up_to_scale:
            return [
                Feedback(
                    "direction",
                    "Your vector points in another direction: it is not a multiple of a right "
                    "answer.",
                )
            ]
        return [Feedback("entries", "None of the entries is right: recompute them one at a time.")]

    # -- writing ----------------------------------------------------------------
    def text(self, value: Any) -> str:
        return "[" + ", ".join(number_text(x) for x in value) + "]"

    def latex(self, value: Any) -> str:
        sources = sources_of(value, len(value))
        body = r" \\ ".join(
            entry_latex(x, s, exact=self.exact) for x, s in zip(value, sources, strict=True)
        )
        return rf"\begin{{bmatrix}}{body}\end{{bmatrix}}"

    def help(self) -> str:
        extra = " Exact fractions are expected." if self.exact else ""
        scale = (
            " Any non-zero multiple of a correct vector is accepted." if self.up_to_scale else ""
        )
        return (
            "Type the entries in brackets, separated by commas: [1, -2, 3/4] (entries may be "
            f"expressions like sqrt(2)/2).{extra}{scale}"
        )


def _same_multiset(g: list[Any], e: list[Any], same: Any) -> bool:
    remaining = list(e)
    for x in g:
        for k, y in enumerate(remaining):
            if same(x, y):
                del remaining[k]
                break
        else:
            return False
    return not remaining
