"""The week's practice in teaching order: ``EXERCISES``, read by the catalogue."""

from mathforml.curriculum.c1.w3._dot_product import AngleBetweenVectors, DotProduct, OrthogonalK
from mathforml.curriculum.c1.w3._inverse import Inverse2x2, SingularK
from mathforml.curriculum.c1.w3._networks import (
    BatchPredictions,
    PerceptronOutput,
    SquaredErrorCost,
)
from mathforml.curriculum.c1.w3._norms import PointDistance, VectorNorm
from mathforml.curriculum.c1.w3._products import MatrixProduct, MatrixVectorProduct, ProductShape
from mathforml.curriculum.c1.w3._transformations import ComposeTransformations, ImageOfPoint

EXERCISES = [
    VectorNorm(),
    PointDistance(),
    DotProduct(),
    AngleBetweenVectors(),
    OrthogonalK(),
    ImageOfPoint(),
    MatrixVectorProduct(),
    MatrixProduct(),
    ProductShape(),
    ComposeTransformations(),
    Inverse2x2(),
    SingularK(),
    PerceptronOutput(),
    BatchPredictions(),
    SquaredErrorCost(),
]

__all__ = ["EXERCISES"]
