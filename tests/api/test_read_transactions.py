"""How a request's transaction ends: a read that succeeded and wrote nothing commits (so
psycopg keeps its prepared statements); a failed read, or one that wrote, is rolled back
by the close (both backends; the prepared statements on PostgreSQL)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event, select, text, update
from sqlalchemy.orm import Session

from api import create_app
from api.extensions import database, get_session
from engine import migrations
from engine.accounts.models import User
from engine.accounts.services import AccountService
from engine.dossiers.clock import SystemClock
from tests.api.test_dossiers_api import World, make_world
from tests.conftest import fresh_database

ENDINGS = ("after_commit", "after_rollback")


@pytest.fixture
def endings() -> Iterator[list[str]]:
    """How each session transaction of the test ends, in order."""
    seen: list[str] = []

    def ended(name: str, _session: Session) -> None:
        seen.append(name)

    listeners = {name: functools.partial(ended, name) for name in ENDINGS}
    for name, listener in listeners.items():
        event.listen(Session, name, listener)
    yield seen
    for name, listener in listeners.items():
        event.remove(Session, name, listener)


def _rename(session: Session) -> None:  # changed in memory only
    user = session.scalars(select(User).where(User.username == "thu")).one()
    user.display_name = "changed by a read"


def _rename_flushed(session: Session) -> None:
    _rename(session)
    session.flush()


def _rename_by_statement(session: Session) -> None:
    session.execute(update(User).where(User.username == "thu")
                    .values(display_name="changed by a read"))


WRITES: dict[str, Callable[[Session], None]] = {
    "pending": _rename, "flushed": _rename_flushed, "statement": _rename_by_statement}


def test_a_read_that_succeeded_commits_and_one_that_failed_rolls_back(
    app: Flask, session: Session, endings: list[str],
) -> None:
    world = make_world(app, app.test_client(), session)
    world.call("GET", "/api/v1/tasks", "thu")  # the token's first use is written first
    endings.clear()
    assert world.call("GET", "/api/v1/tasks", "thu").status_code == 200
    assert endings == ["after_commit"]
    endings.clear()
    assert world.call("GET", "/api/v1/dossiers/NO-SUCH-CODE", "thu").status_code == 404
    assert "after_commit" not in endings


@pytest.mark.parametrize("how", WRITES)
def test_a_read_never_commits_what_it_wrote(
    app: Flask, session: Session, endings: list[str], how: str,
) -> None:
    @app.get("/test/writing-read")
    def writing_read() -> dict[str, bool]:
        WRITES[how](get_session())
        return {"ok": True}

    world: World = make_world(app, app.test_client(), session)
    world.call("GET", "/api/v1/tasks", "thu")  # the token's first use is written first
    endings.clear()
    assert world.call("GET", "/test/writing-read", "thu").status_code == 200
    assert "after_commit" not in endings
    session.expire_all()
    name = session.scalars(select(User.display_name).where(User.username == "thu")).one()
    assert name != "changed by a read"


def test_prepared_statements_outlive_the_reads_on_postgresql(tmp_path: Path) -> None:
    """psycopg prepares a query on its fifth run and forgets everything on a ROLLBACK: the
    token lookup of a run of reads is prepared only if the reads end with COMMIT."""
    with fresh_database("postgresql", tmp_path) as url:
        migrations.upgrade(url)
        app = create_app({"TESTING": True, "DATABASE_URL": url, "VAR_DIR": str(tmp_path),
                          "SECRET_KEY": "test-secret-key"})
        state = database(app)
        try:
            with state.factory() as setup:
                accounts = AccountService(setup, clock=SystemClock())
                user = accounts.create_user("thu", roles=["receiver"], units=["000.00.00.H36"])
                token, _ = accounts.issue_token(user, "tests")
                setup.commit()
            client = app.test_client()
            for _ in range(7):
                response = client.get("/api/v1/tasks",
                                      headers={"Authorization": f"Bearer {token}"})
                assert response.status_code == 200
            with state.engine.connect() as connection:  # the pool's one connection
                prepared = connection.execute(
                    text("SELECT statement FROM pg_prepared_statements")).scalars().all()
            assert any("FROM api_tokens" in statement for statement in prepared), prepared
        finally:
            state.engine.dispose()
