"""``assignment start`` and ``grade``: the functions the CLI wires in."""

from __future__ import annotations

import json

import pytest
import typer
from rich.console import Console

from mathforml import curriculum
from mathforml.cli._assignment import assignment_start, grade_command, notebook_source


def test_start_writes_the_starter_and_refuses_to_overwrite(tmp_path):
    console = Console(record=True, width=120)
    path = assignment_start(console, "c1w2", tmp_path)
    assert path == tmp_path / "c1w2_assignment.py"
    assert path.read_text(encoding="utf-8") == curriculum.assignment("c1w2").starter
    path.write_text("my work", encoding="utf-8")
    with pytest.raises(typer.Exit):
        assignment_start(console, "c1w2", tmp_path)
    assert path.read_text(encoding="utf-8") == "my work"


def test_start_c1w3_also_writes_the_utils_module(tmp_path):
    assignment_start(Console(record=True), "c1w3", tmp_path)
    utils = (tmp_path / "utils.py").read_text(encoding="utf-8")
    assert "_GRADER_SEED = None" in utils
    assert "def train_nn(parameters, Y_hat, X, Y, learning_rate=0.01)" in utils


def test_unknown_assignment_exits(tmp_path):
    with pytest.raises(typer.Exit):
        assignment_start(Console(record=True), "c9w9", tmp_path)


def test_grade_json_prints_exactly_the_documented_document(tmp_path, capsys):
    a = curriculum.assignment("c1w1")
    path = tmp_path / "mine.py"
    path.write_text(a.reference, encoding="utf-8")
    report = grade_command(Console(record=True), "c1w1", path, True)
    data = json.loads(capsys.readouterr().out)
    assert data == report.to_json()
    assert (data["score"], data["max_score"], data["outcome"]) == (10, 10, "passed")


def test_grade_prints_each_verdict_feedback_and_score(tmp_path):
    a = curriculum.assignment("c1w4")
    path = tmp_path / "mine.py"
    path.write_text(a.reference.replace("(X.shape[0] - 1)", "X.shape[0]"), encoding="utf-8")
    console = Console(record=True, width=200)
    grade_command(console, "c1w4", path, False)
    text = console.export_text()
    assert "✗ get_cov_matrix  0/2" in text
    assert "divide by n_observations − 1" in text
    assert "Score: 10/12" in text


def test_notebooks_contribute_their_graded_cells_only(tmp_path):
    nb = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": ["import w2_unittest\n"]},
            {"cell_type": "code", "metadata": {"tags": ["graded"]}, "source": "import numpy as np"},
            {"cell_type": "markdown", "metadata": {}, "source": "# GRADED FUNCTION: x"},
            {
                "cell_type": "code",
                "metadata": {},
                "source": "# GRADED FUNCTION: f\n%time\ndef f(): ...",
            },
        ]
    }
    source = notebook_source(json.dumps(nb))
    assert "w2_unittest" not in source
    assert "import numpy as np" in source
    assert "def f()" in source
    assert "%time" not in source


def test_start_without_a_folder_writes_into_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = assignment_start(Console(record=True), "c1w1", None)
    assert path == tmp_path / "c1w1_assignment.py"
    assert path.is_file()
