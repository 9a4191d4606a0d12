"""The catalogue: courses, their weeks, and the one list of the weeks that have content.

Weeks whose content is not written yet are still listed (``available`` is false),
so the catalogue a learner sees is the whole specialization, honestly marked.

A week with content is one folder (``curriculum/c1/w2/``): ``lesson.md`` and
``figures/``, ``exercises.py`` (``EXERCISES``), ``lab.py`` (the lab notebook as a
jupytext percent file) and ``assignment.py`` (``ASSIGNMENT``). The machinery below
(``grading``, ``labs``) never imports the curriculum; the front ends ask here.
Looking up an assignment or a lab imports only that file, never the exercises, so
``mathforml grade`` starts quickly.
"""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from mathforml.errors import UnknownIdError

if TYPE_CHECKING:
    from mathforml.engine import Exercise
    from mathforml.grading.assignments import Assignment

#: The files a week's folder holds (besides its exercise modules).
LESSON = "lesson.md"
LAB = "lab.py"
ASSIGNMENT = "assignment.py"


@dataclass(frozen=True)
class Week:
    id: str
    course_id: str
    number: int
    title: str
    topics: tuple[str, ...]
    exercises: tuple[Exercise, ...] = ()
    package: str | None = None

    @property
    def available(self) -> bool:
        return bool(self.exercises)

    def lesson(self) -> str:
        """The lesson as Markdown with LaTeX."""
        if self.package is None:
            raise UnknownIdError(f"week {self.id} has no lesson yet")
        return resources.files(self.package).joinpath(LESSON).read_text(encoding="utf-8")

    def exercise(self, exercise_id: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise UnknownIdError(f"no exercise {exercise_id!r} in week {self.id}")

    def assignment(self) -> Assignment | None:
        """The week's programming assignment, or ``None`` when it has none."""
        return _assignments().get(self.id)

    def lab_source(self) -> str | None:
        """The week's lab notebook as jupytext percent text, or ``None``."""
        return _read(self.package, LAB)


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    weeks: tuple[Week, ...] = field(default_factory=tuple)


# Week outlines: (id, title, topics). Weeks with a package below have content.
_OUTLINE: tuple[tuple[str, str, tuple[tuple[str, str, tuple[str, ...]], ...]], ...] = (
    ("c1", "Linear Algebra", (
        ("c1w1", "Systems of linear equations",
         ("systems", "singularity", "linear dependence", "determinant")),
        ("c1w2", "Solving systems of linear equations",
         ("elimination", "row echelon form", "rank", "image compression")),
        ("c1w3", "Vectors and linear transformations",
         ("norms", "dot product", "matrix multiplication", "inverse", "neural networks")),
        ("c1w4", "Determinants and eigenvectors",
         ("determinant as area", "bases and span", "eigenvalues", "eigenvectors", "PCA")),
    )),
    ("c2", "Calculus", (
        ("c2w1", "Derivatives and optimization",
         ("derivatives", "differentiation rules", "optimization")),
        ("c2w2", "Gradients and gradient descent",
         ("partial derivatives", "gradient", "gradient descent", "linear regression")),
        ("c2w3", "Optimization in neural networks and Newton's method",
         ("perceptron", "backpropagation", "Newton's method", "Hessian")),
    )),
    ("c3", "Probability & Statistics", (
        ("c3w1", "Probability and distributions",
         ("probability rules", "conditional probability", "Bayes' theorem", "distributions")),
        ("c3w2", "Describing distributions",
         ("expectation", "variance", "covariance", "multivariate normal")),
        ("c3w3", "Sampling and point estimation",
         ("sampling", "law of large numbers", "central limit theorem", "MLE", "MAP")),
        ("c3w4", "Confidence intervals and hypothesis testing",
         ("confidence intervals", "hypothesis tests", "p-values", "A/B testing")),
    )),
)

#: Week folders with written content, by week id: the one place a new week is listed.
_CONTENT = {
    "c1w1": "mathforml.curriculum.c1.w1",
    "c1w2": "mathforml.curriculum.c1.w2",
    "c1w3": "mathforml.curriculum.c1.w3",
    "c1w4": "mathforml.curriculum.c1.w4",
}


def _load_week(course_id: str, number: int, wid: str, title: str, topics) -> Week:
    package = _CONTENT.get(wid)
    exercises: tuple[Exercise, ...] = ()
    if package is not None:
        module_name = f"{package}.exercises"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name not in (package, module_name):
                raise
            package = None
        else:
            exercises = tuple(module.EXERCISES)
    return Week(wid, course_id, number, title, tuple(topics), exercises, package)


@cache
def catalogue() -> tuple[Course, ...]:
    """Every course with its weeks, in teaching order."""
    courses = []
    for cid, ctitle, weeks in _OUTLINE:
        loaded = tuple(
            _load_week(cid, n, wid, title, topics)
            for n, (wid, title, topics) in enumerate(weeks, start=1)
        )
        courses.append(Course(cid, ctitle, loaded))
    return tuple(courses)


@cache
def _exercise_index() -> dict[str, Exercise]:
    index: dict[str, Exercise] = {}
    for ex in all_exercises():
        if ex.id in index:
            raise RuntimeError(f"two exercises share the id {ex.id!r}")
        index[ex.id] = ex
    return index


def weeks() -> tuple[Week, ...]:
    return tuple(w for c in catalogue() for w in c.weeks)


def week(week_id: str) -> Week:
    for w in weeks():
        if w.id == week_id:
            return w
    known = ", ".join(w.id for w in weeks())
    raise UnknownIdError(f"no week {week_id!r}; the weeks are {known}")


def all_exercises() -> tuple[Exercise, ...]:
    return tuple(ex for w in weeks() for ex in w.exercises)


def topic_outline() -> tuple[dict[str, str], dict[str, list[str]]]:
    """What progress reports are grouped by, for the weeks that have content: each
    exercise id's topic, and each week's topics in teaching order."""
    available = [w for w in weeks() if w.available]
    topic_of = {e.id: e.topic for w in available for e in w.exercises}
    outline = {w.id: list(w.topics) for w in available}
    return topic_of, outline


def exercise(exercise_id: str) -> Exercise:
    try:
        return _exercise_index()[exercise_id]
    except KeyError:
        raise UnknownIdError(
            f"no exercise {exercise_id!r}; `mathforml courses --exercises` lists them"
        ) from None


class UnknownAssignmentError(UnknownIdError):
    """An assignment id that does not exist."""

    def __str__(self) -> str:
        return (
            f"unknown assignment {self.args[0]!r}: choose one of {', '.join(assignment_ids())}"
        )


def _read(package: str | None, name: str) -> str | None:
    if package is None:
        return None
    entry = resources.files(package).joinpath(name)
    return entry.read_text(encoding="utf-8") if entry.is_file() else None


def _has(wid: str, name: str) -> bool:
    return resources.files(_CONTENT[wid]).joinpath(name).is_file()


def assignment_ids() -> tuple[str, ...]:
    """The weeks that have a programming assignment, in teaching order."""
    return tuple(wid for wid in _CONTENT if _has(wid, ASSIGNMENT))


@cache
def _assignments() -> dict[str, Assignment]:
    """Every assignment by week id, each knowing the others (``Assignment.others``), so
    a file meant for another week is recognised when it is graded."""
    alone = [
        importlib.import_module(f"{_CONTENT[wid]}.assignment").ASSIGNMENT
        for wid in assignment_ids()
    ]
    for spec, wid in zip(alone, assignment_ids(), strict=True):
        if spec.id != wid:
            raise RuntimeError(f"{_CONTENT[wid]}.assignment declares the id {spec.id!r}")
    others = tuple(alone)
    return {a.id: dataclasses.replace(a, others=others) for a in alone}


def assignments() -> tuple[Assignment, ...]:
    """Every programming assignment, in teaching order."""
    return tuple(_assignments().values())


def assignment(assignment_id: str) -> Assignment:
    """The assignment with this id (``"c1w2"``); raises :class:`UnknownAssignmentError`."""
    try:
        return _assignments()[assignment_id.strip().lower()]
    except KeyError:
        raise UnknownAssignmentError(assignment_id) from None


def lab_ids() -> tuple[str, ...]:
    """The weeks that have a lab notebook, in teaching order."""
    return tuple(wid for wid in _CONTENT if _has(wid, LAB))


def lab_source(week_id: str) -> str:
    """The lab of ``week_id`` as jupytext percent text; raises ``UnknownIdError``."""
    text = _read(_CONTENT.get(week_id.strip().lower()), LAB)
    if text is None:
        raise UnknownIdError(
            f"no lab for week {week_id!r}: labs exist for {', '.join(lab_ids())}"
        )
    return text
