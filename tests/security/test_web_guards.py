"""The web app's request guards: DNS rebinding (Host), cross-site posts (Origin),
untrusted X-Forwarded-For, and hostile bodies (deep JSON, many form fields).

The app-level tests run the app as ``serve`` configures it (``require_origin``) on
the address ``serve`` uses by default; the last tests run the real ``mathforml
serve`` and attack it over a socket, as a page in the learner's browser would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from mathforml.cli import app as cli_app
from mathforml.web import create_app
from mathforml.web._guards import (
    MAX_FORM_FIELDS,
    MAX_JSON_DEPTH,
    BadRequest,
    GuardPolicy,
    configure,
    is_loopback,
    json_depth_exceeds,
    parse_allowed_hosts,
    parse_form,
    parse_json,
    parse_json_object,
    split_host,
)

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1:8000"
CSRF = re.compile(r'<meta name="csrf-token" content="([0-9a-f]{64})">')


# -- the pieces ----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("127.0.0.1:8000", ("127.0.0.1", 8000)),
    ("LOCALHOST:8000", ("localhost", 8000)),
    ("[::1]:8000", ("::1", 8000)),
    ("[::1]", ("::1", 80)),
    ("example.org", ("example.org", 80)),
    ("::1", ("", None)),  # a bare IPv6 address is not a Host
    ("evil.example:99999", ("", None)),
    ("evil.example:80x", ("", None)),
    ("ex ample.org", ("", None)),
    ("[::1]x", ("", None)),
    ("", ("", None)),
])
def test_split_host_reads_host_headers_strictly(value, expected):
    assert split_host(value, 80) == expected


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.10", True), ("localhost", True), ("::1", True),
    ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("example.org", False), ("localhost.evil.example", False),
])
def test_loopback_means_this_machine_only(host, loopback):
    assert is_loopback(host) is loopback


def test_allowed_hosts_are_names_not_urls():
    assert parse_allowed_hosts("Class.Example.org, other.org:8443 [::1]:9") == (
        "class.example.org", "other.org:8443", "[::1]:9")
    assert parse_allowed_hosts(None) == ()
    for bad in ("https://class.example.org", "class.example.org/path", "a b/c"):
        with pytest.raises(ValueError, match="not a host name"):
            parse_allowed_hosts(bad)


@pytest.mark.parametrize(("text", "deep"), [
    ("[" * (MAX_JSON_DEPTH + 1), True),
    ("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, False),
    ('{"a": "' + "[" * 10_000 + '"}', False),  # brackets in a string do not count
    ('{"a": "\\"' + "[" * 10_000 + '"}', False),  # nor after an escaped quote
    ('["\\\\", ' + "[" * (MAX_JSON_DEPTH + 1), True),  # an escaped backslash ends
    ('{"a":' * (MAX_JSON_DEPTH + 1), True),
])
def test_json_depth_is_measured_without_parsing(text, deep):
    assert json_depth_exceeds(text) is deep


def test_a_hundred_thousand_brackets_are_refused_quickly():
    body = b"[" * 100_000
    started = time.perf_counter()
    with pytest.raises(BadRequest) as refused:
        parse_json(body)
    assert time.perf_counter() - started < 0.5
    assert refused.value.status_code == 400
    assert "nested too deeply" in refused.value.detail


def test_parse_json_reads_ordinary_documents_and_refuses_the_rest():
    assert parse_json_object(b'{"answer": "[[1, 2], [3, 4]]", "seed": 3}') == {
        "answer": "[[1, 2], [3, 4]]", "seed": 3}
    for body, message in ((b"{not json", "not valid JSON"), (b"\xff", "not UTF-8"),
                          (b"[1, 2]", "must be a JSON object")):
        with pytest.raises(BadRequest, match=message):
            parse_json_object(body)


def test_parse_form_caps_fields_before_parsing():
    fields = "&".join(f"f{k}=v" for k in range(MAX_FORM_FIELDS))
    assert len(parse_form(fields.encode())) == MAX_FORM_FIELDS
    with pytest.raises(BadRequest, match="too many fields"):
        parse_form((fields + "&one=more").encode())
    with pytest.raises(BadRequest, match="could not be read"):
        parse_form(b"name=%ff", strict=True)
    assert parse_form(b"a=%ff")["a"] == ["\ufffd"]  # lenient forms replace


# -- the app as serve runs it --------------------------------------------------------


@pytest.fixture
def guarded(tmp_path) -> Iterator[TestClient]:
    """The single-user app on 127.0.0.1:8000 with the policy ``serve`` sets."""
    app = create_app(store_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    configure(app, GuardPolicy(require_origin=True))
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        yield client


def _token(client: TestClient) -> str:
    match = CSRF.search(client.get("/").text)
    assert match
    return match[1]


def _variant(client: TestClient) -> tuple[str, str]:
    page = client.get("/practice/c1w1")
    match = re.search(r'data-exercise="([^"]+)" data-seed="(\d+)"', page.text)
    assert match
    return match[1], match[2]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000",
                                  "LocalHost:8000"])
def test_the_loopback_names_of_the_served_port_are_answered(guarded, host):
    response = guarded.get("/", headers={"host": host})
    assert response.status_code == 200


@pytest.mark.parametrize("host", ["evil.example:8000", "evil.example", "127.0.0.1:8001",
                                  "localhost", "127.0.0.1.evil.example:8000", "", "[::1"])
def test_a_rebinding_host_gets_421_and_nothing_secret(guarded, host):
    for method, path in (("GET", "/"), ("GET", "/api/progress"), ("POST", "/api/check"),
                         ("GET", "/progress")):
        response = guarded.request(method, path, headers={"host": host})
        assert response.status_code == 421, (method, path, response.text)
        assert "not known by that name" in response.text
        assert "csrf" not in response.text.lower()
        assert response.headers["cache-control"] == "no-store"
    assert guarded.get("/api/check", headers={"host": host}).json()["status"] == 421


def test_a_rebinding_page_cannot_submit_code(guarded):
    """The attack of the issue: a page on evil.example, resolved to 127.0.0.1, posts a
    submission and reads the result. Its Host (and Origin) name evil.example."""
    token = _token(guarded)  # even holding a valid token
    response = guarded.post(
        "/api/assignments/c1w1/submit", json={"source": "print(1)"},
        headers={"host": "evil.example:8000", "origin": "http://evil.example:8000",
                 "x-csrf-token": token})
    assert response.status_code == 421


def _check(client: TestClient, token: str, **headers: str):
    exercise_id, seed = _variant(client)
    return client.post("/api/check", json={"exercise_id": exercise_id, "seed": seed,
                                           "answer": "1"},
                       headers={"x-csrf-token": token, **headers})


def test_posts_from_our_own_pages_are_accepted(guarded):
    token = _token(guarded)
    assert _check(guarded, token, origin=BASE).status_code == 200
    assert _check(guarded, token, origin="http://localhost:8000",
                  host="localhost:8000").status_code == 200
    # a browser that hides the origin still names the page in Referer
    assert _check(guarded, token, origin="null",
                  referer=f"{BASE}/practice/c1w1").status_code == 200


@pytest.mark.parametrize("headers", [
    {},  # no Origin, no Referer: serve requires one
    {"origin": "null"},
    {"origin": "http://evil.example"},
    {"origin": "http://127.0.0.1:8001"},  # another local server
    {"origin": "http://127.0.0.1:8000.evil.example"},
    {"origin": "file://"},
    {"origin": "null", "referer": "http://evil.example/page"},
    {"referer": "not a url"},
])
def test_posts_from_elsewhere_get_403(guarded, headers):
    response = _check(guarded, _token(guarded), **headers)
    assert response.status_code == 403
    assert "did not come from this site's own pages" in response.json()["error"]


def test_a_form_post_from_another_site_gets_403_before_any_work(guarded):
    token = _token(guarded)
    response = guarded.post("/assignments/c1w1", data={"csrf": token, "source": "x = 1"},
                            headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert "<h1>403</h1>" in response.text


def test_pages_ask_browsers_to_send_our_origin_and_nothing_else(guarded):
    """``no-referrer`` made browsers send ``Origin: null`` on our own posts."""
    response = guarded.get("/")
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"  # the app's own headers stay


def test_listed_hosts_are_answered_and_may_post(tmp_path):
    app = create_app(store_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    configure(app, GuardPolicy(allowed_hosts=("class.example.org",), require_origin=True))
    with TestClient(app, base_url="http://class.example.org") as client:
        token = _token(client)
        assert _check(client, token, origin="https://class.example.org").status_code == 200
        assert client.get("/", headers={"host": "other.example.org"}).status_code == 421


def test_behind_a_tls_proxy_the_origin_port_may_differ_for_a_listed_name(tmp_path):
    """nginx with ``proxy_set_header Host $host``: Host has no port (http, so 80 by
    default) and the browser's Origin is https (443)."""
    app = create_app(store_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    configure(app, GuardPolicy(allowed_hosts=("class.example.org",), require_origin=True))
    with TestClient(app, base_url="http://class.example.org") as client:
        token = _token(client)
        assert _check(client, token, origin="https://class.example.org").status_code == 200
        assert _check(client, token, origin="https://evil.example").status_code == 403
    configure(app, GuardPolicy(allowed_hosts=("127.0.0.1:8000",), require_origin=True))
    with TestClient(app, base_url=BASE) as client:  # a name listed with its port: exact
        token = _token(client)
        assert _check(client, token, origin="https://127.0.0.1").status_code == 403


def test_a_star_accepts_any_host_but_still_checks_the_origin(tmp_path):
    app = create_app(store_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    configure(app, GuardPolicy(allowed_hosts=("*",), require_origin=True))
    with TestClient(app, base_url="http://anything.example") as client:
        token = _token(client)
        assert _check(client, token, origin="http://anything.example").status_code == 200
        assert _check(client, token, origin="http://evil.example").status_code == 403


# -- hostile bodies --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/check", "/api/reveal", "/api/preview",
                                  "/api/assignments/c1w1/submit"])
