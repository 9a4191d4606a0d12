"""Server-side rendering of lessons, prompts and feedback: Markdown with math to safe HTML."""

from __future__ import annotations

import random
import re
import statistics
import time

import pytest
from markupsafe import Markup

from mathforml import curriculum, engine
from mathforml.web import _mathml
from mathforml.web._render import MATH_CSS, figure_url, render_latex, render_markdown

WEEKS = [week for week in curriculum.weeks() if week.package is not None]
STRAY_DOLLAR = re.compile(r"(?<!\\)\$")


def assert_clean(html: str, where: str) -> None:
    assert "$$" not in html, where
    assert "\\begin" not in html, where
    assert "math-error" not in html, where
    assert not STRAY_DOLLAR.search(html), where
    assert "<script" not in html, where


@pytest.mark.parametrize("week", WEEKS, ids=lambda w: w.id)
def test_every_lesson_renders_to_mathml(week: curriculum.Week) -> None:
    html = render_markdown(week.lesson(), week.id)
    assert isinstance(html, Markup)
    assert_clean(str(html), week.id)
    assert '<math display="block">' in html
    assert '<math display="inline">' in html
    assert "<h1>" in html


@pytest.mark.parametrize("week", WEEKS, ids=lambda w: w.id)
def test_lesson_figures_point_at_the_week_figure_route_with_a_size(
    week: curriculum.Week,
) -> None:
    names = re.findall(r"!\[[^\]]*\]\(figures/([a-z0-9_-]+\.svg)\)", week.lesson())
    assert names
    html = str(render_markdown(week.lesson(), week.id))
    for name in names:
        tag = re.search(
            rf'<img class="md-figure" src="{re.escape(figure_url(week.id, name))}"[^>]*>', html
        )
        assert tag is not None, name
        assert re.search(r'width="[\d.]+" height="[\d.]+"', tag.group(0)), tag.group(0)
        assert 'alt="' in tag.group(0)


def test_every_exercise_prompt_and_solution_renders_for_30_variants() -> None:
    exercises = curriculum.all_exercises()
    assert exercises
    for ex in exercises:
        for seed in range(30):
            params = engine.generate_params(ex, seed)
            for part, text in (("prompt", ex.prompt(params)), ("solution", ex.solution(params))):
                assert_clean(str(render_markdown(text, ex.week_id)), f"{ex.id} seed {seed} {part}")


def test_augmented_matrix_bar_is_marked_on_the_cell_after_it() -> None:
    html = str(render_latex(r"\left[\begin{array}{cc|c} 1 & 2 & 3 \\ 4 & 5 & 6 \end{array}\right]"))
    rows = re.findall(r"<mtr>(.*?)</mtr>", html)
    assert len(rows) == 2
    for row in rows:
        cells = re.findall(r"<mtd([^>]*)>", row)
        assert len(cells) == 3
        assert _mathml.BAR_CLASS not in cells[0]
        assert _mathml.BAR_CLASS not in cells[1]
        assert f'class="{_mathml.BAR_CLASS}"' in cells[2]
    assert f"mtd.{_mathml.BAR_CLASS}" in MATH_CSS
    assert "border-left" in MATH_CSS


