"""Markdown with LaTeX, made readable in a terminal with Rich."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.padding import Padding
from rich.text import Text

from mathforml.cli._latex_text import inline_math_to_text, latex_to_text, split_display_math

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")


def markdown_with_math(markdown: str) -> RenderableType:
    """Display math becomes an indented text block, inline math one-line text,
    and figures (which a terminal cannot draw) their caption."""
    parts: list[RenderableType] = []
    for kind, chunk in split_display_math(markdown):
        if kind == "math":
            parts.append(Padding(Text(latex_to_text(chunk), style="bold cyan"), (0, 0, 1, 4)))
        else:
            chunk = _IMAGE.sub(lambda m: f"*[figure: {m.group(1)}]*", chunk)
            parts.append(Markdown(inline_math_to_text(chunk)))
    return Group(*parts)


def math_text(latex: str | None) -> str:
    """A LaTeX fragment as terminal text (empty for ``None``)."""
    return latex_to_text(latex) if latex else ""
