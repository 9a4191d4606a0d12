"""The public face of mathforml.toolkit.linalg matches the contract, and every result renders."""

import re

import numpy as np
import pytest

from mathforml.toolkit import linalg

CONTRACT = [
    "augment",
    "row_echelon_form",
    "reduced_row_echelon_form",
    "back_substitution",
    "solve",
    "rank",
    "classify",
    "linearly_independent",
    "determinant",
    "inverse",
    "dot",
    "norm",
    "distance",
    "angle",
    "projection",
    "cosine_similarity",
    "matvec",
    "matmul",
    "stretch",
    "shear",
    "rotation",
    "reflection",
    "projection_matrix",
    "transform",
    "characteristic_polynomial",
    "eigenvalues",
    "eigen",
    "eigen_numeric",
    "is_basis",
    "in_span",
    "coordinates",
    "change_of_basis_matrix",
    "center",
    "covariance",
    "pca",
    "low_rank_approximation",
    "latex_number",
    "latex_matrix",
    "latex_vector",
    "render_steps",
    "Step",
    "TOL",
    "Elimination",
    "Substitution",
    "SystemSolution",
    "Singularity",
    "Independence",
    "Determinant",
    "Inverse",
    "Product",
    "CharPoly",
    "Eigen",
    "SpanTest",
    "PCA",
    "LowRank",
]


def test_every_contract_name_is_exported():
    assert set(CONTRACT) <= set(linalg.__all__)
    for name in linalg.__all__:
        assert hasattr(linalg, name)


def test_step_is_frozen():
    step = linalg.Step("op", "op", None)
    with pytest.raises(AttributeError):
        step.note = "changed"  # type: ignore[misc]


def _balanced(latex: str) -> bool:
    depth = 0
    for ch in latex.replace(r"\{", "").replace(r"\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    begins = re.findall(r"\\begin\{(\w+)\}", latex)
    ends = re.findall(r"\\end\{(\w+)\}", latex)
    return depth == 0 and sorted(begins) == sorted(ends)


RESULTS = [
    lambda: linalg.row_echelon_form([[0, 2, 1], [1, 1, 1], [2, 3, 5]], [1, 2, 3]),
    lambda: linalg.reduced_row_echelon_form([[1, 2], [3, 4]]),
    lambda: linalg.back_substitution([[1, 2, 3], [0, 2, 4]]),
    lambda: linalg.solve([[1, 2], [2, 4]], [1, 3]),
    lambda: linalg.solve(np.array([[1.0, 2.0], [3.0, 5.0]]), [1.0, 2.0]),
    lambda: linalg.linearly_independent([[1, 2], [2, 4]]),
    lambda: linalg.determinant([[1, 2, 3], [4, 5, 6], [7, 8, 10]], method="cofactor"),
    lambda: linalg.determinant([[0, 1], [1, 0]]),
    lambda: linalg.inverse([[0, 1], [-3, 2]]),
    lambda: linalg.matmul([[1, -2]], [[3], [4]]),
    lambda: linalg.characteristic_polynomial([[1, 2, 0], [0, 1, 3], [1, 0, 1]]),
    lambda: linalg.eigen([[0, -1], [1, 0]]),
    lambda: linalg.eigen([[2, 1, 0], [1, 2, 1], [0, 1, 2]]),
    lambda: linalg.in_span([1, 2], [[1, 1], [2, 2]]),
]


@pytest.mark.parametrize("make", RESULTS)
def test_every_step_and_rendering_is_well_formed_latex(make):
    result = make()
    assert result.steps
    for step in result.steps:
        assert step.operation
        assert _balanced(step.latex), step.latex
        if step.matrix is not None:
            assert _balanced(linalg.latex_matrix(step.matrix))
    text = result.render()
    assert text.startswith("**1.** ")
    assert text.count("$$") % 2 == 0
    for block in re.findall(r"\$\$(.*?)\$\$", text, flags=re.S):
        assert _balanced(block), block
