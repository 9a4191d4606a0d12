"""Writing a syntax tree back out: as text a learner could type, and as LaTeX.

``to_text`` is the inverse of the parser: ``parse(to_text(t)) == t`` for every
tree the parser can produce, because it puts parentheses exactly where the
grammar needs them (parentheses are transparent to the parser). ``to_latex``
renders what was understood, faithfully: ``1/2x`` shows as ``\\frac{1}{2} x``.
"""

from __future__ import annotations

from fractions import Fraction

from mathforml.engine.parse._limits import MAX_LITERAL_DIGITS, MAX_LITERAL_EXPONENT
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

# Binding strength of each node when printed; a child weaker than its slot needs
# parentheses.
_ADD, _NEG, _MUL, _POW, _POSTFIX, _ATOM = range(1, 7)

_LATEX_FUNCTIONS = {
    "exp": r"\exp",
    "ln": r"\ln",
    "log": r"\log",
    "log2": r"\log_{2}",
    "log10": r"\log_{10}",
    "sin": r"\sin",
    "cos": r"\cos",
    "tan": r"\tan",
    "asin": r"\arcsin",
    "acos": r"\arccos",
    "atan": r"\arctan",
    "sinh": r"\sinh",
    "cosh": r"\cosh",
    "tanh": r"\tanh",
    "sigmoid": r"\operatorname{sigmoid}",
}
_GREEK_NAMES = frozenset(GREEK.values())


def _level(node: Node) -> int:
    if isinstance(node, Add):
        return _ADD
    if isinstance(node, Neg):
        return _NEG
    if isinstance(node, Mul):
        return _MUL
    if isinstance(node, Pow):
        return _POW
    if isinstance(node, Factorial):
        return _POSTFIX
    return _ATOM


# -- numbers -----------------------------------------------------------------
def decimal_parts(value: Fraction) -> tuple[int, int]:
    """``value`` (a terminating decimal ≥ 0) as ``(m, k)`` with value = m·10^-k and
    no trailing zeros in ``m``."""
    q = value.denominator
    k = 0
    while q % 10 == 0:
        q //= 10
        k += 1
    while q % 2 == 0:
        q //= 2
        k += 1
    while q % 5 == 0:
        q //= 5
        k += 1
    m = value.numerator * 10**k // value.denominator
    if m == 0:
        return 0, 0
    while m % 10 == 0:
        m //= 10
        k -= 1
    return m, k


def _plain_decimal(m: int, k: int) -> str | None:
    """m·10^-k written without an exponent, or None when that needs too many digits."""
    digits = str(m)
    if k <= 0:
        text = digits + "0" * (-k) + ".0"
    elif k >= len(digits):
        text = "0." + "0" * (k - len(digits)) + digits
    else:
        text = digits[:-k] + "." + digits[-k:]
    return text if sum(c.isdigit() for c in text) <= min(MAX_LITERAL_DIGITS, 24) else None


def _scientific(m: int, k: int) -> tuple[str, int]:
    """m·10^-k as (mantissa, exponent) with one digit before the point, unless the
    exponent would leave the range the tokenizer accepts."""
    digits = str(m)
    exponent = len(digits) - 1 - k
    clamped = max(-MAX_LITERAL_EXPONENT, min(MAX_LITERAL_EXPONENT, exponent))
    if clamped != exponent:
        plain = _plain_decimal(m, k + clamped)
        if plain is not None:
            return plain, clamped
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return mantissa, exponent


def number_text(num: Num) -> str:
    if not num.decimal:
        return str(num.value.numerator)
    m, k = decimal_parts(num.value)
    plain = _plain_decimal(m, k)
    if plain is not None:
        return plain
    mantissa, exponent = _scientific(m, k)
    return f"{mantissa}e{exponent}"


def number_latex(num: Num) -> str:
    if not num.decimal:
        return str(num.value.numerator)
    m, k = decimal_parts(num.value)
    plain = _plain_decimal(m, k)
    if plain is not None:
        return plain
    mantissa, exponent = _scientific(m, k)
    return rf"{mantissa} \times 10^{{{exponent}}}"


# -- text ----------------------------------------------------------------------
def to_text(node: Node) -> str:
    """The tree as a learner would type it; the parser reads it back to ``node``."""
    if isinstance(node, Num):
        return number_text(node)
    if isinstance(node, Const | Var):
        return node.name
    if isinstance(node, Neg):
        return "-" + _text_at(node.arg, _NEG)
    if isinstance(node, Add):
        parts = [_text_at(node.terms[0], _NEG)]
        for term in node.terms[1:]:
            if isinstance(term, Neg):
                parts.append(" - " + _text_at(term.arg, _NEG))
            else:
                parts.append(" + " + _text_at(term, _NEG))
        return "".join(parts)
    if isinstance(node, Mul):
        parts = [_text_at(node.factors[0], _POW)]
        for factor, divide in zip(node.factors[1:], node.divide[1:], strict=True):
            parts.append("/" if divide else "*")
            parts.append(_text_at(factor, _POW))
        return "".join(parts)
    if isinstance(node, Pow):
        base = _text_at(node.base, _POSTFIX)
        exp = node.exp
        exp_text = to_text(exp) if _level(exp) >= _POSTFIX else f"({to_text(exp)})"
        return f"{base}^{exp_text}"
    if isinstance(node, Factorial):
        return _text_at(node.arg, _ATOM) + "!"
    if isinstance(node, Call):
        return f"{node.func}({', '.join(to_text(a) for a in node.args)})"
    if isinstance(node, Group):
        inner = ", ".join(to_text(i) for i in node.items)
        if node.open == "":
            return inner
        return {"(": f"({inner})", "[": f"[{inner}]", "{": f"{{{inner}}}"}[node.open]
    if isinstance(node, Rows):
        inner = "; ".join(", ".join(to_text(i) for i in row) for row in node.rows)
        return f"[{inner}]" if node.open == "[" else inner
    raise TypeError(f"not a syntax tree node: {node!r}")


