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
GRADED_TAG = "graded"
_SURROGATES = re.compile("[\ud800-\udfff]")

# Limits on what is read, each checked before anything is parsed. A course notebook
# holds a fraction of each (c1w2's: about 40 code cells, 10 K characters of code); a
# crafted one is refused with a clear message rather than parsed for seconds. Parsing
# and compiling hold the interpreter lock for the whole text parsed at once, and a
# server grades in a thread beside its event loop: the program built from the cells
# (the code plus about 130 characters per cell) stays near 100 K characters, which
# parses in well under 100 ms.
#: The notebook's JSON text, outputs included.
MAX_NOTEBOOK_CHARS = 16 * 2**20
#: Cells of any type, and code cells.
MAX_CELLS = 2_000
MAX_CODE_CELLS = 300
#: Characters and lines of code in one cell.
MAX_CELL_CHARS = 32 * 1024
MAX_CELL_LINES = 1_000
#: Characters of code in all code cells together.
MAX_CODE_CHARS = 64 * 1024

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
    """One code cell as the grader sees it. ``number`` counts every cell, from 1.

    ``tree`` is the cell's syntax tree, parsed once when the notebook is read (``None``
    when it does not parse, and ``syntax_error`` says why)."""

    number: int
    code: str
    graded: bool
    label: str
    defines: frozenset[str] = frozenset()
    uses: frozenset[str] = frozenset()
    syntax_error: str = ""
    imports_only: bool = False
    tree: ast.Module | None = field(default=None, compare=False, repr=False)
    #: What was left out because it cannot run here (shell lines, Colab, /content
    #: paths), each with why: said in a note when the cell runs.
    skipped: tuple[str, ...] = ()

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

    def __post_init__(self) -> None:
        self._by_number = {c.number: c for c in self.cells}
        self._run_numbers = {c.number for c in self.run}

    def locate(self, line: int) -> str:
        where = self.lines.get(line)
        if where is None:
            return f"line {line}"
        cell, inner = where
        return f"{cell.name()}, line {inner}"

    def cell(self, number: int) -> Cell | None:
        return self._by_number.get(number)

    def ran(self, cell: Cell) -> bool:
        return cell.number in self._run_numbers


def _cell_text(cell: dict[str, Any], number: int) -> str:
    """A cell's source: a string, or a list of strings (nbformat's two spellings)."""
    src = cell.get("source", "")
    if isinstance(src, str):
        return src
    if isinstance(src, list) and all(isinstance(part, str) for part in src):
        return "".join(src)
    raise NotebookError(
        f"cell {number}'s source is not text (a string or a list of strings): "
        "open the notebook in Jupyter and save it again."
    )


def _is_graded_by_tag(cell: dict[str, Any], number: int) -> bool:
    """Whether the cell's ``metadata.tags`` holds exactly ``"graded"``.

    nbformat says tags are a list of strings; anything else is refused rather than
    guessed at, because a string such as ``"ungraded"`` must not read as graded."""
    metadata = cell.get("metadata", {})
    if metadata is None:
        return False
    if not isinstance(metadata, dict):
        raise NotebookError(
            f"cell {number}'s metadata is not a JSON object: open the notebook in "
            "Jupyter and save it again."
        )
    tags = metadata.get("tags", [])
    if tags is None:
        return False
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise NotebookError(
            f"cell {number}'s tags are not a list of words (e.g. [\"graded\"]): open the "
            "notebook in Jupyter, fix the cell's tags and save it again."
        )
    return GRADED_TAG in tags


