"""A learner answers in the browser, then finds the answers counted on /progress
and on the home page."""

from __future__ import annotations

import re

from mathforml import curriculum

from ._learner import answers, variant_of

WEEK = "c1w1"
EXERCISE = "c1w1.determinant-3x3"


def _counts(page, topic: str) -> tuple[int, int]:
    """(answers in the week, answers on ``topic``) as /progress shows them."""
    card = page.locator("section.week-progress", has=page.locator(f"#wp-{WEEK}"))
    head = card.locator(".wp-head .muted").inner_text()
    match = re.match(r"(\d+) answers", head)
    assert match, head
    row = card.locator("tbody tr", has=page.locator("th", has_text=re.compile(f"^{topic}$")))
    return int(match[1]), int(row.locator("td.num").first.inner_text())


def test_progress_counts_an_answer_given_in_the_browser(page, expect, screenshot):
    topic = curriculum.exercise(EXERCISE).topic
    page.goto("/progress")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    week_before, topic_before = _counts(page, topic)

    page.goto(f"/practice/{WEEK}?exercise={EXERCISE}")
    expected = answers(*variant_of(page))
    page.get_by_label("Your answer").fill(expected.wrong)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#outcome .outcome.incorrect")).to_be_visible()
    page.get_by_label("Your answer").fill(expected.right)
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#outcome .outcome.correct")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page).to_have_url(re.compile(r"/progress$"))
    assert _counts(page, topic) == (week_before + 2, topic_before + 2)
    card = page.locator("section.week-progress", has=page.locator(f"#wp-{WEEK}"))
    row = card.locator("tbody tr", has=page.locator("th", has_text=re.compile(f"^{topic}$")))
    # One of the two was right, and the topic now has a review date.
    expect(row.locator("td").nth(1)).not_to_have_text("–")
    review = row.locator("td").nth(3).locator("time")
    expect(review).to_have_text(re.compile(r"^(now|today|tomorrow|in \d days|\d+ \w{3})$"))
    expect(review).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    mastery = int(card.locator(".meter.big").get_attribute("aria-valuenow"))
    assert mastery > 0
    screenshot(page, "progress")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    meter = page.get_by_role("meter", name=f"Mastery of {curriculum.week(WEEK).title}")
    assert int(meter.get_attribute("aria-valuenow")) == mastery
    screenshot(page, "home-after-practice")