def _text_at(node: Node, minimum: int) -> str:
    text = to_text(node)
    return text if _level(node) >= minimum else f"({text})"


# -- LaTeX -------------------------------------------------------------------------
def variable_latex(name: str) -> str:
    if name in _GREEK_NAMES:
        return "\\" + name
    letters = name.rstrip("0123456789")
    digits = name[len(letters) :]
    head = letters if len(letters) == 1 else rf"\mathit{{{letters}}}"
    return f"{head}_{{{digits}}}" if digits else head


def to_latex(node: Node) -> str:
    """The tree as LaTeX (no surrounding ``$``), faithful to how it was typed."""
    if isinstance(node, Num):
        return number_latex(node)
    if isinstance(node, Const):
        return r"\pi" if node.name == "pi" else "e"
    if isinstance(node, Var):
        return variable_latex(node.name)
    if isinstance(node, Neg):
        return "-" + _latex_at(node.arg, _NEG)
    if isinstance(node, Add):
        parts = [_latex_at(node.terms[0], _NEG)]
        for term in node.terms[1:]:
            if isinstance(term, Neg):
                parts.append(" - " + _latex_at(term.arg, _NEG))
            else:
                parts.append(" + " + _latex_at(term, _NEG))
        return "".join(parts)
    if isinstance(node, Mul):
        return _mul_latex(node)
    if isinstance(node, Pow):
        return f"{_latex_at(node.base, _POSTFIX)}^{{{to_latex(node.exp)}}}"
    if isinstance(node, Factorial):
        return _latex_at(node.arg, _ATOM) + "!"
    if isinstance(node, Call):
        return _call_latex(node)
    if isinstance(node, Group):
        inner = ", ".join(to_latex(i) for i in node.items)
        if node.open == "":
            return inner
        left, right = {"(": ("(", ")"), "[": ("[", "]"), "{": (r"\{", r"\}")}[node.open]
        return rf"\left{left}{inner}\right{right}"
    if isinstance(node, Rows):
        body = r" \\ ".join(" & ".join(to_latex(i) for i in row) for row in node.rows)
        return rf"\begin{{bmatrix}}{body}\end{{bmatrix}}"
    raise TypeError(f"not a syntax tree node: {node!r}")


def _latex_at(node: Node, minimum: int) -> str:
    text = to_latex(node)
    return text if _level(node) >= minimum else rf"\left({text}\right)"


def _juxtapose(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        needs_dot = (
            part[:1].isdigit()
            or part[:1] in "-."
            or (out.endswith("}") and part.startswith(r"\frac"))
        )
        out += (r" \cdot " if needs_dot else " ") + part
    return out


def _mul_latex(node: Mul) -> str:
    factors = node.factors
    n = len(factors)
    numerator = [factors[0]]
    current: list[str] | None = None  # the rendered product so far, once a fraction exists
    i = 1
    while i < n:
        if node.divide[i]:
            denominator = []
            while i < n and node.divide[i]:
                denominator.append(factors[i])
                i += 1
            top = _product_latex(numerator) if current is None else _juxtapose(current)
            current = [rf"\frac{{{top}}}{{{_product_latex(denominator)}}}"]
            numerator = []
        else:
            if current is None:
                numerator.append(factors[i])
            else:
                current.append(_latex_at(factors[i], _POW))
            i += 1
    return _product_latex(numerator) if current is None else _juxtapose(current)


def _product_latex(factors: list[Node]) -> str:
    if len(factors) == 1:
        return (
            to_latex(factors[0]) if not isinstance(factors[0], Neg) else _latex_at(factors[0], _POW)
        )
    return _juxtapose([_latex_at(f, _POW) for f in factors])


def _call_latex(node: Call) -> str:
    args = [to_latex(a) for a in node.args]
    if node.func == "sqrt":
        return rf"\sqrt{{{args[0]}}}"
    if node.func == "abs":
        return rf"\left|{args[0]}\right|"
    if node.func == "binom":
        return rf"\binom{{{args[0]}}}{{{args[1]}}}"
    return rf"{_LATEX_FUNCTIONS[node.func]}\left({', '.join(args)}\right)"
