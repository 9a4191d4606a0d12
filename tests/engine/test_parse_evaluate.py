"""Evaluation is exact where it can be, bounded everywhere, and explains failures."""

import math
import time
from fractions import Fraction

import pytest

from mathforml.engine.parse import (
    Deadline,
    DivisionByZero,
    DomainError,
    EvaluationTimeout,
    ExactTooLarge,
    NotRational,
    exact_value,
    number_value,
    parse,
    real_value,
)
from mathforml.errors import InputError, InputTooLarge


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-3/4", Fraction(-3, 4)),
        ("0.75", Fraction(3, 4)),
        ("1/2 + 1/3", Fraction(5, 6)),
        ("2^-3", Fraction(1, 8)),
        ("(2/3)^2", Fraction(4, 9)),
        ("sqrt(9/4)", Fraction(3, 2)),
        ("8^(1/3)", Fraction(2)),
        ("(-8)^(1/3)", Fraction(-2)),
        ("|-3|", Fraction(3)),
        ("5!", Fraction(120)),
        ("binom(5, 2)", Fraction(10)),
        ("3.5e-2", Fraction(7, 200)),
        ("(-1)^1001", Fraction(-1)),
    ],
)
def test_rational_arithmetic_is_exact(typed, value):
    assert exact_value(parse(typed)) == value


@pytest.mark.parametrize("typed", ["pi", "sqrt(2)", "e^2", "2^(1/2)", "ln(2)", "(-4)^(1/2)"])
def test_irrational_values_are_not_rational(typed):
    with pytest.raises((NotRational, DomainError)):
        exact_value(parse(typed))


def test_not_rational_names_the_culprit():
    with pytest.raises(NotRational) as caught:
        exact_value(parse("1 + sqrt(2)/2"))
    assert caught.value.node == parse("sqrt(2)")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("sqrt(3)/2", math.sqrt(3) / 2),
        ("pi/4", math.pi / 4),
        ("e^2", math.e**2),
        ("ln(e)", 1.0),
        ("sin(pi/2)", 1.0),
        ("10^20 + 1 - 10^20", 1.0),
        ("1.0001^100000", 1.0001**100000),
        ("2^-100000", 0.0),
        ("sigmoid(0)", 0.5),
        ("(-8)^(1/3)", -2.0),
        ("(-8)^(2/3)", 4.0),
    ],
)
def test_number_values(typed, value):
    assert number_value(parse(typed)) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    "typed",
    [
        "9**9**9**9",
        "10^10^10",
        "2^100000",
        "e^1000",
        "1e308 * 10",
        "171!",
        "binom(2000, 3)",
        "exp(exp(exp(10)))",
        "cosh(1000)",
        "9" * 40 + "e300",
    ],
)
def test_huge_values_are_refused_not_computed(typed):
    started = time.perf_counter()
    with pytest.raises(InputTooLarge, match=r"too large|limited"):
        number_value(parse(typed))
    assert time.perf_counter() - started < 0.1


def test_exact_evaluation_stops_before_building_huge_integers():
    started = time.perf_counter()
    with pytest.raises(ExactTooLarge):
        exact_value(parse("2^100000"))
    with pytest.raises(ExactTooLarge):
        exact_value(parse("(2^1000)^1000"))
    assert time.perf_counter() - started < 0.05


@pytest.mark.parametrize("typed", ["1/0", "0/0", "1/(2-2)", "0^-1", "x/(x-x)"])
def test_division_by_zero_is_reported(typed):
    with pytest.raises(DivisionByZero, match=r"division by zero|divides by zero"):
        real_value(parse(typed, ("x",)), {"x": 1.5})


def test_division_by_a_literal_zero_says_so():
    with pytest.raises(DivisionByZero, match=r"you divide by \$0\$"):
        number_value(parse("1/0"))


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("sqrt(-1)", "square root of a negative"),
        ("ln(0)", "only defined for positive"),
        ("log(-2)", "only defined for positive"),
        ("asin(2)", "between $-1$ and $1$"),
        ("(-2)^0.5", "fractional power"),
        ("(-1/2)!", "whole number"),
        ("binom(2.5, 1)", "whole numbers"),
    ],
)
def test_domain_errors_explain_themselves(typed, fragment):
    with pytest.raises(DomainError) as caught:
        number_value(parse(typed))
    assert fragment in caught.value.message


def test_variables_come_from_the_environment():
    node = parse("3x^2 - 2x y", ("x", "y"))
    assert real_value(node, {"x": 2.0, "y": 0.5}) == pytest.approx(10.0)


def test_a_deadline_stops_evaluation():
    deadline = Deadline(0.0)
    time.sleep(0.001)
    with pytest.raises(EvaluationTimeout):
        real_value(parse("1 + 1"), None, deadline)


def test_evaluation_errors_are_input_errors():
    for error in (DivisionByZero, DomainError, EvaluationTimeout, ExactTooLarge):
        assert issubclass(error, InputError)
