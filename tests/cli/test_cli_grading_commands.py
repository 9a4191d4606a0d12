"""``mathforml assignment start`` and ``mathforml grade`` as a learner runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from mathforml import curriculum


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
    # the singular case of gaussian_elimination goes beyond the original course and
    # counts only when it passes: the starter's maximum is the counted groups' points
    assert (report["assignment"], report["score"], report["max_score"]) == ("c1w2", 0, 9)
    assert report["max_score"] == sum(t["max_points"] for t in report["tests"])
    fields = {"name", "passed", "points", "max_points", "feedback"}
    assert all(fields <= set(t) <= {*fields, "counted"} for t in report["tests"])
    assert any("None placeholder" in t["feedback"] for t in report["tests"])


def test_grading_the_reference_solution_exits_0_with_full_marks(tmp_path):
    (tmp_path / "mine.py").write_text(curriculum.assignment("c1w2").reference, encoding="utf-8")
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


def test_grading_a_2023_notebook_explains_the_version_and_exits_1(tmp_path):
    def cell(text: str) -> dict:
        return {"cell_type": "code", "execution_count": None, "metadata": {"tags": ["graded"]},
                "outputs": [], "source": text.splitlines(True)}

    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Systems of Linear Equations"]},
        cell("import numpy as np\nimport w2_unittest"),
        cell("A = np.eye(4)\nb = np.ones(4)\nx = np.linalg.solve(A, b)\nprint('ran')"),
        cell("def MultiplyRow(M, row_num, row_num_multiple):\n    M_new = M.copy()\n"
             "    M_new[row_num] = M_new[row_num] * row_num_multiple\n    return M_new\n"),
        cell("def augmented_to_ref(A, b):\n    return np.hstack((A, b.reshape(4, 1)))\n"
             "while True:\n    print('still running')\n"),
        cell("w2_unittest.test_elementary_operations(MultiplyRow, AddRows, SwapRows)"),
    ]
    doc = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    (tmp_path / "old.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    max_score = curriculum.assignment("c1w2").max_score
    graded = mathforml("grade", "c1w2", "old.ipynb", cwd=tmp_path)
    assert graded.returncode == 1
    out = " ".join(graded.stdout.split())  # Rich wraps long lines
    assert "This notebook is the 2023 version (v1) of the original course's C1W2" in out
    assert "mathforml assignment start c1w2 --notebook" in out
    assert f"Score: 0/{max_score} (older-version: not graded)" in out
    assert "ran" not in graded.stdout.split()  # nothing ran
    assert "still running" not in out
    assert "✗" not in out  # no verdicts on code that never ran
    assert "Traceback" not in graded.stderr + graded.stdout
    as_json = json.loads(mathforml("grade", "c1w2", "old.ipynb", "--json", cwd=tmp_path).stdout)
    assert (as_json["outcome"], as_json["score"]) == ("older-version", 0)
    assert as_json["max_score"] == max_score
