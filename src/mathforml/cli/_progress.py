"""``mathforml progress``: a learner's mastery per week and topic, and what to review."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from mathforml import curriculum
from mathforml.progress import ProgressReport, summarize


def build_report(store, learner_name: str) -> ProgressReport:
    """Summarize the learner's attempts over the weeks that have content."""
    topic_of, outline = curriculum.topic_outline()
    learner = store.learner(learner_name)
    return summarize(store.attempts(learner), topic_of, week_topics=outline)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _bar(value: float, width: int = 10) -> str:
    filled = round(value * width)
    return "█" * filled + "░" * (width - filled)


def progress_command(console: Console, learner_name: str, *, as_json: bool) -> None:
    from mathforml.cli import emit_json
    from mathforml.store import Store

    with Store.from_env() as store:
        report = build_report(store, learner_name)
    if as_json:
        emit_json({"learner": learner_name, **report.to_json()})
        return
    titles = {w.id: w.title for w in curriculum.weeks()}
    for week in report.weeks:
        table = Table(title=f"{week.week_id} · {titles.get(week.week_id, '')}",
                      title_justify="left", caption_justify="left",
                      caption=f"week mastery {_bar(week.mastery)} {_percent(week.mastery)}")
        table.add_column("topic")
        table.add_column("answers", justify="right")
        table.add_column("accuracy", justify="right")
        table.add_column("mastery")
        table.add_column("next review")
        for t in week.topics:
            due = t.due.strftime("%Y-%m-%d %H:%M") if t.due else "[dim]not practised[/]"
            table.add_row(t.topic, str(t.attempts), _percent(t.accuracy),
                          f"{_bar(t.mastery)} {_percent(t.mastery)}", due)
        console.print(table)
    if report.review:
        console.print("[bold]To review now:[/]")
        for item in report.review[:10]:
            console.print(f"  • {item.week_id} {item.topic} — {', '.join(item.reasons)} "
                          f"(mastery {_percent(item.mastery)}): "
                          f"[bold]mathforml practice {item.week_id}[/]")
    else:
        console.print("Nothing is due for review. Keep going with the next week's practice.")
