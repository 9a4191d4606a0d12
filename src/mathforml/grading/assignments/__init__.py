"""Course programming assignments, judged in the trusted parent.

An :class:`Assignment` declares its functions, starter code, hidden test groups
and forbidden calls; :func:`grade` runs a submission in the sandbox with the
hidden inputs only, then compares the plain results here.

>>> report = grade(get_assignment("c1w2"), source)          # doctest: +SKIP
>>> report.score, report.max_score, report.outcome          # doctest: +SKIP
(10, 10, 'passed')
"""

from __future__ import annotations

from mathforml.errors import UnknownIdError
from mathforml.grading.assignments import c1w1, c1w2, c1w3, c1w4
from mathforml.grading.assignments._grade import GradeReport, TestReport, grade
from mathforml.grading.assignments._notebook import (
    NotebookError,
    grade_notebook,
    graded_cells,
    notebook_code,
)
from mathforml.grading.assignments._spec import (
    Assignment,
    Case,
    Forbidden,
    FunctionSpec,
    TestGroup,
    Verdict,
)
from mathforml.grading.assignments._versions import (
    OLDER_VERSION,
    OTHER_ASSIGNMENT,
    recognise,
    version_report,
)

ASSIGNMENTS: dict[str, Assignment] = {
    a.id: a for a in (c1w1.ASSIGNMENT, c1w2.ASSIGNMENT, c1w3.ASSIGNMENT, c1w4.ASSIGNMENT)
}


class UnknownAssignmentError(UnknownIdError):
    """An assignment id that does not exist."""

    def __str__(self) -> str:
        return f"unknown assignment {self.args[0]!r}: choose one of {', '.join(ASSIGNMENTS)}"


def get_assignment(assignment_id: str) -> Assignment:
    """The assignment with this id (``"c1w2"``); raises :class:`UnknownAssignmentError`."""
    try:
        return ASSIGNMENTS[assignment_id.strip().lower()]
    except KeyError:
        raise UnknownAssignmentError(assignment_id) from None


__all__ = [
    "ASSIGNMENTS",
    "OLDER_VERSION",
    "OTHER_ASSIGNMENT",
    "Assignment",
    "Case",
    "Forbidden",
    "FunctionSpec",
    "GradeReport",
    "NotebookError",
    "TestGroup",
    "TestReport",
    "UnknownAssignmentError",
    "Verdict",
    "get_assignment",
    "grade",
    "grade_notebook",
    "graded_cells",
    "notebook_code",
    "recognise",
    "version_report",
]