#: Cell magics whose body is Python: the body runs, once.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
#: Line magics that only set up the notebook's display or reloading: dropped silently
#: (nearly every course notebook has ``%matplotlib inline``). Every other magic and
#: shell line is named in a note when it is dropped.
_QUIET_MAGICS = frozenset(
    {"matplotlib", "load_ext", "reload_ext", "autoreload", "aimport", "config",
     "precision", "pylab", "xmode", "pdb", "who", "whos", "lsmagic", "pprint"}
)
_LINE_MAGIC = re.compile(r"^(\s*)(?:%%?|!)(?=[A-Za-z_!./~\"'$-])")
_MAGIC_NAME = re.compile(r"^\s*%%?([A-Za-z_]\w*)")
_TIMED = re.compile(r"^(\s*)%(?:time|timeit)\s+(?=[^\s-])")
_SHELL_ASSIGN = re.compile(r"^(\s*)[A-Za-z_][\w, ]*=\s*(?:!|%[A-Za-z_])")
_HELP = re.compile(r"^\s*(?:\?{1,2}[\w.]+|[\w.]+\?{1,2})\s*$")


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _why_magic(stripped: str) -> str | None:
    """Why a dropped magic or shell line is worth a note, or ``None`` (display set-up)."""
    if stripped.startswith("!") or _SHELL_ASSIGN.match(stripped):
        return f"`{_short(stripped)}` (a shell command: the grader runs Python only)"
    name = _MAGIC_NAME.match(stripped)
    if name is None or name.group(1) in _QUIET_MAGICS:
        return None
    return f"`{_short(stripped)}` (an IPython magic, not Python)"


def _strip_magics(text: str) -> tuple[str, list[str]]:
    """The cell as Python: IPython magics and shell lines (``%``, ``!``), which are not
    Python and must never reach the parser, become blank lines (``pass`` where a block
    needs a statement), ``%time``/``%%time`` keep their statement, and a cell magic
    whose body is not Python (``%%bash``, ``%%writefile``) is dropped whole. Returns the
    code, same line numbers, and what was dropped that a learner should hear about."""
    lines = text.splitlines()
    skipped: list[str] = []
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        name = _MAGIC_NAME.match(lines[first])
        if name is not None and name.group(1) in _PYTHON_CELL_MAGICS:
            lines[first] = ""
        else:
            skipped.append(
                f"the whole cell, a `{_short(lines[first].strip(), 30)}` cell (not Python)"
            )
            return "\n".join("" for _ in lines), skipped
    kept: list[str] = []
    continued = False
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if continued:  # the rest of a shell line continued with a backslash
            kept.append("")
            continued = stripped.endswith("\\")
            continue
        if stripped.startswith("from __future__"):
            kept.append("")  # keep the line numbers
            continue
        timed = _TIMED.match(line)
        if timed is not None:
            kept.append(indent + line[timed.end():])
            continue
        if _LINE_MAGIC.match(line) or _SHELL_ASSIGN.match(line) or _HELP.match(line):
            why = _why_magic(stripped)
            if why is not None:
                skipped.append(why)
            kept.append(f"{indent}pass" if indent else "")
            continued = stripped.endswith("\\")
            continue
        kept.append(line)
    return "\n".join(kept), skipped


def _clean(text: str) -> str:
    """Drop IPython magics and shell lines (``%``, ``!``) and ``from __future__`` imports."""
    return _strip_magics(text)[0]


# ------------------------------------------------- statements that cannot run here
#: Strings naming a place on the machine the notebook ran on (Colab, Drive, Kaggle).
_ELSEWHERE_PATH = re.compile(r"^(/content\b|/gdrive\b|/kaggle\b|/mnt/drive\b)|MyDrive|My Drive")
#: Calls that start a process (pip, unzip, wget...): the sandbox refuses them.
_PROCESS_CALLS = {"os": {"system", "popen", "execv", "execvp", "spawnv"}, "subprocess": None}


def _colab_import(node: ast.stmt) -> set[str] | None:
    """The names a ``google.colab`` import binds, or ``None`` when it is not one."""
    if isinstance(node, ast.ImportFrom) and node.module and (
        node.module == "google.colab" or node.module.startswith("google.colab.")
    ):
        return {a.asname or a.name for a in node.names}
    if isinstance(node, ast.Import) and any(
        a.name == "google.colab" or a.name.startswith("google.colab.") for a in node.names
    ):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return None


