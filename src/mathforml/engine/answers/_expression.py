"""Symbolic expressions in declared variables, compared exactly or at sample points.

When both expressions are rational functions (polynomials and their quotients,
such as every characteristic polynomial), equivalence is decided exactly with
Fraction arithmetic (``_polynomial``): no sampling, so no overflow, rounding or
points chosen by the learner can sway it. Otherwise two expressions are
equivalent when they agree at every sample point where both are defined, and
there are enough such points: this needs no symbolic algebra, costs well under a
millisecond, and handles domains by skipping points where ``sqrt`` or ``ln`` of a
negative number appears. The points are a fixed set plus a few drawn from a hash
of both expressions, so a verdict never changes between runs, yet nobody can
build an answer that vanishes at points that depend on the answer itself.

A wrong answer must never pass for rounding: a near miss is forgiven only when it
is tiny *relative to the expected value*, never in proportion to the sizes the
learner's expression met (``(λ−1)^999`` meets enormous ones), and an answer that
overflows where the expected value is an ordinary number disagrees there. SymPy
is used only to check a requested form (expanded, factored, simplified), in
``_forms``, with bounded cost.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Literal

from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.engine.answers._scalar import number_latex, to_float
from mathforml.engine.parse import (
    Deadline,
    EvaluationError,
    EvaluationTimeout,
    Neg,
    Node,
    NotRational,
    Num,
    canonical_variable,
    exact_value,
    from_sympy,
    is_collection,
    magnitude,
    number_node,
    parse,
    real_value,
    to_latex,
    to_text,
    variables_in,
)
from mathforml.errors import InputError, InputTooLarge

Form = Literal["expanded", "factored", "simplified"]
FORMS: tuple[str, ...] = ("expanded", "factored", "simplified")

#: The fixed seed of the sample points: verdicts are reproducible.
SAMPLE_SEED = 20240611
#: Sample points per comparison, and how many must be common to both sides.
SAMPLE_POINTS = 24
MIN_COMMON_POINTS = 4
#: Two values agree when |a − b| ≤ ATOL + RTOL·max(|a|, |b|).
RTOL = 1e-8
ATOL = 1e-10
#: Allowed rounding error relative to the magnitudes met during evaluation (about
#: 2^-52 times a generous operation count) ...
ROUNDING_RTOL = 1e-11
#: ... but never more than this relative to the expected value: rounding explains a
#: near miss, not a different function (a huge power makes the magnitudes met huge).
ROUNDING_CAP = 1e-7
#: Extra points per comparison drawn from a hash of both expressions.
HASHED_POINTS = 8
#: The ranges the points are drawn from, in the order the fixed points use them:
#: mostly positive (``sqrt`` and ``ln`` are defined there), small and large.
RANGES: tuple[tuple[float, float], ...] = (
    ((0.3, 3.0),) * 10 + ((-3.0, -0.3),) * 6 + ((3.0, 12.0),) * 4 + ((-12.0, -3.0),) * 2
    + ((0.02, 0.3),) * 2
)
#: The hashed points' ranges: the same proportions of positive and negative values.
HASHED_RANGES: tuple[tuple[float, float], ...] = (
    (0.3, 3.0), (-3.0, -0.3), (0.3, 3.0), (3.0, 12.0), (0.3, 3.0), (-3.0, -0.3),
    (0.02, 0.3), (-12.0, -3.0),
)


@lru_cache(maxsize=64)
def sample_points(variables: tuple[str, ...]) -> tuple[dict[str, float], ...]:
    """Points spread over small and large, positive and negative values; mostly
    positive, because ``sqrt`` and ``ln`` are defined there."""
    rng = random.Random(f"{SAMPLE_SEED}:{','.join(variables)}")
    points = []
    for k in range(SAMPLE_POINTS):
        lo, hi = RANGES[k % len(RANGES)]
        points.append({v: rng.uniform(lo, hi) for v in variables})
    return tuple(points)


def hashed_points(
    variables: tuple[str, ...], given: Node, expected: Node
) -> tuple[dict[str, float], ...]:
    """``HASHED_POINTS`` points drawn from SHA-256 of both expressions: the same
    for the same pair (a verdict is reproducible), unknowable before the answer is
    written (an answer cannot be made to vanish at points its own text chooses)."""
    digest = hashlib.sha256(
        f"{SAMPLE_SEED}\0{','.join(variables)}\0{to_text(given)}\0{to_text(expected)}".encode()
    ).hexdigest()
    rng = random.Random(digest)
    points = []
    for k in range(HASHED_POINTS):
        lo, hi = HASHED_RANGES[k % len(HASHED_RANGES)]
        points.append({v: rng.uniform(lo, hi) for v in variables})
    return tuple(points)


def evaluate_at_points(
    node: Node,
    variables: tuple[str, ...],
    deadline: Deadline,
    points: Sequence[dict[str, float]] | None = None,
) -> list[float | None]:
    """The value at each point (default: the fixed sample points); None where it is
    undefined, and ``OVERFLOW`` where it is too large for a float."""
    values: list[float | None] = []
    for point in sample_points(variables) if points is None else points:
        try:
            values.append(real_value(node, point, deadline))
        except EvaluationTimeout:
            raise
        except EvaluationError:
            values.append(None)
        except InputTooLarge:
            values.append(OVERFLOW)
    return values


#: The value of an expression at a point where it is beyond the range of floats.
OVERFLOW = math.inf


def agree(a: float, b: float) -> bool:
    return abs(a - b) <= ATOL + RTOL * max(abs(a), abs(b))


@dataclass(frozen=True)
class Comparison:
    """The values of two expressions at the sample points where both are defined,
    and the exact verdict when both are rational functions."""

    given: tuple[float, ...]
    expected: tuple[float, ...]
    given_defined: int
    expected_defined: int
    #: Every common point agrees, allowing for rounding errors of both evaluations,
    #: and the given expression does not overflow where the expected one is a number.
    all_agree: bool
    #: Both are rational functions: whether they are the same one (None: not known).
    exact: bool | None = None
    #: The given expression is a polynomial too large to check (degree above 64 …).
    too_large: bool = False

    @property
    def enough(self) -> bool:
        """Enough common points, and the given expression is defined at least at half
        the points where the expected one is: an answer whose domain shrinks to a few
        points is not compared at those few points alone."""
        common = len(self.given)
        if common == self.expected_defined > 0:
            return True
        return common >= MIN_COMMON_POINTS and 2 * common >= self.expected_defined

    @property
    def equivalent(self) -> bool:
        if self.exact is not None:
            return self.exact
        return self.enough and self.all_agree


def compare(given: Node, expected: Node, variables: tuple[str, ...]) -> Comparison:
    """Compare within the evaluation deadline, trying once more when it passes: the
    deadline is wall-clock time, and a pause of the whole process (a full garbage
    collection of a large heap took 60 ms during ``lint``) is not the answer's
    fault. An answer that is really too slow fails twice (``EvaluationTimeout``)."""
    try:
        return _compare(given, expected, variables, Deadline())
    except EvaluationTimeout:
        return _compare(given, expected, variables, Deadline())


def _compare(
    given: Node, expected: Node, variables: tuple[str, ...], deadline: Deadline
) -> Comparison:
    exact, too_large = _exact_verdict(given, expected, variables, deadline)
    points = sample_points(variables) + hashed_points(variables, given, expected)
    g = evaluate_at_points(given, variables, deadline, points)
    e = evaluate_at_points(expected, variables, deadline, points)
    defined = [b is not None and b != OVERFLOW for b in e]
    common = [
        k for k, (a, b) in enumerate(zip(g, e, strict=True))
        if defined[k] and a is not None and a != OVERFLOW
    ]
    overflows = any(defined[k] and g[k] == OVERFLOW for k in range(len(points)))
    all_agree = not overflows and all(
        _agree_at(given, expected, points[k], g[k], e[k], deadline)  # type: ignore[arg-type]
        for k in common
    )
    return Comparison(
        given=tuple(g[k] for k in common),  # type: ignore[misc]
        expected=tuple(e[k] for k in common),  # type: ignore[misc]
        given_defined=sum(a is not None and a != OVERFLOW for a in g),
        expected_defined=sum(defined),
        all_agree=all_agree,
        exact=exact,
        too_large=too_large,
    )


def _exact_verdict(
    given: Node, expected: Node, variables: tuple[str, ...], deadline: Deadline
) -> tuple[bool | None, bool]:
    """``(same, too_large)``: ``same`` is the exact verdict when both expressions are
    rational functions (None when either is not); a given polynomial beyond the
    bounds is not equivalent (``too_large``) when the expected one is rational."""
    from mathforml.engine.answers._polynomial import (
        NotPolynomial,
        TooLarge,
        rational_function,
        same_rational_function,
    )

    try:
        key = rational_function(expected, variables, deadline)
    except (NotPolynomial, TooLarge):
        return None, False
    try:
        answer = rational_function(given, variables, deadline)
    except NotPolynomial:
        return None, False
    except TooLarge:
        return False, True
    try:
        return same_rational_function(answer, key, deadline), False
    except TooLarge:
        return False, True


def _agree_at(
    given: Node, expected: Node, point: dict[str, float], a: float, b: float, deadline: Deadline
) -> bool:
    """Whether two values at one point agree. A near miss may be rounding in a
    cancelling sum (``(x-9)^21`` against its expansion), so it is settled exactly
    with Fractions when both sides are rational functions, and otherwise by a
    tolerance that scales with the sizes met during evaluation."""
    if agree(a, b):
        return True
    exact_point = {name: Fraction(value) for name, value in point.items()}
    try:
        return exact_value(given, deadline, exact_point) == exact_value(
            expected, deadline, exact_point
        )
    except EvaluationTimeout:
        raise
    except (NotRational, InputError):
        pass
    try:
        scale = max(magnitude(given, point, deadline), magnitude(expected, point, deadline))
    except EvaluationTimeout:
        raise
    except InputError:
        return False
    allowance = min(ROUNDING_RTOL * scale, ROUNDING_CAP * abs(b))
    return abs(a - b) <= ATOL + allowance


def _constant(values: Sequence[float]) -> float | None:
    """The common value of ``values`` when they are all (nearly) equal."""
    if not values:
        return None
    first = values[0]
    return first if all(agree(v, first) for v in values) else None


def _nice_latex(value: float) -> str:
    guess = Fraction(value).limit_denominator(100)
    if math.isclose(float(guess), value, rel_tol=1e-9, abs_tol=1e-12):
        return number_latex(guess)
    return number_latex(value)


class Expression(AnswerKind):
    """An expression in ``variables`` (value: its syntax tree). ``form`` asks for
    an expanded, factored or simplified answer; without it any equivalent
    expression is right."""

    name = "expression"

    def __init__(self, variables: Sequence[str] = ("x",), *, form: Form | None = None) -> None:
        if isinstance(variables, str):
            variables = (variables,)
        self.variables = tuple(canonical_variable(v) for v in variables)
        if form is not None and form not in FORMS:
            raise ValueError(f"form must be one of {FORMS} or None, got {form!r}")
        self.form = form

    def __repr__(self) -> str:
        return f"Expression({self.variables!r}, form={self.form!r})"

    # -- reading ------------------------------------------------------------------
    def parse(self, raw: str) -> Node:
        return self.from_node(parse(raw, self.variables), Deadline())

    def from_node(self, node: Node, deadline: Deadline) -> Node:
        if is_collection(node):
            raise InputError("one expression is expected, not a list")
        # One defined point is enough to accept the input; judging evaluates the rest.
        first_error: InputError | None = None
        for point in sample_points(self.variables):
            try:
                real_value(node, point, deadline)
            except EvaluationTimeout:
                raise
            except InputError as error:  # undefined here: division by zero, sqrt(-1), …
                first_error = first_error or error
                continue
            return node
        reason = first_error.message if first_error else "no sample points"
        raise InputError(f"that expression cannot be evaluated for any value we tried: {reason}")

    def normalize(self, value: Any) -> Node:
        if isinstance(value, str):
            return self.parse(value)
        if isinstance(value, Node):
            unknown = variables_in(value) - set(self.variables)
            if unknown:
                raise ValueError(f"the expression uses undeclared variables {sorted(unknown)}")
            return value
        if hasattr(value, "free_symbols"):
            return from_sympy(value, self.variables)
        if isinstance(value, numbers.Rational) and not isinstance(value, bool):
            return number_node(Fraction(value))
        x = to_float(value)
        node: Node = Num(Fraction(repr(abs(x))), decimal=True)
        return Neg(node) if x < 0 else node

    # -- judging --------------------------------------------------------------------
    def equal(self, given: Any, expected: Any) -> bool:
        try:
            return compare(given, expected, self.variables).equivalent
        except EvaluationTimeout:
            return False

    def judge(self, given: Any, expected: Any) -> Judgement:
        try:
            comparison = compare(given, expected, self.variables)
        except EvaluationTimeout:
            return Judgement(
                False,
                (
                    Feedback(
                        "too-slow", "Your expression took too long to evaluate; please simplify it."
                    ),
                ),
            )
        if comparison.equivalent:
            if self.form is None:
                return Judgement(True)
            from mathforml.engine.answers._forms import form_problem

            problem = form_problem(given, expected, self.form, self.variables)
            if problem is None:
                return Judgement(True)
            return Judgement(False, (problem,))
        return Judgement(False, tuple(self._feedback(comparison)))

    def _feedback(self, c: Comparison) -> list[Feedback]:
        if c.too_large:
            return [
                Feedback(
                    "too-large",
                    "Your expression is a polynomial of too high a degree to check: "
                    "simplify it.",
                )
            ]
        if not c.enough:
            if c.given_defined < MIN_COMMON_POINTS <= c.expected_defined:
                return [
                    Feedback(
                        "domain",
                        "Your expression is undefined (or too large) for most "
                        "values of the variables, unlike the right answer.",
                    )
                ]
            return []
        if any(e != 0 for e in c.expected) and all(
            agree(g, -e) for g, e in zip(c.given, c.expected, strict=True)
        ):
            return [
                Feedback(
                    "sign", "Your expression is the negative of the right one: check the signs."
                )
            ]
        offset = _constant([g - e for g, e in zip(c.given, c.expected, strict=True)])
        if offset is not None and not agree(offset, 0.0):
            return [
                Feedback(
                    "constant-offset",
                    "Your expression differs from the right one by "
                    f"a constant (${_nice_latex(offset)}$).",
                )
            ]
        if all(e != 0 for e in c.expected):
            ratio = _constant([g / e for g, e in zip(c.given, c.expected, strict=True)])
            if ratio is not None and not agree(ratio, 1.0) and ratio != 0:
                return [
                    Feedback(
                        "scaled",
                        f"Your expression is ${_nice_latex(ratio)}$ times the "
                        "right one: check for a missing or extra factor.",
                    )
                ]
        return []

    # -- writing --------------------------------------------------------------------
    def text(self, value: Any) -> str:
        return to_text(value)

    def latex(self, value: Any) -> str:
        return to_latex(value)

    def help(self) -> str:
        names = ", ".join(self.variables) or "no variables"
        wanted = f" Give it in {self.form} form." if self.form else ""
        return (
            f"Type an expression in {names} as on paper: 3x^2 - 2x, (x+1)(x-1), sqrt(x)/2, "
            f"e^(2x), ln(x), sin(x)^2. Functions need parentheses unless their argument is a "
            f"simple product (ln x, sin 2x).{wanted}"
        )

    def invalid_example(self) -> str:
        return "(x +"
