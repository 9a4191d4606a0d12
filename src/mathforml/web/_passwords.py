"""Passwords nobody should be allowed to choose: the common ones and the account name.

Lists of leaked passwords are the usual tool, but their licences are unclear and
most of their entries are shorter than our 10-character minimum anyway. What is
left at 10 characters and more is a handful of *patterns*, which we check
directly, so no list is shipped and nothing is looked up at run time:

- a common word or name (``password``, ``iloveyou``, ``football``, the course's own
  words …), also in leetspeak (``p@ssw0rd``) or twice (``passwordpassword``);
- a keyboard walk or a run (``qwertyuiop``, ``1q2w3e4r5t``, ``abcdefghij``,
  ``0987654321``), a repeated character or short unit (``aaaaaaaaaa``,
  ``abcabcabcabc``), or a date (``01.01.1990``);
- the account name, forwards or backwards, with or without its dots;

each with cheap decorations around it: a few digits, a year, a digit run or a few
symbols (``Password2024!``, ``ada.lovelace123``). The word list is ours, written
from well-known patterns (common words, names, sports teams, pets, brands).
"""

from __future__ import annotations

import re

#: Words at the heart of most common passwords (written for this project, not copied).
_WORD_BLOCK = """
password passwort passwd pass admin administrator root user username login logon
welcome letmein iloveyou iloveu loveyou trustno1 secret changeme default guest test
testing qwerty azerty qwertz dragon monkey master shadow sunshine princess football
baseball basketball soccer hockey golf tennis superman batman spiderman starwars pokemon
michael jennifer jordan charlie daniel thomas hannah jessica ashley andrew joshua matthew
robert william nicole amanda michelle anthony justin samantha elizabeth alexander
christopher summer winter spring autumn flower hello freedom whatever computer internet
mathforml student students teacher school college university course mathematics math
maths calculus algebra linear learning machine machinelearning deeplearning python
jupyter notebook orange banana apple cheese chocolate cookie pepper ginger killer hunter
buster tigger tiger lion bailey maggie mustang ferrari porsche corvette harley mercedes
liverpool chelsea arsenal barcelona madrid manchester yankees cowboys lakers eagles
steelers samsung google facebook microsoft windows linux ubuntu iphone android nintendo
playstation xbox minecraft fortnite roblox naruto myspace qazwsx secure security private
access family friends forever lovely angel angels sweety sweetheart babygirl baby love
lover sexy money peace happy smile jesus christ heaven blessed faith hope matrix
eigenvalue eigenvector vector gradient descent neural network
"""
COMMON_WORDS = frozenset(_WORD_BLOCK.split())

#: Keyboard rows, columns and zig-zags, and the alphabet: any stretch of one of these
#: (or of its reverse) is a walk.
WALKS = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "1234567890-=",
    "qwertyuiop[]",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "qwertzuiop",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p;/",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "qazwsxedcrfvtgbyhnujmikolp",
    "zaqxswcdevfrbgtnhymjuki,lo.",
    "147258369",
    "123qweasdzxc",
    "1qazxsw23edcvfr4",
)
_WALK_TEXT = "|".join(WALKS + tuple(w[::-1] for w in WALKS))

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "8": "b", "9": "g", "@": "a", "$": "s", "!": "i", "|": "l", "+": "t"})
#: Decorations at either end: symbols, digits, or both.
_DECORATION = re.compile(r"^([^a-z]*)(.*?)([^a-z]*)$", re.DOTALL)
_YEAR = re.compile(r"(19|20)\d\d")
_DATE = re.compile(r"\d{1,2}[./ -]?\d{1,2}[./ -]?(19|20)?\d\d")
_SEPARATORS = re.compile(r"[._\-\s]+")


def password_problem(password: str, name: str = "") -> str | None:
    """Why ``password`` is too easy to guess for the account ``name``, or None.

    The message is for the registration form; it never repeats the password."""
    text = password.lower()
    account = name.strip().lower()
    if account and _is_name(text, account):
        return "A password cannot be your account name, even with numbers added. Choose another."
    if _is_common(text):
        return (
            "That password is one of the first that anyone would try (a common word, a "
            "keyboard pattern or a repetition, perhaps with a few digits). Choose another: "
            "several unrelated words make a good one."
        )
    return None