def _cannot_run_here(node: ast.stmt, tainted: dict[str, str]) -> str | None:
    """Why a top-level statement cannot run in the grader, or ``None``.

    ``tainted`` holds the names bound by Colab imports and by statements already
    skipped: a statement that reads one would fail too. Definitions are never
    skipped (a graded function that opens a Colab path fails when called, as it
    would anywhere else)."""
    if isinstance(node, (*_SCOPES, ast.Try, ast.Import, ast.ImportFrom)):
        return None
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in tainted:
            return tainted[sub.id]
        if isinstance(sub, ast.Constant) and type(sub.value) is str \
                and _ELSEWHERE_PATH.search(sub.value):
            return f"{_short(sub.value, 30)} is on the machine the notebook ran on"
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) \
                and isinstance(sub.func.value, ast.Name) and sub.func.value.id in _PROCESS_CALLS:
            allowed = _PROCESS_CALLS[sub.func.value.id]
            if allowed is None or sub.func.attr in allowed:
                return "it starts a process, which the grader does not allow"
    return None


def _bound(node: ast.stmt) -> set[str]:
    return {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _skips(body: list[ast.stmt], tainted: dict[str, str]) -> list[tuple[ast.stmt, str]]:
    """The statements of ``body`` (and of its top-level ``if`` blocks) to skip."""
    found: list[tuple[ast.stmt, str]] = []
    for node in body:
        names = _colab_import(node)
        if names is not None:
            tainted.update(dict.fromkeys(names, "Google Colab only"))
            found.append((node, "Google Colab only"))
            continue
        if isinstance(node, ast.If) and not any(
            isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(node.test)
        ):
            found += _skips(node.body, tainted) + _skips(node.orelse, tainted)
            continue
        why = _cannot_run_here(node, tainted)
        if why is not None:
            for name in _bound(node):
                tainted[name] = f"it uses {name}, which could not be set here"
            found.append((node, why))
        else:  # a name bound again by a statement that runs is usable again
            again = _bound(node)
            if isinstance(node, _SCOPES):
                again.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                again |= {(a.asname or a.name).split(".")[0] for a in node.names}
            for name in again:
                tainted.pop(name, None)
    return found


def _skip_elsewhere(
    code: str, tree: ast.Module, tainted: dict[str, str]
) -> tuple[str, list[str]]:
    """The cell with its statements that cannot run here (Colab imports, ``drive.mount``,
    files under ``/content``, processes) turned into comments, so that the rest of the
    cell (its imports above all) runs; and what was skipped, and why. A statement
    sharing a line with one that is kept stays (it fails in its cell's ``try``)."""
    skips = _skips(tree.body, tainted)
    if not skips:
        return code, []
    original = code.splitlines()
    lines = list(original)
    skipped = {id(n) for n, _ in skips}
    statements = [n for n in ast.walk(tree) if isinstance(n, ast.stmt)]
    notes: list[str] = []
    done: set[int] = set()
    for node, why in skips:
        end = node.end_lineno or node.lineno
        inside = {id(n) for n in ast.walk(node)}
        shares = any(
            id(n) not in inside
            and id(n) not in skipped
            and node.lineno <= (n.end_lineno or n.lineno)
            and n.lineno <= end
            and id(node) not in {id(x) for x in ast.walk(n)}  # not an enclosing block
            for n in statements
        )
        if shares:
            continue
        notes.append(f"`{_short(original[node.lineno - 1][node.col_offset:])}` ({why})")
        for i in range(node.lineno, end + 1):
            if i in done:
                continue
            done.add(i)
            text = original[i - 1]
            if i == node.lineno and node.col_offset:
                lines[i - 1] = f"{text[: node.col_offset]}pass  # {text.strip()}"
            else:
                lines[i - 1] = f"# {text}" if text.strip() else ""
    return "\n".join(lines), notes


def _is_test_import(node: ast.stmt) -> bool:
    if isinstance(node, ast.Import):
        return all(TEST_MODULE.match(a.name.split(".")[0]) for a in node.names)
    if isinstance(node, ast.ImportFrom):
        return bool(node.module and TEST_MODULE.match(node.module.split(".")[0]))
    return False


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _names(tree: ast.Module) -> tuple[frozenset[str], frozenset[str]]:
    """Names a cell binds at top level (not inside functions, classes or lambdas), and
    names it reads (anywhere).

    One iterative walk: a deeply nested (hostile) tree cannot exhaust the stack, and
    a cell's tree is visited once (two walks were most of the time a notebook took)."""
    defines: set[str] = set()
    uses: set[str] = set()
    stack: list[tuple[ast.AST, bool]] = [(node, True) for node in tree.body]
    while stack:
        node, top = stack.pop()
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                uses.add(node.id)
            elif top and isinstance(node.ctx, ast.Store):
                defines.add(node.id)
            continue
        if top:
            if isinstance(node, _SCOPES):
                defines.add(node.name)
                top = False
            elif isinstance(node, ast.Lambda):
                top = False
            elif isinstance(node, ast.alias):
                defines.add((node.asname or node.name).split(".")[0])
        for child in ast.iter_child_nodes(node):
            stack.append((child, top))
    return frozenset(defines), frozenset(uses - _BUILTINS)


def _label(code: str) -> str:
    first = next((ln.strip() for ln in code.splitlines() if ln.strip()), "")
    # Shown in terminals and pages: no control characters (escape sequences).
    return "".join(ch for ch in first[:60] if ch.isprintable()) if first.startswith("#") else ""


def _load(text: str) -> list[Any]:
    """The notebook's ``cells`` list, after the checks that need no parsing."""
    if not isinstance(text, str):
        raise NotebookError("a notebook is text (JSON).")
    if len(text) > MAX_NOTEBOOK_CHARS:
        raise NotebookError(
            f"the notebook is {len(text) / 2**20:.1f} MiB; at most "
            f"{MAX_NOTEBOOK_CHARS // 2**20} MiB can be graded. Clear its outputs "
            "(Edit > Clear Outputs of All Cells), save it, and submit it again."
        )
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(
            f"the notebook is not valid JSON ({error}): was it saved completely? "
            "Open it in Jupyter and save it again."
        ) from None
    except RecursionError:
        raise NotebookError(
            "the notebook's JSON is nested far deeper than any notebook: it is not a "
            "Jupyter notebook we can read."
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
    if len(raw) > MAX_CELLS:
        raise NotebookError(
            f"the notebook has {len(raw):,} cells; at most {MAX_CELLS:,} can be graded."
        )
    return raw


def _check_size(number: int, code: str, total: int) -> None:
    """Refuse, before parsing, a cell or a notebook too large to read quickly."""
    if len(code) > MAX_CELL_CHARS:
        raise NotebookError(
            f"cell {number} holds {len(code):,} characters of code; a cell may hold at most "
            f"{MAX_CELL_CHARS:,}. Keep large data in a file rather than in the notebook."
        )
    lines = code.count("\n") + 1
    if lines > MAX_CELL_LINES:
        raise NotebookError(
            f"cell {number} has {lines:,} lines; a cell may have at most {MAX_CELL_LINES:,}."
        )
    if total > MAX_CODE_CHARS:
        raise NotebookError(
            f"the notebook holds more than {MAX_CODE_CHARS:,} characters of code; at most "
            f"{MAX_CODE_CHARS:,} can be graded."
        )


def _parse(code: str) -> tuple[ast.Module | None, str]:
    """The cell's tree, or ``None`` and why it cannot be read (never an exception:
    a hostile cell is reported like a typo)."""
    try:
        return ast.parse(code), ""
    except SyntaxError as error:
        return None, f"SyntaxError: {error.msg} (line {error.lineno})"
    except (RecursionError, MemoryError):
        return None, "the cell is nested too deeply to be read"
    except ValueError as error:  # NUL bytes on some Python versions
        return None, f"the cell cannot be read: {error}"


def read_cells(text: str) -> list[Cell]:
    """The notebook's code cells; raises :class:`NotebookError` with a clear message.

    Every cap is checked before the cell is parsed, so reading costs time linear in
    the notebook's size, bounded by ``MAX_CODE_CHARS`` (see the module's limits)."""
    raw = _load(text)
    cells = []
    total = 0
    # Names that cannot be used here: Colab's modules, IPython's hook, and what the
    # statements skipped for that reason would have bound (see _skip_elsewhere).
    tainted: dict[str, str] = {"get_ipython": "IPython only"}
    for number, cell in enumerate(raw, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        if len(cells) == MAX_CODE_CELLS:
            raise NotebookError(
                f"the notebook has more than {MAX_CODE_CELLS:,} code cells; at most "
                f"{MAX_CODE_CELLS:,} can be graded."
            )
        source = _cell_text(cell, number)
        total += len(source)
        _check_size(number, source, total)
        # A lone surrogate cannot be encoded for the parser or the sandbox; stored
        # submissions get the same replacement character.
        raw_code = _SURROGATES.sub("\ufffd", source)
        code, skipped = _strip_magics(raw_code)
        # The first line that is the learner's Python (not a magic turned comment).
        first = next(
            (
                line
                for line, was in zip(code.splitlines(), raw_code.splitlines(), strict=False)
                if line.strip() and not was.lstrip().startswith(("%", "!"))
            ),
            "",
        )
        graded = _is_graded_by_tag(cell, number) or bool(GRADED_COMMENT.match(first))
        tree, error = _parse(code)
        if tree is None:
            cells.append(
                Cell(number, code, graded, _label(first), syntax_error=error,
                     skipped=tuple(skipped))
            )
            continue
        elsewhere_code, elsewhere = _skip_elsewhere(code, tree, tainted)
        if elsewhere:
            elsewhere_tree, _ = _parse(elsewhere_code)
            if elsewhere_tree is not None:
                code, tree = elsewhere_code, elsewhere_tree
                skipped += elsewhere
        kept = ast.Module(body=[n for n in tree.body if not _is_test_import(n)], type_ignores=[])
        defines, uses = _names(kept)
        statements = [n for n in tree.body if not isinstance(n, ast.Pass)]
        imports_only = bool(statements) and all(
            isinstance(n, ast.Import | ast.ImportFrom) for n in statements
        )
        cells.append(
            Cell(number, code, graded, _label(first), defines, uses, "", imports_only, tree,
                 tuple(skipped))
        )
    if not cells:
        raise NotebookError("the notebook has no code cells: there is nothing to grade.")
    return cells


def _only_imports(cell: Cell) -> bool:
    return cell.imports_only


def _choose(cells: list[Cell], variables: tuple[str, ...]) -> tuple[list[Cell], list[str]]:
    """The cells to run: the graded ones, the import-only ones, and the ungraded cells
    that set a graded variable the graded cells do not (and, in turn, those that set
    what those read).

    A breadth-first search over names, each name and each cell visited once, so the
    choice is linear in the notebook's size (a search that rescanned every cell for
    every name took seconds on a crafted 52 KiB notebook)."""
    graded = [c for c in cells if c.graded]
    if not graded:
        return cells, [
            "no cell is marked as graded (tag 'graded' or a '# GRADED' first line): "
            "every code cell was run."
        ]
    chosen = {c.number for c in graded} | {c.number for c in cells if c.imports_only}
    bound: set[str] = set()
    for c in graded:
        bound |= c.defines
    defined: set[str] = set()  # names set by a cell already chosen
    for c in cells:
        if c.number in chosen:
            defined |= c.defines
    setters: dict[str, list[Cell]] = {}
    for c in cells:
        if c.number not in chosen and not c.syntax_error:
            for name in c.defines:
                setters.setdefault(name, []).append(c)
    extra: set[int] = set()
    expanded: set[str] = set()
    needed = {v for v in variables if v not in bound}
    while needed:
        expanded |= needed
        found = []
        for name in needed:
            for c in setters.get(name, ()):
                if c.number not in extra:
                    extra.add(c.number)
                    found.append(c)
        for c in found:
            defined |= c.defines
        # Name by name: a set difference with the (growing) sets would copy them
        # on every step and make the search quadratic again.
        needed = {
            name
            for c in found
            for name in c.uses
            if name not in bound and name not in defined and name not in expanded
        }
    everywhere: set[str] = set()
    for c in cells:
        everywhere |= c.defines
    missing = [v for v in variables if v not in bound and v in everywhere]
    notes = []
    if missing and extra:
        where = ", ".join(str(n) for n in sorted(extra))
        notes.append(
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} set outside the graded "
            f"cells, so cells {where} were run too."
        )
    return [c for c in cells if c.number in chosen or c.number in extra], notes


def build_program(text: str, variables: tuple[str, ...] = ()) -> NotebookProgram:
    """The program that grades a notebook: chosen cells, each in its own ``try``."""
    cells = read_cells(text)
    run, notes = _choose(cells, variables)
    out = PRELUDE.splitlines()
    lines: dict[int, tuple[Cell, int]] = {}
    for cell in run:
        if cell.skipped:
            notes.append(
                f"{cell.name()}: skipped what cannot run here: {'; '.join(cell.skipped)}. "
                "The rest of the cell ran."
            )
        if cell.syntax_error or cell.tree is None:
            continue
        tree = cell.tree
        code_lines = cell.code.splitlines()
        out.append("")
        out.append(f"# cell {cell.number}")
        if cell.imports_only:
            # each import on its own: a module we lack (a test helper) costs nothing
            for node in tree.body:
                if _is_test_import(node) or isinstance(node, ast.Pass):
                    continue
                out.append("try:")
                for i in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    lines[len(out) + 1] = (cell, i)
                    out.append("    " + code_lines[i - 1].strip())
                out.append("except ImportError:")
                out.append("    pass")
            continue
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
        origin = [c for c in program.cells if name.group(1) in c.defines and not program.ran(c)]
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
    # The record list lives in the learner's program, which can fill it at will: at
    # most one record per cell is read, and only that many records are looked at.
    records = failures[: 2 * len(program.cells)] if isinstance(failures, list) else []
    for record in records:
        if isinstance(record, list | tuple) and record and isinstance(record[0], int) \
                and record[0] in failed:
            continue
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
    ran = [c for c in holders if program.ran(c)]
    if not ran:
        return (
            f"{name} is defined in {holders[0].name()}, which is not graded: the grader "
            f"runs only graded cells: tag that cell 'graded' (or start it with "
            f"# GRADED FUNCTION: {name})."
        )
    return None


def grade_notebook(
    assignment: Assignment, text: str, *, sandbox: Sandbox | None = None, seed: int | None = None
) -> GradeReport:
    """Grade a notebook exactly as its graded cells would be graded in a ``.py``.

    Raises :class:`NotebookError` when the file is not a notebook we can read.
    """
    from mathforml.grading.assignments._versions import version_report

    if (older := version_report(assignment, text, notebook=True)) is not None:
        return older  # an older version of the course's assignment: explained, never run
    from mathforml.grading.assignments._grade import (
        _fail_all,
        _static_findings,
        build_cases,
        build_job,
        grading_in_progress,
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
    with grading_in_progress():
        cases = build_cases(assignment, seed)
        job = build_job(assignment, source, cases)
        job = replace(job, variables=(*job.variables, ERRORS_VARIABLE))
        result = (sandbox or default_sandbox()).run(job)
        report = judge_job(assignment, cases, result, source=source)
    failures = (result.variables or {}).get(ERRORS_VARIABLE, [])
    return explain(program, report, failures)
