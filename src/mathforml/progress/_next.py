"""Which exercise of a week to practise next."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from mathforml.progress._report import AttemptLike


def least_solved(
    exercise_ids: Sequence[str], attempts: Iterable[AttemptLike], *, not_this: str | None = None
) -> str:
    """The exercise solved correctly least often, ties in teaching order (the order of
    ``exercise_ids``), so practice walks the week evenly. ``not_this`` (the one just
    practised) waits its turn unless it is the only one.

    >>> from types import SimpleNamespace as A
    >>> least_solved(["a", "b"], [A(exercise_id="a", status="correct")])
    'b'
    """
    if not exercise_ids:
        raise ValueError("no exercises to choose from")
    solved = Counter(a.exercise_id for a in attempts if a.status == "correct")
    candidates = [e for e in exercise_ids if e != not_this] or list(exercise_ids)
    return min(candidates, key=lambda e: (solved[e], exercise_ids.index(e)))
