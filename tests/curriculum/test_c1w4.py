"""Course 1, week 4 (determinants and eigenvectors): the lesson, the lint of every
exercise, and each exercise's behaviour on concrete variants."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathforml import curriculum
from mathforml.curriculum.c1.w4 import exercises as w4
from mathforml.engine import Exercise, check_answer, generate_params, lint_exercise, make_variant
from mathforml.engine._lint import latex_problem
from mathforml.toolkit import linalg
from mathforml.types import Params

TOPICS = ("determinant as area", "bases and span", "eigenvalues", "eigenvectors", "PCA")
BY_ID = {ex.id: ex for ex in w4.EXERCISES}
#: Figures must stay small enough to inline in a page.
MAX_FIGURE_BYTES = 10_000


def lesson() -> str:
    return resources.files("mathforml.curriculum.c1.w4").joinpath("lesson.md").read_text("utf-8")


def seed_where(exercise: Exercise, predicate: Callable[[Params], bool], limit: int = 2000) -> int:
    """The first seed whose variant satisfies ``predicate`` (the tests pin behaviour on it)."""
    for seed in range(limit):
        if predicate(generate_params(exercise, seed)):
            return seed
    raise AssertionError(f"no variant of {exercise.id} in {limit} seeds satisfies the predicate")


def codes(exercise: Exercise, seed: int, typed: str) -> list[str]:
    result = check_answer(exercise, seed, typed)
    assert result.status == "incorrect", (typed, result.status, result.feedback)
    return [f.code for f in result.feedback]


def assert_correct(exercise: Exercise, seed: int, typed: str) -> None:
    result = check_answer(exercise, seed, typed)
    assert result.correct, (typed, result.status, result.feedback, result.expected_text)


def signed(x: int) -> str:
    """A term written as a learner types it after a previous one: ``+ 3`` or ``- 3``."""
    return f"- {-x}" if x < 0 else f"+ {x}"


def frac(x: Fraction) -> str:
    return str(Fraction(x))


# --- the week as a whole -----------------------------------------------------------------


@pytest.mark.parametrize("exercise", w4.EXERCISES, ids=lambda ex: ex.id)
def test_every_exercise_passes_the_lint(exercise: Exercise) -> None:
    report = lint_exercise(exercise, samples=60)
    assert report.ok, "\n".join(report.problems)


def test_the_week_has_enough_exercises_on_its_own_topics() -> None:
    assert len(w4.EXERCISES) >= 9
    assert len(BY_ID) == len(w4.EXERCISES), "exercise ids must be unique"
    for ex in w4.EXERCISES:
        assert ex.id.startswith("c1w4."), ex.id
        assert re.fullmatch(r"c1w4\.[a-z0-9]+(-[a-z0-9]+)*", ex.id), ex.id
        assert ex.topic in TOPICS, (ex.id, ex.topic)
    assert {ex.topic for ex in w4.EXERCISES} == set(TOPICS)
    kinds = {type(ex.kind(generate_params(ex, 0))).__name__ for ex in w4.EXERCISES}
    assert len(kinds) >= 7, kinds


def test_the_catalogue_serves_the_week() -> None:
    week = curriculum.week("c1w4")
    assert week.available
    assert [ex.id for ex in week.exercises] == [ex.id for ex in w4.EXERCISES]
    assert week.lesson().startswith("# Determinants and eigenvectors")


def test_the_same_seed_gives_the_same_variant() -> None:
    for ex in w4.EXERCISES:
        assert make_variant(ex, 12345) == make_variant(ex, 12345)


def test_lesson_math_is_balanced_and_display_math_stands_alone() -> None:
    text = lesson()
    assert latex_problem(text) is None
    for line in text.splitlines():
        if "$$" in line:
            assert line.strip().startswith("$$") or line.strip().endswith("$$"), line
    prose = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)  # display math is not prose
    words = len(re.sub(r"\$[^$]*\$", "x", prose).split())  # an inline formula is one word
    assert 1800 <= words <= 3000, words


def test_lesson_covers_the_topics_in_order() -> None:
    headings = [line[3:] for line in lesson().splitlines() if line.startswith("## ")]
    assert headings[0].startswith("The determinant as an area")
    assert any("Bases" in h for h in headings)
    assert any("Markov" in h for h in headings)
    assert any("PCA" in h for h in headings)
    assert headings[-1] == "Check yourself"


def test_check_yourself_names_every_exercise() -> None:
    check = lesson().split("## Check yourself", 1)[1]
    for ex in w4.EXERCISES:
        assert f"**{ex.title}**" in check, ex.title


def test_lesson_figures_exist_are_small_and_self_contained() -> None:
    text = lesson()
    figures = re.findall(r"!\[([^\]]+)\]\((figures/[^)]+\.svg)\)", text)
    assert len(figures) >= 2
    package = resources.files("mathforml.curriculum.c1.w4")
    for alt, path in figures:
        assert len(alt) > 20, f"alt text of {path} is not descriptive"
        svg = package.joinpath(path).read_text("utf-8")
        assert len(svg.encode()) <= MAX_FIGURE_BYTES, path
        assert svg.lstrip().startswith("<svg"), path
        assert "viewBox=" in svg, path
        assert "<title>" in svg, path
        assert "href=" not in svg, f"{path} must not reference anything outside itself"
        outside = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "http://" not in outside, f"{path} must not reference anything outside itself"


def test_display_math_stands_alone_and_feedback_is_well_formed() -> None:
    for ex in w4.EXERCISES:
        for seed in range(25):
            p = generate_params(ex, seed)
            for text in (ex.prompt(p), ex.solution(p)):
                for paragraph in text.split("\n\n"):
                    if "$$" in paragraph:
                        block = paragraph.strip()
                        assert block.startswith("$$"), (ex.id, seed, paragraph)
                        assert block.endswith("$$"), (ex.id, seed, paragraph)
            for m in ex.misconceptions(p):
                assert latex_problem(m.feedback) is None, (ex.id, m.name, m.feedback)
                assert len(m.feedback) > 40, (ex.id, m.name)


def test_prompts_say_how_to_type_the_answer() -> None:
    for ex in w4.EXERCISES:
        variant = make_variant(ex, 3)
        # A multiple choice is answered by picking one of its listed options.
        assert "Type" in variant.prompt or variant.options, ex.id


# --- determinant as area -----------------------------------------------------------------


def test_parallelogram_area_is_the_absolute_determinant() -> None:
    ex = BY_ID["c1w4.parallelogram-area"]
    seed = seed_where(ex, lambda p: p["shape_area"] == 1 and np.linalg.det(p["M"]) < -0.5)
    p = generate_params(ex, seed)
    (a, b), (c, d) = p["M"]
    det = a * d - b * c
    assert_correct(ex, seed, str(abs(det)))
    assert "misconception:signed-determinant" in codes(ex, seed, str(det))
    prompt = ex.prompt(p)
    assert rf"{a} \\ {c}" in prompt
    assert rf"{b} \\ {d}" in prompt
    assert f"= {abs(det)}" in ex.solution(p)


def test_area_of_an_image_scales_the_shape_area() -> None:
    ex = BY_ID["c1w4.parallelogram-area"]
    seed = seed_where(
        ex, lambda p: p["shape_area"] > 1 and p["M"][0][1] * p["M"][1][0] != 0
        and p["M"][0][0] * p["M"][1][1] != 0
    )
    p = generate_params(ex, seed)
    (a, b), (c, d) = p["M"]
    s = p["shape_area"]
    assert_correct(ex, seed, str(s * abs(a * d - b * c)))
    assert "misconception:added-cross-term" in codes(ex, seed, str(s * abs(a * d + b * c)))
    assert f"area {s}" in ex.prompt(p)


def test_determinant_of_a_product_multiplies() -> None:
    ex = BY_ID["c1w4.det-of-product"]
    seed = seed_where(ex, lambda p: p["which"] == 2)  # det(A^2 B)
    p = generate_params(ex, seed)
    da = round(np.linalg.det(p["A"]))
    db = round(np.linalg.det(p["B"]))
    assert "A^2 B" in ex.prompt(p)
    assert_correct(ex, seed, str(da**2 * db))
    if 2 * da + db != da**2 * db:
        assert "misconception:added-determinants" in codes(ex, seed, str(2 * da + db))
    if 2 * da * db != da**2 * db:
        assert "misconception:power-times-det" in codes(ex, seed, str(2 * da * db))
    assert str(da**2 * db) in ex.solution(p)


def test_determinant_of_a_product_with_an_inverse_is_a_fraction() -> None:
    ex = BY_ID["c1w4.det-of-product"]
    seed = seed_where(
        ex, lambda p: p["which"] == 5 and abs(round(np.linalg.det(p["A"]))) > 1
    )
    p = generate_params(ex, seed)
    da = round(np.linalg.det(p["A"]))
    db = round(np.linalg.det(p["B"]))
    assert_correct(ex, seed, frac(Fraction(db, da)))
    assert "misconception:inverse-as-negative" in codes(ex, seed, str(-da * db))


def test_determinant_of_an_inverse_is_the_reciprocal() -> None:
    ex = BY_ID["c1w4.det-of-inverse"]
    seed = seed_where(ex, lambda p: len(p["A"]) == 3)
    p = generate_params(ex, seed)
    det = round(np.linalg.det(p["A"]))
    assert_correct(ex, seed, f"1/{det}")
    assert "misconception:negated" in codes(ex, seed, str(-det))
    assert "misconception:forgot-reciprocal" in codes(ex, seed, str(det))
    assert "misconception:negative-reciprocal" in codes(ex, seed, f"-1/{det}")
    assert linalg.latex_matrix(p["A"]) in ex.prompt(p)
    assert linalg.latex_number(Fraction(1, det)) in ex.solution(p)


# --- bases and span ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "right", "wrong", "name"),
    [
        ("dependent", "no", "yes", "dependent-vectors"),
        ("too-many", "no", "yes", "too-many-vectors"),
        ("too-few", "no", "yes", "too-few-vectors"),
    ],
)
def test_is_basis_names_why_a_set_fails(case: str, right: str, wrong: str, name: str) -> None:
    ex = BY_ID["c1w4.is-basis"]
    seed = seed_where(ex, lambda p: p["case"] == case and p["dim"] == 3)
    p = generate_params(ex, seed)
    assert_correct(ex, seed, right)
    assert f"misconception:{name}" in codes(ex, seed, wrong)
    assert linalg.latex_vector(p["vectors"][0]) in ex.prompt(p)
    assert "**no**" in ex.solution(p)


def test_independent_vectors_form_a_basis_whatever_their_angles() -> None:
    ex = BY_ID["c1w4.is-basis"]

    def oblique(p: Params) -> bool:
        v = np.array(p["vectors"])
        return p["case"] == "independent" and (v @ v.T - np.diag(np.diag(v @ v.T))).any()

    seed = seed_where(ex, oblique)
    assert_correct(ex, seed, "yes")
    assert_correct(ex, seed, "a")  # the option's letter works too
    assert "misconception:orthogonal-required" in codes(ex, seed, "no")


def test_coordinates_in_a_basis_solve_b_c_equals_v() -> None:
    ex = BY_ID["c1w4.coordinates-in-basis"]
    seed = seed_where(ex, lambda p: len(p["v"]) == 2)
    p = generate_params(ex, seed)
    B = np.array(p["basis"]).T
    c = np.linalg.solve(B, p["v"]).round().astype(int)
    assert_correct(ex, seed, f"[{c[0]}, {c[1]}]")
    multiplied = B @ np.array(p["v"])
    if not np.array_equal(multiplied, c):
        assert "misconception:multiplied-by-basis" in codes(
            ex, seed, f"[{multiplied[0]}, {multiplied[1]}]"
        )
    if not np.array_equal(np.array(p["v"]), c):
        assert "misconception:standard-coordinates" in codes(ex, seed, f"{p['v'][0]}, {p['v'][1]}")
    assert linalg.latex_vector(p["v"]) in ex.prompt(p)
    assert linalg.latex_vector([int(x) for x in c]) in ex.solution(p)


# --- eigenvalues -------------------------------------------------------------------------


def test_characteristic_polynomial_accepts_lambda_typed_either_way() -> None:
    ex = BY_ID["c1w4.characteristic-polynomial"]
    seed = 7
    p = generate_params(ex, seed)
    (a, b), (c, d) = p["A"]
    tr, det = a + d, a * d - b * c
    assert_correct(ex, seed, f"lambda^2 {signed(-tr)}lambda {signed(det)}")
    assert_correct(ex, seed, f"λ^2 {signed(-tr)}λ {signed(det)}")
    assert_correct(ex, seed, f"({a} - lambda)({d} - lambda) - ({b})({c})")
    sign_slip = f"lambda^2 {signed(tr)}lambda {signed(det)}"
    assert "misconception:trace-sign" in codes(ex, seed, sign_slip)
    assert "misconception:diagonal-only" in codes(
        ex, seed, f"lambda^2 {signed(-tr)}lambda {signed(a * d)}"
    )
    assert linalg.latex_matrix(p["A"]) in ex.prompt(p)
    assert f"{a} - \\lambda" in ex.solution(p)


def test_eigenvalues_are_the_roots_not_the_diagonal() -> None:
    ex = BY_ID["c1w4.eigenvalues-2x2"]
    seed = seed_where(ex, lambda p: p["A"][0][0] + p["A"][1][1] != 0)
    p = generate_params(ex, seed)
    (a, _b), (_c, d) = p["A"]
    values = sorted(round(x) for x in np.linalg.eigvals(np.array(p["A"], dtype=float)).real)
    assert_correct(ex, seed, "{" + f"{values[1]}, {values[0]}" + "}")
    assert_correct(ex, seed, f"{values[0]}, {values[1]}")
    assert "misconception:diagonal-entries" in codes(ex, seed, "{" + f"{a}, {d}" + "}")
    assert "misconception:trace-sign" in codes(ex, seed, "{" + f"{-values[0]}, {-values[1]}" + "}")
    solution = ex.solution(p)
    assert f"\\lambda = {values[0]}" in solution
    assert f"\\lambda = {values[1]}" in solution


# --- eigenvectors ------------------------------------------------------------------------


def test_eigenvector_is_the_null_space_of_the_shifted_matrix() -> None:
    ex = BY_ID["c1w4.eigenvector-for-eigenvalue"]
    seed = seed_where(ex, lambda p: len(p["A"]) == 2)
    p = generate_params(ex, seed)
    A = np.array(p["A"])
    lam = p["values"][p["ask"]]
    shifted = A - lam * np.eye(2, dtype=int)
    row = next(r for r in shifted if r.any())
    v = np.array([-row[1], row[0]])  # perpendicular to the row, so (A − λI)v = 0
    assert np.array_equal(A @ v, lam * v)
    assert_correct(ex, seed, f"[{v[0]}, {v[1]}]")
    assert_correct(ex, seed, f"[{-3 * v[0]}, {-3 * v[1]}]")  # any non-zero multiple
    assert "misconception:row-of-shifted-matrix" in codes(ex, seed, f"[{row[0]}, {row[1]}]")
    assert check_answer(ex, seed, "[0, 0]").status == "incorrect"
    assert f"\\lambda = {lam}" in ex.prompt(p)
    assert linalg.latex_matrix(shifted.tolist()) in ex.solution(p)


def test_eigenvector_of_a_triangular_3x3_matrix() -> None:
    ex = BY_ID["c1w4.eigenvector-for-eigenvalue"]
    seed = seed_where(ex, lambda p: len(p["A"]) == 3)
    p = generate_params(ex, seed)
    lam = p["values"][p["ask"]]
    other = next(x for x in p["values"] if x != lam)
    A = np.array(p["A"], dtype=float)
    values, vectors = np.linalg.eig(A)
    right = vectors[:, np.argmin(abs(values - lam))]
    wrong = vectors[:, np.argmin(abs(values - other))]
    assert_correct(ex, seed, "[" + ", ".join(f"{x:.12f}" for x in right) + "]")
    assert "misconception:other-eigenvalue" in codes(
        ex, seed, "[" + ", ".join(f"{x:.12f}" for x in wrong) + "]"
    )


@pytest.mark.parametrize(
    ("family", "right", "wrong", "name"),
    [
        ("rotation", 0, 2, "complex-eigenvectors"),
        ("shear", 1, 2, "counted-repeated-eigenvalue"),
        ("uniform", 2, 1, "one-per-distinct-eigenvalue"),
        ("projection", 2, 1, "zero-eigenvalue-ignored"),
        ("reflection", 2, 1, "flipped-direction-ignored"),
    ],
)
def test_eigenvector_directions_of_familiar_maps(
    family: str, right: int, wrong: int, name: str
) -> None:
    ex = BY_ID["c1w4.eigenvector-directions"]
    seed = seed_where(ex, lambda p: p["family"] == family)
    p = generate_params(ex, seed)
    assert_correct(ex, seed, str(right))
    assert f"misconception:{name}" in codes(ex, seed, str(wrong))
    assert p["name"] in ex.solution(p)


def test_markov_steady_state_of_the_lesson_web() -> None:
    ex = BY_ID["c1w4.markov-steady-state"]
    lesson_links = [[1, 2], [0, 2], [0]]  # A → B, C; B → A, C; C → A
    seed = seed_where(ex, lambda p: p.get("links") == lesson_links, limit=4000)
    assert_correct(ex, seed, "[4/9, 2/9, 1/3]")
    assert_correct(ex, seed, "[0.4444, 0.2222, 0.3333]")
    assert check_answer(ex, seed, "[0.44, 0.22, 0.33]").status == "incorrect"  # too coarse
    assert "misconception:one-step" in codes(ex, seed, "[0, 1/2, 1/2]")
    assert "misconception:transposed-chain" in codes(ex, seed, "[1/3, 1/3, 1/3]")
    assert "misconception:not-normalised" in codes(ex, seed, "[1, 1/2, 3/4]")
    solution = ex.solution(generate_params(ex, seed))
    assert r"\frac{4}{9}" in solution


def test_markov_steady_state_of_the_weather() -> None:
    ex = BY_ID["c1w4.markov-steady-state"]
    seed = seed_where(ex, lambda p: p["story"] == "weather" and p["P"][1][0] != p["P"][0][1])
    p = generate_params(ex, seed)
    leave_sunny, leave_rainy = Fraction(p["P"][1][0]), Fraction(p["P"][0][1])
    total = leave_sunny + leave_rainy
    sunny, rainy = leave_rainy / total, leave_sunny / total
    assert_correct(ex, seed, f"[{sunny}, {rainy}]")
    assert "misconception:transposed-chain" in codes(ex, seed, "[1/2, 1/2]")
    assert "misconception:one-step" in codes(ex, seed, f"[{p['P'][0][0]}, {p['P'][1][0]}]")
    assert "sunny" in ex.prompt(p)


# --- PCA ---------------------------------------------------------------------------------


def matrix_text(M: np.ndarray) -> str:
    return "[" + "; ".join(", ".join(frac(Fraction(x)) for x in row) for row in M) + "]"


def test_covariance_divides_by_n_minus_one() -> None:
    ex = BY_ID["c1w4.covariance-matrix"]
    seed = 11
    p = generate_params(ex, seed)
    X = np.array(p["X"])
    n = len(X)
    dev = X - X.mean(axis=0)
    scatter = (dev.T @ dev).round().astype(int)
    right = [[Fraction(int(x), n - 1) for x in row] for row in scatter]
    assert_correct(ex, seed, matrix_text(np.array(right, dtype=object)))
    by_n = [[Fraction(int(x), n) for x in row] for row in scatter]
    by_n_text = matrix_text(np.array(by_n, dtype=object))
    assert "misconception:divided-by-n" in codes(ex, seed, by_n_text)
    raw = [[Fraction(int(x), n - 1) for x in row] for row in X.T @ X]
    raw_text = matrix_text(np.array(raw, dtype=object))
    assert "misconception:not-centered" in codes(ex, seed, raw_text)
    assert linalg.latex_matrix(p["X"]) in ex.prompt(p)
    assert f"n - 1 = {n - 1}" in ex.solution(p)


def test_explained_variance_from_eigh_reverses_the_order() -> None:
    ex = BY_ID["c1w4.explained-variance"]
    seed = seed_where(ex, lambda p: p["mode"] == "eigenvalues" and p["order"] == "ascending")
    p = generate_params(ex, seed)
    listed, k = p["listed"], p["k"]
    right = Fraction(sum(listed[-k:]), sum(listed))
    assert_correct(ex, seed, frac(right))
    assert_correct(ex, seed, f"{float(right):.4f}")
    smallest = Fraction(sum(listed[:k]), sum(listed))
    assert "misconception:first-k-listed" in codes(ex, seed, frac(smallest))
    assert str(listed[0]) in ex.prompt(p)
    assert "eigh" in ex.prompt(p)


def test_explained_variance_from_a_covariance_matrix() -> None:
    ex = BY_ID["c1w4.explained-variance"]
    seed = seed_where(ex, lambda p: p["mode"] == "covariance")
    p = generate_params(ex, seed)
    C = np.array(p["C"], dtype=float)
    values = np.linalg.eigvalsh(C)
    assert_correct(ex, seed, f"{values[-1] / values.sum():.6f}")
    diagonal = max(C[0, 0], C[1, 1]) / np.trace(C)
    assert "misconception:diagonal-as-variance" in codes(ex, seed, f"{diagonal:.6f}")
    assert "misconception:divided-by-rest" in codes(ex, seed, f"{values[-1] / values[0]:.6f}")
    assert linalg.latex_matrix(p["C"]) in ex.prompt(p)


def test_pca_reconstruction_projects_the_centred_point_and_adds_the_mean() -> None:
    ex = BY_ID["c1w4.pca-reconstruction"]
    seed = seed_where(ex, lambda p: abs(p["w"][0]) == 3 or abs(p["w"][0]) == 4)
    p = generate_params(ex, seed)
    u = np.array(p["w"]) / 5
    mean, x = np.array(p["mean"]), np.array(p["x"])
    z = u @ (x - mean)
    right = mean + z * u
    assert_correct(ex, seed, f"[{right[0]:.6f}, {right[1]:.6f}]")
    assert "misconception:forgot-mean" in codes(ex, seed, f"[{z * u[0]:.6f}, {z * u[1]:.6f}]")
    prompt = ex.prompt(p)
    assert linalg.latex_vector(p["x"]) in prompt
    assert linalg.latex_vector(p["mean"]) in prompt
    exact = [Fraction(float(v)).limit_denominator(1000) for v in right]
    assert linalg.latex_vector(exact) in ex.solution(p)


# --- properties of the generators (any seed a learner may draw) ---------------------------

SEEDS = st.integers(min_value=0, max_value=2**53 - 1)
FAST = settings(max_examples=40, deadline=None)


@FAST
@given(seed=SEEDS)
def test_eigen_matrices_are_never_triangular_and_have_the_stated_spectrum(seed: int) -> None:
    p = generate_params(BY_ID["c1w4.eigenvector-for-eigenvalue"], seed)
    A = np.array(p["A"], dtype=float)
    assert np.allclose(np.sort(np.linalg.eigvals(A).real), sorted(p["values"])), p
    assert len(set(p["values"])) == len(p["values"]), "eigenvalues must be distinct"
    if len(A) == 2:
        assert A[0, 1] != 0, p
        assert A[1, 0] != 0, p
        assert np.abs(A).max() <= 12, p


@FAST
@given(seed=SEEDS)
def test_eigenvalue_matrices_have_small_integer_eigenvalues(seed: int) -> None:
    p = generate_params(BY_ID["c1w4.eigenvalues-2x2"], seed)
    values = np.linalg.eigvals(np.array(p["A"], dtype=float))
    assert np.allclose(values.imag, 0), p
    assert np.allclose(values.real, values.real.round()), p
    assert abs(values[0] - values[1]) > 0.5, p


@FAST
@given(seed=SEEDS)
def test_generated_bases_match_their_case(seed: int) -> None:
    p = generate_params(BY_ID["c1w4.is-basis"], seed)
    v = np.array(p["vectors"])
    dim = p["dim"]
    expected = {"independent": (dim, dim), "dependent": (dim, dim - 1),
                "too-many": (dim + 1, dim), "too-few": (dim - 1, dim - 1)}
    assert (len(v), np.linalg.matrix_rank(v)) == expected[p["case"]], p


@FAST
@given(seed=SEEDS)
def test_coordinates_are_whole_numbers_in_a_real_basis(seed: int) -> None:
    p = generate_params(BY_ID["c1w4.coordinates-in-basis"], seed)
    B = np.array(p["basis"], dtype=float).T
    assert abs(np.linalg.det(B)) > 0.5, p
    c = np.linalg.solve(B, p["v"])
    assert np.allclose(c, c.round()), p


@FAST
@given(seed=SEEDS)
def test_markov_chains_are_stochastic_with_a_positive_steady_state(seed: int) -> None:
    ex = BY_ID["c1w4.markov-steady-state"]
    p = generate_params(ex, seed)
    P = np.array([[float(Fraction(x)) for x in row] for row in p["P"]])
    assert np.allclose(P.sum(axis=0), 1), p
    steady = np.array([float(x) for x in ex.answer(p)])
    assert (steady > 0).all(), p
    assert np.allclose(P @ steady, steady), p


@settings(max_examples=10, deadline=None)
@given(seed=SEEDS)
def test_markov_key_agrees_with_the_toolkit_eigen_decomposition(seed: int) -> None:
    ex = BY_ID["c1w4.markov-steady-state"]
    p = generate_params(ex, seed)
    eig = linalg.eigen([[Fraction(x) for x in row] for row in p["P"]])
    ones = [vs for lam, vs in zip(eig.values, eig.vectors, strict=True) if complex(lam) == 1]
    assert len(ones) == 1
    assert len(ones[0]) == 1, "the steady state must be unique"
    v = np.array([float(x) for x in ones[0][0]])
    assert np.allclose(v / v.sum(), [float(x) for x in ex.answer(p)])


@FAST
@given(seed=SEEDS)
def test_covariances_are_whole_numbers(seed: int) -> None:
    X = np.array(generate_params(BY_ID["c1w4.covariance-matrix"], seed)["X"], dtype=float)
    cov = np.cov(X, rowvar=False)
    assert np.allclose(cov, cov.round()), cov
    assert cov[0, 1] != 0, cov


@FAST
@given(seed=SEEDS)
def test_explained_variance_covariances_have_integer_eigenvalues(seed: int) -> None:
    p = generate_params(BY_ID["c1w4.explained-variance"], seed)
    if p["mode"] == "covariance":
        values = np.linalg.eigvalsh(np.array(p["C"], dtype=float))
        assert np.allclose(values, values.round()), p
        assert values[0] > 0, p
        assert values[1] > values[0], p
