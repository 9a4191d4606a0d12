"""The ``mathforml`` command: one subcommand per capability.

Commands that a script may call take ``--json`` and then print exactly one JSON
document on stdout. Errors a user can cause (an unknown week, a bad seed) print
one clear line on stderr and exit with status 2.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from mathforml import __version__
from mathforml.errors import MathformlError

app = typer.Typer(
    name="mathforml",
    help="Mathematics for Machine Learning and Data Science: lessons, practice, labs.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
LearnerOption = Annotated[
    str, typer.Option("--learner", help="Whose progress to use.", envvar="MATHFORML_LEARNER")
]


def fail(message: str, *, code: int = 2) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Show the version.")] = False,
) -> None:
    if version:
        console.print(f"mathforml {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        console.print(ctx.get_help())


@app.command()
def start(learner: LearnerOption = "local") -> None:
    """Open the course: pick a week, then read, practise or see your progress."""
    from mathforml.cli._home import home

    home(console, learner)


@app.command()
def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    browser: Annotated[bool, typer.Option(help="Open the course in your browser.")] = True,
    learner: LearnerOption = "local",
    accounts: Annotated[
        bool,
        typer.Option(
            help="Serve many learners: each registers and signs in with a password "
            "(for hosting a class; see the README)."
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes: one per core serves a class faster "
            "(rate limits then count per process).",
        ),
    ] = 1,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Mark cookies Secure even on plain http, behind a TLS proxy that does "
            "not say so (default: $MATHFORML_SECURE_COOKIES; https requests always get them).",
            show_default=False,
        ),
    ] = None,
    allowed_hosts: Annotated[
        str | None,
        typer.Option(
            "--allowed-hosts",
            help="Names learners' browsers use for this server, comma-separated "
            "(class.example.org, or name:port); other Host headers are refused. "
            "With --accounts and no list, any name is accepted (a proxy checks it).",
            show_default=False,
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Addresses of your reverse proxies, comma-separated (127.0.0.1, "
            "10.0.0.0/8): X-Forwarded-For/-Proto are believed only from them. "
            "Default: from nobody.",
            show_default=False,
        ),
    ] = None,
    allow_remote_single_user: Annotated[
        bool,
        typer.Option(
            "--allow-remote-single-user",
            help="Let one learner's course, without sign-in, listen on a network address "
            "(anyone who reaches it acts as you: prefer --accounts).",
        ),
    ] = False,
) -> None:
    """Serve the course in your browser (lessons, practice, assignments, progress), offline."""
    from mathforml.web import serve as serve_course

    hosts, proxies = _serve_checks(host, accounts, allowed_hosts, forwarded_allow_ips,
                                   allow_remote_single_user)
    console.print(f"mathforml is at [bold]http://{host}:{port}/[/] — press Ctrl+C to stop.")
    serve_course(
        host=host,
        port=port,
        open_browser=browser,
        learner=learner,
        accounts=accounts,
        secure_cookies=secure_cookies,
        workers=workers,
        allowed_hosts=hosts,
        forwarded_allow_ips=proxies,
    )


def _serve_checks(
    host: str,
    accounts: bool,
    allowed_hosts: str | None,
    forwarded_allow_ips: str | None,
    allow_remote: bool,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Refuse what would expose one learner's course to the network, and read the
    lists; returns ``(allowed hosts, trusted proxies)``.

    Without ``--accounts`` there is no sign-in: whoever reaches the port acts as the
    learner, submits code and reads their work. So a host other than loopback needs
    ``--accounts``, or ``--allow-remote-single-user`` and a loud warning."""
    import ipaddress

    from mathforml.web import is_loopback, parse_allowed_hosts

    if not accounts and not is_loopback(host):
        if not allow_remote:
            fail(
                f"--host {host} would let anyone who can reach this machine use your course "
                "as you, without signing in. Serve a class with --accounts, or keep the "
                "default --host 127.0.0.1 (or pass --allow-remote-single-user if you "
                "really mean it)."
            )
        err_console.print(
            f"[bold red]WARNING:[/] serving one learner's course WITHOUT SIGN-IN on {host}: "
            "anyone who can reach this address can submit code and read your work as you.",
            markup=True, soft_wrap=True,
        )
    try:
        hosts = parse_allowed_hosts(allowed_hosts)
    except ValueError as error:
        fail(f"--allowed-hosts: {error}")
    proxies: list[str] = []
    for item in (forwarded_allow_ips or "").replace(",", " ").split():
        if item != "*":
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                fail(f"--forwarded-allow-ips: {item!r} is not an address or a network "
                     "such as 127.0.0.1 or 10.0.0.0/8")
        proxies.append(item)
    if accounts and not hosts:
        err_console.print(
            "note: any Host name is accepted; list the names learners use with "
            "--allowed-hosts (see the README).", soft_wrap=True,
        )
    return hosts, tuple(proxies)


