"""One pool per server: other processes reach it over a private Unix socket."""

from __future__ import annotations

import os
import socket
import stat
import struct
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from mathforml.grading import Call, Job, Sandbox

DOUBLE = "def f(x):\n    return 2 * x\n"


@pytest.fixture(scope="module")
def shared() -> Iterator[tuple[Sandbox, str]]:
    with Sandbox(workers=2, preload=("numpy",)) as box:
        yield box, box.share()


def test_the_socket_is_private_to_the_servers_uid(shared: tuple[Sandbox, str]) -> None:
    _, path = shared
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_another_process_grades_through_the_shared_pool(shared: tuple[Sandbox, str]) -> None:
    box, path = shared
    script = textwrap.dedent(
        f"""
        from mathforml.grading import Call, Job, Sandbox
        client = Sandbox.connect({path!r})
        results = [client.run(Job({DOUBLE!r}, (Call("a", "f", (i,)),))) for i in range(5)]
        print([r.calls[0].value for r in results], len(client.processes()))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == ["[0,", "2,", "4,", "6,", "8]", "2"]
    workers = sorted(p["worker"] for p in box.processes())
    assert len(workers) == 2  # the client started none of its own


def test_threads_of_one_client_grade_at_once(shared: tuple[Sandbox, str]) -> None:
    _, path = shared
    client = Sandbox.connect(path)
    try:
        with ThreadPoolExecutor(6) as pool:
            results = list(
                pool.map(lambda i: client.run(Job(DOUBLE, (Call("a", "f", (i,)),))), range(24))
            )
        assert [r.calls[0].value for r in results] == [2 * i for i in range(24)]
        assert client.protections() == shared[0].protections()
    finally:
        client.close()


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"\x00\x00\x00\x05",
        struct.pack("!III", 1 << 30, 0, 0),
        struct.pack("!III", 3, 0, 0) + b"xyz",
        struct.pack("!III", 2, 0, 0) + b"[]",
    ],
)
def test_garbage_on_the_socket_is_answered_or_dropped_never_fatal(
    shared: tuple[Sandbox, str], garbage: bytes
) -> None:
    box, path = shared
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(path)
        sock.sendall(garbage)
        sock.shutdown(socket.SHUT_WR)
        while sock.recv(1 << 16):
            pass
    result = box.run(Job(DOUBLE, (Call("a", "f", (4,)),)))
    assert result.outcome == "ok"
    assert result.calls[0].value == 8


def test_a_client_whose_pool_is_gone_gets_a_crashed_verdict(tmp_path) -> None:
    client = Sandbox.connect(str(tmp_path / "nothing.sock"))
    result = client.run(Job(DOUBLE, (Call("a", "f", (1,)),)))
    assert result.outcome == "crashed"
    assert "not answering" in result.detail
