"""Which version of the original course's assignment a file is, read before anything runs.

The original specialization changed its Course 1 assignments twice. A learner who
brings a finished 2023 (v1) or early-2024 notebook to ``mathforml grade`` would
otherwise see "forbidden" (v1 C1W2 asks for ``np.linalg.solve``) or a list of
functions "no cell defines": true, and useless. Instead the file is recognised here,
from its syntax only, and gets one clear report at once: which version it is, that
mathforml grades the current one, what changed, and how to get the current one.

The evidence is what the code *defines* (functions, classes and variables at top
level, in any code cell, tagged or not; markdown is ignored), the helper modules
it imports (``w3_tools`` existed only in v1), and the public tests it calls
(``w2_unittest.test_ref_to_diagonal(...)`` names a v1 exercise). A name distinctive
of the current version (``row_echelon_form``, ``T_stretch``, ``center_data``) always
wins: a current notebook with an extra helper named like an old function is graded
as current. A file that is another week's assignment altogether gets a message too.

Nothing here runs code: it reads text and syntax trees, and returns before any
sandbox is involved. The facts about each week's versions are declared by that
week's assignment spec (``Assignment.history``, in the week's folder); the
catalogue gives each assignment the course's others (``Assignment.others``), so a
file meant for another week is recognised too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mathforml.grading.assignments._grade import GradeReport
    from mathforml.grading.assignments._spec import Assignment

#: The report's outcome for an older version, and for another week's file.
OLDER_VERSION = "older-version"
OTHER_ASSIGNMENT = "other-assignment"


@dataclass(frozen=True)
class Version:
    """One older version of an assignment and how to tell it from the current one."""

    key: str  # "v1" | "early-2024"
    label: str  # as a learner reads it
    #: Defining (or calling the public test of) any one of these is evidence.
    names: frozenset[str]
    #: Importing any of these modules is evidence on its own.
    modules: frozenset[str] = frozenset()
    #: How many distinct names it takes (1 when each is unheard of in the current version).
    needs: int = 1
    #: (function, number of parameters) that only this version had: each is evidence.
    signatures: tuple[tuple[str, int], ...] = ()
    #: Names the current version mentions too (``utils.initialize_parameters``): still
    #: evidence when defined, but their mere presence is no reason to parse the file.
    common: frozenset[str] = frozenset()
    changes: str = ""


@dataclass(frozen=True)
class History:
    """What the original course's assignment of one week looks like, in its versions.

    Declared by the week's assignment spec (``Assignment.history``): facts about the
    course, kept with the week they describe."""

    #: Names only the current version defines: any one of them means "current".
    current: frozenset[str] = frozenset()
    older: tuple[Version, ...] = ()


def names(*words: str) -> frozenset[str]:
    """A set of names, as a :class:`History` or :class:`Version` declares them."""
    return frozenset(words)


_UNITTEST = re.compile(r"^w\d+_unittest$")
_TESTED = re.compile(r"^test_(\w+)$")
# Fallbacks for a .py file that does not parse: definitions and imports by their lines.
_DEF_LINE = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)", re.M)
_ASSIGN_LINE = re.compile(r"^([A-Za-z_]\w*)[ \t]*=(?!=)", re.M)
_IMPORT_LINE = re.compile(r"^[ \t]*(?:import|from)[ \t]+([A-Za-z_]\w*)", re.M)
_TESTED_CALL = re.compile(r"\bw\d+_unittest\.test_(\w+)")


@dataclass
class Evidence:
    """What a file defines, imports and tests, gathered from its code only."""

    defines: set[str]
    modules: set[str]
    tested: set[str]
    #: A top-level function's name -> its number of parameters (the last definition).
    arity: dict[str, int] = field(default_factory=dict)

    def mentions(self) -> set[str]:
        """Names the file defines, or whose public test it calls."""
        return self.defines | self.tested


def _gather(tree: ast.Module, into: Evidence) -> None:
    """Top-level definitions (also inside ``if``/``try``/``with``, never inside a
    function), imported modules, and ``wN_unittest.test_x`` calls anywhere."""
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            into.defines.add(node.name)
            if not isinstance(node, ast.ClassDef):
                args = node.args
                into.arity[node.name] = len(args.posonlyargs) + len(args.args)
            continue
        if isinstance(node, ast.Import):
            into.modules.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            into.modules.add(node.module.split(".")[0])
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        into.defines.add(name.id)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                stack.append(child)
            elif isinstance(child, ast.expr):
                _gather_tests(child, into)


def _gather_tests(expr: ast.expr, into: Evidence) -> None:
    for node in ast.walk(expr):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and _UNITTEST.match(node.value.id)
        ):
            tested = _TESTED.match(node.attr)
            if tested:
                into.tested.add(tested.group(1))


def _gather_text(code: str, into: Evidence) -> None:
    """The same evidence, by lines, from code that does not parse."""
    into.defines.update(_DEF_LINE.findall(code))
    into.defines.update(_ASSIGN_LINE.findall(code))
    into.modules.update(_IMPORT_LINE.findall(code))
    into.tested.update(_TESTED_CALL.findall(code))


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def source_evidence(source: str) -> Evidence:
    """Evidence from a ``.py`` file (a notebook exported as a script included)."""
    found = Evidence(set(), set(), set())
    tree = _parse(source)
    if tree is None:
        _gather_text(source, found)
    else:
        _gather(tree, found)
    return found


def notebook_evidence(text: str) -> Evidence:
    """Evidence from every code cell of a notebook, graded or not (markdown ignored).

    Cells are read by the grader's own reader (magics and shell lines dropped, the
    same size limits), so a notebook it cannot read raises the same
    :class:`~mathforml.grading.assignments.NotebookError` grading would."""
    from mathforml.grading.assignments._notebook import read_cells

    found = Evidence(set(), set(), set())
    for cell in read_cells(text):
        if cell.tree is None:
            _gather_text(cell.code, found)
        else:
            _gather(cell.tree, found)
    return found


def _words(history: History) -> set[str]:
    words = set(history.current)
    for version in history.older:
        words |= (version.names - version.common) | version.modules
    return words


def _mentioned(text: str, words: set[str]) -> bool:
    """Whether any of ``words`` occurs in ``text`` as a whole word (one regex scan)."""
    if not words:
        return False
    pattern = r"\b(?:" + "|".join(sorted(map(re.escape, words))) + r")\b"
    return re.search(pattern, text) is not None


@dataclass(frozen=True)
class Recognised:
    """An older version of the assignment asked for (``week`` is that one), or another
    week's assignment (``week`` is the other one and ``version`` may be ``None``)."""

    week: str
    version: Version | None
    evidence: tuple[str, ...]
    other: bool = False


