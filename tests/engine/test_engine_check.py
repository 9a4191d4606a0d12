from mathforml.engine import check_answer, generate_params
from mathforml.engine._check import MAX_ANSWER_CHARS
from tests.engine._toy import Sum


def _params(seed):
    return generate_params(Sum(), seed)


def test_right_answer_is_correct_and_carries_the_solution():
    p = _params(1)
    result = check_answer(Sum(), 1, str(p["a"] + p["b"]))
    assert result.correct
    assert result.expected_text == str(p["a"] + p["b"])
    assert f"{p['a']} + {p['b']}" in result.solution


def test_declared_misconception_comes_before_generic_feedback():
    p = _params(2)
    result = check_answer(Sum(), 2, str(p["a"] - p["b"]))
    assert result.status == "incorrect"
    assert result.feedback[0].code == "misconception:subtracted"


def test_generic_kind_feedback_is_kept():
    p = _params(4)
    result = check_answer(Sum(), 4, str(-(p["a"] + p["b"])))
    assert "sign" in [f.code for f in result.feedback]


def test_unreadable_answer_is_invalid_with_a_message_and_no_verdict():
    result = check_answer(Sum(), 1, "twelve")
    assert result.status == "invalid"
    assert "whole number" in result.feedback[0].message
    assert result.expected_text == ""  # an invalid answer reveals nothing


def test_oversized_answer_is_refused_before_parsing():
    result = check_answer(Sum(), 1, "1" * (MAX_ANSWER_CHARS + 1))
    assert result.status == "invalid"
    assert f"{MAX_ANSWER_CHARS:,}" in result.feedback[0].message


def test_non_text_answer_is_invalid_not_a_crash():
    result = check_answer(Sum(), 1, None)  # type: ignore[arg-type]
    assert result.status == "invalid"


def test_result_to_json_names_status_and_feedback_codes():
    p = _params(2)
    data = check_answer(Sum(), 2, str(p["a"] - p["b"])).to_json()
    assert data["status"] == "incorrect"
    assert data["correct"] is False
    assert data["feedback"][0]["code"] == "misconception:subtracted"
