"""Reading characters into tokens: numbers, names, operators.

The tokenizer is where typed text becomes trusted: every character is either
understood or reported with its position. Unicode that learners paste from
notes is mapped to its ASCII meaning (``−`` minus, ``·`` and ``×`` times, ``√``,
superscript digits, ``π`` and ``λ``), and names are matched against a closed
list: the functions, the constants ``pi`` and ``e``, and the variables the
answer kind declares. The longest known name wins, so ``exp`` is one name and
``xy`` is ``x`` times ``y``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache
from typing import Any, NamedTuple

from mathforml.engine.parse._limits import (
    MAX_INPUT_CHARS,
    MAX_LITERAL_DIGITS,
    MAX_LITERAL_EXPONENT,
    MAX_TOKENS,
)
from mathforml.errors import InputError, InputTooLarge

#: Functions and how many arguments each takes. ``log`` is the natural logarithm.
FUNCTIONS: dict[str, int] = {
    "sqrt": 1,
    "exp": 1,
    "ln": 1,
    "log": 1,
    "log2": 1,
    "log10": 1,
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "asin": 1,
    "acos": 1,
    "atan": 1,
    "sinh": 1,
    "cosh": 1,
    "tanh": 1,
    "abs": 1,
    "sigmoid": 1,
    "binom": 2,
}
#: Other spellings of functions, mapped to the canonical name.
FUNCTION_ALIASES: dict[str, str] = {"arcsin": "asin", "arccos": "acos", "arctan": "atan"}
CONSTANTS: tuple[str, ...] = ("pi", "e")
#: Greek letters a learner may paste, and the ASCII name each stands for.
GREEK: dict[str, str] = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "η": "eta",
    "θ": "theta",
    "λ": "lambda",
    "μ": "mu",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "ω": "omega",
}
#: Operator characters and their ASCII meaning (``**`` is handled separately).
OPERATORS: dict[str, str] = {
    "+": "+",
    "-": "-",
    "−": "-",
    "–": "-",
    "*": "*",
    "·": "*",
    "⋅": "*",
    "∙": "*",
    "×": "*",
    "/": "/",
    "÷": "/",
    "∕": "/",
    "^": "^",
    "(": "(",
    ")": ")",
    "[": "[",
    "]": "]",
    "{": "{",
    "}": "}",
    ",": ",",
    ";": ";",
    "|": "|",
    "!": "!",
    "∅": "∅",
}
SUPERSCRIPTS: dict[str, str] = {
    "⁰": "0",
    "¹": "1",
    "²": "2",
    "³": "3",
    "⁴": "4",
    "⁵": "5",
    "⁶": "6",
    "⁷": "7",
    "⁸": "8",
    "⁹": "9",
    "⁻": "-",
    "⁺": "+",
}
#: Characters that could start Markdown or HTML markup if quoted in a message.
_MARKUP = frozenset("`\\$*&#~")
WHITESPACE = frozenset(" \t\n\r\u00a0\u2009\u202f\u2002\u2003")


class Token(NamedTuple):
    """One token. ``kind`` is ``num`` (``value`` a Fraction), ``name`` (``value`` the
    canonical name, ``category`` ``func``/``const``/``var``/``root``), ``op`` (``value``
    the ASCII operator) or ``end``; ``pos`` is the offset in the typed text."""

    kind: str
    value: Any
    pos: int
    text: str
    category: str = ""
    decimal: bool = False


def _is_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _is_letter(ch: str) -> bool:
    return "a" <= ch <= "z" or "A" <= ch <= "Z"


@lru_cache(maxsize=256)
def name_table(variables: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Every name the tokenizer accepts, mapped to (category, canonical name).
    Declared variables shadow the constants (a variable may be called ``e``)."""
    table: dict[str, tuple[str, str]] = {}
    for name in FUNCTIONS:
        table[name] = ("func", name)
    for alias, name in FUNCTION_ALIASES.items():
        table[alias] = ("func", name)
    for name in CONSTANTS:
        table[name] = ("const", name)
    for name in variables:
        if table.get(name, ("", ""))[0] == "func":
            raise ValueError(f"a variable cannot be named like a function: {name!r}")
        table[name] = ("var", name)
    return table


