"""Checking and cleaning values before they are written, so hostile input is stored safely.

Answers are the learner's own words and are always kept (a record is never lost for
its content): they are bounded to ``MAX_ANSWER_CHARS`` and the characters no
database can hold are replaced visibly. Names and ids are identifiers, so a bad
one is refused with ``InvalidRecord`` rather than silently changed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Literal, get_args

from mathforml.store._errors import InvalidRecord, preview

AttemptStatus = Literal["correct", "incorrect", "invalid", "revealed"]
STATUSES: tuple[str, ...] = get_args(AttemptStatus)
#: A variant is finished when it was answered correctly or its solution was shown.
FINISHING_STATUSES: tuple[str, ...] = ("correct", "revealed")

#: The longest answer kept, as in the engine (which rejects longer input as invalid).
MAX_ANSWER_CHARS = 4_000
MAX_NAME_CHARS = 100
MAX_ID_CHARS = 200
MAX_FEEDBACK_CODES = 100
MAX_CODE_CHARS = 200
#: The longest submitted program kept (the grader refuses larger files anyway).
MAX_SOURCE_CHARS = 256 * 1024
MAX_FILENAME_CHARS = 200
MAX_HASH_CHARS = 200
OUTCOMES: tuple[str, ...] = (
    "passed", "failed", "error", "timeout", "memory", "forbidden", "output", "crashed",
)
#: A submission is stored ``queued`` before it is graded, then ``graded`` with its report;
#: one left queued by a crash is graded when a server starts (``Store.claim_queued``).
SubmissionStatus = Literal["queued", "graded"]
SUBMISSION_STATUSES: tuple[str, ...] = get_args(SubmissionStatus)
#: The outcome a submission carries until it is graded.
QUEUED_OUTCOME = "queued"
#: The longest notebook kept while its submission waits to be graded (the web's limit).
MAX_NOTEBOOK_CHARS = 1024 * 1024
#: Who holds a queued submission: ``host:pid:token`` (see ``Store.claim_queued``).
MAX_OWNER_CHARS = 200
#: Seeds and counters are stored as signed 64-bit and 32-bit integers.
MAX_SEED = 2**63 - 1
MAX_VARIANT_NUMBER = 2**31 - 1

#: PostgreSQL cannot store U+0000 in text, so NUL becomes the visible SYMBOL FOR NULL.
NUL_REPLACEMENT = "\u2400"
#: A lone surrogate cannot be encoded as UTF-8; it becomes the REPLACEMENT CHARACTER.
SURROGATE_REPLACEMENT = "\ufffd"
_SURROGATES = re.compile("[\ud800-\udfff]")


def storable_text(text: str) -> str:
    """``text`` with the characters no database can store replaced, one for one.

    The replacement keeps the length and shows where the odd character was, which a
    teacher reading the record needs more than the original byte.

    >>> storable_text("1\\x002")
    '1␀2'
    """
    text = text.replace("\0", NUL_REPLACEMENT)
    return _SURROGATES.sub(SURROGATE_REPLACEMENT, text)


def clean_answer(raw: object) -> tuple[str, int]:
    """The answer as stored (cleaned, at most ``MAX_ANSWER_CHARS``) and its original length."""
    if not isinstance(raw, str):
        raise InvalidRecord(f"an answer is text, got {preview(raw)}")
    return storable_text(raw[:MAX_ANSWER_CHARS]), len(raw)


def _check_identifier(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InvalidRecord(f"{what} is text, got {preview(value)}")
    if not value.strip():
        raise InvalidRecord(f"{what} cannot be empty, got {preview(value)}")
    if len(value) > limit:
        raise InvalidRecord(f"{what} is at most {limit} characters, got {preview(value)}")
    if value != value.strip():
        raise InvalidRecord(f"{what} cannot start or end with spaces, got {preview(value)}")
    for char in value:
        # Cc: control characters (NUL, newline, escape…); Cs: lone surrogates.
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise InvalidRecord(
                f"{what} cannot contain the control character U+{ord(char):04X}, "
                f"got {preview(value)}"
            )
    return value


def check_learner_name(name: object) -> str:
    """A learner name is kept exactly as given (it also keys the variant seeds)."""
    return _check_identifier(name, "a learner name", MAX_NAME_CHARS)


def check_id(value: object, what: str) -> str:
    return _check_identifier(value, what, MAX_ID_CHARS)


def check_status(status: object) -> AttemptStatus:
    if status not in STATUSES:
        raise InvalidRecord(f"an attempt's status is one of {STATUSES}, got {preview(status)}")
    return status  # type: ignore[return-value]


def check_int(value: object, what: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidRecord(f"{what} is an integer, got {preview(value)}")
    if not 0 <= value <= maximum:
        raise InvalidRecord(f"{what} is between 0 and {maximum}, got {value}")
    return value


def check_elapsed(elapsed_ms: object) -> float | None:
    if elapsed_ms is None:
        return None
    if isinstance(elapsed_ms, bool) or not isinstance(elapsed_ms, int | float):
        raise InvalidRecord(f"elapsed_ms is a number of milliseconds, got {preview(elapsed_ms)}")
    value = float(elapsed_ms)
    if not math.isfinite(value) or value < 0:
        raise InvalidRecord(f"elapsed_ms is a finite, non-negative number, got {elapsed_ms!r}")
    return value


def clean_feedback_codes(codes: object) -> list[str]:
    """Feedback codes as stored: the first ``MAX_FEEDBACK_CODES``, each cleaned and bounded."""
    if isinstance(codes, str | bytes) or not isinstance(codes, Iterable):
        raise InvalidRecord(f"feedback codes are a list of strings, got {preview(codes)}")
    cleaned = []
    for code in codes:
        if not isinstance(code, str):
            raise InvalidRecord(f"a feedback code is a string, got {preview(code)}")
        if len(cleaned) < MAX_FEEDBACK_CODES:
            cleaned.append(storable_text(code[:MAX_CODE_CHARS]))
    return cleaned


def check_time(at: object) -> datetime:
    """``at`` as an aware UTC datetime (``None`` means now); naive times are ambiguous."""
    if at is None:
        return datetime.now(UTC)
    if not isinstance(at, datetime):
        raise InvalidRecord(f"a time is a datetime, got {preview(at)}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidRecord(f"a time must carry its time zone (e.g. UTC), got {at!r}")
    return at.astimezone(UTC)


def clean_source(source: object) -> str:
    """A submitted program as stored; one longer than ``MAX_SOURCE_CHARS`` is refused
    (it was never graded, so there is no record to lose)."""
    if not isinstance(source, str):
        raise InvalidRecord(f"a submission is text, got {preview(source)}")
    if len(source) > MAX_SOURCE_CHARS:
        raise InvalidRecord(
            f"a submission is at most {MAX_SOURCE_CHARS} characters, got {len(source)}"
        )
    return storable_text(source)


def clean_notebook(text: object) -> str | None:
    """A notebook kept until its submission is graded (``None`` for a ``.py``)."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidRecord(f"a notebook is text, got {preview(text)}")
    if len(text) > MAX_NOTEBOOK_CHARS:
        raise InvalidRecord(
            f"a notebook is at most {MAX_NOTEBOOK_CHARS} characters, got {len(text)}"
        )
    return storable_text(text)


