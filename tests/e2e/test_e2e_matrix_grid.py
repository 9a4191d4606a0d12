"""A learner enters a matrix or vector answer into a grid of cells instead of typing
it as text; the grid and the text box stay in step, and the grid fits a phone."""

from __future__ import annotations

import re

import pytest

from ._learner import answers, variant_of
from .test_e2e_mobile import assert_fits

WEEK = "c1w1"
MATRIX_EXERCISE = "c1w1.coefficient-matrix"
VECTOR_EXERCISE = "c1w1.two-purchases"


def cells_of(text: str, *, vector: bool) -> list[list[str]]:
    """The entries of an answer in ``kind.text`` form, as grid rows: "[1, 2; 3, 4]" →
    [["1", "2"], ["3", "4"]]; a vector "[1, 2]" is a column [["1"], ["2"]]."""
    inner = text.strip()[1:-1]
    rows = [[entry.strip() for entry in row.split(",")] for row in inner.split(";")]
    if vector:
        assert len(rows) == 1, text
        return [[entry] for entry in rows[0]]
    return rows


def cell(page, i: int, j: int):
    return page.get_by_label(f"row {i}, column {j}", exact=True)


def resize(page, expect, name: str, count: int, *, thing: str) -> None:
    """Press + or − next to ``name`` ("Rows", "Columns", "Entries") until it shows ``count``."""
    dim = page.locator(".grid-dim", has_text=name)
    shown = dim.locator(".grid-count")
    while int(shown.inner_text()) != count:
        sign = "Add" if int(shown.inner_text()) < count else "Remove"
        page.get_by_role("button", name=f"{sign} {thing}", exact=True).click()
    expect(shown).to_have_text(str(count))


@pytest.mark.parametrize("exercise", [MATRIX_EXERCISE, VECTOR_EXERCISE])
def test_right_answer_entered_in_the_grid_is_correct(page, expect, screenshot, exercise):
    page.goto(f"/practice/{WEEK}?exercise={exercise}")
    exercise_id, seed = variant_of(page)
    vector = page.locator("article.exercise").get_attribute("data-kind") == "vector"
    rows = cells_of(answers(exercise_id, seed).right, vector=vector)

    text_box = page.get_by_label("Your answer")
    grid_button = page.get_by_role("button", name="Grid", exact=True)
    expect(grid_button).to_have_attribute("aria-pressed", "false")
    grid_button.click()
    expect(grid_button).to_have_attribute("aria-pressed", "true")
    expect(text_box).to_be_hidden()
    expect(page.get_by_role("group", name="Answer grid")).to_be_visible()
    expect(cell(page, 1, 1)).to_be_focused()

    if vector:
        resize(page, expect, "Entries", len(rows), thing="an entry")
        expect(page.get_by_role("button", name="Add a column")).to_have_count(0)
    else:
        resize(page, expect, "Rows", len(rows), thing="a row")
        resize(page, expect, "Columns", len(rows[0]), thing="a column")
    expect(page.locator(".grid-cells .cell")).to_have_count(len(rows) * len(rows[0]))

    # Typed as a keyboard user does: an entry, then Tab to the next cell.
    cell(page, 1, 1).focus()
    for i, row in enumerate(rows, start=1):
        for j, entry in enumerate(row, start=1):
            expect(cell(page, i, j)).to_be_focused()
            page.keyboard.type(entry)
            page.keyboard.press("Tab")

    # The live preview reads the text the grid wrote.
    table = page.locator("#preview math mtable")
    expect(table).to_be_visible()
    expect(table.locator(":scope > mtr")).to_have_count(len(rows))  # a vector as a column
    screenshot(page, f"matrix-grid-{'vector' if vector else 'matrix'}")

    page.get_by_role("button", name="Check").click()
    outcome = page.locator("#outcome .outcome")
    expect(outcome).to_have_class(re.compile(r"\bcorrect\b"))
    expect(outcome.locator(".verdict")).to_contain_text("Correct")
    expect(page.get_by_role("region", name="Worked solution")).to_be_visible()


