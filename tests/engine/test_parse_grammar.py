"""The grammar reads answers as written on paper, and says clearly what it cannot read."""

from fractions import Fraction

import pytest

from mathforml.engine.parse import (
    Add,
    Call,
    Group,
    Mul,
    Neg,
    Num,
    Pow,
    Rows,
    Var,
    parse,
    to_latex,
    to_text,
    tokenize,
)
from mathforml.errors import InputError, InputTooLarge

XY = ("x", "y")


def read(text: str, variables=XY) -> str:
    """What the parser understood, written back with explicit operators."""
    return to_text(parse(text, variables))


@pytest.mark.parametrize(
    ("typed", "understood"),
    [
        ("2x", "2*x"),
        ("x^2", "x^2"),
        ("x**2", "x^2"),
        ("x²", "x^2"),
        ("x⁻¹", "x^(-1)"),
        ("3x(x-1)", "3*x*(x - 1)"),
        ("(x+1)(x-1)", "(x + 1)*(x - 1)"),
        ("x y", "x*y"),
        ("xy", "x*y"),
        ("2 x y^2", "2*x*y^2"),
        ("-x^2", "-x^2"),
        ("-3/4", "-3/4"),
        ("2^-3", "2^(-3)"),
        ("2*-3", "2*(-3)"),
        ("x^2^3", "x^(2^3)"),
        ("1/2x", "1/2*x"),
        ("a - -b".replace("a", "x").replace("b", "y"), "x - -y"),
        ("3.5e-2", "0.035"),
        ("1.5E3", "1500.0"),
        (".5", "0.5"),
        ("sqrt(3)/2", "sqrt(3)/2"),
        ("√3/2", "sqrt(3)/2"),
        ("2√3", "2*sqrt(3)"),
        ("√x^2", "sqrt(x^2)"),
        ("√(x+1)", "sqrt(x + 1)"),
        ("pi/4", "pi/4"),
        ("2π", "2*pi"),
        ("e^(2x)", "e^(2*x)"),
        ("e^2x", "e^2*x"),
        ("2e", "2*e"),
        ("|x|", "abs(x)"),
        ("|x - |y||", "abs(x - abs(y))"),
        ("2|x|", "2*abs(x)"),
        ("ln(x)", "ln(x)"),
        ("ln x", "ln(x)"),
        ("ln 2x", "ln(2*x)"),
        ("sin x cos x", "sin(x)*cos(x)"),
        ("sin x^2", "sin(x^2)"),
        ("sin x / 2", "sin(x)/2"),
        ("sin(x)^2", "sin(x)^2"),
        ("sin^2(x)", "sin(x)^2"),
        ("sin^2 x", "sin(x)^2"),
        ("arcsin(x)", "asin(x)"),
        ("exp(x)", "exp(x)"),
        ("log10(x)", "log10(x)"),
        ("binom(5, 2)", "binom(5, 2)"),
        ("5!", "5!"),
        ("x − 1", "x - 1"),
        ("2·x × y", "2*x*y"),
        ("6÷3", "6/3"),
        ("  x\t+\n1 ", "x + 1"),
    ],
)
def test_answers_are_read_as_written_on_paper(typed, understood):
    assert read(typed) == understood


def test_implicit_multiplication_binds_like_times_left_to_right():
    assert parse("1/2x", XY) == Mul(
        (Num(Fraction(1)), Num(Fraction(2)), Var("x")), (False, True, False)
    )


def test_minus_binds_looser_than_power():
    assert parse("-x^2", XY) == Neg(Pow(Var("x"), Num(Fraction(2))))


def test_subtraction_is_a_negated_term_of_a_flat_sum():
    assert parse("x - y + 1", XY) == Add((Var("x"), Neg(Var("y")), Num(Fraction(1))))


def test_long_sums_stay_flat_so_trees_stay_shallow():
    node = parse("+".join(["1"] * 1000))
    assert isinstance(node, Add)
    assert len(node.terms) == 1000


def test_decimals_are_exact_and_remember_they_were_decimals():
    assert parse("0.75") == Num(Fraction(3, 4), decimal=True)
    assert parse("3") == Num(Fraction(3))


def test_greek_letters_name_declared_variables():
    assert parse("2λ", ("lambda",)) == parse("2lambda", ("λ",))
    assert to_latex(parse("λ^2", ("lambda",))) == r"\lambda^{2}"


def test_longest_known_name_wins():
    assert read("x1 x", ("x", "x1")) == "x1*x"
    assert read("exp(x)", ("x", "p")) == "exp(x)"


@pytest.mark.parametrize(
    ("typed", "node"),
    [
        (
            "[1, 2; 3, 4]",
            Rows("[", ((Num(Fraction(1)), Num(Fraction(2))), (Num(Fraction(3)), Num(Fraction(4))))),
        ),
        ("(1, 2)", Group("(", (Num(Fraction(1)), Num(Fraction(2))))),
        ("{1, 2}", Group("{", (Num(Fraction(1)), Num(Fraction(2))))),
        ("1, 2", Group("", (Num(Fraction(1)), Num(Fraction(2))))),
        ("{}", Group("{", ())),
        (
            "1, 2; 3, 4",
            Rows("", ((Num(Fraction(1)), Num(Fraction(2))), (Num(Fraction(3)), Num(Fraction(4))))),
        ),
        ("∅", Group("{", ())),
        ("[]", Group("[", ())),
    ],
)
def test_lists_matrices_and_sets(typed, node):
    assert parse(typed) == node


