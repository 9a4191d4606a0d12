"""Entry-wise helpers shared by ``Vector`` and ``Matrix``: reading entries exactly or
as floats, comparing them, and recognising a common factor between two arrays."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from mathforml.engine.answers._scalar import (
    close,
    exact_entry,
    float_entry,
    number_latex,
    to_float,
    to_fraction,
)
from mathforml.engine.parse import Deadline, Node


class Entries:
    """How one array kind reads and compares its entries (exact or within tolerance)."""

    def __init__(self, *, exact: bool, rtol: float, atol: float) -> None:
        self.exact = exact
        self.rtol = rtol
        self.atol = atol

    def read(self, node: Node, deadline: Deadline) -> Any:
        return exact_entry(node, deadline) if self.exact else float_entry(node, deadline)

    def convert(self, value: Any) -> Any:
        return to_fraction(value) if self.exact else to_float(value)

    def same(self, a: Any, b: Any) -> bool:
        if self.exact:
            return Fraction(a) == Fraction(b)
        return close(float(a), float(b), self.rtol, self.atol)

    def same_scaled(self, a: Any, b: Any, scale: Any) -> bool:
        """``a == scale·b`` with the tolerance scaled too."""
        if self.exact:
            return Fraction(a) == Fraction(scale) * Fraction(b)
        return close(float(a), float(scale) * float(b), self.rtol, self.atol * abs(float(scale)))

    def common_factor(self, given: list[Any], expected: list[Any]) -> Any | None:
        """The ``c`` with ``given == c·expected`` entry-wise (None when there is none or
        the expected array is zero)."""
        pivot = max(range(len(expected)), key=lambda k: abs(expected[k]), default=None)
        if pivot is None or expected[pivot] == 0:
            return None
        if self.exact:
            c: Any = Fraction(given[pivot]) / Fraction(expected[pivot])
        else:
            c = float(given[pivot]) / float(expected[pivot])
        if all(self.same_scaled(g, e, c) for g, e in zip(given, expected, strict=True)):
            return c
        return None

    def approximating_decimals(
        self, given: list[Any], expected: list[Any], sources: list[Node | None]
    ) -> bool:
        """In exact mode: some wrong entries are typed decimals that approximate a
        fraction with no finite decimal form (0.33 for 1/3)."""
        if not self.exact:
            return False
        from mathforml.engine.answers._number import is_approximating_decimal

        wrong = [(g, e, s) for g, e, s in zip(given, expected, sources, strict=True) if g != e]
        return bool(wrong) and all(is_approximating_decimal(g, e, s) for g, e, s in wrong)

    def factor_latex(self, c: Any) -> str:
        return number_latex(c if self.exact else float(c))


def sources_of(value: Any, count: int) -> list[Node | None]:
    sources = getattr(value, "sources", None)
    if sources is None or len(sources) != count:
        return [None] * count
    return list(sources)


def ordinal_list(indices: list[int]) -> str:
    """``[1, 3]`` → ``"1 and 3"``; ``[1, 2, 4]`` → ``"1, 2 and 4"``."""
    words = [str(i) for i in indices]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
