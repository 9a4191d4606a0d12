"""``mathforml assignment start`` and ``mathforml grade``: starter files and grading reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from mathforml.grading.assignments import Assignment, GradeReport

MAX_SUBMISSION_BYTES = 2 << 20
#: Outcomes reached before anything ran, whose one message is printed once (not per test):
#: an older version of the course's assignment, or another week's file.
EXPLAINED_OUTCOMES = {"older-version": "yellow", "other-assignment": "yellow"}


def _fail(message: str) -> None:
    from mathforml.cli import fail

    fail(message)


def _assignment(assignment_id: str) -> Assignment:
    from mathforml import curriculum

    try:
        return curriculum.assignment(assignment_id)
    except curriculum.UnknownAssignmentError as error:
        _fail(str(error))
        raise  # unreachable: fail exits


def starter_files(assignment: Assignment, *, notebook: bool = False) -> dict[str, str]:
    """File name -> text: the starter (``.py`` or ``.ipynb``), plus the helper modules it
    imports (e.g. utils.py)."""
    if notebook:
        from mathforml.labs import notebook_text

        files = {f"{assignment.id}_assignment.ipynb": notebook_text(assignment)}
    else:
        files = {f"{assignment.id}_assignment.py": assignment.starter}
    for module, text in assignment.learner_modules.items():
        files[f"{module}.py"] = text
    return files


def assignment_start(
    console: Console, assignment_id: str, dest: Path | None = None, *, notebook: bool = False
) -> Path:
    """Write ``<id>_assignment.py`` (or ``.ipynb``) and its helpers into ``dest`` or here.

    Never overwrites the starter: a learner's work may be in it. A helper module
    that already exists is left as it is.
    """
    assignment = _assignment(assignment_id)
    folder = Path.cwd() if dest is None else dest
    files = starter_files(assignment, notebook=notebook)
    main_name = f"{assignment.id}_assignment.{'ipynb' if notebook else 'py'}"
    target = folder / main_name
    if target.exists():
        _fail(
            f"{target} already exists: it may hold your work, so it was not overwritten "
            "(move it away or choose another folder)."
        )
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        if name != main_name and path.exists():
            continue
        path.write_text(text, encoding="utf-8")
    console.print(
        Text.assemble(("Wrote ", ""), (str(target), "bold"), (f": {assignment.title}.", ""))
    )
    how = "Open it in JupyterLab (e.g. jupyter lab), then fill" if notebook else "Fill"
    console.print(
        Text(
            f"{how} in the code between ### START CODE HERE ### and "
            f"### END CODE HERE ###, then run: mathforml grade {assignment.id} {target.name}"
        )
    )
    return target


def notebook_source(text: str) -> str:
    """The Python program that grades a notebook: its graded cells, in order, each on its own.

    See :mod:`mathforml.grading.assignments._notebook` for the rules (tags, ``# GRADED``
    comments, imports, magics). A malformed notebook exits with a clear message.
    """
    from mathforml.grading.assignments import NotebookError, notebook_code

    try:
        return notebook_code(text)
    except NotebookError as error:
        _fail(f"{error}")
        raise  # unreachable: fail exits


def read_submission(path: Path) -> str:
    """The text of a learner's file (a notebook becomes its grading program)."""
    if not path.is_file():
        _fail(f"{path} is not a file")
    if path.stat().st_size > MAX_SUBMISSION_BYTES:
        _fail(f"{path} is larger than {MAX_SUBMISSION_BYTES // (1 << 20)} MiB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        _fail(f"{path} is not UTF-8 text")
    if path.suffix == ".ipynb":
        return notebook_source(text)
    return text


def grade_command(console: Console, assignment_id: str, path: Path, as_json: bool) -> GradeReport:
    """Grade a learner's ``.py`` or ``.ipynb`` and print each test's verdict and the score."""
    assignment = _assignment(assignment_id)
    source = read_submission(path)  # the same checks on every file, and a clear exit
    notebook = path.suffix == ".ipynb"
    text = path.read_text(encoding="utf-8") if notebook else source
    # An older version is explained at once: no worker is even started for it.
    report = _explained(assignment, text, notebook) or _graded(assignment, path, text, notebook)
    if as_json:
        from mathforml.cli import emit_json

        emit_json(report.to_json())
        return report
    console.rule(Text(f"{assignment.id} · {assignment.title}", style="bold"))
    if report.outcome in EXPLAINED_OUTCOMES:
        _print_explained(console, report)
        return report
    for test in report.tests:
        mark, style = ("✓", "green") if test.passed else ("✗", "red")
        console.print(
            Text.assemble(
                (f"{mark} ", style),
                (test.name, "bold"),
                (f"  {test.points}/{test.max_points}", "dim"),
            )
        )
        if test.feedback and test.feedback != "passed":
            console.print(Text("    " + test.feedback.replace("\n", "\n    ")))
    for note in report.notes:
        console.print(Text("note: " + note, style="yellow"))
    colour = "green" if report.outcome == "passed" else "yellow" if report.score else "red"
    console.print(
        Text.assemble(
            ("Score: ", "bold"),
            (f"{report.score}/{report.max_score}", colour),
            (f"  ({report.outcome})", "dim"),
        )
    )
    return report


def _explained(assignment: Assignment, text: str, notebook: bool) -> GradeReport | None:
    """The report of an older version or another week's file, read without running it."""
    from mathforml.grading.assignments import NotebookError, version_report

    try:
        return version_report(assignment, text, notebook=notebook)
    except NotebookError:
        return None  # grading reports the unreadable notebook with its usual message


def _graded(assignment: Assignment, path: Path, text: str, notebook: bool) -> GradeReport:
    """The file graded in a sandbox of one worker, with only what this assignment imports."""
    from mathforml.grading import Sandbox
    from mathforml.grading.assignments import NotebookError, grade, grade_notebook

    forbidden = tuple(f.name for f in assignment.forbidden)
    with Sandbox(
        workers=1, preload=assignment.imports, forbidden_hint=forbidden, wait=False
    ) as box:
        if not notebook:
            return grade(assignment, text, sandbox=box)
        try:
            return grade_notebook(assignment, text, sandbox=box)
        except NotebookError as error:
            _fail(f"{path}: {error}")
            raise  # unreachable: fail exits


def _print_explained(console: Console, report: GradeReport) -> None:
    """One message and the score: listing every test as failed would read as a verdict
    on code that never ran."""
    message = report.tests[0].feedback if report.tests else "; ".join(report.notes)
    colour = EXPLAINED_OUTCOMES[report.outcome]
    console.print(Text(message, style=colour))
    console.print(
        Text.assemble(
            ("Score: ", "bold"),
            (f"{report.score}/{report.max_score}", "red"),
            (f"  ({report.outcome}: not graded)", "dim"),
        )
    )
