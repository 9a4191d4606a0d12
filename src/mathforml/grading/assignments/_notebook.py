"""Grade a Jupyter notebook: its graded cells, each run on its own, then judged as a ``.py``.

The original course's notebooks (v2) mark graded cells with the ``graded`` tag or a
``# GRADED ...`` first line; the other cells hold explanations, experiments and
calls to public tests (``import w2_unittest``) that are not ours. A grader runs the
graded cells in order and skips the rest. Three things make that fair:

- every cell runs inside its own ``try``, as in Jupyter: a failing print or plot
  cell costs nothing, and the learner is told which cell failed and why;
- cells made only of imports run too (without the unit-test modules), because
  graded code uses ``np`` even when ``import numpy as np`` is in an ungraded cell;
- a graded variable (c1w4's ``X_inf``) set only outside the graded cells is
  computed by running the ungraded cells it comes from (and theirs), with a note.

Everything here only reads the notebook's JSON and its syntax trees: the code runs
in the sandbox, never in this process.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import textwrap
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from mathforml.errors import MathformlError

if TYPE_CHECKING:
    from mathforml.grading.assignments._grade import GradeReport
    from mathforml.grading.assignments._spec import Assignment
    from mathforml.grading.sandbox import Sandbox

GRADED_COMMENT = re.compile(r"^\s*#+\s*graded\b", re.IGNORECASE)
#: Modules of public tests that are not ours (w2_unittest, ...) and our own package.
TEST_MODULE = re.compile(r"^(w\d+_unittest|\w*unittest\w*|public_tests|test_utils|mathforml)$")
ERRORS_VARIABLE = "_mathforml_cell_errors"
SOURCE_FILE = "submission.py"
_BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "display", "get_ipython"}

PRELUDE = f"""{ERRORS_VARIABLE} = []


def _mathforml_failed(cell, error):
    import traceback
    lines = [f.lineno for f in traceback.extract_tb(error.__traceback__)
             if f.filename == __file__]
    {ERRORS_VARIABLE}.append(
        [cell, type(error).__name__, str(error)[:400], lines[1] if len(lines) > 1 else 0,
         lines[-1] if lines else 0])


def display(*objects, **kwargs):
    for obj in objects:
        print(obj)
