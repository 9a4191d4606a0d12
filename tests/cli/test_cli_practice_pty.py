"""Drive ``mathforml practice`` and ``mathforml start`` through a pseudo-terminal,
the way a person uses them: read the question, type, read the feedback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pexpect
import pytest

from mathforml import curriculum
from mathforml.engine import generate_params

EXERCISE = "c1w2.rank-of-matrix"
TIMEOUT = 30


@pytest.fixture
def env(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MATHFORML_")}
    environ.update(MATHFORML_DATA_DIR=str(tmp_path), COLUMNS="110", LINES="40", TERM="xterm")
    return environ


def spawn(args, env):
    child = pexpect.spawn(sys.executable, ["-m", "mathforml", *args], env=env,
                          encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 110))
    return child


def expected_and_wrong(seed: int) -> tuple[str, str]:
    ex = curriculum.exercise(EXERCISE)
    params = generate_params(ex, seed)
    kind = ex.kind(params)
    right = kind.normalize(ex.answer(params))
    wrong = next(kind.normalize(m.answer) for m in ex.misconceptions(params)
                 if m.answer is not None and not kind.equal(kind.normalize(m.answer), right))
    return kind.text(right), kind.text(wrong)


def read_seed(child) -> tuple[int, int]:
    child.expect(r"variant (\d+) · seed (\d+)")
    return int(child.match.group(1)), int(child.match.group(2))


def test_practice_session_wrong_then_unreadable_then_right_then_reveal(env):
    child = spawn(["practice", "c1w2", "--exercise", EXERCISE], env)
    number, seed = read_seed(child)
    assert number == 1
    right, _ = expected_and_wrong(seed)
    # The counted-rows mistake: answer with the number of rows (when it is wrong here).
    child.expect("answer>")
    child.sendline("[[")
    child.expect("could not read")
    child.expect("answer>")
    child.sendline(str(int(right) + 7))
    child.expect("Not yet")
    child.expect("answer>")
    child.sendline(right)
    child.expect("Correct")
    child.expect("worked solution")
    number, seed = read_seed(child)
    assert number == 2  # a correct answer moves on to a new variant
    child.expect("answer>")
    child.sendline("s")
    child.expect("worked solution")
    number, _ = read_seed(child)
    assert number == 3
    child.expect("answer>")
    child.sendline("q")
    child.expect("Session over")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    out = subprocess.run([sys.executable, "-m", "mathforml", "progress", "--json"], env=env,
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    rank = next(t for w in report["weeks"] if w["week"] == "c1w2" for t in w["topics"]
                if t["topic"] == "rank")
    # Unreadable input never counts: two answers (one wrong, one right) and one reveal.
    assert (rank["attempts"], rank["correct"], rank["revealed"]) == (2, 1, 1)


def test_misconception_feedback_is_shown_in_the_terminal(env):
    child = spawn(["practice", "c1w2", "--exercise", EXERCISE], env)
    _, seed = read_seed(child)
    _, wrong = expected_and_wrong(seed)
    child.expect("answer>")
    child.sendline(wrong)
    child.expect("Not yet")
    child.expect(re.compile(r"(row|pivot|eliminat)", re.I))
    child.sendline("q")
    child.expect(pexpect.EOF)


def test_reload_shows_the_same_variant_until_it_is_finished(env):
    seeds = []
    for _ in range(2):
        child = spawn(["practice", "c1w2", "--exercise", EXERCISE], env)
        seeds.append(read_seed(child))
        child.expect("answer>")
        child.sendline("q")
        child.expect(pexpect.EOF)
    assert seeds[0] == seeds[1]


def test_start_menu_picks_a_week_and_quits(env):
    child = spawn(["start"], env)
    child.expect("Pick a week")
    child.sendline("c1w1")
    child.expect("lesson")
    child.sendline("g")
    child.expect("c1w1")
    child.expect("lesson")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
