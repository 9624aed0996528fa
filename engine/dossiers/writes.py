"""Writing one action's rows with Core statements, leaving the session as a flush would.

Why not ``Session.flush()``: an officer's step writes four rows (the dossier's versioned
``UPDATE``, its audit event, the completed task row and the next task's row). Through the
unit of work that took about 2.1 ms of a 4.7 ms completion on PostgreSQL, 1.3 ms of it in
the ORM's own bookkeeping (dependency sorting, per-object history, per-row statement
assembly), which is more than SpiffWorkflow spends running the step. The ORM has no
cheaper mode that keeps the objects in the session: its bulk operations skip version
checks and leave the objects detached, and callers read the dossier and its task rows
after the action (the API answers with them).

:func:`flush_dossiers` writes exactly what the unit of work would have written for the
shapes an action leaves behind, and then marks the objects as the flush would (written
values committed, new rows persistent with their ids, the dossier's version bumped, the
transaction told what it wrote so that a rolled-back savepoint forgets it):

1. each changed dossier: ``UPDATE dossiers SET <changed columns>, lock_version = v + 1
   WHERE id = :id AND lock_version = v``, first, because a concurrent change shows there:
   no row matched raises SQLAlchemy's :class:`~sqlalchemy.orm.exc.StaleDataError`, as the
   unit of work does, which :func:`engine.dossiers.recording.guarded` turns into a
   conflict;
2. new audit events: ``INSERT ... RETURNING id``;
3. changed task rows: ``UPDATE`` by id, the changed columns only;
4. new task rows: ``INSERT ... RETURNING id``, with the columns' Python defaults filled
   in first, as the ORM would;
5. whatever else the action sends along (``also``: its timer rows).

On PostgreSQL all of it goes out in one round trip (:func:`_run_batched`, psycopg's
pipeline mode); elsewhere (SQLite, in process) one statement after the other. Anything
else pending in the session (another kind of row, a deletion) is left to
``Session.flush()``; the session's result is the same either way, only slower.

A new dossier is written by :func:`insert_dossier`: one ``INSERT ... ON CONFLICT (code) DO
NOTHING RETURNING id``. Through the unit of work the insert needed a savepoint around it
(two more round trips), so that a code already taken by a row written without the counter
could be skipped without losing the transaction.

Measured on the engine benchmark (PostgreSQL, same machine, alternating runs): the unit
of work's flush 0.31 of raw SpiffWorkflow's rate, Core statements one by one 0.34, one
round trip 0.44 to 0.48.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import (
    Column,
    ColumnDefault,
    Connection,
    Insert,
    Table,
    bindparam,
    exc,
    insert,
    inspect,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.state import InstanceState

from engine.db import UPSERT_DIALECTS, dialect_insert, mark_written
from engine.dossiers.models import Dossier, DossierEvent, DossierTask

__all__ = ["Write", "flush_dossiers", "insert_dossier", "run_writes"]


@dataclass(frozen=True)
class _Columns:
    """What the writes need of a mapped class: its columns by attribute key, its version
    counter and its ``onupdate`` defaults."""

    table: Table
    columns: dict[str, Column[Any]]  # attribute key -> column, primary key left out
    version: str | None  # attribute key of the version counter
    on_update: dict[str, ColumnDefault]  # columns the ORM sets on every UPDATE otherwise

    @classmethod
    def of(cls, entity: type) -> _Columns:
        mapper: Mapper[Any] = inspect(entity)
        table = mapper.local_table
        if not isinstance(table, Table):  # pragma: no cover - every model maps a table
            raise TypeError(f"{entity.__name__} is not mapped to a table")
        columns = {prop.key: table.c[prop.columns[0].name] for prop in mapper.column_attrs
                   if not prop.columns[0].primary_key}
        version = mapper.version_id_col
        key = next((k for k, c in columns.items() if c is version), None)
        on_update = {k: c.onupdate for k, c in columns.items()
                     if isinstance(c.onupdate, ColumnDefault)}
        return cls(table, columns, key, on_update)


_DOSSIER, _EVENT, _TASK = (_Columns.of(Dossier), _Columns.of(DossierEvent),
                           _Columns.of(DossierTask))
_HANDLED = {Dossier: _DOSSIER, DossierEvent: _EVENT, DossierTask: _TASK}
# Statements by (table, changed columns): building one costs more than running it.
_UPDATES: dict[tuple[str, frozenset[str]], Any] = {}
_INSERTS: dict[str, Any] = {}
_NEW_DOSSIER = {name: dialect_insert(name, _DOSSIER.table)
                .on_conflict_do_nothing(index_elements=[_DOSSIER.table.c.code])
                .returning(_DOSSIER.table.c.id) for name in UPSERT_DIALECTS}


def _update_statement(shape: _Columns, keys: frozenset[str]) -> Any:
    cache_key = (shape.table.name, keys)
    statement = _UPDATES.get(cache_key)
    if statement is None:
        table = shape.table
        where = [table.c.id == bindparam("_id")]
        # A bound parameter may not take a column's own name in a SET clause.
        values = {shape.columns[k].name: bindparam(f"v_{k}", type_=shape.columns[k].type)
                  for k in sorted(keys)}
        if shape.version is not None:
            column = shape.columns[shape.version]
            where.append(column == bindparam("_version", type_=column.type))
            values[column.name] = bindparam("_next_version", type_=column.type)
        statement = _UPDATES[cache_key] = update(table).where(*where).values(values)
    return statement


def _insert_statement(shape: _Columns) -> Any:
    statement = _INSERTS.get(shape.table.name)
    if statement is None:
        statement = _INSERTS[shape.table.name] = insert(shape.table).returning(
            shape.table.c.id, sort_by_parameter_order=True)
    return statement


def _changed(state: InstanceState[Any], shape: _Columns) -> frozenset[str]:
    """Column attributes set since the object was loaded or last written, and those with
    an ``onupdate`` default, given it now as a flush would (``updated_at``)."""
    keys = {k for k in state.committed_state if k in shape.columns and k != shape.version}
    if keys:
        for key, default in shape.on_update.items():
            if key not in keys:
                state.dict[key] = _default(default)
                keys.add(key)
    return frozenset(keys)


def _default(default: ColumnDefault) -> Any:
    """The value a column's Python-side default gives now (a callable is called)."""
    return default.arg(None) if default.is_callable else default.arg


