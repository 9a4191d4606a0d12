"""``mathforml serve --accounts``: registration, sign-in, sessions, CSRF, rate limits,
hostile input, and that one learner never sees another's data (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
import uuid
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mathforml import curriculum
from mathforml.engine import generate_params, variant_seed
from mathforml.store import Store, database_url_from_env
from mathforml.web import create_app
from mathforml.web._identity import RateLimiter, safe_next

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
EXERCISE = "c1w1.two-purchases"
SESSION = "mathforml_session"
POSTGRES_URL_ENV = "MATHFORML_TEST_POSTGRES_URL"
POSTGRES_URL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


# -- fixtures and helpers --------------------------------------------------------------


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'accounts.db'}"


@pytest.fixture
def app(db_url):
    return create_app(store_url=db_url, accounts=True)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """The first browser; it runs the app's start-up and shut-down."""
    with TestClient(app) as c:
        yield c


@pytest.fixture
def other(app, client) -> TestClient:
    """A second browser on the same running app, with its own cookies."""
    return TestClient(app)


def _hidden_csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert match, html[:2000]
    return match[1]


def _meta_csrf(client: TestClient) -> str:
    page = client.get("/progress")
    assert page.status_code == 200
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]{64})">', page.text)
    assert match
    return match[1]


def register(client: TestClient, name: str, password: str = PASSWORD,
             password2: str | None = None, **extra: str):
    token = _hidden_csrf(client.get("/register").text)
    form = {"csrf": token, "name": name, "password": password,
            "password2": password if password2 is None else password2, **extra}
    return client.post("/register", data=form, follow_redirects=False)


def login(client: TestClient, name: str, password: str = PASSWORD, **extra: str):
    token = _hidden_csrf(client.get("/login").text)
    return client.post("/login", data={"csrf": token, "name": name, "password": password,
                                       **extra}, follow_redirects=False)


def signed_up(client: TestClient, name: str) -> TestClient:
    """``client`` registered and signed in as ``name``, sending its CSRF header."""
    response = register(client, name)
    assert response.status_code == 303, response.text
    client.headers["x-csrf-token"] = _meta_csrf(client)
    return client


def _variant(client: TestClient, exercise: str = EXERCISE) -> tuple[str, int]:
    page = client.get(f"/practice/c1w1?exercise={exercise}")
    assert page.status_code == 200
    match = re.search(r'data-exercise="([^"]+)" data-seed="(\d+)"', page.text)
    assert match
    return match[1], int(match[2])


def _right_answer(exercise_id: str, seed: int) -> str:
    exercise = curriculum.exercise(exercise_id)
    params = generate_params(exercise, seed)
    kind = exercise.kind(params)
    return kind.text(kind.normalize(exercise.answer(params)))


def _set_cookies(response) -> dict[str, str]:
    cookies = {}
    for header in response.headers.get_list("set-cookie"):
        cookies[header.split("=", 1)[0]] = header
    return cookies


# -- registration and sign-in -------------------------------------------------------


def test_no_local_learner_is_created_with_accounts(client, db_url):
    client.get("/login")
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT name FROM learners").fetchall() == []


def test_register_signs_in_with_a_safe_session_cookie(client, db_url):
    response = register(client, "Ada.L")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = _set_cookies(response)[SESSION]
    token = cookie.split("=", 1)[1].split(";", 1)[0]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 32 random bytes
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/", "max-age=1209600"} <= flags
    assert "secure" not in flags  # plain http on localhost
    assert "domain" not in cookie.lower()
    home = client.get("/")
    assert home.status_code == 200
    assert "ada.l" in home.text  # names are not case-sensitive: kept in lower case
    assert "Sign out" in home.text
    # The store keeps only the token's SHA-256, never the token itself.
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        rows = db.execute("SELECT token_hash FROM sessions").fetchall()
        assert rows == [(hashlib.sha256(token.encode()).hexdigest(),)]
        dump = "\n".join(db.iterdump())
        assert token not in dump
        assert PASSWORD not in dump
        assert "$argon2id$" in dump


@pytest.mark.parametrize(("base_url", "secure_cookies"), [("https://testserver", None),
                                                      ("http://testserver", True)])
