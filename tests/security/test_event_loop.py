"""Nothing a request carries blocks the server's event loop (issue 9, class 4).

A real ``mathforml serve`` runs in a subprocess on 127.0.0.1. While a hostile request
is being handled (the largest notebook allowed, a 100k-line cell, a body streamed past
the size limit, a database held locked by another program) the test keeps fetching a
static file and a page, and each answer must come within ``LOOP_BUDGET_S``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: How long a simple GET may take while a hostile request is handled.
LOOP_BUDGET_S = 0.15
#: The store's timeout in the served process (``MATHFORML_DB_TIMEOUT``).
DB_TIMEOUT_S = 1.0
STARTUP_S = 60
CSRF = re.compile(r'<meta name="csrf-token" content="([0-9a-f]+)">')


@dataclass
class Server:
    url: str
    data: Path
    process: subprocess.Popen[bytes]

    @property
    def database(self) -> Path:
        return self.data / "mathforml.db"

    def headers(self, token: str) -> dict[str, str]:
        return {"X-CSRF-Token": token, "Content-Type": "application/json",
                "Origin": self.url}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data: Path, *options: str, env: dict[str, str] | None = None) -> Server:
    """``mathforml serve`` on a free port with the database in ``data``; returns once
    it answers. Its own session, so that a test can kill it and its workers at once."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MATHFORML_")}
    environ.update({"MATHFORML_DATA_DIR": str(data), "MATHFORML_DB_TIMEOUT": str(DB_TIMEOUT_S)})
    environ.update(env or {})
    log = (data / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "mathforml", "serve", "--port", str(port), "--no-browser",
         *options],
        env=environ, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)
    log.close()
    server = Server(f"http://127.0.0.1:{port}", data, process)
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((data / "server.log").read_text(errors="replace"))
        try:
            if request(server, "GET", "/static/app.css")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError("the server did not start:\n"
                       + (data / "server.log").read_text(errors="replace"))


def stop_server(server: Server, *, kill: bool = False) -> None:
    """End the server (``kill``: SIGKILL to its whole session, as a power cut would)."""
    import signal

    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def request(server: Server, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes]:
    req = urllib.request.Request(server.url + path, data=body, method=method,
                                 headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def csrf_token(server: Server) -> str:
    status, page = request(server, "GET", "/assignments/c1w2")
    assert status == 200
    match = CSRF.search(page.decode())
    assert match
    return match[1]


def latencies_while(server: Server, hostile: Callable[[], Any],
                    paths: tuple[str, ...] = ("/static/app.css",)) -> tuple[Any, list[float]]:
    """Run ``hostile`` in a thread; meanwhile fetch ``paths`` in turn. Returns what
    ``hostile`` returned and how long each fetch took (seconds)."""
    result: dict[str, Any] = {}
    for path in paths:  # a page's first render imports and compiles what it needs
        assert request(server, "GET", path)[0] == 200

    def run() -> None:
        try:
            result["value"] = hostile()
        except BaseException as error:  # re-raised below
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    took: list[float] = []
    time.sleep(0.02)
    while thread.is_alive() or len(took) < 5:
        path = paths[len(took) % len(paths)]
        started = time.perf_counter()
        status, _ = request(server, "GET", path, timeout=10)
        took.append(time.perf_counter() - started)
        assert status == 200, path
        time.sleep(0.01)
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"], took


def assert_loop_free(took: list[float]) -> None:
    # The slowest answer is what a learner waits; the median shows the loop's normal.
    assert max(took) < LOOP_BUDGET_S, f"slowest {max(took):.3f} s, median " \
        f"{statistics.median(took):.3f} s over {len(took)} requests"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tmp_path_factory.mktemp("event-loop"))
    try:
        yield running
    finally:
        stop_server(running)


@pytest.fixture(scope="module")
def token(server: Server) -> str:
    return csrf_token(server)


