"""Number, Rational and Integer: reading constant expressions and naming the mistake."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from mathforml.engine.answers import Integer, Number, Rational
from mathforml.errors import InputError


def codes(judgement):
    return [f.code for f in judgement.feedback]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-3/4", -0.75),
        ("sqrt(3)/2", 3**0.5 / 2),
        ("2^-3", 0.125),
        ("pi/4", np.pi / 4),
        ("1.5e-3", 0.0015),
        ("e^2", np.e**2),
        ("|-3|", 3.0),
        ("−0.5", -0.5),
        ("√2/2", 2**0.5 / 2),
    ],
)
def test_number_reads_constant_expressions(typed, value):
    assert Number().parse(typed) == pytest.approx(value, rel=1e-15)


def test_number_accepts_values_within_tolerance_only():
    kind = Number(rtol=1e-3)
    assert kind.equal(kind.parse("0.3334"), 1 / 3)
    assert not kind.equal(kind.parse("0.334"), 1 / 3)


@pytest.mark.parametrize(
    ("typed", "expected", "code"),
    [
        ("-0.75", 0.75, "sign"),
        ("7.5", 0.75, "power-of-ten"),
        ("0.0075", 0.75, "power-of-ten"),
        ("4/3", 0.75, "reciprocal"),
        ("0.33", 1 / 3, "rounding"),
        ("0.67", 2 / 3, "rounding"),
        ("0.66", 2 / 3, "rounding"),
        ("0.5", 1 / 3, None),
    ],
)
def test_number_names_the_mistake(typed, expected, code):
    kind = Number()
    judgement = kind.judge(kind.parse(typed), kind.normalize(expected))
    assert not judgement.correct
    assert codes(judgement) == ([code] if code else [])


def test_rounding_message_says_how_many_figures_are_needed():
    kind = Number(rtol=5e-4)  # 0.333 is 1e-3 off, 0.3333 is 1e-4 off
    judgement = kind.judge(kind.parse("0.33"), 1 / 3)
    assert judgement.feedback[0].message == (
        "Your answer 0.33 is close: give at least 4 significant figures or the exact value."
    )


def test_number_preview_shows_the_typed_expression_and_its_value():
    kind = Number()
    assert kind.latex(kind.parse("sqrt(3)/2")) == r"\frac{\sqrt{3}}{2} \approx 0.866025"
    assert kind.latex(kind.parse("-0.25")) == "-0.25"
    assert kind.latex(0.5) == "0.5"


@pytest.mark.parametrize(
    "value",
    [3, 2.5, Fraction(3, 4), np.float64(0.1), np.int64(7), sympy.Rational(1, 3), sympy.sqrt(2)],
)
def test_number_normalizes_exercise_values(value):
    assert Number().normalize(value) == pytest.approx(float(value))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "abc", True, None])
def test_number_refuses_non_numbers_from_exercises(value):
    with pytest.raises((TypeError, ValueError)):
        Number().normalize(value)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("2x", "uses no variables"),
        ("1, 2", "not a list"),
        ("2,5", "use a point"),
        ("sqrt(-1)", "negative"),
        ("1/0", "division by zero"),
    ],
)
def test_number_refuses_what_is_not_one_number(typed, fragment):
    with pytest.raises(InputError) as caught:
        Number().parse(typed)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-3/4", Fraction(-3, 4)),
        ("7", Fraction(7)),
        ("0.75", Fraction(3, 4)),
        ("1/2 + 1/3", Fraction(5, 6)),
        ("cos(pi/3)", Fraction(1, 2)),
        ("(2/3)^-2", Fraction(9, 4)),
    ],
)
def test_rational_is_exact(typed, value):
    parsed = Rational().parse(typed)
    assert parsed == value
    assert isinstance(parsed, Fraction)


def test_rational_refuses_irrationals_with_a_message():
    with pytest.raises(InputError, match=r"\$\\sqrt\{2\}\$ is not a rational number"):
        Rational().parse("sqrt(2)")


@pytest.mark.parametrize(
    ("typed", "expected", "code"),
    [
        ("0.333", Fraction(1, 3), "not-exact"),
        ("0.33", Fraction(1, 3), "not-exact"),
        ("3/4", Fraction(-3, 4), "sign"),
        ("4/3", Fraction(3, 4), "reciprocal"),
        ("0.7", Fraction(3, 4), None),
    ],
)
def test_rational_names_the_mistake(typed, expected, code):
    kind = Rational()
    judgement = kind.judge(kind.parse(typed), expected)
    assert not judgement.correct
    assert codes(judgement) == ([code] if code else [])


def test_a_decimal_equal_to_the_fraction_is_right():
    kind = Rational()
    assert kind.judge(kind.parse("0.75"), Fraction(3, 4)).correct


def test_rational_normalizes_floats_to_their_simplest_fraction():
    assert Rational().normalize(1 / 3) == Fraction(1, 3)
    assert Rational().normalize(0.1) == Fraction(1, 10)
    assert Rational().normalize(sympy.Rational(-2, 6)) == Fraction(-1, 3)


def test_rational_preview_shows_the_work_and_the_value():
    kind = Rational()
    assert kind.latex(kind.parse("1/2 + 1/3")) == r"\frac{1}{2} + \frac{1}{3} = \frac{5}{6}"
    assert kind.text(Fraction(-3, 4)) == "-3/4"


def test_integer_wants_a_whole_number():
    kind = Integer()
    assert kind.parse("2^5") == 32
    assert isinstance(kind.parse("12"), int)
    with pytest.raises(InputError, match="a whole number is expected"):
        kind.parse("2.5")
    with pytest.raises(ValueError, match="whole number"):
        kind.normalize(2.5)


def test_integer_names_a_sign_error():
    kind = Integer()
    assert codes(kind.judge(kind.parse("-3"), 3)) == ["sign"]
    assert kind.judge(kind.parse("6/2"), 3).correct


@pytest.mark.parametrize(
    ("given", "expected"), [(1e308, 1e-308), (1e-308, 1e308), (5e-324, 1.0), (-1e308, 1e308)]
)
def test_feedback_never_crashes_on_extreme_values(given, expected):
    judgement = Number().judge(given, expected)
    assert not judgement.correct
