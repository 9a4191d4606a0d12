"""``mathforml assignment start`` and ``mathforml grade``: starter files and grading reports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

    from mathforml.grading.assignments import Assignment, GradeReport

MAX_SUBMISSION_BYTES = 2 << 20
_GRADED_COMMENT = re.compile(r"^\s*#\s*graded\b", re.IGNORECASE)


def _fail(message: str) -> None:
    from mathforml.cli import fail

    fail(message)


def _assignment(assignment_id: str) -> Assignment:
    from mathforml.grading.assignments import UnknownAssignmentError, get_assignment

    try:
        return get_assignment(assignment_id)
    except UnknownAssignmentError as error:
        _fail(str(error))
        raise  # unreachable: fail exits


def starter_files(assignment: Assignment) -> dict[str, str]:
    """File name -> text: the starter, plus the helper modules it imports (e.g. utils.py)."""
    files = {f"{assignment.id}_assignment.py": assignment.starter}
    if assignment.id == "c1w3":
        from mathforml.grading.assignments._utils_c1w3 import utils_source

        files["utils.py"] = utils_source(None)
    return files


def assignment_start(console: Console, assignment_id: str, dest: Path | None = None) -> Path:
    """Write ``<id>_assignment.py`` (and its helper modules) into ``dest`` or the current dir.

    Never overwrites the starter: a learner's work may be in it. A helper module
    that already exists is left as it is.
    """
    assignment = _assignment(assignment_id)
    folder = Path.cwd() if dest is None else dest
    files = starter_files(assignment)
    main_name = f"{assignment.id}_assignment.py"
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
    console.print(
        Text(
            f"Fill in the code between ### START CODE HERE ### and ### END CODE HERE "
            f"###, then run: mathforml grade {assignment.id} {target.name}"
        )
    )
    return target


def notebook_source(text: str) -> str:
    """The graded cells of a notebook, in order (tag ``graded`` or a ``# GRADED`` comment).

    IPython magics and shell lines (``%``, ``!``) are dropped. A notebook without
    any graded cell contributes all of its code cells.
    """
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        _fail(f"the notebook is not valid JSON: {error}")
    cells = [
        c for c in doc.get("cells", []) if isinstance(c, dict) and c.get("cell_type") == "code"
    ]

    def code(cell: dict[str, Any]) -> str:
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else str(src)
        return "\n".join(
            line for line in src.splitlines() if not line.lstrip().startswith(("%", "!"))
        )

    def graded(cell: dict[str, Any]) -> bool:
        tags = (cell.get("metadata") or {}).get("tags") or []
        first = next((ln for ln in code(cell).splitlines() if ln.strip()), "")
        return "graded" in tags or bool(_GRADED_COMMENT.match(first))

    chosen = [c for c in cells if graded(c)] or cells
    return "\n\n".join(code(c) for c in chosen) + "\n"


def read_submission(path: Path) -> str:
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
    from mathforml.grading.assignments import grade

    assignment = _assignment(assignment_id)
    source = read_submission(path)
    report = grade(assignment, source)
    if as_json:
        from mathforml.cli import emit_json

        emit_json(report.to_json())
        return report
    console.rule(Text(f"{assignment.id} · {assignment.title}", style="bold"))
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
    colour = "green" if report.outcome == "passed" else "yellow" if report.score else "red"
    console.print(
        Text.assemble(
            ("Score: ", "bold"),
            (f"{report.score}/{report.max_score}", colour),
            (f"  ({report.outcome})", "dim"),
        )
    )
    return report
