"""The web app's routes, against a real SQLite store."""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterator

import pytest

from mathforml import curriculum
from mathforml.engine import check_answer, generate_params, variant_seed
from mathforml.store import Store
from mathforml.web import create_app

with warnings.catch_warnings():
    # starlette asks for httpx2 when it finds httpx; the client works the same.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

WEEK = "c1w1"


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def client(db_url) -> Iterator[TestClient]:
    """A browser on the app; like app.js it sends the page's CSRF token with every post."""
    with TestClient(create_app(store_url=db_url, learner="ada")) as c:
        c.headers["x-csrf-token"] = _csrf(c)
        yield c


def _csrf(client: TestClient) -> str:
    """The CSRF token in the page's ``<meta name="csrf-token">``."""
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', client.get("/").text)
    assert match
    return match[1]


def _variant(client: TestClient, week_id: str = WEEK, exercise: str | None = None):
    url = f"/practice/{week_id}" + (f"?exercise={exercise}" if exercise else "")
    page = client.get(url)
    assert page.status_code == 200
    match = re.search(r'data-exercise="([^"]+)" data-seed="(\d+)"', page.text)
    assert match
    return match[1], int(match[2])


def _right_answer(exercise_id: str, seed: int) -> str:
    exercise = curriculum.exercise(exercise_id)
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    return kind.text(kind.normalize(exercise.answer(params)))


def _wrong_answer(exercise_id: str, seed: int) -> str:
    for candidate in ("0", "a", "[0, 0]", "[0, 0; 0, 0]", "{}", "x", "b", "c"):
        if check_answer(curriculum.exercise(exercise_id), seed, candidate).status == "incorrect":
            return candidate
    raise AssertionError(f"no wrong answer found for {exercise_id}")


# -- pages -------------------------------------------------------------------------


def test_home_lists_every_week_and_a_next_step(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    for week in curriculum.weeks():
        assert week.title.replace("'", "&#39;") in page.text
    assert "Up next" in page.text
    assert 'href="/practice/c1w1"' in page.text


def test_security_headers_and_timing(client):
    page = client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["server-timing"].startswith("app;dur=")


@pytest.mark.parametrize("week", [w.id for w in curriculum.weeks() if w.available])
def test_week_pages_render_the_lesson_as_mathml(client, week):
    page = client.get(f"/week/{week}")
    assert page.status_code == 200
    assert "<math" in page.text
    assert "$$" not in page.text
    assert "\\begin{" not in page.text
    assert f'href="/practice/{week}"' in page.text


def test_pending_week_says_so(client):
    pending = next(w for w in curriculum.weeks() if not w.available)
    page = client.get(f"/week/{pending.id}")
    assert page.status_code == 200
    assert "still being written" in page.text


@pytest.mark.parametrize("url", ["/week/nope", "/week/%3Cscript%3E", "/practice/nope",
                                 "/no-such-page", "/practice/c1w1?exercise=nope"])
def test_unknown_pages_are_a_friendly_404(client, url):
    page = client.get(url)
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "<script>" not in page.text
    assert "Traceback" not in page.text


def test_practice_for_a_week_without_exercises_is_404(client):
    pending = next(w for w in curriculum.weeks() if not w.available)
    assert client.get(f"/practice/{pending.id}").status_code == 404


def test_figures_are_served_as_svg(client):
    page = client.get("/static-week/c1w1/figures/three-cases.svg")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in page.text


@pytest.mark.parametrize("name", ["..%2F__init__.py", "..%2F..%2Fw2%2Flesson.md", "lesson.md",
                                  "THREE-CASES.svg", "missing.svg", "%2Fetc%2Fpasswd"])
def test_figures_refuse_traversal_and_unknown_names(client, name):
    assert client.get(f"/static-week/c1w1/figures/{name}").status_code == 404


def test_figure_of_unknown_week_is_404(client):
    assert client.get("/static-week/zz/figures/three-cases.svg").status_code == 404


def test_static_files_ship(client):
    css = client.get("/static/app.css")
    assert css.status_code == 200
    assert "--accent" in css.text
    js = client.get("/static/app.js")
    assert js.status_code == 200
    assert "/api/check" in js.text


def test_progress_page_before_and_after_practice(client):
    page = client.get("/progress")
    assert page.status_code == 200
    assert "Your progress" in page.text
    exercise_id, seed = _variant(client)
    client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                    "answer": _right_answer(exercise_id, seed)})
    page = client.get("/progress")
    topic = curriculum.exercise(exercise_id).topic
    assert topic in page.text
    assert "100%" in page.text