def test_cookies_are_secure_with_the_host_prefix_on_https(db_url, base_url, secure_cookies):
    app = create_app(store_url=db_url, accounts=True, secure_cookies=secure_cookies)
    with TestClient(app, base_url="https://testserver") as c:
        # The browser sends Secure cookies back over https only: use https here.
        page = c.get("/login")
        pre = page.headers["set-cookie"]
        assert pre.startswith("__Host-mathforml_pre=")
        assert "Secure" in pre
        response = register(c, "grace")
        assert response.status_code == 303
        cookie = _set_cookies(response)["__Host-" + SESSION]
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        assert "Path=/" in cookie
        assert c.get("/", follow_redirects=False).status_code == 200


def test_login_logout_and_the_old_session_is_gone(client, other):
    assert register(client, "ada").status_code == 303
    old = client.cookies[SESSION]
    response = client.post("/logout", data={"csrf": _meta_csrf(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert "Max-Age=0" in _set_cookies(response)[SESSION]
    # The session is deleted on the server: the old cookie signs nobody in.
    other.cookies.clear()
    other.cookies.set(SESSION, old)
    assert other.get("/", follow_redirects=False).status_code == 303

    response = login(client, "ADA")  # not case-sensitive
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert client.cookies[SESSION] != old
    assert "ada" in client.get("/").text


def test_signing_in_again_rotates_the_session(client, other):
    assert register(client, "ada").status_code == 303
    first = client.cookies[SESSION]
    assert login(client, "ada").status_code == 303  # GET /login redirects, form still posts
    second = client.cookies[SESSION]
    assert second != first
    other.cookies.clear()
    other.cookies.set(SESSION, first)
    assert other.get("/", follow_redirects=False).status_code == 303


def test_signed_in_browser_skips_the_forms(client):
    signed_up(client, "ada")
    for path in ("/login", "/register", "/login?next=/progress"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
    assert client.get("/login?next=/progress", follow_redirects=False).headers[
        "location"] == "/progress"


@pytest.mark.parametrize("name", ["ada", "nobody"])
def test_wrong_password_or_unknown_name_get_the_same_answer(client, name):
    assert register(client, "ada").status_code == 303
    client.cookies.clear()
    response = login(client, name, "not the password")
    assert response.status_code == 401
    assert "That name and password do not match an account." in response.text
    assert SESSION not in _set_cookies(response)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_unknown_names_take_about_as_long_as_wrong_passwords(client):
    assert register(client, "ada").status_code == 303
    client.cookies.clear()

    def took(name: str) -> float:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            assert login(client, name, "not the password").status_code == 401
            runs.append(time.perf_counter() - started)
        return min(runs)

    known, unknown = took("ada"), took("nobody")
    assert unknown > 0.5 * known, (known, unknown)


def test_a_taken_name_is_refused_clearly(client, other, db_url):
    assert register(client, "ada").status_code == 303
    response = register(other, "Ada")
    assert response.status_code == 409
    assert "taken" in response.text
    # A learner from local mode (no password) also keeps their name.
    with Store(db_url) as store:
        store.learner("local")
    response = register(other, "local")
    assert response.status_code == 409


def test_an_old_hash_is_upgraded_on_sign_in(client, db_url):
    from argon2 import PasswordHasher

    with Store(db_url) as store:
        weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
        learner = store.create_account("old", weak)
    assert login(client, "old").status_code == 303
    with Store(db_url) as store:
        found = store.account("old")
        assert found is not None
        assert found[0] == learner
        assert found[1] != weak
        assert PasswordHasher().verify(found[1], PASSWORD)


# -- sessions ------------------------------------------------------------------------


def test_an_expired_session_signs_nobody_in_and_is_swept(client, db_url):
    from mathforml.web._app import sweep_sessions

    signed_up(client, "ada")
    with Store(db_url) as store:
        learner = store.account("ada")[0]
        token = "e" * 43
        store.create_session(learner, hashlib.sha256(token.encode()).hexdigest(),
                             datetime.now(UTC) - timedelta(seconds=1))
    live = client.cookies[SESSION]
    client.cookies.clear()
    client.cookies.set(SESSION, token)
    assert client.get("/", follow_redirects=False).status_code == 303
    assert client.post("/api/check", json={}).status_code == 401
    sweep_sessions(client.app, force=True)
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        rows = db.execute("SELECT token_hash FROM sessions").fetchall()
        assert rows == [(hashlib.sha256(live.encode()).hexdigest(),)]  # the live one


@pytest.mark.parametrize("cookie", ["", "x", "a" * 43 + "'", "é" * 43, "a" * 5000, "%00"])
def test_garbage_session_cookies_are_just_signed_out(client, cookie):
    response = client.get("/progress", follow_redirects=False,
                          headers={"cookie": f"{SESSION}={cookie}".encode()})
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/progress"


# -- signed out ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/progress", "/week/c1w1", "/practice/c1w1",
                                  "/visual", "/assignments", "/assignments/c1w1",
                                  "/static-week/c1w1/figures/three-cases.svg"])
def test_signed_out_pages_redirect_to_sign_in_and_back(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/login")
    if path != "/":
        assert "next=" in location
    client.cookies.clear()
    assert register(client, "ada").status_code == 303
    target = re.search(r"next=([^&]+)", location)
    response = login(client, "ada", next=target[1].replace("%3F", "?").replace("%3D", "=")
                     if target else "")
    assert response.headers["location"] == path


def test_signed_out_form_posts_redirect_and_record_nothing(client, db_url):
    response = client.post("/practice/c1w1", data={"answer": "1"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/practice/c1w1"


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview",
                                  "/api/assignments/c1w1/submit"])
def test_signed_out_api_is_401_json(client, path):
    response = client.post(path, json={"exercise_id": EXERCISE, "seed": 1, "answer": "1"})
    assert response.status_code == 401
    assert response.json() == {"error": "Sign in first.", "status": 401}
    assert client.get("/api/steps?matrix=1 2; 3 4").status_code == 401


def test_the_sign_in_pages_and_static_files_are_public(client):
    for path in ("/login", "/register", "/static/app.css", "/static/accounts.css",
                 "/static/app.js"):
        assert client.get(path).status_code == 200, path
    page = client.get("/login")
    assert '<label for="name">Name</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert 'autocomplete="current-password"' in page.text
    assert "Sign out" not in page.text
    assert 'href="/register"' in page.text
    assert page.headers["cache-control"] == "no-store"
    assert client.get("/no-such-page").status_code == 404


def test_logout_when_signed_out_just_goes_to_sign_in(client):
    response = client.post("/logout", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


# -- open redirects --------------------------------------------------------------------


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x",
                                    "/\\evil.example", "\\\\evil.example",
                                    "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1",
                                    "/login", "/logout", "http:/evil.example", "", " //evil",
                                    "/\t/evil.example", "/" + "a" * 3000])
def test_next_never_leaves_the_site(client, target):
    assert register(client, "ada").status_code == 303
    client.post("/logout", data={"csrf": _meta_csrf(client)})
    response = login(client, "ada", next=target)
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == "/" or (location.startswith("/") and not location.startswith("//"))
    assert "evil" not in location
    assert "\n" not in location
    assert "\r" not in location


def test_safe_next_keeps_local_paths():
    assert safe_next("/practice/c1w1?exercise=c1w1.x") == "/practice/c1w1?exercise=c1w1.x"
    assert safe_next("/progress") == "/progress"
    assert safe_next("//evil.example") == "/"
    assert safe_next("/\\evil.example") == "/"
    assert safe_next(None, "") == ""


# -- CSRF ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "0" * 64, "x" * 100])
def test_sign_in_and_registration_forms_need_the_csrf_token(client, token):
    client.get("/login")  # the pre-session cookie
    form = {"name": "ada", "password": PASSWORD, "password2": PASSWORD}
    if token is not None:
        form["csrf"] = token
    assert client.post("/register", data=form).status_code == 403
    assert register(client, "ada").status_code == 303
    client.cookies.clear()
    client.get("/login")
    assert client.post("/login", data=form).status_code == 403


def test_the_login_token_is_bound_to_its_own_browser(client, other):
    """Login CSRF: a token from the attacker's browser is no good in the victim's."""
    assert register(client, "mallory").status_code == 303
    client.cookies.clear()
    attacker_token = _hidden_csrf(client.get("/login").text)
    other.get("/login")
    response = other.post("/login", data={"csrf": attacker_token, "name": "mallory",
                                          "password": PASSWORD})
    assert response.status_code == 403
    # And without the pre-session cookie there is nothing to match.
    other.cookies.clear()
    response = other.post("/login", data={"csrf": attacker_token, "name": "mallory",
                                          "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview"])
def test_json_posts_need_this_sessions_csrf_header(client, other, db_url, path):
    signed_up(client, "ada")
    signed_up(other, "bob")
    exercise_id, seed = _variant(client)
    body = {"exercise_id": exercise_id, "seed": seed, "answer": _right_answer(exercise_id, seed)}
    for token in (None, "", "0" * 64, other.headers["x-csrf-token"]):
        headers = {"x-csrf-token": token} if token is not None else {}
        mine = client.headers.pop("x-csrf-token")
        response = client.post(path, json=body, headers=headers)
        client.headers["x-csrf-token"] = mine
        assert response.status_code == 403, token
        assert "expired" in response.json()["error"]
    with Store(db_url) as store:
        assert store.attempts(store.account("ada")[0]) == []
    assert client.post(path, json=body).status_code == 200


def test_practice_form_and_logout_need_the_csrf_field(client, other, db_url):
    signed_up(client, "ada")
    signed_up(other, "bob")
    exercise_id, seed = _variant(client)
    form = {"exercise_id": exercise_id, "seed": str(seed), "action": "check",
            "answer": _right_answer(exercise_id, seed)}
    for token in (None, "0" * 64, other.headers["x-csrf-token"]):
        data = {**form, **({"csrf": token} if token else {})}
        assert client.post("/practice/c1w1", data=data).status_code == 403
        assert client.post("/logout", data={"csrf": token or ""}).status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 200  # still signed in
    with Store(db_url) as store:
        assert store.attempts(store.account("ada")[0]) == []
    page = client.post("/practice/c1w1", data={**form, "csrf": client.headers["x-csrf-token"]})
    assert page.status_code == 200
    assert "Correct." in page.text


def test_the_csrf_token_changes_with_the_session(client):
    signed_up(client, "ada")
    first = client.headers["x-csrf-token"]
    assert login(client, "ada").status_code == 303
    assert _meta_csrf(client) != first


# -- rate limits -----------------------------------------------------------------------


def test_sign_in_is_rate_limited_per_name(client, other):
    assert register(client, "ada").status_code == 303
    client.cookies.clear()
    for _ in range(10):
        assert login(client, "ada", "wrong password!").status_code == 401
    response = login(client, "Ada", PASSWORD)  # even the right password, for now
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "Too many tries" in response.text
    assert "Traceback" not in response.text
    # Another name from the same address is not locked out.
    assert register(other, "bob").status_code == 303
    other.cookies.clear()
    assert login(other, "bob").status_code == 303


def test_sign_in_and_registration_are_rate_limited_per_address(app, client):
    app.state.limits["login_ip"] = RateLimiter(3, 300)
    app.state.limits["register_ip"] = RateLimiter(2, 3600)
    assert register(client, "ada").status_code == 303
    assert register(client, "bob").status_code == 303
    response = register(client, "cyd")
    assert response.status_code == 429
    assert response.headers["retry-after"]
    client.cookies.clear()
    for name in ("ada", "bob", "nobody"):
        login(client, name, "wrong password!")
    response = login(client, "ada")
    assert response.status_code == 429


def test_answers_are_rate_limited_per_learner(app, client, other):
    app.state.limits["answer"] = RateLimiter(3, 60)
    app.state.limits["preview"] = RateLimiter(2, 60)
    signed_up(client, "ada")
    signed_up(other, "bob")
    exercise_id, seed = _variant(client)
    for _ in range(3):
        ok = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                             "answer": "[0, 0]"})
        assert ok.status_code == 200
    response = client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                               "answer": "[0, 0]"})
    assert response.status_code == 429
    assert response.headers["retry-after"]
    assert response.json()["error"]
    assert client.post("/api/reveal", json={"exercise_id": exercise_id,
                                            "seed": seed}).status_code == 429
    form = {"csrf": client.headers["x-csrf-token"], "exercise_id": exercise_id,
            "seed": str(seed), "answer": "[0, 0]"}
    assert client.post("/practice/c1w1", data=form).status_code == 429
    for expected in (200, 200, 429):
        assert client.post("/api/preview", json={"exercise_id": exercise_id, "seed": seed,
                                                 "answer": "1"}).status_code == expected
    # Bob has his own allowance.
    b_exercise, b_seed = _variant(other)
    assert other.post("/api/check", json={"exercise_id": b_exercise, "seed": b_seed,
                                          "answer": "[0, 0]"}).status_code == 200


