"""Course-wide promises that no single week's tests can keep alone."""

from __future__ import annotations

import inspect
import re

import pytest
from rich.console import Console

from mathforml import curriculum
from mathforml.cli._render import markdown_with_math
from mathforml.engine import make_variant
from mathforml.engine._lint import latex_problem

COURSE1 = [w for w in curriculum.weeks() if w.course_id == "c1"]
#: A toolkit call, as opposed to NumPy's own ``np.linalg``.
TOOLKIT_CALL = re.compile(r"(?<![\w.])linalg\.|mathforml\.toolkit")


def test_course1_has_at_least_eight_templates_a_week_and_32_in_all():
    assert [w.id for w in COURSE1] == ["c1w1", "c1w2", "c1w3", "c1w4"]
    assert all(len(w.exercises) >= 8 for w in COURSE1)
    assert sum(len(w.exercises) for w in COURSE1) >= 32


def test_exercise_ids_are_unique_and_belong_to_their_week():
    ids = [e.id for e in curriculum.all_exercises()]
    assert len(ids) == len(set(ids))
    for w in curriculum.weeks():
        for e in w.exercises:
            assert e.id.startswith(f"{w.id}."), e.id
            assert re.fullmatch(r"c\dw\d\.[a-z0-9]+(-[a-z0-9]+)*", e.id), e.id


def test_every_exercise_topic_is_one_of_its_weeks_topics_and_every_topic_is_practised():
    for w in COURSE1:
        topics = {e.topic for e in w.exercises}
        assert topics <= set(w.topics), (w.id, topics - set(w.topics))
        assert topics == set(w.topics), (w.id, set(w.topics) - topics)


@pytest.mark.parametrize("exercise", curriculum.all_exercises(), ids=lambda e: e.id)
def test_independent_answer_does_not_call_the_toolkit(exercise):
    source = inspect.getsource(type(exercise).independent_answer)
    assert not TOOLKIT_CALL.search(source), (
        f"{exercise.id}: independent_answer must recompute the key with NumPy or SymPy"
    )


@pytest.mark.parametrize("week", COURSE1, ids=lambda w: w.id)
def test_every_lesson_has_balanced_math_and_renders_for_the_terminal(week):
    lesson = week.lesson()
    assert latex_problem(lesson) is None
    console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(markdown_with_math(lesson))
    text = console.export_text()
    console.file.close()
    assert "\\begin{" not in text
    assert "$$" not in text
    assert len(text) > 5_000


@pytest.mark.parametrize("exercise", curriculum.all_exercises(), ids=lambda e: e.id)
def test_every_variant_tells_the_learner_how_to_answer(exercise):
    variant = make_variant(exercise, 11)
    assert variant.help
    if variant.kind == "choice":
        assert len(variant.options) >= 2
    else:
        assert not variant.options
