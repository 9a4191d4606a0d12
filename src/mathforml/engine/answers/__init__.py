"""Answer kinds: how a typed answer is read, compared with the key, and explained.

Every kind reads text with the safe parser of ``mathforml.engine.parse`` (never
``eval`` or ``sympify``), compares values exactly or within tolerance, and names
the typical mistake of its kind in Markdown with LaTeX.

>>> from mathforml.engine.answers import Matrix
>>> kind = Matrix()
>>> kind.judge(kind.parse("[1, 3; 2, 4]"), kind.normalize([[1, 2], [3, 4]])).feedback[0].code
'transposed'
"""

from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.engine.answers._choice import Choice
from mathforml.engine.answers._expression import Expression
from mathforml.engine.answers._matrix import Matrix
from mathforml.engine.answers._number import Integer, Number, Rational
from mathforml.engine.answers._set import Set
from mathforml.engine.answers._vector import Vector

__all__ = [
    "AnswerKind",
    "Choice",
    "Expression",
    "Feedback",
    "Integer",
    "Judgement",
    "Matrix",
    "Number",
    "Rational",
    "Set",
    "Vector",
]
