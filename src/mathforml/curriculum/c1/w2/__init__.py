"""Course 1, week 2: solving systems of linear equations.

Elimination and the augmented matrix, row echelon form (with unit pivots, as in the
course's assignment), back substitution and the reduced form, reading the number of
solutions, rank, and rank at work in image compression. ``EXERCISES`` lists the
practice in teaching order; the lesson is ``lesson.md`` beside this file.
"""

from mathforml.curriculum.c1.w2._compression import (
    CompressionBreakEven,
    LowRankStorage,
    RankOneImage,
)
from mathforml.curriculum.c1.w2._echelon import BackSubstitution, RowEchelonForm
from mathforml.curriculum.c1.w2._elimination import EliminationMultiplier, RowOperation
from mathforml.curriculum.c1.w2._rank import FreeVariables, RankOfMatrix, RedundantFeatures
from mathforml.curriculum.c1.w2._reduced import HowManySolutions, ReducedRowEchelonForm
from mathforml.curriculum.c1.w2._systems import PricesFromReceipts, SolveThreeByThree
from mathforml.engine import Exercise

EXERCISES: list[Exercise] = [
    RowOperation(),
    EliminationMultiplier(),
    RowEchelonForm(),
    BackSubstitution(),
    SolveThreeByThree(),
    PricesFromReceipts(),
    ReducedRowEchelonForm(),
    HowManySolutions(),
    RankOfMatrix(),
    FreeVariables(),
    RedundantFeatures(),
    RankOneImage(),
    LowRankStorage(),
    CompressionBreakEven(),
]

__all__ = ["EXERCISES"]