def _cores(text: str) -> list[str]:
    """What is left of ``text`` once cheap decorations are taken off its ends, as
    typed and in plain letters (``p@ssw0rd`` → ``password``); empty when nothing is
    left or the decorations themselves are not cheap."""
    cores = []
    for variant in (text, text.translate(_LEET)):
        match = _DECORATION.match(variant)
        if match is None:  # pragma: no cover - the pattern matches every string
            continue
        before, core, after = match.groups()
        if _cheap(before) and _cheap(after):
            cores.append(core)
    # leetspeak can eat the digits of a decoration ("football1234" → "footballi234"):
    # also strip the decorations first, then read the letters in the middle as leet.
    match = _DECORATION.match(text)
    if match is not None and _cheap(match.group(1)) and _cheap(match.group(3)):
        cores.append(match.group(2).translate(_LEET))
    return cores


def _cheap(decoration: str) -> bool:
    """Digits and symbols that add little to a guess: up to 4 digits, a year or a
    date, a digit run, up to 3 symbols, and the same mixed (``2024!``, ``123$``)."""
    if not decoration:
        return True
    digits = re.sub(r"[^0-9]", "", decoration)
    symbols = len(decoration) - len(digits)
    if symbols > 3:
        return False
    if len(digits) <= 4 or _YEAR.fullmatch(digits) or _DATE.fullmatch(digits):
        return True
    return _is_pattern(digits)


def _is_pattern(text: str) -> bool:
    """A walk, a run, a repetition or a date, with nothing else."""
    if not text:
        return True
    if len(set(text)) <= 2:
        return True
    if _repeats(text):
        return True
    if len(text) >= 3 and text in _WALK_TEXT:
        return True
    if _DATE.fullmatch(text):
        return True
    # two walks or repetitions joined ("qwerty123456", "asdfasdf1234")
    return any(
        len(text[:k]) >= 3 and len(text[k:]) >= 3
        and (text[:k] in _WALK_TEXT or _repeats(text[:k]) or text[:k] in COMMON_WORDS)
        and (text[k:] in _WALK_TEXT or _repeats(text[k:]) or text[k:] in COMMON_WORDS)
        for k in range(3, len(text) - 2)
    )


def _repeats(text: str) -> bool:
    """``text`` is a shorter unit said two or more times (``abcabc``, ``lovelove``)."""
    n = len(text)
    return any(n % k == 0 and text[:k] * (n // k) == text for k in range(1, n // 2 + 1))


def _is_common(text: str) -> bool:
    if _is_pattern(text):
        return True
    for core in _cores(text):
        plain = _SEPARATORS.sub("", core)
        if not plain or plain in COMMON_WORDS or _is_pattern(plain):
            return True
        if _repeats(plain) and any(plain == w * (len(plain) // len(w)) for w in COMMON_WORDS
                                   if len(plain) % len(w) == 0):
            return True
        # a common word with a common word ("iloveyoubaby"), or "my" + a word
        if any(plain[:k] in COMMON_WORDS and (plain[k:] in COMMON_WORDS)
               for k in range(2, len(plain) - 1)):
            return True
        if plain.startswith("my") and plain[2:] in COMMON_WORDS:
            return True
    return False


def _is_name(text: str, name: str) -> bool:
    """The password is the account name (or its letters without dots, or reversed)
    with at most cheap decorations, or the name twice."""
    forms = {name, _SEPARATORS.sub("", name)}
    forms |= {f[::-1] for f in forms}
    for core in [*_cores(text), text]:
        plain = _SEPARATORS.sub("", core)
        for form in forms:
            if not form:
                continue
            if core == form or plain == _SEPARATORS.sub("", form):
                return True
            if _repeats(plain) and plain.replace(_SEPARATORS.sub("", form), "") == "":
                return True
    # the name in the middle of cheap things ("123ada2024!")
    for form in forms:
        if form and form in text:
            rest = text.replace(form, " ", 1)
            left, _, right = rest.partition(" ")
            if _cheap(left) and _cheap(right):
                return True
    return False