def _simple(session: Session) -> bool:
    """Whether everything pending is an action's shape (module docstring): changed
    dossiers and task rows (columns, and a dossier's task list), new events and task rows."""
    if session.deleted:
        return False
    for obj in session.new:
        if type(obj) not in (DossierEvent, DossierTask):
            return False
    for obj in session.dirty:
        shape = _HANDLED.get(type(obj))
        if shape is None:
            return False
        extra = set(inspect(obj).committed_state).difference(shape.columns)
        if extra - ({"tasks"} if shape is _DOSSIER else set()):
            return False
    return True


def flush_dossiers(session: Session, also: Sequence[Write] = ()) -> None:
    """Write the session's pending changes as :func:`Session.flush` would (module
    docstring), through Core statements when they are an action's shape; ``also`` are
    more statements of the action, sent with them."""
    mark_written(session)  # the Core statements below are not seen as a flush
    if not _simple(session):
        session.flush()
        run_writes(session.connection(), list(also))
        return
    pending = list(session.new)
    dirty = [inspect(obj) for obj in session.dirty]
    writes = [_update_dossier(state) for state in dirty if state.class_ is Dossier]
    writes.append(_insert(_EVENT, [o for o in pending if type(o) is DossierEvent]))
    writes.extend(_update_rows(_TASK, [s for s in dirty if s.class_ is DossierTask]))
    new_tasks = [o for o in pending if type(o) is DossierTask]
    for row in new_tasks:
        if row.dossier_id is None:
            row.dossier_id = row.dossier.id
    writes.append(_insert(_TASK, new_tasks))
    run_writes(session.connection(), [*writes, *also])
    # What was written is now what the database holds, and the transaction knows which
    # rows it wrote (a rolled-back savepoint expunges the new ones and expires the
    # others): the unit of work's own last step after its statements.
    session._register_persistent({*dirty, *(inspect(obj) for obj in pending)})


def insert_dossier(session: Session, dossier: Dossier) -> bool:
    """Insert the new ``dossier`` unless another row holds its code (module docstring).

    True when inserted: ``dossier`` is then in the session as a flush leaves a new object
    (persistent, with its id). False when the code is taken: nothing was written and
    ``dossier`` stays outside the session.
    """
    connection = session.connection()
    new_id = connection.execute(_NEW_DOSSIER[connection.dialect.name],
                                _complete(dossier, _DOSSIER)).scalar_one_or_none()
    if new_id is None:
        return False
    dossier.id = new_id
    session.add(dossier)
    mark_written(session)
    session._register_persistent({inspect(dossier)})  # as flush_dossiers does
    return True


@dataclass(frozen=True)
class Write:
    """One statement run for each of ``rows``; ``done`` gets the values of the column it
    returns (for every row, in order), or the number of rows it matched. The statement
    is compiled once (:func:`_compiled`), so it may not hold an expanding ``IN`` list."""

    statement: Any
    rows: list[dict[str, Any]]
    returning: bool
    done: Callable[[Any], None]


def _update_dossier(state: InstanceState[Any]) -> Write:
    keys = _changed(state, _DOSSIER)
    version = state.dict["lock_version"]
    params = {f"v_{k}": state.dict[k] for k in keys}
    params.update(_id=state.dict["id"], _version=version, _next_version=version + 1)

    def done(matched: int) -> None:
        if matched != 1:
            raise StaleDataError(
                "UPDATE statement on table 'dossiers' expected to update 1 row(s); "
                f"{matched} were matched.")
        state.dict["lock_version"] = version + 1

    return Write(_update_statement(_DOSSIER, keys), [params], False, done)


