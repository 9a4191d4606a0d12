"""Multiple choice: the learner types an option's letter (``b``) or its text.

Matching ignores case, spaces and surrounding ``$``, so ``"Non-singular"`` and
``"non singular"`` differ but ``"non-singular"`` and ``"Non-Singular"`` do not.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from typing import Any

import numpy as np

from mathforml.engine.answers._base import AnswerKind, Feedback, Judgement
from mathforml.errors import InputError

_LETTER = re.compile(r"^\(?([a-z])[).]?$")
_SAFE_TO_QUOTE = re.compile(r"^[\w .,'()+-]*…?$")


def _key(text: str) -> str:
    """Case- and space-insensitive form of an option (and of what was typed)."""
    return "".join(text.casefold().split()).strip("$").rstrip(".")


def _latex_text(text: str) -> str:
    """Plain text safe inside ``\\text{…}``."""
    replacements = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "$": r"\$",
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "~": r"\~{}",
    }
    return "".join(replacements.get(c, c) for c in text)


class Choice(AnswerKind):
    """One option of ``options`` (value: its 0-based index)."""

    name = "choice"

    def __init__(self, options: Sequence[str]) -> None:
        self.options = tuple(str(o) for o in options)
        if not self.options:
            raise ValueError("a choice needs at least one option")
        keys = [_key(o) for o in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"options must differ in more than case and spaces: {self.options!r}")
        self._by_key = {k: i for i, k in enumerate(keys)}

    def __repr__(self) -> str:
        return f"Choice({list(self.options)!r})"

    def _letter(self, index: int) -> str:
        return string.ascii_lowercase[index] if index < 26 else str(index + 1)

    def parse(self, raw: str) -> int:
        if not isinstance(raw, str):
            raise InputError("an answer is text")
        if "\0" in raw:
            raise InputError("the answer contains a NUL character; please retype it")
        key = _key(raw)
        if not key:
            raise InputError("no option chosen: type the letter of an option or its text")
        if key in self._by_key:
            return self._by_key[key]
        match = _LETTER.match(key)
        if match and len(self.options) <= 26:
            index = ord(match.group(1)) - ord("a")
            if index < len(self.options):
                return index
            raise InputError(
                f"there is no option '{match.group(1)}': the options are a to "
                f"{self._letter(len(self.options) - 1)}"
            )
        return self._unknown(raw)

    def _unknown(self, raw: str) -> int:
        shown = raw.strip()
        shown = shown if len(shown) <= 30 else shown[:29] + "…"
        last = self._letter(len(self.options) - 1)
        # Messages are Markdown: typed text is quoted only when it cannot carry markup.
        quoted = f"'{shown}'" if _SAFE_TO_QUOTE.match(shown) else "that"
        raise InputError(
            f"{quoted} is not one of the options: type a letter from a to {last}, or the "
            "option's text"
        )

    def normalize(self, value: Any) -> int:
        if isinstance(value, bool):
            raise TypeError(f"expected an option index or text, got {value!r}")
        if isinstance(value, int | np.integer):
            index = int(value)
            if not 0 <= index < len(self.options):
                raise ValueError(f"option index {index} out of range 0..{len(self.options) - 1}")
            return index
        if isinstance(value, str):
            key = _key(value)
            if key in self._by_key:
                return self._by_key[key]
            raise ValueError(f"{value!r} is not one of the options {self.options!r}")
        raise TypeError(f"expected an option index or text, got {value!r}")

    def equal(self, given: Any, expected: Any) -> bool:
        return int(given) == int(expected)

    def judge(self, given: Any, expected: Any) -> Judgement:
        if int(given) == int(expected):
            return Judgement(True)
        return Judgement(False, (Feedback("wrong-choice", "That option is not the right one."),))

    def text(self, value: Any) -> str:
        return self.options[int(value)]

    def latex(self, value: Any) -> str:
        index = int(value)
        return rf"\text{{({self._letter(index)}) {_latex_text(self.options[index])}}}"

    def help(self) -> str:
        last = self._letter(len(self.options) - 1)
        return f"Type the letter of your choice (a to {last}) or the option's text."

    def invalid_example(self) -> str:
        candidate = "zz?"
        while _key(candidate) in self._by_key:
            candidate += "?"
        return candidate
