"""Every page fits a 375 px phone screen: nothing makes the page scroll sideways
(wide math and tables scroll inside their own boxes)."""

from __future__ import annotations

import pytest

from ._learner import answers, variant_of

PAGES = {
    "home": "/",
    "lesson-c1w1": "/week/c1w1",
    "lesson-c1w2": "/week/c1w2",
    "practice-c1w1": "/practice/c1w1?exercise=c1w1.coefficient-matrix",
    "progress": "/progress",
}

# The widths of the viewport, the body and the document, and (to say what is wrong
# when they differ) the outermost elements that stick out on the right.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const sticksOut = (e) => e && e.getBoundingClientRect().right > width + 1;
  const clipped = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")]
    .filter((e) => sticksOut(e) && !sticksOut(e.parentElement) && !clipped(e))
    .slice(0, 5)
    .map((e) => `<${e.tagName.toLowerCase()}> in <${e.parentElement.tagName.toLowerCase()}`
                + ` class="${e.parentElement.getAttribute("class") || ""}">: `
                + `right edge ${Math.round(e.getBoundingClientRect().right)} px, `
                + JSON.stringify(e.textContent.trim().slice(0, 60)));
  return {width, body: document.body.scrollWidth, doc: document.documentElement.scrollWidth,
          wide};
}"""


def assert_fits(page) -> None:
    sizes = page.evaluate(OVERFLOW)
    assert sizes["width"] == 375
    overflow = max(sizes["body"], sizes["doc"]) - sizes["width"]
    assert overflow <= 0, (f"{page.url} scrolls sideways by {overflow} px at 375 px; "
                           f"sticking out: {sizes['wide']}")


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_a_phone(phone_page, screenshot, name):
    phone_page.goto(PAGES[name])
    screenshot(phone_page, f"phone-{name}", full_page=False)  # first, to show a failure
    assert_fits(phone_page)


def test_feedback_and_solution_fit_a_phone(phone_page, expect, screenshot):
    phone_page.goto("/practice/c1w1?exercise=c1w1.coefficient-matrix")
    expected = answers(*variant_of(phone_page))
    box = phone_page.get_by_label("Your answer")
    box.fill(expected.wrong)
    phone_page.get_by_role("button", name="Check").tap()
    expect(phone_page.locator("#outcome .outcome.incorrect")).to_be_visible()
    assert_fits(phone_page)
    box.fill(expected.right)
    phone_page.get_by_role("button", name="Check").tap()
    expect(phone_page.get_by_role("region", name="Worked solution")).to_be_visible()
    assert_fits(phone_page)
    screenshot(phone_page, "phone-practice-solution")
