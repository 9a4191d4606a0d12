"""The week's practice in teaching order: ``EXERCISES``, read by the catalogue."""

from mathforml.curriculum.c1.w4._area import (
    DeterminantOfInverse,
    DeterminantOfProduct,
    ParallelogramArea,
)
from mathforml.curriculum.c1.w4._bases import CoordinatesInBasis, IsBasis
from mathforml.curriculum.c1.w4._covariance import CovarianceMatrix
from mathforml.curriculum.c1.w4._eigenvalues import CharacteristicPolynomial, EigenvaluesOf2x2
from mathforml.curriculum.c1.w4._eigenvectors import EigenvectorDirections, EigenvectorForEigenvalue
from mathforml.curriculum.c1.w4._markov import MarkovSteadyState
from mathforml.curriculum.c1.w4._pca import ExplainedVariance, PcaReconstruction

EXERCISES = [
    ParallelogramArea(),
    DeterminantOfProduct(),
    DeterminantOfInverse(),
    IsBasis(),
    CoordinatesInBasis(),
    CharacteristicPolynomial(),
    EigenvaluesOf2x2(),
    EigenvectorForEigenvalue(),
    EigenvectorDirections(),
    MarkovSteadyState(),
    CovarianceMatrix(),
    ExplainedVariance(),
    PcaReconstruction(),
]

__all__ = [
    "EXERCISES",
    "CharacteristicPolynomial",
    "CoordinatesInBasis",
    "CovarianceMatrix",
    "DeterminantOfInverse",
    "DeterminantOfProduct",
    "EigenvaluesOf2x2",
    "EigenvectorDirections",
    "EigenvectorForEigenvalue",
    "ExplainedVariance",
    "IsBasis",
    "MarkovSteadyState",
    "ParallelogramArea",
    "PcaReconstruction",
]
