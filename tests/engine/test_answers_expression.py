"""Expression: equivalence by evaluation, domains, named mistakes, requested forms."""

import pytest
import sympy

from mathforml.engine.answers import Expression
from mathforml.engine.answers._expression import SAMPLE_POINTS, sample_points
from mathforml.engine.parse import parse
from mathforml.errors import InputError

x, y, lam = sympy.symbols("x y lambda")


def codes(judgement):
    return [f.code for f in judgement.feedback]


def judge(typed, key, variables=("x",), form=None):
    kind = Expression(variables, form=form)
    return kind.judge(kind.parse(typed), kind.normalize(key))


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("2x+2", 2 * (x + 1)),
        ("x^2 - 1", (x - 1) * (x + 1)),
        ("3x(x-1)", 3 * x**2 - 3 * x),
        ("sqrt(x)/2", sympy.sqrt(x) / 2),
        ("e^(2x)", sympy.exp(2 * x)),
        ("exp(x)^2", sympy.exp(2 * x)),
        ("sin(x)^2", 1 - sympy.cos(x) ** 2),
        ("ln x", sympy.log(x)),
        ("2 ln x", sympy.log(x**2)),
        ("|x|", sympy.sqrt(x**2)),
        ("1/(x+1)", 1 / (x + 1)),
        ("x^(1/3)", sympy.cbrt(x)),
        ("sigmoid(x)", 1 / (1 + sympy.exp(-x))),
        ("2*x + 0.5", 2 * x + sympy.Rational(1, 2)),
        ("x^2/2", 0.5 * x**2),
    ],
)
def test_equivalent_expressions_are_right(typed, key):
    assert judge(typed, key).correct


def test_several_variables_and_greek_names():
    assert judge("λ^2 - 5λ + 6", (lam - 2) * (lam - 3), ("lambda",)).correct
    assert judge("x y + y x", 2 * x * y, ("x", "y")).correct
    assert not judge("x y", x + y, ("x", "y")).correct


def test_points_where_one_side_is_undefined_are_skipped():
    # sqrt(x)^2 is x where it is defined (x >= 0): they agree at every common point.
    assert judge("sqrt(x)^2", x).correct
    # ... but an expression defined almost nowhere (here only for x < -3) is not the answer.
    judgement = judge("ln(-x - 3) - ln(-x - 3) + x", x)
    assert not judgement.correct
    assert codes(judgement) == ["domain"]


def test_an_expression_defined_nowhere_is_refused_with_the_reason():
    with pytest.raises(InputError, match="cannot be evaluated for any value"):
        Expression(("x",)).parse("x/0")


@pytest.mark.parametrize(
    ("typed", "key", "code", "fragment"),
    [
        ("x^2 + 3", x**2 - 1, "constant-offset", "by a constant ($4$)"),
        ("-x^2 + 1", x**2 - 1, "sign", "negative"),
        ("3x^2", x**2, "scaled", "$3$ times"),
        ("x^2 + 1/2", x**2, "constant-offset", r"$\frac{1}{2}$"),
        ("x^3", x**2, None, None),
    ],
)
def test_wrong_expressions_name_the_mistake(typed, key, code, fragment):
    judgement = judge(typed, key)
    assert not judgement.correct
    assert codes(judgement) == ([code] if code else [])
    if fragment:
        assert fragment in judgement.feedback[0].message


@pytest.mark.parametrize(
    ("form", "typed", "right"),
    [
        ("expanded", "x^2 + 2x + 1", True),
        ("expanded", "(x+1)^2", False),
        ("expanded", "x(x + 2) + 1", False),
        ("expanded", "x^2 + x + x + 1", False),
        ("expanded", "-(-x^2 - 2x - 1)", False),
        ("factored", "(x+1)^2", True),
        ("factored", "(x+1)(x+1)", True),
        ("factored", "x^2 + 2x + 1", False),
        ("simplified", "(x+1)^2", True),
        ("simplified", "x^2 + 2x + 1", True),
        ("simplified", "x^2 + x + x + 1", False),
        ("simplified", "(x^3 + 3x^2 + 3x + 1)/(x + 1)", False),
        ("simplified", "x^2 + 2x + 1 + 0", False),
    ],
)
def test_requested_forms(form, typed, right):
    judgement = judge(typed, (x + 1) ** 2, form=form)
    assert judgement.correct is right
    if not right:
        assert codes(judgement) == [f"not-{form}"]


