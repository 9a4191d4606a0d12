"""Course 1, week 1 (systems of linear equations): every exercise is linted, each one
behaves as promised on a pinned variant, the generators keep their promises, and the
lesson is well formed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib import resources
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforml.curriculum.c1.w1.exercises import EXERCISES
from mathforml.engine import Exercise, check_answer, generate_params, lint_exercise
from mathforml.engine._lint import latex_problem

WEEK = "c1w1"
TOPICS = ("systems", "singularity", "linear dependence", "determinant")
BY_ID = {ex.id: ex for ex in EXERCISES}
SEEDS = st.integers(min_value=0, max_value=2**53 - 1)


def _codes(result: Any) -> list[str]:
    return [f.code for f in result.feedback]


# ---------------------------------------------------------------- the week as a whole


def test_week_lists_at_least_nine_exercises_with_unique_kebab_ids() -> None:
    ids = [ex.id for ex in EXERCISES]
    assert len(ids) >= 9
    assert len(set(ids)) == len(ids)
    for ex_id in ids:
        assert re.fullmatch(rf"{WEEK}\.[a-z0-9]+(-[a-z0-9]+)*", ex_id), ex_id


def test_every_exercise_uses_a_week_topic_and_every_topic_is_practised() -> None:
    assert {ex.topic for ex in EXERCISES} == set(TOPICS)
    assert all(isinstance(ex, Exercise) and ex.title for ex in EXERCISES)


def test_the_week_uses_several_answer_kinds() -> None:
    kinds = {type(ex.answer_kind).__name__ for ex in EXERCISES}
    assert {"Vector", "Matrix", "Choice", "Integer", "Rational"} <= kinds


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_exercise_passes_the_lint(exercise: Exercise) -> None:
    report = lint_exercise(exercise, samples=60)
    assert report.ok, "\n".join(report.problems)


# ---------------------------------------------------------------- pinned variants

# (exercise id, seed, params, right answer as typed, {misconception: wrong answer as typed},
#  text the prompt shows, text the solution shows). Answers were worked out by hand.
PINNED = [
    (
        "c1w1.two-purchases", 1,
        {"fruit": [0, 2], "counts": [[1, 4], [5, 4]], "totals": [25, 61]},
        "[9, 4]", {"swapped-prices": "[4, 9]"},
        ["1 apple", "4 pears", "€25", "5 apples", "€61"], ["€9", "€4", "= 25", "= 61"],
    ),
    (
        "c1w1.coefficient-matrix", 4,
        {"A": [[2, -6, 4], [0, 6, -6], [1, -3, -1]], "b": [4, -6, 5],
         "orders": [[0, 1, 2], [0, 1, 2], [2, 0, 1]]},
        "[2, -6, 4; 0, 6, -6; 1, -3, -1]",
        {
            "missing-zero": "[2, -6, 4; 6, -6, 0; 1, -3, -1]",
            "constants-included": "[2, -6, 4, 4; 0, 6, -6, -6; 1, -3, -1, 5]",
            "written-order": "[2, -6, 4; 0, 6, -6; -1, 1, -3]",
            "dropped-signs": "[2, 6, 4; 0, 6, 6; 1, 3, 1]",
        },
        ["$2x - 6y + 4z = 4$", "$6y - 6z = -6$", "$-z + x - 3y = 5$"],
        ["$x$ does not appear", "not written in the order"],
    ),
    (
        "c1w1.count-solutions", 1,
        {"A": [[10, 6], [-5, -3]], "b": [-10, 6]},
        "none", {"ignored-constants": "infinitely many"},
        ["10x", "6y", "-10", "-5x", "3y"], ["= 0$", "$5$", "$6$", "no solution"],
    ),
    (
        "c1w1.three-purchases", 1,
        {"fruit": [2, 4, 3], "counts": [[0, 3, 1], [2, 3, 3], [3, 2, 0]], "totals": [7, 27, 20]},
        "[6, 1, 4]", {"read-columns-as-equations": "[101/22, 113/22, -12/11]"},
        [r"\text{pears}", r"\text{Ana} & 0 & 3 & 1 & 7", "& 27", "& 20"],
        ["pear €6", "mango €1", "orange €4"],
    ),
    (
        "c1w1.singular-or-non-singular", 1,
        {"A": [[1, 1, -1], [-5, 1, 0], [3, -3, 2]], "spoiled_column": -1},
        "singular", {"checked-pairs-only": "non-singular"},
        ["1 & 1 & -1", "-5 & 1 & 0", "3 & -3 & 2"], [r"\det A = 0", "**singular**"],
    ),
    (
        "c1w1.row-combination", 2,
        {"rows": [[-4, 1, -1], [0, 4, -3], [-12, 7, -6]]},
        "[3, 1]", {"swapped-weights": "[1, 3]", "relation-signs": "[-3, -1]"},
        ["-12 & 7 & -6"], ["$a = 3$", "$b = 1$"],
    ),
    (
        "c1w1.infinitely-many-constant", 1,
        {"A": [[-3, -3], [-6, -6]], "b": [2], "weights": [2, 1]},
        "4", {"zero-constant": "0", "inverted-ratio": "1"},
        ["-3x & - & 3y & = & 2", "= & c"], [r"c = 2 \cdot (2) = 4"],
    ),
    (
        "c1w1.determinant-2x2", 1,
        {"A": [[7, -6], [1, 4]]},
        "34", {"added-products": "22", "reversed-order": "-34", "row-products": "-46"},
        ["7 & -6", "1 & 4"], [r"\det A = 34"],
    ),
    (
        "c1w1.determinant-3x3", 1,
        {"A": [[2, -5, 1], [2, 4, 0], [-1, 4, -1]]},
        "-6",
        {"middle-cofactor-sign": "14", "all-diagonals-added": "6", "two-diagonals-only": "-4"},
        ["2 & -5 & 1", "2 & 4 & 0", "-1 & 4 & -1"], ["= -6$"],
    ),
    (
        "c1w1.singular-k", 3,
        {"A": [[0, 3, -3], [2, 1, 4], [3, -2, -1]], "pos": [0, 0]},
        "-9", {"sign-slip": "9", "middle-cofactor-sign": "3"},
        ["k & 3 & -3"], ["7k + 63", "k = -9"],
    ),
    # Second variants for the mistakes that belong to another case of the same exercise.
    (
        "c1w1.count-solutions", 6,
        {"A": [[3, 9], [1, 3]], "b": [-15, -5]},
        "infinitely many", {"proportional-means-none": "none"},
        ["3x", "9y", "-15"], ["same line"],
    ),
    (
        "c1w1.singular-or-non-singular", 4,
        {"A": [[3, -2, -1], [-5, 0, -6], [-1, -1, -3]], "spoiled_column": 2},
        "non-singular", {"skipped-last-check": "singular"},
        ["-5 & 0 & -6"], [r"\det A = -5"],
    ),
    (
        "c1w1.infinitely-many-constant", 2,
        {"A": [[-1, 1, -3], [-3, -3, 2], [3, 9, -13]], "b": [4, 2], "weights": [3, -2]},
        "8", {"zero-constant": "0", "swapped-weights": "-2"},
        ["3x & + & 9y & - & 13z & = & c"],
        [r"\text{row}_{3} = 3\,\text{row}_{1} - 2\,\text{row}_{2}"],
    ),
    (
        "c1w1.singular-k", 2,
        {"A": [[-5, 0], [-1, 5]], "pos": [0, 1]},
        "25", {"sign-slip": "-25"},
        ["-5 & k", "-1 & 5"], ["k - 25", "k = 25"],
    ),
]


def test_every_exercise_has_a_pinned_variant() -> None:
    assert {row[0] for row in PINNED} == set(BY_ID)


@pytest.mark.parametrize(
    ("ex_id", "seed", "params", "right", "wrong", "in_prompt", "in_solution"),
    PINNED,
    ids=[f"{row[0]}@{row[1]}" for row in PINNED],
)
def test_pinned_variant_grades_right_answer_and_names_each_mistake(
    ex_id: str,
    seed: int,
    params: dict[str, Any],
    right: str,
    wrong: dict[str, str],
    in_prompt: list[str],
    in_solution: list[str],
) -> None:
    exercise = BY_ID[ex_id]
    assert generate_params(exercise, seed) == params
    result = check_answer(exercise, seed, right)
    assert result.correct, (result.status, _codes(result))
    for name, typed in wrong.items():
        outcome = check_answer(exercise, seed, typed)
        assert outcome.status == "incorrect", (name, outcome.status)
        assert f"misconception:{name}" in _codes(outcome), (name, _codes(outcome))
    prompt, solution = exercise.prompt(params), exercise.solution(params)
    for text in in_prompt:
        assert text in prompt, (text, prompt)
    for text in in_solution:
        assert text in solution, (text, solution)


def test_choice_answers_accept_the_option_letter() -> None:
    # Options are listed as exactly one / none / infinitely many, so "b" means none.
    assert check_answer(BY_ID["c1w1.count-solutions"], 1, "b").correct


def test_an_unreadable_answer_is_invalid_and_not_graded() -> None:
    result = check_answer(BY_ID["c1w1.two-purchases"], 1, "[9, 4")
    assert result.status == "invalid"


def test_an_exact_exercise_rejects_a_rounded_decimal() -> None:
    result = check_answer(BY_ID["c1w1.three-purchases"], 1, "[4.59, 5.14, -1.09]")
    assert not result.correct


# ---------------------------------------------------------------- generator properties


def _params(ex_id: str, seed: int) -> dict[str, Any]:
    return generate_params(BY_ID[ex_id], seed)


def _proportional(u: list[int], v: list[int]) -> bool:
    return np.linalg.matrix_rank(np.array([u, v], dtype=float)) < 2


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_singular_variants_hide_their_dependence_from_a_pairwise_check(seed: int) -> None:
    A = _params("c1w1.singular-or-non-singular", seed)["A"]
    det = round(float(np.linalg.det(np.array(A, dtype=float))))
    if det == 0:
        assert not any(_proportional(A[i], A[j]) for i in range(3) for j in range(i + 1, 3))
    assert max(abs(v) for row in A for v in row) <= 9


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_count_solutions_variants_are_what_their_rank_says(seed: int) -> None:
    p = _params("c1w1.count-solutions", seed)
    A = np.array(p["A"], dtype=float)
    Ab = np.column_stack([A, p["b"]])
    rank_a, rank_ab = np.linalg.matrix_rank(A), np.linalg.matrix_rank(Ab)
    if rank_a == 2:
        # Unique variants cross at a whole-number point.
        x = np.linalg.solve(A, p["b"])
        assert np.allclose(x, np.round(x))
    else:
        assert rank_a == 1
        assert rank_ab in (1, 2)


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_purchase_stories_have_positive_whole_prices(seed: int) -> None:
    for ex_id in ("c1w1.two-purchases", "c1w1.three-purchases"):
        p = _params(ex_id, seed)
        prices = np.linalg.solve(np.array(p["counts"], dtype=float), p["totals"])
        assert np.allclose(prices, np.round(prices))
        assert (prices > 0.5).all()


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_every_equation_of_the_coefficient_exercise_keeps_two_terms(seed: int) -> None:
    p = _params("c1w1.coefficient-matrix", seed)
    assert all(sum(c != 0 for c in row) >= 2 for row in p["A"])
    assert any(c == 0 for row in p["A"] for c in row)


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_the_constant_for_infinitely_many_really_makes_the_system_redundant(seed: int) -> None:
    exercise = BY_ID["c1w1.infinitely-many-constant"]
    p = _params(exercise.id, seed)
    A = np.array(p["A"], dtype=float)
    c = float(exercise.answer(p))
    rank_a = np.linalg.matrix_rank(A)
    assert rank_a == len(A) - 1
    assert np.linalg.matrix_rank(np.column_stack([A, [*p["b"], c]])) == rank_a
    assert np.linalg.matrix_rank(np.column_stack([A, [*p["b"], c + 1]])) == rank_a + 1


@settings(max_examples=60, deadline=None)
@given(SEEDS)
def test_the_singular_k_makes_the_determinant_vanish_and_only_it(seed: int) -> None:
    exercise = BY_ID["c1w1.singular-k"]
    p = _params(exercise.id, seed)
    k = exercise.answer(p)
    assert k.denominator <= 5
    i, j = p["pos"]
    for value, singular in ((float(k), True), (float(k) + 1, False)):
        M = np.array(p["A"], dtype=float)
        M[i, j] = value
        assert (abs(np.linalg.det(M)) < 1e-9) == singular


# ---------------------------------------------------------------- the lesson

LESSON_DIR = resources.files("mathforml.curriculum.c1.w1")


def _lesson() -> str:
    return LESSON_DIR.joinpath("lesson.md").read_text(encoding="utf-8")


def test_lesson_has_a_title_sections_in_teaching_order_and_balanced_math() -> None:
    text = _lesson()
    assert text.startswith("# Systems of linear equations\n")
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections[-1] == "Check yourself"
    order = ["Sentences become equations", "Systems as lines in the plane",
             "Singular and non-singular systems", "Linear dependence", "The determinant",
             "Connection to machine learning"]
    assert [s for s in sections if s in order] == order
    assert latex_problem(text) is None
    for block in re.findall(r"\$\$(.*?)\$\$", text, flags=re.DOTALL):
        assert block.count(r"\begin{") == block.count(r"\end{")


def test_lesson_length_is_within_the_brief() -> None:
    words = len(re.sub(r"\$\$.*?\$\$|\$[^$]*\$", " x ", _lesson(), flags=re.DOTALL).split())
    assert 1800 <= words <= 3000, words


def test_lesson_check_yourself_names_every_exercise() -> None:
    tail = _lesson().split("## Check yourself", 1)[1]
    for ex in EXERCISES:
        assert f"**{ex.title}**" in tail, ex.title


def test_lesson_figures_exist_and_are_small_self_contained_svg() -> None:
    refs = re.findall(r"!\[([^\]]+)\]\((figures/[^)]+)\)", _lesson())
    assert len(refs) >= 2
    for alt, path in refs:
        assert len(alt) > 20, path
        svg = LESSON_DIR.joinpath(path).read_text(encoding="utf-8")
        assert len(svg.encode()) <= 10_000, path
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg"), path
        assert "viewBox" in root.attrib, path
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", ""), path
        assert "<image" not in svg, path
        assert "@import" not in svg, path
