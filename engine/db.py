"""Database plumbing shared by every engine domain: the declarative base and engine setup.

Why it looks like this:

- ``Base.metadata`` carries a naming convention so every constraint and index has a
  predictable name. Alembic needs names to drop or alter constraints (SQLite's batch mode
  rebuilds tables by name), and the same name on SQLite and PostgreSQL keeps one migration
  valid on both.
- SQLite is the zero-setup default (``motcua setup`` on a laptop), PostgreSQL the
  production database. :func:`create_db_engine` makes SQLite behave like a real database:
  foreign keys enforced, write-ahead logging so the web server and a CLI command can read
  while another writes, and SQLAlchemy (not the ``sqlite3`` module's legacy mode) emitting
  ``BEGIN`` so that DDL is transactional and ``SAVEPOINT`` nests inside the transaction.
  Tests depend on the latter: each test runs inside a rolled-back transaction and the code
  under test uses savepoints.
- A pooled PostgreSQL connection is checked before use only when it has been idle for
  :data:`PING_AFTER_IDLE` seconds (:func:`_ping_idle_connections`). A connection that died
  (a server restart, a dropped network path) almost always did so while it sat in the pool;
  SQLAlchemy's ``pool_pre_ping`` checks every checkout instead, one more round trip on
  each request and job step (about 3% of a task completion).
- JSON columns (a dossier's 10 KB workflow state on every action) are encoded and decoded
  with orjson, about five times faster than the standard library; a value orjson refuses
  (an integer beyond 64 bits) falls back to :mod:`json`, and what neither accepts (a
  datetime, a dataclass) is still refused, as before.
- Timestamps are stored as UTC and always read back timezone-aware, on both backends
  (SQLite has no timezone type, so :class:`UTCDateTime` restores it on the way out).

The session lifecycle is the caller's: services receive a :class:`~sqlalchemy.orm.Session`
and only ``flush``; the web request, CLI command or job that opened the session decides
when to commit. :func:`wrote` tells it whether the transaction wrote anything, so that a
read can end with ``COMMIT`` (psycopg forgets its prepared statements on every
``ROLLBACK``) without ever committing a write nobody asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import DateTime, Engine, Enum, MetaData, Table, create_engine, event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import (
    DeclarativeBase,
    ORMExecuteState,
    Session,
    SessionTransaction,
    sessionmaker,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

__all__ = [
    "NAMING_CONVENTION",
    "PING_AFTER_IDLE",
    "UPSERT_DIALECTS",
    "Base",
    "UTCDateTime",
    "create_db_engine",
    "dialect_insert",
    "json_dumps",
    "mark_written",
    "session_factory",
    "str_enum",
    "utcnow",
    "wrote",
]

#: The backends with an ``INSERT ... ON CONFLICT`` (:func:`dialect_insert`).
UPSERT_DIALECTS = ("postgresql", "sqlite")
WROTE = "motcua.wrote"  # Session.info key: the current transaction wrote something

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Seconds a pooled connection may sit idle before it is checked at checkout.
PING_AFTER_IDLE = 5.0


class Base(DeclarativeBase):
    """Declarative base of every MotCua table (one metadata, one migration history)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> dt.datetime:
    """The current instant, timezone-aware in UTC (the only form stored in the database)."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and returned timezone-aware on every backend.

    Naive datetimes are refused rather than guessed: a naive value in this code base is a
    bug (the statutory clock and the audit log depend on unambiguous instants).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware value")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):  # pragma: no cover - driver contract
            raise TypeError(f"expected a datetime from the driver, got {value!r}")
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def str_enum(enum_class: type[StrEnum], *, length: int = 32) -> Enum:
    """A column type storing a :class:`~enum.StrEnum` by value (``"published"``, not ``PUBLISHED``).

    A plain ``VARCHAR`` without a database enum or CHECK constraint: adding a member later
    then needs no migration, and the value in the database is the one the national data
    exchange and the API use.
    """
    return Enum(
        enum_class,
        values_callable=lambda members: [member.value for member in members],
        native_enum=False,
        create_constraint=False,
        validate_strings=True,
        length=length,
    )


def create_db_engine(url: str, **options: Any) -> Engine:
    """Create an engine for ``url``; SQLite gets the pragmas and transaction fix above.

    For a file-based SQLite URL the parent folder is created, so a first ``motcua setup``
    works in an empty checkout.
    """
    parsed = make_url(url)
    options.setdefault("json_serializer", json_dumps)
    options.setdefault("json_deserializer", orjson.loads)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, **options)
        if not options.get("pool_pre_ping"):
            _ping_idle_connections(engine)
        return engine
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    _install_sqlite_hooks(engine, wal=not in_memory)
    return engine


_ORJSON_OPTIONS = (orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
                   | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)


def json_dumps(value: Any) -> str:
    """JSON text of ``value`` as :func:`json.dumps` writes it, only faster (module
    docstring)."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def _ping_idle_connections(engine: Engine) -> None:
    """Check a pooled connection at checkout if it was idle for ``PING_AFTER_IDLE``.

    SQLAlchemy's documented checkout-event recipe: the dialect's own ping, and
    ``DisconnectionError`` when it fails, on which the pool discards the connection and
    checks out another (a fresh one if need be), so the caller never sees the dead one.
    """

    @event.listens_for(engine, "checkin")
    def _idle_since(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return  # new, or back in the pool a moment ago
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(f"pooled connection is gone: {error}") from error
        if not alive:  # pragma: no cover - do_ping raises rather than answers False
            raise exc.DisconnectionError("pooled connection did not answer a ping")


def _install_sqlite_hooks(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Take BEGIN away from the sqlite3 module; SQLAlchemy emits it in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 10000")
            if wal:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def dialect_insert(dialect: str, target: Table | type[Any]) -> postgresql.Insert | sqlite.Insert:
    """``INSERT`` into ``target`` as ``dialect`` builds it, for its ``ON CONFLICT``
    clauses (one of :data:`UPSERT_DIALECTS`)."""
    if dialect == "postgresql":
        return postgresql.insert(target)
    if dialect == "sqlite":
        return sqlite.insert(target)
    raise NotImplementedError(f"no INSERT ... ON CONFLICT for the {dialect} dialect")


def wrote(session: Session) -> bool:
    """Whether ``session``'s current transaction may have written anything: a flush, an
    ORM-enabled ``INSERT``, ``UPDATE`` or ``DELETE`` through :meth:`Session.execute`, or a
    write declared with :func:`mark_written`; pending, unflushed changes count too.

    SQL sent on :meth:`Session.connection` is not seen; code that writes that way declares
    it with :func:`mark_written`.
    """
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


def mark_written(session: Session) -> None:
    """Declare that ``session``'s transaction wrote rows :func:`wrote` cannot see."""
    session.info[WROTE] = True


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed or rolled back: nothing written since
        session.info.pop(WROTE, None)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """The session factory used by requests, CLI commands and jobs alike.

    ``expire_on_commit=False`` because views serialize objects after the unit of work has
    committed; reloading every attribute then would cost a query per object for nothing.
    """
    return sessionmaker(bind=engine, expire_on_commit=False)
