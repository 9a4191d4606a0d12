"""The assignment routes over HTTP, against a real SQLite store and the real sandbox:
pages, grading, history, downloads, and every kind of bad or hostile request."""

from __future__ import annotations

import html
import json
import re
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from mathforml import curriculum
from mathforml.web import create_app
from mathforml.web._identity import RateLimiter
from mathforml.web._routes_assignment import MAX_SOURCE_CHARS, MAX_SUBMIT_BYTES

ASSIGNMENTS = {a.id: a for a in curriculum.assignments()}

with warnings.catch_warnings():
    # starlette asks for httpx2 when it finds httpx; the client works the same.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

SOLUTIONS = Path(__file__).resolve().parents[1] / "grading" / "solutions"
WRONG = (SOLUTIONS / "c1w2_wrong_no_swap.py").read_text(encoding="utf-8")
CORRECT = (SOLUTIONS / "c1w2_correct_partial_pivoting.py").read_text(encoding="utf-8")
C1W2 = curriculum.assignment("c1w2")
SUBMIT = "/api/assignments/c1w2/submit"
INFINITE_LOOP = "while True:\n    pass\n"
STACK_TRACE = re.compile(r"Traceback \(most recent call last\)|File \".*\.py\", line")


@pytest.fixture
def client(tmp_path) -> Iterator[TestClient]:
    with TestClient(create_app(store_url=f"sqlite:///{tmp_path / 'web.db'}",
                               learner="ada")) as c:
        yield c


@pytest.fixture
def token(client) -> str:
    page = client.get("/assignments/c1w2")
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page.text)
    assert match
    return match[1]


def submit(client: TestClient, token: str, source: str, **extra):
    return client.post(SUBMIT, json={"source": source, **extra},
                       headers={"X-CSRF-Token": token})


def textarea(page_html: str) -> str:
    match = re.search(r'<textarea id="source"[^>]*>\n(.*?)</textarea>', page_html, re.S)
    assert match, "no editor on the page"
    return html.unescape(match[1])


def _state(client: TestClient):
    return client.app.state


# -- pages -------------------------------------------------------------------------------


def test_the_list_shows_every_assignment_and_nothing_submitted_yet(client):
    page = client.get("/assignments")
    assert page.status_code == 200
    for assignment in ASSIGNMENTS.values():
        assert f'href="/assignments/{assignment.id}"' in page.text
        assert html.escape(assignment.title) in page.text
    assert page.text.count("not submitted yet") == len(ASSIGNMENTS)
    assert "Week 2" in page.text


def test_the_list_shows_the_best_score_and_the_number_of_submissions(client, token):
    submit(client, token, WRONG)
    submit(client, token, CORRECT)
    submit(client, token, WRONG)
    page = client.get("/assignments").text
    assert "best 10 / 10 · 3 submissions" in page
    assert "Passed" in page


def test_the_assignment_page_has_instructions_an_editor_and_no_inline_script(client):
    page = client.get("/assignments/c1w2")
    assert page.status_code == 200
    text = page.text
    assert "<math" in text  # the instructions' $…$ typeset as MathML
    assert "row_echelon_form(A, B)" in text  # the functions' signatures
    assert textarea(text) == C1W2.starter
    assert '<label for="source"' in text
    assert 'aria-describedby="editor-hint"' in text
    assert "press Esc and then Tab" in text
    assert '<script src="/static/editor.js" defer></script>' in text
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) is None
    assert '<form class="card assignment-form" method="post" action="/assignments/c1w2"' in text
    assert re.search(r'<input type="hidden" name="csrf" value="[0-9a-f]+">', text)
    assert 'href="/assignments/c1w2/starter.py"' in text
    assert "No submissions yet" in text


def test_the_editor_opens_on_the_latest_submission_or_the_one_asked_for(client, token):
    first = submit(client, token, WRONG).json()["submission"]
    submit(client, token, CORRECT)
    assert textarea(client.get("/assignments/c1w2").text) == CORRECT
    page = client.get(f"/assignments/c1w2?submission={first}")
    assert page.status_code == 200
    assert textarea(page.text) == WRONG
    assert f"Submission #{first}" in page.text
    assert client.get("/assignments/c1w2?submission=abc").status_code == 404