# -- hostile input ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "message"), [
    ("", "Choose a name"),
    ("ab", "3 to 40"),
    ("a" * 41, "3 to 40"),
    ("ada\x00", "3 to 40"),
    ("ada\u202egnp", "3 to 40"),  # right-to-left override
    ("a\u200bda", "3 to 40"),  # zero-width space
    ("ada lovelace", "3 to 40"),
    ("<script>alert(1)</script>", "3 to 40"),
    ("аda", "3 to 40"),  # Cyrillic a
    ("../../etc", "3 to 40"),
])
def test_hostile_names_get_a_clear_400(client, db_url, name, message):
    response = register(client, name)
    assert response.status_code == 400
    assert message in response.text
    assert "<script>alert" not in response.text
    assert "\x00" not in response.text
    assert "\u202e" not in response.text
    assert "Traceback" not in response.text
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT count(*) FROM learners").fetchone() == (0,)


@pytest.mark.parametrize(("password", "password2", "message"), [
    ("short", None, "at least 10"),
    ("x" * 1025, None, "at most 1,024"),
    ("nul\x00inside-password", None, "control characters"),
    ("bell\x07inside-password", None, "control characters"),
    (PASSWORD, PASSWORD + "!", "not the same"),
    ("", None, "at least 10"),
])
def test_hostile_passwords_get_a_clear_400(client, password, password2, message):
    response = register(client, "ada", password, password2)
    assert response.status_code == 400
    assert message in response.text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("password", [
    "password123", "Password2024!", "P@ssw0rd!!", "qwertyuiop", "1234567890", "0987654321",
    "aaaaaaaaaaaa", "abcabcabcabc", "1q2w3e4r5t", "iloveyou12", "football1234",
    "passwordpassword", "qwerty123456", "letmein2023", "mathforml2024", "1qaz2wsx3edc",
    "welcome123!", "01.01.1990!",
])
def test_common_passwords_are_refused_with_a_clear_message(client, db_url, password):
    response = register(client, "ada", password)
    assert response.status_code == 400
    assert "one of the first that anyone would try" in response.text
    assert password not in response.text  # never echoed back
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT count(*) FROM learners").fetchone() == (0,)


