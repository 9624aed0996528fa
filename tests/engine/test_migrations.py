"""Alembic migrations on both backends: they run both ways and match the models exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from engine import migrations
from engine.db import create_db_engine

CATALOG_TABLES = {"fields", "agencies", "centres", "procedures", "procedure_versions"}


def _tables(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    assert migrations.current(empty_db_url) is None
    migrations.upgrade(empty_db_url)
    assert migrations.current(empty_db_url) == migrations.head()
    assert _tables(empty_db_url) >= CATALOG_TABLES
    migrations.downgrade(empty_db_url, "base")
    assert migrations.current(empty_db_url) is None
    assert _tables(empty_db_url) == set()
    migrations.upgrade(empty_db_url)
    assert migrations.current(empty_db_url) == migrations.head()


def test_each_revision_steps_down_and_up(empty_db_url: str) -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config())
    revisions = [rev.revision for rev in script.walk_revisions("base", "heads")]
    migrations.upgrade(empty_db_url)
    for expected in revisions[1:]:
        migrations.downgrade(empty_db_url, "-1")
        assert migrations.current(empty_db_url) == expected
    migrations.downgrade(empty_db_url, "-1")
    assert migrations.current(empty_db_url) is None


def test_models_match_the_migrated_schema(db_engine: Engine) -> None:
    metadata = migrations.load_models()
    assert set(metadata.tables) >= CATALOG_TABLES
    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_single_head_and_packaged_script_folder() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert len(script.get_heads()) == 1
    assert (migrations.MIGRATIONS_DIR / "env.py").is_file()
    assert (migrations.MIGRATIONS_DIR / "script.py.mako").is_file()


def test_sqlite_enforces_foreign_keys_and_uses_wal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'motcua.db'}"
    migrations.upgrade(url)
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO procedure_versions (procedure_id, number, bpmn_xml, "
                    "content_hash, status, author, created_at, format_version) VALUES "
                    "(999, 1, '<x/>', 'h', 'draft', 'a', :now, 1)"
                ),
                {"now": dt.datetime.now(dt.UTC)},
            )
    finally:
        engine.dispose()


def test_sqlite_savepoints_roll_back_inside_the_transaction(tmp_path: Path) -> None:
    """The BEGIN fix: a released savepoint is still undone by the outer rollback."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'sp.db'}")
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.commit()
            transaction = connection.begin()
            with connection.begin_nested():
                connection.execute(text("INSERT INTO t VALUES (1)"))
            transaction.rollback()
            assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        engine.dispose()


def test_dossiers_are_stored_for_frequent_updates_on_postgresql(db_engine: Engine) -> None:
    if db_engine.dialect.name != "postgresql":
        pytest.skip("SQLite has neither compression methods nor a fillfactor")
    with db_engine.connect() as connection:
        offered = connection.execute(text(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'")).scalar()
        method = connection.execute(text(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'dossiers'::regclass "
            "AND attname = 'workflow_state'")).scalar()
        options = connection.execute(text(
            "SELECT reloptions FROM pg_class WHERE oid = 'dossiers'::regclass")).scalar()
    assert method == ("l" if offered else "")
    assert options == ["fillfactor=70"]
