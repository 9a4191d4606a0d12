"""End-to-end fixtures: the real ``mathforml serve`` in a subprocess with a fresh SQLite
database, and Debian's Chromium driven by Playwright.

Browsers cannot be downloaded here, so Playwright launches ``/usr/bin/chromium``
(``apt-get install chromium``) instead of one from ``playwright install``. Without
Chromium or the ``playwright`` package the tests are skipped with the reason shown,
except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
STARTUP_SECONDS = 30
#: Playwright's default wait for an element or a navigation, in milliseconds.
WAIT_MS = 10_000


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; under CI=true the end-to-end tests must run", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mathforml serve exited with {process.returncode}:\n"
                               f"{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"mathforml serve did not answer within {STARTUP_SECONDS} s:\n"
                       f"{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Any]:
    """The sync Playwright API, or a skip (a failure under CI) saying what is missing."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is missing (pip install playwright)")
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api: Any) -> Iterator[Any]:
    browser = playwright_api.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()


def _serve(tmp_path_factory: pytest.TempPathFactory, *options: str,
           ready_path: str = "/") -> Iterator[str]:
    """Run ``mathforml serve [options]`` on a free port with its own empty database
    until the generator is closed; yields the base URL."""
    data = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATHFORML_")}
    env["MATHFORML_DATA_DIR"] = str(data)
    log_path = data / "server.log"
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mathforml", "serve", "--port", str(port), "--no-browser",
             *options],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            _wait_until_up(url + ready_path, process, log_path)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of ``mathforml serve`` on a free port, with its own empty database."""
    yield from _serve(tmp_path_factory)


@pytest.fixture(scope="session")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of ``mathforml serve --accounts`` (many learners who sign in)."""
    yield from _serve(tmp_path_factory, "--accounts", ready_path="/login")


class Watch:
    """What a page did that a learner would not want: script errors, console errors,
    and requests that leave the local server (the course must work offline)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.errors: list[str] = []
        self.outside: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.base_url + "/") or url.startswith(("data:", "about:"))):
            self.outside.append(url)

    def _console(self, message: Any) -> None:
        where = (message.location or {}).get("url", "")
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({where})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status} for {response.url}")

    def check(self) -> None:
        assert not self.errors, self.errors
        assert not self.outside, f"requests that left the local server: {self.outside}"


def open_page(browser: Any, server: str, **options: Any) -> Iterator[Any]:
    """A fresh browser context and tab on ``server``, checked for errors at the end."""
    context = browser.new_context(base_url=server, **options)
    context.set_default_timeout(WAIT_MS)
    watch = Watch(server)
    try:
        page = context.new_page()
        watch.attach(page)
        yield page
        watch.check()
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh browser tab at laptop size, on the session's server."""
    yield from open_page(browser, server, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh browser tab at phone size (375 px wide, touch)."""
    yield from open_page(browser, server, viewport=PHONE, device_scale_factor=2,
                         is_mobile=True, has_touch=True)


def _screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"e2e-{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """``screenshot(page, name)`` saves the page as ``artifacts/e2e-<name>.png``: all of
    it, or with ``full_page=False`` only what is in view."""
    return _screenshot


@pytest.fixture
def expect(playwright_api: Any) -> Any:
    """Playwright's retrying ``expect``, imported only once Playwright is known to exist."""
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    return expect
