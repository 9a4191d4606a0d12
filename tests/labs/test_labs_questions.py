"""``question`` and ``check`` in a lab: a fixed variant, the browser's feedback."""

from __future__ import annotations

import numpy as np

from mathforml import curriculum
from mathforml.engine import check_answer
from mathforml.labs import LAB_SEED, check, explore, question, widgets_available
from mathforml.labs._questions import expected_answer


def test_question_shows_a_fixed_variant_and_check_grades_that_variant():
    q1, q2 = question("c1w2.rank-of-matrix"), question("c1w2.rank-of-matrix")
    assert q1 == q2
    assert q1.seed == LAB_SEED
    assert "rank" in q1.markdown()
    assert check("c1w2.rank-of-matrix", expected_answer("c1w2.rank-of-matrix")).correct


def test_feedback_is_the_engines_word_for_word():
    ex = curriculum.exercise("c1w3.dot-product")
    mine = check("c1w3.dot-product", "7", seed=3)
    browser = check_answer(ex, 3, "7")
    assert mine.result == browser


def test_python_values_are_accepted_as_answers():
    key = expected_answer("c1w3.matrix-product")
    rows = [[float(x) for x in r.split(",")] for r in key.strip("[]").split(";")]
    assert check("c1w3.matrix-product", np.array(rows)).correct
    assert check("c1w3.matrix-product", rows).correct
    assert check("c1w1.determinant-2x2", int(expected_answer("c1w1.determinant-2x2"))).correct


def test_a_placeholder_is_a_reminder_not_an_attempt():
    result = check("c1w1.determinant-2x2", None)
    assert result.status == "invalid"
    assert "replace None" in repr(result)
    assert not check("c1w1.determinant-2x2", "banana").correct


def test_explore_draws_once_with_the_defaults_outside_a_kernel():
    assert not widgets_available()
    calls = []
    explore(lambda a, k: calls.append((a, k)), a=(-1.0, 1.0, 0.5), k=(1, 9, 3, 1))
    assert calls == [(0.5, 3)]
