"""``mathforml practice``: the interactive loop in a terminal.

One variant at a time: the learner answers, gets feedback that names the mistake,
may try again on the same variant, and sees the worked solution once they get it
right or ask for it (``s``). Then the next exercise comes, with a fresh variant.
Unreadable input is explained and costs nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence

from rich.console import Console
from rich.panel import Panel

from mathforml.cli._render import markdown_with_math, math_text
from mathforml.curriculum import Week
from mathforml.engine import CheckResult, Exercise, check_answer, make_variant, variant_seed
from mathforml.progress import least_solved

COMMANDS = (
    "[bold]?[/] how to type  ·  [bold]s[/] show the solution  ·  "
    "[bold]n[/] skip  ·  [bold]q[/] quit"
)


def show_result(console: Console, result: CheckResult, *, raw: str, reveal: bool) -> None:
    """Print a check's verdict, feedback and (when ``reveal``) the worked solution."""
    if result.status == "invalid":
        console.print("[bold yellow]I could not read that answer.[/]")
        for f in result.feedback:
            console.print(markdown_with_math(f.message))
        if result.pointer:
            console.print(result.pointer, markup=False, highlight=False)
        console.print("[dim]Unreadable answers do not count as attempts.[/]")
        return
    if result.understood_latex:
        console.print("[dim]Your answer, as I read it:[/]")
        console.print("  " + math_text(result.understood_latex).replace("\n", "\n  "),
                      markup=False)
    if result.correct:
        console.print("[bold green]✓ Correct.[/]")
    else:
        console.print("[bold red]✗ Not yet.[/]")
    for f in result.feedback:
        console.print(markdown_with_math(f.message))
    if reveal:
        show_solution(console, result.solution, result.expected_text)


def show_options(console: Console, options: Sequence[str]) -> None:
    """List a multiple choice's options with the letters that select them."""
    for i, text in enumerate(options):
        console.print(f"  [bold]{chr(ord('a') + i)})[/] ", end="")
        console.print(markdown_with_math(text))


def show_solution(console: Console, solution: str, expected_text: str) -> None:
    console.print(Panel(markdown_with_math(solution), title="worked solution",
                        title_align="left", border_style="cyan"))
    console.print(f"Answer: [bold]{expected_text}[/]", highlight=False)


class PracticeSession:
    """A practice loop over ``exercises`` of ``week`` for one learner."""

    def __init__(
        self,
        console: Console,
        store,
        learner_name: str,
        week: Week,
        exercises: Sequence[Exercise],
        *,
        ask: Callable[[str], str] | None = None,
    ) -> None:
        self.console = console
        self.store = store
        self.learner = store.learner(learner_name)
        self.learner_name = learner_name
        self.week = week
        self.exercises = list(exercises)
        self.ask = ask or (lambda prompt: console.input(prompt))
        self.tally: Counter[str] = Counter()
        self.last: Exercise | None = None

    def run(self) -> None:
        self.console.rule(f"[bold]{self.week.id} · {self.week.title}[/] — practice")
        self.console.print("Type your answer and press Enter.  " + COMMANDS)
        try:
            while self.practise(self.next_exercise()):
                pass
        except (EOFError, KeyboardInterrupt):
            self.console.print()
        done, right = self.tally["finished"], self.tally["correct"]
        self.console.print(
            f"Session over: {right} of {done} exercises answered correctly. "
            "See [bold]mathforml progress[/] for your mastery and what to review."
        )

    def next_exercise(self) -> Exercise:
        """The exercise this learner has solved least often; ties go in teaching order,
        and the one just practised waits its turn."""
        attempts = self.store.attempts(self.learner, week_id=self.week.id)
        ids = [e.id for e in self.exercises]
        chosen = least_solved(ids, attempts, not_this=self.last.id if self.last else None)
        self.last = self.exercises[ids.index(chosen)]
        return self.last

    def practise(self, exercise: Exercise) -> bool:
        """Run one variant to its end. Returns False when the learner quits."""
        number = self.store.variant_number(self.learner, exercise.id)
        seed = variant_seed(exercise.id, self.learner_name, number)
        variant = make_variant(exercise, seed)
        self.console.print()
        self.console.rule(
            f"[bold]{exercise.title}[/]  "
            f"[dim]{exercise.id} · variant {number + 1} · seed {seed}[/]",
            align="left",
        )
        self.console.print(markdown_with_math(variant.prompt))
        show_options(self.console, variant.options)
        while True:
            raw = self.ask("[bold cyan]answer>[/] ").strip()
            command = raw.lower()
            if command in ("q", "quit", "exit"):
                return False
            if command in ("?", "help"):
                self.console.print(markdown_with_math(variant.help))
                self.console.print(COMMANDS)
                continue
            if command in ("n", "next", "skip"):
                return True
            if command in ("s", "solution", "show"):
                self._record(exercise, seed, number, raw, "revealed", (), 0.0)
                show_solution(self.console, exercise.solution(variant.params),
                              self._expected_text(exercise, variant.params))
                self.tally["finished"] += 1
                return True
            if not raw:
                continue
            started = time.perf_counter()
            result = check_answer(exercise, seed, raw)
            elapsed = 1000 * (time.perf_counter() - started)
            self._record(exercise, seed, number, raw, result.status,
                         tuple(f.code for f in result.feedback), elapsed)
            show_result(self.console, result, raw=raw, reveal=result.correct)
            if result.correct:
                self.tally["finished"] += 1
                self.tally["correct"] += 1
                return True
            if result.status == "incorrect":
                self.console.print("[dim]Try again, or type [bold]s[/] for the worked solution.[/]")

    @staticmethod
    def _expected_text(exercise: Exercise, params) -> str:
        kind = exercise.kind(params)
        return kind.text(kind.normalize(exercise.answer(params)))

    def _record(self, exercise, seed, number, raw, status, codes, elapsed) -> None:
        self.store.record_attempt(
            self.learner,
            exercise_id=exercise.id,
            week_id=self.week.id,
            seed=seed,
            variant_number=number,
            answer_raw=raw,
            status=status,
            feedback_codes=list(codes),
            elapsed_ms=elapsed,
        )
