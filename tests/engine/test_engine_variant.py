from hypothesis import given
from hypothesis import strategies as st

from mathforml.engine import generate_params, make_variant, variant_seed
from mathforml.engine._variant import SEED_BITS
from tests.engine._toy import Sum


@given(st.text(max_size=30), st.integers(min_value=0, max_value=10**6))
def test_variant_seed_is_a_pure_function_of_exercise_learner_and_attempt(learner, attempt):
    first = variant_seed("c1w2.rank-of-matrix", learner, attempt)
    assert first == variant_seed("c1w2.rank-of-matrix", learner, attempt)
    assert 0 <= first < 2**SEED_BITS


def test_new_attempts_and_other_learners_get_other_seeds():
    seeds = {variant_seed("c1w1.x", "ada", n) for n in range(200)}
    seeds |= {variant_seed("c1w1.x", "bob", n) for n in range(200)}
    assert len(seeds) == 400


def test_same_seed_gives_same_variant_and_other_seeds_vary():
    ex = Sum()
    assert generate_params(ex, 7) == generate_params(ex, 7)
    assert len({tuple(generate_params(ex, s).values()) for s in range(50)}) > 30


def test_variant_serialises_to_json_with_prompt_and_how_to_answer():
    v = make_variant(Sum(), 3)
    data = v.to_json()
    assert data["id"] == "t1w1.sum"
    assert data["seed"] == 3
    assert data["kind"] == "whole"
    assert data["help"] == "Type a whole number."
    assert str(data["params"]["a"]) in data["prompt"]


def test_negative_seed_is_refused_with_the_value_quoted():
    import pytest

    with pytest.raises(ValueError, match="-1"):
        generate_params(Sum(), -1)
