"""The pooled PostgreSQL connection check: only connections idle for a while are pinged,
and a dead one is replaced without the caller seeing an error."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from engine import db
from engine.db import create_db_engine
from tests.conftest import fresh_database


@pytest.fixture
def pg_engine(tmp_path: Path) -> Iterator[Engine]:
    with fresh_database("postgresql", tmp_path) as url:
        engine = create_db_engine(url, pool_size=1, max_overflow=0)
        yield engine
        engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert isinstance(pid, int)
    return pid


def _pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    original = engine.dialect.do_ping

    def counting(dbapi_connection: object) -> bool:
        calls.append(dbapi_connection)
        return original(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting)
    return calls


def test_a_connection_back_in_the_pool_a_moment_ago_is_not_pinged(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _backend_pid(pg_engine)
    pings = _pings(pg_engine, monkeypatch)
    assert _backend_pid(pg_engine) == first
    assert pings == []


def test_an_idle_connection_is_pinged_and_kept_when_alive(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _backend_pid(pg_engine)
    pings = _pings(pg_engine, monkeypatch)
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)
    assert _backend_pid(pg_engine) == first
    assert len(pings) == 1


def test_an_idle_connection_that_died_is_replaced_unseen(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _backend_pid(pg_engine)
    killer = create_db_engine(pg_engine.url.render_as_string(hide_password=False))
    with killer.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    killer.dispose()
    time.sleep(0.1)  # the server closes the terminated session
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)
    assert _backend_pid(pg_engine) != first  # no error: the pool reconnected
