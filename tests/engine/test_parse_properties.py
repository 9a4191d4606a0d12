"""Properties of the parser: it inverts the printer, it never fails except with an
InputError, and its evaluation agrees with SymPy's."""

import math
import string

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mathforml.engine.parse import (
    Call,
    EvaluationError,
    Factorial,
    Num,
    Pow,
    from_sympy,
    parse,
    real_value,
    to_latex,
    to_sympy,
    to_text,
)
from mathforml.engine.parse._nodes import children
from mathforml.errors import InputError
from tests.engine._parse_strategies import VARIABLES, answers, polynomials, trees

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Characters a learner (or an attacker) might type, weighted towards the grammar's own.
MATHY = string.digits + string.ascii_letters + "+-*/^()[]{},;|!. =_'\"\\√²⁻−·×πλ∅\t\n\0"


@SETTINGS
@given(answers)
def test_parsing_the_printed_tree_gives_the_tree_back(tree):
    assert parse(to_text(tree), VARIABLES) == tree


@SETTINGS
@given(trees)
def test_latex_of_any_tree_is_balanced(tree):
    latex = to_latex(tree)
    assert latex.count("{") == latex.count("}")
    assert latex.count(r"\left") == latex.count(r"\right")


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_is_parsed_or_refused_with_an_input_error(text):
    refusal = None
    try:
        parse(text, ("x",))
    except InputError as error:
        refusal = error
    if refusal is not None:
        assert refusal.message
        assert refusal.position is None or 0 <= refusal.position <= len(text)


@SETTINGS
@given(st.text(alphabet=MATHY, max_size=120))
def test_math_like_text_is_parsed_or_refused_with_an_input_error(text):
    try:
        tree = parse(text, ("x", "lambda"))
    except InputError:
        return
    assert parse(to_text(tree), ("x", "lambda")) == tree


@SETTINGS
@given(polynomials, st.floats(-3, 3), st.floats(-3, 3))
def test_our_evaluation_agrees_with_sympy(tree, x, y):
    ours = real_value(tree, {"x": x, "y": y})
    theirs = float(to_sympy(tree, evaluate=True).subs({sympy.Symbol("x"): x, sympy.Symbol("y"): y}))
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9)


@SETTINGS
@given(trees, st.floats(0.1, 3))
def test_unevaluated_sympy_form_has_the_same_value(tree, x):
    # cos(1e23) depends on the float nearest 1e23; SymPy uses the exact integer.
    assume(all(abs(n.value) < 10**6 for n in _nodes(tree) if isinstance(n, Num)))
    point = {"x": x, "y": 0.7, "lambda": 1.3, "x1": 0.4}
    try:
        ours = real_value(tree, point)
    except InputError:
        return
    assume(abs(ours) < 1e6)
    assume(_well_conditioned(tree, point))
    symbols = {sympy.Symbol(k): v for k, v in point.items()}
    theirs = complex(to_sympy(tree).subs(symbols).evalf())
    assume(math.isfinite(theirs.real))
    assert theirs.imag == pytest.approx(0, abs=1e-6 * max(1, abs(ours)))
    assert theirs.real == pytest.approx(ours, rel=1e-6, abs=1e-9)


def _well_conditioned(tree, point) -> bool:
    """Float and exact evaluation agree only on well-conditioned trees: tan(cosh(22))
    amplifies the last bit of cosh(22)."""
    for node in _nodes(tree):
        if isinstance(node, Call) and node.func != "binom":
            arg = real_value(node.args[0], point)
            if abs(arg) > 50 or (node.func == "tan" and abs(math.cos(arg)) < 1e-3):
                return False
        if isinstance(node, Pow):
            # Underflow ((1e-4)^81 is 0 in floats) and our real odd roots ((-1)^0.2 is
            # -1, where SymPy takes the principal complex root) differ on purpose.
            base, exp = real_value(node.base, point), real_value(node.exp, point)
            if abs(exp) > 20 or 0 < abs(base) < 1e-3 or (base < 0 and exp != int(exp)):
                return False
        if isinstance(node, Factorial):  # n! of a non-integer is Gamma(n+1) in SymPy
            return False
    return True


def _nodes(tree):
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(children(node))


@SETTINGS
@given(polynomials)
def test_from_sympy_reads_back_an_equivalent_tree(tree):
    expr = sympy.expand(to_sympy(tree, evaluate=True))
    back = from_sympy(expr, ("x", "y"))
    for x, y in ((0.3, 1.7), (-1.2, 0.4)):
        try:
            a = real_value(tree, {"x": x, "y": y})
            b = real_value(back, {"x": x, "y": y})
        except EvaluationError:
            continue
        assert a == pytest.approx(b, rel=1e-9, abs=1e-9)
