"""Where the learner's record lives: the database URL, from the environment or the default.

Learners get one SQLite file in their user data folder and configure nothing; a
teacher hosting a cohort points ``MATHFORML_DATABASE_URL`` at PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from mathforml.store._errors import DatabaseConfigError, preview

#: Any SQLAlchemy URL; ``postgresql://…`` is read as ``postgresql+psycopg://…``.
ENV_DATABASE_URL = "MATHFORML_DATABASE_URL"
#: The folder that holds the default SQLite database.
ENV_DATA_DIR = "MATHFORML_DATA_DIR"
DATABASE_FILENAME = "mathforml.db"

# psycopg 3 is the PostgreSQL driver we install; a bare scheme would pick psycopg2.
_DRIVER_ALIASES = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the default database: ``$MATHFORML_DATA_DIR`` or the user data dir."""
    env = os.environ if environ is None else environ
    configured = env.get(ENV_DATA_DIR, "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(platformdirs.user_data_dir("mathforml"))


def normalize_url(url: str | URL) -> URL:
    """Parse ``url`` and choose the psycopg 3 driver for a bare ``postgresql://``.

    >>> normalize_url("postgresql://teacher@db/course").drivername
    'postgresql+psycopg'
    """
    if isinstance(url, str):
        try:
            parsed = make_url(url.strip())
        except ArgumentError:
            raise DatabaseConfigError(
                f"{preview(url)} is not a database URL; expected e.g. "
                "'sqlite:////path/to/mathforml.db' or 'postgresql://user@host/dbname'"
            ) from None
    elif isinstance(url, URL):
        parsed = url
    else:
        raise DatabaseConfigError(f"a database URL is text, got {preview(url)}")
    driver = _DRIVER_ALIASES.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def url_from_env(environ: Mapping[str, str] | None = None) -> URL:
    """The configured database as a parsed URL (see ``database_url_from_env``)."""
    env = os.environ if environ is None else environ
    configured = env.get(ENV_DATABASE_URL, "").strip()
    if configured:
        return normalize_url(configured)
    return URL.create("sqlite", database=str(data_dir(env) / DATABASE_FILENAME))


def database_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The database URL to use: ``$MATHFORML_DATABASE_URL``, else
    ``sqlite:///<data dir>/mathforml.db`` with the data dir from ``$MATHFORML_DATA_DIR``
    or ``platformdirs.user_data_dir("mathforml")``.

    >>> database_url_from_env({"MATHFORML_DATABASE_URL": "postgresql://db/course"})
    'postgresql+psycopg://db/course'
    >>> database_url_from_env({"MATHFORML_DATA_DIR": "/srv/learner"})
    'sqlite:////srv/learner/mathforml.db'
    """
    return url_from_env(environ).render_as_string(hide_password=False)


def display_url(url: URL) -> str:
    """The URL for messages and logs: never shows a password."""
    return url.render_as_string(hide_password=True)
