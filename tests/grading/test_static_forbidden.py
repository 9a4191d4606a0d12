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


# -- solvers by another name (issue 9, class 5) -----------------------------------------

from mathforml import curriculum  # noqa: E402
from mathforml.grading._static import TOO_DEEP  # noqa: E402
from mathforml.grading.assignments._grade import _static_findings  # noqa: E402

C1W2 = curriculum.assignment("c1w2")
C1W2_NAMES = tuple(f.name for f in C1W2.forbidden)


@pytest.mark.parametrize(
    ("source", "line", "name"),
    [
        ("import scipy.linalg as sl\nx = sl.lu_solve(sl.lu_factor(A), b)", 2,
         "scipy.linalg.lu_solve"),
        ("from scipy.linalg import solve_triangular\n", 1, "scipy.linalg.solve_triangular"),
        ("from scipy import linalg\nx = linalg.cho_solve(c, b)", 2, "scipy.linalg.cho_solve"),
        ("import scipy\nx = scipy.linalg.lstsq(A, b)", 2, "scipy.linalg.lstsq"),
        ("from scipy.sparse.linalg import spsolve\n", 1, "scipy.sparse.linalg"),
        ("import numpy as np\nx = np.linalg.tensorsolve(A, b)", 2, "numpy.linalg.tensorsolve"),
        ("import numpy as np\nx = np.linalg.tensorinv(A)", 2, "numpy.linalg.tensorinv"),
        ("import numpy as np\nx = np.linalg._umath_linalg.solve(A, b)", 2,
         "numpy.linalg._umath_linalg"),
        ("from numpy.linalg import _umath_linalg\n", 1, "numpy.linalg._umath_linalg"),
        ("import numpy.linalg._umath_linalg as u\n", 1, "numpy.linalg._umath_linalg"),
        ("import numpy as np\nx = np.linalg._linalg.solve(A, b)", 2, "numpy.linalg._linalg"),
        ('import importlib\nla = importlib.import_module("numpy.linalg")\nx = la.solve(A, b)', 3,
         "numpy.linalg.solve"),
        ('import importlib\nu = importlib.import_module("numpy.linalg._umath_linalg")', 2,
         "numpy.linalg._umath_linalg"),
        ('import numpy as np\nf = getattr(np.linalg, "so" + "lve")', 2, "numpy.linalg.solve"),
        ('import numpy as np\nf = getattr(np.linalg, f"{\'i\'}nv")', 2, "numpy.linalg.inv"),
        ('la = __import__("numpy.linalg", fromlist=["x"])\nx = la.inv(A)', 2, "numpy.linalg.inv"),
        ('x = __import__("numpy").linalg.solve(A, b)', 1, "numpy.linalg.solve"),
        ('import sys\nx = sys.modules["numpy.linalg"].solve(A, b)', 2, "numpy.linalg.solve"),
        ('import sys\nx = sys.modules.get("numpy.linalg").inv(A)', 2, "numpy.linalg.inv"),
        ('import numpy as np\nx = vars(np.linalg)["solve"](A, b)', 2, "numpy.linalg.solve"),
        ('import numpy as np\nx = np.linalg.__dict__["inv"](A)', 2, "numpy.linalg.inv"),
        ("import numpy as np\nla = np.linalg\ny = 1\nx = la.solve(A, b)", 4, "numpy.linalg.solve"),
        ("import numpy as np\nx = np.linalg.matrix_power(A, -1)", 2, "numpy.linalg.matrix_power"),
        ("import numpy as np\nx = np.matrix(A).I", 2, "numpy.matrix"),
        ("from scipy.linalg import lapack\nx = lapack.dgesv(A, b)", 1, "scipy.linalg.lapack"),
    ],
)  # fmt: skip
def test_a_solver_by_another_name_is_reported_with_its_line(
    source: str, line: int, name: str
) -> None:
    findings = find_forbidden(source, C1W2_NAMES)
    assert (line, name) in [(f.line, f.name) for f in findings], findings
    messages = _static_findings(C1W2, source)
    assert any(m.startswith(f"line {line}: ") and "not allowed" in m for m in messages)


@pytest.mark.parametrize(
    "source",
    [
        C1W2.reference,
        C1W2.starter,
        "import numpy as np\nM = np.array(A, dtype=float).copy()\nz = np.zeros((2, 2))\n"
        "ok = np.isclose(np.linalg.det(A), 0)\nn = np.linalg.norm(x)\nM[[0, 1]] = M[[1, 0]]\n"
        "r = np.round(M, 3)\nh = np.hstack([A, B])\nc = np.allclose(M, M.T)\n",
        'import numpy as np\nname = "solve"\nsolve = lambda A, B: A\nx = solve(A, B)\n',
        "import numpy as np\nlinalg = {}\nx = linalg.get('solve')\n",
    ],
)
def test_legitimate_c1w2_code_is_never_flagged(source: str) -> None:
    assert find_forbidden(source, C1W2_NAMES) == []


def test_an_expression_too_deep_to_check_is_refused_not_crashed() -> None:
    import ast
    import sys

    source = "x = np" + ".b" * 400 + "\n"
    tree = ast.parse(source)
    assert find_forbidden(source, C1W2_NAMES, tree=tree) == []  # deep but checkable
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # as if the grader ran on a nearly full stack
    try:
        findings = find_forbidden(source, C1W2_NAMES, tree=tree)
    finally:
        sys.setrecursionlimit(limit)
    assert [f.name for f in findings] == [TOO_DEEP]
