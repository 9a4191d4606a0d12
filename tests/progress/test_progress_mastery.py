"""The mastery estimate: bounded, monotone in successes, and recency-weighted."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathforml.progress import HALF_LIFE, MASTERED, mastery

outcomes = st.lists(st.booleans(), max_size=60)


def test_an_unpractised_topic_has_no_mastery():
    assert mastery([]) == 0.0


def test_small_cases_match_the_posterior_mean_by_hand():
    decay = 0.5 ** (1 / HALF_LIFE)
    assert mastery([True]) == pytest.approx(1 / 2)
    assert mastery([False]) == 0.0
    # Older answers weigh decay^k: (decay·1 + 0) / (1 + decay + 1).
    assert mastery([True, False]) == pytest.approx(decay / (2 + decay))
    assert mastery([False, True]) == pytest.approx(1 / (2 + decay))


def test_about_five_correct_answers_in_a_row_reach_mastered():
    assert mastery([True] * 4) < MASTERED <= mastery([True] * 5)


def test_evidence_is_bounded_so_mastery_stays_below_one():
    limit = 1 / (1 - 0.5 ** (1 / HALF_LIFE))  # total weight of infinitely many answers
    assert mastery([True] * 10_000) == pytest.approx(limit / (limit + 1))
    assert mastery([True] * 10_000) < 1


def test_a_recent_success_counts_more_than_an_old_one():
    assert mastery([False, True]) > mastery([True, False])


def test_old_mistakes_fade_as_the_learner_improves():
    assert mastery([False] * 10 + [True] * 30) >= MASTERED


def test_half_life_must_be_positive():
    with pytest.raises(ValueError, match="half_life"):
        mastery([True], half_life=0)


@given(outcomes)
def test_mastery_lies_in_the_unit_interval(history):
    value = mastery(history)
    assert 0.0 <= value < 1.0
    assert math.isfinite(value)


@given(outcomes, st.data())
def test_turning_a_failure_into_a_success_never_lowers_mastery(history, data):
    failures = [i for i, ok in enumerate(history) if not ok]
    if not failures:
        return
    i = data.draw(st.sampled_from(failures))
    better = [*history[:i], True, *history[i + 1 :]]
    assert mastery(better) >= mastery(history)


@given(outcomes)
def test_a_new_success_never_lowers_and_a_new_failure_never_raises_mastery(history):
    before = mastery(history)
    assert mastery([*history, True]) >= before - 1e-12
    assert mastery([*history, False]) <= before + 1e-12


@given(st.integers(0, 40), st.integers(0, 40))
def test_more_successes_in_a_row_mean_more_mastery(shorter, extra):
    assert mastery([True] * (shorter + extra)) >= mastery([True] * shorter) - 1e-12
