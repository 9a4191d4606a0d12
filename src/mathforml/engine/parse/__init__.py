"""The safe reader of typed math: our own tokenizer, grammar, tree, evaluators.

Nothing here calls ``eval``, ``exec``, ``compile``, ``sympify`` or ``parse_expr``
on typed text: text becomes tokens from a closed vocabulary, tokens become a
tree of our own node types, and the tree is evaluated by our own bounded code
(or handed to SymPy node by node). Every bound lives in ``_limits``.

>>> from mathforml.engine.parse import parse, to_latex, number_value
>>> node = parse("sqrt(3)/2")
>>> to_latex(node)
'\\\\frac{\\\\sqrt{3}}{2}'
>>> round(number_value(node), 6)
0.866025
"""

from mathforml.engine.parse import _limits as limits
from mathforml.engine.parse._evaluate import (
    Deadline,
    DivisionByZero,
    DomainError,
    EvaluationError,
    EvaluationTimeout,
    ExactTooLarge,
    NotRational,
    exact_value,
    magnitude,
    number_value,
    real_value,
)
from mathforml.engine.parse._grammar import check_brackets, parse
from mathforml.engine.parse._nodes import (
    Add,
    Call,
    Const,
    Factorial,
    Group,
    Mul,
    Neg,
    Node,
    Num,
    Pow,
    Rows,
    Var,
    is_collection,
    size,
    variables_in,
)
from mathforml.engine.parse._render import number_latex, to_latex, to_text, variable_latex
from mathforml.engine.parse._sympy import from_sympy, number_node, to_sympy
from mathforml.engine.parse._tokens import FUNCTIONS, Token, canonical_variable, tokenize

__all__ = [
    "FUNCTIONS",
    "Add",
    "Call",
    "Const",
    "Deadline",
    "DivisionByZero",
    "DomainError",
    "EvaluationError",
    "EvaluationTimeout",
    "ExactTooLarge",
    "Factorial",
    "Group",
    "Mul",
    "Neg",
    "Node",
    "NotRational",
    "Num",
    "Pow",
    "Rows",
    "Token",
    "Var",
    "canonical_variable",
    "check_brackets",
    "exact_value",
    "from_sympy",
    "is_collection",
    "limits",
    "magnitude",
    "number_latex",
    "number_node",
    "number_value",
    "parse",
    "real_value",
    "size",
    "to_latex",
    "to_sympy",
    "to_text",
    "tokenize",
    "variable_latex",
    "variables_in",
]
