"""The Core write path of an action (:mod:`engine.dossiers.writes`) leaves the session and
the database exactly as the ORM's flush would: same rows, objects clean and persistent,
version bumped, conflicts detected, savepoints honoured, anything else still flushed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.dossiers.errors import ConflictError
from engine.dossiers.models import Dossier, DossierEvent, DossierTask, DossierTimer
from engine.dossiers.services import DossierService
from engine.dossiers.writes import flush_dossiers
from tests.engine.dossiers.conftest import (
    ANSWERS,
    OFFICER,
    Publish,
    at_appraisal,
    task_named,
)


def _columns(obj: Any) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in inspect(type(obj)).column_attrs}


def test_after_an_action_the_objects_hold_what_the_database_holds(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    service.complete_task(task_named(dossier, "Task_appraise").id, ANSWERS["Task_appraise"],
                          actor=OFFICER)
    assert not session.new
    assert not session.dirty
    assert not session.deleted
    written = _columns(dossier)
    rows = {row.id: _columns(row) for row in dossier.tasks}
    assert all(row_id is not None for row_id in rows)
    assert {r["spec_id"] for r in rows.values()} == {
        "Task_receive", "Task_appraise", "Task_approve"}
    opened = task_named(dossier, "Task_approve")
    assert opened.priority is not None
    assert opened.follow_up_at is None
    session.expire_all()  # read everything back from the database
    assert _columns(session.get_one(Dossier, dossier.id)) == written
    assert {row.id: _columns(row) for row in dossier.tasks} == rows


def test_the_version_is_bumped_once_per_action_and_matches_the_database(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    before = dossier.lock_version
    service.claim(task_named(dossier, "Task_appraise").id, OFFICER)
    assert dossier.lock_version == before + 1
    stored = session.scalar(select(Dossier.lock_version).where(Dossier.id == dossier.id)
                            .execution_options(populate_existing=False))
    assert stored == before + 1


def test_a_dossier_changed_meanwhile_is_a_conflict(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    row = task_named(dossier, "Task_appraise")
    # another transaction's write, as far as this session can tell
    session.connection().execute(update(Dossier).where(Dossier.id == dossier.id)
                                 .values(lock_version=Dossier.lock_version + 1))
    with pytest.raises(ConflictError, match="changed by another officer"):
        service.complete_task(row.id, ANSWERS["Task_appraise"], actor=OFFICER)


def test_a_rolled_back_savepoint_forgets_the_rows_it_wrote(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    version = dossier.lock_version
    savepoint = session.begin_nested()
    service.complete_task(task_named(dossier, "Task_appraise").id, ANSWERS["Task_appraise"],
                          actor=OFFICER)
    opened = task_named(dossier, "Task_approve")
    savepoint.rollback()
    assert inspect(opened).transient or inspect(opened).detached  # its INSERT is undone
    session.refresh(dossier)
    assert dossier.lock_version == version
    assert {row.spec_id for row in dossier.tasks} == {"Task_receive", "Task_appraise"}
    assert task_named(dossier, "Task_appraise").state == "open"


def test_other_pending_rows_are_left_to_the_unit_of_work(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    row = task_named(dossier, "Task_appraise")
    row.assignee = OFFICER
    timer = DossierTimer(dossier_id=dossier.id, workflow_task_id="t-1", spec_id="Timer_x",
                         due_at=dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC))
    session.add(timer)
    flush_dossiers(session)
    assert not session.new
    assert not session.dirty
    assert timer.id is not None
    assert session.scalar(select(DossierTask.assignee).where(DossierTask.id == row.id)) == (
        OFFICER)


def test_events_are_inserted_with_their_ids_and_stay_in_the_session(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    held = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                           .order_by(DossierEvent.sequence)).all()
    assert [event.sequence for event in held] == list(range(1, len(held) + 1))
    assert all(inspect(event).persistent for event in held)


def test_a_refused_write_is_raised_as_sqlalchemy_raises_it(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    taken = task_named(dossier, "Task_appraise").workflow_task_id
    dossier.tasks.append(DossierTask(
        workflow_task_id=taken, spec_id="Task_x", name="x", procedure_code="p", role="r",
        unit="u", candidate_group="u:r", state="open", created_at=dossier.updated_at))
    dossier.updated_at = dossier.updated_at  # an action's dossier write goes first
    with pytest.raises(IntegrityError, match="workflow_task_id"):
        flush_dossiers(session)
