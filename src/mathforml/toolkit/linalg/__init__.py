"""Linear algebra from scratch, with step-by-step traces (course 1).

Functions take matrices as lists, tuples or NumPy arrays. With ``exact=None``
(the default) a computation is exact, in :class:`fractions.Fraction`, when every
entry is an integer or a fraction, and in float64 otherwise (zero tests then use
the relative tolerance :data:`TOL`). Results that explain themselves carry
``steps`` (:class:`Step`), which :func:`render_steps` turns into Markdown + LaTeX.
"""

from mathforml.toolkit.linalg._basis import (
    SpanTest,
    change_of_basis_matrix,
    coordinates,
    in_span,
    is_basis,
)
from mathforml.toolkit.linalg._determinant import Determinant, determinant
from mathforml.toolkit.linalg._eigen import (
    CharPoly,
    Eigen,
    characteristic_polynomial,
    eigen,
    eigenvalues,
)
from mathforml.toolkit.linalg._elimination import (
    Elimination,
    Substitution,
    augment,
    back_substitution,
    reduced_row_echelon_form,
    row_echelon_form,
)
from mathforml.toolkit.linalg._exact import TOL
from mathforml.toolkit.linalg._inverse import Inverse, inverse
from mathforml.toolkit.linalg._lowrank import LowRank, low_rank_approximation
from mathforml.toolkit.linalg._numeric_eigen import eigen_numeric
from mathforml.toolkit.linalg._pca import PCA, center, covariance, pca
from mathforml.toolkit.linalg._products import Product, matmul, matvec
from mathforml.toolkit.linalg._solve import (
    Independence,
    Singularity,
    SystemSolution,
    classify,
    linearly_independent,
    rank,
    solve,
)
from mathforml.toolkit.linalg._steps import (
    Step,
    latex_matrix,
    latex_number,
    latex_vector,
    render_steps,
)
from mathforml.toolkit.linalg._transform import (
    projection_matrix,
    reflection,
    rotation,
    shear,
    stretch,
    transform,
)
from mathforml.toolkit.linalg._vectors import (
    angle,
    cosine_similarity,
    distance,
    dot,
    norm,
    projection,
)

__all__ = [
    "PCA",
    "TOL",
    "CharPoly",
    "Determinant",
    "Eigen",
    "Elimination",
    "Independence",
    "Inverse",
    "LowRank",
    "Product",
    "Singularity",
    "SpanTest",
    "Step",
    "Substitution",
    "SystemSolution",
    "angle",
    "augment",
    "back_substitution",
    "center",
    "change_of_basis_matrix",
    "characteristic_polynomial",
    "classify",
    "coordinates",
    "cosine_similarity",
    "covariance",
    "determinant",
    "distance",
    "dot",
    "eigen",
    "eigen_numeric",
    "eigenvalues",
    "in_span",
    "inverse",
    "is_basis",
    "latex_matrix",
    "latex_number",
    "latex_vector",
    "linearly_independent",
    "low_rank_approximation",
    "matmul",
    "matvec",
    "norm",
    "pca",
    "projection",
    "projection_matrix",
    "rank",
    "reduced_row_echelon_form",
    "reflection",
    "render_steps",
    "rotation",
    "row_echelon_form",
    "shear",
    "solve",
    "stretch",
    "transform",
]
