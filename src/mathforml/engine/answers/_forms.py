"""Is an equivalent expression also in the requested form: expanded, factored, simplified?

Most of the checks are structural, on our own tree: a product or power of a
sum is not expanded, a sum is not a product, ``x + x`` and ``2·3`` are not
simplified. SymPy is consulted only where structure cannot decide (are like
terms collected? can this factor be factored further?) and only on polynomials
whose size and degree are bounded, so no check can take long.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction

from mathforml.engine.answers._base import Feedback
from mathforml.engine.parse import (
    Add,
    Call,
    Const,
    Factorial,
    Mul,
    Neg,
    Node,
    NotRational,
    Num,
    Pow,
    Var,
    exact_value,
    size,
    to_latex,
    to_sympy,
    to_text,
    variables_in,
)
from mathforml.engine.parse._nodes import children
from mathforml.errors import InputError

#: Trees larger than this are not handed to SymPy (the structural checks still run).
MAX_SYMPY_NODES = 300
#: Polynomials of higher total degree are not expanded or factored by SymPy.
MAX_POLY_DEGREE = 12
#: How many more operations than the answer key a simplified answer may use.
SIMPLIFY_SLACK = 2


def form_problem(
    given: Node, expected: Node, form: str, variables: tuple[str, ...]
) -> Feedback | None:
    """Why ``given`` (equivalent to ``expected``) is not in ``form``, or None."""
    if form == "expanded":
        return _expanded_problem(given)
    if form == "factored":
        return _factored_problem(given, expected)
    return _simplified_problem(given, expected)


# -- shared helpers -----------------------------------------------------------
def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(children(n))


def strip_neg(node: Node) -> Node:
    while isinstance(node, Neg):
        node = node.arg
    return node


def _snippet(node: Node) -> str:
    text = to_latex(node)
    return f"${text}$" if len(text) <= 60 else "part of it"


def polynomial_degree(node: Node) -> int | None:
    """The total degree when ``node`` is a polynomial with rational coefficients, else None."""
    if isinstance(node, Num):
        return 0
    if isinstance(node, Var):
        return 1
    if isinstance(node, Neg):
        return polynomial_degree(node.arg)
    if isinstance(node, Add):
        degrees = [polynomial_degree(t) for t in node.terms]
        return None if None in degrees else max(d for d in degrees if d is not None)
    if isinstance(node, Mul):
        total = 0
        for factor, divide in zip(node.factors, node.divide, strict=True):
            d = polynomial_degree(factor)
            if d is None or (divide and (d != 0 or not is_rational_literal(factor))):
                return None
            total += d
        return total
    if isinstance(node, Pow):
        base = polynomial_degree(node.base)
        exp = node.exp
        if base is None or not isinstance(exp, Num) or exp.value.denominator != 1:
            return None
        if exp.value > MAX_POLY_DEGREE:
            return None
        return base * int(exp.value)
    return None


def is_rational_literal(node: Node) -> bool:
    """A number built only from literals with + − · / (``3/4``, ``-2``, ``1+1``)."""
    return all(isinstance(n, Num | Neg | Add | Mul) for n in walk(node))


def _rational(node: Node) -> Fraction | None:
    """The exact value of a constant tree, or None when it is not rational."""
    try:
        return exact_value(node)
    except (NotRational, InputError):
        return None


def _sympy_ready(node: Node) -> bool:
    if size(node) > MAX_SYMPY_NODES:
        return False
    degree = polynomial_degree(node)
    return degree is not None and degree <= MAX_POLY_DEGREE


# -- expanded -----------------------------------------------------------------------
def _expanded_problem(node: Node) -> Feedback | None:
    for n in walk(node):
        if isinstance(n, Mul) and len(n.factors) > 1:
            for factor, divide in zip(n.factors, n.divide, strict=True):
                inner = strip_neg(factor)
                if not divide and isinstance(inner, Add) and variables_in(inner):
                    return _not_expanded(f"multiply out {_snippet(n)}")
        if (
            isinstance(n, Pow)
            and isinstance(strip_neg(n.base), Add)
            and variables_in(n.base)
            and isinstance(n.exp, Num)
            and n.exp.value.denominator == 1
            and n.exp.value >= 2
        ):
            return _not_expanded(f"multiply out {_snippet(n)}")
        if isinstance(n, Neg) and isinstance(n.arg, Add):
            return _not_expanded(f"remove the brackets in {_snippet(n)}")
    if _sympy_ready(node):
        import sympy

        terms = len(_terms(node))
        collected = len(sympy.Add.make_args(sympy.expand(to_sympy(node, evaluate=True))))
        if terms > collected:
            return _not_expanded("collect the like terms")
    return None


def _terms(node: Node) -> list[Node]:
    """The terms of a sum, with nested sums flattened."""
    out: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        inner = strip_neg(n)
        if isinstance(inner, Add):
            stack.extend(inner.terms)
        else:
            out.append(inner)
    return out


def _not_expanded(hint: str) -> Feedback:
    return Feedback("not-expanded", f"Your answer is equivalent, but not expanded: {hint}.")


# -- factored ------------------------------------------------------------------------
def _factored_problem(given: Node, expected: Node) -> Feedback | None:
    core = strip_neg(given)
    if isinstance(core, Add):
        if not isinstance(strip_neg(expected), Add) or (_sympy_ready(core) and _can_factor(core)):
            return Feedback(
                "not-factored",
                "Your answer is equivalent, but it is a sum: write it as a product of factors.",
            )
        return None
    for factor in _factors(core):
        if isinstance(factor, Add) and _sympy_ready(factor) and _can_factor(factor):
            return Feedback(
                "not-factored",
                "Your answer is equivalent, but not fully "
                f"factored: {_snippet(factor)} can be factored further.",
            )
    return None


def _factors(node: Node) -> list[Node]:
    out: list[Node] = []
    stack = [node]
    while stack:
        n = strip_neg(stack.pop())
        if isinstance(n, Mul):
            stack.extend(n.factors)
        elif isinstance(n, Pow):
            stack.append(n.base)
        else:
            out.append(n)
    return out


def _can_factor(node: Node) -> bool:
    import sympy

    expr = sympy.expand(to_sympy(node, evaluate=True))
    if expr.is_number:
        return False
    content, factors = sympy.factor_list(expr)
    nonconstant = [(f, m) for f, m in factors if not f.is_number]
    if len(nonconstant) > 1 or any(m > 1 for _, m in nonconstant):
        return True
    return bool(content.is_Integer and abs(content) > 1)


# -- simplified ----------------------------------------------------------------------
def operations(node: Node) -> int:
    """A size measure of an expression: how many operations writing it takes."""
    count = 0
    for n in walk(node):
        if isinstance(n, Add | Mul):
            count += len(children(n)) - 1
        elif isinstance(n, Neg | Pow | Call | Factorial):
            count += 1
    return count


def _simplified_problem(given: Node, expected: Node) -> Feedback | None:
    reason = _smell(given)
    if reason is None:
        extra = operations(given) - operations(expected)
        if extra > max(SIMPLIFY_SLACK, operations(expected) // 3):
            reason = "it can be written more simply"
    if reason is None:
        return None
    return Feedback("not-simplified", f"Your answer is equivalent, but not simplified: {reason}.")


def _smell(node: Node) -> str | None:
    """The first thing a teacher would circle as 'simplify this', or None."""
    for n in walk(node):
        if isinstance(n, Neg) and isinstance(n.arg, Neg):
            return f"the two minus signs in {_snippet(n)} cancel"
        if isinstance(n, Add):
            reason = _add_smell(n)
        elif isinstance(n, Mul):
            reason = _mul_smell(n)
        elif isinstance(n, Pow):
            reason = _pow_smell(n)
        elif isinstance(n, Call) and not variables_in(n) and _rational(n) is not None:
            reason = f"work out {_snippet(n)}"
        else:
            reason = None
        if reason:
            return reason
    return None


def _term_key(term: Node) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """What a term is a multiple of: its non-numeric factors (None for a pure number)."""
    core = strip_neg(term)
    if is_rational_literal(core):
        return None
    if isinstance(core, Mul):
        top = sorted(
            to_text(f)
            for f, d in zip(core.factors, core.divide, strict=True)
            if not d and not is_rational_literal(f)
        )
        bottom = sorted(
            to_text(f)
            for f, d in zip(core.factors, core.divide, strict=True)
            if d and not is_rational_literal(f)
        )
        return tuple(top), tuple(bottom)
    return (to_text(core),), ()


def _add_smell(node: Add) -> str | None:
    numbers = 0
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], Node] = {}
    for term in node.terms:
        core = strip_neg(term)
        if isinstance(core, Num) and core.value == 0:
            return "adding $0$ changes nothing"
        key = _term_key(term)
        if key is None:
            numbers += 1
            if numbers > 1:
                return f"add up the numbers in {_snippet(node)}"
            continue
        if key in seen:
            return f"collect the like terms {_snippet(seen[key])} and {_snippet(term)}"
        seen[key] = term
    return None


def _mul_smell(node: Mul) -> str | None:
    top_numbers: list[Fraction] = []
    bottom_numbers: list[Fraction] = []
    bases: dict[str, int] = {}
    top_others = 0
    for factor, divide in zip(node.factors, node.divide, strict=True):
        if is_rational_literal(factor):
            value = _rational(factor)
            if value == 0 and not divide:
                return f"{_snippet(node)} is $0$"
            if value is not None:
                (bottom_numbers if divide else top_numbers).append(value)
            continue
        top_others += not divide
        base = factor.base if isinstance(factor, Pow) else factor
        key = to_text(base)
        if key in bases:
            verb = "cancel" if bases[key] != divide else "combine the powers of"
            return f"{verb} {_snippet(base)} in {_snippet(node)}"
        bases[key] = divide
    if len(top_numbers) > 1 or len(bottom_numbers) > 1:
        return f"multiply out the numbers in {_snippet(node)}"
    if top_numbers and bottom_numbers:
        a, b = top_numbers[0], bottom_numbers[0]
        if a.denominator == b.denominator == 1 and (
            math.gcd(a.numerator, b.numerator) > 1 or b == 1
        ):
            return f"reduce the fraction in {_snippet(node)}"
    elif bottom_numbers and bottom_numbers[0] == 1:
        return "dividing by $1$ changes nothing"
    if top_numbers == [Fraction(1)] and not bottom_numbers and top_others:
        return "multiplying by $1$ changes nothing"
    return None


def _pow_smell(node: Pow) -> str | None:
    exp = node.exp
    if isinstance(exp, Num) and exp.value in (0, 1):
        return f"{_snippet(node)} is {'$1$' if exp.value == 0 else _snippet(node.base)}"
    if (
        isinstance(node.base, Pow)
        and is_rational_literal(exp)
        and is_rational_literal(node.base.exp)
    ):
        return f"combine the exponents in {_snippet(node)}"
    if (
        not variables_in(node)
        and not any(isinstance(n, Const) for n in walk(node))
        and _rational(node) is not None
    ):
        return f"work out {_snippet(node)}"
    return None
