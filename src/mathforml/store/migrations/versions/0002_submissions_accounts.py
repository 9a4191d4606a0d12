"""Graded assignment submissions; accounts and sessions for ``serve --accounts``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the bounds at the time of this revision.
ID_CHARS = 200
FILENAME_CHARS = 200
HASH_CHARS = 200


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.String(ID_CHARS), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(FILENAME_CHARS), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column(
            "report",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("elapsed_ms", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_submissions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("score >= 0 AND score <= max_score", name=op.f("ck_submissions_score")),
    )
    op.create_index(
        op.f("ix_submissions_learner_assignment"),
        "submissions",
        ["learner_id", "assignment_id"],
    )
    op.create_table(
        "accounts",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(HASH_CHARS), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_accounts")),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_accounts_learner_id_learners"),
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sessions")),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_sessions_learner_id_learners"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_sessions_learner"), "sessions", ["learner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sessions_learner"), table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("accounts")
    op.drop_index(op.f("ix_submissions_learner_assignment"), table_name="submissions")
    op.drop_table("submissions")
