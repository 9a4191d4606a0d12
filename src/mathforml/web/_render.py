"""Server-side rendering of lessons, prompts, solutions and feedback: Markdown with math to HTML.

Markdown is CommonMark plus tables (markdown-it-py); raw HTML in the source is escaped, never
passed through, because feedback may quote what a learner typed. ``$…$`` becomes inline MathML and
``$$…$$`` block MathML (``display="block"``), converted on the server by latex2mathml and cleaned in
:mod:`mathforml.web._mathml`, so the browser needs no script and no font download to show a formula.
Figures ``![alt](figures/x.svg)`` point at ``/static-week/{week_id}/figures/x.svg``; any other image
source is dropped (its alt text stays), so a learner cannot make the page fetch a URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from html import escape
from importlib import resources

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup
from mdit_py_plugins.dollarmath import dollarmath_plugin

from mathforml.web._mathml import BAR_CLASS, latex_to_mathml

__all__ = ["MATH_CSS", "figure_url", "render_latex", "render_markdown"]

MATH_CSS = f"""\
math {{ font-family: math, "STIX Two Math", "Cambria Math", "Latin Modern Math",
  "DejaVu Math TeX Gyre", serif; font-size: 1.1em; }}
.math-display {{ display: block; overflow-x: auto; overflow-y: hidden; margin: 1em 0;
  padding: 0.1em 0; max-width: 100%; }}
.math-display > math {{ margin: 0 auto; }}
.math-inline-wide {{ display: inline-block; max-width: 100%; overflow-x: auto; overflow-y: hidden;
  vertical-align: middle; }}
math mtd {{ padding: 0.15em 0.5em; }}
math mtd.{BAR_CLASS} {{ border-left: 1px solid currentColor; }}
math mtd.{BAR_CLASS}.mf-bar-dashed {{ border-left-style: dashed; }}
math mtd[columnalign="right"] {{ text-align: right; }}
math mtd[columnalign="left"] {{ text-align: left; }}
.math-error {{ font-family: ui-monospace, monospace; white-space: pre-wrap; }}
.md-figure {{ display: block; max-width: 100%; height: auto; margin: 1em auto; }}
.md-table-wrap {{ overflow-x: auto; }}
"""
"""CSS the pages include for rendered math: a math font stack, scrolling display math on narrow
screens, matrix cell spacing and the augmented-matrix bar (MathML Core ignores ``columnlines``)."""

_FIGURE = re.compile(r"figures/([a-z0-9_-]+\.svg)")
_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')


def figure_url(week_id: str, name: str) -> str:
    """The URL under which the app serves a week's figure ``name`` (``x.svg``)."""
    return f"/static-week/{week_id}/figures/{name}"


@lru_cache(maxsize=256)
def _figure_size(week_id: str, name: str) -> tuple[str, str] | None:
    """A week's SVG figure's intrinsic size (from its viewBox), so the page does not jump."""
    from mathforml import curriculum

    try:
        package = curriculum.week(week_id).package
        if package is None:
            return None
        head = resources.files(package).joinpath("figures", name).read_text(encoding="utf-8")[:2000]
    except Exception:  # unknown week, missing file: the image still renders, just unsized
        return None
    match = _VIEWBOX.search(head)
    if match is None:
        return None
    return match.group(1), match.group(2)


#: Inline formulas longer than this (in LaTeX source) may be wider than a phone: they
#: get a wrapper that scrolls sideways instead of pushing the page wider.
WIDE_INLINE_CHARS = 30


def _render_inline_math(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    latex = tokens[idx].content
    markup = latex_to_mathml(latex, False)
    if len(latex) > WIDE_INLINE_CHARS:
        return f'<span class="math-inline-wide">{markup}</span>'
    return markup


def _render_inline_display_math(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # $$…$$ inside a paragraph: a span (a div may not sit in a <p>) styled as a block.
    return f'<span class="math-display">{latex_to_mathml(tokens[idx].content, True)}</span>'


def _render_block_math(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return f'<div class="math-display">{latex_to_mathml(tokens[idx].content, True)}</div>\n'


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    match = _FIGURE.fullmatch(src)
    week_id = env.get("week_id") if isinstance(env, dict) else None
    if match is None or not week_id:
        return escape(alt)
    name = match.group(1)
    size = _figure_size(week_id, name)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    title = token.attrGet("title")
    title_attr = f' title="{escape(str(title))}"' if title else ""
    return (
        f'<img class="md-figure" src="{escape(figure_url(week_id, name))}" alt="{escape(alt)}"'
        f'{dims}{title_attr} loading="lazy" decoding="async">'
    )


def _render_table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return '<div class="md-table-wrap"><table>\n'


def _render_table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</table></div>\n"


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    dollarmath_plugin(
        md,
        allow_labels=False,
        allow_space=True,
        allow_digits=True,
        allow_blank_lines=False,
        double_inline=True,
    )
    md.add_render_rule("math_inline", _render_inline_math)
    md.add_render_rule("math_inline_double", _render_inline_display_math)
    md.add_render_rule("math_block", _render_block_math)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md


_MD = _make_parser()


@lru_cache(maxsize=512)
def _render(md: str, week_id: str | None) -> str:
    return _MD.render(md, {"week_id": week_id})


def render_markdown(md: str, week_id: str | None = None) -> Markup:
    """HTML for Markdown with ``$…$`` / ``$$…$$`` math; raw HTML in ``md`` is escaped.

    ``week_id`` resolves ``figures/x.svg`` images to the app's figure route; without it images are
    shown as their alt text. Results are cached by content, so re-rendering a lesson is free.
    """
    return Markup(_render(md, week_id))  # noqa: S704 - built only from escaped text and our markup


def render_latex(latex: str, *, display: bool = False) -> Markup:
    """MathML for one LaTeX fragment (no ``$``), e.g. a preview of how an answer was understood.

    Unknown or malformed LaTeX never raises: it comes back as the escaped source in a ``<code>``.
    """
    html = latex_to_mathml(latex, display)
    if display and html.startswith("<math"):
        html = f'<div class="math-display">{html}</div>'
    return Markup(html)  # noqa: S704 - latex_to_mathml escapes everything it emits
