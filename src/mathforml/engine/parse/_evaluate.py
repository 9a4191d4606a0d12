"""Evaluating a syntax tree, exactly (Fractions) or as real floats, within bounds.

Exact evaluation serves the exact kinds (``Rational``, ``Integer``, exact vectors
and matrices): it refuses irrational values (``NotRational``) and stops at
``MAX_EXACT_BITS`` so that ``2^100000`` is never built as a huge integer.
Float evaluation serves everything else and the randomized comparison of
expressions: overflow, domain errors (``sqrt(-1)``, ``ln 0``) and division by
zero each raise an ``InputError`` subclass with a message for the learner, and a
``Deadline`` bounds the wall-clock time of a whole judgement.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from fractions import Fraction

from mathforml.engine.parse._limits import (
    EVAL_SECONDS,
    MAX_BINOMIAL_N,
    MAX_EXACT_BITS,
    MAX_EXACT_ROOT,
    MAX_FACTORIAL,
)
from mathforml.engine.parse._nodes import (
    Add,
    Call,
    Const,
    Factorial,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Var,
    is_collection,
)
from mathforml.engine.parse._render import to_latex
from mathforml.errors import InputError, InputTooLarge


class EvaluationError(InputError):
    """A well-formed answer whose value cannot be computed."""


class DomainError(EvaluationError):
    """A function applied outside its domain: ``sqrt(-1)``, ``ln(0)``, ``asin(2)``."""


class DivisionByZero(EvaluationError):
    """A division by something that is zero."""


class NotRational(Exception):
    """Exact evaluation met a value that is not rational; ``node`` is the culprit."""

    def __init__(self, node: Node) -> None:
        super().__init__(node)
        self.node = node


class ExactTooLarge(InputTooLarge):
    """A number too large to compute exactly (it may still have a float value)."""


class EvaluationTimeout(InputTooLarge):
    """The evaluation of an answer ran past its deadline."""


class Deadline:
    """A wall-clock budget shared by the evaluations of one judgement."""

    __slots__ = ("end",)

    def __init__(self, seconds: float = EVAL_SECONDS) -> None:
        self.end = time.perf_counter() + seconds

    def check(self) -> None:
        if time.perf_counter() > self.end:
            raise EvaluationTimeout("evaluating that answer took too long; please simplify it")


def _snippet(node: Node) -> str:
    """A short LaTeX rendering of ``node`` for a message (``…`` when long)."""
    try:
        text = to_latex(node)
    except RecursionError:  # pragma: no cover - trees are depth-bounded
        return "this part"
    return f"${text}$" if len(text) <= 80 else "part of the answer"


# -- exact ------------------------------------------------------------------------
def exact_value(
    node: Node, deadline: Deadline | None = None, env: Mapping[str, Fraction] | None = None
) -> Fraction:
    """The exact rational value of a tree, with variables taken from ``env``.

    Raises ``NotRational`` for ``pi``, ``sqrt(2)``, ``sin(1)`` or a variable not in
    ``env``, ``ExactTooLarge`` beyond ``MAX_EXACT_BITS`` and ``DivisionByZero``.
    """
    return _exact(node, deadline or Deadline(), env or {})


def _bounded(value: Fraction, node: Node) -> Fraction:
    if (
        value.numerator.bit_length() > MAX_EXACT_BITS
        or value.denominator.bit_length() > MAX_EXACT_BITS
    ):
        raise ExactTooLarge(f"{_snippet(node)} is too large to compute exactly")
    return value


def _exact(node: Node, deadline: Deadline, env: Mapping[str, Fraction]) -> Fraction:
    deadline.check()
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Var) and node.name in env:
        return env[node.name]
    if isinstance(node, Neg):
        return -_exact(node.arg, deadline, env)
    if isinstance(node, Add):
        total = Fraction(0)
        for term in node.terms:
            total = _bounded(total + _exact(term, deadline, env), node)
        return total
    if isinstance(node, Mul):
        result = _exact(node.factors[0], deadline, env)
        for factor, divide in zip(node.factors[1:], node.divide[1:], strict=True):
            value = _exact(factor, deadline, env)
            if divide:
                if value == 0:
                    raise DivisionByZero(_division_message(factor))
                result = _bounded(result / value, node)
            else:
                result = _bounded(result * value, node)
        return result
    if isinstance(node, Pow):
        return _exact_power(node, deadline, env)
    if isinstance(node, Call):
        return _exact_call(node, deadline, env)
    if isinstance(node, Factorial):
        n = _exact(node.arg, deadline, env)
        return Fraction(math.factorial(_factorial_argument(n, node)))
    if is_collection(node):
        raise EvaluationError("a list is not a single number")
    raise NotRational(node)


def _exact_power(node: Pow, deadline: Deadline, env: Mapping[str, Fraction]) -> Fraction:
    base = _exact(node.base, deadline, env)
    exp = _exact(node.exp, deadline, env)
    if base == 0 and exp < 0:
        raise DivisionByZero(f"{_snippet(node)} divides by zero")
    if base in (0, 1) or exp == 0:
        return Fraction(1) if exp == 0 else base
    if exp.denominator != 1:
        q = exp.denominator
        if q > MAX_EXACT_ROOT or (base < 0 and q % 2 == 0):
            raise NotRational(node)
        root = _exact_root(abs(base), q)
        if root is None:
            raise NotRational(node)
        base = root if base > 0 else -root
        exp = Fraction(exp.numerator)
    n = exp.numerator
    size = max(base.numerator.bit_length(), base.denominator.bit_length())
    if base == -1:
        return Fraction(-1 if n % 2 else 1)
    if size * abs(n) > MAX_EXACT_BITS + size:
        raise ExactTooLarge(f"{_snippet(node)} is too large to compute exactly")
    return base**n


def _integer_root(value: int, q: int) -> int | None:
    """The exact q-th root of a non-negative integer, or None."""
    if value < 2:
        return value
    guess = 1 << ((value.bit_length() + q - 1) // q)  # an upper bound
    while True:  # Newton's method on integers, decreasing to the floor root
        better = ((q - 1) * guess + value // guess ** (q - 1)) // q
        if better >= guess:
            break
        guess = better
    return guess if guess**q == value else None


def _exact_root(value: Fraction, q: int) -> Fraction | None:
    top = _integer_root(value.numerator, q)
    bottom = _integer_root(value.denominator, q)
    if top is None or bottom is None:
        return None
    return Fraction(top, bottom)


def _exact_call(node: Call, deadline: Deadline, env: Mapping[str, Fraction]) -> Fraction:
    if node.func == "abs":
        return abs(_exact(node.args[0], deadline, env))
    if node.func == "sqrt":
        value = _exact(node.args[0], deadline, env)
        if value < 0:
            raise DomainError(f"{_snippet(node)}: the square root of a negative number is not real")
        root = _exact_root(value, 2)
        if root is None:
            raise NotRational(node)
        return root
    if node.func == "binom":
        n = _exact(node.args[0], deadline, env)
        k = _exact(node.args[1], deadline, env)
        return Fraction(_binomial(n, k, node))
    raise NotRational(node)


def _binomial(n: Fraction | float, k: Fraction | float, node: Node) -> int:
    if any(v != int(v) or v < 0 for v in (n, k)):
        raise DomainError(f"{_snippet(node)}: binom(n, k) needs whole numbers n, k ≥ 0")
    if n > MAX_BINOMIAL_N:
        raise InputTooLarge(f"{_snippet(node)}: binom(n, k) is limited to n ≤ {MAX_BINOMIAL_N}")
    return math.comb(int(n), int(k))


def _factorial_argument(n: Fraction | float, node: Node) -> int:
    if n != int(n) or n < 0:
        raise DomainError(f"{_snippet(node)}: n! needs a whole number n ≥ 0")
    if n > MAX_FACTORIAL:
        raise InputTooLarge(f"{_snippet(node)} is too large: n! is limited to n ≤ {MAX_FACTORIAL}")
    return int(n)


def _division_message(divisor: Node) -> str:
    if isinstance(divisor, Num):
        return "division by zero: you divide by $0$"
    return f"division by zero: {_snippet(divisor)} is $0$"


# -- real floats ------------------------------------------------------------------
def real_value(
    node: Node, env: Mapping[str, float] | None = None, deadline: Deadline | None = None
) -> float:
    """The value of ``node`` as a finite real float, with variables taken from ``env``.

    Raises ``DomainError`` (not a real number), ``DivisionByZero`` and
    ``InputTooLarge`` (overflow, or the deadline passed).
    """
    return _real(node, env or {}, deadline or Deadline())


def _finite(value: float, node: Node) -> float:
    if math.isfinite(value):
        return value
    if math.isnan(value):
        raise DomainError(f"{_snippet(node)} is not a number")
    raise InputTooLarge(f"{_snippet(node)} is too large (beyond $10^{{308}}$)")


def _real(node: Node, env: Mapping[str, float], deadline: Deadline) -> float:
    deadline.check()
    if isinstance(node, Num):
        try:
            return float(node.value)
        except OverflowError:
            raise InputTooLarge(f"{_snippet(node)} is too large (beyond $10^{{308}}$)") from None
    if isinstance(node, Var):
        return env[node.name]
    if isinstance(node, Const):
        return math.pi if node.name == "pi" else math.e
    if isinstance(node, Neg):
        return -_real(node.arg, env, deadline)
    if isinstance(node, Add):
        total = 0.0
        for term in node.terms:
            total += _real(term, env, deadline)
        return _finite(total, node)
    if isinstance(node, Mul):
        result = _real(node.factors[0], env, deadline)
        for factor, divide in zip(node.factors[1:], node.divide[1:], strict=True):
            value = _real(factor, env, deadline)
            if divide:
                if value == 0:
                    raise DivisionByZero(_division_message(factor))
                result = _finite(result / value, node)
            else:
                result = _finite(result * value, node)
        return result
    if isinstance(node, Pow):
        return _real_power(node, env, deadline)
    if isinstance(node, Call):
        return _real_call(node, env, deadline)
    if isinstance(node, Factorial):
        n = _real(node.arg, env, deadline)
        return float(math.factorial(_factorial_argument(n, node)))
    raise EvaluationError("a list is not a single number")


def _real_power(node: Pow, env: Mapping[str, float], deadline: Deadline) -> float:
    base = _real(node.base, env, deadline)
    exp = _real(node.exp, env, deadline)
    if base == 0 and exp < 0:
        raise DivisionByZero(f"{_snippet(node)} divides by zero")
    if base < 0 and exp != math.floor(exp):
        odd_root = _odd_root_exponent(node.exp)
        if odd_root is None:
            raise DomainError(
                f"{_snippet(node)}: a negative number to a fractional power is not a real number"
            )
        magnitude = _pow(-base, exp, node)
        return -magnitude if odd_root else magnitude
    return _pow(base, exp, node)


def _odd_root_exponent(exp: Node) -> bool | None:
    """For an exponent written as an exact fraction p/q with q odd (``x^(1/3)``), the
    real odd root is meant: return whether the result is negative (p odd); else None."""
    try:
        value = exact_value(exp)
    except (NotRational, InputError):
        return None
    if value.denominator % 2 == 0:
        return None
    return value.numerator % 2 == 1


def _pow(base: float, exp: float, node: Node) -> float:
    try:
        return _finite(math.pow(base, exp), node)
    except OverflowError:
        raise InputTooLarge(f"{_snippet(node)} is too large (beyond $10^{{308}}$)") from None
    except ValueError:
        raise DomainError(f"{_snippet(node)} is not a real number") from None


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _positive(name: str) -> Callable[[float, Node], None]:
    def check(x: float, node: Node) -> None:
        if x <= 0:
            raise DomainError(f"{_snippet(node)}: {name} is only defined for positive numbers")

    return check


def _non_negative(x: float, node: Node) -> None:
    if x < 0:
        raise DomainError(f"{_snippet(node)}: the square root of a negative number is not real")


def _unit_interval(x: float, node: Node) -> None:
    if not -1 <= x <= 1:
        raise DomainError(f"{_snippet(node)} is only defined between $-1$ and $1$")


_REAL_FUNCTIONS: dict[
    str, tuple[Callable[[float], float], Callable[[float, Node], None] | None]
] = {
    "sqrt": (math.sqrt, _non_negative),
    "exp": (math.exp, None),
    "ln": (math.log, _positive("the logarithm")),
    "log": (math.log, _positive("the logarithm")),
    "log2": (math.log2, _positive("the logarithm")),
    "log10": (math.log10, _positive("the logarithm")),
    "sin": (math.sin, None),
    "cos": (math.cos, None),
    "tan": (math.tan, None),
    "asin": (math.asin, _unit_interval),
    "acos": (math.acos, _unit_interval),
    "atan": (math.atan, None),
    "sinh": (math.sinh, None),
    "cosh": (math.cosh, None),
    "tanh": (math.tanh, None),
    "abs": (abs, None),
    "sigmoid": (_sigmoid, None),
}


def _real_call(node: Call, env: Mapping[str, float], deadline: Deadline) -> float:
    if node.func == "binom":
        n = _real(node.args[0], env, deadline)
        k = _real(node.args[1], env, deadline)
        return float(_binomial(n, k, node))
    function, check = _REAL_FUNCTIONS[node.func]
    x = _real(node.args[0], env, deadline)
    if check is not None:
        check(x, node)
    try:
        return _finite(function(x), node)
    except OverflowError:
        raise InputTooLarge(f"{_snippet(node)} is too large (beyond $10^{{308}}$)") from None
    except ValueError:
        raise DomainError(f"{_snippet(node)} is not defined there") from None


def number_value(node: Node, deadline: Deadline | None = None) -> float:
    """The value of a constant tree as a float, exact first so that ``10^20 + 1 - 10^20``
    is 1; floats take over for irrational or very large values."""
    deadline = deadline or Deadline()
    try:
        exact = _exact(node, deadline, {})
    except (NotRational, ExactTooLarge):
        return _real(node, {}, deadline)
    try:
        return _finite(float(exact), node)
    except OverflowError:
        raise InputTooLarge(f"{_snippet(node)} is too large (beyond $10^{{308}}$)") from None


def magnitude(
    node: Node, env: Mapping[str, float] | None = None, deadline: Deadline | None = None
) -> float:
    """The size of the numbers met while evaluating ``node``: its value with every
    sum taken over absolute values. Rounding errors of ``real_value`` are a small
    multiple of ``magnitude × 2^-52``, so comparisons scale their tolerance by it:
    ``(x-9)^9`` expanded cancels huge terms, and may lose digits, legitimately."""
    return _magnitude(node, env or {}, deadline or Deadline())


def _magnitude(node: Node, env: Mapping[str, float], deadline: Deadline) -> float:
    deadline.check()
    if isinstance(node, Neg):
        return _magnitude(node.arg, env, deadline)
    if isinstance(node, Add):
        return sum(_magnitude(t, env, deadline) for t in node.terms)
    if isinstance(node, Mul):
        result = _magnitude(node.factors[0], env, deadline)
        for factor, divide in zip(node.factors[1:], node.divide[1:], strict=True):
            if divide:
                result /= abs(_real(factor, env, deadline)) or math.inf
            else:
                result *= _magnitude(factor, env, deadline)
        return result
    if isinstance(node, Pow):
        base = _magnitude(node.base, env, deadline)
        exp = _real(node.exp, env, deadline)
        try:
            return math.pow(base, exp) if base else 0.0
        except (OverflowError, ValueError):
            return math.inf
    return abs(_real(node, env, deadline))
