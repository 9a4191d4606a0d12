"""What an assignment declares: functions, starter, hidden test groups, forbidden calls.

An assignment is data plus small generator and judge functions. Generators run in
the trusted parent and produce :class:`Case` values whose ``args`` (hidden inputs)
go to the sandbox and whose ``expected`` values never leave the parent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from mathforml.grading.assignments._versions import History

if TYPE_CHECKING:
    from mathforml.grading.sandbox import CallResult


#: ``Case.note`` of a case that uses the course's own data shape: a group that fails
#: only on other shapes says the code is tied to that shape (see ``shape_hint``).
ORIGINAL_SHAPE = "original-shape"


@dataclass(frozen=True)
class FunctionSpec:
    """A function the learner writes: its exact original name and signature."""

    name: str
    signature: str
    docstring: str


@dataclass(frozen=True)
class Case:
    """One hidden call: inputs for the child, the expected value for the parent.

    ``note`` carries a tag a group-level rule may use, e.g. ``"original-shape"``
    for the course's own data shape (see :func:`shape_hint`).
    """

    label: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """The parent's judgement of one case. ``note`` is shown even when it passed."""

    passed: bool
    feedback: str = ""
    note: str = ""


@dataclass(frozen=True)
class TestGroup:
    """A unit of partial credit: all of its cases pass, or it earns nothing.

    ``function`` is the learner function each case calls. A group with an empty
    ``function`` judges module-level ``variables`` instead: its judge receives a
    result whose value is ``{name: value}``.
    """

    __test__ = False  # not a pytest class

    name: str
    function: str
    points: int
    cases: Callable[[np.random.Generator], list[Case]]
    judge: Callable[[Case, CallResult], Verdict]
    variables: tuple[str, ...] = ()
    # (exception type, hint): teaching added when a case raises that exception
    error_hints: tuple[tuple[str, str], ...] = ()
    # Non-empty: this group asks for more than the original course did, and says what
    # (e.g. "the original gives reconstruct_image"). It never costs a course notebook a
    # point: see ``counted_when``. The report names the reason.
    optional: str = ""
    # When an optional group counts: "defined" (only when the learner's code defines
    # the function: a wrong one then costs its points) or "passed" (only when it passes:
    # the original's own template cannot pass it).
    counted_when: Literal["defined", "passed"] = "defined"


@dataclass(frozen=True)
class Forbidden:
    """A dotted name learners must not call here, and why."""

    name: str
    message: str


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    instructions: str
    functions: tuple[FunctionSpec, ...]
    starter: str
    groups: tuple[TestGroup, ...]
    reference: str  # the reference solution: used only by tests, never sent to a child
    forbidden: tuple[Forbidden, ...] = ()
    modules: dict[str, str] = field(default_factory=dict)
    variables: tuple[str, ...] = ()
    # adapts a submission before it runs, e.g. appends given helpers it lacks; called
    # as prepare(source) or prepare(source, tree) with the tree grade() already parsed
    prepare: Callable[..., str] | None = None
    # what a grading worker imports before the job (its children inherit it); other
    # imports in learner code load in the child, within the job's limits
    imports: tuple[str, ...] = ("numpy",)
    # Whether a failing hidden test shows its expected value (its input is always
    # shown), and why: the policy is stated in the instructions (see feedback_policy).
    shows_expected: bool = False
    expected_policy: str = ""
    # Helper modules the learner's starter imports (``{"utils": source}``), written
    # beside it; grading may offer seeded versions of them through ``modules``.
    learner_modules: dict[str, str] = field(default_factory=dict)
    # The original course's versions of this assignment, so an older one is explained
    # rather than graded (see ``_versions``).
    history: History = field(default_factory=History)
    # The course's other assignments, attached by the catalogue: a file meant for
    # another week gets a message naming it.
    others: tuple[Assignment, ...] = field(default=(), compare=False, repr=False)

    @property
    def max_score(self) -> int:
        return sum(g.points for g in self.groups)

    def function(self, name: str) -> FunctionSpec:
        for spec in self.functions:
            if spec.name == name:
                return spec
        raise KeyError(name)


def feedback_policy(shows_expected: bool, reason: str) -> str:
    """The instructions' paragraph stating what a failing hidden test shows, so a learner
    knows before grading whether to expect the right answer in feedback."""
    shown = (
        "the input it used and the expected result"
        if shows_expected
        else "the input it used, but not the expected result"
    )
    return f"\n**Feedback.** A failing hidden test shows {shown}: {reason}\n"
