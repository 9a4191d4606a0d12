"""Hostile strings: NUL bytes, huge answers, any Unicode. Stored safely or refused clearly."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathforml.errors import MathformlError
from mathforml.store import MAX_ANSWER_CHARS, NUL_REPLACEMENT, InvalidRecord, Store
from mathforml.store._values import storable_text


def answer(store: Store, raw: str, **overrides):
    me = store.learner("hostile")
    fields = {"exercise_id": "c1w1.det", "week_id": "c1w1", "seed": 1, "variant_number": 0,
              "answer_raw": raw, "status": "invalid"}
    fields.update(overrides)
    stored = store.record_attempt(me, **fields)
    (read,) = [a for a in store.attempts(me) if a.id == stored.id]
    assert read == stored
    return read


def test_nul_bytes_in_an_answer_are_stored_visibly_as_the_null_symbol(store):
    # PostgreSQL refuses U+0000 in text, so it is replaced on every backend alike.
    read = answer(store, "1\x002\x00")
    assert read.answer_raw == f"1{NUL_REPLACEMENT}2{NUL_REPLACEMENT}" == "1␀2␀"
    assert read.answer_length == 4
    assert not read.truncated


def test_an_answer_of_only_nul_bytes_is_kept(store):
    read = answer(store, "\x00" * MAX_ANSWER_CHARS)
    assert read.answer_raw == NUL_REPLACEMENT * MAX_ANSWER_CHARS


def test_nul_bytes_in_feedback_codes_are_replaced(store):
    read = answer(store, "x", feedback_codes=["sign\x00", "\x00"])
    assert read.feedback_codes == ("sign␀", "␀")


def test_a_huge_answer_is_cut_to_the_bound_quickly_and_its_length_kept(store):
    huge = "9" * 5_000_000
    started = time.perf_counter()
    read = answer(store, huge)
    assert time.perf_counter() - started < 2.0
    assert read.answer_raw == "9" * MAX_ANSWER_CHARS
    assert read.answer_length == 5_000_000
    assert read.truncated


@pytest.mark.parametrize(
    "text",
    [
        "λ² − 3λ + 2",
        "x⁻¹ ≈ ½ · √2 ∈ ℝ",
        "行列式は −2",
        "‏مصفوفة‎ [1, 2]",  # right-to-left marks
        "e\u0301\u0301\u0301",  # stacked combining accents
        "👩‍👩‍👧‍👦 🧮 𝔸𝕓𝕔",  # zero-width joiners, astral planes
        "\ufeff\u200b\u2028\u2029",  # BOM, zero-width space, Unicode line separators
        "'; DROP TABLE attempts; --",
        "\\frac{1}{2} $x$ %s %(name)s {0} ?",
        "\t\r\n\x1b[31mred\x1b[0m\x7f",
        "🧮" * MAX_ANSWER_CHARS,  # 4000 characters of 4 bytes each: the bound is in characters
    ],
)
def test_unicode_and_control_characters_round_trip_exactly(store, text):
    read = answer(store, text)
    assert read.answer_raw == text
    assert read.answer_length == len(text)


def test_lone_surrogates_become_the_replacement_character(store):
    # They cannot be encoded as UTF-8, so no database driver can send them.
    read = answer(store, "a\ud800b\udfff")
    assert read.answer_raw == "a\ufffdb\ufffd"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=4100))
def test_any_text_is_stored_as_its_cleaned_prefix(store, raw):
    read = answer(store, raw)
    assert read.answer_raw == storable_text(raw[:MAX_ANSWER_CHARS])
    assert read.answer_length == len(raw)


@pytest.mark.parametrize(
    "name",
    ["Zoë", "李雷", "O'Brien", 'say "hi"', "robert'); DROP TABLE learners;--", "😀", "a" * 100],
)
def test_unusual_learner_names_round_trip(store, name):
    learner = store.learner(name)
    assert learner.name == name
    assert store.learner(name) == learner


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        (" ada", "spaces"),
        ("ada\x00", "U\\+0000"),
        ("ada\nbob", "U\\+000A"),
        ("ada\ud800", "U\\+D800"),
        ("a" * 101, "at most 100"),
        (42, "is text"),
        (None, "is text"),
    ],
)
def test_bad_learner_names_are_refused_clearly(store, name, message):
    with pytest.raises(InvalidRecord, match=message) as info:
        store.learner(name)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, MathformlError)


def test_an_error_about_a_huge_value_stays_short(store):
    with pytest.raises(InvalidRecord) as info:
        store.learner("x" * 1_000_000)
    assert len(str(info.value)) < 200
    assert "1,000,000 characters" in str(info.value)


def test_a_refused_name_creates_no_learner(store):
    with pytest.raises(InvalidRecord):
        store.learner("bad\x00name")
    with store._engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM learners").scalar() == 0