def _older(week: str, history: History, found: Evidence) -> Recognised | None:
    mentions = found.mentions()
    if mentions & history.current:
        return None
    for version in history.older:
        names = sorted(mentions & version.names)
        modules = sorted(found.modules & version.modules)
        signatures = [
            f"{name} with {count} parameters"
            for name, count in version.signatures
            if found.arity.get(name) == count
        ]
        if modules or signatures or (names and len(names) >= version.needs):
            evidence = names + [f"import {m}" for m in modules] + signatures
            return Recognised(week, version, tuple(dict.fromkeys(evidence)))
    return None


def recognise(assignment: Assignment, text: str, *, notebook: bool = False) -> Recognised | None:
    """An older version of ``assignment``, or another of the course's assignments
    (``assignment.others``), or ``None``: grade it as usual.

    Cheap for the usual file: unless the text mentions an old version's names, or
    mentions none of this assignment's own names, nothing is parsed."""
    history = assignment.history
    own = {f.name for f in assignment.functions}
    suspicious = _mentioned(text, _words(history) - history.current)
    foreign = not _mentioned(text, set(history.current) | own)
    if not (suspicious or foreign):
        return None
    found = notebook_evidence(text) if notebook else source_evidence(text)
    older = _older(assignment.id, history, found)
    if older is not None or not foreign:
        return older
    if found.mentions() & (own | history.current):
        return None
    for other in assignment.others:
        if other.id == assignment.id:
            continue
        names = sorted(found.mentions() & other.history.current)
        if names:
            return Recognised(other.id, None, tuple(names), other=True)
        older = _older(other.id, other.history, found)
        if older is not None:
            return Recognised(other.id, older.version, older.evidence, other=True)
    return None


def _listing(names: tuple[str, ...], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "")


def message(assignment_id: str, found: Recognised, *, notebook: bool = True) -> str:
    """The one paragraph a learner reads (one line: the web shows it as prose)."""
    kind = "notebook" if notebook else "file"
    title = assignment_id.upper()
    if found.other:
        what = (
            f"{found.version.label} of the {found.week.upper()} assignment"
            if found.version is not None
            else f"the {found.week.upper()} assignment"
        )
        return (
            f"This {kind} looks like {what}, not {title} (it defines "
            f"{_listing(found.evidence)}), so it was not run. Grade it as {found.week}: "
            f"mathforml grade {found.week} <file>, or on the {found.week} assignment page."
        )
    version = found.version
    if version is None:  # not produced by recognise(): an older version has one
        return f"This {kind} is not the current {title} assignment, so it was not run."
    return (
        f"This {kind} is {version.label} of the original course's {title} assignment "
        f"(it has {_listing(found.evidence)}). mathforml grades the current version "
        f"(2024–2025), so it was not run and scores nothing. What changed: "
        f"{version.changes} To get the current assignment, run: "
        f"mathforml assignment start {assignment_id} --notebook "
        f"(or open the {assignment_id} assignment page), and bring your solutions across."
    )


def version_report(
    assignment: Assignment, text: str, *, notebook: bool = False
) -> GradeReport | None:
    """The report for an older version (or another week's file), at once; ``None`` for
    anything to grade as usual. Called first by ``grade`` and ``grade_notebook``."""
    from mathforml.grading.assignments._grade import GradeReport, TestReport

    found = recognise(assignment, text, notebook=notebook)
    if found is None:
        return None
    feedback = message(assignment.id, found, notebook=notebook)
    outcome = OTHER_ASSIGNMENT if found.other else OLDER_VERSION
    tests = [TestReport(g.name, False, 0, g.points, feedback) for g in assignment.groups]
    return GradeReport(assignment.id, 0, assignment.max_score, outcome, tests)
