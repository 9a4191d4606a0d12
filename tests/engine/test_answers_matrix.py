"""Matrix: spellings, shape checks, and mistakes named by row and column."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from mathforml.engine.answers import Matrix
from mathforml.errors import InputError, InputTooLarge

KEY = [[1, 2], [3, 4]]


def codes(judgement):
    return [f.code for f in judgement.feedback]


@pytest.mark.parametrize(
    "typed",
    [
        "[1, 2; 3, 4]",
        "[[1,2],[3,4]]",
        "((1, 2), (3, 4))",
        "1, 2; 3, 4",
        "[(1, 2), (3, 4)]",
        "[1, 2;\n 3, 4]",
        "[2/2, sqrt(4); 3, 2^2]",
    ],
)
def test_matrix_spellings(typed):
    assert Matrix().parse(typed) == ((1.0, 2.0), (3.0, 4.0))


def test_a_flat_list_is_one_row_and_a_number_is_one_by_one():
    assert Matrix().parse("[1, 2, 3]") == ((1.0, 2.0, 3.0),)
    assert Matrix().parse("7") == ((7.0,),)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("[1, 2; 3]", "row 2 has 1 entries but row 1 has 2"),
        ("[[1, 2], 3]", "mixed rows"),
        ("{1, 2}", "braces make a set"),
        ("[1, 2; 3, 1/0]", "row 2, column 2: division by zero"),
        ("[]", "empty"),
    ],
)
def test_matrix_refusals(typed, fragment):
    with pytest.raises(InputError) as caught:
        Matrix().parse(typed)
    assert fragment in caught.value.message


def test_matrix_size_is_bounded():
    row = ", ".join(["1"] * 21)
    with pytest.raises(InputTooLarge, match="limited to 20×20"):
        Matrix().parse(f"[{row}]")
    with pytest.raises(InputTooLarge, match="limited to 20×20"):
        Matrix().parse("[" + "; ".join(["1"] * 21) + "]")


def test_a_twenty_by_twenty_matrix_is_fine():
    rows = "; ".join(", ".join(["-3/4"] * 20) for _ in range(20))
    value = Matrix(exact=True).parse(f"[{rows}]")
    nested = "[" + ", ".join("[" + ", ".join(["-3/4"] * 20) + "]" for _ in range(20)) + "]"
    assert Matrix(exact=True).parse(nested) == value
    assert len(value) == 20
    assert value[19][19] == Fraction(-3, 4)


@pytest.mark.parametrize(
    "value", [KEY, np.array(KEY), sympy.Matrix(KEY), ((1, 2), (3, 4)), "[1, 2; 3, 4]"]
)
def test_matrix_normalizes_exercise_values(value):
    assert Matrix().normalize(value) == ((1.0, 2.0), (3.0, 4.0))


def test_exact_matrix_holds_fractions():
    assert Matrix(exact=True).normalize([[0.5, 1]]) == ((Fraction(1, 2), Fraction(1)),)


@pytest.mark.parametrize(
    ("typed", "key", "code", "message"),
    [
        ("[1, 2, 3; 4, 5, 6]", KEY, "wrong-shape", "The answer is a 2×2 matrix; yours is 2×3."),
        (
            "[1, 4; 2, 5; 3, 6]",
            [[1, 2, 3], [4, 5, 6]],
            "transposed",
            "You gave the transpose of the answer: yours is 3×2, the answer is 2×3.",
        ),
        (
            "[1, 3; 2, 4]",
            KEY,
            "transposed",
            "You gave the transpose of the answer: rows and columns are swapped.",
        ),
        (
            "[-1, -2; -3, -4]",
            KEY,
            "sign",
            "Every entry has the wrong sign: your matrix is the negative of the right one.",
        ),
        (
            "[1, 2; 3, 5]",
            KEY,
            "one-entry",
            "The entry in row 2, column 2 is wrong; the others are right.",
        ),
        (
            "[1, 2, 0; 3, 4, 0; 5, 5, 5]",
            [[1, 2, 0], [3, 4, 0], [0, 0, 1]],
            "one-row",
            "Row 3 is wrong; the other rows are right.",
        ),
        ("[3, 4; 1, 2]", KEY, "rows-swapped", "Rows 1 and 2 are swapped."),
        (
            "[2, 4; 6, 8]",
            KEY,
            "scaled",
            "Every entry is $2$ times the right one: check for a factor applied to the whole "
            "matrix.",
        ),
    ],
)
def test_matrix_names_the_mistake(typed, key, code, message):
    kind = Matrix()
    judgement = kind.judge(kind.parse(typed), kind.normalize(key))
    assert not judgement.correct
    assert codes(judgement) == [code]
    assert judgement.feedback[0].message == message


def test_exact_matrix_scaled_by_a_fraction():
    kind = Matrix(exact=True)
    judgement = kind.judge(kind.parse("[1/2, 1; 3/2, 2]"), kind.normalize(KEY))
    assert "$\\frac{1}{2}$ times" in judgement.feedback[0].message


def test_a_symmetric_matrix_is_not_called_transposed():
    kind = Matrix()
    judgement = kind.judge(kind.parse("[1, 2; 2, 5]"), kind.normalize([[1, 2], [2, 4]]))
    assert codes(judgement) == ["one-entry"]


def test_float_tolerance_applies_per_entry():
    kind = Matrix(rtol=1e-3)
    assert kind.judge(kind.parse("[0.3333, 1; 0, 1]"), kind.normalize([[1 / 3, 1], [0, 1]])).correct


def test_matrix_preview_and_text():
    kind = Matrix()
    assert kind.latex(kind.parse("[1/2, 0; 0, 1]")) == (
        r"\begin{bmatrix}\frac{1}{2} & 0 \\ 0 & 1\end{bmatrix}"
    )
    assert kind.text(((1.0, 2.5),)) == "[1, 2.5]"
    assert kind.parse(kind.text(((1.0, 2.5), (3.0, -4.0)))) == ((1.0, 2.5), (3.0, -4.0))
