"""Course 1, week 1: systems of linear equations.

Stories become systems; a system is singular or not depending only on its
coefficients; singular means a row depends on the others; the determinant tests
it. ``EXERCISES`` lists this week's exercise templates in teaching order, and
``lesson.md`` (with ``figures/``) is the lesson.
"""

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
