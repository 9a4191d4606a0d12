"""What can go wrong with the learner's record, as errors a front end can show.

Each error also inherits from a builtin so that callers who know nothing of
mathforml can still catch it (``ValueError`` for bad values, ``ConnectionError``
when the database cannot be reached).
"""

from __future__ import annotations

from mathforml.errors import MathformlError


class StoreError(MathformlError):
    """Base class of the errors raised by ``mathforml.store``."""


class DatabaseConfigError(ValueError, StoreError):
    """The configured database URL cannot be understood."""


class DatabaseUnavailable(ConnectionError, StoreError):
    """The database cannot be opened or used (unreachable, locked too long, read-only)."""


class DatabaseBusy(DatabaseUnavailable):
    """The database stayed locked by another writer for longer than the store waits
    (``Store(timeout=...)``, a few seconds). Nothing was written; trying again in a
    moment usually works. A web server answers 503 rather than stalling."""


class SchemaMismatch(RuntimeError, StoreError):
    """The database was written by a newer mathforml, or its schema is not ours."""


class InvalidRecord(ValueError, StoreError):
    """A value cannot be stored: wrong type, out of range, or not a valid name or id."""


class NameTaken(ValueError, StoreError):
    """An account cannot be made: a learner of that name already exists."""


def preview(value: object, *, limit: int = 40) -> str:
    """A short ``repr`` of a bad value for an error message (hostile values can be huge)."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= 2 * limit else text[: 2 * limit] + "…"