@pytest.mark.parametrize("password", [
    "ada.lovelace", "Ada.Lovelace", "ADA.LOVELACE99", "adalovelace123", "ada.lovelace2024!",
    "ecalevol.ada", "123ada.lovelace", "ada.lovelaceada.lovelace",
])
def test_the_account_name_is_refused_as_a_password(client, password):
    response = register(client, "ada.lovelace", password)
    assert response.status_code == 400
    assert "cannot be your account name" in response.text


@pytest.mark.parametrize("password", [
    PASSWORD, "purple elephant sings", "Tr0ub4dor&3xyz", "ada likes proofs 7",
    "adagio-sonata-in-b", "k9#Lw2!pQz7v",
])
def test_unusual_passwords_are_still_accepted(client, password):
    assert register(client, "ada", password).status_code == 303


def test_forwarded_for_does_not_change_the_address_that_is_limited(app, client):
    """Without a trusted proxy the peer's address counts, whatever a client claims."""
    app.state.limits["login_ip"] = RateLimiter(3, 300)
    token = _hidden_csrf(client.get("/login").text)
    for n in range(3):
        response = client.post("/login", data={"csrf": token, "name": "", "password": ""},
                               headers={"x-forwarded-for": f"203.0.113.{n}"})
        assert response.status_code == 400
    response = client.post("/login", data={"csrf": token, "name": "", "password": ""},
                           headers={"x-forwarded-for": "198.51.100.7"})
    assert response.status_code == 429