@app.command()
def courses(
    exercises: Annotated[bool, typer.Option(help="List every exercise id too.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """The catalogue: courses, weeks, and how much of each is ready."""
    from mathforml import curriculum

    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "title": c.title,
                    "weeks": [
                        {
                            "id": w.id,
                            "title": w.title,
                            "topics": list(w.topics),
                            "available": w.available,
                            "exercises": [
                                {"id": e.id, "title": e.title, "topic": e.topic}
                                for e in w.exercises
                            ],
                        }
                        for w in c.weeks
                    ],
                }
                for c in curriculum.catalogue()
            ]
        )
        return
    for course in curriculum.catalogue():
        table = Table(
            title=f"{course.id.upper()} · {course.title}",
            title_justify="left",
            expand=False,
            show_lines=False,
        )
        table.add_column("week", style="bold")
        table.add_column("title")
        table.add_column("topics")
        table.add_column("exercises", justify="right")
        for w in course.weeks:
            table.add_row(
                w.id,
                w.title,
                ", ".join(w.topics),
                str(len(w.exercises)) if w.available else "[dim]coming[/]",
            )
        console.print(table)
        if exercises:
            for w in course.weeks:
                for e in w.exercises:
                    console.print(f"  [cyan]{e.id}[/]  {e.title} [dim]({e.topic})[/]")
    console.print(
        "Read a lesson with [bold]mathforml learn c1w1[/]; "
        "practise with [bold]mathforml practice c1w1[/]."
    )


@app.command()
def learn(
    week: Annotated[str, typer.Argument(help="A week id such as c1w2.")],
    pager: Annotated[bool, typer.Option(help="Page long lessons (when on a terminal).")] = True,
) -> None:
    """Read a week's lesson in the terminal."""
    from mathforml import curriculum
    from mathforml.cli._render import markdown_with_math

    try:
        w = curriculum.week(week)
        text = w.lesson()
    except MathformlError as error:
        fail(str(error))
    rendered = markdown_with_math(text)
    if pager and console.is_terminal:
        with console.pager(styles=True):
            console.print(rendered)
    else:
        console.print(rendered)
    console.print(f"\nPractise this week: [bold]mathforml practice {w.id}[/]")


@app.command()
def show(
    exercise_id: Annotated[str, typer.Argument(help="An exercise id such as c1w2.rank-of-matrix.")],
    seed: Annotated[int, typer.Option(min=0, help="The variant's seed.")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """A variant's prompt, answer kind, answer and worked solution."""
    from mathforml import curriculum
    from mathforml.cli._practice import show_options
    from mathforml.cli._render import markdown_with_math
    from mathforml.engine import generate_params, make_variant

    try:
        ex = curriculum.exercise(exercise_id)
        variant = make_variant(ex, seed)
    except (MathformlError, ValueError) as error:
        fail(str(error))
    params = generate_params(ex, seed)
    kind = ex.kind(params)
    expected = kind.normalize(ex.answer(params))
    if as_json:
        emit_json(
            {
                **variant.to_json(),
                "answer": kind.text(expected),
                "answer_latex": kind.latex(expected),
                "solution": ex.solution(params),
            }
        )
        return
    console.rule(f"[bold]{ex.title}[/]  [dim]{ex.id} · seed {seed}[/]")
    console.print(markdown_with_math(variant.prompt))
    show_options(console, variant.options)
    console.print(f"[dim]{variant.help}[/]")
    console.rule("worked solution")
    console.print(markdown_with_math(ex.solution(params)))
    console.print(f"Answer: [bold]{kind.text(expected)}[/]")


@app.command()
def check(
    exercise_id: Annotated[str, typer.Argument(help="An exercise id such as c1w2.rank-of-matrix.")],
    answer: Annotated[str, typer.Option(help="The answer, as a learner would type it.")],
    seed: Annotated[int, typer.Option(min=0, help="The variant's seed.")] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Grade one answer to one variant (exit status 0 correct, 1 otherwise)."""
    from mathforml import curriculum
    from mathforml.cli._practice import show_result
    from mathforml.engine import check_answer

    try:
        ex = curriculum.exercise(exercise_id)
    except MathformlError as error:
        fail(str(error))
    started = time.perf_counter()
    result = check_answer(ex, seed, answer)
    elapsed = 1000 * (time.perf_counter() - started)
    if as_json:
        emit_json({**result.to_json(), "elapsed_ms": round(elapsed, 3)})
    else:
        show_result(console, result, raw=answer, reveal=True)
    raise typer.Exit(0 if result.correct else 1)


@app.command()
def practice(
    week: Annotated[str, typer.Argument(help="A week id such as c1w2.")],
    learner: LearnerOption = "local",
    exercise: Annotated[str | None, typer.Option(help="Practise only this exercise id.")] = None,
) -> None:
    """Practise a week interactively: a variant, your answer, feedback, the solution, the next."""
    from mathforml import curriculum
    from mathforml.cli._practice import PracticeSession
    from mathforml.store import Store

    try:
        w = curriculum.week(week)
        exercises = [w.exercise(exercise)] if exercise else list(w.exercises)
    except MathformlError as error:
        fail(str(error))
    if not exercises:
        fail(f"week {w.id} has no exercises yet")
    with Store.from_env() as store:
        PracticeSession(console, store, learner, w, exercises).run()


@app.command()
def progress(learner: LearnerOption = "local", as_json: JsonFlag = False) -> None:
    """Attempts, accuracy and mastery per week and topic, and what to review."""
    from mathforml.cli._progress import progress_command

    progress_command(console, learner, as_json=as_json)


@app.command()
def lint(
    samples: Annotated[int, typer.Option(min=1, help="Variants sampled per exercise.")] = 200,
    week: Annotated[str | None, typer.Option(help="Only this week.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Sample many variants of every exercise and prove every answer key."""
    from mathforml.cli._lint import lint_command

    lint_command(console, samples=samples, week_id=week, as_json=as_json)


assignment_app = typer.Typer(
    help="Programming assignments: get the starter file.", no_args_is_help=True
)
app.add_typer(assignment_app, name="assignment")


@assignment_app.command("start")
def assignment_start(
    assignment_id: Annotated[str, typer.Argument(help="An assignment id such as c1w2.")],
    folder: Annotated[
        Path | None, typer.Option("--dir", help="Where to write it (default: here).")
    ] = None,
    notebook: Annotated[
        bool, typer.Option("--notebook", help="Write a Jupyter notebook (.ipynb) instead.")
    ] = False,
) -> None:
    """Write the assignment's starter file (never overwriting your work)."""
    from mathforml.cli._assignment import assignment_start as start_assignment

    start_assignment(console, assignment_id, folder, notebook=notebook)


@app.command()
def grade(
    assignment_id: Annotated[str, typer.Argument(help="An assignment id such as c1w2.")],
    file: Annotated[Path, typer.Argument(help="Your .py file (or .ipynb notebook).")],
    as_json: JsonFlag = False,
) -> None:
    """Grade your solution in the sandbox: each test's verdict and feedback, and the score.

    Exit status 0 when every test passes, 1 otherwise.
    """
    from mathforml.cli._assignment import grade_command

    report = grade_command(console, assignment_id, file, as_json)
    raise typer.Exit(0 if report.score == report.max_score else 1)


@app.command()
def lab(
    week: Annotated[str, typer.Argument(help="A week id such as c1w2.")],
    reset: Annotated[
        bool,
        typer.Option(help="Restore fresh copies; your current folder is kept as a backup."),
    ] = False,
    browser: Annotated[bool, typer.Option(help="Open JupyterLab in your browser.")] = True,
    port: Annotated[int, typer.Option(min=0, max=65535, help="0 picks a free port.")] = 0,
) -> None:
    """Open the week's lab (and assignment) notebooks in JupyterLab, in your own folder."""
    from mathforml.cli._lab import lab_command

    lab_command(console, week, reset=reset, browser=browser, port=port)


@app.command()
def doctor(as_json: JsonFlag = False) -> None:
    """What is installed, where progress is kept, and which sandbox protections are active."""
    from mathforml.cli._doctor import doctor_command

    doctor_command(console, as_json=as_json)


def main() -> None:
    app()
