"""``mathforml lab WEEK``: the week's notebooks in a workspace folder, opened in JupyterLab."""

from __future__ import annotations

import webbrowser
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console


def lab_command(
    console: Console, week: str, *, reset: bool = False, browser: bool = True, port: int = 0
) -> None:
    """Prepare the week's workspace, start JupyterLab there, and wait until Ctrl+C."""
    from mathforml.cli import fail
    from mathforml.errors import MathformlError
    from mathforml.labs import LabStartError, prepare, start_lab

    try:
        ws = prepare(week.strip().lower(), reset=reset)
    except MathformlError as error:
        fail(str(error))
    if ws.backup is not None:
        console.print(Text(f"Your previous copy is kept in {ws.backup}"))
    for path in ws.written:
        console.print(Text.assemble(("Wrote ", ""), (path.name, "bold"), (f" in {ws.path}", "")))
    for path in ws.kept:
        console.print(
            Text(
                f"Kept your edited {path.name} (mathforml lab {week} --reset gives a fresh copy "
                "and keeps this one as a backup)."
            )
        )
    try:
        server = start_lab(ws.path, port=port or None)
    except LabStartError as error:
        fail(str(error))
    notebook = ws.notebooks[0].name if ws.notebooks else None
    # The token stays out of this output, which may be piped into a log: the browser
    # gets it from a page only the learner can read.
    opener = server.browser_page(notebook)
    console.print(Text.assemble(("JupyterLab is at ", ""), (server.public_url(notebook), "bold")),
                  soft_wrap=True)
    console.print(Text(f"To open it signed in, open {opener.as_uri()} in your browser; "
                       f"its token is in {server.token_file} (readable only by you)."),
                  soft_wrap=True)
    console.print("Press Ctrl+C to stop it (save your notebooks first).")
    if browser:
        webbrowser.open(opener.as_uri())
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
