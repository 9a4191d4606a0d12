"""The bounds every typed answer must respect, each with a reason.

A learner's answer is untrusted text, so each stage of reading it has a bound:
the tokenizer bounds length, tokens and literal size; the parser bounds nesting;
the evaluators bound magnitudes and time. A bound that is hit raises
``InputTooLarge`` with a message that names the bound in the learner's words.
"""

from __future__ import annotations

#: Characters in one answer (the check pipeline applies the same cap first).
MAX_INPUT_CHARS = 4_000
#: Tokens in one answer: a 20×20 matrix of entries like ``-3/4`` needs about 2,000.
MAX_TOKENS = 3_000
#: Nesting of brackets and of operators that recurse (unary signs, powers, functions).
MAX_DEPTH = 50
#: Digits in one number literal (``0.333…`` with more digits than this is refused).
MAX_LITERAL_DIGITS = 40
#: The largest power of ten in scientific notation: floats reach 1.8e308 and, below
#: 1, 5e-324; ``1e999999`` is refused.
MAX_LITERAL_EXPONENT = 330
#: Items in one answer, counting nested lists too: a 20×20 matrix typed as
#: ``[[…], …]`` has 400 entries in 20 rows, 420 items.
MAX_ITEMS = 500
#: Rows and columns of a matrix answer.
MAX_ROWS = 20
MAX_COLUMNS = 20
#: Entries of a vector answer and elements of a set answer.
MAX_VECTOR_ENTRIES = 100
MAX_SET_ELEMENTS = 100
#: Bits of a numerator or denominator in exact arithmetic; beyond it we use floats.
MAX_EXACT_BITS = 2_048
#: The largest ``n`` in ``n!`` (170! is the largest factorial a float can hold).
MAX_FACTORIAL = 170
#: The largest ``n`` in ``binom(n, k)``.
MAX_BINOMIAL_N = 1_000
#: The largest root taken exactly (``8^(1/3)`` is 2, ``x^(1/13)`` is left to floats).
MAX_EXACT_ROOT = 12
#: Wall-clock seconds one evaluation of an answer may take.
EVAL_SECONDS = 0.05
