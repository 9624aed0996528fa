"""The database of a Flask app: one engine per app, one session per app context.

Plain SQLAlchemy (:mod:`engine.db`), not Flask-SQLAlchemy, so the engine, jobs and the CLI
share one way of opening sessions. A view gets the session with :func:`get_session`; the
view commits when its unit of work is done (services only flush), and the session is
closed, rolling back anything uncommitted, when the app context ends.

A read that succeeded ends with ``COMMIT`` instead (:func:`_end_read`): the same for the
database when nothing was written, but psycopg forgets the connection's prepared
statements on every ``ROLLBACK``. Ending each inbox read with one made PostgreSQL parse
and plan every query of the officer's next request again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from engine.db import create_db_engine, session_factory, wrote

__all__ = ["SAFE_METHODS", "DatabaseState", "database", "get_session", "init_database"]

EXTENSION_KEY = "motcua.db"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})  # RFC 9110: reads only

log = logging.getLogger(__name__)


@dataclass
class DatabaseState:
    """What an app holds: its engine and the factory of its sessions.

    Tests replace ``factory`` with one bound to a connection inside a rolled-back
    transaction.
    """

    engine: Engine
    factory: sessionmaker[Session]


def init_database(app: Flask) -> DatabaseState:
    """Create the engine for ``DATABASE_URL`` (no connection yet) and hook the teardown."""
    db_engine = create_db_engine(
        app.config["DATABASE_URL"], echo=bool(app.config.get("DATABASE_ECHO"))
    )
    state = DatabaseState(engine=db_engine, factory=session_factory(db_engine))
    app.extensions[EXTENSION_KEY] = state
    app.after_request(_end_read)
    app.teardown_appcontext(_close_session)
    return state


def database(app: Flask | None = None) -> DatabaseState:
    """The database state of ``app`` (default: the current app)."""
    target = app or current_app
    state: DatabaseState = target.extensions[EXTENSION_KEY]
    return state


def get_session() -> Session:
    """The session of the current app context, opened on first use."""
    session: Session | None = g.get("motcua_session")
    if session is None:
        session = database().factory()
        g.motcua_session = session
    return session


def _end_read(response: Response) -> Response:
    """Commit the transaction of a read that answered below 400 and wrote nothing
    (module docstring); anything else is left to the close, which rolls it back."""
    session: Session | None = g.get("motcua_session")
    if (session is None or request.method not in SAFE_METHODS or response.status_code >= 400
            or not session.in_transaction() or wrote(session)):
        return response
    try:
        session.commit()
    except SQLAlchemyError:  # nothing was written: the answer stands, the close cleans up
        log.warning("ending a read's transaction failed", exc_info=True)
    return response


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("motcua_session", None)
    if session is not None:
        session.close()
