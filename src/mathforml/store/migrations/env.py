"""Alembic's entry point. mathforml runs migrations itself (``Store.migrate``) and
hands over an open connection, so there is no alembic.ini and no URL here."""

from __future__ import annotations

from alembic import context

from mathforml.store._models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "mathforml migrations run through mathforml.store.Store(url).migrate(), "
        "which provides the database connection"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
