"""One sandbox pool for a whole server: the pool lives in one process and the web
processes (``serve --workers N``) send it jobs over a Unix socket.

Each server process starting its own pool put N pools of one worker per core on
the machine: 2 processes held 4 workers on 2 cores (about 480 MiB), and the pools
competed for the same cores. Now the supervising process holds the pool, sized to
the cores, and serves it on a socket in a private directory (mode 0700, so only
the server's own uid can connect; a learner's child has no sockets at all).

The protocol is the pool's own, framed: a request is the job's plain-data route
and its pickled payload, made by the trusted web process; a reply is the worker's
header, the captured output and the result frames. The web process judges the
reply itself (``sandbox._judge``), exactly as with a pool of its own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import struct
import tempfile
import threading
from typing import Any

from mathforml.grading import _plain
from mathforml.grading._pool import Reply, WorkerDied, WorkerPool

__all__ = ["SOCKET_ENV", "PoolClient", "PoolService"]

#: The environment variable through which the server's processes find the pool.
SOCKET_ENV = "MATHFORML_SANDBOX_SOCKET"
_FRAME = struct.Struct("!III")  # route or header, then two byte strings
_MAX_HEADER = 1 << 16
_MAX_PAYLOAD = 256 << 20


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _send_frame(sock: socket.socket, doc: Any, first: bytes, second: bytes) -> None:
    body = _plain.encode(doc)
    sock.sendall(_FRAME.pack(len(body), len(first), len(second)) + body + first + second)


def _recv_frame(sock: socket.socket) -> tuple[Any, bytes, bytes]:
    sizes = _FRAME.unpack(_recv_exact(sock, _FRAME.size))
    if sizes[0] > _MAX_HEADER or sizes[1] > _MAX_PAYLOAD or sizes[2] > _MAX_PAYLOAD:
        raise EOFError
    doc = _plain.decode(_recv_exact(sock, sizes[0]), max_bytes=_MAX_HEADER)
    return doc, _recv_exact(sock, sizes[1]), _recv_exact(sock, sizes[2])


class PoolService:
    """Serve ``pool`` on a Unix socket; each connection is one client process,
    whose requests are answered in order (one thread per connection)."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.directory = tempfile.mkdtemp(prefix="mathforml-pool-")  # mode 0700
        self.path = os.path.join(self.directory, "pool.sock")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        os.chmod(self.path, 0o600)
        self.listener.listen(64)
        self.closed = False
        threading.Thread(target=self._accept, name="mathforml-pool-accept", daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(
                target=self._serve, args=(conn,), name="mathforml-pool-client", daemon=True
            ).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            while True:
                try:
                    request, payload, _ = _recv_frame(conn)
                except (EOFError, OSError, ValueError):
                    return
                try:
                    answer = self._answer(request, payload)
                except (WorkerDied, RuntimeError) as exc:
                    answer = ({"error": str(exc)}, b"", b"")
                try:
                    _send_frame(conn, *answer)
                except OSError:
                    return

    def _answer(self, request: Any, payload: bytes) -> tuple[Any, bytes, bytes]:
        if type(request) is not dict:
            return {"error": "a malformed request"}, b"", b""
        kind = request.get("kind")
        if kind == "hello":
            return {"hello": self.pool.hello}, b"", b""
        if kind == "ask":
            return {"answers": self.pool.ask_all(dict(request["message"]))}, b"", b""
        if kind == "run":
            reply = self.pool.run(
                dict(request["route"]), payload, wall_seconds=float(request["wall_seconds"])
            )
            return {"header": reply.header}, reply.stdout, reply.results

        return {"error": f"an unknown request {kind!r}"}, b"", b""

    def close(self) -> None:
        self.closed = True
        with contextlib.suppress(OSError):
            self.listener.close()
        shutil.rmtree(self.directory, ignore_errors=True)
        self.pool.close()


class PoolClient:
    """A :class:`WorkerPool` look-alike that sends every job to a :class:`PoolService`.

    One connection per thread: the web process grades in a thread pool, and each
    thread waits on its own job."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.local = threading.local()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self._hello: dict[str, Any] | None = None

    def _socket(self) -> socket.socket:
        sock = getattr(self.local, "sock", None)
        if sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(self.path)
            except OSError as exc:
                sock.close()
                raise WorkerDied(f"the server's grading pool is not answering ({exc})") from None
            self.local.sock = sock
            with self.lock:
                self.sockets.append(sock)
        return sock

    def _call(self, request: dict[str, Any], payload: bytes = b"") -> tuple[Any, bytes, bytes]:
        sock = self._socket()
        try:
            _send_frame(sock, request, payload, b"")
            answer = _recv_frame(sock)
        except (OSError, EOFError, ValueError) as exc:
            self.local.sock = None
            with contextlib.suppress(OSError):
                sock.close()
            raise WorkerDied(f"the server's grading pool went away ({exc!r})") from None
        if type(answer[0]) is not dict:
            raise WorkerDied("the server's grading pool answered nonsense")
        if "error" in answer[0]:
            raise WorkerDied(str(answer[0]["error"]))
        return answer

    @property
    def hello(self) -> dict[str, Any]:
        if self._hello is None:
            self._hello = dict(self._call({"kind": "hello"})[0]["hello"])
        return self._hello

    def wait_ready(self) -> None:
        _ = self.hello

    def ask_all(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        return list(self._call({"kind": "ask", "message": message})[0]["answers"])

    def run(self, route: dict[str, Any], payload: bytes, *, wall_seconds: float) -> Reply:
        request = {"kind": "run", "route": route, "wall_seconds": wall_seconds}
        doc, stdout, results = self._call(request, payload)
        return Reply(dict(doc["header"]), stdout, results)

    def close(self) -> None:
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