def _notebook(cells: list[dict[str, Any]]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _submit(server: Server, token: str, source: str, filename: str = "",
            assignment: str = "c1w2") -> tuple[int, dict[str, Any]]:
    body = json.dumps({"source": source, "filename": filename}).encode()
    status, raw = request(server, "POST", f"/api/assignments/{assignment}/submit", body,
                          server.headers(token))
    return status, json.loads(raw)


def test_a_100k_line_cell_is_refused_without_freezing_the_loop(server, token):
    cell = {"cell_type": "code", "metadata": {"tags": ["graded"]}, "source": "x\n" * 100_000}
    notebook = _notebook([cell])
    assert 190 * 1024 < len(notebook) < 512 * 1024
    (status, data), took = latencies_while(
        server, lambda: _submit(server, token, notebook, "C1W2.ipynb"))
    assert status == 400
    assert "a cell may hold at most" in data["error"]
    assert_loop_free(took)


def test_the_largest_notebook_allowed_is_graded_without_freezing_the_loop(server, token):
    """300 code cells, 64 K characters of code, each cell needed by the next: the most
    parsing and cell choice a notebook can ask for, then a sandbox run."""
    from mathforml.grading.assignments._notebook import MAX_CODE_CELLS, MAX_CODE_CHARS

    n = MAX_CODE_CELLS - 1
    names = ["X_inf"] + [f"v{i}" for i in range(1, n)]
    pad = MAX_CODE_CHARS // MAX_CODE_CELLS - 6  # the graded cells, joined, fit 64 K
    cells = []
    for i, name in enumerate(names):
        source = f"{name} = {names[i + 1] if i + 1 < n else 1}"
        cells.append({"cell_type": "code", "metadata": {},
                      "source": source + "\n#" + "x" * (pad - len(source) - 2)})
    graded = {"cell_type": "code", "metadata": {"tags": ["graded"]},
              "source": "def center_data(Y):\n    return Y\n"}
    notebook = _notebook([graded, *reversed(cells)])
    (status, data), took = latencies_while(
        server, lambda: _submit(server, token, notebook, "C1W4.ipynb", "c1w4"),
        paths=("/static/app.css", "/assignments"))
    assert status == 200, data
    assert data["status"] == "graded"
    assert data["score"] < data["max_score"]
    assert_loop_free(took)


def test_a_body_streamed_past_the_limit_is_refused_before_it_ends(server, token):
    """A chunked body with no length: the server answers 413 once the limit is passed,
    without waiting for (or reading) the rest, and spends the learner's rate limit."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            f"POST /api/assignments/c1w2/submit HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Origin: {server.url}\r\nX-CSRF-Token: {token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        chunk = b"#" * 65536
        for _ in range(9):  # 576 KiB, past the 512 KiB limit; the body never ends
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sock.settimeout(5)
        answer = b""
        while b"larger than" not in answer:  # headers and body may come apart
            part = sock.recv(4096)
            if not part:
                break
            answer += part
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"larger than 512 KiB" in answer


def test_a_deeply_nested_body_is_a_clear_400(server, token):
    body = b'{"source": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    status, raw = request(server, "POST", "/api/assignments/c1w2/submit", body,
                          server.headers(token))
    assert status == 400
    assert "error" in json.loads(raw)


@pytest.mark.parametrize("holder", ["sqlite-exclusive", "writer-queue"])
def test_a_locked_database_gives_503_in_time_and_the_rest_stays_fast(server, token, holder):
    """Another program holds the write lock: a page that writes answers 503 within the
    store's timeout, reads and static files answer at once meanwhile, and once the lock
    is released everything is normal again."""
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        if holder == "sqlite-exclusive":
            db = sqlite3.connect(server.database, isolation_level=None)
            db.execute("BEGIN EXCLUSIVE")
            held.set()
            release.wait(30)
            db.execute("ROLLBACK")
            db.close()
        else:
            import fcntl

            fd = os.open(f"{server.database}.writers", os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            held.set()
            release.wait(30)
            os.close(fd)

    holder_thread = threading.Thread(target=hold)
    holder_thread.start()
    try:
        assert held.wait(10)
        started = time.perf_counter()
        (status, data), took = latencies_while(
            server, lambda: _submit(server, token, "def f():\n    return 1\n"),
            paths=("/static/app.css", "/assignments/c1w2", "/progress"))
        waited = time.perf_counter() - started
        assert status == 503
        assert data["error"] == "The database is busy, try again in a moment."
        assert DB_TIMEOUT_S * 0.8 < waited < DB_TIMEOUT_S + 2.0
        assert_loop_free(took)
        # A page (not the API) gets the friendly page.
        form = f"source=x+%3D+1&csrf={token}".encode()
        status, page = request(server, "POST", "/assignments/c1w2", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": server.url})
        assert status == 503
        assert b"The database is busy, try again in a moment." in page
    finally:
        release.set()
        holder_thread.join()
    status, data = _submit(server, token, "def f():\n    return 1\n")
    assert status == 200
    assert data["status"] == "graded"
