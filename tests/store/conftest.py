"""Fixtures that run every store test on SQLite and on PostgreSQL.

PostgreSQL comes from ``$MATHFORML_TEST_POSTGRES_URL`` (default: the local
``test`` database, user ``postgres``, trust auth). Each test gets its own freshly
created schema, selected with ``search_path``, and drops it afterwards, so runs and
tests never see each other's tables. Without a server the PostgreSQL tests are
skipped with the reason, except under CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from mathforml.store import Store, database_url_from_env

POSTGRES_URL_ENV = "MATHFORML_TEST_POSTGRES_URL"
POSTGRES_URL_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _postgres_url() -> URL:
    configured = os.environ.get(POSTGRES_URL_ENV, POSTGRES_URL_DEFAULT)
    return make_url(database_url_from_env({"MATHFORML_DATABASE_URL": configured}))


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An engine on the test database that creates and drops the per-test schemas."""
    url = _postgres_url()
    engine = create_engine(url.update_query_dict({"connect_timeout": "5"}), pool_size=1)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        engine.dispose()
        first_line = str(error).strip().splitlines()[0]
        reason = (
            f"PostgreSQL is unreachable at {url.render_as_string(hide_password=True)} "
            f"(set {POSTGRES_URL_ENV}): {first_line}"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_admin: Engine) -> Iterator[URL]:
    """The test database, seen through a fresh, empty schema of its own."""
    schema = f"mathforml_test_{uuid.uuid4().hex[:16]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield postgres_admin.url.difference_update_query(["connect_timeout"]).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    with postgres_admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path) -> URL:
    """An empty database on each backend."""
    if request.param == "sqlite":
        return URL.create("sqlite", database=str(tmp_path / "data" / "mathforml.db"))
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def open_store(store_url: URL) -> Iterator[Callable[..., Store]]:
    """Open more stores on the same database; all are closed after the test."""
    opened: list[Store] = []

    def _open(**kwargs) -> Store:
        store = Store(store_url, **kwargs)
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: Callable[..., Store]) -> Store:
    return open_store()