@pytest.mark.parametrize(("peer", "key"), [
    ("192.0.2.5", "192.0.2.5"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("::ffff:192.0.2.5", "192.0.2.5"),
    ("testclient", "testclient"),
])
def test_rate_limits_count_an_ipv6_client_by_its_64_network(peer, key):
    from starlette.requests import Request

    from mathforml.web._identity import client_address

    request = Request({"type": "http", "client": (peer, 1234), "headers": []})
    assert client_address(request) == key


def test_unicode_passwords_work_in_any_normal_form(client):
    composed = "naïve café passwörd"
    import unicodedata

    assert register(client, "ada", composed).status_code == 303
    client.cookies.clear()
    assert login(client, "ada", unicodedata.normalize("NFD", composed)).status_code == 303


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_huge_forms_get_413_with_a_message(client, path):
    client.get(path)
    token = _hidden_csrf(client.get(path).text)
    data = {"csrf": token, "name": "ada", "password": "p" * 1_000_000}
    response = client.post(path, data=data)
    assert response.status_code == 413
    assert "too long" in response.text
    response = client.post(path, data={"csrf": token, "name": "n" * 1_000_000,
                                       "password": PASSWORD})
    assert response.status_code == 413


@pytest.mark.parametrize(("body", "message"), [(b"name=%ff%fe&password=x", "could not be read"),
                                             (b"\xff\xfe", "could not be read"),
                                             (b"a=1&" * 20, "too many fields")])
def test_malformed_forms_get_400(client, body, message):
    client.get("/login")
    response = client.post("/login", content=body,
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    assert message in response.text
    assert "Traceback" not in response.text


def test_malformed_and_oversized_json_when_signed_in(client):
    signed_up(client, "ada")
    exercise_id, seed = _variant(client)
    for path in ("/api/check", "/api/reveal", "/api/preview"):
        response = client.post(path, content=b"{not json",
                               headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert response.json()["error"]
        big = b'{"exercise_id": "%s", "seed": %d, "answer": "%s"}' % (
            exercise_id.encode(), seed, b"1" * 70_000)
        response = client.post(path, content=big, headers={"content-type": "application/json"})
        assert response.status_code == 413
        response = client.post(path, json={"exercise_id": "c1w1.nope", "seed": 1})
        assert response.status_code == 404


# -- isolation -------------------------------------------------------------------------


def _isolation(app, a: TestClient, b: TestClient, store: Store) -> None:
    """A practises and has a submission; B sees none of it and cannot reach it."""
    signed_up(a, "ada")
    signed_up(b, "bob")
    token = b.headers["x-csrf-token"]
    b_before = {url: b.get(url).text.replace(token, "") for url in ("/", "/progress")}
    a_progress_before = a.get("/progress").text.replace(a.headers["x-csrf-token"], "")

    exercise_id, seed = _variant(a)
    assert seed == variant_seed(exercise_id, "ada", 0)
    right = a.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                       "answer": _right_answer(exercise_id, seed)})
    assert right.json()["status"] == "correct"
    assert a.post("/api/reveal", json={"exercise_id": "c1w1.coefficient-matrix",
                                       "seed": _variant(a, "c1w1.coefficient-matrix")[1]}
                  ).status_code == 200
    assert a.get("/progress").text.replace(a.headers["x-csrf-token"], "") != a_progress_before

    # B: a fresh start everywhere, exactly as before A practised.
    for url, before in b_before.items():
        assert b.get(url).text.replace(token, "") == before, url
    assert _variant(b) == (exercise_id, variant_seed(exercise_id, "bob", 0))
    # A's variant is not one of B's: B cannot answer or reveal it.
    response = b.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                          "answer": _right_answer(exercise_id, seed)})
    assert response.status_code == 400
    ada, bob = store.account("ada")[0], store.account("bob")[0]
    assert store.attempts(bob) == []
    assert len(store.attempts(ada)) == 2

    # Submissions: A's ids open for A only; B gets the same 404 as for no such id.
    submission = store.record_submission(
        ada, assignment_id="c1w1", source="print('ada was here')\n",
        report={"score": 1, "max_score": 2, "outcome": "failed", "tests": []})
    base = f"/assignments/c1w1/submissions/{submission.id}"
    assert a.get(base).status_code == 200
    assert "ada was here" in a.get(base + "/download").text
    missing = b.get(f"/assignments/c1w1/submissions/{submission.id + 1000}")
    for url in (base, base + "/download"):
        response = b.get(url)
        assert response.status_code == 404, url
        assert "ada was here" not in response.text
        assert response.text.replace(b.headers["x-csrf-token"], "") == \
            missing.text.replace(b.headers["x-csrf-token"], "") or url.endswith("download")
    assert "ada was here" not in b.get("/assignments/c1w1").text
    assert store.submissions(bob) == []


