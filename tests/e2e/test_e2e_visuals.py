"""A learner drags the points of the interactive visuals and sees the math follow."""

from __future__ import annotations

import re

SIZE = 600  # the plane's SVG size in user units (visuals/common.js)


def _drag_to(page, figure, handle_name: str, world: tuple[float, float], range_: float) -> None:
    """Drag a handle with the mouse to a point given in the plane's own coordinates."""
    handle = figure.get_by_role("button", name=re.compile(re.escape(handle_name)))
    start = handle.bounding_box()
    box = figure.locator("svg.plane").bounding_box()
    assert start
    assert box
    unit = box["width"] / (2 * range_)
    x = box["x"] + box["width"] / 2 + world[0] * unit
    y = box["y"] + box["height"] / 2 - world[1] * unit
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    page.mouse.move(x0, y0)
    page.mouse.down()
    for k in range(1, 9):  # several moves, as a hand makes them
        page.mouse.move(x0 + (x - x0) * k / 8, y0 + (y - y0) * k / 8)
    page.mouse.up()


def test_dragging_a_point_makes_the_lines_parallel(page, expect, screenshot):
    page.goto("/week/c1w1")
    figure = page.locator("figure.visual-lines")
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_attribute("data-kind", "unique")
    verdict = figure.locator(".v-verdict")
    expect(verdict).to_contain_text("One solution")
    screenshot(page, "visual-lines-before", full_page=False)

    # Line 1 runs through (-4, -1) and (4, 3): slope 1/2. Moving line 2's point A
    # from (-3, 4) to (-3, -5) gives line 2 the same slope through (3, -2).
    _drag_to(page, figure, "Line 2, point A", (-3, -5), range_=6)
    expect(figure).to_have_attribute("data-kind", "none")
    expect(figure).to_have_attribute("data-det", "0")
    expect(verdict).to_contain_text("No solution")
    moved = re.compile(r"Line 2, point A at \(minus 3, minus 5\)")
    expect(figure.get_by_role("button", name=moved)).to_be_visible()
    screenshot(page, "visual-lines-parallel", full_page=False)

    # The keyboard moves a point too: one step up breaks the parallel.
    figure.get_by_role("button", name=re.compile("Line 2, point A")).press("ArrowUp")
    expect(figure).to_have_attribute("data-kind", "unique")


def test_dragging_a_basis_vector_changes_the_matrix_and_its_determinant(page, expect, screenshot):
    page.goto("/week/c1w3")
    figure = page.locator("figure.visual-transform")
    figure.scroll_into_view_if_needed()
    det = figure.locator(".v-det-value")
    before = det.inner_text()
    _drag_to(page, figure, "Tip of ĵ", (0, 2), range_=4.5)
    expect(figure.get_by_role("button", name=re.compile(r"Tip of ĵ.* at \(0, 2\)"))).to_be_visible()
    # î stays where it started, so det A is now 2 × (î's first entry).
    expect(det).not_to_have_text(before)
    expect(det).to_have_text("2")
    screenshot(page, "visual-transform-dragged", full_page=False)
