"""Alembic environment: runs the revisions in ``versions/`` against one database.

Called by :mod:`engine.migrations` (never with an ``alembic.ini``). SQLite runs in batch
mode so that later ``ALTER`` operations become table rebuilds, which SQLite supports.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from engine.db import create_db_engine
from engine.migrations import load_models

config = context.config
target_metadata = load_models()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Emit SQL instead of running it (``alembic upgrade --sql``)."""
    context.configure(
        url=config.attributes["url"],
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.attributes.get("url")
    if not url:
        raise RuntimeError("engine.migrations: no database URL or connection was given")
    db_engine = create_db_engine(url, poolclass=NullPool)
    try:
        with db_engine.connect() as connection:
            _run(connection)
    finally:
        db_engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
