"""The week's practice in teaching order: ``EXERCISES``, read by the catalogue."""

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
