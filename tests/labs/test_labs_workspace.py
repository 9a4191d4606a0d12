"""The lab folder: fresh copies, edited copies kept, refreshed when unedited, reset with backup."""

from __future__ import annotations

import json

import nbformat
import pytest

from mathforml.errors import UnknownIdError
from mathforml.labs._build import build_notebook, built, lab_sources
from mathforml.labs._workspace import MANIFEST, prepare


def test_every_week_of_course_1_has_a_lab_that_builds_to_a_valid_notebook():
    assert [s.week for s in lab_sources()] == ["c1w1", "c1w2", "c1w3", "c1w4"]
    for source in lab_sources():
        nb = nbformat.reads(build_notebook(source.text), as_version=4)
        nbformat.validate(nb)
        assert nb.metadata.kernelspec.name == "python3"
        assert nb.cells[0].cell_type == "markdown"


def test_builds_are_cached_by_the_source_hash(tmp_path):
    source = lab_sources("c1w1")[0]
    first = built(source, tmp_path)
    assert (tmp_path / f"{source.digest}.ipynb").read_text(encoding="utf-8") == first
    assert built(source, tmp_path) == first


def test_unknown_week_is_a_clear_error():
    with pytest.raises(UnknownIdError, match="no lab for week 'c9w9'"):
        lab_sources("c9w9")


def test_prepare_writes_the_lab_and_the_assignment_notebook(tmp_path):
    ws = prepare("c1w3", root=tmp_path)
    names = sorted(p.name for p in ws.written)
    assert names == ["c1w3_assignment.ipynb", "c1w3_lab.ipynb", "utils.py"]
    assert ws.notebooks[0].name == "c1w3_lab.ipynb"
    assert ws.path == tmp_path / "c1w3"
    assert set(json.loads((ws.path / MANIFEST).read_text())) == set(names)


def test_an_edited_notebook_is_never_overwritten(tmp_path):
    ws = prepare("c1w2", root=tmp_path)
    lab = ws.path / "c1w2_lab.ipynb"
    lab.write_text(lab.read_text(encoding="utf-8").replace("rank", "RANK"), encoding="utf-8")
    edited = lab.read_text(encoding="utf-8")
    again = prepare("c1w2", root=tmp_path)
    assert again.kept == [lab]
    assert again.written == []
    assert lab.read_text(encoding="utf-8") == edited


def test_an_unedited_copy_follows_the_course_when_it_changes(tmp_path):
    ws = prepare("c1w1", root=tmp_path)
    lab = ws.path / "c1w1_lab.ipynb"
    manifest = json.loads((ws.path / MANIFEST).read_text())
    old = '{"cells": []}'
    lab.write_text(old, encoding="utf-8")  # what an older version of the course wrote
    import hashlib

    manifest["c1w1_lab.ipynb"] = hashlib.sha256(old.encode()).hexdigest()
    (ws.path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = prepare("c1w1", root=tmp_path)
    assert lab in again.written
    assert "NumPy arrays" in lab.read_text(encoding="utf-8")


def test_reset_restores_fresh_copies_and_keeps_the_old_folder_as_a_backup(tmp_path):
    ws = prepare("c1w4", root=tmp_path)
    lab = ws.path / "c1w4_lab.ipynb"
    lab.write_text("my work", encoding="utf-8")
    fresh = prepare("c1w4", root=tmp_path, reset=True)
    assert fresh.backup is not None
    assert fresh.backup.name.startswith("c1w4.backup-")
    assert (fresh.backup / "c1w4_lab.ipynb").read_text(encoding="utf-8") == "my work"
    assert lab.read_text(encoding="utf-8") != "my work"
    assert fresh.kept == []