# -- practice ----------------------------------------------------------------------


def test_practice_page_shows_prompt_form_and_help(client):
    page = client.get("/practice/c1w1")
    assert page.status_code == 200
    assert '<form class="answer-form" method="post" action="/practice/c1w1"' in page.text
    assert 'name="answer"' in page.text
    assert "How to type answers" in page.text
    assert '<script src="/static/app.js"' in page.text


def test_practice_seed_follows_the_store(client, db_url):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    assert seed == variant_seed(exercise_id, "ada", 0)


def test_choice_exercises_offer_radio_buttons(client):
    choice = next(
        e for w in curriculum.weeks() for e in w.exercises
        if getattr(e.kind(generate_params(e, 1)), "options", None)
    )
    page = client.get(f"/practice/{choice.week_id}?exercise={choice.id}")
    assert page.status_code == 200
    assert 'type="radio" name="answer" value="a"' in page.text
    assert "<legend>" in page.text


def test_round_trip_wrong_then_right_moves_to_next_variant(client, db_url):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    wrong = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                            "answer": _wrong_answer(exercise_id, seed)})
    assert wrong.status_code == 200
    body = wrong.json()
    assert body["status"] == "incorrect"
    assert not body["finished"]
    assert body["solution"] == ""
    assert body["expected"] == ""
    assert "Not yet" in body["html"]
    # A reload shows the same variant.
    assert _variant(client, exercise=exercise_id) == (exercise_id, seed)

    right = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                            "answer": _right_answer(exercise_id, seed)})
    body = right.json()
    assert body["status"] == "correct"
    assert body["finished"]
    assert body["solution"]
    assert "<math" in body["solution_html"]
    assert "Next exercise" in body["html"]

    assert _variant(client, exercise=exercise_id) == (
        exercise_id, variant_seed(exercise_id, "ada", 1))
    with Store(db_url) as store:
        me = store.learner("ada")
        statuses = [a.status for a in store.attempts(me, exercise_id=exercise_id)]
        assert statuses == ["incorrect", "correct"]
        assert store.variant_number(me, exercise_id) == 1


def test_next_exercise_moves_on_after_a_correct_answer(client):
    first, seed = _variant(client)
    client.post("/api/check", json={"exercise_id": first, "seed": seed,
                                    "answer": _right_answer(first, seed)})
    second, _ = _variant(client)
    assert second != first


def test_reveal_records_and_returns_the_solution(client, db_url):
    exercise_id, seed = _variant(client)
    response = client.post("/api/reveal", json={"exercise_id": exercise_id, "seed": seed})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "revealed"
    assert body["solution"]
    assert body["expected"]
    assert "Worked solution" in body["html"]
    with Store(db_url) as store:
        me = store.learner("ada")
        assert [a.status for a in store.attempts(me)] == ["revealed"]
        assert store.variant_number(me, exercise_id) == 1


def test_invalid_answer_is_explained_and_escaped(client):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    response = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                               "answer": "<script>alert(1)</script>"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "invalid"
    assert "<script>" not in body["html"]
    assert "could not read" in body["html"]


def test_preview_shows_mathml_or_the_parsers_message_and_records_nothing(client, db_url):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    good = client.post("/api/preview", json={"exercise_id": exercise_id, "seed": seed,
                                             "answer": "[1, 2/3]"}).json()
    assert good["ok"]
    assert "<math" in good["html"]
    bad = client.post("/api/preview", json={"exercise_id": exercise_id, "seed": seed,
                                            "answer": "[1, <b>"}).json()
    assert not bad["ok"]
    assert bad["message"]
    assert "<b>" not in bad["html"]
    empty = client.post("/api/preview", json={"exercise_id": exercise_id, "seed": seed,
                                              "answer": ""}).json()
    assert not empty["ok"]
    assert empty["html"] == ""
    with Store(db_url) as store:
        assert store.attempts(store.learner("ada")) == []