def test_the_week_page_links_its_assignment(client):
    assert 'href="/assignments/c1w2"' in client.get("/week/c1w2").text


def test_the_editor_script_and_styles_are_served(client):
    script = client.get("/static/editor.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text.replace("slot.innerHTML = data.html", "").replace(
        "history.innerHTML = data.history_html", "")
    assert ".code-input" in client.get("/static/app.css").text


# -- grading -----------------------------------------------------------------------------


def test_a_wrong_solution_gets_per_test_verdicts_and_is_recorded(client, token):
    response = submit(client, token, WRONG)
    assert response.status_code == 200
    data = response.json()
    assert (data["score"], data["max_score"], data["outcome"]) == (7, 10, "failed")
    assert [t["passed"] for t in data["tests"]] == [True, False, True, True, False, True]
    assert "swap its row" in data["tests"][1]["feedback"]
    assert data["html"].count('class="verdict-item fail"') == 2
    assert "7 / 10" in data["html"]
    assert "Some tests failed" in data["html"]
    assert f'href="/assignments/c1w2/submissions/{data["submission"]}"' in data["history_html"]
    assert data["url"] == f"/assignments/c1w2/submissions/{data['submission']}"
    state = _state(client)
    [stored] = state.store.submissions(state.learner, assignment_id="c1w2")
    assert (stored.id, stored.source, stored.score, stored.outcome) == (
        data["submission"], WRONG, 7, "failed")
    assert stored.elapsed_ms is not None
    assert stored.elapsed_ms > 0


def test_a_correct_solution_passes_every_test(client, token):
    data = submit(client, token, CORRECT).json()
    assert (data["score"], data["outcome"]) == (10, "passed")
    assert all(t["passed"] for t in data["tests"])
    assert "All tests passed" in data["html"]
    assert "source" not in data  # sent back only for notebooks


def test_the_form_without_javascript_grades_records_and_redirects(client, token):
    response = client.post("/assignments/c1w2", data={"source": WRONG, "csrf": token},
                           follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/assignments/c1w2/submissions/\d+", location)
    page = client.get(location)
    assert page.status_code == 200
    assert "7 / 10" in page.text
    assert "Some tests failed" in page.text
    assert html.escape("def row_echelon_form(A, B):") in page.text


def test_windows_line_endings_from_a_form_are_graded_as_python(client, token):
    response = client.post("/assignments/c1w2",
                           data={"source": CORRECT.replace("\n", "\r\n"), "csrf": token})
    assert response.status_code == 200
    assert "10 / 10" in response.text


def test_a_notebook_is_graded_from_its_graded_cells(client, token):
    notebook = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# C1W2"},
        {"cell_type": "code", "metadata": {}, "source": ["%matplotlib inline\n", "x = 1\n"]},
        {"cell_type": "code", "metadata": {"tags": ["graded"]}, "source": CORRECT},
    ], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}
    data = submit(client, token, json.dumps(notebook), filename="C1W2.ipynb").json()
    assert (data["score"], data["outcome"]) == (10, "passed")
    assert data["source"].strip() == CORRECT.strip()
    assert "C1W2.ipynb" in data["html"]
    state = _state(client)
    assert state.store.submission(state.learner, data["submission"]).filename == "C1W2.ipynb"


@pytest.mark.parametrize(("notebook", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a Jupyter notebook"),
    ('{"cells": 3}', "not a Jupyter notebook"),
    ('{"cells": [{"cell_type": "markdown", "source": "# Notes"}]}', "has no code cells"),
    ('{"worksheets": []}', "old format 3"),
])
def test_a_broken_notebook_gets_a_clear_400(client, token, notebook, message):
    response = submit(client, token, notebook, filename="bad.ipynb")
    assert response.status_code == 400
    assert message in response.json()["error"]


# -- hostile code comes back as a verdict ----------------------------------------------