def test_not_fully_factored_names_the_factor():
    judgement = judge("(x - 1)(x^2 + 4x + 4)", (x - 1) * (x + 2) ** 2, form="factored")
    assert codes(judgement) == ["not-factored"]
    assert "$x^{2} + 4 x + 4$ can be factored further" in judgement.feedback[0].message


def test_a_common_factor_left_inside_is_not_fully_factored():
    judgement = judge("(2x + 2)(x - 1)", 2 * (x + 1) * (x - 1), form="factored")
    assert codes(judgement) == ["not-factored"]


@pytest.mark.parametrize(
    ("typed", "key", "fragment"),
    [
        ("x + x", 2 * x, "like terms"),
        ("2*3x", 6 * x, "multiply out the numbers"),
        ("2x/4", x / 2, "reduce the fraction"),
        ("x^1", x, "is $x$"),
        ("1*x", x, "multiplying by $1$"),
        ("--x", x, "two minus signs"),
        ("x x", x**2, "combine the powers"),
        ("x/x^2", 1 / x, "cancel"),
        ("sqrt(4) x", 2 * x, "work out"),
        ("2^3 x", 8 * x, "work out"),
        ("(x^2)^3", x**6, "combine the exponents"),
        ("x + 1 + 2", x + 3, "add up the numbers"),
    ],
)
def test_not_simplified_says_what_to_simplify(typed, key, fragment):
    judgement = judge(typed, key, form="simplified")
    assert codes(judgement) == ["not-simplified"]
    assert fragment in judgement.feedback[0].message


def test_simplified_answers_are_not_flagged():
    for typed, key in (
        ("1/x", 1 / x),
        ("3x/4", 3 * x / 4),
        ("sqrt(2)/2 x", sympy.sqrt(2) * x / 2),
        ("2^x", 2**x),
        ("x/2 + 1/2", x / 2 + sympy.Rational(1, 2)),
    ):
        assert judge(typed, key, form="simplified").correct, typed


def test_normalize_accepts_sympy_text_trees_and_numbers():
    kind = Expression(("x",))
    assert kind.text(kind.normalize(x**2 / 2 - 3 * x + 1)) == "x^2/2 - 3*x + 1"
    assert kind.normalize("2x") == parse("2x", ("x",))
    assert kind.text(kind.normalize(3)) == "3"
    assert kind.text(kind.normalize(-0.5)) == "-0.5"
    with pytest.raises(ValueError, match="not a declared variable"):
        kind.normalize(y)


def test_preview_and_text_round_trip():
    kind = Expression(("x",))
    value = kind.parse("3x(x-1) + e^(2x)/2")
    assert kind.latex(value) == r"3 x \left(x - 1\right) + \frac{e^{2 x}}{2}"
    assert kind.parse(kind.text(value)) == value


def test_unknown_names_are_refused_with_the_declared_ones():
    with pytest.raises(InputError, match="unknown name 'y': this answer uses only x"):
        Expression(("x",)).parse("x + y")


def test_sample_points_are_fixed_and_mostly_positive():
    points = sample_points(("x",))
    assert len(points) == SAMPLE_POINTS
    assert points == sample_points(("x",))
    assert sum(p["x"] > 0 for p in points) > SAMPLE_POINTS / 2


def test_form_must_be_known():
    with pytest.raises(ValueError, match="form must be one of"):
        Expression(("x",), form="tidy")  # type: ignore[arg-type]


def test_big_powers_in_forms_stay_cheap():
    judgement = judge("(x+1)^1000 - (x+1)^1000 + x", x, form="expanded")
    assert not judgement.correct  # not expanded, and not handed to SymPy


def test_cancelling_sums_are_settled_exactly_not_by_rounding():
    kind = Expression(("x",))
    key = kind.normalize((x - 9) ** 21)
    expanded = sympy.expand((x - 9) ** 21)
    assert kind.equal(kind.normalize(expanded), key)
    assert not kind.equal(kind.normalize(expanded + 1), key)
