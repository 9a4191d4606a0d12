"""Where the database is: defaults, environment overrides, and how SQLite is opened."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import text

from mathforml.errors import MathformlError
from mathforml.store import (
    DatabaseConfigError,
    DatabaseUnavailable,
    Store,
    data_dir,
    database_url_from_env,
)


def test_default_database_is_a_sqlite_file_in_the_user_data_dir():
    expected = Path(platformdirs.user_data_dir("mathforml")) / "mathforml.db"
    assert database_url_from_env({}) == f"sqlite:///{expected}"


def test_data_dir_env_moves_the_default_database(tmp_path):
    env = {"MATHFORML_DATA_DIR": str(tmp_path / "learner")}
    assert data_dir(env) == tmp_path / "learner"
    assert database_url_from_env(env) == f"sqlite:///{tmp_path}/learner/mathforml.db"


def test_relative_data_dir_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert database_url_from_env({"MATHFORML_DATA_DIR": "here"}) == (
        f"sqlite:///{tmp_path.resolve()}/here/mathforml.db"
    )


def test_data_dir_with_url_special_characters_survives_the_round_trip(tmp_path):
    folder = tmp_path / "a b?c#d%e"
    with Store.from_env({"MATHFORML_DATA_DIR": str(folder)}) as store:
        store.learner("ada")
    assert (folder / "mathforml.db").is_file()


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("postgresql://teacher@db/course", "postgresql+psycopg://teacher@db/course"),
        ("postgres://teacher@db:5433/course", "postgresql+psycopg://teacher@db:5433/course"),
        ("postgresql+psycopg://db/course", "postgresql+psycopg://db/course"),
        ("postgresql+psycopg2://db/course", "postgresql+psycopg2://db/course"),
        ("sqlite:////srv/data/course.db", "sqlite:////srv/data/course.db"),
        ("  sqlite:////srv/data/course.db\n", "sqlite:////srv/data/course.db"),
    ],
)
def test_database_url_env_wins_and_bare_postgresql_uses_psycopg3(configured, expected):
    env = {"MATHFORML_DATABASE_URL": configured, "MATHFORML_DATA_DIR": "/ignored"}
    assert database_url_from_env(env) == expected


def test_empty_database_url_env_means_the_default(tmp_path):
    env = {"MATHFORML_DATABASE_URL": "  ", "MATHFORML_DATA_DIR": str(tmp_path)}
    assert database_url_from_env(env) == f"sqlite:///{tmp_path}/mathforml.db"


def test_an_unreadable_url_is_a_clear_config_error():
    with pytest.raises(DatabaseConfigError, match="'not a url' is not a database URL") as info:
        database_url_from_env({"MATHFORML_DATABASE_URL": "not a url"})
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, MathformlError)


def test_from_env_creates_the_folder_and_opens_sqlite_in_wal_mode(tmp_path):
    folder = tmp_path / "deep" / "data"
    with Store.from_env({"MATHFORML_DATA_DIR": str(folder)}) as store:
        assert store.url.database == str(folder / "mathforml.db")
        store.learner()
        with store._engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    # SQLite's busy wait is the store's bounded timeout (5 s unless configured)
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5_000,
                      "synchronous": 2}  # 2 = FULL: every commit reaches the disk


def test_in_memory_sqlite_is_one_database_for_the_whole_store():
    with Store("sqlite://") as store:
        me = store.learner("ada")
        store.record_attempt(me, exercise_id="c1w1.a", week_id="c1w1", seed=1,
                             variant_number=0, answer_raw="1", status="correct")
        assert len(store.attempts(store.learner("ada"))) == 1


def test_repr_never_shows_a_password():
    store = Store("postgresql://teacher:s3cret@db.invalid/course", migrate=False)
    try:
        assert "s3cret" not in repr(store)
        assert repr(store) == "Store('postgresql+psycopg://teacher:***@db.invalid/course')"
    finally:
        store.close()


def test_unreachable_postgresql_is_database_unavailable_without_the_password():
    with pytest.raises(DatabaseUnavailable) as info:
        Store("postgresql://teacher:s3cret@127.0.0.1:1/course?connect_timeout=2")
    message = str(info.value)
    assert "127.0.0.1:1/course" in message
    assert "s3cret" not in message
    assert isinstance(info.value, ConnectionError)


def test_a_database_folder_that_cannot_be_created_is_database_unavailable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="cannot create the folder"):
        Store.from_env({"MATHFORML_DATA_DIR": str(blocker / "data")})


def test_a_file_that_is_not_a_database_is_database_unavailable(tmp_path):
    (tmp_path / "mathforml.db").write_bytes(b"this is not SQLite " * 100)
    with pytest.raises(DatabaseUnavailable, match="file is not a database"):
        Store.from_env({"MATHFORML_DATA_DIR": str(tmp_path)})


def test_sqlite_database_is_usable_after_close_and_reopen(tmp_path):
    url = f"sqlite:///{tmp_path}/m.db"
    with Store(url) as store:
        store.learner("ada")
    with Store(url) as store, store._engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM learners")).scalars().all() == ["ada"]
