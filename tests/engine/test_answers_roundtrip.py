"""Every kind reads back what it writes, and refuses bad text only with InputError."""

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathforml.engine.answers import (
    Choice,
    Expression,
    Integer,
    Matrix,
    Number,
    Rational,
    Set,
    Vector,
)
from mathforml.errors import InputError
from tests.engine._parse_strategies import polynomials

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(allow_nan=False, allow_infinity=False)
fractions = st.fractions(max_denominator=10**12).filter(lambda f: abs(f.numerator) < 10**30)
shapes = st.tuples(st.integers(1, 4), st.integers(1, 4))

KINDS = [
    Number(),
    Rational(),
    Integer(),
    Vector(),
    Vector(exact=True),
    Matrix(),
    Matrix(exact=True),
    Expression(("x", "y")),
    Choice(["yes", "no", "it depends"]),
    Set(Number()),
    Set(Vector()),
]


@SETTINGS
@given(finite)
def test_number_round_trip(value):
    kind = Number()
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(fractions)
def test_rational_round_trip(value):
    kind = Rational()
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(st.integers(min_value=-(10**39), max_value=10**39))
def test_integer_round_trip(value):
    kind = Integer()
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(st.lists(finite, min_size=1, max_size=8))
def test_vector_round_trip(values):
    kind = Vector()
    value = kind.normalize(values)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(st.lists(fractions, min_size=1, max_size=8))
def test_exact_vector_round_trip(values):
    kind = Vector(exact=True)
    value = kind.normalize(values)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(
    shapes.flatmap(
        lambda s: st.lists(
            st.lists(fractions, min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]
        )
    )
)
def test_exact_matrix_round_trip(rows):
    kind = Matrix(exact=True)
    value = kind.normalize(rows)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(
    shapes.flatmap(
        lambda s: st.lists(
            st.lists(finite, min_size=s[1], max_size=s[1]), min_size=s[0], max_size=s[0]
        )
    )
)
def test_matrix_round_trip(rows):
    kind = Matrix()
    value = kind.normalize(rows)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(polynomials)
def test_expression_round_trip(tree):
    kind = Expression(("x", "y"))
    value = kind.normalize(tree)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(st.integers(0, 2))
def test_choice_round_trip(index):
    kind = Choice(["yes", "no", "it depends"])
    assert kind.parse(kind.text(index)) == index


@SETTINGS
@given(st.lists(finite, max_size=8))
def test_set_round_trip(values):
    kind = Set(Number())
    value = kind.normalize(values)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(st.lists(st.lists(fractions, min_size=2, max_size=2), max_size=5))
def test_set_of_vectors_round_trip(values):
    kind = Set(Vector(exact=True))
    value = kind.normalize(values)
    assert kind.parse(kind.text(value)) == value


@SETTINGS
@given(st.text(max_size=80), st.sampled_from(KINDS))
def test_kinds_refuse_bad_text_only_with_input_errors(text, kind):
    refusal = None
    try:
        value = kind.parse(text)
    except InputError as error:
        refusal = error
    if refusal is not None:
        assert refusal.message
    else:
        kind.latex(value)
        kind.text(value)


@SETTINGS
@given(finite, finite)
def test_number_feedback_never_crashes(given_value, expected):
    kind = Number()
    judgement = kind.judge(given_value, expected)
    for feedback in judgement.feedback:
        assert feedback.message.count("$") % 2 == 0


@SETTINGS
@given(st.lists(finite, min_size=2, max_size=2), st.lists(finite, min_size=1, max_size=3))
def test_vector_feedback_never_crashes(given_value, expected):
    kind = Vector()
    kind.judge(tuple(given_value), tuple(expected))


@SETTINGS
@given(
    st.lists(st.lists(fractions, min_size=2, max_size=2), min_size=2, max_size=2),
    st.lists(st.lists(fractions, min_size=2, max_size=2), min_size=1, max_size=2),
)
def test_matrix_feedback_never_crashes(given_value, expected):
    kind = Matrix(exact=True)
    for g, e in ((given_value, expected), (expected, given_value)):
        judgement = kind.judge(kind.normalize(g), kind.normalize(e))
        assert judgement.correct == (kind.normalize(g) == kind.normalize(e))


def test_integer_text_of_a_fraction_whole_number():
    assert Integer().text(Fraction(6, 2)) == "3"