def test_form_post_works_without_javascript(client, db_url):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    form = {"csrf": client.headers["x-csrf-token"], "exercise_id": exercise_id,
            "seed": str(seed), "action": "check", "answer": _wrong_answer(exercise_id, seed)}
    page = client.post("/practice/c1w1", data=form)
    assert page.status_code == 200
    assert "Not yet" in page.text
    form["answer"] = _right_answer(exercise_id, seed)
    page = client.post("/practice/c1w1", data=form)
    assert page.status_code == 200
    assert "Correct." in page.text
    assert "Worked solution" in page.text
    page = client.post("/practice/c1w1", data={**form, "action": "reveal"})
    assert page.status_code == 200  # a past variant may still be looked at
    with Store(db_url) as store:
        assert store.variant_number(store.learner("ada"), exercise_id) == 1


def test_form_post_with_a_foreign_origin_is_refused(client):
    exercise_id, seed = _variant(client)
    page = client.post("/practice/c1w1", data={"exercise_id": exercise_id, "seed": str(seed),
                                               "answer": "1",
                                               "csrf": client.headers["x-csrf-token"]},
                       headers={"origin": "http://evil.example"})
    assert page.status_code == 403


def test_practice_page_form_carries_the_csrf_token(client):
    page = client.get("/practice/c1w1")
    assert f'name="csrf" value="{client.headers["x-csrf-token"]}"' in page.text


@pytest.mark.parametrize("token", [None, "", "0" * 64, "x" * 5000])
def test_form_post_without_the_csrf_token_is_refused(client, db_url, token):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    form = {"exercise_id": exercise_id, "seed": str(seed), "action": "check",
            "answer": _right_answer(exercise_id, seed)}
    if token is not None:
        form["csrf"] = token
    page = client.post("/practice/c1w1", data=form)
    assert page.status_code == 403
    assert "expired" in page.text
    with Store(db_url) as store:
        assert store.attempts(store.learner("ada")) == []


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview"])
@pytest.mark.parametrize("token", [None, "", "0" * 64, "é".encode()])
def test_api_post_without_the_csrf_header_is_refused(client, db_url, path, token):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    headers = {"x-csrf-token": token} if token is not None else {}
    del client.headers["x-csrf-token"]
    response = client.post(path, json={"exercise_id": exercise_id, "seed": seed,
                                       "answer": _right_answer(exercise_id, seed)},
                           headers=headers)
    assert response.status_code == 403
    assert "expired" in response.json()["error"]
    with Store(db_url) as store:
        assert store.attempts(store.learner("ada")) == []


def test_accounts_routes_do_not_exist_without_accounts(client):
    for path in ("/login", "/register"):
        assert client.get(path).status_code == 404
    for path in ("/login", "/register", "/logout"):
        assert client.post(path, data={"csrf": client.headers["x-csrf-token"]}).status_code == 404
    assert "Sign out" not in client.get("/").text


# -- hostile API input ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview"])
def test_api_refuses_malformed_json(client, path):
    response = client.post(path, content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]
    response = client.post(path, json=[1, 2])
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview"])
def test_api_refuses_oversized_bodies(client, path):
    exercise_id, seed = _variant(client)
    big = b'{"exercise_id": "%s", "seed": %d, "answer": "%s"}' % (
        exercise_id.encode(), seed, b"1" * 70_000)
    response = client.post(path, content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview"])
def test_api_unknown_exercise_is_404(client, path):
    response = client.post(path, json={"exercise_id": "c1w1.nope", "seed": 1, "answer": "1"})
    assert response.status_code == 404
    assert response.json()["error"]


@pytest.mark.parametrize("seed", [12345, -1, "x", None, True, 2**70, 1.5])
def test_api_refuses_seeds_that_are_not_the_learners(client, seed):
    exercise_id, _ = _variant(client)
    for path in ("/api/check", "/api/reveal", "/api/preview"):
        response = client.post(path, json={"exercise_id": exercise_id, "seed": seed,
                                           "answer": "1"})
        assert response.status_code == 400, path
        assert response.json()["error"]


@pytest.mark.parametrize("answer", [5, None, ["1"], {"a": 1}])
def test_api_refuses_answers_that_are_not_text(client, answer):
    exercise_id, seed = _variant(client)
    response = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                               "answer": answer})
    assert response.status_code == 400


