"""Static (AST) detection of forbidden calls, with line numbers."""

from __future__ import annotations

import pytest

from mathforml.grading._static import find_forbidden

SOLVE = ("numpy.linalg.solve",)


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("import numpy as np\nx = np.linalg.solve(a, b)", [2]),
        ("import numpy\nx = numpy.linalg.solve(a, b)", [2]),
        ("from numpy.linalg import solve\nx = solve(a, b)", [1, 2]),
        ("from numpy.linalg import solve as s\nx = s(a, b)", [1, 2]),
        ("from numpy import linalg as la\n\nx = la.solve(a, b)", [3]),
        ("import numpy.linalg as la\nx = la.solve(a, b)", [2]),
        ('import numpy as np\nf = getattr(np.linalg, "solve")', [2]),
        ("from numpy.linalg import *\nx = solve(a, b)", [1]),
        ("def f(a, b):\n    return np.linalg.solve(a, b)\nimport numpy as np", [2]),
    ],
)
def test_forbidden_call_is_found_however_it_is_spelled(source: str, lines: list[int]) -> None:
    findings = find_forbidden(source, SOLVE)
    assert [f.line for f in findings] == lines
    assert all(f.name == "numpy.linalg.solve" for f in findings)
    assert "numpy.linalg.solve is not allowed" in findings[0].message


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nx = np.linalg.inv(a)",
        "solve = 3\nx = solve + 1",
        "import scipy.linalg\nx = scipy.linalg.solve(a, b)",
        "def solve(a, b):\n    return a\nx = solve(1, 2)",
        "this is not python",
    ],
)
def test_allowed_code_gives_no_finding(source: str) -> None:
    assert find_forbidden(source, SOLVE) == []


def test_np_alias_in_the_forbidden_list_means_numpy() -> None:
    findings = find_forbidden("import numpy\nnumpy.linalg.inv(a)", ("np.linalg.inv",))
    assert [(f.line, f.name) for f in findings] == [(2, "np.linalg.inv")]
