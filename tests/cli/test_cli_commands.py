"""The scriptable commands: their JSON, exit codes and error messages."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from mathforml import curriculum
from mathforml.cli import app
from mathforml.engine import generate_params

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MATHFORML_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MATHFORML_DATABASE_URL", raising=False)


def run(*args: str):
    return runner.invoke(app, list(args))


def test_courses_json_lists_every_course_and_the_course1_exercises():
    result = run("courses", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["id"] for c in data] == ["c1", "c2", "c3"]
    c1 = data[0]["weeks"]
    assert [w["id"] for w in c1] == ["c1w1", "c1w2", "c1w3", "c1w4"]
    assert all(w["available"] and len(w["exercises"]) >= 8 for w in c1)
    assert sum(len(w["exercises"]) for w in c1) >= 32


def test_courses_table_marks_unwritten_weeks():
    result = run("courses")
    assert result.exit_code == 0
    assert "c1w2" in result.stdout
    assert "coming" in result.stdout


@pytest.mark.parametrize("exercise", [e.id for e in curriculum.all_exercises()][:40])
def test_show_json_then_check_its_answer_is_correct(exercise):
    shown = run("show", exercise, "--seed", "5", "--json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["id"] == exercise
    assert data["seed"] == 5
    assert data["prompt"]
    assert data["solution"]
    assert data["kind"]
    checked = run("check", exercise, "--seed", "5", "--answer", data["answer"], "--json")
    verdict = json.loads(checked.stdout)
    assert checked.exit_code == 0, verdict
    assert verdict["status"] == "correct"


def test_check_reports_a_misconception_with_exit_status_1():
    ex = curriculum.exercise("c1w2.rank-of-matrix")
    seed = next(s for s in range(100)
                if len(generate_params(ex, s)["A"]) != ex.answer(generate_params(ex, s)))
    rows = len(generate_params(ex, seed)["A"])
    result = run("check", ex.id, "--seed", str(seed), "--answer", str(rows), "--json")
    assert result.exit_code == 1
    codes = [f["code"] for f in json.loads(result.stdout)["feedback"]]
    assert any(code.startswith("misconception:") for code in codes)


def test_check_hostile_answer_is_invalid_not_a_crash():
    result = run("check", "c1w2.rank-of-matrix", "--answer", "__import__('os').system('id')",
                 "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "invalid"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "c9w9.nothing"), "no exercise"),
        (("check", "c1w2.nope", "--answer", "1"), "no exercise"),
        (("learn", "c7w1"), "no week"),
        (("practice", "c1w9"), "no week"),
        (("learn", "c2w1"), "no lesson"),
    ],
)
def test_unknown_ids_give_one_clear_line_and_status_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_learn_renders_the_lesson_math_for_the_terminal():
    result = run("learn", "c1w1", "--no-pager")
    assert result.exit_code == 0, result.output
    assert "$$" not in result.stdout
    assert "\\begin" not in result.stdout
    assert "⎡" in result.stdout or "[" in result.stdout


def test_progress_json_for_a_new_learner_has_every_week_unpractised():
    result = run("progress", "--json", "--learner", "newcomer")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["learner"] == "newcomer"
    assert {w["week"] for w in data["weeks"]} >= {"c1w1", "c1w2", "c1w3", "c1w4"}
    assert all(w["attempts"] == 0 for w in data["weeks"])


def test_lint_json_over_one_week():
    result = run("lint", "--week", "c1w1", "--samples", "40", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0, data
    assert data["ok"]
    assert data["exercises"] >= 8


def test_doctor_json_reports_versions_database_and_live_sandbox_protections():
    result = run("doctor", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["versions"]["numpy"] != "missing"
    assert data["database"].startswith("sqlite:///")
    protections = data["sandbox"]["protections"]
    assert {"seccomp", "rlimits", "wall_clock", "network", "landlock"} <= set(protections)
    assert all(v == "active" or v.startswith("unavailable: ") for v in protections.values())
    assert {"pid_namespace", "uid_drop", "zygote"} <= set(protections)
    assert data["sandbox"]["probe"] == "ok"
    proof = data["sandbox"]["zygote_proof"]
    if os.geteuid() == 0:  # reading another process's memory needs root here
        assert proof.startswith("proved: "), proof
    assert not proof.startswith("FAILED")
