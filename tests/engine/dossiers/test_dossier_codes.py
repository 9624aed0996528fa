"""Dossier codes from the per-(centre, day) counter: sequences, concurrency, rollbacks.

The sequence tests run in the shared rolled-back session. The others commit, so each
gets a database of its own (``empty_db_url``: a SQLite file or a fresh PostgreSQL
schema), migrated to head, and sessions with real transactions of their own.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from bpmn.catalog.model import Archetype
from engine import migrations
from engine.calendar import WorkingCalendar
from engine.catalog.services import CatalogService
from engine.db import create_db_engine, session_factory
from engine.dossiers.clock import FixedClock
from engine.dossiers.errors import CaseError, ConflictError
from engine.dossiers.models import Dossier, DossierCodeCounter
from engine.dossiers.routing import allocate_number
from engine.dossiers.services import DossierService
from engine.specs import SpecCache
from tests.engine.dossiers.conftest import CENTRE, RECEIVED, VN, Publish, catalog_row, received

COMMUNE = "000.21.05.H36"
DAY = dt.date(2026, 3, 3)
THREADS = 8


def counters(session: Session) -> dict[tuple[str, dt.date], int]:
    rows = session.execute(select(DossierCodeCounter.centre, DossierCodeCounter.day,
                                  DossierCodeCounter.last))
    return {(centre, day): last for centre, day, last in rows}


# -- sequences (shared rolled-back session, both backends) ----------------------------------


def test_numbers_count_per_centre_and_per_day(session: Session) -> None:
    assert [allocate_number(session, CENTRE, DAY) for _ in range(3)] == [1, 2, 3]
    assert allocate_number(session, COMMUNE, DAY) == 1
    assert allocate_number(session, CENTRE, DAY + dt.timedelta(days=1)) == 1
    assert allocate_number(session, CENTRE, DAY) == 4
    assert counters(session) == {(CENTRE, DAY): 4, (COMMUNE, DAY): 1,
                                 (CENTRE, DAY + dt.timedelta(days=1)): 1}


def test_received_dossiers_are_numbered_from_0001_per_centre_per_vietnamese_day(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
) -> None:
    code = publish(Archetype.STANDARD).code
    assert [received(service, code).code for _ in range(2)] == [
        f"{CENTRE}-260303-0001", f"{CENTRE}-260303-0002"]
    assert received(service, code, centre=COMMUNE).code == f"{COMMUNE}-260303-0001"
    clock.set(dt.datetime(2026, 3, 3, 17, 30, tzinfo=dt.UTC))  # 00:30 on the 4th in Vietnam
    assert received(service, code).code == f"{CENTRE}-260304-0001"
    assert counters(session) == {(CENTRE, DAY): 2, (COMMUNE, DAY): 1,
                                 (CENTRE, dt.date(2026, 3, 4)): 1}


def test_a_rolled_back_savepoint_gives_its_number_back(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    code = publish(Archetype.STANDARD).code
    assert received(service, code).code.endswith("-0001")
    savepoint = session.begin_nested()
    assert received(service, code).code.endswith("-0002")
    savepoint.rollback()
    assert received(service, code).code.endswith("-0002")
    assert session.scalars(select(Dossier.code).order_by(Dossier.code)).all() == [
        f"{CENTRE}-260303-0001", f"{CENTRE}-260303-0002"]


def _counter_back_to(session: Session, last: int) -> None:
    """The centre's counter lagging behind its rows (dossiers restored with their codes)."""
    session.execute(update(DossierCodeCounter).where(DossierCodeCounter.centre == CENTRE)
                    .values(last=last))


