from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathforml.progress import least_solved

IDS = ["w.a", "w.b", "w.c"]


def attempt(exercise_id: str, status: str = "correct") -> SimpleNamespace:
    return SimpleNamespace(exercise_id=exercise_id, status=status)


def test_fresh_week_starts_at_the_first_exercise():
    assert least_solved(IDS, []) == "w.a"


def test_only_correct_answers_count_as_solved():
    attempts = [attempt("w.a"), attempt("w.b", "incorrect"), attempt("w.b", "revealed")]
    assert least_solved(IDS, attempts) == "w.b"


def test_the_one_just_practised_waits_unless_it_is_alone():
    assert least_solved(IDS, [], not_this="w.a") == "w.b"
    assert least_solved(["w.a"], [], not_this="w.a") == "w.a"


def test_no_exercises_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="no exercises"):
        least_solved([], [])


@given(st.lists(st.sampled_from(IDS), max_size=30))
def test_choice_is_never_solved_more_often_than_another(solved):
    chosen = least_solved(IDS, [attempt(e) for e in solved])
    assert all(solved.count(chosen) <= solved.count(other) for other in IDS)
