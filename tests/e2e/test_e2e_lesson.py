"""A learner opens the course, goes to a week and reads its lesson with typeset math."""

from __future__ import annotations

import re

from mathforml import curriculum

WEEK = "c1w1"


def test_home_leads_to_a_lesson_with_rendered_math(page, expect, screenshot):
    week = curriculum.week(WEEK)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mathematics for Machine Learning")
    expect(page.locator("ol.weeks > li.week")).not_to_have_count(0)
    screenshot(page, "home")

    page.locator("ol.weeks").get_by_role("link", name=week.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/week/{WEEK}$"))
    lesson = page.locator("article.lesson")
    expect(lesson.get_by_role("heading", level=1)).to_have_text(week.title)

    # Math is MathML, typeset by the browser: present, visible, and no TeX left over.
    maths = lesson.locator("math")
    assert maths.count() > 20
    expect(maths.first).to_be_visible()
    blocks = lesson.locator('.math-display > math[display="block"]')
    assert blocks.count() > 0
    expect(blocks.first).to_be_visible()
    text = lesson.inner_text()
    for raw in ("$$", "\\begin", "\\frac", "\\cdot", "\\\\"):
        assert raw not in text, f"raw TeX {raw!r} in the lesson"
    assert "$" not in re.sub(r"€|\$\d", "", text), "a $ delimiter survived"

    # A matrix is laid out as a grid: its rows stack, its cells sit side by side.
    table = lesson.locator("math mtable").first
    table.evaluate("t => t.closest('.math-display').scrollIntoView({block: 'center'})")
    expect(table).to_be_visible()
    rows = table.locator(":scope > mtr")
    assert rows.count() >= 2
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert first
    assert second
    assert first["height"] > 0
    assert second["y"] >= first["y"] + first["height"] - 1
    cells = rows.nth(0).locator(":scope > mtd")
    assert cells.count() >= 2
    left, right = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert left
    assert right
    assert right["x"] >= left["x"] + left["width"] - 1
    assert abs(right["y"] - left["y"]) < 2

    screenshot(page, f"lesson-{WEEK}-math", full_page=False)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"lesson-{WEEK}", full_page=False)
    screenshot(page, f"lesson-{WEEK}-full")
