"""Alembic migrations of the MotCua database, run programmatically (no ``alembic.ini``).

The script folder ships inside the installed package, so ``motcua db upgrade`` works from
a wheel as well as from a checkout. :func:`alembic_config` builds the configuration in
code; the database URL (or an open connection, which tests use to migrate inside their own
transaction) travels in ``Config.attributes`` rather than in an ini option, because
configparser would choke on the ``%`` of URL-encoded options.

Every domain's tables are found by :func:`load_models`, which imports each
``engine/<domain>/models.py``; a new domain needs no registration here, only a revision
in ``versions/`` (``motcua db revision -m "..." --autogenerate``).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData
from sqlalchemy.pool import NullPool

import engine
from engine.db import Base, create_db_engine

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "current",
    "downgrade",
    "head",
    "load_models",
    "revision",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent


def load_models() -> MetaData:
    """Import every ``engine.<domain>.models`` module and return the shared metadata."""
    for module in pkgutil.iter_modules(engine.__path__):
        name = f"engine.{module.name}.models"
        if module.ispkg and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    return Base.metadata


def alembic_config(url: str | None = None, *, connection: Connection | None = None) -> Config:
    """An Alembic configuration for ``url`` or for an already open ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.attributes["url"] = url
    config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "-1") -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base`` empties it)."""
    command.downgrade(alembic_config(url), revision)


def revision(message: str, *, url: str, autogenerate: bool = False) -> str:
    """Write a new revision file into ``versions/`` and return its id."""
    script = command.revision(alembic_config(url), message=message, autogenerate=autogenerate)
    if isinstance(script, list):  # pragma: no cover - only with several heads
        script = script[0]
    if script is None:  # pragma: no cover - alembic returns None only with --sql
        raise RuntimeError("alembic did not write a revision")
    return str(script.revision)


@functools.cache
def head() -> str | None:
    """The newest revision in ``versions/`` (None when there is none).

    Read once per process: the scripts ship with the code, and reading them costs about
    20 ms, which the health probe paid on every call.
    """
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(url: str) -> str | None:
    """The revision the database at ``url`` is at (None for an empty database)."""
    db_engine = create_db_engine(url, poolclass=NullPool)
    try:
        with db_engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        db_engine.dispose()
