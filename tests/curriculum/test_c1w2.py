"""Course 1, week 2 (solving systems of linear equations): every exercise is linted, each
one behaves as promised on a pinned variant, the generators keep their promises, and the
lesson and its figures are well formed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from importlib import resources
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforml.curriculum import week
from mathforml.curriculum.c1.w2._common import friendly_system
from mathforml.curriculum.c1.w2._rank import matrix_of_rank
from mathforml.curriculum.c1.w2.exercises import EXERCISES
from mathforml.engine import Exercise, check_answer, generate_params, lint_exercise
from mathforml.engine._lint import latex_problem
from mathforml.toolkit import linalg

WEEK = "c1w2"
TOPICS = ("elimination", "row echelon form", "rank", "image compression")
BY_ID = {ex.id: ex for ex in EXERCISES}
SEEDS = st.integers(min_value=0, max_value=2**53 - 1)
FIGURE_LIMIT_BYTES = 10_000


def _codes(result: Any) -> list[str]:
    return [f.code for f in result.feedback]


# ---------------------------------------------------------------- the week as a whole


def test_week_lists_at_least_nine_exercises_with_unique_kebab_ids() -> None:
    ids = [ex.id for ex in EXERCISES]
    assert len(ids) >= 9
    assert len(set(ids)) == len(ids)
    for ex_id in ids:
        assert re.fullmatch(rf"{WEEK}\.[a-z0-9]+(-[a-z0-9]+)*", ex_id), ex_id
    assert "c1w2.rank-of-matrix" in ids


def test_every_exercise_uses_a_week_topic_and_every_topic_is_practised() -> None:
    assert {ex.topic for ex in EXERCISES} == set(TOPICS)
    assert all(isinstance(ex, Exercise) and ex.title for ex in EXERCISES)


def test_the_week_uses_several_answer_kinds() -> None:
    kinds = {type(ex.answer_kind).__name__ for ex in EXERCISES}
    assert {"Vector", "Matrix", "Choice", "Integer", "Rational"} <= kinds


def test_the_catalogue_serves_the_week_with_its_lesson() -> None:
    w = week(WEEK)
    assert w.available
    assert [ex.id for ex in w.exercises] == [ex.id for ex in EXERCISES]
    assert w.topics == TOPICS
    assert w.lesson().startswith("# ")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_exercise_passes_the_lint(exercise: Exercise) -> None:
    report = lint_exercise(exercise, samples=60)
    assert report.ok, "\n".join(report.problems)


# ---------------------------------------------------------------- pinned variants

# (exercise id, seed, params, right answer as typed, {misconception: wrong answer as typed},
#  text the prompt shows, text the solution shows). Answers were worked out by hand.
PINNED = [
    (
        "c1w2.row-operation",
        9,
        {"M": [[-8, 3, 4, 2], [-2, -4, 5, 5], [-3, -5, -1, 2]], "i": 0, "j": 1, "k": 4},
        "[0, 19, -16, -18; -2, -4, 5, 5; -3, -5, -1, 2]",
        {
            "added-instead-of-subtracted": "[-16, -13, 24, 22; -2, -4, 5, 5; -3, -5, -1, 2]",
            "changed-the-other-row": "[-8, 3, 4, 2; 0, 19, -16, -18; -3, -5, -1, 2]",
            "forgot-the-multiplier": "[-6, 7, -1, -3; -2, -4, 5, 5; -3, -5, -1, 2]",
        },
        [r"R_{1} \leftarrow R_{1} - 4R_{2}", "-8 & 3 & 4 & 2"],
        ["0 & 19 & -16 & -18", "stays as it is"],
    ),
    (
        "c1w2.elimination-multiplier",
        8,
        {"M": [[-3, -2, -4, 2], [0, 5, 0, -6], [0, -8, -3, 0]], "row": 2, "pivot_row": 1, "col": 1},
        "-8/5",
        {"inverted-ratio": "-5/8", "wrong-sign": "8/5"},
        ["pivot is $5$", "row 3, column 2"],
        [r"\frac{-8}{5}", r"-\frac{8}{5}"],
    ),
    (
        "c1w2.row-echelon-form",
        5,  # a zero pivot: R1 and R2 must be swapped first
        {"A": [[0, 4, 0], [2, -4, 4], [-2, 3, -3]], "b": [-12, 20, -14]},
        "[1, -2, 2, 10; 0, 1, 0, -3; 0, 0, 1, 3]",
        {
            "pivots-not-scaled": "[2, -4, 4, 20; 0, 4, 0, -12; 0, 0, 1, 3]",
            "constants-not-updated": "[1, -2, 2, -12; 0, 1, 0, 20; 0, 0, 1, -14]",
        },
        ["0 & 4 & 0 & -12", "2 & -4 & 4 & 20"],
        ["R1 ↔ R2", "1 & -2 & 2 & 10"],
    ),
    (
        "c1w2.row-echelon-form",
        9,  # fractions
        {"A": [[-6, 1], [4, -2]], "b": [-6, 1]},
        "[1, -1/6, 1; 0, 1, 9/4]",
        {
            "pivots-not-scaled": "[-6, 1, -6; 0, -4/3, -3]",
            "constants-not-updated": "[1, -1/6, -6; 0, 1, 1]",
        },
        ["-6 & 1 & -6", "4 & -2 & 1"],
        [r"\frac{9}{4}", r"-\frac{1}{6}"],
    ),
    (
        "c1w2.back-substitution",
        8,
        {"M": [[1, -3, -3, 2, -20], [0, 1, 0, 3, 8], [0, 0, 1, -2, 1], [0, 0, 0, 1, 2]]},
        "[-3, 2, 5, 2]",
        {"read-last-column": "[-20, 8, 1, 2]", "sign-slip": "[-49, 14, -3, 2]"},
        ["1 & -3 & -3 & 2 & -20", "x_1, x_2, x_3, x_4"],
        ["x_{3} &= 1 + 2x_{4} = 1 + 2 \\cdot 2 = 5", "= -3"],
    ),
    (
        "c1w2.solve-3x3",
        9,
        {"A": [[-1, 1, 2], [-1, 3, 4], [2, -4, -3]], "b": [-1, 3, 1]},
        "[4, 1, 1]",
        {"forgot-right-side": "[3, 2, 1]", "reversed-order": "[1, 1, 4]"},
        ["-x + y + 2z &= -1", "2x - 4y - 3z &= 1"],
        ["$x = 4$", "$y = 1$", "$z = 1$"],
    ),
    (
        "c1w2.solve-3x3",
        23,  # a zero pivot in the first column
        {"A": [[0, -3, 6], [2, 0, 2], [-1, -1, -2]], "b": [9, 8, -7]},
        "[2, 1, 2]",
        {},
        ["-3y + 6z &= 9", "2x + 2z &= 8"],
        ["R1 ↔ R2", "$x = 2$"],
    ),
    (
        "c1w2.prices-from-receipts",
        8,
        {
            "items": ["pear", "lemon", "banana"],
            "Q": [[2, 1, 1], [2, 2, 1], [3, 3, 1]],
            "totals": [16, 18, 25],
        },
        "[5, 2, 4]",
        {"one-equation-per-fruit": "[-2, 61, -34]", "reversed-order": "[4, 2, 5]"},
        ["2 pears, 1 lemon and 1 banana, €16", "€25", "`[pear, lemon, banana]`"],
        ["one pear costs €5", "2x + y + z &= 16"],
    ),
    (
        "c1w2.reduced-row-echelon-form",
        6,
        {"A": [[-1, 2, -3, 7], [1, 0, -1, -1], [0, 2, -4, 6]]},
        "[1, 0, -1, -1; 0, 1, -2, 3; 0, 0, 0, 0]",
        {
            "stopped-at-echelon-form": "[1, -2, 3, -7; 0, 1, -2, 3; 0, 0, 0, 0]",
            "dropped-zero-row": "[1, 0, -1, -1; 0, 1, -2, 3]",
        },
        ["-1 & 2 & -3 & 7", "3×4"],
        ["columns 1, 2", "1 & 0 & -1 & -1"],
    ),
    (
        "c1w2.how-many-solutions",
        3,
        {"M": [[2, -2, 4, 2], [0, 0, 1, 6], [0, 0, 0, 0]]},
        "infinitely many",
        {"zero-row-means-none": "none"},
        ["2 & -2 & 4 & 2"],
        ["$y$ has no pivot", "$3 - 2 = 1$"],
    ),
    (
        "c1w2.how-many-solutions",
        9,
        {"M": [[-2, 6, -6, 6], [0, 0, 0, 2], [0, 0, 0, 0]]},
        "none",
        {"missed-contradiction": "infinitely many"},
        ["0 & 0 & 0 & 2"],
        ["= 2$", "**no solution**"],
    ),
    (
        "c1w2.how-many-solutions",
        15,
        {"M": [[2, 3, 5, -5], [0, 1, -6, 4], [0, 0, 1, 0]]},
        "exactly one",
        {"zero-constant-means-free": "infinitely many"},
        ["0 & 1 & -6 & 4"],
        ["**exactly one**", "= 3$"],
    ),
    (
        "c1w2.rank-of-matrix",
        8,  # row 3 = 2·row 1, row 4 = row 1 + row 2
        {"A": [[4, 2, -2, 2], [-4, 2, -3, 2], [8, 4, -4, 4], [0, 4, -5, 4]]},
        "2",
        {"counted-rows": "4", "pairwise-multiples-only": "3"},
        ["4 & 2 & -2 & 2"],
        [r"\operatorname{rank} A = 2", "**2**"],
    ),
    (
        "c1w2.free-variables",
        9,
        {"A": [[0, 1, -3, -1, 0], [1, -4, 0, 4, -3]]},
        "3",
        {"rows-minus-rank": "0", "gave-the-rank": "2"},
        ["0 & 1 & -3 & -1 & 0", "x_1, x_2, x_3, x_4, x_5"],
        ["5 - 2 = 3", "x_{3}, x_{4}, x_{5}"],
    ),
    (
        "c1w2.redundant-features",
        9,
        {
            "row": "day",
            "features": [
                "visitors",
                "pears sold",
                "pear revenue at €3 each",
                "apples sold",
                "revenue (apples €2, pears €3)",
            ],
            "X": [
                [22, 15, 45, 25, 95],
                [26, 8, 24, 18, 60],
                [23, 20, 60, 13, 86],
                [50, 14, 42, 38, 118],
                [65, 19, 57, 19, 95],
            ],
            "relations": [
                "pear revenue at €3 each = 3 × pears sold",
                "revenue (apples €2, pears €3) = 2 × apples sold + 3 × pears sold",
            ],
        },
        "3",
        {"counted-features": "5", "only-proportional-columns": "4"},
        ["column 3: pear revenue at €3 each", "22 & 15 & 45 & 25 & 95"],
        [r"\operatorname{rank} X = 3", "= 2 × apples sold + 3 × pears sold"],
    ),
    (
        "c1w2.rank-one-image",
        9,
        {"u": [3, 2], "v": [5, 0, 5, 3]},
        "[15, 0, 15, 9; 10, 0, 10, 6]",
        {
            "transposed-product": "[15, 10; 0, 0; 15, 10; 9, 6]",
            "added-instead-of-multiplied": "[8, 3, 8, 6; 7, 2, 7, 5]",
        },
        ["2×4", "5 & 0 & 5 & 3"],
        ["3 \\cdot 5", "2 + 4 = 6 numbers"],
    ),
    (
        "c1w2.low-rank-storage",
        9,
        {"m": 128, "n": 96, "k": 24, "scheme": "separate"},
        "5400",
        {"full-image": "12288", "singular-values-miscounted": "5376", "one-piece-only": "225"},
        ["128×96", "rank-24"],
        ["24 \\cdot (128 + 96 + 1) = 5{,}400", "12,288 pixels"],
    ),
    (
        "c1w2.compression-break-even",
        33,
        {"m": 184, "n": 480, "scheme": "folded"},
        "133",
        {"rounded-up": "134", "max-rank": "184", "singular-values-miscounted": "132"},
        ["184×480"],
        ["664k < 88320", "664 \\cdot 133 = 88312"],
    ),
]


@pytest.mark.parametrize(
    ("ex_id", "seed", "params", "right", "wrong", "in_prompt", "in_solution"),
    PINNED,
    ids=[f"{p[0]}@{p[1]}" for p in PINNED],
)
def test_pinned_variant_behaves_as_worked_out_by_hand(
    ex_id: str,
    seed: int,
    params: dict,
    right: str,
    wrong: dict[str, str],
    in_prompt: list[str],
    in_solution: list[str],
) -> None:
    exercise = BY_ID[ex_id]
    assert generate_params(exercise, seed) == params
    assert check_answer(exercise, seed, right).correct
    for name, typed in wrong.items():
        result = check_answer(exercise, seed, typed)
        assert not result.correct
        assert f"misconception:{name}" in _codes(result), (name, _codes(result))
    prompt, solution = exercise.prompt(params), exercise.solution(params)
    for text in in_prompt:
        assert text in prompt, text
    for text in in_solution:
        assert text in solution, text


def test_every_exercise_has_a_pinned_variant() -> None:
    assert {p[0] for p in PINNED} == set(BY_ID)


def test_every_misconception_is_pinned_somewhere() -> None:
    pinned = {(p[0], name) for p in PINNED for name in p[4]}
    for ex in EXERCISES:
        names = {m.name for s in range(60) for m in ex.misconceptions(generate_params(ex, s))}
        for name in names:
            assert (ex.id, name) in pinned, (ex.id, name)


def test_an_unreadable_answer_is_invalid_not_wrong() -> None:
    result = check_answer(BY_ID["c1w2.row-echelon-form"], 5, "[1, 2; 3")
    assert result.status == "invalid"


# ---------------------------------------------------------------- generators keep promises


@settings(max_examples=60, deadline=None)
@given(seed=SEEDS, n=st.sampled_from([2, 3, 4]), swap=st.booleans())
def test_friendly_systems_are_non_singular_and_stay_in_integers(
    seed: int, n: int, swap: bool
) -> None:
    A, b, x = friendly_system(np.random.default_rng(seed), n, swap=swap)
    M = sympy.Matrix(A)
    assert M.det() != 0
    assert list(M.LUsolve(sympy.Matrix(b))) == x
    ref = linalg.row_echelon_form(A, b)
    assert all(v.denominator == 1 for row in ref.matrix for v in row)
    assert ref.swaps == (1 if swap else 0)


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, m=st.integers(2, 4), n=st.integers(2, 5), data=st.data())
def test_matrices_of_a_given_rank_have_that_rank(
    seed: int, m: int, n: int, data: st.DataObject
) -> None:
    rank = data.draw(st.integers(1, min(m, n)))
    A = matrix_of_rank(np.random.default_rng(seed), m, n, rank)
    assert np.array(A).shape == (m, n)
    assert sympy.Matrix(A).rank() == rank


@settings(max_examples=60, deadline=None)
@given(seed=SEEDS)
def test_how_many_solutions_shows_a_true_echelon_form(seed: int) -> None:
    M = generate_params(BY_ID["c1w2.how-many-solutions"], seed)["M"]
    leads = [next((c for c, v in enumerate(row) if v != 0), None) for row in M]
    nonzero = [c for c in leads if c is not None]
    assert leads[: len(nonzero)] == nonzero, "zero rows must be at the bottom"
    assert nonzero == sorted(set(nonzero)), "each pivot lies right of the one above"


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS)
def test_row_echelon_variants_are_non_singular_with_small_fractions(seed: int) -> None:
    p = generate_params(BY_ID["c1w2.row-echelon-form"], seed)
    assert sympy.Matrix(p["A"]).det() != 0
    ref = BY_ID["c1w2.row-echelon-form"].answer(p)
    n = len(p["A"])
    assert all(ref[i][i] == 1 and all(ref[i][j] == 0 for j in range(i)) for i in range(n))
    assert all(Fraction(v).denominator <= 8 for row in ref for v in row)


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS)
def test_solve_and_price_variants_have_whole_number_answers(seed: int) -> None:
    for ex_id in ("c1w2.solve-3x3", "c1w2.prices-from-receipts"):
        ex = BY_ID[ex_id]
        answer = ex.answer(generate_params(ex, seed))
        assert all(Fraction(v).denominator == 1 for v in answer)


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS)
def test_redundant_features_rank_is_features_minus_relations(seed: int) -> None:
    p = generate_params(BY_ID["c1w2.redundant-features"], seed)
    assert BY_ID["c1w2.redundant-features"].answer(p) == len(p["features"]) - len(p["relations"])


@settings(max_examples=100, deadline=None)
@given(seed=SEEDS)
def test_break_even_rank_is_the_last_that_saves_storage(seed: int) -> None:
    ex = BY_ID["c1w2.compression-break-even"]
    p = generate_params(ex, seed)
    per = p["m"] + p["n"] + (1 if p["scheme"] == "separate" else 0)
    k = ex.answer(p)
    assert k * per < p["m"] * p["n"] <= (k + 1) * per


# ---------------------------------------------------------------- the lesson and figures


def _lesson() -> str:
    return resources.files("mathforml.curriculum.c1.w2").joinpath("lesson.md").read_text("utf-8")


def _figures() -> list[str]:
    return re.findall(r"!\[[^\]]+\]\((figures/[\w.-]+\.svg)\)", _lesson())


def test_lesson_math_is_balanced_and_well_formed() -> None:
    text = _lesson()
    assert latex_problem(text) is None
    for block in re.findall(r"\$\$(.*?)\$\$", text, flags=re.S):
        assert block.strip(), "an empty display block"
    # display math sits on its own lines
    for line in text.splitlines():
        if "$$" in line:
            own_line = line.strip() == "$$"
            one_line_block = line.count("$$") == 2 and line.strip().startswith("$$")
            assert own_line or one_line_block, line


def test_lesson_has_a_title_an_overview_sections_and_a_fitting_length() -> None:
    text = _lesson()
    assert text.startswith("# ")
    sections = re.findall(r"^## (.+)$", text, flags=re.M)
    assert len(sections) >= 6
    assert sections[-1] == "Check yourself"
    prose = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|!\[[^\]]*\]\([^)]*\)", " ", text, flags=re.S)
    words = len(re.findall(r"[A-Za-z][A-Za-z'-]*", prose))
    assert 1800 <= words <= 3000, words


def test_check_yourself_names_every_exercise_of_the_week() -> None:
    check = _lesson().split("## Check yourself", 1)[1]
    for ex in EXERCISES:
        assert f"**{ex.title}**" in check, ex.title


def test_lesson_worked_example_is_right() -> None:
    # 2x + 4y − 2z = 10, x + y − 4z = 7, 3x + 8y + 6z = 8 has the solution (2, 1, −1).
    A, b = [[2, 4, -2], [1, 1, -4], [3, 8, 6]], [10, 7, 8]
    assert linalg.solve(A, b).solution == [2, 1, -1]
    assert linalg.row_echelon_form(A, b).matrix == [[1, 2, -1, 5], [0, 1, 3, -2], [0, 0, 1, -1]]
    singular = [[1, 2, 3], [2, 1, 0], [3, 3, 3]]
    assert linalg.solve(singular, [6, 3, 9]).kind == "infinite"
    assert linalg.solve(singular, [6, 3, 10]).kind == "none"
    assert linalg.rank(singular) == 2


def test_figures_exist_are_small_self_contained_svgs_and_are_all_used() -> None:
    figures = _figures()
    assert len(figures) >= 2
    folder = resources.files("mathforml.curriculum.c1.w2").joinpath("figures")
    on_disk = {f"figures/{f.name}" for f in folder.iterdir() if f.name.endswith(".svg")}
    assert set(figures) == on_disk
    for name in figures:
        data = resources.files("mathforml.curriculum.c1.w2").joinpath(name).read_bytes()
        assert len(data) <= FIGURE_LIMIT_BYTES, (name, len(data))
        root = ET.fromstring(data)
        assert root.tag.endswith("svg"), name
        assert root.get("viewBox"), name
        text = data.decode("utf-8")
        assert "href" not in text, name
        assert "<script" not in text, name
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), name
        assert root.find("{http://www.w3.org/2000/svg}title") is not None, name
