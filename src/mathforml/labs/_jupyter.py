"""Start JupyterLab on a lab folder: local only, a random token, no calls to the internet.

JupyterLab runs as a child process of the course's own Python, so it uses the
kernel, ipywidgets and extensions installed with the course. Announcements and
update checks are switched off: the course works offline.

The token never appears on a command line (any local user can read every
process's arguments in ``/proc``) nor in a log: JupyterLab reads it from a file
only the learner can read (``JUPYTER_TOKEN_FILE``, mode 0600 in a 0700 folder),
and the browser opens a 0600 page that forwards to the signed-in address, as
Jupyter's own ``open_browser`` does. Both files are removed when the lab stops.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
START_TIMEOUT = 60.0
#: Where a lab's token file and browser page live, beside the lab folders.
RUNTIME_DIR = ".lab-runtime"


class LabStartError(RuntimeError):
    """JupyterLab did not start; the message carries the end of its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


#: Settings our JupyterLab starts with: widget state is saved with the notebook, so a
#: reopened notebook shows its widgets instead of "Error displaying widget"; the
#: extension manager (which searches PyPI) is off.
OVERRIDES = {
    "@jupyter-widgets/jupyterlab-manager:plugin": {"saveState": True},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def settings_dir(root: Path) -> Path:
    folder = root.parent / ".jupyterlab-settings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "overrides.json").write_text(json.dumps(OVERRIDES, indent=2), encoding="utf-8")
    return folder


def lab_command(root: Path, port: int) -> list[str]:
    """JupyterLab's arguments: no secret among them (the token comes by file)."""
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabServerApp.app_settings_dir={settings_dir(root)}",
        "--LabApp.extension_manager=readonly",
        # a container's only user is often root; JupyterLab refuses it unless told
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]


def private_dir(root: Path) -> Path:
    """A folder beside the lab folders that only the learner may enter (0700)."""
    folder = root.parent / RUNTIME_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to a new file readable only by its owner (0600 from the start,
    so there is no moment when another user could open it)."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return path


@dataclass
class LabServer:
    """A running JupyterLab: its process, address, and its token with the file that
    carries it."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    root: Path
    log: Path
    token_file: Path | None = None
    open_file: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def public_url(self, notebook: str | None = None) -> str:
        """The address without the token: safe to print and to log."""
        path = f"/lab/tree/{notebook}" if notebook else "/lab"
        return f"{self.base_url}{path}"

    def url(self, notebook: str | None = None) -> str:
        """The signed-in address (it carries the token: never print or log it)."""
        return f"{self.public_url(notebook)}?token={self.token}"

    def browser_page(self, notebook: str | None = None) -> Path:
        """A 0600 page that forwards the browser to the signed-in address, so the
        token reaches the browser through neither a command line nor a log."""
        target = html.escape(self.url(notebook), quote=True)
        page = (
            "<!doctype html><html><head><meta charset=utf-8>"
            f'<meta http-equiv="refresh" content="0;url={target}">'
            "<title>Opening JupyterLab</title></head>"
            f'<body><p><a href="{target}">Open JupyterLab</a></p></body></html>\n'
        )
        name = f"{self.root.name}-{self.port}-open.html"
        self.open_file = write_private(private_dir(self.root) / name, page)
        return self.open_file

    def ready(self) -> bool:
        url = f"{self.base_url}/api/status"  # always http://127.0.0.1
        headers = {"Authorization": f"token {self.token}"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def wait(self, timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LabStartError(f"JupyterLab exited at start:\n{self.tail()}")
            if self.ready():
                return
            time.sleep(0.2)
        self.stop()
        raise LabStartError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 10.0) -> None:
        """Stop JupyterLab and its kernels (its whole process group), and remove the
        files that carry the token."""
        for path in (self.token_file, self.open_file):
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout)


def start_lab(root: Path, *, port: int | None = None, token: str | None = None) -> LabServer:
    """Start JupyterLab serving ``root`` and wait until it answers."""
    port = port or free_port()
    token = token or secrets.token_urlsafe(24)
    log = root.parent / f".{root.name}.jupyterlab.log"
    token_file = write_private(private_dir(root) / f"{root.name}-{port}.token", token)
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # notebooks draw inline
    env.pop("JUPYTER_TOKEN", None)  # it would win over the file
    env["JUPYTER_TOKEN_FILE"] = str(token_file)
    with log.open("wb") as out:
        process = subprocess.Popen(
            lab_command(root, port),
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own group: stop() ends the kernels too
        )
    server = LabServer(process, port, token, root, log, token_file=token_file)
    try:
        server.wait()
    except BaseException:
        server.stop()
        raise
    return server
