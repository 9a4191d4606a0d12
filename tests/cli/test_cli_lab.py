"""``mathforml lab``: a real JupyterLab serving the notebooks, and ``--notebook`` starters."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from mathforml.cli import app

pytestmark = pytest.mark.slow


def _require_jupyterlab() -> None:
    try:
        import jupyterlab  # noqa: F401
    except ImportError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"JupyterLab is not installed: {error}")
        pytest.skip(f"JupyterLab is not installed: {error}")


def _descendants(pid: int) -> list[int]:
    """Every live process started (directly or not) by ``pid``, and ``pid`` itself."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _proc_bytes(pid: int, name: str) -> bytes:
    try:
        return (Path("/proc") / str(pid) / name).read_bytes()
    except OSError:  # it exited meanwhile
        return b""


def test_lab_serves_the_weeks_notebook_over_http_and_stops(tmp_path):
    _require_jupyterlab()
    env = {**os.environ, "MATHFORML_DATA_DIR": str(tmp_path), "COLUMNS": "400"}
    env.pop("JUPYTER_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mathforml", "lab", "c1w1", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
        start_new_session=True,
    )
    seen: list[str] = []
    token_file = opener = None
    try:
        url = None
        deadline = time.monotonic() + 90
        while token_file is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            found = re.search(r"JupyterLab is at (http://127\.0\.0\.1:\d+)/lab/tree/(\S+)", line)
            if found:
                url = found
            found = re.search(r"open (file://\S+) in your browser; its token is in (\S+) \(", line)
            if found:
                opener, token_file = Path(found[1].removeprefix("file://")), Path(found[2])
        assert url is not None, "".join(seen)
        assert token_file is not None, "".join(seen)
        base, name = url.groups()
        assert name == "c1w1_lab.ipynb"
        # the token is in a file only the learner can read, in a folder only they may enter
        assert token_file.stat().st_mode & 0o777 == 0o600
        assert token_file.parent.stat().st_mode & 0o777 == 0o700
        token = token_file.read_text().strip()
        assert len(token) >= 24
        # the browser's page forwards with the token, and is private too
        assert opener.stat().st_mode & 0o777 == 0o600
        assert f"{base}/lab/tree/{name}?token={token}" in opener.read_text()

        auth = {"Authorization": f"token {token}"}
        request = urllib.request.Request(f"{base}/api/contents/{name}?content=1", headers=auth)
        with urllib.request.urlopen(request, timeout=30) as response:
            model = json.loads(response.read())
        nb = nbformat.from_dict(model["content"])
        assert nb.cells[0].source.startswith("# C1W1 lab")
        # the lab page itself, and the widget extension it needs, are served locally
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30) as response:
            page = response.read().decode()
        assert "@jupyter-widgets/jupyterlab-manager" in page
        # and nothing is served without the token, or with another one
        for headers in ({}, {"Authorization": "token " + "x" * len(token)}):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(urllib.request.Request(
                    f"{base}/api/contents/{name}", headers=headers), timeout=30)
            assert refused.value.code == 403
            refused.value.close()
        assert (tmp_path / "labs" / "c1w1" / name).is_file()

        # a kernel too: no process the lab started shows the token to other users
        start = urllib.request.Request(f"{base}/api/kernels", data=b"{}", headers=auth,
                                       method="POST")
        with urllib.request.urlopen(start, timeout=60) as response:
            assert response.status == 201
        processes = _descendants(proc.pid)
        assert len(processes) >= 3  # the CLI, JupyterLab and the kernel
        for pid in processes:
            assert token.encode() not in _proc_bytes(pid, "cmdline"), pid
            assert token.encode() not in _proc_bytes(pid, "environ"), pid
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        seen.append(proc.stdout.read())
        proc.stdout.close()
    assert proc.returncode is not None
    output = "".join(seen)
    log = (tmp_path / "labs" / ".c1w1.jupyterlab.log").read_text(errors="replace")
    assert "token=..." in log or "token" not in log  # Jupyter hides what it did not make
    assert token not in output
    assert token not in log
    # the files that carried it are gone with the lab
    assert not token_file.exists()
    assert not opener.exists()


def test_assignment_start_notebook_writes_a_graded_notebook(tmp_path):
    result = CliRunner().invoke(
        app, ["assignment", "start", "c1w3", "--notebook", "--dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    path = Path(tmp_path) / "c1w3_assignment.ipynb"
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    graded = [c for c in nb.cells if "graded" in c.metadata.get("tags", [])]
    assert [c.source.splitlines()[0] for c in graded][:2] == [
        "# GRADED FUNCTION: T_stretch",
        "# GRADED FUNCTION: T_hshear",
    ]
    checks = [c for c in nb.cells if "public_checks(" in c.source]
    assert len(checks) == len(graded)
    assert (Path(tmp_path) / "utils.py").is_file()
    again = CliRunner().invoke(
        app, ["assignment", "start", "c1w3", "--notebook", "--dir", str(tmp_path)]
    )
    assert again.exit_code == 2
