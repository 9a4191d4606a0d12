"""Self-check questions in a notebook: the engine's exercises, one fixed variant each.

``question(id)`` shows the prompt of a deterministic variant (``LAB_SEED``), so
every learner and every run of the lab sees the same numbers; ``check(id, answer)``
grades against that same variant with the engine's own ``check_answer``, so the
feedback is the browser's, word for word. An answer may be text, typed as in the
browser (``"[1, 2; 3, 4]"``), or a Python value: a number, a list or a NumPy array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The variant every lab shows; a learner may ask for another with ``seed=``.
LAB_SEED = 2024

NO_ANSWER = "no-answer"

_shown: dict[str, int] = {}


def _exercise(exercise_id: str) -> Any:
    from mathforml import curriculum

    return curriculum.exercise(exercise_id)


def _as_text(answer: Any) -> str:
    """A Python value as a learner would type it."""
    if isinstance(answer, str):
        return answer
    if hasattr(answer, "tolist"):  # NumPy arrays and scalars
        answer = answer.tolist()
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, float):
        return repr(answer)
    if isinstance(answer, list | tuple):
        if answer and all(isinstance(row, list | tuple) for row in answer):
            return "[" + "; ".join(", ".join(_as_text(x) for x in row) for row in answer) + "]"
        return "[" + ", ".join(_as_text(x) for x in answer) + "]"
    if isinstance(answer, set | frozenset):
        return "{" + ", ".join(_as_text(x) for x in sorted(answer, key=repr)) + "}"
    return str(answer)


@dataclass(frozen=True)
class Question:
    """A variant's prompt, shown as Markdown with LaTeX in Jupyter and as text elsewhere."""

    exercise_id: str
    seed: int
    title: str
    prompt: str
    options: tuple[str, ...]
    help: str

    def markdown(self) -> str:
        lines = [f"**{self.title}** · `{self.exercise_id}`", "", self.prompt]
        if self.options:
            lines.append("")
            lines += [f"- ({chr(97 + i)}) {o}" for i, o in enumerate(self.options)]
        lines += ["", f'*{self.help}* Answer with `check("{self.exercise_id}", ...)`.']
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return self.markdown()


@dataclass(frozen=True)
class Checked:
    """The engine's verdict on one answer, displayed as the browser shows it."""

    result: Any  # engine.CheckResult
    answer_text: str

    @property
    def correct(self) -> bool:
        return bool(self.result.correct)

    @property
    def status(self) -> str:
        return str(self.result.status)

    @property
    def answered(self) -> bool:
        return not any(f.code == NO_ANSWER for f in self.result.feedback)

    def markdown(self) -> str:
        r = self.result
        if not self.answered:
            return f"✏️ {r.feedback[0].message}"
        head = {
            "correct": "✅ **Correct.**",
            "incorrect": "❌ **Not yet.**",
            "invalid": "⚠️ **That answer could not be read** (it does not count as an attempt).",
        }[r.status]
        lines = [head]
        if r.understood_latex:
            lines.append(f"Read as: ${r.understood_latex}$")
        lines += [f"- {f.message}" for f in r.feedback]
        if r.pointer:
            lines.append(f"```\n{r.pointer}\n```")
        if r.status == "correct" and r.solution:
            lines += ["<details><summary>Worked solution</summary>", r.solution, "</details>"]
        return "\n\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        text = {"correct": "Correct.", "incorrect": "Not yet.", "invalid": "Unreadable answer."}
        if not self.answered:
            return "No answer yet: " + self.result.feedback[0].message
        lines = [text[self.result.status]] + [f"- {f.message}" for f in self.result.feedback]
        return "\n".join(lines)


def question(exercise_id: str, *, seed: int | None = None) -> Question:
    """Show a fixed variant of an exercise; ``check`` then grades answers to it."""
    from mathforml.engine import make_variant

    ex = _exercise(exercise_id)
    chosen = LAB_SEED if seed is None else int(seed)
    variant = make_variant(ex, chosen)
    _shown[ex.id] = chosen
    return Question(ex.id, chosen, ex.title, variant.prompt, tuple(variant.options), variant.help)


def check(exercise_id: str, answer: Any, *, seed: int | None = None) -> Checked:
    """Grade ``answer`` to the variant ``question`` showed (or ``seed``), as the browser does.

    >>> check("c1w2.rank-of-matrix", 2).status in {"correct", "incorrect"}   # doctest: +SKIP
    True
    """
    from mathforml.engine import CheckResult, Feedback, check_answer

    ex = _exercise(exercise_id)
    chosen = int(seed if seed is not None else _shown.get(ex.id, LAB_SEED))
    if answer is None:  # the lab's placeholder: not an attempt, just a reminder
        message = "no answer yet: replace None with your answer, then run the cell again."
        return Checked(CheckResult(ex.id, chosen, "invalid", (Feedback(NO_ANSWER, message),)), "")
    text = _as_text(answer)
    return Checked(check_answer(ex, chosen, text), text)


def expected_answer(exercise_id: str, *, seed: int | None = None) -> str:
    """The answer key of the lab's variant, as text (for tests and authors)."""
    from mathforml.engine import generate_params

    ex = _exercise(exercise_id)
    params = generate_params(ex, LAB_SEED if seed is None else seed)
    kind = ex.kind(params)
    return kind.text(kind.normalize(ex.answer(params)))
