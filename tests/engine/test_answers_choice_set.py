"""Choice and Set: letters or option text; sets in any order, with counts of what is off."""

import numpy as np
import pytest

from mathforml.engine.answers import Choice, Expression, Number, Rational, Set, Vector
from mathforml.errors import InputError

OPTIONS = ["Singular", "Non-singular", "Cannot tell"]


def codes(judgement):
    return [f.code for f in judgement.feedback]


@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("b", 1),
        ("B", 1),
        ("(b)", 1),
        ("b)", 1),
        ("non-singular", 1),
        ("  NON-SINGULAR ", 1),
        ("cannottell", 2),
        ("Cannot  Tell.", 2),
        ("a", 0),
    ],
)
def test_choice_by_letter_or_text(typed, index):
    assert Choice(OPTIONS).parse(typed) == index


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("d", "there is no option 'd'"),
        ("maybe", "'maybe' is not one of the options"),
        ("", "no option chosen"),
        ("a\0", "NUL"),
    ],
)
def test_choice_refusals(typed, fragment):
    with pytest.raises(InputError) as caught:
        Choice(OPTIONS).parse(typed)
    assert fragment in caught.value.message


def test_typed_markup_is_not_echoed_in_messages():
    with pytest.raises(InputError) as caught:
        Choice(OPTIONS).parse("<img src=x onerror=alert(1)>")
    assert "<" not in caught.value.message


def test_option_text_wins_over_a_letter():
    assert Choice(["b", "a"]).parse("a") == 1


def test_choice_normalize_text_and_latex():
    kind = Choice(OPTIONS)
    assert kind.normalize(2) == 2
    assert kind.normalize(np.int64(1)) == 1
    assert kind.normalize("singular") == 0
    assert kind.text(1) == "Non-singular"
    assert kind.parse(kind.text(1)) == 1
    assert kind.latex(0) == r"\text{(a) Singular}"
    assert Choice(["50% & $x$"]).latex(0) == r"\text{(a) 50\% \& \$x\$}"
    with pytest.raises(ValueError, match="out of range"):
        kind.normalize(3)


def test_choice_options_must_differ():
    with pytest.raises(ValueError, match="must differ"):
        Choice(["Yes", "yes "])


def test_choice_invalid_example_is_invalid():
    kind = Choice(["zz?", "a"])
    with pytest.raises(InputError):
        kind.parse(kind.invalid_example())


@pytest.mark.parametrize("typed", ["{1, 2}", "1, 2", "{2, 1}", "{2, 1, 2}", "(1, 2)", "{1, 4/2}"])
def test_sets_ignore_order_and_duplicates(typed):
    assert Set(Number()).parse(typed) == (1.0, 2.0)


@pytest.mark.parametrize("typed", ["{}", "∅", " { } ", "empty"])
def test_the_empty_set(typed):
    assert Set(Number()).parse(typed) == ()


def test_set_of_vectors_and_of_expressions():
    vectors = Set(Vector())
    assert vectors.parse("{(1, 2), (3, 4)}") == ((1.0, 2.0), (3.0, 4.0))
    assert vectors.parse("(3, 4), (1, 2)") == ((1.0, 2.0), (3.0, 4.0))
    assert vectors.parse("(1, 2)") == ((1.0, 2.0),)
    expressions = Set(Expression(("x",)))
    assert len(expressions.parse("{x^2, 2x, x*x}")) == 2


def test_set_of_choices():
    kind = Set(Choice(OPTIONS))
    assert kind.parse("{a, c}") == (0, 2)
    assert kind.judge(kind.parse("c, a"), kind.normalize([2, 0])).correct


def test_set_feedback_counts_missing_and_lists_extra():
    kind = Set(Rational())
    expected = kind.normalize([1, 2, 3])
    judgement = kind.judge(kind.parse("{1, 5}"), expected)
    assert codes(judgement) == ["missing-elements", "extra-elements"]
    assert judgement.feedback[0].message == "2 elements are missing from your set."
    assert judgement.feedback[1].message == "This does not belong in the set: $5$."
    assert kind.judge(kind.parse("{3, 1, 2}"), expected).correct


def test_set_elements_report_their_position():
    with pytest.raises(InputError, match="element 2: division by zero"):
        Set(Number()).parse("{1, 1/0}")


def test_set_text_preview_and_normalize():
    kind = Set(Number())
    value = kind.normalize(np.array([2.0, -1.0, 2.0]))
    assert value == (-1.0, 2.0)
    assert kind.text(value) == "{-1, 2}"
    assert kind.parse(kind.text(value)) == value
    assert kind.latex(()) == r"\emptyset"
    assert kind.latex(kind.parse("{1/2}")) == r"\left\{\frac{1}{2} = 0.5\right\}"


def test_set_refuses_semicolons():
    with pytest.raises(InputError, match="';' is not used in a set"):
        Set(Number()).parse("1, 2; 3, 4")
