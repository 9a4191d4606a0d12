from fractions import Fraction

import numpy as np
import sympy

from mathforml.toolkit.linalg import (
    Step,
    latex_matrix,
    latex_number,
    latex_vector,
    render_steps,
)


def test_latex_number_forms():
    assert latex_number(Fraction(3, 4)) == r"\frac{3}{4}"
    assert latex_number(Fraction(-3, 4)) == r"-\frac{3}{4}"
    assert latex_number(Fraction(6, 3)) == "2"
    assert latex_number(-7) == "-7"
    assert latex_number(np.int64(5)) == "5"
    assert latex_number(0.1 + 0.2) == "0.3"
    assert latex_number(-0.0) == "0"
    assert latex_number(1.5e-7) == r"1.5 \times 10^{-7}"
    assert latex_number(1 + 2j) == "1 + 2i"
    assert latex_number(complex(0, -1)) == "-i"
    assert latex_number(1 + sympy.sqrt(2)) == r"1 + \sqrt{2}"


def test_latex_matrix_and_vector():
    assert latex_matrix([[1, 2], [3, 4]]) == r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"
    assert latex_matrix([[1, 2, 5]], augmented_at=2) == (
        r"\left[\begin{array}{cc|c} 1 & 2 & 5 \end{array}\right]"
    )
    assert latex_matrix(np.eye(2)) == r"\begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix}"
    assert latex_vector([Fraction(1, 2), 3]) == r"\begin{bmatrix} \frac{1}{2} \\ 3 \end{bmatrix}"
    assert latex_vector(np.array([1.0, 2.0])) == r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}"


def test_render_steps_numbers_each_step_and_shows_its_matrix():
    steps = [
        Step("R1 ↔ R2", r"R_1 \leftrightarrow R_2", [[1, 0], [0, 1]], "the pivot is 0"),
        Step("det = 1", r"\det A = 1", None),
    ]
    text = render_steps(steps)
    assert text.splitlines()[0] == "**1.** R1 ↔ R2 — the pivot is 0"
    assert r"$$ \begin{bmatrix} 1 & 0 \\ 0 & 1 \end{bmatrix} $$" in text
    assert "**2.** det = 1\n\n$$ \\det A = 1 $$" in text
    assert render_steps([]) == ""
