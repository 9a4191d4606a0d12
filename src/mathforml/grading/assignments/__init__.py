"""Programming assignments, judged in the trusted parent: the machinery.

An :class:`Assignment` declares its functions, starter code, hidden test groups
and forbidden calls; :func:`grade` runs a submission in the sandbox with the
hidden inputs only, then compares the plain results here. The assignments
themselves live with their weeks (``curriculum/c1/w2/assignment.py``) and are
found through the catalogue; what they build on (the spec types, the comparison
helpers, the version history) is exported here.

>>> from mathforml import curriculum                                 # doctest: +SKIP
>>> report = grade(curriculum.assignment("c1w2"), source)          # doctest: +SKIP
>>> report.score, report.max_score, report.outcome                  # doctest: +SKIP
(10, 10, 'passed')
"""

from __future__ import annotations

from mathforml.grading.assignments._compare import (
    as_array,
    compare_array,
    compare_exact,
    compare_scalar,
    describe,
    preview,
)
from mathforml.grading.assignments._grade import GradeReport, TestReport, grade
from mathforml.grading.assignments._notebook import (
    NotebookError,
    grade_notebook,
    graded_cells,
    notebook_code,
)
from mathforml.grading.assignments._spec import (
    ORIGINAL_SHAPE,
    Assignment,
    Case,
    Forbidden,
    FunctionSpec,
    TestGroup,
    Verdict,
    feedback_policy,
)
from mathforml.grading.assignments._versions import (
    OLDER_VERSION,
    OTHER_ASSIGNMENT,
    History,
    Version,
    names,
    recognise,
    version_report,
)

__all__ = [
    "OLDER_VERSION",
    "ORIGINAL_SHAPE",
    "OTHER_ASSIGNMENT",
    "Assignment",
    "Case",
    "Forbidden",
    "FunctionSpec",
    "GradeReport",
    "History",
    "NotebookError",
    "TestGroup",
    "TestReport",
    "Verdict",
    "Version",
    "as_array",
    "compare_array",
    "compare_exact",
    "compare_scalar",
    "describe",
    "feedback_policy",
    "grade",
    "grade_notebook",
    "graded_cells",
    "names",
    "notebook_code",
    "preview",
    "recognise",
    "version_report",
]
