"""The week's practice in teaching order: ``EXERCISES``, read by the catalogue."""

from mathforml.curriculum.c1.w1._dependence import RowCombination
from mathforml.curriculum.c1.w1._determinants import Determinant2, Determinant3
from mathforml.curriculum.c1.w1._singular_entry import SingularK
from mathforml.curriculum.c1.w1._singularity import InfinitelyManyConstant, SingularOrNot
from mathforml.curriculum.c1.w1._stories import ThreePurchases, TwoPurchases
from mathforml.curriculum.c1.w1._systems import CoefficientMatrix, CountSolutions
from mathforml.engine import Exercise

EXERCISES: list[Exercise] = [
    TwoPurchases(),
    CoefficientMatrix(),
    CountSolutions(),
    ThreePurchases(),
    SingularOrNot(),
    RowCombination(),
    InfinitelyManyConstant(),
    Determinant2(),
    Determinant3(),
    SingularK(),
]

__all__ = ["EXERCISES"]
