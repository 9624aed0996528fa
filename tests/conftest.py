"""Shared fixtures: databases on both backends, a rolled-back session, the app and a client.

Every test that uses ``session``, ``app`` or ``client`` runs twice, on SQLite and on
PostgreSQL. Each backend database is migrated once per test run (a temporary SQLite file;
a PostgreSQL schema of its own, named after a random id so that concurrent runs on one
server do not meet, dropped at the end). Each test then runs inside a transaction that is
rolled back: the code under test may ``commit``, which only releases a savepoint
(SQLAlchemy's "join a session into an external transaction" recipe).

PostgreSQL is ``MOTCUA_TEST_POSTGRES_URL`` or the local default. When it does not answer,
its tests are skipped, except on CI (``CI=true``), where a missing database must fail the
build rather than silently halve it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from api.app import create_app
from api.extensions import database
from bpmn.catalog.model import (
    ARCHETYPE_STEPS,
    Archetype,
    Level,
    OnlineLevel,
    Procedure,
    StepBudget,
    TimeUnit,
)
from engine import migrations
from engine.db import create_db_engine

BACKENDS = ("sqlite", "postgresql")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str:
    return os.environ.get("MOTCUA_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(reason)


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    """The URL of a new, empty database; removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'motcua.db'}"
        return
    base = postgres_url()
    admin = create_engine(base, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    schema = f"motcua_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        admin.dispose()
        _unavailable(f"PostgreSQL at {make_url(base)!r} is unreachable: {error.orig}")
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database shared by the whole run, one per backend."""
    with fresh_database(request.param, tmp_path_factory.mktemp(request.param)) as url:
        migrations.upgrade(url)
        yield url


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database with no tables, for migration and CLI tests (which commit)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def db_engine(db_url: str) -> Iterator[Engine]:
    engine = create_db_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(db_engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with db_engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


def _joined_sessions(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    """A session whose commits are savepoints of the test's rolled-back transaction."""
    with _joined_sessions(connection)() as session:
        yield session


@pytest.fixture
def app(db_url: str, connection: Connection, tmp_path: Path) -> Iterator[Flask]:
    """The app on the test database; its request sessions share the test's transaction."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": "test-secret-key",
        }
    )
    state = database(app)
    state.factory = _joined_sessions(connection)
    yield app
    state.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_procedure() -> Callable[..., Procedure]:
    """A catalogue row factory: ``make_procedure("1.000001", archetype=..., name=...)``."""

    def make(code: str, **overrides: Any) -> Procedure:
        archetype = overrides.pop("archetype", Archetype.STANDARD)
        budget = overrides.pop("budget", 1.0)
        steps = tuple(StepBudget(step, budget) for step in ARCHETYPE_STEPS[archetype])
        inter = archetype is Archetype.INTER_AGENCY
        values: dict[str, Any] = {
            "code": code,
            "name": f"Thủ tục thử nghiệm {code}",
            "level": Level.PROVINCE,
            "field": "ho_tich",
            "agency": "000.00.10.H36",
            "statutory_time": budget * len(steps),
            "time_unit": TimeUnit.WORKING_DAYS,
            "fee": 0,
            "online_level": OnlineLevel.FULL,
            "appointment_free": archetype is Archetype.SAME_DAY,
            "inter_agency": inter,
            "archetype": archetype,
            "steps": steps,
            "partner_agencies": ("000.00.31.H36", "000.00.32.H36") if inter else (),
        }
        values.update(overrides)
        return Procedure(**values)

    return make