def test_an_infinite_loop_times_out_as_a_verdict(client, token):
    data = submit(client, token, INFINITE_LOOP).json()
    assert (data["score"], data["outcome"]) == (0, "timeout")
    assert "Out of time" in data["html"]
    assert "infinite loop" in data["html"]


@pytest.mark.parametrize("source", [
    "from numpy.linalg import solve\n\ndef gaussian_elimination(A, B):\n"
    "    return solve(A, B)\n",
    "import numpy as np\n\ndef gaussian_elimination(A, B):\n    return np.linalg.inv(A) @ B\n",
])
def test_a_forbidden_import_or_call_is_reported(client, token, source):
    data = submit(client, token, source).json()
    assert data["outcome"] == "forbidden"
    feedback = data["tests"][0]["feedback"]
    assert "is not allowed in this assignment" in feedback
    # one message for the whole report, not repeated under each test
    assert data["html"].count(html.escape(feedback[1:], quote=True)) == 1


@pytest.mark.parametrize("source", [
    "import os\nwhile True:\n    os.fork()\n",
    "print(open('/etc/passwd').read())\n",
    "import subprocess\nsubprocess.run(['ls'])\n",
    "x = 1\n\0\n",
])
def test_hostile_code_is_an_error_verdict_not_a_server_error(client, token, source):
    response = submit(client, token, source)
    assert response.status_code == 200
    data = response.json()
    assert data["outcome"] == "error"
    assert data["score"] == 0
    assert "root:" not in data["html"]


def test_learner_text_is_escaped_everywhere(client, token):
    hostile = '# </textarea><script>alert(1)</script>\nx = "<img src=x onerror=alert(1)>"\n'
    data = submit(client, token, hostile, filename="<b>evil</b>.py").json()
    assert "<script>" not in data["html"]
    assert "<b>evil" not in data["html"]
    assert "&lt;b&gt;evil&lt;/b&gt;.py" in data["html"]
    for url in ("/assignments/c1w2", data["url"]):
        page = client.get(url).text
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;/textarea&gt;&lt;script&gt;" in page
    assert textarea(client.get("/assignments/c1w2").text) == hostile


def test_grading_does_not_block_other_requests(client, token):
    """An infinite loop takes the sandbox's whole time limit; pages answer meanwhile."""
    result: dict[str, float] = {}

    def slow() -> None:
        started = time.perf_counter()
        submit(client, token, INFINITE_LOOP)
        result["grading"] = time.perf_counter() - started

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.3)
    started = time.perf_counter()
    assert client.get("/assignments").status_code == 200
    took = time.perf_counter() - started
    worker.join()
    assert result["grading"] > 1.0
    assert took < 0.5 * result["grading"], (took, result)


# -- bad requests ------------------------------------------------------------------------


