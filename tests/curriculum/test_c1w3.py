"""Course 1, Week 3 (vectors and linear transformations): the lesson and every exercise.

Every template is linted (answer key against an independent computation, every
misconception recognised), each one is checked by hand on the lesson's own worked
examples, and each misconception is shown to a learner on a concrete seed.
"""

from __future__ import annotations

import re
from fractions import Fraction
from importlib import resources

import numpy as np
import pytest

from mathforml.curriculum import week
from mathforml.curriculum.c1.w3.exercises import EXERCISES
from mathforml.engine import check_answer, generate_params, lint_exercise
from mathforml.engine._lint import latex_problem

BY_ID = {ex.id: ex for ex in EXERCISES}
PACKAGE = "mathforml.curriculum.c1.w3"


def _lesson() -> str:
    return resources.files(PACKAGE).joinpath("lesson.md").read_text(encoding="utf-8")


# --- the week as a whole -------------------------------------------------------------------


def test_the_week_has_enough_uniquely_named_exercises_on_its_own_topics():
    topics = set(week("c1w3").topics)
    assert len(EXERCISES) >= 9
    assert len(BY_ID) == len(EXERCISES)
    for ex in EXERCISES:
        assert re.fullmatch(r"c1w3\.[a-z0-9]+(-[a-z0-9]+)*", ex.id), ex.id
        assert ex.topic in topics, (ex.id, ex.topic)
    assert {ex.topic for ex in EXERCISES} == topics  # every topic is practised
    assert len({type(ex.kind(generate_params(ex, 0))).__name__ for ex in EXERCISES}) >= 5


def test_the_catalogue_serves_this_week():
    assert week("c1w3").available
    assert [ex.id for ex in week("c1w3").exercises] == [ex.id for ex in EXERCISES]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
def test_lint_passes(exercise):
    report = lint_exercise(exercise, samples=60)
    assert report.ok, "\n".join(report.problems)


# --- the lesson ----------------------------------------------------------------------------


def test_lesson_is_balanced_markdown_with_math():
    text = _lesson()
    assert text.startswith("# ")
    assert latex_problem(text) is None
    assert text.count("$$") % 2 == 0
    words = len(re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S).split())
    assert 1800 <= words <= 3200, words


def test_lesson_figures_exist_are_small_and_self_contained():
    text = _lesson()
    figures = re.findall(r"!\[([^\]]+)\]\((figures/[^)]+\.svg)\)", text)
    assert len(figures) >= 2
    root = resources.files(PACKAGE)
    for alt, path in figures:
        assert len(alt) > 20, path
        svg = root.joinpath(path).read_text(encoding="utf-8")
        assert len(svg.encode()) <= 10_000, path
        assert "viewBox" in svg, path
        assert "<title" in svg, path
        assert "http://" not in svg.replace("http://www.w3.org/2000/svg", ""), path
        assert "https://" not in svg, path
        assert "xlink:href" not in svg, path


def test_lesson_ends_by_naming_every_exercise():
    text = _lesson()
    check = text[text.index("## Check yourself"):]
    for ex in EXERCISES:
        assert f"**{ex.title}**" in check, ex.title


# --- the answer keys on the lesson's own worked examples -----------------------------------

