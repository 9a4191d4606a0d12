"""Bringing a database's schema up to date with Alembic, without an alembic.ini.

The migration scripts ship inside the package (``mathforml.store:migrations``);
the configuration is built here and the open connection handed to ``env.py``.
Alembic is imported only when there is something to migrate, so opening an
up-to-date database (every start of the CLI) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from mathforml.store._engine import WRITE_OPTION
from mathforml.store._errors import SchemaMismatch

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "mathforml.store:migrations"
#: The newest revision in ``migrations/versions``. Bump it with every new revision;
#: a test fails while it differs from what Alembic finds there.
HEAD_REVISION = "0003"
VERSION_TABLE = "alembic_version"
#: Key of the PostgreSQL advisory lock that serialises concurrent migrations
#: (two web workers starting at once); an arbitrary constant, "mfml" in ASCII.
PG_MIGRATION_LOCK = 0x6D666D6C


def alembic_config() -> Config:
    """An Alembic configuration for our migrations, built in code."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The newest schema revision this version of mathforml knows."""
    return HEAD_REVISION


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at (None for an empty database)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Migrate the database to the newest revision in one transaction; a no-op when current.

    The whole upgrade commits or nothing does (DDL is transactional on SQLite and
    PostgreSQL), and concurrent upgrades queue on a lock instead of racing: SQLite's
    write lock (``BEGIN IMMEDIATE``) or a PostgreSQL advisory lock.
    """
    with (
        engine.connect().execution_options(**{WRITE_OPTION: True}) as connection,
        connection.begin(),
    ):
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK}
            )
        found = current_revision(connection)
        if found == HEAD_REVISION:
            return
        from alembic import command

        config = alembic_config()
        _check_known(config, found)
        config.attributes["connection"] = connection
        command.upgrade(config, HEAD_REVISION)


def _check_known(config: Config, found: str | None) -> None:
    from alembic.script import ScriptDirectory

    if found is None:
        return
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    if found not in known:
        raise SchemaMismatch(
            f"this database is at schema revision {found!r}, which this version of "
            f"mathforml does not know (its newest is {HEAD_REVISION!r}); it was probably "
            "written by a newer mathforml, so upgrade mathforml rather than the database"
        )
