import numpy as np
import pytest

from mathforml.engine import Misconception, lint_exercise
from mathforml.engine._lint import latex_problem
from tests.engine._toy import Sum, Whole


def test_a_sound_exercise_passes_with_every_misconception_exercised():
    report = lint_exercise(Sum(), samples=40)
    assert report.ok, report.problems
    assert report.samples == 40
    assert report.misconception_hits["subtracted"] > 0


def test_a_wrong_answer_key_is_caught_by_the_independent_computation():
    class OffByOne(Sum):
        def answer(self, p):
            return p["a"] + p["b"] + (p["a"] == 7)

    report = lint_exercise(OffByOne(), samples=200)
    assert not report.ok
    assert any("disagrees with the independent computation" in p for p in report.problems)


def test_a_misconception_that_never_applies_fails():
    class Idle(Sum):
        def misconceptions(self, p):
            return [Misconception("never", "…", None)]

    report = lint_exercise(Idle(), samples=20)
    assert any("'never' never applied" in p for p in report.problems)


def test_an_exercise_without_misconceptions_fails():
    class Silent(Sum):
        def misconceptions(self, p):
            return []

    assert any("no misconception" in p for p in lint_exercise(Silent(), samples=5).problems)


def test_a_misconception_graded_correct_or_unrecognised_fails():
    class Unrecognised(Sum):
        def misconceptions(self, p):
            return [Misconception("off", "…", p["a"] + p["b"] + 1)]

        def kind(self, p):
            blind = Whole()
            blind.equal = lambda a, b: False  # this grader never recognises the mistake
            return blind

    report = lint_exercise(Unrecognised(), samples=5)
    assert not report.ok


def test_non_json_parameters_and_nondeterminism_are_reported():
    class Sloppy(Sum):
        calls = 0

        def generate(self, rng):
            Sloppy.calls += 1
            return {"a": np.int64(1), "b": Sloppy.calls}

    report = lint_exercise(Sloppy(), samples=2)
    text = " ".join(report.problems)
    assert "different parameters" in text
    assert "JSON" in text


def test_a_crashing_exercise_is_a_lint_failure_not_a_crash():
    class Broken(Sum):
        def solution(self, p):
            raise ZeroDivisionError("boom")

    report = lint_exercise(Broken(), samples=3)
    assert any("ZeroDivisionError" in p for p in report.problems)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (r"$\frac{1}{2}$", None),
        (r"$$\begin{bmatrix}1\end{bmatrix}$$ and $x$", None),
        (r"$\frac{1}{2$", "unbalanced '{'"),
        (r"$x}$", "unbalanced '}'"),
        (r"$x$ and $y", "odd number"),
        (r"$\begin{bmatrix}1$", "\\begin without"),
        (r"costs \$5 and $x$", None),
    ],
)
def test_latex_structure_check(text, problem):
    found = latex_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found
