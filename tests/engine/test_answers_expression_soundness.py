"""The expression check is sound: a wrong answer is never accepted, whatever its
size, and every equivalent form of a right one is (properties with hypothesis)."""

from __future__ import annotations

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathforml.engine.answers import Expression
from mathforml.engine.answers._polynomial import (
    MAX_DEGREE,
    NotPolynomial,
    TooLarge,
    rational_function,
)
from mathforml.engine.parse import Deadline

LAMBDA = sympy.Symbol("lambda")
X, Y = sympy.symbols("x y")
KIND = Expression(("lambda",))
KIND_XY = Expression(("x", "y"))
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

coefficients = st.integers(min_value=-9, max_value=9)
polynomials = st.lists(coefficients, min_size=1, max_size=5).map(
    lambda cs: sum(c * LAMBDA**k for k, c in enumerate(cs)))
nonzero_polynomials = polynomials.filter(lambda p: sympy.expand(p) != 0)


def _text(expr: sympy.Expr) -> str:
    return str(expr).replace("**", "^")


def _equal(kind: Expression, answer: str, key: sympy.Expr) -> bool:
    return kind.equal(kind.parse(answer), kind.normalize(key))


@SETTINGS
@given(polynomials, nonzero_polynomials)
def test_a_polynomial_plus_anything_nonzero_is_never_the_polynomial(key, error):
    assert not _equal(KIND, _text(sympy.expand(key + error)), key)
    assert _equal(KIND, _text(sympy.expand(key)), key)


@SETTINGS
@given(st.lists(st.integers(min_value=-6, max_value=6), min_size=1, max_size=4),
       st.integers(min_value=-5, max_value=5).filter(bool))
def test_factored_expanded_and_negated_forms_are_one_polynomial(roots, lead):
    key = sympy.expand(lead * sympy.prod([LAMBDA - r for r in roots]))
    factored = f"{lead}*" + "*".join(f"(lambda - ({r}))" for r in roots)
    flipped = f"{lead * (-1) ** len(roots)}*" + "*".join(f"(({r}) - lambda)" for r in roots)
    for form in (factored, flipped, _text(key), _text(sympy.factor(key))):
        assert _equal(KIND, form, key), form


@SETTINGS
@given(polynomials, st.integers(min_value=MAX_DEGREE + 1, max_value=5000),
       st.integers(min_value=-3, max_value=3), st.integers(min_value=1, max_value=5))
def test_huge_powers_never_match_a_small_polynomial(key, n, shift, scale):
    answer = f"{scale}*(lambda - ({shift}))^{n}"
    assert not _equal(KIND, answer, key)


@SETTINGS
@given(polynomials, st.integers(min_value=1, max_value=MAX_DEGREE // 2))
def test_moderate_powers_are_judged_exactly(key, n):
    # (λ−1)^n − (λ−1)^n + key is the key; (λ−1)^n + key is not
    assert _equal(KIND, f"(lambda-1)^{n} - (lambda-1)^{n} + ({_text(key)})", key)
    assert not _equal(KIND, f"(lambda-1)^{n} + ({_text(key)})", key)


@SETTINGS
@given(st.lists(coefficients, min_size=1, max_size=4), st.integers(min_value=1, max_value=9),
       st.sampled_from(["sin(x)", "exp(x)", "sqrt(x^2+1)", "ln(x^2+1)", "cos(x*y)"]))
def test_a_nonzero_multiple_of_a_function_is_always_noticed(cs, k, function):
    key = sum(c * X**i for i, c in enumerate(cs)) + sympy.sin(X) * Y
    answer = f"{_text(key)} + {k}/1000000*{function}"
    assert not _equal(KIND_XY, answer, key)
    assert _equal(KIND_XY, f"{_text(key)} + 0*{function}", key)


@SETTINGS
@given(st.integers(min_value=2, max_value=12), st.integers(min_value=-9, max_value=9))
def test_rational_functions_are_compared_exactly(n, c):
    key = (X**n - 1) / (X - 1)
    expanded = " + ".join(f"x^{k}" for k in range(n))
    assert _equal(KIND_XY, expanded, key)
    assert not _equal(KIND_XY, f"{expanded} + {c}/(x^2+1)", key) or c == 0


def test_the_reader_refuses_what_is_not_a_rational_function_or_too_large():
    deadline = Deadline()
    for text in ("sin(lambda)", "lambda^(1/2)", "2^lambda", "pi*lambda"):
        try:
            rational_function(KIND.parse(text), ("lambda",), deadline)
        except NotPolynomial:
            continue
        raise AssertionError(text)
    for text in ("(lambda-1)^65", "lambda^40*lambda^40", "(lambda+1)^999/(lambda+1)^998"):
        try:
            rational_function(KIND.parse(text), ("lambda",), deadline)
        except TooLarge:
            continue
        raise AssertionError(text)