def check_owner(owner: object) -> str:
    if not isinstance(owner, str) or not 0 < len(owner) <= MAX_OWNER_CHARS:
        raise InvalidRecord(f"a grading owner is short text, got {preview(owner)}")
    return owner


def clean_filename(name: object) -> str:
    """The name of an uploaded file, shown back to its owner only: cleaned and cut."""
    if not isinstance(name, str):
        raise InvalidRecord(f"a file name is text, got {preview(name)}")
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cs"))
    return name.strip()[:MAX_FILENAME_CHARS]


def check_outcome(outcome: object) -> str:
    if outcome not in OUTCOMES:
        raise InvalidRecord(f"a submission's outcome is one of {OUTCOMES}, got {preview(outcome)}")
    return outcome  # type: ignore[return-value]


def clean_report(report: object) -> dict[str, object]:
    """A grade report as a JSON document; every string in it made storable."""
    if not isinstance(report, Mapping):
        raise InvalidRecord(f"a grade report is a dict, got {preview(report)}")

    def clean(value: object, depth: int) -> object:
        if depth > 20:
            raise InvalidRecord("a grade report is nested too deeply")
        if isinstance(value, str):
            return storable_text(value)
        if isinstance(value, bool | int) or value is None:
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else None
        if isinstance(value, list | tuple):
            return [clean(v, depth + 1) for v in value]
        if isinstance(value, Mapping):
            return {storable_text(str(k)): clean(v, depth + 1) for k, v in value.items()}
        raise InvalidRecord(f"a grade report holds only JSON values, got {preview(value)}")

    return clean(report, 0)  # type: ignore[return-value]


def check_password_hash(value: object) -> str:
    if not isinstance(value, str) or not value.startswith("$argon2"):
        raise InvalidRecord("a password is stored only as an argon2 hash")
    if len(value) > MAX_HASH_CHARS:
        raise InvalidRecord(f"a password hash is at most {MAX_HASH_CHARS} characters")
    return value


def check_token_hash(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-f]{64}", value):
        raise InvalidRecord("a session is stored only as the SHA-256 hex of its token")
    return value
