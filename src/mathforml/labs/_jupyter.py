"""Start JupyterLab on a lab folder: local only, a random token, no calls to the internet.

JupyterLab runs as a child process of the course's own Python, so it uses the
kernel, ipywidgets and extensions installed with the course. Announcements and
update checks are switched off: the course works offline.
"""

from __future__ import annotations

import contextlib
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


def lab_command(root: Path, port: int, token: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabServerApp.app_settings_dir={settings_dir(root)}",
        "--LabApp.extension_manager=readonly",
        # a container's only user is often root; JupyterLab refuses it unless told
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]


@dataclass
class LabServer:
    """A running JupyterLab: its process, address and token."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    root: Path
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, notebook: str | None = None) -> str:
        path = f"/lab/tree/{notebook}" if notebook else "/lab"
        return f"{self.base_url}{path}?token={self.token}"

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
        """Stop JupyterLab and its kernels (its whole process group)."""
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
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # notebooks draw inline
    with log.open("wb") as out:
        process = subprocess.Popen(
            lab_command(root, port, token),
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # its own group: stop() ends the kernels too
        )
    server = LabServer(process, port, token, root, log)
    server.wait()
    return server
