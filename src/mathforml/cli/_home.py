"""``mathforml start``: the course's front door in a terminal.

A learner who knows no subcommand picks a week from the catalogue and then reads
its lesson, practises, or looks at their progress, all from one menu.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from mathforml import curriculum
from mathforml.cli._render import markdown_with_math


def home(console: Console, learner: str, *, ask: Callable[[str], str] | None = None) -> None:
    ask = ask or (lambda prompt: console.input(prompt))
    available = [w for w in curriculum.weeks() if w.available]
    console.rule("[bold]mathforml[/] · Mathematics for Machine Learning and Data Science")
    try:
        while True:
            table = Table(show_header=True, box=None, padding=(0, 2))
            table.add_column("#", justify="right", style="bold")
            table.add_column("week")
            table.add_column("title")
            for i, w in enumerate(available, start=1):
                table.add_row(str(i), w.id, w.title)
            console.print(table)
            others = [w.id for w in curriculum.weeks() if not w.available]
            if others:
                console.print(f"[dim]Still being written: {', '.join(others)}.[/]")
            choice = ask("Pick a week by number or id ([bold]q[/] to quit): ").strip().lower()
            if choice in ("q", "quit", "exit"):
                return
            week = _pick(available, choice)
            if week is None:
                console.print(f"[yellow]There is no week {choice!r} to pick.[/]")
                continue
            if not _week_menu(console, learner, week, ask):
                return
    except (EOFError, KeyboardInterrupt):
        console.print()


def _pick(weeks: list[curriculum.Week], choice: str) -> curriculum.Week | None:
    if choice.isdigit() and 1 <= int(choice) <= len(weeks):
        return weeks[int(choice) - 1]
    return next((w for w in weeks if w.id == choice), None)


def _week_menu(console: Console, learner: str, week: curriculum.Week, ask) -> bool:
    """Returns False when the learner wants to leave altogether."""
    from mathforml.cli._practice import PracticeSession
    from mathforml.cli._progress import progress_command
    from mathforml.store import Store

    while True:
        console.rule(f"[bold]{week.id} · {week.title}[/]")
        choice = ask(
            "[bold]l[/] lesson · [bold]p[/] practice · [bold]g[/] progress · "
            "[bold]w[/] another week · [bold]q[/] quit: "
        ).strip().lower()
        if choice == "l":
            rendered = markdown_with_math(week.lesson())
            if console.is_terminal:
                with console.pager(styles=True):
                    console.print(rendered)
            else:
                console.print(rendered)
        elif choice == "p":
            with Store.from_env() as store:
                PracticeSession(console, store, learner, week, week.exercises, ask=ask).run()
        elif choice == "g":
            progress_command(console, learner, as_json=False)
        elif choice == "w":
            return True
        elif choice in ("q", "quit", "exit"):
            return False