def test_plain_matrices_have_no_bar_and_stretchy_brackets() -> None:
    html = str(render_latex(r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", display=True))
    assert _mathml.BAR_CLASS not in html
    assert html.startswith('<div class="math-display"><math display="block">')
    # Brackets are the first and last children of the row, so MathML Core stretches them.
    assert re.search(r"<mrow><mo[^>]*>\[</mo><mtable>.*</mtable><mo[^>]*>\]</mo></mrow>", html)


def test_feedback_quoting_learner_input_is_escaped() -> None:
    hostile = (
        'You typed <script>alert(1)</script> and <img src=x onerror="alert(2)"> '
        "[click](javascript:alert(3)) ![x](https://example.com/x.png) "
        r"$\text{</math><script>alert(4)</script>}$ "
        r'$\href{javascript:alert(5)}{x}$ $\color{red" onmouseover="alert(6)}{a}$'
    )
    html = str(render_markdown(hostile))
    assert "<script" not in html
    assert "<img" not in html
    assert "onerror=" not in html.replace("onerror=&quot;", "")
    assert 'href="javascript' not in html
    assert "example.com" not in html  # only our own figures become images
    assert "onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/math&gt;&lt;script&gt;" in html


def test_math_text_with_angle_brackets_is_escaped() -> None:
    html = str(render_latex(r"\text{a < b} < c"))
    assert "&lt;" in html
    assert re.sub(r"<[^>]*>", "", html).count("<") == 0


def test_unknown_or_malformed_latex_falls_back_to_escaped_code() -> None:
    for latex in (r"\foo{x}", r"\frac{1}", "x^", r"\begin{bmatrix", "{" * 5000 + "x" + "}" * 5000):
        html = str(render_latex(latex))
        assert html.startswith('<code class="math-error">'), latex
        assert "<" not in html[len('<code class="math-error">') : -len("</code>")]
    assert (
        str(render_latex(r"<b>\foo</b>"))
        == '<code class="math-error">&lt;b&gt;\\foo&lt;/b&gt;</code>'
    )


def test_rendering_never_raises_on_random_latex() -> None:
    rng = random.Random(4)
    alphabet = [*r"{}[]()^_&\|$<>\"'x1 ", r"\frac", r"\begin{bmatrix}", r"\end{bmatrix}", r"\\"]
    alphabet += [r"\left(", r"\right)", r"\sqrt", r"\text{", r"\begin{array}{c|c}", r"\end{array}"]
    for _ in range(500):
        latex = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25)))
        html = str(render_latex(latex))
        # Either MathML or the escaped source, never half of each.
        assert html.startswith(("<math", '<code class="math-error">')) or not html, latex
        assert "\\begin" not in re.sub(r"<(code|mtext)[^>]*>.*?</\1>", "", html, flags=re.S)
        page = str(render_markdown(f"${latex}$ and $$ {latex} $$"))
        assert "<script" not in page
        assert "<img" not in page


def test_display_and_inline_math_markup() -> None:
    html = str(
        render_markdown("Inline $x^2$ here.\n\n$$\\frac{a}{b}$$\n\nText $$y$$ inline display.")
    )
    assert '<p>Inline <math display="inline">' in html
    assert '<div class="math-display"><math display="block"><mrow><mfrac>' in html
    # $$…$$ inside a paragraph may not be a <div>: it is a block-styled span.
    assert '<span class="math-display"><math display="block">' in html


def test_signs_and_bars_get_tex_like_spacing() -> None:
    html = str(render_latex(r"(-1, 2) = |-5| \cos\theta"))
    assert html.count('<mo form="prefix">−</mo>') == 2
    assert '<mo stretchy="false" lspace="0" rspace="0">|</mo>' in html
    assert '<mo lspace="0.1667em" rspace="0.1667em">cos</mo>' in html
    assert "<mo>−</mo>" in str(render_latex("a - b"))


def test_labelled_arrow_stretches_over_its_label() -> None:
    html = str(render_latex(r"x \xrightarrow{A} y"))
    assert '<mover><mo stretchy="true">→</mo><mrow><mspace width="0.4em"></mspace>' in html
    assert "mpadded" not in html


def test_figures_need_a_week_and_a_plain_name() -> None:
    md = "![a chart](figures/x.svg) ![b](figures/../../secret.svg) ![c](/etc/passwd.svg)"
    without_week = str(render_markdown(md))
    assert "<img" not in without_week
    assert "a chart" in without_week
    with_week = str(render_markdown(md, "c1w1"))
    assert with_week.count("<img") == 1
    assert 'src="/static-week/c1w1/figures/x.svg"' in with_week
    assert "secret" not in with_week.split("<img", 1)[1].split(">", 1)[0]


def test_tables_render_with_math_in_cells() -> None:
    md = "| a | b |\n|---|---|\n| $x$ | $\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}$ |\n"
    html = str(render_markdown(md))
    assert '<div class="md-table-wrap"><table>' in html
    assert html.count("<math") == 2
    assert_clean(html, "table")


def test_rendering_a_lesson_takes_under_50_ms() -> None:
    lesson = curriculum.week("c1w4").lesson()
    _mathml.latex_to_mathml.cache_clear()
    start = time.perf_counter()
    render_markdown(lesson + "\n\nfresh", "c1w4")  # nothing cached
    first = time.perf_counter() - start
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        render_markdown(lesson, "c1w4")
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"lesson c1w4: first render {first * 1000:.1f} ms, cached {median * 1000:.3f} ms")
    assert median < 0.050
    assert first < 1.0  # ~30 ms on a laptop; generous for a loaded CI machine


def test_aligned_equations_become_a_table_with_the_alignment_kept():
    from mathforml.web._render import render_latex

    out = str(
        render_latex(r"\begin{aligned} a + p &= 5 \\ 2a - p &= 1 \end{aligned}", display=True)
    )
    assert "<mtable>" in out
    assert "&amp;" not in out
    assert out.count("<mtr>") == 2
    assert 'columnalign="right"' in out
