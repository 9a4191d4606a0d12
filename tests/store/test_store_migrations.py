"""The schema: created by the shipped Alembic migrations, idempotently, on both backends."""

from __future__ import annotations

import subprocess
import sys
import threading
from importlib import resources

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from mathforml.store import SchemaMismatch, Store, head_revision
from mathforml.store._migrate import alembic_config
from mathforml.store._models import Base

ALL_TABLES = {
    "alembic_version", "learners", "attempts", "submissions", "accounts", "sessions"
}


def _tables(store: Store) -> set[str]:
    return set(inspect(store._engine).get_table_names())


def test_migration_files_ship_inside_the_package():
    migrations = resources.files("mathforml.store") / "migrations"
    for name in ("__init__.py", "env.py", "script.py.mako", "versions/__init__.py",
                 "versions/0001_initial.py", "versions/0002_submissions_accounts.py",
                 "versions/0003_queued_submissions.py"):
        assert (migrations / name).is_file(), name


def test_head_revision_is_the_newest_shipped_migration():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [head_revision()]


def test_opening_an_up_to_date_database_does_not_import_alembic(store):
    # Start-up speed of the CLI: Alembic is only needed when there is a migration to run.
    url = store.url.render_as_string(hide_password=False)
    script = (
        "import sys; from mathforml.store import Store; "
        f"Store({url!r}).learner(); print('alembic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_upgrade_from_an_empty_database_creates_the_tables(open_store):
    store = open_store(migrate=False)
    assert store.schema_revision() is None
    assert _tables(store) == set()
    store.migrate()
    assert store.schema_revision() == head_revision() == "0003"
    assert _tables(store) == ALL_TABLES
    indexes = {
        ix["name"]: ix["column_names"] for ix in inspect(store._engine).get_indexes("attempts")
    }
    assert indexes["ix_attempts_learner_exercise"] == ["learner_id", "exercise_id"]
    assert indexes["ix_attempts_learner_week"] == ["learner_id", "week_id"]


def test_opening_a_store_migrates_it(store):
    assert store.schema_revision() == head_revision()


def test_models_and_migrations_agree(store):
    with store._engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_reopening_is_idempotent_and_keeps_the_data(open_store):
    first = open_store()
    me = first.learner("ada")
    first.record_attempt(me, exercise_id="c1w1.a", week_id="c1w1", seed=3, variant_number=0,
                         answer_raw="[1, 2]", status="correct")
    first.close()
    for _ in range(3):
        again = open_store()
        again.migrate()
        assert again.schema_revision() == head_revision()
        assert [a.answer_raw for a in again.attempts(again.learner("ada"))] == ["[1, 2]"]
        with again._engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        again.close()


def test_concurrent_first_opens_migrate_exactly_once(open_store):
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def open_one() -> None:
        try:
            start.wait()
            open_store().learner("shared")
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = open_store()
    with store._engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            ("0003",)
        ]
        assert connection.execute(text("SELECT count(*) FROM learners")).scalar() == 1


def test_a_database_from_a_newer_mathforml_is_refused_clearly(open_store):
    store = open_store()
    with store._engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaMismatch, match=r"'9999'.*upgrade mathforml"):
        open_store()


def test_downgrade_to_empty_and_upgrade_again(store):
    config = alembic_config()
    with store._engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert _tables(store) == {"alembic_version"}
    store.migrate()
    assert _tables(store) == ALL_TABLES


def test_upgrade_from_0001_keeps_every_attempt(store):
    """A learner's record from the first release survives the move to 0002."""
    me = store.learner("ada")
    store.record_attempt(me, exercise_id="c1w1.det", week_id="c1w1", seed=3,
                         variant_number=0, answer_raw="-2", status="correct")
    config = alembic_config()
    with store._engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert _tables(store) == {"alembic_version", "learners", "attempts"}
    store.migrate()
    assert [a.answer_raw for a in store.attempts(me)] == ["-2"]
    report = {"score": 1, "max_score": 2, "outcome": "failed", "tests": []}
    saved = store.record_submission(me, assignment_id="c1w2", source="x = 1", report=report)
    assert store.submission(me, saved.id) == saved


def test_env_py_refuses_to_run_without_a_connection():
    with pytest.raises(RuntimeError, match=r"Store\(url\)\.migrate\(\)"):
        command.upgrade(alembic_config(), "head")