def test_an_unknown_assignment_is_404_everywhere(client, token):
    for url in ("/assignments/nope", "/assignments/C1W2", "/assignments/nope/starter.py",
                "/assignments/nope/submissions/1", "/assignments/nope/submissions/1/download"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "There is no such assignment." in response.text
        assert not STACK_TRACE.search(response.text)
    response = client.post("/api/assignments/nope/submit", json={"source": "x = 1"},
                           headers={"X-CSRF-Token": token})
    assert response.status_code == 404
    assert response.json() == {"error": "There is no such assignment.", "status": 404}
    assert client.post("/assignments/nope", data={"source": "x", "csrf": token}).status_code == 404


@pytest.mark.parametrize("headers", [{}, {"X-CSRF-Token": ""}, {"X-CSRF-Token": "0" * 64}])
def test_the_api_refuses_a_missing_or_wrong_csrf_token(client, headers):
    response = client.post(SUBMIT, json={"source": CORRECT}, headers=headers)
    assert response.status_code == 403
    assert "Reload it" in response.json()["error"]
    state = _state(client)
    assert state.store.submissions(state.learner) == []


def test_the_api_refuses_another_sites_page(client, token):
    response = client.post(SUBMIT, json={"source": CORRECT},
                           headers={"X-CSRF-Token": token, "Origin": "https://evil.example"})
    assert response.status_code == 403


@pytest.mark.parametrize("fields", [{"source": "x = 1"}, {"source": "x = 1", "csrf": "bad"}])
def test_the_form_refuses_a_missing_or_wrong_csrf_token(client, fields):
    response = client.post("/assignments/c1w2", data=fields)
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert "This page has expired" in response.text


@pytest.mark.parametrize(("body", "message"), [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00", "not valid JSON"),
    (b"[1, 2, 3]", "must be a JSON object"),
    (b'{"source": 5}', "source must be text"),
    (b'{"filename": "a.py"}', "source must be text"),
    (b'{"source": "x = 1", "filename": ["a"]}', "filename must be text"),
    (b'{"source": "   \\n  "}', "There is no code to grade"),
    (b'{"source": "x = \\"\\ud800\\""}', "not valid text"),
])
def test_malformed_submissions_get_a_clear_400(client, token, body, message):
    response = client.post(SUBMIT, content=body, headers={
        "X-CSRF-Token": token, "Content-Type": "application/json"})
    assert response.status_code == 400
    data = response.json()
    assert message in data["error"]
    assert data["status"] == 400


def test_an_oversized_post_is_413_with_a_clear_message(client, token):
    big = json.dumps({"source": "x = 1\n" + "#" * MAX_SUBMIT_BYTES})
    response = client.post(SUBMIT, content=big, headers={
        "X-CSRF-Token": token, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert "larger than 512 KiB" in response.json()["error"]
    form = client.post("/assignments/c1w2", data={"source": "#" * (MAX_SUBMIT_BYTES + 1),
                                                  "csrf": token})
    assert form.status_code == 413
    assert "larger than 512 KiB" in form.text
    assert not STACK_TRACE.search(form.text)


def test_code_longer_than_the_store_keeps_is_413_before_grading(client, token):
    response = submit(client, token, "#" * (MAX_SOURCE_CHARS + 1))
    assert response.status_code == 413
    assert "longer than" in response.json()["error"]


def test_too_many_submissions_in_a_minute_get_429_with_retry_after(client, token):
    _state(client).submit_limiter = RateLimiter(2, 60.0)
    forbidden = "import numpy as np\nnp.linalg.solve\n"  # graded at once, statically
    assert submit(client, token, forbidden).status_code == 200
    assert submit(client, token, forbidden).status_code == 200
    response = submit(client, token, forbidden)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
    assert "submissions in a minute" in response.json()["error"]
    form = client.post("/assignments/c1w2", data={"source": forbidden, "csrf": token})
    assert form.status_code == 429
    assert "Wait a moment" in form.text
    state = _state(client)
    assert len(state.store.submissions(state.learner)) == 2


# -- submissions and downloads -----------------------------------------------------------


def test_a_submission_page_shows_the_report_and_the_code_read_only(client, token):
    data = submit(client, token, WRONG).json()
    page = client.get(data["url"])
    assert page.status_code == 200
    assert f"Submission #{data['submission']}" in page.text
    assert "7 / 10" in page.text
    assert '<pre class="code-view" data-python' in page.text
    assert "<textarea" not in page.text
    assert f'href="{data["url"]}/download"' in page.text


@pytest.mark.parametrize("submission_id", ["abc", "-1", "0", "1.5", "99999", "9" * 40, "１"])
def test_a_bad_or_unknown_submission_id_is_404(client, token, submission_id):
    submit(client, token, "x = 1\n")
    for suffix in ("", "/download"):
        response = client.get(f"/assignments/c1w2/submissions/{submission_id}{suffix}")
        assert response.status_code == 404
        assert "There is no such submission." in response.text


def test_another_learners_submission_looks_like_no_submission_at_all(client, token):
    state = _state(client)
    bea = state.store.learner("bea")
    theirs = state.store.record_submission(
        bea, assignment_id="c1w2", source="secret = 42\n",
        report={"score": 0, "max_score": 10, "outcome": "error", "tests": []})
    missing = client.get("/assignments/c1w2/submissions/99999")
    for suffix in ("", "/download"):
        response = client.get(f"/assignments/c1w2/submissions/{theirs.id}{suffix}")
        assert response.status_code == 404
        assert response.text == missing.text.replace("99999", str(theirs.id)) or (
            "There is no such submission." in response.text)
        assert "secret" not in response.text
    assert client.get(f"/assignments/c1w2?submission={theirs.id}").status_code == 404
    assert "secret" not in client.get("/assignments/c1w2").text


def test_a_submission_is_only_found_under_its_own_assignment(client, token):
    data = submit(client, token, "x = 1\n").json()
    assert client.get(f"/assignments/c1w1/submissions/{data['submission']}").status_code == 404


def test_downloads_are_python_attachments_with_safe_names(client, token):
    starter = client.get("/assignments/c1w2/starter.py")
    assert starter.status_code == 200
    assert starter.headers["content-type"].startswith("text/x-python")
    assert starter.headers["content-disposition"] == 'attachment; filename="c1w2_assignment.py"'
    assert starter.text == C1W2.starter
    data = submit(client, token, WRONG, filename='../../etc/"passwd".py').json()
    download = client.get(f"{data['url']}/download")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == (
        f'attachment; filename="c1w2_submission_{data["submission"]}.py"')
    assert download.text == WRONG


# -- speed -------------------------------------------------------------------------------


def test_assignment_pages_render_quickly(client, token):
    for source in (WRONG, CORRECT, INFINITE_LOOP.replace("True", "False")):
        data = submit(client, token, source).json()
    urls = ["/assignments", "/assignments/c1w2", "/assignments/c1w3", data["url"],
            "/assignments/c1w2/starter.py"]
    for url in urls:  # warm caches (templates, instructions)
        client.get(url)
    timings = {}
    for url in urls:
        runs = []
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200
            runs.append(float(response.headers["server-timing"].split("dur=")[1]))
        timings[url] = min(runs)
    print("server ms per assignment page:", timings)
    slow = {u: t for u, t in timings.items() if t > 100}
    assert not slow, f"pages slower than 100 ms: {slow}"


# -- rejected attempts, queued submissions, a busy database --------------------------------


def test_rejected_submissions_spend_the_rate_limit_too(client, token):
    """Too large, not JSON, not a notebook: each attempt costs one submission, so
    hostile requests cannot be sent faster than graded ones."""
    _state(client).submit_limiter = RateLimiter(3, 60.0)
    too_large = json.dumps({"source": "#" * (MAX_SUBMIT_BYTES + 1)})
    assert client.post(SUBMIT, content=too_large, headers={
        "X-CSRF-Token": token, "Content-Type": "application/json"}).status_code == 413
    assert client.post(SUBMIT, content=b"{not json", headers={
        "X-CSRF-Token": token, "Content-Type": "application/json"}).status_code == 400
    broken_notebook = submit(client, token, '{"cells": {}}', filename="a.ipynb")
    assert broken_notebook.status_code == 400
    refused = submit(client, token, CORRECT)
    assert refused.status_code == 429
    state = _state(client)
    assert state.store.submissions(state.learner) == []


def test_a_deeply_nested_submission_body_is_a_clear_400(client, token):
    body = '{"source": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post(SUBMIT, content=body, headers={
        "X-CSRF-Token": token, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert "error" in response.json()


def test_a_hostile_notebook_gets_a_clear_400_quickly(client, token):
    cell = {"cell_type": "code", "metadata": {"tags": ["graded"]}, "source": "x = 1\n" * 60_000}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    assert len(notebook) < MAX_SUBMIT_BYTES
    started = time.perf_counter()
    response = submit(client, token, notebook, filename="C1W2.ipynb")
    assert time.perf_counter() - started < 1.0
    assert response.status_code == 400
    assert "a cell may hold at most" in response.json()["error"]
    tagged_as_text = json.dumps({"cells": [cell | {"source": "x = 1", "metadata": {
        "tags": "ungraded"}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    response = submit(client, token, tagged_as_text, filename="C1W2.ipynb")
    assert response.status_code == 400
    assert "tags are not a list" in response.json()["error"]


def test_a_submission_is_stored_queued_before_it_is_graded(client, token, monkeypatch):
    """While grading runs, the submission is already in the store as queued."""
    from mathforml.web import _routes_assignment as routes

    seen: list[str] = []
    real = routes._grade

    def grade_and_look(assignment, source, notebook):
        state = _state(client)
        seen.extend(s.status for s in state.store.submissions(state.learner))
        return real(assignment, source, notebook)

    monkeypatch.setattr(routes, "_grade", grade_and_look)
    data = submit(client, token, CORRECT).json()
    assert seen == ["queued"]
    assert (data["status"], data["score"], data["outcome"]) == ("graded", 10, "passed")


def test_a_queued_submission_shows_as_being_graded_until_a_regrader_grades_it(client, token):
    from mathforml.web._routes_assignment import Regrader

    state = _state(client)
    queued = state.store.queue_submission(state.learner, assignment_id="c1w2", source=CORRECT,
                                          max_score=C1W2.max_score)
    page = client.get(f"/assignments/c1w2/submissions/{queued.id}")
    assert page.status_code == 200
    assert "Being graded" in page.text
    assert page.headers["refresh"] == "2"
    listed = client.get("/assignments/c1w2")
    assert "Being graded" in listed.text
    status = client.get(f"/api/assignments/c1w2/submissions/{queued.id}").json()
    assert (status["status"], status["outcome"], status["score"]) == ("queued", "queued", 0)

    assert Regrader(state.store).grade_queued() == 1
    status = client.get(f"/api/assignments/c1w2/submissions/{queued.id}").json()
    assert (status["status"], status["outcome"], status["score"]) == ("graded", "passed", 10)
    page = client.get(f"/assignments/c1w2/submissions/{queued.id}")
    assert "refresh" not in page.headers
    assert "10 / 10" in page.text


def test_a_queued_notebook_is_graded_as_a_notebook(client, token):
    from mathforml.web._routes_assignment import Regrader

    cells = [{"cell_type": "code", "metadata": {"tags": ["graded"]}, "source": CORRECT}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    state = _state(client)
    queued = state.store.queue_submission(state.learner, assignment_id="c1w2", source=CORRECT,
                                          max_score=C1W2.max_score, notebook=notebook,
                                          filename="C1W2.ipynb")
    assert Regrader(state.store).grade_queued() == 1
    graded = state.store.submission(state.learner, queued.id)
    assert (graded.status, graded.score) == ("graded", 10)


def test_the_status_of_another_learners_submission_is_404(client, token, tmp_path):
    state = _state(client)
    other = state.store.learner("someone-else")
    theirs = state.store.queue_submission(other, assignment_id="c1w2", source=CORRECT,
                                          max_score=10)
    assert client.get(f"/api/assignments/c1w2/submissions/{theirs.id}").status_code == 404


def test_a_locked_database_gives_503_pages_and_reads_still_work(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("MATHFORML_DB_TIMEOUT", "0.5")
    path = tmp_path / "web.db"
    with TestClient(create_app(store_url=f"sqlite:///{path}", learner="ada")) as client:
        page = client.get("/assignments/c1w2")
        token = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page.text)[1]
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        try:
            started = time.perf_counter()
            response = submit(client, token, CORRECT)
            assert time.perf_counter() - started < 2.0
            assert response.status_code == 503
            assert response.json()["error"] == "The database is busy, try again in a moment."
            assert response.headers["retry-after"] == "2"
            form = client.post("/assignments/c1w2", data={"source": CORRECT, "csrf": token})
            assert form.status_code == 503
            assert "The database is busy" in form.text
            assert not STACK_TRACE.search(form.text)
            started = time.perf_counter()
            assert client.get("/assignments/c1w2").status_code == 200  # reads go on
            assert client.get("/static/app.css").status_code == 200
            assert time.perf_counter() - started < 0.5
        finally:
            other.execute("ROLLBACK")
            other.close()
        response = submit(client, token, CORRECT)
        assert response.status_code == 200
        assert response.json()["score"] == 10, response.json()["tests"]
