"""The database of a Flask app: one engine per app, one session per app context.

Plain SQLAlchemy (:mod:`engine.db`), not Flask-SQLAlchemy, so the engine, jobs and the CLI
share one way of opening sessions. A view gets the session with :func:`get_session`; the
view commits when its unit of work is done (services only flush), and the session is
closed, rolling back anything uncommitted, when the app context ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from engine.db import create_db_engine, session_factory

__all__ = ["DatabaseState", "database", "get_session", "init_database"]

EXTENSION_KEY = "motcua.db"


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


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("motcua_session", None)
    if session is not None:
        session.close()
