"""Learners and their attempts at practice exercises.

Revision ID: 0001
Revises:
Create Date: 2024-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the bounds at the time of this revision: later code may change
# its constants, a migration must not.
NAME_CHARS = 100
ID_CHARS = 200
ANSWER_CHARS = 4000
STATUSES = ("correct", "incorrect", "invalid", "revealed")


def upgrade() -> None:
    # Names are spelled out and wrapped in op.f(): final, not run through the naming
    # convention again, and the same on SQLite and PostgreSQL.
    op.create_table(
        "learners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(NAME_CHARS), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learners")),
        sa.UniqueConstraint("name", name=op.f("uq_learners_name")),
    )
    op.create_table(
        "attempts",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(ID_CHARS), nullable=False),
        sa.Column("week_id", sa.String(ID_CHARS), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("variant_number", sa.Integer(), nullable=False),
        sa.Column("answer_raw", sa.String(ANSWER_CHARS), nullable=False),
        sa.Column("answer_length", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column(
            "feedback_codes",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("elapsed_ms", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_attempts_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")",
            name=op.f("ck_attempts_status"),
        ),
        sa.CheckConstraint("variant_number >= 0", name=op.f("ck_attempts_variant_number")),
        sa.CheckConstraint("seed >= 0", name=op.f("ck_attempts_seed")),
    )
    op.create_index(
        op.f("ix_attempts_learner_exercise"), "attempts", ["learner_id", "exercise_id"]
    )
    op.create_index(op.f("ix_attempts_learner_week"), "attempts", ["learner_id", "week_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_attempts_learner_week"), table_name="attempts")
    op.drop_index(op.f("ix_attempts_learner_exercise"), table_name="attempts")
    op.drop_table("attempts")
    op.drop_table("learners")
