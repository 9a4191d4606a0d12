"""Interactive visuals: embedded in week pages, served, standalone pages, steps API."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from fractions import Fraction

import numpy as np
import pytest

from mathforml.web import create_app
from mathforml.web._routes_visuals import ELIMINATION_START, VISUALS, WEEK_VISUALS

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient


@pytest.fixture
def client(tmp_path) -> Iterator[TestClient]:
    with TestClient(create_app(store_url=f"sqlite:///{tmp_path / 'v.db'}")) as c:
        yield c


def _initial(html: str, name: str) -> dict:
    match = re.search(rf"data-visual=\"{name}\" data-initial='([^']*)'", html)
    assert match, f"no {name} visual"
    return json.loads(match[1].replace("&#39;", "'"))


@pytest.mark.parametrize(("week", "names"), sorted(WEEK_VISUALS.items()))
def test_week_page_embeds_its_visual_and_script(client, week, names):
    html = client.get(f"/week/{week}").text
    assert "Explore" in html
    assert "/static/visuals.css" in html
    for name in names:
        assert f'data-visual="{name}"' in html
        assert f'<script type="module" src="/static/visuals/{name}.js"></script>' in html


@pytest.mark.parametrize("name", [*VISUALS, "common", "math2d"])
def test_visual_scripts_are_served(client, name):
    r = client.get(f"/static/visuals/{name}.js")
    assert r.status_code == 200
    assert "javascript" in r.headers["content-type"]


def test_visual_css_is_served(client):
    assert client.get("/static/visuals.css").status_code == 200


@pytest.mark.parametrize("name", list(VISUALS))
def test_standalone_visual_pages_render(client, name):
    r = client.get(f"/visual/{name}")
    assert r.status_code == 200
    assert f'data-visual="{name}"' in r.text
    assert f"/static/visuals/{name}.js" in r.text


def test_visual_index_and_unknown_visual(client):
    assert all(f"/visual/{n}" in client.get("/visual").text for n in VISUALS)
    assert client.get("/visual/nope").status_code == 404


def test_lines_initial_state_agrees_with_numpy(client):
    data = _initial(client.get("/week/c1w1").text, "lines")
    A = np.array([[a, b] for a, b, _ in data["coefficients"]], dtype=float)
    c = np.array([row[2] for row in data["coefficients"]], dtype=float)
    for (p, q), (a, b, rhs) in zip(data["points"], data["coefficients"], strict=True):
        assert a * p[0] + b * p[1] == rhs
        assert a * q[0] + b * q[1] == rhs
    assert float(Fraction(data["det"])) == pytest.approx(np.linalg.det(A))
    assert data["kind"] == "unique"
    assert [float(Fraction(x)) for x in data["point"]] == pytest.approx(np.linalg.solve(A, c))


def test_eigen_initial_state_agrees_with_numpy(client):
    data = _initial(client.get("/week/c1w4").text, "eigen")
    A = np.array(data["matrix"], dtype=float)
    assert float(Fraction(data["det"])) == pytest.approx(np.linalg.det(A))
    values = sorted(float(Fraction(v)) for v in data["eigenvalues"])
    assert values == pytest.approx(sorted(np.linalg.eigvals(A).real))
    for lam, v in zip(data["eigenvalues"], data["eigenvectors"], strict=True):
        vec = np.array([float(Fraction(x)) for x in v])
        assert A @ vec == pytest.approx(float(Fraction(lam)) * vec)


def test_transform_initial_det(client):
    data = _initial(client.get("/week/c1w3").text, "transform")
    assert float(Fraction(data["det"])) == pytest.approx(np.linalg.det(np.array(data["matrix"])))


def test_elimination_steps_end_in_echelon_form_with_numpy_rank(client):
    data = _initial(client.get("/week/c1w2").text, "elimination")
    assert data["matrix"] == [[str(x) for x in r] for r in ELIMINATION_START]
    last = [s["matrix"] for s in data["steps"] if s["matrix"] is not None][-1]
    assert last == data["echelon"]
    assert data["rank"] == np.linalg.matrix_rank(np.array(ELIMINATION_START, dtype=float))


def test_steps_api_accepts_fractions_and_decimals(client):
    r = client.get("/api/steps", params={"matrix": "2, 1/2; 0.5 3"})
    assert r.status_code == 200
    body = r.json()
    assert body["matrix"] == [["2", "1/2"], ["1/2", "3"]]
    assert body["steps"][0]["operation"]


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ("", "type a matrix"),
        ("1 2; 3", "same number"),
        ("1 x", "not a number"),
        ("1 2 3 4 5 6", "at most 5 columns"),
        ("1;2;3;4;5", "at most 4 rows"),
        ("1/0 2", "divides by zero"),
        ("1e9 2", "not a number"),
        ("1234567 1", "too many digits"),
        ("nan 1", "not a number"),
        ("1 " * 150, "too long"),
        ("<script>", "not a number"),
    ],
)
def test_steps_api_rejects_bad_matrices_with_a_clear_400(client, matrix, message):
    r = client.get("/api/steps", params={"matrix": matrix})
    assert r.status_code == 400
    assert message in r.json()["error"]


def test_steps_api_without_a_matrix_is_400(client):
    assert client.get("/api/steps").status_code == 400