HAND_CHECKED = [
    ("c1w3.vector-norm", {"v": [3, -4], "p": 1}, 7),
    ("c1w3.vector-norm", {"v": [3, -4], "p": 2}, 5),
    ("c1w3.distance-between-points", {"a": [1, 2], "b": [4, 6]}, 5),
    ("c1w3.dot-product", {"u": [2, 1, 3], "v": [1, -2, 2]}, 6),
    ("c1w3.angle-between-vectors", {"u": [3, 1], "v": [1, 2]}, 45),
    ("c1w3.orthogonal-k", {"u": [3, 4], "v": [2, 0], "j": 1}, Fraction(-3, 2)),
    ("c1w3.image-of-point", {"t": {"name": "rotation", "degrees": 90}, "point": [2, 1]},
     [-1, 2]),
    ("c1w3.image-of-point", {"t": {"name": "shear", "axis": "x", "m": 2}, "point": [1, 3]},
     [7, 3]),
    ("c1w3.image-of-point", {"t": {"name": "reflection", "axis": "y=-x"}, "point": [1, 3]},
     [-3, -1]),
    ("c1w3.matrix-vector-product", {"A": [[3, 1], [1, 2]], "v": [2, -1]}, [5, 0]),
    ("c1w3.matrix-product", {"A": [[1, 2], [3, 4]], "B": [[0, 1], [1, -1]]},
     [[2, -1], [4, -1]]),
    ("c1w3.compose-transformations",
     {"first": {"name": "rotation", "degrees": 90},
      "second": {"name": "shear", "axis": "x", "m": 1}},
     [[1, -1], [1, 0]]),
    ("c1w3.inverse-2x2", {"A": [[4, 2], [3, 2]]}, [[1, -1], [Fraction(-3, 2), 2]]),
    ("c1w3.singular-k", {"A": [[2, 0], [1, 2]], "k_at": [0, 1]}, 4),
    ("c1w3.perceptron-output", {"w": [3.0, 2.0], "x": [2, 3], "b": 5.0}, 17),
    ("c1w3.batch-predictions", {"W": [[3, 2]], "X": [[2, 1, 3], [3, 2, 4]], "b": 5},
     [17, 12, 22]),
    ("c1w3.squared-error-cost", {"y_hat": [17, 12, 22], "y": [16, 13, 22]}, Fraction(1, 3)),
]


@pytest.mark.parametrize(("exercise_id", "params", "expected"), HAND_CHECKED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(HAND_CHECKED)])
def test_answer_key_matches_the_worked_example(exercise_id, params, expected):
    ex = BY_ID[exercise_id]
    kind = ex.kind(params)
    assert kind.equal(kind.normalize(ex.answer(params)), kind.normalize(expected))
    assert kind.equal(kind.normalize(ex.independent_answer(params)), kind.normalize(expected))


def test_product_shape_reads_the_inner_and_outer_sizes():
    ex = BY_ID["c1w3.product-shape"]
    options = ["2 × 4", "4 × 2", "3 × 3", "not defined"]
    assert ex.answer({"A_shape": [2, 3], "B_shape": [3, 4], "options": options}) == "2 × 4"
    assert ex.answer({"A_shape": [3, 4], "B_shape": [2, 3], "options": options}) == "not defined"


# --- a learner's view, on concrete seeds ---------------------------------------------------


def _misconception_cases():
    """(exercise, misconception name, first seed where that mistake applies)."""
    cases = []
    for ex in EXERCISES:
        found: dict[str, int] = {}
        for seed in range(200):
            p = generate_params(ex, seed)
            kind = ex.kind(p)
            expected = kind.normalize(ex.answer(p))
            for m in ex.misconceptions(p):
                if m.name in found or m.answer is None:
                    continue
                if not kind.equal(kind.normalize(m.answer), expected):
                    found[m.name] = seed
        cases += [(ex, name, seed) for name, seed in found.items()]
    return cases


MISCONCEPTION_CASES = _misconception_cases()


def test_every_declared_misconception_has_a_seed_where_it_applies():
    covered = {(ex.id, name) for ex, name, _ in MISCONCEPTION_CASES}
    for ex in EXERCISES:
        for seed in range(3):
            for m in ex.misconceptions(generate_params(ex, seed)):
                assert (ex.id, m.name) in covered, (ex.id, m.name)


@pytest.mark.parametrize(("exercise", "name", "seed"), MISCONCEPTION_CASES,
                         ids=[f"{c[0].id}:{c[1]}" for c in MISCONCEPTION_CASES])
def test_the_misconception_answer_gets_its_own_feedback(exercise, name, seed):
    p = generate_params(exercise, seed)
    kind = exercise.kind(p)
    (m,) = [m for m in exercise.misconceptions(p) if m.name == name]
    result = check_answer(exercise, seed, kind.text(kind.normalize(m.answer)))
    assert result.status == "incorrect"
    assert f"misconception:{name}" in [f.code for f in result.feedback]
    assert result.feedback[0].message.strip()


