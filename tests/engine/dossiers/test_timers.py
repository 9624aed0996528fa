"""Dossier timers: the table follows the workflow, due rows fire once, warnings come out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier, DossierTimer
from engine.dossiers.timers import TimerService, sync_timers, waiting_timers
from tests.engine.dossier_factory import DossierFactory
from tests.engine.dossiers.timer_fixtures import (
    APPRAISAL_WARNING,
    Escalations,
    StoredWorkflows,
    appraising_dossier,
    appraising_workflow,
    open_task,
    spiff_clock,
)


def _timers(session: Session, dossier: Dossier) -> list[DossierTimer]:
    return list(session.scalars(select(DossierTimer).where(
        DossierTimer.dossier_id == dossier.id).order_by(DossierTimer.id)))


def _service(session: Session, now: datetime, handler: Escalations | None = None,
             store: StoredWorkflows | None = None) -> TimerService:
    return TimerService(session, clock=FixedClock(now), loader=store or StoredWorkflows(),
                        on_escalation=handler)


def test_waiting_timers_reads_the_due_time_spiffworkflow_computed() -> None:
    before = datetime.now(UTC)
    workflow = appraising_workflow()
    after = datetime.now(UTC)
    (timer,) = waiting_timers(workflow)
    timers = [e for e in workflow.waiting_events() if e.event_type.endswith("TimerEventDefinition")]
    assert [e.value for e in timers] == [timer.due_at.isoformat()]
    assert timer.spec_id == "Boundary_timer_appraise"
    assert before + APPRAISAL_WARNING <= timer.due_at <= after + APPRAISAL_WARNING
    waiting = workflow.get_task_from_id(UUID(timer.workflow_task_id))
    assert waiting.task_spec.name == "Boundary_timer_appraise"


def test_a_dossier_waiting_at_appraisal_gets_its_warning_timer_row(session: Session) -> None:
    dossier, workflow = appraising_dossier(session)
    (row,) = _timers(session, dossier)
    (timer,) = waiting_timers(workflow)
    assert (row.spec_id, row.workflow_task_id, row.fired_at) == (
        "Boundary_timer_appraise", timer.workflow_task_id, None)
    session.expire(row)  # read back through the database: UTC, aware, to the microsecond
    assert row.due_at == timer.due_at


def test_syncing_again_changes_nothing_and_a_finished_step_drops_its_timer(
    session: Session,
) -> None:
    dossier, workflow = appraising_dossier(session)
    first = [(t.id, t.due_at) for t in _timers(session, dossier)]
    sync_timers(session, dossier, workflow)
    assert [(t.id, t.due_at) for t in _timers(session, dossier)] == first
    task = open_task(workflow)
    task.data.update({"appraisal_opinion": "Đủ điều kiện"})
    task.run()
    workflow.do_engine_steps()  # on to approval: the appraisal timer is cancelled
    sync_timers(session, dossier, workflow)
    assert [t.spec_id for t in _timers(session, dossier)] == []


def test_due_lists_pending_rows_oldest_first(session: Session) -> None:
    factory = DossierFactory(session)
    dossier = factory.dossier(factory.procedure("1.000778"))
    base = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    for n, hours in enumerate((5, 1, 3, 9)):
        session.add(DossierTimer(dossier_id=dossier.id, workflow_task_id=f"t{n}",
                                 spec_id=f"Boundary_{hours}", due_at=base + timedelta(hours=hours)))
    session.add(DossierTimer(dossier_id=dossier.id, workflow_task_id="fired", spec_id="old",
                             due_at=base, fired_at=base))
    session.flush()
    service = _service(session, base + timedelta(hours=6))
    assert [t.spec_id for t in service.due()] == ["Boundary_1", "Boundary_3", "Boundary_5"]
    assert [t.spec_id for t in service.due(limit=1)] == ["Boundary_1"]
    assert service.due(base) == []


def test_due_query_walks_the_pending_index(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the plan is checked on SQLite; PostgreSQL's depends on table statistics")
    statement = str(select(DossierTimer).where(
        DossierTimer.fired_at.is_(None), DossierTimer.due_at <= datetime.now(UTC),
    ).order_by(DossierTimer.due_at, DossierTimer.id).limit(5).compile(
        compile_kwargs={"literal_binds": True}))
    plan = " ".join(str(row[-1]) for row in session.execute(
        text(f"EXPLAIN QUERY PLAN {statement}")))
    assert "ix_dossier_timers_pending" in plan


def test_fire_before_spiffworkflow_sees_it_due_changes_nothing(session: Session) -> None:
    dossier, _ = appraising_dossier(session)
    (row,) = _timers(session, dossier)
    version, store, handler = dossier.lock_version, StoredWorkflows(), Escalations()
    result = _service(session, row.due_at, handler, store).fire(row.id)
    assert not result.did_fire
    assert (row.fired_at, handler.seen, store.saved) == (None, [], 0)
    assert dossier.lock_version == version


def test_fire_after_the_clock_moves_warns_and_marks_the_row(session: Session) -> None:
    dossier, workflow = appraising_dossier(session)
    appraisal_id = str(open_task(workflow).id)
    (row,) = _timers(session, dossier)
    now = row.due_at + timedelta(minutes=1)
    handler, store = Escalations(), StoredWorkflows()
    service = _service(session, now, handler, store)
    assert [t.id for t in service.due()] == [row.id]
    with spiff_clock(now):
        result = service.fire(row.id)
    assert result.fired == ("Boundary_timer_appraise",)
    ((dossier_id, warning),) = handler.seen
    assert dossier_id == dossier.id
    assert (warning.code, warning.timer_spec_id, warning.attached_spec_id) == (
        "deadline_warning", "Boundary_timer_appraise", "Task_appraise")
    assert warning.attached_task_id == appraisal_id  # the task whose priority goes up
    assert (warning.at, row.fired_at) == (now, now)
    assert service.due() == []
    saved = store.load(dossier)  # non-interrupting: appraisal is still open
    assert (open_task(saved).task_spec.name, str(open_task(saved).id)) == (
        "Task_appraise", appraisal_id)
    assert waiting_timers(saved) == []


def test_firing_twice_does_nothing_the_second_time(session: Session) -> None:
    dossier, _ = appraising_dossier(session)
    (row,) = _timers(session, dossier)
    now = row.due_at + timedelta(seconds=1)
    handler, store = Escalations(), StoredWorkflows()
    service = _service(session, now, handler, store)
    with spiff_clock(now):
        assert service.fire(row.id).did_fire
        session.flush()
        version = dossier.lock_version
        again = service.fire(row.id)
    assert not again.did_fire
    assert again.escalations == ()
    assert (len(handler.seen), store.saved, dossier.lock_version) == (1, 1, version)
    assert [t.fired_at for t in _timers(session, dossier)] == [now]


def test_unknown_timer_id_is_nothing_to_fire(session: Session) -> None:
    result = _service(session, datetime.now(UTC)).fire(987654321)
    assert (result.did_fire, result.dossier_id) == (False, None)
