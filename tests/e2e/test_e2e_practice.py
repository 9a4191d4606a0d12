"""A learner practises in the browser: a wrong answer gets the misconception's
feedback, a right one the worked solution; the preview shows how input is read."""

from __future__ import annotations

import re

from ._learner import answers, variant_of

WEEK = "c1w1"
EXERCISE = "c1w1.determinant-2x2"
MATRIX_EXERCISE = "c1w1.coefficient-matrix"


def test_wrong_then_right_answer_shows_feedback_then_the_worked_solution(
        page, expect, screenshot):
    page.goto(f"/practice/{WEEK}?exercise={EXERCISE}")
    exercise_id, seed = variant_of(page)
    assert exercise_id == EXERCISE
    expected = answers(exercise_id, seed)
    expect(page.locator(".prompt math").first).to_be_visible()

    answer = page.get_by_label("Your answer")
    answer.fill(expected.wrong)
    page.get_by_role("button", name="Check").click()
    outcome = page.locator("#outcome .outcome")
    expect(outcome).to_have_class(re.compile(r"\bincorrect\b"))
    expect(outcome.locator(".verdict")).to_contain_text("Not yet")
    expect(outcome.locator(".feedback").first).to_contain_text(expected.feedback)
    expect(outcome.locator(".feedback math").first).to_be_visible()
    expect(outcome.locator(".understood math")).to_be_visible()
    # Not finished: no solution yet, the answer box stays for another try.
    expect(page.locator(".solution")).to_have_count(0)
    expect(answer).to_be_visible()
    expect(answer).to_be_focused()
    assert expected.right not in outcome.inner_text()
    screenshot(page, "practice-wrong")

    answer.fill(expected.right)
    page.get_by_role("button", name="Check").click()
    expect(outcome).to_have_class(re.compile(r"\bcorrect\b"))
    expect(outcome.locator(".verdict")).to_contain_text("Correct")
    solution = page.get_by_role("region", name="Worked solution")
    expect(solution).to_be_visible()
    expect(solution.locator("math").first).to_be_visible()
    expect(solution.locator(".answer-line")).to_contain_text(expected.right)
    expect(page.locator("form.answer-form")).to_be_hidden()
    expect(page.locator("#next-link")).to_be_focused()
    screenshot(page, "practice-solution")

    # A correct answer finishes the variant: the exercise comes back as a new one.
    page.reload()
    assert variant_of(page) != (exercise_id, seed)
    assert variant_of(page)[0] == EXERCISE


def test_live_preview_shows_how_the_answer_is_read(page, expect, screenshot):
    page.goto(f"/practice/{WEEK}?exercise={MATRIX_EXERCISE}")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("preview")
    answer = page.get_by_label("Your answer")

    # Typed key by key, as a person does: the preview follows the text.
    answer.press_sequentially("[1, 2; 3, 4")
    expect(preview.locator(".preview-error")).to_be_visible()
    expect(preview.locator(".pointer")).to_contain_text("^")
    screenshot(page, "practice-preview-error")
    answer.press_sequentially("]")
    grid = preview.locator("math mtable")
    expect(grid).to_be_visible()
    expect(grid.locator(":scope > mtr")).to_have_count(2)
    expect(grid.locator(":scope > mtr").first.locator(":scope > mtd")).to_have_count(2)
    expect(grid).to_contain_text("4")
    expect(preview.locator(".preview-error")).to_have_count(0)
    screenshot(page, "practice-preview")

    answer.fill("")
    answer.press_sequentially("x")
    answer.press("Backspace")
    expect(preview).to_contain_text("A preview of how your answer is read")
    # Previewing records nothing: the outcome slot is still empty.
    expect(page.locator("#outcome .outcome")).to_have_count(0)