def _numbers(p) -> list[str]:
    """The learner-visible numbers of a variant (indices and option lists excluded)."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            for key, value in x.items():
                if key not in {"j", "k_at", "options", "name", "axis"}:
                    walk(value)
        elif isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, int | float) and not isinstance(x, bool):
            out.append(str(int(x)) if float(x).is_integer() else str(x))

    walk(p)
    return out


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.id)
@pytest.mark.parametrize("seed", [3, 17])
def test_right_answer_is_correct_and_texts_show_the_variant(exercise, seed):
    p = generate_params(exercise, seed)
    kind = exercise.kind(p)
    expected = kind.normalize(exercise.answer(p))
    result = check_answer(exercise, seed, kind.text(expected))
    assert result.correct, result.feedback
    prompt, solution = exercise.prompt(p), exercise.solution(p)
    numbers = [n for n in _numbers(p) if n != "0"]  # a zero may stand where k goes
    missing = [n for n in numbers if n not in prompt]
    assert not missing, (missing, prompt)
    assert sum(n in solution for n in numbers) >= min(2, len(numbers)), solution
    assert check_answer(exercise, seed, kind.invalid_example()).status == "invalid"


def test_same_seed_same_variant_and_new_seeds_vary():
    for ex in EXERCISES:
        assert generate_params(ex, 5) == generate_params(ex, 5)
        assert len({repr(generate_params(ex, s)) for s in range(12)}) >= 6, ex.id


# --- properties of the generated variants --------------------------------------------------

SEEDS = range(150)


def test_generated_inverses_really_invert():
    ex = BY_ID["c1w3.inverse-2x2"]
    for seed in SEEDS:
        p = generate_params(ex, seed)
        inverse = np.array([[float(x) for x in row] for row in ex.answer(p)])
        assert np.allclose(np.array(p["A"]) @ inverse, np.eye(2))
        denominators = {Fraction(x).denominator for row in ex.answer(p) for x in row}
        assert max(denominators) <= 4  # friendly fractions


def test_generated_angles_are_the_nice_ones():
    ex = BY_ID["c1w3.angle-between-vectors"]
    for seed in SEEDS:
        angle = ex.answer(generate_params(ex, seed))
        assert min(abs(angle - nice) for nice in (45, 60, 90, 120, 135)) < 1e-9, angle


def test_singular_k_makes_the_determinant_vanish_and_only_then():
    ex = BY_ID["c1w3.singular-k"]
    for seed in SEEDS:
        p = generate_params(ex, seed)
        i, j = p["k_at"]
        A = np.array(p["A"], dtype=float)
        k = ex.answer(p)
        A[i, j] = float(k)
        assert abs(np.linalg.det(A)) < 1e-9
        A[i, j] = float(k) + 1
        assert abs(np.linalg.det(A)) > 1e-9


def test_composition_applies_the_first_transformation_first():
    ex = BY_ID["c1w3.compose-transformations"]
    from mathforml.curriculum.c1.w3._transformations import numpy_matrix

    point = np.array([2, 5])
    for seed in SEEDS:
        p = generate_params(ex, seed)
        step_by_step = numpy_matrix(p["second"]) @ (numpy_matrix(p["first"]) @ point)
        combined = np.array([[float(x) for x in row] for row in ex.answer(p)])
        assert np.allclose(combined @ point, step_by_step)


def test_product_shape_options_are_distinct_and_contain_the_answer():
    ex = BY_ID["c1w3.product-shape"]
    defined = 0
    for seed in SEEDS:
        p = generate_params(ex, seed)
        assert len(set(p["options"])) == len(p["options"]) >= 4
        assert ex.answer(p) in p["options"]
        defined += ex.answer(p) != "not defined"
    assert 0.5 < defined / len(SEEDS) < 0.9  # both cases are practised