"""


class NotebookError(ValueError, MathformlError):
    """A file that is not a Jupyter notebook we can read; the message says what is wrong."""


@dataclass(frozen=True)
class Cell:
    """One code cell as the grader sees it. ``number`` counts every cell, from 1."""

    number: int
    code: str
    graded: bool
    label: str
    defines: frozenset[str] = frozenset()
    uses: frozenset[str] = frozenset()
    syntax_error: str = ""

    def name(self) -> str:
        return f"cell {self.number} ({self.label})" if self.label else f"cell {self.number}"


@dataclass
class NotebookProgram:
    """The Python program made of a notebook's chosen cells, and where each came from."""

    source: str
    cells: list[Cell]
    run: list[Cell]
    # generated line -> (cell, line in cell)
    lines: dict[int, tuple[Cell, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def locate(self, line: int) -> str:
        where = self.lines.get(line)
        if where is None:
            return f"line {line}"
        cell, inner = where
        return f"{cell.name()}, line {inner}"

    def cell(self, number: int) -> Cell | None:
        return next((c for c in self.cells if c.number == number), None)


def _cell_text(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _clean(text: str) -> str:
    """Drop IPython magics and shell lines (``%``, ``!``) and ``from __future__`` imports."""
    kept = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")) or stripped.startswith("from __future__"):
            kept.append("")  # keep the line numbers
        else:
            kept.append(line)
    return "\n".join(kept)


def _is_test_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return all(TEST_MODULE.match(a.name.split(".")[0]) for a in node.names)
    if isinstance(node, ast.ImportFrom):
        return bool(node.module and TEST_MODULE.match(node.module.split(".")[0]))
    return False


def _bound(node: ast.AST, out: set[str]) -> None:
    """Names ``node`` binds in the scope it runs in (not inside functions or classes)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        out.add(node.name)
        return
    if isinstance(node, ast.Lambda):
        return
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        out.add(node.id)
    elif isinstance(node, ast.alias):
        out.add((node.asname or node.name).split(".")[0])
    for child in ast.iter_child_nodes(node):
        _bound(child, out)


def _names(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """Names a cell binds at top level, and names it reads (anywhere)."""
    defines: set[str] = set()
    for node in tree.body:
        _bound(node, defines)
    uses = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return frozenset(defines), frozenset(uses - _BUILTINS)


def _label(code: str) -> str:
    first = next((ln.strip() for ln in code.splitlines() if ln.strip()), "")
    return first[:60] if first.startswith("#") else ""


def read_cells(text: str) -> list[Cell]:
    """The notebook's code cells; raises :class:`NotebookError` with a clear message."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(
            f"the notebook is not valid JSON ({error}): was it saved completely? "
            "Open it in Jupyter and save it again."
        ) from None
    if not isinstance(doc, dict):
        raise NotebookError("the file is JSON but not a Jupyter notebook (no 'cells' list).")
    if "worksheets" in doc and "cells" not in doc:
        raise NotebookError(
            "the notebook uses the old format 3: open it in Jupyter and save it, which "
            "upgrades it to format 4."
        )
    raw = doc.get("cells")
    if not isinstance(raw, list):
        raise NotebookError("the file is JSON but not a Jupyter notebook (no 'cells' list).")
    cells = []
    for number, cell in enumerate(raw, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code = _clean(_cell_text(cell))
        tags = (cell.get("metadata") or {}).get("tags") or []
        first = next((ln for ln in code.splitlines() if ln.strip()), "")
        graded = "graded" in tags or bool(GRADED_COMMENT.match(first))
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            message = f"SyntaxError: {error.msg} (line {error.lineno})"
            cells.append(Cell(number, code, graded, _label(code), syntax_error=message))
            continue
        tree.body = [node for node in tree.body if not _is_test_import(node)]
        defines, uses = _names(tree)
        cells.append(Cell(number, code, graded, _label(code), defines, uses))
    if not cells:
        raise NotebookError("the notebook has no code cells: there is nothing to grade.")
    return cells


def _only_imports(cell: Cell) -> bool:
    if cell.syntax_error:
        return False
    body = ast.parse(cell.code).body
    return bool(body) and all(isinstance(n, ast.Import | ast.ImportFrom) for n in body)


def _choose(cells: list[Cell], variables: tuple[str, ...]) -> tuple[list[Cell], list[str]]:
    graded = [c for c in cells if c.graded]
    if not graded:
        return cells, [
            "no cell is marked as graded (tag 'graded' or a '# GRADED' first line): "
            "every code cell was run."
        ]
    chosen = {c.number for c in graded} | {c.number for c in cells if _only_imports(c)}
    bound = set().union(*(c.defines for c in graded))
    needed = {v for v in variables if v not in bound}
    notes = []
    extra: set[int] = set()
    while needed:
        # the ungraded cells that set a needed name, and then the names those read
        found = [
            c
            for c in cells
            if c.number not in chosen | extra and not c.syntax_error and c.defines & needed
        ]
        if not found:
            break
        extra |= {c.number for c in found}
        needed = (
            set().union(*(c.uses for c in found))
            - bound
            - set().union(*(c.defines for c in cells if c.number in chosen | extra))
        )
    missing = [v for v in variables if v not in bound and any(v in c.defines for c in cells)]
    if missing and extra:
        where = ", ".join(str(n) for n in sorted(extra))
        notes.append(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} set outside the graded "
            f"cells, so cells {where} were run too."
        )
    return [c for c in cells if c.number in chosen | extra], notes


def build_program(text: str, variables: tuple[str, ...] = ()) -> NotebookProgram:
    """The program that grades a notebook: chosen cells, each in its own ``try``."""
    cells = read_cells(text)
    run, notes = _choose(cells, variables)
    out = PRELUDE.splitlines()
    lines: dict[int, tuple[Cell, int]] = {}
    for cell in run:
        if cell.syntax_error:
            continue
        tree = ast.parse(cell.code)
        imports_only = _only_imports(cell)
        out.append("")
        out.append(f"# cell {cell.number}")
        if imports_only:
            # each import on its own: a module we lack (a test helper) costs nothing
            for node in tree.body:
                if _is_test_import(node):
                    continue
                out.append("try:")
                for i in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    lines[len(out) + 1] = (cell, i)
                    out.append("    " + cell.code.splitlines()[i - 1].strip())
                out.append("except ImportError:")
                out.append("    pass")
            continue
        code_lines = cell.code.splitlines()
        for node in tree.body:
            if _is_test_import(node):
                for i in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    code_lines[i - 1] = " " * node.col_offset + "pass"
        out.append("try:")
        for i, line in enumerate(code_lines, start=1):
            lines[len(out) + 1] = (cell, i)
            out.append(textwrap.indent(line, "    ") if line.strip() else "")
        out.append("    pass")
        out.append("except MemoryError:")
        out.append("    raise")
        out.append("except Exception as _mathforml_error:")
        out.append(f"    _mathforml_failed({cell.number}, _mathforml_error)")
    return NotebookProgram("\n".join(out) + "\n", cells, run, lines, notes)


def graded_variables(assignment: Assignment) -> tuple[str, ...]:
    """Module-level names the assignment grades (c1w4's ``X_inf``): a notebook may set
    them in ungraded cells, which are then run too."""
    return tuple(assignment.variables) + tuple(
        v for g in assignment.groups for v in g.variables
    )


def graded_cells(assignment: Assignment, text: str) -> str:
    """The cells a notebook is graded on, in order, as readable code: what a learner
    sees and keeps (the grader runs each of them in its own ``try``)."""
    program = build_program(text, graded_variables(assignment))
    return "\n\n\n".join(c.code.strip("\n") for c in program.run) + "\n"


def notebook_code(text: str) -> str:
    """The Python source the grader runs for a notebook (see :func:`build_program`)."""
    return build_program(text).source


# ---------------------------------------------------------------- explaining


_FILE_LINE = re.compile(r'File "submission\.py", line (\d+)')
_LINE_PREFIX = re.compile(r"\bline (\d+):")


def _relocate(program: NotebookProgram, text: str) -> str:
    text = _FILE_LINE.sub(lambda m: program.locate(int(m.group(1))), text)
    return _LINE_PREFIX.sub(lambda m: program.locate(int(m.group(1))) + ":", text)


def _failure(program: NotebookProgram, record: Any) -> tuple[int, str] | None:
    try:
        number, kind, message, first, last = record
        number, first, last = int(number), int(first), int(last)
    except (TypeError, ValueError):
        return None
    cell = program.cell(number)
    if cell is None:
        return None
    where = program.lines.get(first)
    at = f", at its line {where[1]}" if where and where[0].number == number else ""
    text = f"{cell.name()} failed{at}: {kind}: {message}"
    name = re.match(r"name '(\w+)' is not defined", str(message))
    if kind == "NameError" and name:
        origin = [c for c in program.cells if name.group(1) in c.defines and c not in program.run]
        if origin:
            text += (
                f" ({name.group(1)} is set in cell {origin[0].number}, which is not graded: "
                "the grader runs only the graded cells, so compute it in a graded cell)"
            )
    return number, text


def _missing_name(feedback: str) -> str | None:
    m = re.search(r"does not define (?:the variable )?'?(\w+)'?", feedback)
    return m.group(1) if m else None


def explain(program: NotebookProgram, report: GradeReport, failures: list[Any]) -> GradeReport:
    """Say where things went wrong in the learner's terms: cells, not generated lines."""
    failed: dict[int, str] = {}
    for record in failures if isinstance(failures, list) else []:
        found = _failure(program, record)
        if found is not None and found[0] not in failed:
            failed[found[0]] = found[1]
    for cell in program.run:
        if cell.syntax_error:
            failed[cell.number] = f"{cell.name()} could not run: {cell.syntax_error}"
    for cell in program.cells:
        if cell.graded and cell.syntax_error and cell.number not in failed:
            failed[cell.number] = f"{cell.name()} could not run: {cell.syntax_error}"
    tests = []
    for test in report.tests:
        feedback = _relocate(program, test.feedback)
        name = None if test.passed else _missing_name(feedback)
        if name:
            feedback = _missing_feedback(program, name, failed) or feedback
        tests.append(replace(test, feedback=feedback))
    notes = list(program.notes) + [failed[n] for n in sorted(failed)]
    return replace(report, tests=tests, notes=report.notes + notes)


def _missing_feedback(program: NotebookProgram, name: str, failed: dict[int, str]) -> str | None:
    mentions = re.compile(rf"\b{re.escape(name)}\b")
    holders = [
        c
        for c in program.cells
        if name in c.defines or (c.syntax_error and mentions.search(c.code))
    ]
    if not holders:
        return (
            f"no cell of the notebook defines {name}: keep the original name, in a cell "
            f"tagged 'graded' (or starting with # GRADED FUNCTION: {name})."
        )
    for cell in holders:
        if cell.number in failed:
            return f"{name} is not defined because {failed[cell.number]}."
    ran = [c for c in holders if c in program.run]
    if not ran:
        return (
            f"{name} is defined in {holders[0].name()}, which is not graded: the grader "
            f"runs only graded cells. Keep that cell's graded tag or its # GRADED first line."
        )
    return None


def grade_notebook(
    assignment: Assignment, text: str, *, sandbox: Sandbox | None = None, seed: int = 0
) -> GradeReport:
    """Grade a notebook exactly as its graded cells would be graded in a ``.py``.

    Raises :class:`NotebookError` when the file is not a notebook we can read.
    """
    from mathforml.grading.assignments._grade import (
        _fail_all,
        _static_findings,
        build_cases,
        build_job,
        judge_job,
    )
    from mathforml.grading.sandbox import default_sandbox

    program = build_program(text, graded_variables(assignment))
    findings = _static_findings(assignment, program.source)
    if findings:
        report = _fail_all(assignment, "forbidden", "; ".join(findings))
        return explain(program, report, [])
    source = program.source
    if assignment.prepare is not None:
        source = assignment.prepare(source)
    cases = build_cases(assignment, seed)
    job = build_job(assignment, source, cases)
    job = replace(job, variables=(*job.variables, ERRORS_VARIABLE))
    result = (sandbox or default_sandbox()).run(job)
    failures = (result.variables or {}).get(ERRORS_VARIABLE, [])
    return explain(program, judge_job(assignment, cases, result), failures)
