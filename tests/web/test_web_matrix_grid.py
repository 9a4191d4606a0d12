"""The practice page offers a grid of cells for matrix and vector answers: markup that
app.js reveals (hidden without JavaScript), labelled cells, and no grid elsewhere."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest

from mathforml import curriculum
from mathforml.engine import generate_params
from mathforml.web import create_app

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

WEEK = "c1w1"
MATRIX = "c1w1.coefficient-matrix"
VECTOR = "c1w1.two-purchases"
SCALAR = "c1w1.determinant-2x2"


@pytest.fixture
def client(tmp_path) -> Iterator[TestClient]:
    with TestClient(create_app(store_url=f"sqlite:///{tmp_path / 'web.db'}",
                               learner="ada")) as c:
        yield c


def _page(client: TestClient, exercise: str) -> str:
    response = client.get(f"/practice/{WEEK}?exercise={exercise}")
    assert response.status_code == 200
    return response.text


def _tag(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, pattern
    return match[0]


def test_matrix_exercise_has_a_hidden_grid_with_labelled_cells(client):
    html = _page(client, MATRIX)
    toggle = _tag(html, r'<div class="entry-toggle"[^>]*>')
    assert "hidden" in toggle  # revealed by app.js: without it, only the text box shows
    assert re.search(r'<button type="button" class="toggle" data-mode="text" '
                     r'aria-pressed="true"', html)
    assert re.search(r'<button type="button" class="toggle" data-mode="grid" '
                     r'aria-pressed="false"', html)
    grid = _tag(html, r'<div id="answer-grid"[^>]*>')
    assert "hidden" in grid
    assert 'data-kind="matrix"' in grid
    rows = int(_tag(grid, r'data-rows="\d+"').split('"')[1])
    cols = int(_tag(grid, r'data-cols="\d+"').split('"')[1])
    assert 1 <= rows <= 8
    assert 1 <= cols <= 8
    cells = re.findall(r'<input class="cell"[^>]*>', html)
    assert len(cells) == rows * cols
    assert 'aria-label="row 1, column 1"' in cells[0]
    assert f'aria-label="row {rows}, column {cols}"' in cells[-1]
    # The cells are not fields of the form: the server still reads one text answer.
    assert not any("name=" in cell for cell in cells)
    assert len(re.findall(r'name="answer"', html)) == 1
    for label in ("Add a row", "Remove a row", "Add a column", "Remove a column"):
        assert f'aria-label="{label}"' in html


def test_default_size_comes_from_the_prompts_matrix_not_the_answer(client):
    # coefficient-matrix: the answer is the prompt's 3 × 3 A. row-echelon-form (c1w2)
    # shows an n × n A and expects the n × (n + 1) augmented matrix: the grid starts
    # n × n, the size of the prompt's matrix, and gives nothing of the answer away.
    grid = _tag(_page(client, MATRIX), r'<div id="answer-grid"[^>]*>')
    assert 'data-rows="3"' in grid
    assert 'data-cols="3"' in grid
    response = client.get("/practice/c1w2?exercise=c1w2.row-echelon-form")
    assert response.status_code == 200
    exercise_id, seed = re.search(r'data-exercise="([^"]+)" data-seed="(\d+)"',
                                  response.text).groups()
    n = len(generate_params(curriculum.exercise(exercise_id), int(seed))["A"])
    grid = _tag(response.text, r'<div id="answer-grid"[^>]*>')
    assert f'data-rows="{n}"' in grid
    assert f'data-cols="{n}"' in grid


def test_vector_exercise_has_a_column_grid(client):
    html = _page(client, VECTOR)
    grid = _tag(html, r'<div id="answer-grid"[^>]*>')
    assert 'data-kind="vector"' in grid
    assert 'data-cols="1"' in grid
    assert 'aria-label="row 1, column 1"' in html
    assert 'aria-label="row 1, column 2"' not in html
    assert 'aria-label="Add an entry"' in html
    assert 'aria-label="Remove an entry"' in html
    assert 'aria-label="Add a column"' not in html


@pytest.mark.parametrize("exercise", [SCALAR, "c1w1.count-solutions", "c1w1.singular-k"])
def test_other_exercises_have_no_grid(client, exercise):
    html = _page(client, exercise)
    assert 'class="entry-toggle"' not in html
    assert 'id="answer-grid"' not in html
    assert 'class="cell"' not in html
