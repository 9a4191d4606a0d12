"""The exercise engine: declare exercises, draw seeded variants, check answers.

Front ends use ``make_variant`` to show a question and ``check_answer`` to grade
what the learner typed; ``lint_exercise`` proves an exercise's answer key.
"""

from mathforml.engine._check import CheckResult, check_answer
from mathforml.engine._exercise import Exercise, Misconception
from mathforml.engine._lint import SAMPLES_DEFAULT, LintReport, lint_exercise
from mathforml.engine._variant import Variant, generate_params, make_variant, variant_seed
from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement

__all__ = [
    "SAMPLES_DEFAULT",
    "AnswerKind",
    "CheckResult",
    "Exercise",
    "Feedback",
    "Judgement",
    "LintReport",
    "Misconception",
    "Variant",
    "check_answer",
    "generate_params",
    "lint_exercise",
    "make_variant",
    "variant_seed",
]