def canonical_variable(name: str) -> str:
    """``λ`` → ``lambda``: the ASCII name a declared variable is known by."""
    if name in GREEK:
        return GREEK[name]
    if not name or not _is_letter(name[0]) or not all(_is_letter(c) or _is_digit(c) for c in name):
        raise ValueError(f"a variable name is letters then digits (like 'x' or 'x1'), got {name!r}")
    return name


def _describe_variables(variables: Iterable[str]) -> str:
    names = sorted(variables)
    if not names:
        return "the answer is a number, so it uses no variables"
    if len(names) == 1:
        return f"this answer uses only {names[0]}"
    return f"this answer uses only {', '.join(names[:-1])} and {names[-1]}"


def tokenize(text: str, variables: tuple[str, ...] = ()) -> list[Token]:
    """Split ``text`` into tokens, ending with an ``end`` token.

    Raises ``InputError`` at the first character that is not understood, and
    ``InputTooLarge`` when a bound of ``_limits`` is exceeded.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise InputTooLarge(
            f"that answer is {len(text):,} characters long; answers are limited to "
            f"{MAX_INPUT_CHARS:,}"
        )
    names = name_table(variables)
    longest = max(len(n) for n in names)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in WHITESPACE:
            i += 1
            continue
        if len(tokens) >= MAX_TOKENS:
            raise InputTooLarge(
                f"that answer has more than {MAX_TOKENS:,} numbers, names and symbols", position=i
            )
        if _is_digit(ch) or (ch == "." and i + 1 < n and _is_digit(text[i + 1])):
            token, i = _number(text, i)
        elif _is_letter(ch):
            token = _name(text, i, names, longest, variables)
            i += len(token.text)
        elif ch in GREEK:
            canonical = GREEK[ch]
            if canonical not in names:
                raise InputError(
                    f"unknown name '{ch}': {_describe_variables(variables)}", position=i
                )
            category, value = names[canonical]
            token = Token("name", value, i, ch, category=category)
            i += 1
        elif ch == "*" and text.startswith("**", i):
            token = Token("op", "^", i, "**")
            i += 2
        elif ch == "√":
            token = Token("name", "sqrt", i, ch, category="root")
            i += 1
        elif ch in OPERATORS:
            token = Token("op", OPERATORS[ch], i, ch)
            i += 1
        elif ch in SUPERSCRIPTS:
            i = _superscript(text, i, tokens)
            continue
        else:
            raise InputError(_unexpected(ch, text, i), position=i)
        tokens.append(token)
    tokens.append(Token("end", None, n, ""))
    return tokens


def _unexpected(ch: str, text: str, i: int) -> str:
    if ch == "\0":
        return f"the answer contains a NUL character (at position {i + 1}); please retype it"
    if unicodedata.category(ch).startswith("C"):
        return (
            f"the answer contains an invisible control character (U+{ord(ch):04X}, at "
            f"position {i + 1}); please retype it"
        )
    if ch == "=":
        return "type only the value, without '=' (for example 3/4, not x = 3/4)"
    if ch == ".":
        return f"unexpected '.' at position {i + 1}: a decimal point must be followed by digits"
    if ch in "<>":
        return (
            f"unexpected comparison sign at position {i + 1}: comparisons are not part of an answer"
        )
    if ch in _MARKUP:  # messages are Markdown: name the character instead of quoting it
        return f"unexpected character U+{ord(ch):04X} at position {i + 1}"
    return f"unexpected character '{ch}' at position {i + 1}"


def _number(text: str, start: int) -> tuple[Token, int]:
    n = len(text)
    i = start
    while i < n and _is_digit(text[i]):
        i += 1
    whole = text[start:i]
    fraction = ""
    decimal = False
    if i < n and text[i] == "." and not text.startswith("..", i):
        j = i + 1
        while j < n and _is_digit(text[j]):
            j += 1
        fraction = text[i + 1 : j]
        decimal = True
        i = j
    exponent = 0
    if i < n and text[i] in "eE":
        j = i + 1
        sign = 1
        if j < n and text[j] in "+-−":
            sign = -1 if text[j] != "+" else 1
            j += 1
        if j < n and _is_digit(text[j]):
            k = j
            while k < n and _is_digit(text[k]):
                k += 1
            digits = text[j:k]
            if len(digits) > 4 or int(digits) > MAX_LITERAL_EXPONENT:
                raise InputTooLarge(
                    f"the number {_excerpt(text[start:k])} is out of range: exponents are "
                    f"limited to ±{MAX_LITERAL_EXPONENT}",
                    position=start,
                )
            exponent = sign * int(digits)
            decimal = True
            i = k
    if len(whole) + len(fraction) > MAX_LITERAL_DIGITS:
        raise InputTooLarge(
            f"the number {_excerpt(text[start:i])} has {len(whole) + len(fraction):,} digits; "
            f"numbers are limited to {MAX_LITERAL_DIGITS} digits",
            position=start,
        )
    if decimal:
        value = (
            Fraction(int(whole + fraction or "0"), 10 ** len(fraction)) * Fraction(10) ** exponent
        )
    else:
        value = Fraction(int(whole))
    return Token("num", value, start, text[start:i], decimal=decimal), i


def _excerpt(s: str, width: int = 16) -> str:
    return repr(s) if len(s) <= width else repr(s[: width - 1] + "…")


def _name(
    text: str,
    start: int,
    names: dict[str, tuple[str, str]],
    longest: int,
    variables: tuple[str, ...],
) -> Token:
    n = len(text)
    end = start
    # Only the first ``longest`` characters can match a name: scanning further would
    # make a long run of letters quadratic.
    while end < n and end - start < longest and (_is_letter(text[end]) or _is_digit(text[end])):
        end += 1
    run = text[start:end]
    for length in range(min(len(run), longest), 0, -1):
        hit = names.get(run[:length])
        if hit is not None:
            category, value = hit
            return Token("name", value, start, run[:length], category=category)
    word_end = start
    while word_end < n and _is_letter(text[word_end]):
        word_end += 1
    word = text[start:word_end]
    lower = word.lower()
    if lower in names and names[lower][0] != "var":
        raise InputError(
            f"unknown name '{word}': names are case-sensitive, write '{lower}'", position=start
        )
    if len(word) > 1 and text[word_end : word_end + 1] == "(":
        raise InputError(
            f"unknown function '{word}': the functions are {', '.join(sorted(FUNCTIONS))}",
            position=start,
        )
    shown = word if len(word) <= 20 else word[:19] + "…"
    raise InputError(f"unknown name '{shown}': {_describe_variables(variables)}", position=start)


def _superscript(text: str, start: int, tokens: list[Token]) -> int:
    """``x²`` → ``x ^ 2`` and ``x⁻¹`` → ``x ^ - 1``: append the tokens, return the new index."""
    i = start
    n = len(text)
    while i < n and text[i] in SUPERSCRIPTS:
        i += 1
    run = "".join(SUPERSCRIPTS[c] for c in text[start:i])
    sign, digits = (run[0], run[1:]) if run[0] in "+-" else ("", run)
    if not digits.isdigit() or len(digits) > MAX_LITERAL_DIGITS:
        raise InputError(
            f"could not read the superscript '{text[start:i]}': use digits, as in x² or x⁻¹",
            position=start,
        )
    tokens.append(Token("op", "^", start, text[start]))
    if sign:
        tokens.append(Token("op", sign, start, text[start]))
    tokens.append(Token("num", Fraction(int(digits)), start + len(sign), text[start:i]))
    return i