def _routes(routes) -> Iterator[tuple[str, set[str]]]:
    """(path, methods) of every route, looking inside included routers."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)
        elif hasattr(route, "methods"):
            yield route.path, set(route.methods or ())


def _assignment_routes_exist(app) -> bool:
    return any(path == "/assignments/{assignment_id}/submissions/{submission_id}"
               for path, _ in _routes(app.routes))


def test_two_learners_are_isolated_on_sqlite(app, client, other, db_url):
    assert _assignment_routes_exist(app)
    with Store(db_url) as store:
        _isolation(app, client, other, store)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL (as tests/store/conftest.py does);
    skipped when PostgreSQL is unreachable, a failure under CI=true."""
    configured = os.environ.get(POSTGRES_URL_ENV, POSTGRES_URL_DEFAULT)
    url = make_url(database_url_from_env({"MATHFORML_DATABASE_URL": configured}))
    admin = create_engine(url.update_query_dict({"connect_timeout": "5"}), pool_size=1)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        admin.dispose()
        reason = f"PostgreSQL is unreachable (set {POSTGRES_URL_ENV}): {error}".splitlines()[0]
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"mathforml_test_{uuid.uuid4().hex[:16]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_two_learners_are_isolated_on_postgresql(postgres_url):
    app = create_app(store_url=postgres_url, accounts=True)
    assert _assignment_routes_exist(app)
    with TestClient(app) as a, Store(postgres_url) as store:
        _isolation(app, a, TestClient(app), store)


