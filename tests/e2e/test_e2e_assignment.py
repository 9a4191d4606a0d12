"""A learner works on the C1W2 assignment in the browser: a wrong submission, then a
correct one, each with a verdict per test; the editor's keys; upload and download;
phone width; and the same page without JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM, WAIT_MS

SOLUTIONS = Path(__file__).resolve().parents[1] / "grading" / "solutions"
WRONG = (SOLUTIONS / "c1w2_wrong_no_swap.py").read_text(encoding="utf-8")
CORRECT = (SOLUTIONS / "c1w2_correct_partial_pivoting.py").read_text(encoding="utf-8")
URL = "/assignments/c1w2"


def _submit(page, source: str) -> None:
    page.fill("#source", source)
    before = page.locator("#grade-report .grade-report").get_attribute("data-submission") \
        if page.locator("#grade-report .grade-report").count() else None
    page.click("#submit-code")
    page.wait_for_function(
        "before => { const r = document.querySelector('#grade-report .grade-report');"
        " return r && r.dataset.submission !== before; }", arg=before)


def _rows(page) -> int:
    return page.locator("#history table.history tbody tr").count()


def test_a_wrong_then_a_correct_submission_each_get_per_test_verdicts(page, expect, screenshot):
    page.goto("/assignments")
    page.get_by_role("link", name="Gaussian elimination").first.click()
    expect(page).to_have_url(f"{page.url.split('/assignments')[0]}{URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaussian elimination")
    editor = page.locator("#source")
    expect(page.get_by_label("Your code")).to_be_visible()
    # highlighting and line numbers sit behind the textarea
    expect(page.locator(".editor-highlight .tok-kw").first).to_be_visible()
    expect(page.locator(".editor-lines")).to_contain_text("12")
    rows = _rows(page)
    if rows == 0:
        assert "### START CODE HERE ###" in editor.input_value()
        screenshot(page, "assignment-start")

    _submit(page, WRONG)
    report = page.locator("#grade-report .grade-report")
    expect(report).to_have_attribute("data-outcome", "failed")
    expect(report.locator(".grade-score")).to_have_text("7 / 10")
    expect(report.locator(".verdict-item")).to_have_count(6)
    expect(report.locator(".verdict-item.fail")).to_have_count(2)
    expect(report.locator(".verdict-item.fail").first).to_contain_text("swap its row")
    expect(page.locator("#editor-status")).to_have_text("Graded: 7 / 10.")
    assert _rows(page) == rows + 1
    screenshot(page, "assignment-wrong")

    _submit(page, CORRECT)
    expect(report).to_have_attribute("data-outcome", "passed")
    expect(report.locator(".grade-score")).to_have_text("10 / 10")
    expect(report.locator(".grade-label")).to_have_text("All tests passed")
    expect(report.locator(".verdict-item.pass")).to_have_count(6)
    assert _rows(page) == rows + 2
    expect(page.locator("#history tr.current")).to_have_count(1)
    screenshot(page, "assignment-correct")

    # the page now opens on the latest submission, and its own page shows the code
    page.reload()
    assert page.locator("#source").input_value() == CORRECT
    page.locator("#history tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submission #")
    expect(page.locator(".code-view .tok-def").first).to_be_visible()
    expect(page.locator(".grade-score")).to_have_text("10 / 10")
    screenshot(page, "assignment-submission")


def test_the_editor_indents_like_python_and_lets_the_keyboard_out(page, expect):
    page.goto(URL)
    editor = page.locator("#source")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type("def f(x):")
    page.keyboard.press("Enter")
    assert editor.input_value() == "def f(x):\n    "
    page.keyboard.type("if x:  # a comment")
    page.keyboard.press("Enter")
    page.keyboard.type("return 1")
    page.keyboard.press("Enter")
    assert editor.input_value().endswith("        return 1\n    ")
    page.keyboard.press("Tab")
    assert editor.input_value().endswith("\n        ")
    page.keyboard.press("Shift+Tab")
    assert editor.input_value().endswith("return 1\n    ")
    page.keyboard.press("Backspace")  # a whole indent at a time
    assert editor.input_value().endswith("return 1\n")
    page.keyboard.press("Control+a")
    page.keyboard.press("Tab")  # indents every selected line
    assert editor.input_value().splitlines()[0] == "    def f(x):"
    page.keyboard.press("Shift+Tab")
    assert editor.input_value().splitlines()[0] == "def f(x):"
    # learner text is shown as text, never as markup
    page.keyboard.press("Control+End")
    page.keyboard.type('\ns = "<img src=x onerror=alert(1)><b>hi</b>"')
    expect(page.locator(".editor-highlight")).to_contain_text("<b>hi</b>")
    assert page.locator(".editor-highlight img, .editor-highlight b").count() == 0
    expect(page.locator(".editor-highlight .tok-str").last).to_contain_text("<img")
    # Tab stays in the editor; Escape then Tab moves on
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "source"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "source"
    expect(page.locator("#editor-hint")).to_contain_text("press Esc and then Tab")


def test_upload_a_py_file_download_the_editor_and_grade_a_notebook(page, expect, tmp_path):
    page.goto(URL)
    expect(page.get_by_text("Upload a file")).to_be_visible()
    page.set_input_files("#upload-code", files=[{
        "name": "mine.py", "mimeType": "text/x-python", "buffer": WRONG.encode()}])
    expect(page.locator("#editor-status")).to_contain_text("Loaded mine.py")
    assert page.locator("#source").input_value() == WRONG
    with page.expect_download() as info:
        page.click("#download-code")
    saved = tmp_path / "download.py"
    info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == WRONG
    assert info.value.suggested_filename == "mine.py"

    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# C1W2"]},
        {"cell_type": "code", "metadata": {"tags": ["graded"]}, "source": CORRECT,
         "outputs": [], "execution_count": None},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    page.set_input_files("#upload-code", files=[{
        "name": "C1W2_Assignment.ipynb", "mimeType": "application/x-ipynb+json",
        "buffer": json.dumps(notebook).encode()}])
    report = page.locator("#grade-report .grade-report")
    expect(report).to_have_attribute("data-outcome", "passed")
    expect(report.locator(".grade-meta")).to_contain_text("C1W2_Assignment.ipynb")
    assert page.locator("#source").input_value().strip() == CORRECT.strip()


def test_hostile_code_comes_back_as_a_verdict_in_the_page(page, expect):
    page.goto(URL)
    _submit(page, "import numpy as np\n\ndef gaussian_elimination(A, B):\n"
                  "    return np.linalg.solve(A, B)\n")
    report = page.locator("#grade-report .grade-report")
    expect(report).to_have_attribute("data-outcome", "forbidden")
    expect(report.locator(".grade-shared")).to_contain_text("np.linalg.solve is not allowed")


def test_the_assignment_reads_well_at_phone_width(phone_page, expect, screenshot):
    page = phone_page
    page.goto(URL)
    expect(page.locator(".editor.enhanced")).to_be_visible()
    assert _main_overflow(page) == []
    screenshot(page, "assignment-phone")
    page.goto("/assignments")
    assert _main_overflow(page) == []
    screenshot(page, "assignments-phone")


def _main_overflow(page) -> list[str]:
    """Elements of the page's content that stick out to the right of the screen (code and
    tables scroll inside their own boxes, which is fine)."""
    return page.evaluate("""() => {
        const out = [];
        const scrolls = (e) => e.closest('.editor, .table-wrap, pre');
        for (const e of document.querySelectorAll('main *')) {
            if (scrolls(e) && !e.matches('.editor, .table-wrap, pre')) continue;
            const right = e.getBoundingClientRect().right;
            if (right > window.innerWidth + 0.5) out.push(`${e.tagName}.${e.className} ${right}`);
        }
        return out;
    }""")


def test_without_javascript_the_form_grades_and_shows_the_submission(browser, server, expect,
                                                                       screenshot):
    if not CHROMIUM.exists():
        pytest.skip("no Chromium")
    context = browser.new_context(base_url=server, java_script_enabled=False,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    try:
        page = context.new_page()
        page.goto(URL)
        expect(page.locator(".editor.enhanced")).to_have_count(0)
        expect(page.locator("#upload-code")).to_be_hidden()
        page.fill("#source", WRONG)
        page.click("#submit-code")
        expect(page).to_have_url(f"{server}{URL}/submissions/" + page.url.rsplit("/", 1)[-1])
        expect(page.get_by_role("heading", level=1)).to_contain_text("Submission #")
        expect(page.locator(".grade-score")).to_have_text("7 / 10")
        expect(page.locator(".code-view")).to_contain_text("def row_echelon_form")
        screenshot(page, "assignment-no-js")
    finally:
        context.close()


def test_the_pages_load_nothing_from_outside_and_the_week_links_its_assignment(page, expect):
    page.goto("/week/c1w2")
    page.get_by_role("link", name="Assignment", exact=True).click()
    expect(page).to_have_url(f"{page.url.split('/assignments')[0]}{URL}")
