"""Exact equality of rational functions: polynomials with Fraction coefficients.

When an answer and its key are both built from numbers and variables with ``+``,
``−``, ``×``, ``÷`` and whole powers, whether they are the same function is a
question of algebra, not of sampling: ``P₁/Q₁ = P₂/Q₂`` exactly when
``P₁·Q₂ − P₂·Q₁`` is the zero polynomial. Deciding it so cannot be fooled by
values that overflow, underflow or round (``(λ−1)^999``), nor by a polynomial
built to vanish at the sample points, and still accepts every equivalent form:
expanded, factored, reordered, ``(2−λ)(3−λ)`` for ``λ²−5λ+6``.

Everything is bounded: degree, number of terms, bits of a coefficient, the work
of one product, and the judgement's deadline. Beyond a bound the answer is
``TooLarge`` (the caller rejects it: no answer in this course needs a polynomial
of degree 64); a tree that is not a rational function (``sqrt``, ``sin``, ``pi``,
a variable exponent) is ``NotPolynomial`` and is compared by sampling instead.
"""

from __future__ import annotations

from fractions import Fraction

from mathforml.engine.parse import (
    Deadline,
    Neg,
    Node,
    NotRational,
    Num,
    Var,
    exact_value,
    variables_in,
)
from mathforml.engine.parse._nodes import Add, Mul, Pow
from mathforml.errors import InputError

#: Highest total degree of any polynomial built while reading an answer.
MAX_DEGREE = 64
#: Most terms of one polynomial (a dense polynomial in two variables of degree 40).
MAX_TERMS = 1_000
#: Bits of a coefficient's numerator or denominator.
MAX_COEFFICIENT_BITS = 2_048
#: Most term-by-term multiplications in one product of two polynomials.
MAX_PRODUCT_WORK = 250_000

Monomial = tuple[int, ...]
Poly = dict[Monomial, Fraction]


class NotPolynomial(Exception):
    """The tree is not a rational function of the variables."""


class TooLarge(Exception):
    """The tree is a rational function too large to expand within the bounds."""


class RationalFunction:
    """``numerator / denominator``, two polynomials in ``variables`` (in that order)."""

    __slots__ = ("denominator", "numerator")

    def __init__(self, numerator: Poly, denominator: Poly) -> None:
        self.numerator = numerator
        self.denominator = denominator


def rational_function(
    node: Node, variables: tuple[str, ...], deadline: Deadline
) -> RationalFunction:
    """``node`` as an exact rational function, or ``NotPolynomial`` / ``TooLarge``."""
    return _Reader(variables, deadline).read(node)


def same_rational_function(
    given: RationalFunction, expected: RationalFunction, deadline: Deadline
) -> bool:
    """Whether ``given`` and ``expected`` are the same rational function."""
    left = _mul(given.numerator, expected.denominator, deadline)
    right = _mul(expected.numerator, given.denominator, deadline)
    return left == right


def degree(poly: Poly) -> int:
    """Total degree (``-1`` for the zero polynomial)."""
    return max((sum(m) for m in poly), default=-1)


# -- arithmetic ----------------------------------------------------------------------


def _check(poly: Poly) -> Poly:
    if len(poly) > MAX_TERMS:
        raise TooLarge(f"more than {MAX_TERMS} terms")
    for monomial, coefficient in poly.items():
        if sum(monomial) > MAX_DEGREE:
            raise TooLarge(f"degree above {MAX_DEGREE}")
        if (coefficient.numerator.bit_length() > MAX_COEFFICIENT_BITS
                or coefficient.denominator.bit_length() > MAX_COEFFICIENT_BITS):
            raise TooLarge("a coefficient is too large")
    return poly


def _add(a: Poly, b: Poly) -> Poly:
    out = dict(a)
    for monomial, coefficient in b.items():
        total = out.get(monomial, Fraction(0)) + coefficient
        if total:
            out[monomial] = total
        else:
            out.pop(monomial, None)
    return _check(out)


def _neg(a: Poly) -> Poly:
    return {m: -c for m, c in a.items()}


