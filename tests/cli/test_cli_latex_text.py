from hypothesis import given
from hypothesis import strategies as st

from mathforml.cli._latex_text import (
    inline_math_to_text,
    latex_to_box,
    latex_to_text,
    split_display_math,
)


def test_matrix_renders_as_a_bracketed_grid_with_aligned_columns():
    text = latex_to_text(r"\begin{bmatrix} 1 & -20 \\ 3 & 4 \end{bmatrix}")
    assert text.splitlines() == ["⎡ 1  -20 ⎤", "⎣ 3    4 ⎦"]


def test_augmented_matrix_draws_the_bar_between_coefficients_and_constants():
    text = latex_to_text(r"\left[\begin{array}{cc|c} 1 & 2 & 3 \\ 0 & 1 & 4 \end{array}\right]")
    lines = text.splitlines()
    assert len(lines) == 2
    assert all("│" in line for line in lines)
    assert lines[0].index("│") == lines[1].index("│")


def test_matrices_side_by_side_share_a_baseline():
    box = latex_to_box(
        r"A\mathbf{x} = \begin{bmatrix}1\\2\\3\end{bmatrix}\begin{bmatrix}4&5\\6&7\end{bmatrix}"
    )
    assert box.height == 3
    assert box.lines[box.base].startswith("Ax =")


def test_symbols_fractions_scripts_and_roots():
    assert latex_to_text(r"\frac{3}{4}") == "3/4"
    assert latex_to_text(r"\frac{x+1}{2}") == "(x+1)/2"
    assert latex_to_text(r"\lambda^2 - 5\lambda") == "λ² - 5λ"
    assert latex_to_text(r"R_2 \leftarrow R_2 - 3R_1") == "R₂ ← R₂ - 3R₁"
    assert latex_to_text(r"\sqrt{x_1^2 + x_2^2}") == "√(x₁² + x₂²)"
    assert latex_to_text(r"\mathbb{R}^n") == "ℝⁿ"
    assert latex_to_text(r"A^{T}") == "Aᵀ"
    assert latex_to_text(r"\operatorname{rank} A \le 3") == "rank A ≤ 3"


def test_inline_math_in_markdown_becomes_one_line():
    md = r"Let $x = \frac{1}{2}$ and $M = \begin{bmatrix}1&2\\3&4\end{bmatrix}$; it costs \$5."
    out = inline_math_to_text(md)
    assert "x = 1/2" in out
    assert "M = [1,2;3,4]" in out
    assert "\\$5" in out


def test_display_math_is_split_out_of_the_markdown():
    parts = split_display_math("Before\n\n$$x = 1$$\n\nAfter")
    assert parts == [("text", "Before\n\n"), ("math", "x = 1"), ("text", "\n\nAfter")]


_PIECES = [*"\\{}&^_$ab1[]() ", "\\frac", "\\sqrt", "\\left(", "\\right)", "\\begin{bmatrix}",
           "\\end{bmatrix}", "\\begin{array}{c|c}", "\\end{array}", "\\\\", "\\lambda"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_any_latex_renders_without_raising(source):
    latex_to_text(source)
    inline_math_to_text(source)