def test_api_wrong_method_and_unknown_endpoint_are_json(client):
    assert client.get("/api/check").status_code == 405
    response = client.post("/api/nothing", json={})
    assert response.status_code == 404
    assert response.json()["error"]


def test_api_accepts_answers_that_are_long_but_under_the_limit(client):
    exercise_id, seed = _variant(client, exercise="c1w1.two-purchases")
    response = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                               "answer": "(" * 5000})
    assert response.status_code == 200
    assert response.json()["status"] == "invalid"


# -- speed ---------------------------------------------------------------------------


def test_pages_render_quickly(client):
    exercise_id, seed = _variant(client)
    client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed, "answer": "1"})
    urls = ["/", "/week/c1w1", "/week/c1w2", "/week/c1w3", "/week/c1w4", "/practice/c1w1",
            "/practice/c1w3", "/progress"]
    for url in urls:  # warm caches (templates, lesson rendering)
        client.get(url)
    timings = {}
    for url in urls:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            runs.append(1000 * (time.perf_counter() - started))
        timings[url] = min(runs)
    print("server ms per page:", {u: round(t, 1) for u, t in timings.items()})
    slow = {u: t for u, t in timings.items() if t > 300}
    assert not slow, f"pages slower than 300 ms: {slow}"


def test_review_dates_read_as_a_person_says_them():
    from datetime import UTC, datetime, timedelta

    from mathforml.web._app import when

    now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert when(now - timedelta(hours=1), now) == "now"
    assert when(now + timedelta(hours=3), now) == "today"
    assert when(now + timedelta(days=1), now) == "tomorrow"
    assert when(now + timedelta(days=4), now) == "in 4 days"
    assert when(now + timedelta(days=30), now) == "9 Apr"


def test_answers_get_503_while_another_program_holds_the_database(tmp_path, monkeypatch):
    """Checking an answer writes an attempt: with the write lock held elsewhere it is a
    clear 503 within the store's timeout, reading pages still works, and the answer
    is recorded once the lock is gone."""
    import sqlite3

    monkeypatch.setenv("MATHFORML_DB_TIMEOUT", "0.5")
    path = tmp_path / "web.db"
    with TestClient(create_app(store_url=f"sqlite:///{path}", learner="ada")) as client:
        client.headers["x-csrf-token"] = _csrf(client)
        exercise_id, seed = _variant(client)
        answer = {"exercise_id": exercise_id, "seed": seed,
                  "answer": _right_answer(exercise_id, seed)}
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            started = time.perf_counter()
            busy = client.post("/api/check", json=answer)
            assert time.perf_counter() - started < 2.0
            assert busy.status_code == 503
            assert busy.json() == {"error": "The database is busy, try again in a moment.",
                                   "status": 503}
            assert busy.headers["retry-after"] == "2"
            form = client.post(f"/practice/{WEEK}", data={
                "exercise_id": exercise_id, "seed": str(seed), "answer": answer["answer"],
                "csrf": client.headers["x-csrf-token"]})
            assert form.status_code == 503
            assert "The database is busy" in form.text
            assert client.get(f"/practice/{WEEK}").status_code == 200
            assert client.get("/progress").status_code == 200
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert client.post("/api/check", json=answer).json()["status"] == "correct"
        with Store(f"sqlite:///{path}") as store:
            assert [a.status for a in store.attempts(store.learner("ada"))] == ["correct"]
