"""Expression equivalence by sampling agrees with SymPy's algebra on random polynomials."""

from fractions import Fraction

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathforml.engine.answers import Expression
from mathforml.engine.parse import Add, Neg, Num, from_sympy, to_sympy
from tests.engine._parse_strategies import polynomials

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KIND = Expression(("x", "y"))


def sympy_says_equal(a, b) -> bool:
    return sympy.expand(to_sympy(a, evaluate=True) - to_sympy(b, evaluate=True)) == 0


@SETTINGS
@given(polynomials)
def test_a_polynomial_equals_its_expansion(tree):
    expanded = from_sympy(sympy.expand(to_sympy(tree, evaluate=True)), ("x", "y"))
    assert KIND.equal(tree, expanded)
    assert KIND.judge(tree, expanded).correct


@SETTINGS
@given(polynomials, st.integers(1, 5))
def test_adding_a_constant_is_caught_and_named(tree, c):
    shifted = Add((tree, Num(Fraction(c))))
    assert not KIND.equal(shifted, tree)
    codes = [f.code for f in KIND.judge(shifted, tree).feedback]
    if codes == ["sign"]:  # a constant tree: c - t may also be -t (-1 + 2 = 1)
        assert KIND.equal(shifted, Neg(tree))
    else:
        assert codes == ["constant-offset"]


@SETTINGS
@given(polynomials, polynomials)
def test_verdicts_match_sympy(a, b):
    assert KIND.equal(a, b) == sympy_says_equal(a, b)
