"""What the numeric kinds share: reading one entry, formatting numbers, tolerances.

Parsed values remember the tree they came from (``ParsedFloat(0.866…).source`` is
the tree of ``sqrt(3)/2``), so that the preview of an answer shows what the
learner typed and not only its value. They are ordinary floats, Fractions, ints
and tuples in every other respect, so equality and arithmetic are unchanged.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any

from mathforml.engine.parse import (
    Deadline,
    ExactTooLarge,
    Neg,
    Node,
    NotRational,
    Num,
    exact_value,
    is_collection,
    number_value,
    real_value,
    to_latex,
)
from mathforml.errors import InputError

#: Default relative and absolute tolerances of the float kinds.
RTOL_DEFAULT = 1e-6
ATOL_DEFAULT = 1e-9
#: The largest denominator accepted when a value like ``cos(pi/3)`` is read as exact.
MAX_GUESSED_DENOMINATOR = 10_000
#: How a float given by an exercise is read as a fraction: the simplest fraction
#: within this relative distance (``0.3333333333333333`` is 1/3).
FLOAT_TO_FRACTION_RTOL = 1e-12


class ParsedFloat(float):
    """A float read from typed text; ``source`` is its syntax tree."""

    source: Node

    def __new__(cls, value: float, source: Node) -> ParsedFloat:
        self = super().__new__(cls, value)
        self.source = source
        return self


class ParsedFraction(Fraction):
    """A Fraction read from typed text; ``source`` is its syntax tree."""

    source: Node

    def __new__(cls, value: Fraction, source: Node) -> ParsedFraction:
        self = super().__new__(cls, value.numerator, value.denominator)
        self.source = source
        return self


class ParsedInt(int):
    """An int read from typed text; ``source`` is its syntax tree."""

    source: Node

    def __new__(cls, value: int, source: Node) -> ParsedInt:
        self = super().__new__(cls, value)
        self.source = source
        return self


class ParsedTuple(tuple):
    """A tuple of values read from typed text; ``sources`` are the entries' trees."""

    sources: tuple[Any, ...]

    def __new__(cls, values: Any, sources: tuple[Any, ...]) -> ParsedTuple:
        self = super().__new__(cls, values)
        self.sources = sources
        return self


def is_plain_literal(node: Node) -> bool:
    """``3``, ``-0.25``: a number written as itself, whose preview needs no ``≈``."""
    if isinstance(node, Neg):
        node = node.arg
    return isinstance(node, Num)


def require_scalar(node: Node, what: str = "a single number") -> Node:
    if is_collection(node):
        raise InputError(
            f"{what} is expected, not a list; for a decimal use a point (2.5, not 2,5)"
        )
    return node


def float_entry(node: Node, deadline: Deadline) -> float:
    """One float-valued entry (constants only; variables were refused by the tokenizer)."""
    return number_value(require_scalar(node), deadline)


def exact_entry(node: Node, deadline: Deadline) -> Fraction:
    """One exact entry: rational arithmetic, or a value like ``cos(pi/3)`` that is
    numerically a simple fraction; ``sqrt(2)`` is refused with a message."""
    require_scalar(node)
    try:
        return exact_value(node, deadline)
    except ExactTooLarge:
        raise
    except NotRational as error:
        value = real_value(node, None, deadline)
        guess = Fraction(value).limit_denominator(MAX_GUESSED_DENOMINATOR)
        if math.isclose(float(guess), value, rel_tol=1e-12, abs_tol=1e-12):
            return guess
        culprit = to_latex(error.node)
        shown = f"${culprit}$" if len(culprit) <= 60 else "that value"
        raise InputError(
            f"{shown} is not a rational number: give the exact value as a fraction "
            "(like -3/4) or a whole number"
        ) from None


def to_fraction(value: Any) -> Fraction:
    """An exercise's number as an exact Fraction (floats by their simplest nearby fraction)."""
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction):
        return Fraction(value)
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if hasattr(value, "is_Rational") and getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, numbers.Real) or hasattr(value, "__float__"):
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"expected a finite number, got {value!r}")
        guess = Fraction(x).limit_denominator(10**9)
        if math.isclose(float(guess), x, rel_tol=FLOAT_TO_FRACTION_RTOL, abs_tol=1e-300):
            return guess
        return Fraction(x)
    raise TypeError(f"expected a number, got {value!r}")


def to_float(value: Any) -> float:
    """An exercise's number as a finite float (NumPy and SymPy numbers included)."""
    if isinstance(value, bool | str | bytes):
        raise TypeError(f"expected a number, got {value!r}")
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"expected a real number, got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"expected a finite number, got {value!r}")
    return x


def number_text(value: Any) -> str:
    """A number as a learner would type it; reads back to the same value."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, int):
        return str(int(value))
    x = float(value)
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e16:
        return str(int(x))  # "3", not "3.0": the float kinds read it back as 3.0
    return repr(x)


def number_latex(value: Any) -> str:
    """A number as LaTeX: ``\\frac{3}{4}``, ``-2``, ``0.866025``, ``1.5 \\times 10^{-8}``."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return rf"{sign}\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    if isinstance(value, int):
        return str(int(value))
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return r"\text{?}"
    if math.isnan(x):
        return r"\text{NaN}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    text = f"{x:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def source_latex(value: Any) -> str | None:
    """The LaTeX of what was typed, when ``value`` came from the parser."""
    source = getattr(value, "source", None)
    if source is None:
        return None
    try:
        return to_latex(source)
    except (TypeError, RecursionError):  # pragma: no cover - defensive
        return None


def entry_latex(value: Any, source: Node | None, *, exact: bool) -> str:
    """One entry of a vector or matrix preview: what was typed, else the value."""
    if source is not None:
        return to_latex(source)
    return number_latex(value)


def close(a: float, b: float, rtol: float, atol: float) -> bool:
    try:
        return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)
    except (TypeError, OverflowError):
        return False


def significant_figures_needed(expected: float, rtol: float, atol: float) -> int:
    """How many significant figures make a rounded ``expected`` acceptable."""
    for figures in range(1, 18):
        if close(float(f"{expected:.{figures - 1}e}"), expected, rtol, atol):
            return figures
    return 17


def decimal_places_unit(value: float, source: Node | None) -> float | None:
    """One unit in the last typed decimal place of a literal (``0.33`` → 0.01), or None
    when the answer was not typed as a plain decimal."""
    if source is None:
        return None
    node = source.arg if isinstance(source, Neg) else source
    if not isinstance(node, Num) or not node.decimal:
        return None
    from mathforml.engine.parse._render import decimal_parts

    _, k = decimal_parts(node.value)
    return 10.0 ** (-k)
