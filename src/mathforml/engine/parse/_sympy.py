"""Converting between our syntax trees and SymPy, in both directions.

``to_sympy`` builds the SymPy object node by node with ``evaluate=False``, so the
result keeps the learner's form (``x + x`` stays a sum of two terms) and no
arithmetic happens while building it: callers bound the size and the exponents
before they ask SymPy to do work. ``from_sympy`` reads an exercise author's
(trusted) SymPy expression into a tree, so that keys and answers are compared
and printed the same way. SymPy is imported lazily: it is slow to import.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

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
)
from mathforml.engine.parse._tokens import GREEK

_SYMPY_FUNCTIONS = {
    "sin": "sin",
    "cos": "cos",
    "tan": "tan",
    "asin": "asin",
    "acos": "acos",
    "atan": "atan",
    "sinh": "sinh",
    "cosh": "cosh",
    "tanh": "tanh",
    "exp": "exp",
    "ln": "log",
    "log": "log",
    "abs": "Abs",
}


def to_sympy(node: Node, *, evaluate: bool = False) -> Any:
    """The tree as a SymPy expression (variables become plain Symbols), unevaluated
    unless ``evaluate``: only callers that bounded sizes and exponents may evaluate."""
    import sympy

    if isinstance(node, Num):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Const):
        return sympy.pi if node.name == "pi" else sympy.E
    if isinstance(node, Var):
        return sympy.Symbol(node.name)
    if isinstance(node, Neg):
        return sympy.Mul(
            sympy.S.NegativeOne, to_sympy(node.arg, evaluate=evaluate), evaluate=evaluate
        )
    if isinstance(node, Add):
        return sympy.Add(*(to_sympy(t, evaluate=evaluate) for t in node.terms), evaluate=evaluate)
    if isinstance(node, Mul):
        parts = []
        for factor, divide in zip(node.factors, node.divide, strict=True):
            value = to_sympy(factor, evaluate=evaluate)
            parts.append(sympy.Pow(value, -1, evaluate=evaluate) if divide else value)
        return sympy.Mul(*parts, evaluate=evaluate)
    if isinstance(node, Pow):
        return sympy.Pow(
            to_sympy(node.base, evaluate=evaluate),
            to_sympy(node.exp, evaluate=evaluate),
            evaluate=evaluate,
        )
    if isinstance(node, Factorial):
        return sympy.factorial(to_sympy(node.arg, evaluate=evaluate), evaluate=evaluate)
    if isinstance(node, Call):
        args = [to_sympy(a, evaluate=evaluate) for a in node.args]
        if node.func == "sqrt":
            return sympy.Pow(args[0], sympy.S.Half, evaluate=evaluate)
        if node.func == "log2":
            return sympy.Mul(
                sympy.log(args[0], evaluate=evaluate),
                sympy.Pow(sympy.log(2, evaluate=evaluate), -1, evaluate=evaluate),
                evaluate=evaluate,
            )
        if node.func == "log10":
            return sympy.Mul(
                sympy.log(args[0], evaluate=evaluate),
                sympy.Pow(sympy.log(10, evaluate=evaluate), -1, evaluate=evaluate),
                evaluate=evaluate,
            )
        if node.func == "sigmoid":
            x = args[0]
            denominator = sympy.Add(
                1,
                sympy.exp(sympy.Mul(-1, x, evaluate=evaluate), evaluate=evaluate),
                evaluate=evaluate,
            )
            return sympy.Pow(denominator, -1, evaluate=evaluate)
        if node.func == "binom":
            return sympy.binomial(*args, evaluate=evaluate)
        return getattr(sympy, _SYMPY_FUNCTIONS[node.func])(*args, evaluate=evaluate)
    if isinstance(node, Group | Rows):
        raise TypeError("a list has no SymPy scalar form")
    raise TypeError(f"not a syntax tree node: {node!r}")


def number_node(value: Fraction) -> Node:
    """A rational number as the tree a learner would type: ``-3/4`` is ``Neg(3/4)``."""
    magnitude = abs(value)
    node: Node = Num(Fraction(magnitude.numerator))
    if magnitude.denominator != 1:
        node = Mul((node, Num(Fraction(magnitude.denominator))), (False, True))
    return Neg(node) if value < 0 else node


def from_sympy(expr: Any, variables: tuple[str, ...] = ()) -> Node:
    """Read a trusted SymPy expression into a tree; symbols must be in ``variables``."""
    import sympy

    if not isinstance(expr, sympy.Basic):  # never converts strings: they may be typed text
        raise TypeError(f"expected a SymPy expression, got {type(expr).__name__}")
    if expr.is_Rational:
        return number_node(Fraction(int(expr.p), int(expr.q)))
    if expr.is_Float:
        value = float(expr)
        node: Node = Num(Fraction(repr(abs(value))), decimal=True)
        return Neg(node) if value < 0 else node
    if expr is sympy.pi:
        return Const("pi")
    if expr is sympy.E:
        return Const("e")
    if expr.is_Symbol:
        name = GREEK.get(expr.name, expr.name)
        if name not in variables:
            raise ValueError(f"the expression uses {name!r}, which is not a declared variable")
        return Var(name)
    if expr.is_Add:
        terms = []
        for term in expr.as_ordered_terms():
            if term.could_extract_minus_sign():
                terms.append(Neg(from_sympy(-term, variables)))
            else:
                terms.append(from_sympy(term, variables))
        return Add(tuple(terms))
    if expr.is_Mul:
        return _from_mul(expr, variables)
    if expr.is_Pow:
        return _from_pow(expr, variables)
    if isinstance(expr, sympy.exp):
        return Pow(Const("e"), from_sympy(expr.args[0], variables))
    if isinstance(expr, sympy.factorial):
        return Factorial(from_sympy(expr.args[0], variables))
    if isinstance(expr, sympy.binomial):
        return Call("binom", tuple(from_sympy(a, variables) for a in expr.args))
    names = {v: k for k, v in _SYMPY_FUNCTIONS.items() if k not in ("log",)}
    name = type(expr).__name__
    if name in names and len(expr.args) == 1:
        return Call(names[name], (from_sympy(expr.args[0], variables),))
    raise ValueError(f"cannot read the SymPy expression {expr!r} as an answer")


def _from_mul(expr: Any, variables: tuple[str, ...]) -> Node:
    import sympy

    if expr.could_extract_minus_sign():
        return Neg(from_sympy(-expr, variables))
    numerator: list[Node] = []
    denominator: list[Node] = []
    for arg in sympy.Mul.make_args(expr):
        if arg.is_Rational:
            if arg.p != 1:
                numerator.append(Num(Fraction(int(arg.p))))
            if arg.q != 1:
                denominator.append(Num(Fraction(int(arg.q))))
        elif arg.is_Pow and arg.exp.is_Rational and arg.exp.is_negative:
            denominator.append(from_sympy(sympy.Pow(arg.base, -arg.exp), variables))
        else:
            numerator.append(from_sympy(arg, variables))
    if not numerator:
        numerator.append(Num(Fraction(1)))
    if not denominator:
        if len(numerator) == 1:
            return numerator[0]
        return Mul(tuple(numerator), (False,) * len(numerator))
    below = (
        denominator[0]
        if len(denominator) == 1
        else Mul(tuple(denominator), (False,) * len(denominator))
    )
    return Mul((*numerator, below), (False,) * len(numerator) + (True,))


def _from_pow(expr: Any, variables: tuple[str, ...]) -> Node:
    import sympy

    base, exp = expr.base, expr.exp
    if exp.is_Rational and exp.is_negative:
        return Mul((Num(Fraction(1)), from_sympy(sympy.Pow(base, -exp), variables)), (False, True))
    if exp == sympy.S.Half:
        return Call("sqrt", (from_sympy(base, variables),))
    if base is sympy.E:
        return Pow(Const("e"), from_sympy(exp, variables))
    return Pow(from_sympy(base, variables), from_sympy(exp, variables))
