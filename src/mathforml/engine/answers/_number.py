"""Single numbers: ``Number`` (a float within tolerance), ``Rational`` (an exact
fraction) and ``Integer`` (an exact whole number).

Each accepts a constant expression as typed on paper (``-3/4``, ``sqrt(3)/2``,
``2^-3``, ``|-3|``) and names the usual mistakes: a sign, a power of ten, a
reciprocal, an answer rounded too coarsely, a decimal where a fraction was due.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, ClassVar

from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.engine.answers._scalar import (
    ATOL_DEFAULT,
    RTOL_DEFAULT,
    ParsedFloat,
    ParsedFraction,
    ParsedInt,
    close,
    decimal_places_unit,
    exact_entry,
    float_entry,
    is_plain_literal,
    number_latex,
    number_text,
    require_scalar,
    significant_figures_needed,
    source_latex,
    to_float,
    to_fraction,
)
from mathforml.engine.parse import Deadline, Node, NotRational, exact_value, parse
from mathforml.errors import InputError

#: Powers of ten recognised as "the decimal point is off" (10^-6 … 10^6).
MAX_POWER_OF_TEN = 6


class _ScalarKind(AnswerKind):
    """Shared reading of one constant expression."""

    variables: ClassVar[tuple[str, ...]] = ()

    def parse(self, raw: str) -> Any:
        return self.from_node(parse(raw), Deadline())

    def from_node(self, node: Node, deadline: Deadline) -> Any:
        """The value of one parsed entry (used by ``Set`` for its elements)."""
        raise NotImplementedError

    def help(self) -> str:
        return "Type a number as you would write it: 3, -0.25, 3/4, sqrt(2)/2, 2^-3, pi/4, 1.5e-3."


def _sign_feedback() -> Feedback:
    return Feedback(
        "sign",
        "The size is right but the sign is wrong: check for a minus sign that was "
        "dropped or added.",
    )


def _reciprocal_feedback() -> Feedback:
    return Feedback(
        "reciprocal",
        "Your answer is the reciprocal of the right value: check which quantity belongs in "
        "the numerator and which in the denominator.",
    )


class Number(_ScalarKind):
    """A real number compared within tolerance: ``|given − expected| ≤ atol + rtol·|expected|``
    (symmetric, as ``math.isclose``).

    >>> Number().parse("sqrt(3)/2")
    0.8660254037844386
    """

    name = "number"

    def __init__(self, *, rtol: float = RTOL_DEFAULT, atol: float = ATOL_DEFAULT) -> None:
        self.rtol = rtol
        self.atol = atol

    def __repr__(self) -> str:
        return f"Number(rtol={self.rtol!r}, atol={self.atol!r})"

    def from_node(self, node: Node, deadline: Deadline) -> float:
        return ParsedFloat(float_entry(node, deadline), node)

    def normalize(self, value: Any) -> float:
        if isinstance(value, str):
            return float(self.parse(value))
        return to_float(value)

    def equal(self, given: Any, expected: Any) -> bool:
        return close(float(given), float(expected), self.rtol, self.atol)

    def judge(self, given: Any, expected: Any) -> Judgement:
        g, e = float(given), float(expected)
        if self.equal(g, e):
            return Judgement(True)
        try:
            feedback = self._feedback(g, e, getattr(given, "source", None))
        except (ArithmeticError, ValueError):  # extreme values: a verdict without a diagnosis
            feedback = []
        return Judgement(False, tuple(feedback))

    def _feedback(self, g: float, e: float, source: Node | None) -> list[Feedback]:
        if e != 0 and self.equal(g, -e):
            return [_sign_feedback()]
        unit = decimal_places_unit(g, source)
        if unit is not None and abs(g - e) <= unit * 1.000001 and e != 0:
            figures = significant_figures_needed(e, self.rtol, self.atol)
            typed = number_text(g) if source is None else _typed(source)
            return [
                Feedback(
                    "rounding",
                    f"Your answer {typed} is close: give at least {figures} significant "
                    "figures or the exact value.",
                )
            ]
        if e != 0 and g != 0:
            ratio = g / e
            if 0 < ratio < math.inf:
                k = round(math.log10(ratio))
                if 0 < abs(k) <= MAX_POWER_OF_TEN and close(ratio, 10.0**k, self.rtol, 0):
                    return [
                        Feedback(
                            "power-of-ten",
                            f"Your answer is off by a factor of $10^{{{k}}}$: check the "
                            "decimal point and the units.",
                        )
                    ]
            if abs(e) != 1 and self.equal(g, 1 / e):
                return [_reciprocal_feedback()]
        return []

    def text(self, value: Any) -> str:
        return number_text(float(value))

    def latex(self, value: Any) -> str:
        typed = source_latex(value)
        shown = number_latex(float(value))
        if typed is None or typed == shown:
            return shown
        if is_plain_literal(value.source):
            return typed
        relation = "=" if _exactly(value.source, float(value)) else r"\approx"
        return rf"{typed} {relation} {shown}"


def _exactly(source: Node, value: float) -> bool:
    """Whether ``value`` is the exact value of ``source`` and is shown in full
    (``3/4 = 0.75``, but ``1/3 ≈ 0.333333``)."""
    try:
        exact = exact_value(source)
    except (NotRational, InputError):
        return False
    return exact == Fraction(f"{value:.6g}")  # what number_latex shows


def _typed(source: Node) -> str:
    from mathforml.engine.parse import to_text

    return to_text(source)


class Rational(_ScalarKind):
    """An exact rational number (value ``Fraction``): ``-3/4``, ``7``, ``0.75``,
    ``1/2 + 1/3``. A decimal that only approximates the answer is wrong, with a
    message asking for the exact fraction."""

    name = "rational"

    def __repr__(self) -> str:
        return "Rational()"

    def from_node(self, node: Node, deadline: Deadline) -> Fraction:
        return ParsedFraction(exact_entry(node, deadline), node)

    def normalize(self, value: Any) -> Fraction:
        if isinstance(value, str):
            return Fraction(self.parse(value))
        return to_fraction(value)

    def equal(self, given: Any, expected: Any) -> bool:
        return Fraction(given) == Fraction(expected)

    def judge(self, given: Any, expected: Any) -> Judgement:
        g, e = Fraction(given), Fraction(expected)
        if g == e:
            return Judgement(True)
        try:
            feedback = exact_feedback(g, e, getattr(given, "source", None))
        except (ArithmeticError, ValueError):  # extreme values: a verdict without a diagnosis
            feedback = []
        return Judgement(False, tuple(feedback))

    def text(self, value: Any) -> str:
        return number_text(Fraction(value))

    def latex(self, value: Any) -> str:
        typed = source_latex(value)
        shown = number_latex(Fraction(value))
        if typed is None or typed == shown or is_plain_literal(value.source):
            return typed or shown
        return rf"{typed} = {shown}"

    def help(self) -> str:
        return "Type the exact value: a whole number or a fraction such as -3/4 or 1/2 + 1/3."


def exact_feedback(g: Fraction, e: Fraction, source: Node | None) -> list[Feedback]:
    """The mistakes an exact number can show: sign, an approximating decimal, reciprocal."""
    if e != 0 and g == -e:
        return [_sign_feedback()]
    if is_approximating_decimal(g, e, source):
        return [
            Feedback(
                "not-exact",
                "Your decimal is close, but the answer is not a finite decimal: give the exact "
                "value as a fraction (like 1/3).",
            )
        ]
    if e not in (0, 1, -1) and g == 1 / e:
        return [_reciprocal_feedback()]
    return []


def is_approximating_decimal(g: Fraction, e: Fraction, source: Node | None) -> bool:
    """Whether ``g`` is a typed decimal close to an ``e`` that has no finite decimal form."""
    unit = decimal_places_unit(float(g), source)
    if unit is None or _finite_decimal(e):
        return False
    return abs(float(g) - float(e)) <= max(unit, 1e-3 * abs(float(e)))


def _finite_decimal(value: Fraction) -> bool:
    q = value.denominator
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


class Integer(Rational):
    """An exact whole number (value ``int``); ``2.5`` is refused as not whole."""

    name = "integer"

    def __repr__(self) -> str:
        return "Integer()"

    def from_node(self, node: Node, deadline: Deadline) -> int:
        value = exact_entry(require_scalar(node, "a single whole number"), deadline)
        if value.denominator != 1:
            from mathforml.engine.parse import to_text

            raise InputError(f"a whole number is expected, and {to_text(node)} is not one")
        return ParsedInt(value.numerator, node)

    def normalize(self, value: Any) -> int:
        if isinstance(value, str):
            return int(self.parse(value))
        fraction = to_fraction(value)
        if fraction.denominator != 1:
            raise ValueError(f"expected a whole number, got {value!r}")
        return fraction.numerator

    def equal(self, given: Any, expected: Any) -> bool:
        return int(given) == int(expected)

    def judge(self, given: Any, expected: Any) -> Judgement:
        if int(given) == int(expected):
            return Judgement(True)
        if int(expected) != 0 and int(given) == -int(expected):
            return Judgement(False, (_sign_feedback(),))
        return Judgement(False)

    def text(self, value: Any) -> str:
        return str(int(value))

    def latex(self, value: Any) -> str:
        typed = source_latex(value)
        shown = str(int(value))
        if typed is None or typed == shown or is_plain_literal(value.source):
            return typed or shown
        return rf"{typed} = {shown}"

    def help(self) -> str:
        return "Type a whole number, such as 12 or -3 (an expression like 2^5 also works)."
