"""The kinds inside the real pipeline: check_answer, misconceptions, previews, lint."""

from fractions import Fraction

import pytest
import sympy

from mathforml.engine import check_answer, lint_exercise
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
from tests.engine._answer_exercises import Fixed, x

EXERCISES = [
    Fixed("t.number", Number(), 0.75, -0.75),
    Fixed("t.rational", Rational(), Fraction(-3, 4), Fraction(3, 4)),
    Fixed("t.integer", Integer(), 12, 7),
    Fixed("t.vector", Vector(), [1, 2, 3], [3, 2, 1]),
    Fixed("t.eigen", Vector(up_to_scale=True), [1, -1], [1, 1]),
    Fixed("t.matrix", Matrix(exact=True), [[1, 2], [3, 4]], [[1, 3], [2, 4]]),
    Fixed("t.expression", Expression(("x",), form="expanded"), x**2 - 1, x**2 + 1),
    Fixed("t.choice", Choice(["yes", "no"]), 0, 1),
    Fixed("t.set", Set(Rational()), [1, 2], [1]),
]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_kind_passes_the_exercise_linter(exercise):
    report = lint_exercise(exercise, samples=3)
    assert report.ok, report.problems


def test_the_understood_preview_renders_what_was_typed():
    result = check_answer(EXERCISES[0], 1, "3/4")
    assert result.correct
    assert result.understood_latex == r"\frac{3}{4} = 0.75"
    result = check_answer(EXERCISES[6], 1, "(x-1)(x+1)")
    assert result.understood_latex == r"\left(x - 1\right) \left(x + 1\right)"
    assert [f.code for f in result.feedback] == ["not-expanded"]


def test_declared_misconceptions_come_first_then_the_kind_feedback():
    result = check_answer(EXERCISES[5], 1, "[1, 3; 2, 4]")
    assert [f.code for f in result.feedback] == ["misconception:declared", "transposed"]


def test_unreadable_answers_are_invalid_with_a_pointer():
    result = check_answer(EXERCISES[6], 1, "x^2 - 1)")
    assert result.status == "invalid"
    assert result.error_position == 7
    assert "has no matching '('" in result.feedback[0].message


def test_expected_text_reads_back_as_correct():
    for exercise in EXERCISES:
        result = check_answer(exercise, 2, "[[1, 2")
        assert result.status == "invalid", exercise.id
        typed = exercise.kind({}).text(exercise.kind({}).normalize(exercise.answer({})))
        assert check_answer(exercise, 2, typed).correct, exercise.id


def test_json_of_a_result_carries_the_preview():
    data = check_answer(EXERCISES[1], 0, "-0.75").to_json()
    assert data["correct"] is True
    assert data["understood"] == "-0.75"
    assert data["expected"] == "-3/4"


def test_sympy_keys_are_accepted_for_every_numeric_kind():
    exercise = Fixed("t.sympy", Number(), sympy.sqrt(2) / 2, None)
    assert check_answer(exercise, 0, "1/sqrt(2)").correct
