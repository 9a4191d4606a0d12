"""An assignment as a notebook in the original course's conventions.

Instructions in Markdown; an imports cell; the given helpers; then one cell per
graded function or graded block (tag ``graded`` and a ``# GRADED ...`` first line,
as in the original), each followed by a cell that runs the public checks. The
cells are cut from the assignment's starter (``# GRADED`` comments delimit them),
so the notebook and the ``.py`` starter never drift apart. ``solved=True`` fills
the graded cells from the reference solution (tests use it to prove full marks).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from mathforml.grading.assignments import Assignment

_GRADED = re.compile(r"^# GRADED (FUNCTION: (\w+)|cell)", re.MULTILINE)
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@dataclass(frozen=True)
class Block:
    """A graded block of the starter: its code, and the function it defines (or "")."""

    code: str
    function: str
    names: frozenset[str]


def _bound_names(code: str) -> frozenset[str]:
    from mathforml.grading.assignments._notebook import _names

    return _names(ast.parse(code))[0]


def split_starter(starter: str) -> tuple[str, str, list[Block]]:
    """(imports, given helpers, graded blocks) of a starter file."""
    first = _GRADED.search(starter)
    cut = len(starter) if first is None else first.start()
    head, rest = starter[:cut], starter[cut:]
    tree = ast.parse(head)
    imports, given = [], []
    for node in tree.body:
        segment = ast.get_source_segment(head, node) or ""
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(segment)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring: the Markdown says it better
        else:
            given.append(segment)
    blocks = []
    starts = [m.start() for m in _GRADED.finditer(rest)] + [len(rest)]
    for a, b in pairwise(starts):
        code = rest[a:b].strip("\n")
        match = _GRADED.match(code)
        function = (match.group(2) or "") if match else ""
        blocks.append(Block(code, function, _bound_names(code)))
    return "\n".join(imports), "\n\n\n".join(given), blocks


def _reference_blocks(reference: str, blocks: list[Block]) -> list[str]:
    """The reference's code for each block: its function, or the statements setting its names.

    A statement that sets nothing a block owns (``index = ...``) goes with the next
    statement that does.
    """
    tree = ast.parse(reference)
    parts: list[list[str]] = [[] for _ in blocks]
    pending: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        segment = ast.get_source_segment(reference, node) or ""
        names = _bound_names(segment)
        owner = next((i for i, b in enumerate(blocks) if names & b.names), None)
        if owner is None:
            pending.append(segment)
            continue
        parts[owner] += [*pending, segment]
        pending = []
    return ["\n".join(p) for p in parts]


def _check_call(assignment: Assignment, block: Block) -> str | None:
    if block.function:
        if not any(g.function == block.function for g in assignment.groups):
            return None
        return f'public_checks("{assignment.id}", {block.function})'
    graded = {v for g in assignment.groups for v in g.variables}
    names = sorted(block.names & graded)
    if not names:
        return None
    extra = [v for v in assignment.variables if v not in names]
    args = ", ".join(f"{n}={n}" for n in [*names, *extra])
    return f'public_checks("{assignment.id}", {args})'


def assignment_notebook(assignment: Assignment, *, solved: bool = False) -> NotebookNode:
    """The assignment as an nbformat v4 notebook (not yet written anywhere)."""
    import nbformat.v4 as nbf

    imports, given, blocks = split_starter(assignment.starter)
    solutions = _reference_blocks(assignment.reference, blocks) if solved else []
    cells = [
        nbf.new_markdown_cell(assignment.instructions),
        nbf.new_markdown_cell(
            "Write your code between `### START CODE HERE ###` and `### END CODE HERE ###`, "
            "replacing each `None`. After each graded cell, run the next cell: it runs the "
            "public checks and tells you what to fix. When you are done, save the notebook "
            f"and run `mathforml grade {assignment.id} {assignment.id}_assignment.ipynb`.\n\n"
            "Keep the graded cells' first lines (`# GRADED ...`) and the function names: "
            "the grader runs the graded cells only."
        ),
        nbf.new_code_cell(imports),
    ]
    if given:
        cells.append(
            nbf.new_markdown_cell("These helper functions are given: read them, you will use them.")
        )
        cells.append(nbf.new_code_cell(given))
    for index, block in enumerate(blocks):
        title = f"`{block.function}`" if block.function else ", ".join(sorted(block.names))
        cells.append(nbf.new_markdown_cell(f"## Exercise {index + 1}: {title}"))
        code = block.code
        if solved:
            header = code.splitlines()[0]
            code = f"{header}\n\n{solutions[index]}"
        cells.append(nbf.new_code_cell(code, metadata={"tags": ["graded"]}))
        call = _check_call(assignment, block)
        if call:
            cells.append(
                nbf.new_code_cell(
                    "# Public checks (not graded)\n"
                    f"from mathforml.labs import public_checks\n\n{call}"
                )
            )
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"  # stable ids: the same assignment gives the same file
    nb = nbf.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["mathforml"] = {"assignment": assignment.id}
    return nb


def notebook_text(assignment: Assignment, *, solved: bool = False) -> str:
    """The notebook's JSON text, as written to disk."""
    import nbformat

    return nbformat.writes(assignment_notebook(assignment, solved=solved)) + "\n"