def _mul(a: Poly, b: Poly, deadline: Deadline) -> Poly:
    if len(a) * len(b) > MAX_PRODUCT_WORK:
        raise TooLarge("a product is too large to expand")
    if degree(a) + degree(b) > MAX_DEGREE:
        raise TooLarge(f"degree above {MAX_DEGREE}")
    out: Poly = {}
    for ma, ca in a.items():
        deadline.check()
        for mb, cb in b.items():
            m = tuple(x + y for x, y in zip(ma, mb, strict=True))
            total = out.get(m, Fraction(0)) + ca * cb
            if total:
                out[m] = total
            else:
                out.pop(m, None)
    return _check(out)


def _power(a: Poly, n: int, one: Poly, deadline: Deadline) -> Poly:
    """``a**n`` for ``n ≥ 0`` (``one`` is the polynomial 1) by repeated squaring,
    bounded before each step."""
    if n and degree(a) * n > MAX_DEGREE:
        raise TooLarge(f"degree above {MAX_DEGREE}")
    result = one
    base = a
    while n:
        if n & 1:
            result = _mul(result, base, deadline)
        n >>= 1
        if n:
            base = _mul(base, base, deadline)
    return result


# -- reading a tree ------------------------------------------------------------------


class _Reader:
    def __init__(self, variables: tuple[str, ...], deadline: Deadline) -> None:
        self.variables = variables
        self.deadline = deadline
        self.one: Poly = {(0,) * len(variables): Fraction(1)}

    def constant(self, value: Fraction) -> Poly:
        return _check({(0,) * len(self.variables): value}) if value else {}

    def read(self, node: Node) -> RationalFunction:
        self.deadline.check()
        if isinstance(node, Num):
            return RationalFunction(self.constant(node.value), self.one)
        if isinstance(node, Var):
            if node.name not in self.variables:
                raise NotPolynomial(node.name)
            exponents = tuple(int(v == node.name) for v in self.variables)
            return RationalFunction({exponents: Fraction(1)}, self.one)
        if isinstance(node, Neg):
            inner = self.read(node.arg)
            return RationalFunction(_neg(inner.numerator), inner.denominator)
        if isinstance(node, Add):
            total = self.read(node.terms[0])
            for term in node.terms[1:]:
                total = self._sum(total, self.read(term))
            return total
        if isinstance(node, Mul):
            result = self.read(node.factors[0])
            for factor, divide in zip(node.factors[1:], node.divide[1:], strict=True):
                value = self.read(factor)
                if divide:
                    if not value.numerator:
                        raise NotPolynomial("division by zero")  # sampling reports it
                    value = RationalFunction(value.denominator, value.numerator)
                result = RationalFunction(
                    _mul(result.numerator, value.numerator, self.deadline),
                    _mul(result.denominator, value.denominator, self.deadline),
                )
            return result
        if isinstance(node, Pow):
            return self._power(node)
        raise NotPolynomial(type(node).__name__)

    def _sum(self, a: RationalFunction, b: RationalFunction) -> RationalFunction:
        if a.denominator == b.denominator:
            return RationalFunction(_add(a.numerator, b.numerator), a.denominator)
        d = self.deadline
        return RationalFunction(
            _add(_mul(a.numerator, b.denominator, d), _mul(b.numerator, a.denominator, d)),
            _mul(a.denominator, b.denominator, d),
        )

    def _power(self, node: Pow) -> RationalFunction:
        try:
            exponent = exact_value(node.exp, self.deadline)
        except (NotRational, InputError):
            raise NotPolynomial("the exponent is not a whole number") from None
        if exponent.denominator != 1:
            raise NotPolynomial("a fractional power")
        n = exponent.numerator
        if abs(n) > MAX_DEGREE:
            # A constant base to a large power is a number, which sampling handles;
            # a variable one is a polynomial beyond our bound.
            if variables_in(node.base):
                raise TooLarge(f"degree above {MAX_DEGREE}")
            raise NotPolynomial("a large power of a number")
        base = self.read(node.base)
        if n < 0:
            if not base.numerator:
                raise NotPolynomial("division by zero")
            base, n = RationalFunction(base.denominator, base.numerator), -n
        return RationalFunction(_power(base.numerator, n, self.one, self.deadline),
                                _power(base.denominator, n, self.one, self.deadline))
