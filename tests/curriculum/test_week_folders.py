"""A week is one folder: its lesson, figures, exercises, lab and assignment, found
through the catalogue; the machinery below it (grading, labs) holds no week's content
and never imports the curriculum."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import mathforml
from mathforml import curriculum
from mathforml.curriculum._catalogue import _CONTENT
from mathforml.errors import UnknownIdError
from mathforml.grading.assignments import Assignment
from mathforml.labs._build import build_notebook, lab_sources

PACKAGE_ROOT = Path(mathforml.__file__).parent
COURSE_1 = [w for w in curriculum.weeks() if w.course_id == "c1"]


def _folder(week_id: str) -> Path:
    return Path(str(resources.files(_CONTENT[week_id])))


@pytest.mark.parametrize("week", COURSE_1, ids=lambda w: w.id)
def test_every_course_1_week_folder_holds_the_whole_week(week):
    folder = _folder(week.id)
    assert folder.parent.parent == PACKAGE_ROOT / "curriculum"
    for name in ("__init__.py", "lesson.md", "exercises.py", "lab.py", "assignment.py"):
        assert (folder / name).is_file(), f"{week.id} has no {name}"
    assert any((folder / "figures").iterdir()), f"{week.id} has no figures"
    assert week.lesson().lstrip().startswith("#")
    assert len(week.exercises) >= 9
    assert all(ex.id.startswith(f"{week.id}.") for ex in week.exercises)
    assignment = week.assignment()
    assert isinstance(assignment, Assignment)
    assert assignment.id == week.id
    assert assignment is curriculum.assignment(week.id)
    assert week.lab_source() == curriculum.lab_source(week.id)
    notebook = json.loads(build_notebook(week.lab_source()))
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert week.id.upper() in "".join(notebook["cells"][0]["source"]).upper()


def test_the_catalogue_lists_the_weeks_with_assignments_and_labs_in_order():
    assert curriculum.assignment_ids() == ("c1w1", "c1w2", "c1w3", "c1w4")
    assert curriculum.lab_ids() == ("c1w1", "c1w2", "c1w3", "c1w4")
    assert [a.id for a in curriculum.assignments()] == list(curriculum.assignment_ids())
    assert [s.week for s in lab_sources()] == list(curriculum.lab_ids())
    assert curriculum.assignment(" C1W2 ").id == "c1w2"


def test_each_assignment_knows_the_others_so_another_weeks_file_is_named():
    everyone = {a.id for a in curriculum.assignments()}
    for a in curriculum.assignments():
        assert {o.id for o in a.others} == everyone
        assert all(o.others == () for o in a.others)  # no chains of copies


def test_unknown_weeks_get_a_clear_message():
    with pytest.raises(curriculum.UnknownAssignmentError, match="choose one of c1w1, c1w2"):
        curriculum.assignment("c9w9")
    with pytest.raises(UnknownIdError, match="labs exist for c1w1"):
        curriculum.lab_source("c2w1")
    with pytest.raises(UnknownIdError, match="labs exist for"):
        lab_sources("../../etc")
    assert curriculum.week("c2w1").assignment() is None
    assert curriculum.week("c2w1").lab_source() is None


def test_no_week_content_is_left_in_the_machinery():
    for machinery in ("grading", "labs"):
        for path in (PACKAGE_ROOT / machinery).rglob("*"):
            assert not path.name.lower().startswith(("c1w", "c2w", "c3w")), path
            assert path.name != "sources", path


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at top level or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


#: What each layer may not import (see docs/architecture.md, "Layers").
FORBIDDEN = {
    "toolkit": ("curriculum", "grading", "labs", "engine", "web", "cli", "store", "progress"),
    "engine": ("curriculum", "grading", "labs", "web", "cli", "store", "progress"),
    "grading": ("curriculum", "labs", "engine", "web", "cli", "store", "progress"),
    "curriculum": ("labs", "web", "cli", "store", "progress"),
    "labs": ("web", "cli"),
    "store": ("curriculum", "grading", "labs", "engine", "web", "cli", "toolkit"),
    "progress": ("curriculum", "grading", "labs", "web", "cli", "store"),
    "web": ("cli",),
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_point_down(layer):
    offending = []
    for path in (PACKAGE_ROOT / layer).rglob("*.py"):
        if layer == "curriculum" and path.name == "lab.py":
            continue  # a lab is a notebook for learners: it uses mathforml.labs, as they do
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "mathforml" and len(parts) > 1 and parts[1] in FORBIDDEN[layer]:
                offending.append(f"{path.relative_to(PACKAGE_ROOT)} imports {name}")
    assert offending == []


def test_the_cli_uses_only_the_public_names_of_labs_and_web():
    private = []
    for path in (PACKAGE_ROOT / "cli").rglob("*.py"):
        for name in _imports(path):
            parts = name.split(".")
            public_layer = parts[:2] in (["mathforml", "labs"], ["mathforml", "web"])
            if public_layer and len(parts) > 2 and parts[2].startswith("_"):
                private.append(f"{path.name} imports {name}")
    assert private == []


def test_looking_up_an_assignment_or_a_lab_loads_no_exercises():
    code = (
        "import sys\n"
        "from mathforml import curriculum\n"
        "curriculum.assignment('c1w2'); curriculum.assignment('c1w4')\n"
        "curriculum.lab_source('c1w3')\n"
        "print([m for m in sys.modules if m.endswith('.exercises') or m == 'mathforml.engine'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"
