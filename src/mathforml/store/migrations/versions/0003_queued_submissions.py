"""Submissions are stored before they are graded: a status, the notebook and a claim.

A submission is written ``queued`` before grading and becomes ``graded`` with its
report, so one in flight when the server dies is graded on the next start instead
of being lost. Existing rows were all graded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the bounds at the time of this revision.
OWNER_CHARS = 200


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="graded")
        )
        batch.add_column(sa.Column("notebook", sa.Text(), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.String(OWNER_CHARS), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint(
            op.f("ck_submissions_status"), "status IN ('queued', 'graded')"
        )
        batch.create_index(op.f("ix_submissions_status"), ["status"])


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index(op.f("ix_submissions_status"))
        batch.drop_constraint(op.f("ck_submissions_status"), type_="check")
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")
        batch.drop_column("notebook")
        batch.drop_column("status")