@pytest.mark.parametrize("body", [b"[" * 60_000, b'{"a":' * 12_000])
def test_deeply_nested_json_gets_400_not_500(guarded, path, body):
    response = guarded.post(path, content=body, headers={
        "x-csrf-token": _token(guarded), "origin": BASE, "content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "nested too deeply" in response.json()["error"]


@pytest.mark.parametrize("path", ["/practice/c1w1", "/assignments/c1w1"])
def test_a_form_with_too_many_fields_gets_400_not_500(guarded, path):
    token = _token(guarded)
    body = f"csrf={token}&" + "&".join(f"f{k}=v" for k in range(40))
    response = guarded.post(path, content=body.encode(), headers={
        "origin": BASE, "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400, response.text
    assert "too many fields" in response.text


# -- serve's options -------------------------------------------------------------------


@pytest.fixture
def served(monkeypatch) -> dict:
    """What ``mathforml serve`` passes to uvicorn (it is not started)."""
    import uvicorn

    calls: dict = {}

    def run(app, **kwargs):
        calls["app"] = app
        calls.update(kwargs)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setenv("MATHFORML_DATA_DIR", "/nonexistent-not-used")
    return calls


def test_serve_believes_forwarded_headers_from_nobody_by_default(served):
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser"])
    assert result.exit_code == 0, result.output
    assert served["proxy_headers"] is False
    assert served["forwarded_allow_ips"] == []
    policy = served["app"].state.request_guard
    assert policy.require_origin is True
    assert policy.allowed_hosts == ()


def test_serve_believes_the_proxies_it_is_given(served):
    result = CliRunner().invoke(cli_app, [
        "serve", "--no-browser", "--accounts", "--forwarded-allow-ips", "10.0.0.1, 10.1.0.0/16",
        "--allowed-hosts", "class.example.org"])
    assert result.exit_code == 0, result.output
    assert served["proxy_headers"] is True
    assert served["forwarded_allow_ips"] == ["10.0.0.1", "10.1.0.0/16"]
    assert served["app"].state.request_guard.allowed_hosts == ("class.example.org",)


def test_serve_with_accounts_and_no_list_accepts_any_name_and_says_so(served):
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--accounts"])
    assert result.exit_code == 0, result.output
    assert served["app"].state.request_guard.allowed_hosts == ("*",)
    assert "--allowed-hosts" in result.output


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org"])
def test_serve_refuses_a_network_address_without_accounts(served, host):
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--host", host])
    assert result.exit_code == 2
    assert "--accounts" in result.output
    assert "app" not in served  # nothing was started


def test_serve_on_a_network_address_without_accounts_needs_the_flag_and_warns(served):
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--host", "0.0.0.0",
                                          "--allow-remote-single-user"])
    assert result.exit_code == 0, result.output
    assert "WITHOUT SIGN-IN" in result.output
    assert served["host"] == "0.0.0.0"


@pytest.mark.parametrize(("option", "value"), [("--forwarded-allow-ips", "proxy.example"),
                                               ("--allowed-hosts", "http://x.example/")])
def test_serve_refuses_malformed_lists(served, option, value):
    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--accounts", option, value])
    assert result.exit_code == 2
    assert option in result.output


def test_workers_get_the_same_policy(served, monkeypatch):
    from mathforml.web import OPTIONS_ENV, app_from_env

    result = CliRunner().invoke(cli_app, ["serve", "--no-browser", "--workers", "2",
                                          "--allowed-hosts", "a.example"])
    assert result.exit_code == 0, result.output
    assert served["proxy_headers"] is False
    monkeypatch.setenv(OPTIONS_ENV, os.environ[OPTIONS_ENV])
    policy = app_from_env().state.request_guard
    assert policy.allowed_hosts == ("a.example",)
    assert policy.require_origin is True


# -- the real server -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def real_server(tmp_path_factory) -> Iterator[str]:
    """``mathforml serve --accounts`` on 127.0.0.1, as a class server behind nothing."""
    data = tmp_path_factory.mktemp("guard-serve")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATHFORML_", "FORWARDED"))}
    env["MATHFORML_DATA_DIR"] = str(data)
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "mathforml", "serve", "--port", str(port), "--no-browser",
         "--accounts", "--allowed-hosts", f"127.0.0.1:{port}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    import httpx

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail((data / "server.log").read_text(errors="replace"))
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_the_real_server_refuses_a_rebinding_host(real_server):
    import httpx

    response = httpx.get(real_server + "/login", headers={"host": "evil.example"})
    assert response.status_code == 421
    assert httpx.get(real_server + "/login").status_code == 200


def test_the_real_server_ignores_forwarded_for_from_a_local_client(real_server):
    """uvicorn's own default would believe X-Forwarded-For from 127.0.0.1: each
    request could then claim a new address and never reach the per-address limit."""
    import httpx

    with httpx.Client(base_url=real_server, headers={"origin": real_server}) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)[1]
        statuses = []
        for n in range(61):  # the limit is 60 sign-in attempts per address in 5 minutes
            response = client.post("/login", data={"csrf": token, "name": "", "password": ""},
                                   headers={"x-forwarded-for": f"203.0.113.{n % 250}"})
            statuses.append(response.status_code)
    assert statuses[:60] == [400] * 60
    assert statuses[60] == 429