def test_grid_and_text_stay_in_step(page, expect, screenshot):
    page.goto(f"/practice/{WEEK}?exercise={MATRIX_EXERCISE}")
    text_box = page.get_by_label("Your answer")
    text_button = page.get_by_role("button", name="Text", exact=True)
    grid_button = page.get_by_role("button", name="Grid", exact=True)

    # Text typed first fills the grid, in its shape.
    text_box.fill("[5, -6; 7/2, sqrt(2)]")
    toggle_box = page.locator(".entry-toggle").bounding_box()
    grid_button.click()
    assert page.locator(".entry-toggle").bounding_box() == toggle_box  # the toggle stays put
    expect(page.locator(".grid-cells .cell")).to_have_count(4)
    for (i, j), value in {(1, 1): "5", (1, 2): "-6", (2, 1): "7/2", (2, 2): "sqrt(2)"}.items():
        expect(cell(page, i, j)).to_have_value(value)

    # Arrow keys move between cells; left and right only at the ends of an entry.
    cell(page, 1, 1).focus()
    page.keyboard.press("ArrowDown")
    expect(cell(page, 2, 1)).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(cell(page, 2, 2)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cell(page, 1, 2)).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")
    expect(cell(page, 1, 1)).to_be_focused()

    # The grid's content comes back as text.
    cell(page, 2, 2).fill("4")
    page.get_by_role("button", name="Add a column").click()
    cell(page, 1, 3).fill("0")
    cell(page, 2, 3).fill("1")
    screenshot(page, "matrix-grid-edited")
    text_button.click()
    expect(text_box).to_be_visible()
    expect(text_box).to_be_focused()
    expect(text_box).to_have_value("[5, -6, 0; 7/2, 4, 1]")
    expect(page.locator(".answer-grid")).to_be_hidden()

    # Text that is not a grid is kept until the grid is edited.
    text_box.fill("[1, 2; 3")
    grid_button.click()
    expect(page.locator(".grid-note")).to_contain_text("does not fit a grid")
    text_button.click()
    expect(text_box).to_have_value("[1, 2; 3")
    # An emptied grid gives an empty answer, not "[, ; , ]".
    text_box.fill("")
    grid_button.click()
    for c in page.locator(".grid-cells .cell").all():
        expect(c).to_have_value("")
    text_button.click()
    expect(text_box).to_have_value("")


def test_grid_fits_a_phone(phone_page, expect, screenshot):
    phone_page.goto(f"/practice/{WEEK}?exercise={MATRIX_EXERCISE}")
    phone_page.get_by_role("button", name="Grid", exact=True).tap()
    add_row = phone_page.get_by_role("button", name="Add a row")
    add_column = phone_page.get_by_role("button", name="Add a column")
    while add_column.is_enabled():
        add_column.tap()
    while add_row.is_enabled():
        add_row.tap()
    # At the limit + is disabled and focus moves to −, not to the page.
    expect(phone_page.get_by_role("button", name="Remove a row")).to_be_focused()
    expect(phone_page.locator(".grid-cells .cell")).to_have_count(64)
    expect(phone_page.get_by_role("button", name="Remove a row")).to_be_enabled()
    cell(phone_page, 8, 8).fill("9")
    assert_fits(phone_page)
    screenshot(phone_page, "phone-matrix-grid")


def test_without_javascript_the_grid_stays_hidden(browser, server, page, expect):
    url = f"/practice/{WEEK}?exercise={MATRIX_EXERCISE}"
    context = browser.new_context(base_url=server, java_script_enabled=False,
                                  viewport=page.viewport_size)
    try:
        plain = context.new_page()
        plain.goto(url)
        expect(plain.get_by_label("Your answer")).to_be_visible()
        expect(plain.locator(".entry-toggle")).to_be_hidden()
        expect(plain.locator(".answer-grid")).to_be_hidden()
        without_js = plain.get_by_label("Your answer").bounding_box()
    finally:
        context.close()
    # Revealing the toggle moves nothing: the text box is where it was without JS.
    page.goto(url)
    expect(page.locator(".entry-toggle")).to_be_visible()
    assert page.get_by_label("Your answer").bounding_box() == without_js