def _update_rows(shape: _Columns, states: Sequence[InstanceState[Any]]) -> list[Write]:
    by_keys: dict[frozenset[str], list[InstanceState[Any]]] = {}
    for state in states:
        keys = _changed(state, shape)
        if keys:
            by_keys.setdefault(keys, []).append(state)
    return [Write(_update_statement(shape, keys),
                   [{**{f"v_{k}": s.dict[k] for k in keys}, "_id": s.dict["id"]} for s in group],
                   False, lambda _matched: None)
            for keys, group in by_keys.items()]


def _insert(shape: _Columns, objects: list[Any]) -> Write:
    """Insert ``objects`` (one statement) and give them their ids."""

    def done(ids: list[int]) -> None:
        for obj, new_id in zip(objects, ids, strict=True):
            obj.id = new_id

    return Write(_insert_statement(shape), [_complete(obj, shape) for obj in objects],
                  True, done)


def run_writes(connection: Connection, writes: list[Write]) -> None:
    """Run ``writes`` in order: in one round trip on PostgreSQL, one by one elsewhere."""
    writes = [write for write in writes if write.rows]
    if writes:
        (_run_batched if _batches(connection) else _run_each)(connection, writes)


def _run_each(connection: Connection, writes: list[Write]) -> None:
    """Each write as one Core statement: executemany (a multi-row ``INSERT``), or row by
    row for a statement that returns rows and is not an ``INSERT``."""
    for write in writes:
        if write.returning and not isinstance(write.statement, Insert):
            write.done([value for row in write.rows
                        for value in connection.execute(write.statement, row).scalars()])
            continue
        result = connection.execute(write.statement,
                                    write.rows if len(write.rows) > 1 else write.rows[0])
        write.done(result.scalars().all() if write.returning else result.rowcount)


def _complete(obj: Any, shape: _Columns) -> dict[str, Any]:
    """The row to insert for ``obj``, unset columns given their Python default (or None)."""
    values = obj.__dict__
    row = {}
    for key, column in shape.columns.items():
        if key not in values:
            default = column.default
            setattr(obj, key, _default(default) if isinstance(default, ColumnDefault) else None)
        row[column.name] = values[key]
    return row


# -- PostgreSQL: every write in one round trip ----------------------------------------


def _batches(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    processors: dict[str, Callable[[Any], Any]]


_COMPILED: dict[tuple[int, str], _Compiled] = {}


def _compiled(statement: Any, columns: Sequence[str], dialect: Dialect) -> _Compiled:
    """``statement``'s SQL for ``dialect`` and the bind processors of its parameters
    (the cached statements of this module only: keyed by identity)."""
    key = (id(statement), dialect.name)
    found = _COMPILED.get(key)
    if found is None:
        compiled = statement.compile(dialect=dialect, column_keys=list(columns))
        processors = {}
        for name, bind in compiled.binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                processors[name] = processor
        found = _COMPILED[key] = _Compiled(str(compiled), processors)
    return found


def _run_batched(connection: Connection, writes: list[Write]) -> None:
    """Every row of every write sent at once in psycopg's pipeline mode, read back in order.

    Why by hand: SQLAlchemy sends one statement per round trip and cannot run inside a
    pipeline (its results close before they are read), and each round trip of the four to
    six an action writes cost more than the server's work on it. The statements are
    SQLAlchemy's own, compiled once for the dialect, with the columns' own bind
    processors; psycopg prepares them on the server after a few uses, as it does for
    SQLAlchemy. The server runs them in order and stops at the first error, which is
    raised as SQLAlchemy would raise it.
    """
    dialect = connection.dialect
    raw: Any = connection.connection.driver_connection
    sent: list[tuple[Write, list[Any]]] = []
    try:
        with raw.pipeline():
            for write in writes:
                compiled = _compiled(write.statement, list(write.rows[0]), dialect)
                cursors = []
                for row in write.rows:
                    cursor = raw.cursor()
                    cursor.execute(compiled.sql, {
                        name: compiled.processors[name](value)
                        if name in compiled.processors else value
                        for name, value in row.items()})
                    cursors.append(cursor)
                sent.append((write, cursors))
        for write, cursors in sent:
            if write.returning:
                write.done([row[0] for cursor in cursors for row in cursor.fetchall()])
            else:
                write.done(sum(cursor.rowcount for cursor in cursors))
    except psycopg.Error as error:
        _settle_updates(sent)
        raise exc.DBAPIError.instance(
            "; ".join(str(w.statement) for w in writes), None, error, psycopg.Error,
        ) from error
    finally:
        for _write, cursors in sent:
            for cursor in cursors:
                cursor.close()


def _settle_updates(sent: list[tuple[Write, list[Any]]]) -> None:
    """After a failed batch, hand each ``UPDATE`` that ran before the failure its count.

    The dossier's versioned ``UPDATE`` runs first: when it matched no row (a concurrent
    action committed first), what fails next is that action's event number, taken twice.
    The stale version is the cause to report, as the unit of work would have.
    """
    for write, cursors in sent:
        if any(cursor.pgresult is None or cursor.pgresult.status
               != psycopg.pq.ExecStatus.COMMAND_OK for cursor in cursors):
            return
        if not write.returning:
            write.done(sum(cursor.rowcount for cursor in cursors))
