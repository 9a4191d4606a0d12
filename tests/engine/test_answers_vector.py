"""Vector: the accepted spellings, exactness, scale-invariance, and named mistakes."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from mathforml.engine.answers import Vector
from mathforml.errors import InputError, InputTooLarge


def codes(judgement):
    return [f.code for f in judgement.feedback]


@pytest.mark.parametrize(
    "typed",
    [
        "[1, 2, 3]",
        "(1, 2, 3)",
        "1, 2, 3",
        "[1; 2; 3]",
        "[[1], [2], [3]]",
        "[[1, 2, 3]]",
        "[1,2,3]",
        "[2/2, sqrt(4), 3]",
    ],
)
def test_vector_spellings(typed):
    assert Vector().parse(typed) == (1.0, 2.0, 3.0)


def test_a_single_number_is_a_vector_of_length_one():
    assert Vector().parse("5") == (5.0,)


def test_entries_are_constant_expressions():
    assert Vector().parse("[sqrt(2)/2, -1/2]") == pytest.approx((2**0.5 / 2, -0.5))


def test_exact_vectors_hold_fractions():
    value = Vector(exact=True).parse("[1/3, 0.5, 2]")
    assert value == (Fraction(1, 3), Fraction(1, 2), Fraction(2))
    assert all(isinstance(x, Fraction) for x in value)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("{1, 2}", "braces make a set"),
        ("[1, 2; 3, 4]", "one row or one column"),
        ("[]", "empty"),
        ("[1, x]", "uses no variables"),
        ("[1, 1/0]", "entry 2: division by zero"),
        ("[[1, 2], 3]", "single numbers"),
    ],
)
def test_vector_refusals(typed, fragment):
    with pytest.raises(InputError) as caught:
        Vector().parse(typed)
    assert fragment in caught.value.message


def test_exact_vector_refuses_irrational_entries():
    with pytest.raises(InputError, match=r"entry 1: \$\\sqrt\{2\}\$ is not a rational number"):
        Vector(exact=True).parse("[sqrt(2), 1]")


def test_vector_length_is_bounded():
    with pytest.raises(InputTooLarge, match="at most 100"):
        Vector().parse("[" + ", ".join(["1"] * 101) + "]")


@pytest.mark.parametrize(
    "value",
    [
        [1, 2, 3],
        (1, 2, 3),
        np.array([1, 2, 3]),
        np.array([[1], [2], [3]]),
        np.array([[1, 2, 3]]),
        sympy.Matrix([1, 2, 3]),
        "[1, 2, 3]",
    ],
)
def test_vector_normalizes_exercise_values(value):
    assert Vector().normalize(value) == (1.0, 2.0, 3.0)


@pytest.mark.parametrize(
    ("typed", "code", "fragment"),
    [
        ("[1, 2]", "wrong-shape", "3 entries; yours has 2"),
        ("[-1, -2, -3]", "sign", "negative"),
        ("[2, 4, 6]", "scaled", "$2$ times"),
        ("[1, 3, 2]", "order", "wrong order"),
        ("[1, 2, 4]", "one-entry", "Entry 3 is wrong"),
        ("[0, 2, 4]", "entries", "Entries 1 and 3 are wrong"),
    ],
)
def test_vector_names_the_mistake(typed, code, fragment):
    kind = Vector()
    judgement = kind.judge(kind.parse(typed), kind.normalize([1, 2, 3]))
    assert not judgement.correct
    assert codes(judgement) == [code]
    assert fragment in judgement.feedback[0].message


def test_exact_vector_asks_for_fractions_instead_of_decimals():
    kind = Vector(exact=True)
    judgement = kind.judge(
        kind.parse("[0.33, 0.5]"), kind.normalize([Fraction(1, 3), Fraction(1, 2)])
    )
    assert codes(judgement) == ["not-exact"]


def test_up_to_scale_accepts_any_nonzero_multiple():
    kind = Vector(up_to_scale=True)
    expected = kind.normalize([1, -2])
    for typed in ("[1, -2]", "[-3, 6]", "[0.5, -1]", "[1/sqrt(5), -2/sqrt(5)]"):
        assert kind.judge(kind.parse(typed), expected).correct, typed
    assert not kind.judge(kind.parse("[2, 1]"), expected).correct


def test_up_to_scale_exact_vectors():
    kind = Vector(exact=True, up_to_scale=True)
    assert kind.equal(kind.parse("[-1/2, 1]"), kind.normalize([1, -2]))


def test_the_zero_vector_is_never_an_eigenvector():
    kind = Vector(up_to_scale=True)
    judgement = kind.judge(kind.parse("[0, 0]"), kind.normalize([1, -2]))
    assert codes(judgement) == ["zero-vector"]
    assert judgement.feedback[0].message == "An eigenvector is never the zero vector."


def test_vector_preview_is_a_column_of_what_was_typed():
    kind = Vector()
    assert kind.latex(kind.parse("[sqrt(2)/2, -1/2]")) == (
        r"\begin{bmatrix}\frac{\sqrt{2}}{2} \\ -\frac{1}{2}\end{bmatrix}"
    )
    assert kind.latex((1.0, 0.5)) == r"\begin{bmatrix}1 \\ 0.5\end{bmatrix}"


def test_vector_text_reads_back():
    kind = Vector(exact=True)
    value = (Fraction(-3, 4), Fraction(2))
    assert kind.text(value) == "[-3/4, 2]"
    assert kind.parse(kind.text(value)) == value


def test_vector_feedback_survives_huge_exact_entries():
    kind = Vector(exact=True)
    huge = Fraction(2) ** 1500
    judgement = kind.judge((huge, Fraction(1)), (Fraction(1), huge))
    assert not judgement.correct