def test_a_taken_code_is_skipped_once(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    code = publish(Archetype.STANDARD).code
    received(service, code)
    _counter_back_to(session, 0)
    dossier = received(service, code)
    assert dossier.code == f"{CENTRE}-260303-0002"
    assert session.scalars(select(Dossier.code).order_by(Dossier.code)).all() == [
        f"{CENTRE}-260303-0001", f"{CENTRE}-260303-0002"]


def test_two_taken_codes_are_a_conflict_and_nothing_is_written(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    code = publish(Archetype.STANDARD).code
    received(service, code)
    received(service, code)
    _counter_back_to(session, 0)
    with pytest.raises(ConflictError, match="codes it gave were taken"):
        received(service, code)
    assert len(session.scalars(select(Dossier.id)).all()) == 2
    assert received(service, code).code == f"{CENTRE}-260303-0003"  # still usable


def test_number_10000_is_refused(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    code = publish(Archetype.STANDARD).code
    session.add(DossierCodeCounter(centre=CENTRE, day=DAY, last=9999))
    session.flush()
    with pytest.raises(CaseError, match="9999 dossiers on 260303"):
        received(service, code)


# -- real transactions (a database of their own, both backends) -----------------------------


def _queueing_engine(url: str) -> Engine:
    """An engine whose SQLite transactions start with ``BEGIN IMMEDIATE``.

    A deferred SQLite transaction that has read before it writes cannot wait for another
    writer: once that writer commits, its snapshot is stale and the write fails at once
    (``SQLITE_BUSY_SNAPSHOT``, no busy timeout). Taking the write lock at ``BEGIN`` makes
    writers queue on the busy timeout instead, which is what this test needs to show the
    counter serializing them. PostgreSQL needs nothing: the UPSERT waits on the row lock.
    """
    if make_url(url).get_backend_name() != "sqlite":
        return create_db_engine(url)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 30000")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@pytest.fixture
def db(empty_db_url: str) -> Iterator[Engine]:
    migrations.upgrade(empty_db_url)
    engine = _queueing_engine(empty_db_url)
    with session_factory(engine)() as session:
        CatalogService(session).build([catalog_row(Archetype.STANDARD)])
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(db: Engine) -> sessionmaker[Session]:
    return session_factory(db)


def service_in(session: Session, calendar: WorkingCalendar, specs: SpecCache) -> DossierService:
    return DossierService(session, clock=FixedClock(RECEIVED), calendar=calendar, specs=specs)


def test_concurrent_receptions_at_one_centre_get_distinct_consecutive_codes(
    sessions: sessionmaker[Session], calendar: WorkingCalendar, specs: SpecCache,
) -> None:
    start = threading.Barrier(THREADS)
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def reception() -> None:
        try:
            with sessions() as session:
                service = service_in(session, calendar, specs)
                start.wait(timeout=30)
                code = received(service, "1.000002").code
                session.commit()
            with lock:
                codes.append(code)
        except BaseException as error:  # reported by the main thread
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=reception) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not [e for e in errors if isinstance(e, ConflictError)]
    assert errors == []
    assert sorted(codes) == [f"{CENTRE}-260303-{n:04d}" for n in range(1, THREADS + 1)]
    with sessions() as session:
        assert counters(session) == {(CENTRE, DAY): THREADS}
        assert len(session.scalars(select(Dossier.code)).all()) == THREADS


def test_a_rolled_back_reception_does_not_burn_its_number(
    sessions: sessionmaker[Session], calendar: WorkingCalendar, specs: SpecCache,
) -> None:
    with sessions() as session:
        assert received(service_in(session, calendar, specs), "1.000002").code.endswith("-0001")
        session.commit()
    with sessions() as session:
        assert received(service_in(session, calendar, specs), "1.000002").code.endswith("-0002")
        session.rollback()
    with sessions() as session:
        assert received(service_in(session, calendar, specs), "1.000002").code.endswith("-0002")
        session.commit()
        assert counters(session) == {(CENTRE, DAY): 2}


def test_the_migration_seeds_counters_from_existing_codes(
    empty_db_url: str, sessions: sessionmaker[Session], calendar: WorkingCalendar,
    specs: SpecCache,
) -> None:
    with sessions() as session:
        service = service_in(session, calendar, specs)
        for centre in (CENTRE, CENTRE, CENTRE, COMMUNE):
            received(service, "1.000002", centre=centre)
        service.clock = FixedClock(dt.datetime(2026, 3, 4, 8, 0, tzinfo=VN))
        received(service, "1.000002")
        session.commit()
    migrations.downgrade(empty_db_url, "098ce5dcb159")  # drops the counters
    migrations.upgrade(empty_db_url)  # seeds them from the dossiers' codes
    with sessions() as session:
        assert counters(session) == {(CENTRE, DAY): 3, (COMMUNE, DAY): 1,
                                     (CENTRE, dt.date(2026, 3, 4)): 1}
        assert received(service_in(session, calendar, specs), "1.000002").code == (
            f"{CENTRE}-260303-0004")
        session.commit()
