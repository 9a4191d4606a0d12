"""The tables, as typed SQLAlchemy models. Migrations in ``migrations/versions`` create
them; a test proves that models and migrations agree.

Constraint names follow ``NAMING_CONVENTION`` so that later migrations can refer
to them on every database (SQLite needs names to alter tables in batch mode).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from mathforml.store._values import (
    MAX_ANSWER_CHARS,
    MAX_FILENAME_CHARS,
    MAX_HASH_CHARS,
    MAX_ID_CHARS,
    MAX_NAME_CHARS,
    MAX_OWNER_CHARS,
    STATUSES,
    SUBMISSION_STATUSES,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Row ids of busy tables: 64-bit on PostgreSQL, SQLite's own 64-bit rowid there.
BigId = BigInteger().with_variant(Integer(), "sqlite")
#: JSON documents: JSONB on PostgreSQL (indexable, for item statistics later).
Document = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so the UTC
    wall-clock time is stored and UTC is attached again on reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"refusing to store a naive datetime {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class LearnerRow(Base):
    """One learner. On a laptop there is usually one, named ``local``."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME_CHARS), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AttemptRow(Base):
    """One answer (or one request for the solution) to one variant of one exercise."""

    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")", name="status"
        ),
        CheckConstraint("variant_number >= 0", name="variant_number"),
        CheckConstraint("seed >= 0", name="seed"),
        Index("ix_attempts_learner_exercise", "learner_id", "exercise_id"),
        Index("ix_attempts_learner_week", "learner_id", "week_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS))
    week_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS))
    seed: Mapped[int] = mapped_column(BigInteger)
    #: Which of the learner's variants of this exercise (0, 1, …) was answered.
    variant_number: Mapped[int] = mapped_column(Integer)
    #: The answer as typed, cleaned and cut to MAX_ANSWER_CHARS characters.
    answer_raw: Mapped[str] = mapped_column(String(MAX_ANSWER_CHARS))
    #: The length of the answer as typed, so a cut answer is recognisable.
    answer_length: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    feedback_codes: Mapped[list[str]] = mapped_column(Document)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    elapsed_ms: Mapped[float | None] = mapped_column(Double)


class SubmissionRow(Base):
    """One submission of a programming assignment: stored ``queued`` before it is
    graded (with the notebook it came from, if any), then ``graded`` with its report."""

    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= max_score", name="score"),
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in SUBMISSION_STATUSES) + ")",
            name="status",
        ),
        Index("ix_submissions_learner_assignment", "learner_id", "assignment_id"),
        Index("ix_submissions_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    assignment_id: Mapped[str] = mapped_column(String(MAX_ID_CHARS))
    #: The code as submitted (cleaned like answers; at most MAX_SOURCE_CHARS).
    source: Mapped[str] = mapped_column(Text())
    filename: Mapped[str] = mapped_column(String(MAX_FILENAME_CHARS))
    score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    #: passed | failed | error | timeout | memory | forbidden | output | crashed
    outcome: Mapped[str] = mapped_column(String(16))
    #: The grade report as JSON: per-test verdicts and feedback.
    report: Mapped[dict[str, Any]] = mapped_column(Document)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    elapsed_ms: Mapped[float | None] = mapped_column(Double)
    #: queued (stored, not yet graded) | graded
    status: Mapped[str] = mapped_column(
        String(16), default="graded", server_default="graded"
    )
    #: While queued: the notebook to grade (``None`` for a ``.py``); cleared once graded.
    notebook: Mapped[str | None] = mapped_column(Text(), nullable=True)
    #: While queued: which server process is grading it, and since when.
    claimed_by: Mapped[str | None] = mapped_column(String(MAX_OWNER_CHARS), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AccountRow(Base):
    """The password of a learner who signs in (``mathforml serve --accounts``)."""

    __tablename__ = "accounts"

    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    #: An argon2 hash in PHC string format; never the password.
    password_hash: Mapped[str] = mapped_column(String(MAX_HASH_CHARS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionRow(Base):
    """A signed-in browser. Only a hash of the cookie's token is stored, so a leaked
    database does not let anyone sign in."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_learner", "learner_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
