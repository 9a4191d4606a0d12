"""``mathforml assignment start`` and ``mathforml grade`` as a learner runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from mathforml.grading.assignments import get_assignment


def mathforml(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mathforml", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def test_start_then_grade_the_untouched_starter_scores_zero_with_feedback(tmp_path):
    started = mathforml("assignment", "start", "c1w2", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "c1w2_assignment.py").exists()
    graded = mathforml("grade", "c1w2", "c1w2_assignment.py", "--json", cwd=tmp_path)
    assert graded.returncode == 1
    report = json.loads(graded.stdout)
    assert set(report) == {"assignment", "score", "max_score", "tests", "outcome"}
    assert (report["assignment"], report["score"], report["max_score"]) == ("c1w2", 0, 10)
    fields = {"name", "passed", "points", "max_points", "feedback"}
    assert all(set(t) == fields for t in report["tests"])
    assert any("None placeholder" in t["feedback"] for t in report["tests"])


def test_grading_the_reference_solution_exits_0_with_full_marks(tmp_path):
    (tmp_path / "mine.py").write_text(get_assignment("c1w2").reference, encoding="utf-8")
    graded = mathforml("grade", "c1w2", "mine.py", cwd=tmp_path)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert "Score: 10/10" in graded.stdout


def test_a_second_start_does_not_overwrite_the_learners_work(tmp_path):
    mathforml("assignment", "start", "c1w2", cwd=tmp_path)
    (tmp_path / "c1w2_assignment.py").write_text("# my work\n", encoding="utf-8")
    again = mathforml("assignment", "start", "c1w2", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert (tmp_path / "c1w2_assignment.py").read_text(encoding="utf-8") == "# my work\n"


def test_grading_a_missing_file_or_unknown_assignment_is_one_clear_line(tmp_path):
    missing = mathforml("grade", "c1w2", "nope.py", cwd=tmp_path)
    unknown = mathforml("grade", "c9w9", "nope.py", cwd=tmp_path)
    for result in (missing, unknown):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr + result.stdout
