"""Two officers, two real transactions, one dossier: the second to write gets a conflict.

These tests commit, so each gets a database of its own (``empty_db_url``: a SQLite file
or a fresh PostgreSQL schema), migrated to head. Both sessions read the dossier before
either writes, as two browsers showing the same task would; the first commits, the
second fails with :class:`ConflictError` and, once rolled back, leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bpmn.catalog.model import Archetype
from engine import migrations
from engine.calendar import WorkingCalendar
from engine.catalog.services import CatalogService
from engine.db import create_db_engine, session_factory
from engine.dossiers.audit import verify
from engine.dossiers.clock import FixedClock
from engine.dossiers.errors import ConflictError
from engine.dossiers.models import Dossier, DossierEvent, DossierStatus, DossierTask, TaskState
from engine.dossiers.services import DossierService
from engine.specs import SpecCache
from tests.engine.dossiers.conftest import ANSWERS, RECEIVED, catalog_row, received


@pytest.fixture
def db(empty_db_url: str) -> Iterator[Engine]:
    migrations.upgrade(empty_db_url)
    engine = create_db_engine(empty_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(db: Engine) -> sessionmaker[Session]:
    return session_factory(db)


def service_in(session: Session, calendar: WorkingCalendar, specs: SpecCache) -> DossierService:
    return DossierService(session, clock=FixedClock(RECEIVED), calendar=calendar, specs=specs)


@pytest.fixture
def dossier_code(sessions: sessionmaker[Session], calendar: WorkingCalendar,
                 specs: SpecCache) -> str:
    """A committed standard dossier waiting at its reception check."""
    with sessions() as session:
        CatalogService(session).build([catalog_row(Archetype.STANDARD)])
        code = received(service_in(session, calendar, specs), "1.000002").code
        session.commit()
    return code


def receive_task_id(session: Session, code: str) -> int:
    return session.scalars(select(DossierTask.id).join(Dossier).where(
        Dossier.code == code, DossierTask.spec_id == "Task_receive")).one()


def read(service: DossierService, task_id: int) -> DossierTask:
    """What an officer's request has read before it writes: the task and its dossier
    (kept referenced, as the request holds them: the identity map is weak)."""
    row = service.task(task_id)
    assert (row.state, row.assignee) == (TaskState.OPEN, None)
    assert row.dossier.status is DossierStatus.RECEIVED
    assert len(row.dossier.tasks) == 1
    return row


def test_two_officers_completing_the_same_task_one_wins(
    sessions: sessionmaker[Session], dossier_code: str, calendar: WorkingCalendar,
    specs: SpecCache,
) -> None:
    first, second = sessions(), sessions()
    try:
        services = [service_in(s, calendar, specs) for s in (first, second)]
        task_ids = [receive_task_id(s, dossier_code) for s in (first, second)]
        held = [read(service, task_id) for service, task_id in zip(services, task_ids,
                                                                    strict=True)]

        won = services[0].complete_task(task_ids[0], ANSWERS["Task_receive"], actor="an")
        first.commit()
        winner = (won.lock_version, won.workflow_state)
        with pytest.raises(ConflictError, match="reload it and try again") as raised:
            services[1].complete_task(task_ids[1], {"reception_outcome": "refuse"},
                                      actor="binh")
        second.rollback()
        # PostgreSQL: the versioned UPDATE matched no row; SQLite: the write was refused
        # because the second transaction's snapshot is older than the first's commit.
        assert isinstance(raised.value.__cause__, StaleDataError | OperationalError)
        del held
    finally:
        first.close()
        second.close()

    with sessions() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == dossier_code)).one()
        assert dossier.status is DossierStatus.PROCESSING
        assert (dossier.lock_version, dossier.workflow_state) == winner
        completed = [t for t in dossier.tasks if t.state is TaskState.COMPLETED]
        assert [(t.spec_id, t.completed_by) for t in completed] == [("Task_receive", "an")]
        assert [t.spec_id for t in dossier.tasks if t.state is TaskState.OPEN] == [
            "Task_appraise"]
        actors = session.scalars(select(DossierEvent.actor).where(
            DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.sequence)).all()
        assert actors == ["receiver-1", "an", "an"]  # receive, complete_task, process
        assert verify(session, dossier_code=dossier_code).ok


def test_two_officers_claiming_the_same_task_one_wins(
    sessions: sessionmaker[Session], dossier_code: str, calendar: WorkingCalendar,
    specs: SpecCache,
) -> None:
    first, second = sessions(), sessions()
    try:
        services = [service_in(s, calendar, specs) for s in (first, second)]
        task_ids = [receive_task_id(s, dossier_code) for s in (first, second)]
        held = [read(service, task_id) for service, task_id in zip(services, task_ids,
                                                                    strict=True)]
        services[0].claim(task_ids[0], "an")
        first.commit()
        with pytest.raises(ConflictError):
            services[1].claim(task_ids[1], "binh")
        second.rollback()
        del held
    finally:
        first.close()
        second.close()
    with sessions() as session:
        assert session.get_one(DossierTask, task_ids[0]).assignee == "an"
        assert session.scalar(select(func.count()).select_from(DossierEvent)) == 2
