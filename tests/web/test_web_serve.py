"""Serving with several worker processes: what they must share, and what they build."""

from __future__ import annotations

import json
import re
import threading

from fastapi.testclient import TestClient

from mathforml.store import Store
from mathforml.web import OPTIONS_ENV, app_from_env, create_app
from mathforml.web._identity import SECRET_ENV

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def _token(app) -> str:
    with TestClient(app) as client:
        return CSRF.search(client.get("/").text).group(1)


def test_workers_sharing_the_key_accept_each_others_csrf_tokens(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv(SECRET_ENV, "one key for every worker")
    assert _token(create_app(store_url=url)) == _token(create_app(store_url=url))


def test_without_a_shared_key_each_process_makes_its_own(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert _token(create_app(store_url=url)) != _token(create_app(store_url=url))


def test_a_worker_builds_its_app_from_the_options_serve_left(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    monkeypatch.setenv(OPTIONS_ENV, json.dumps({"store_url": url, "accounts": True}))
    with TestClient(app_from_env(), follow_redirects=False) as client:
        assert client.get("/").status_code == 303  # accounts: sign in first
        assert client.get("/login").status_code == 200


def test_concurrent_writers_queue_instead_of_failing(tmp_path):
    """Writers from many threads (as a server's) all land, through the writer queue."""
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        me = store.learner("ada")
        errors: list[BaseException] = []

        def write(n: int) -> None:
            try:
                for k in range(10):
                    store.record_attempt(me, exercise_id=f"c1w1.e{n}", week_id="c1w1", seed=k,
                                         variant_number=k, answer_raw="1", status="correct")
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(store.attempts(me)) == 80
    assert (tmp_path / "db.sqlite.writers").exists()
