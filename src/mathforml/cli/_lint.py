"""``mathforml lint``: prove every exercise's answer key over many variants."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from mathforml import curriculum
from mathforml.engine import LintReport, lint_exercise


def lint_command(console: Console, *, samples: int, week_id: str | None, as_json: bool) -> None:
    from mathforml.cli import emit_json, fail
    from mathforml.errors import MathformlError

    try:
        exercises = (
            curriculum.week(week_id).exercises if week_id else curriculum.all_exercises()
        )
    except MathformlError as error:
        fail(str(error))
    reports: list[LintReport] = []
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True, disable=as_json or not console.is_terminal,
    ) as bar:
        task = bar.add_task("linting", total=len(exercises))
        for ex in exercises:
            bar.update(task, description=ex.id)
            reports.append(lint_exercise(ex, samples=samples))
            bar.advance(task)
    failed = [r for r in reports if not r.ok]
    if as_json:
        from mathforml.cli import emit_json

        emit_json({
            "ok": not failed,
            "exercises": len(reports),
            "samples": samples,
            "reports": [
                {
                    "id": r.exercise_id,
                    "ok": r.ok,
                    "samples": r.samples,
                    "problems": r.problems,
                    "misconceptions": dict(r.misconception_hits),
                    "slowest_check_ms": round(r.slowest_check_ms, 2),
                }
                for r in reports
            ],
        })
    else:
        table = Table(title=f"lint: {samples} variants per exercise", title_justify="left")
        table.add_column("exercise")
        table.add_column("result")
        table.add_column("misconceptions seen", justify="right")
        table.add_column("slowest check", justify="right")
        for r in reports:
            hits = ", ".join(f"{k} {v}" for k, v in sorted(r.misconception_hits.items()))
            table.add_row(r.exercise_id, "[green]ok[/]" if r.ok else "[bold red]FAIL[/]",
                          hits or "-", f"{r.slowest_check_ms:.1f} ms")
        console.print(table)
        for r in failed:
            console.print(f"[bold red]{r.exercise_id}[/]")
            for problem in r.problems:
                console.print(f"  - {problem}", markup=False)
        verdict = "[green]all answer keys verified[/]" if not failed else (
            f"[bold red]{len(failed)} of {len(reports)} exercises failed[/]")
        console.print(f"{len(reports)} exercises, {samples} variants each: {verdict}")
    if failed:
        raise typer.Exit(1)
