"""Firing timers for real: through the dossier service, the job, inline and on rq + Redis."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState as SpiffState
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from api.jobs import CLOCK_KEY, FIRE_DUE_TIMERS, app_worker_class, init_jobs, jobs
from engine.dossiers.audit import verify
from engine.dossiers.clock import FixedClock
from engine.dossiers.jobs import (
    SYSTEM_ACTOR,
    WARNED_PRIORITY,
    WARNING_ACTION,
    run_due_timers,
    timer_service,
)
from engine.dossiers.models import Dossier, DossierEvent, DossierTask, DossierTimer, TaskState
from engine.dossiers.timers import TimerService
from engine.jobs import InlineJobs, JobEnvironment, JobStatus, RqJobs
from tests.engine.dossier_factory import DossierFactory
from tests.engine.dossiers.timer_fixtures import (
    APPRAISAL_WARNING,
    StoredWorkflows,
    appraising_dossier,
    dossier_service,
    received_for_appraisal,
    spiff_clock,
)
from tests.engine.redis_fixtures import (  # noqa: F401 - fixtures used by name
    queue_name_fixture,
    redis_connection_fixture,
)


def _timer(session: Session, dossier: Dossier) -> DossierTimer:
    (row,) = session.scalars(select(DossierTimer).where(DossierTimer.dossier_id == dossier.id))
    return row


def _appraisal(session: Session, dossier: Dossier) -> DossierTask:
    return session.scalars(select(DossierTask).where(
        DossierTask.dossier_id == dossier.id, DossierTask.spec_id == "Task_appraise")).one()


def _warnings(session: Session, dossier: Dossier) -> list[DossierEvent]:
    return list(session.scalars(select(DossierEvent).where(
        DossierEvent.dossier_id == dossier.id, DossierEvent.action == WARNING_ACTION)))


def _assert_warned(session: Session, dossier: Dossier, at: datetime) -> None:
    session.expire_all()
    assert _timer(session, dossier).fired_at == at
    (event,) = _warnings(session, dossier)
    task = _appraisal(session, dossier)
    assert (event.actor, event.task_spec, event.at) == (SYSTEM_ACTOR, "Task_appraise", at)
    assert event.detail == {"code": "deadline_warning", "timer": "Boundary_timer_appraise",
                            "task_id": task.id}
    assert task.state is TaskState.OPEN
    assert task.priority >= WARNED_PRIORITY
    assert verify(session, dossier_code=dossier.code).ok


def _joined(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                        expire_on_commit=False)


def test_a_received_dossier_has_its_appraisal_warning_timer(session: Session) -> None:
    before = datetime.now().astimezone()
    dossier = received_for_appraisal(session, dossier_service(session))
    row = _timer(session, dossier)
    assert (row.spec_id, row.fired_at) == ("Boundary_timer_appraise", None)
    # SpiffWorkflow started the timer at real time, not at the service's clock
    assert before + APPRAISAL_WARNING <= row.due_at <= datetime.now().astimezone() + \
        APPRAISAL_WARNING


def test_fire_through_the_service_warns_once_and_keeps_the_chain(session: Session) -> None:
    dossier = received_for_appraisal(session, dossier_service(session))
    priority_before = _appraisal(session, dossier).priority
    later = _timer(session, dossier).due_at + timedelta(minutes=5)
    environment = JobEnvironment(session_factory=lambda: session, publisher=InlineJobs(),
                                 clock=FixedClock(later))
    service = timer_service(session, environment)
    assert [t.spec_id for t in service.due()] == ["Boundary_timer_appraise"]
    with spiff_clock(later):
        first = service.fire(_timer(session, dossier).id)
        second = service.fire(_timer(session, dossier).id)
    assert first.fired == ("Boundary_timer_appraise",)
    assert [e.code for e in first.escalations] == ["deadline_warning"]
    assert not second.did_fire
    _assert_warned(session, dossier, later)
    assert _appraisal(session, dossier).priority >= max(priority_before, WARNED_PRIORITY)
    workflow = dossier_service(session).workflow(dossier)  # stored, appraisal still open
    ready = workflow.get_tasks(state=SpiffState.READY, manual=True)
    assert [t.task_spec.name for t in ready] == ["Task_appraise"]


def test_the_job_run_inline_from_the_app(app: Flask, session: Session) -> None:
    dossier = received_for_appraisal(session, dossier_service(session))
    later = _timer(session, dossier).due_at + timedelta(minutes=1)
    app.extensions[CLOCK_KEY] = FixedClock(later)
    publisher = init_jobs(app)  # no REDIS_URL: inline
    assert isinstance(publisher, InlineJobs)
    with spiff_clock(later):
        handle = jobs(app).enqueue(FIRE_DUE_TIMERS, 500)
    info = jobs(app).status(handle.id)
    assert info.status is JobStatus.FINISHED, info.error
    assert info.result == {"due": 1, "dossiers": 1, "fired": 1, "warnings": 1,
                           "conflicts": 0, "failed": 0}
    assert info.progress == {"done": 1, "total": 1, "message": "1 timer(s) fired"}
    _assert_warned(session, dossier, later)


def test_the_job_on_a_real_rq_worker_fires_a_due_timer(
    app: Flask, session: Session, redis_connection: Redis, queue_name: str,
) -> None:
    dossier = received_for_appraisal(session, dossier_service(session))
    later = _timer(session, dossier).due_at + timedelta(minutes=1)
    app.extensions[CLOCK_KEY] = FixedClock(later)
    publisher = RqJobs(redis_connection, queue_name)
    handle = publisher.enqueue(FIRE_DUE_TIMERS, 100, job_id=f"{queue_name}-fire",
                               description="fire due dossier timers")
    worker = app_worker_class(SimpleWorker)(
        [queue_name], connection=redis_connection, serializer=JSONSerializer, name=queue_name)
    worker.flask_app = app
    with spiff_clock(later):  # SimpleWorker runs the job in this thread
        worker.work(burst=True)
    info = publisher.status(handle.id)
    assert info.status is JobStatus.FINISHED, info.error
    assert info.result["fired"] == 1
    assert info.progress["done"] == info.progress["total"] == 1
    _assert_warned(session, dossier, later)


def test_nothing_due_is_a_quick_empty_run(session: Session, connection: Connection) -> None:
    received_for_appraisal(session, dossier_service(session))
    environment = JobEnvironment(session_factory=_joined(connection), publisher=InlineJobs(),
                                 clock=FixedClock(datetime.now().astimezone()))
    assert run_due_timers(environment) == {"due": 0, "dossiers": 0, "fired": 0,
                                           "warnings": 0, "conflicts": 0, "failed": 0}


class _Broken(StoredWorkflows):
    def __init__(self, broken: int) -> None:
        super().__init__()
        self.broken = broken

    def load(self, dossier: Dossier) -> BpmnWorkflow:
        if dossier.id == self.broken:
            raise RuntimeError("corrupt workflow state")
        return super().load(dossier)


def test_one_broken_dossier_does_not_hold_back_the_others(
    session: Session, connection: Connection, caplog: pytest.LogCaptureFixture,
) -> None:
    factory = DossierFactory(session)
    bad, _ = appraising_dossier(session, factory, code="1.000801")
    good, _ = appraising_dossier(session, factory, code="1.000802")
    session.commit()
    later = max(_timer(session, d).due_at for d in (bad, good)) + timedelta(minutes=1)
    loader = _Broken(bad.id)

    def make(dossier_session: Session, environment: JobEnvironment) -> TimerService:
        return TimerService(dossier_session, clock=environment.clock, loader=loader)

    environment = JobEnvironment(session_factory=_joined(connection), publisher=InlineJobs(),
                                 clock=FixedClock(later))
    with spiff_clock(later):
        counts = run_due_timers(environment, make_service=make)
    assert counts == {"due": 2, "dossiers": 2, "fired": 1, "warnings": 1, "conflicts": 0,
                      "failed": 1}
    assert "corrupt workflow state" in caplog.text
    session.expire_all()
    assert _timer(session, bad).fired_at is None  # rolled back, retried next run
    assert _timer(session, good).fired_at == later