def test_nested_lists_are_groups_of_groups():
    node = parse("[[1,2],[3,4]]")
    assert isinstance(node, Group)
    assert all(isinstance(i, Group) for i in node.items)


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("y", "unknown name 'y': this answer uses only x"),
        ("2z", "unknown name 'z'"),
        ("foo(2)", "unknown function 'foo'"),
        ("Sin(x)", "names are case-sensitive"),
        ("x = 3", "without '='"),
        ("x +", "ends too early"),
        ("* 2", "needs a value on its left"),
        ("(x", "never closed"),
        ("x)", "has no matching '('"),
        ("[1, 2)", "expected ']'"),
        ("()", "empty parentheses"),
        ("2 3", "two numbers in a row"),
        ("x2", "a number cannot follow"),
        ("(1; 2)", "only allowed inside [ ]"),
        ("(1, 2) + 3", "cannot be used inside a calculation"),
        ("-[1, 2]", "cannot be used inside a calculation"),
        ("ln -x", "put the argument of ln in parentheses"),
        ("binom 5", "put the argument of binom in parentheses"),
        ("binom(5)", "binom takes 2 arguments, got 1"),
        ("sin^-1(x)", "only a whole power"),
        ("|x", "never closed"),
        ("5!!", "'!!' is not supported"),
        ("x.y", "decimal point"),
        ("x_1", "unexpected character '_'"),
        ("x\0", "NUL"),
        ("1\x07", "control character (U+0007"),
        ("x^", "an exponent is missing"),
        ("x²⁺", "could not read the superscript"),
        ("√", "needs a value after it"),
    ],
)
def test_unreadable_answers_get_a_message_naming_the_problem(typed, fragment):
    with pytest.raises(InputError) as caught:
        parse(typed, ("x",))
    assert fragment in caught.value.message


def test_errors_point_at_the_offending_character():
    with pytest.raises(InputError) as caught:
        parse("2x + 3y", ("x",))
    assert caught.value.position == 6
    assert caught.value.pointer("2x + 3y").endswith("      ^")


def test_a_number_kind_has_no_variables():
    with pytest.raises(InputError, match="the answer is a number, so it uses no variables"):
        parse("2x")


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("(" * 51 + "1" + ")" * 51, "nested more than 50"),
        ("[" * 60 + "]" * 60, "nested more than 50"),
        ("-" * 60 + "1", "nested more than 50"),
        ("2" + "^2" * 60, "nested more than 50"),
        ("√" * 60 + "2", "nested more than 50"),
        ("sin(" * 60 + "x" + ")" * 60, "nested more than 50"),
        ("|x" * 60 + "|" * 60, "nested more than 50"),
        ("|" * 120, "nested more than 50"),
        ("1" * 41, "limited to 40 digits"),
        ("1e331", "exponents are limited"),
        ("1" + "+1" * 1600, "more than 3,000"),
        ("[" + ",".join(["1"] * 501) + "]", "more than 500 entries"),
        ("x" * 4001, "limited to 4,000"),
    ],
)
def test_bounds_are_enforced_with_a_readable_message(typed, fragment):
    with pytest.raises(InputTooLarge) as caught:
        parse(typed, ("x",))
    assert fragment in caught.value.message


def test_fifty_levels_of_brackets_are_still_fine():
    assert parse("(" * 50 + "1" + ")" * 50) == Num(Fraction(1))


def test_tokens_keep_their_offsets_in_the_typed_text():
    tokens = tokenize("2·x − 1", ("x",))
    assert [t.pos for t in tokens] == [0, 1, 2, 4, 6, 7]
    assert [t.value for t in tokens[:-1]] == [Fraction(2), "*", "x", "-", Fraction(1)]


@pytest.mark.parametrize(
    ("typed", "latex"),
    [
        ("sqrt(3)/2", r"\frac{\sqrt{3}}{2}"),
        ("1/2x", r"\frac{1}{2} x"),
        ("2*3", r"2 \cdot 3"),
        ("x/y/2", r"\frac{x}{y 2}".replace("y 2", r"y \cdot 2")),
        ("-(x+1)", r"-\left(x + 1\right)"),
        ("|x|", r"\left|x\right|"),
        ("e^(2x)", r"e^{2 x}"),
        ("ln x", r"\ln\left(x\right)"),
        ("binom(5,2)", r"\binom{5}{2}"),
        ("1.5e-30", r"1.5 \times 10^{-30}"),
        ("[1, 2; 3, 4]", r"\begin{bmatrix}1 & 2 \\ 3 & 4\end{bmatrix}"),
        ("{1, 2}", r"\left\{1, 2\right\}"),
    ],
)
def test_latex_preview_shows_what_was_understood(typed, latex):
    assert to_latex(parse(typed, XY)) == latex


def test_variables_with_digits_render_with_subscripts():
    assert to_latex(parse("x1 + x2", ("x1", "x2"))) == "x_{1} + x_{2}"


def test_a_variable_cannot_shadow_a_function():
    with pytest.raises(ValueError, match="like a function"):
        parse("sin", ("sin",))


def test_call_nodes_carry_canonical_function_names():
    assert parse("arctan(1)") == Call("atan", (Num(Fraction(1)),))
