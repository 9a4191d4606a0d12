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


def test_lab_serves_the_weeks_notebook_over_http_and_stops(tmp_path):
    _require_jupyterlab()
    env = {**os.environ, "MATHFORML_DATA_DIR": str(tmp_path), "COLUMNS": "400"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mathforml", "lab", "c1w1", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
        start_new_session=True,
    )
    try:
        url = None
        seen = []
        deadline = time.monotonic() + 90
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+)/lab/tree/(\S+)\?token=(\S+)", line)
            if found:
                url = found
        assert url is not None, "".join(seen)
        base, name, token = url.groups()
        assert name == "c1w1_lab.ipynb"
        request = urllib.request.Request(
            f"{base}/api/contents/{name}?content=1", headers={"Authorization": f"token {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            model = json.loads(response.read())
        nb = nbformat.from_dict(model["content"])
        assert nb.cells[0].source.startswith("# C1W1 lab")
        # the lab page itself, and the widget extension it needs, are served locally
        with urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30) as response:
            page = response.read().decode()
        assert "@jupyter-widgets/jupyterlab-manager" in page
        # and nothing is served without the token
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/api/contents/{name}", timeout=30)
        assert refused.value.code == 403
        refused.value.close()
        assert (tmp_path / "labs" / "c1w1" / name).is_file()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        proc.stdout.close()
    assert proc.returncode is not None


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