def test_every_post_route_is_covered_by_these_tests(app):
    """A new POST route must be added to the CSRF tests above (or here, with its own)."""
    posts = {path for path, methods in _routes(app.routes) if "POST" in methods}
    assert {"/login", "/api/check", "/practice/{week_id}"} <= posts
    known = {"/login", "/register", "/logout", "/practice/{week_id}", "/api/check",
             "/api/reveal", "/api/preview", "/assignments/{assignment_id}",
             "/api/assignments/{assignment_id}/submit"}
    assert posts <= known, posts - known


def test_every_route_but_sign_in_needs_a_learner(client, app):
    """Each GET route, with sample ids, sends a signed-out browser to sign in (or 401)."""
    samples = {"week_id": "c1w1", "assignment_id": "c1w1", "submission_id": "1",
               "name": "lines"}
    checked = 0
    for path, methods in _routes(app.routes):
        if "GET" not in methods or path in ("/login", "/register"):
            continue
        url = re.sub(r"\{(\w+)\}", lambda m: samples.get(m[1], "x"), path)
        if "{" in path and url == path:
            continue
        response = client.get(url, follow_redirects=False)
        assert response.status_code in (303, 401), url
        checked += 1
    assert checked >= 8


@pytest.mark.parametrize("path", ["/assignments/c1w1", "/api/assignments/c1w1/submit"])
def test_assignment_posts_need_csrf_too(app, client, db_url, path):
    assert _assignment_routes_exist(app)
    signed_up(client, "ada")
    mine = client.headers.pop("x-csrf-token")
    if path.startswith("/api/"):
        response = client.post(path, json={"source": "x = 1\n"},
                               headers={"x-csrf-token": "0" * 64})
    else:
        response = client.post(path, data={"source": "x = 1\n", "csrf": "0" * 64})
    assert response.status_code == 403
    client.headers["x-csrf-token"] = mine
    with Store(db_url) as store:
        assert store.submissions(store.account("ada")[0]) == []

