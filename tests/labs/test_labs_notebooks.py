"""CI runs every lab and every assignment notebook top to bottom in a real kernel.

Each lab runs without an error. Each assignment notebook runs twice: with the
reference solution in its graded cells (full marks from ``grade_notebook``) and as
the starter (zero, with feedback on every test, and no crash).
"""

from __future__ import annotations

import time

import nbformat
import pytest

from mathforml import curriculum
from mathforml.curriculum.c1.w3._utils_module import utils_source
from mathforml.grading.assignments import grade_notebook
from mathforml.grading.sandbox import default_sandbox
from mathforml.labs._assignment import notebook_text
from mathforml.labs._build import build_notebook, lab_sources
from tests.labs._kernel import errors, execute, require_kernel, text_outputs

ASSIGNMENTS = {a.id: a for a in curriculum.assignments()}

pytestmark = pytest.mark.slow
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    require_kernel()
    folder = tmp_path_factory.mktemp("notebooks")
    (folder / "utils.py").write_text(utils_source(None), encoding="utf-8")
    return folder


@pytest.mark.parametrize("source", lab_sources(), ids=lambda s: s.week)
def test_every_lab_runs_top_to_bottom_without_errors(source, workdir):
    nb = nbformat.reads(build_notebook(source.text), as_version=4)
    started = time.perf_counter()
    execute(nb, workdir)
    TIMINGS[source.name] = time.perf_counter() - started
    assert errors(nb) == []
    # the self-check cells ran and answered (a placeholder is unreadable, not a crash)
    checks = text_outputs(nb, "check(")
    assert checks
    assert all("No answer yet" in t for t in checks)


@pytest.fixture(scope="module")
def executed(workdir):
    """Every assignment notebook, starter and solved, executed once."""
    out = {}
    for aid in ASSIGNMENTS:
        for solved in (True, False):
            nb = nbformat.reads(
                notebook_text(curriculum.assignment(aid), solved=solved), as_version=4
            )
            execute(nb, workdir)
            out[aid, solved] = nb
    return out


@pytest.mark.parametrize("aid", list(ASSIGNMENTS))
def test_the_reference_notebook_passes_its_public_checks_and_scores_full_marks(aid, executed):
    nb = executed[aid, True]
    assert errors(nb) == []
    checks = text_outputs(nb, "public_checks(")
    assert checks
    assert all("All public checks" in t for t in checks), checks
    report = grade_notebook(
        curriculum.assignment(aid), nbformat.writes(nb), sandbox=default_sandbox()
    )
    assert (report.score, report.outcome) == (report.max_score, "passed")
    assert report.notes == []


@pytest.mark.parametrize("aid", list(ASSIGNMENTS))
def test_the_starter_notebook_scores_zero_with_feedback_and_no_crash(aid, executed):
    nb = executed[aid, False]
    assert errors(nb) == []
    checks = text_outputs(nb, "public_checks(")
    assert checks
    assert all("✗" in t for t in checks)
    report = grade_notebook(
        curriculum.assignment(aid), nbformat.writes(nb), sandbox=default_sandbox()
    )
    assert (report.score, report.outcome) == (0, "failed")
    for test in report.tests:
        assert not test.passed
        assert "None" in test.feedback, test.feedback
