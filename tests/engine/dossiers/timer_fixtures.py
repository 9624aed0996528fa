"""What timer tests need: SpiffWorkflow's clock moved for a block, and dossiers waiting on it.

SpiffWorkflow decides whether a timer is due with ``datetime.now(timezone.utc)`` inside
:mod:`SpiffWorkflow.bpmn.specs.event_definitions.timer`; :func:`spiff_clock` swaps that
module's ``datetime`` for one whose ``now`` is the given instant, for the ``with`` block
only (as ``tests/bpmn/walk.py`` does with ``monkeypatch``). Production never does this:
there, SpiffWorkflow's clock and the service's are both the real time.

:class:`StoredWorkflows` is a stand-in for the dossier service's load/save: it keeps the
workflow in ``Dossier.workflow_state`` with SpiffWorkflow's stock serializer (spec
included), built from a generated diagram, so the timer mechanics are tested apart from
the service; :func:`received_for_appraisal` makes the real thing through the service.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions import timer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm import Session

from bpmn.catalog.geography import PROVINCE_CENTRE
from bpmn.catalog.model import Archetype
from bpmn.generator import render
from engine.calendar import WorkingCalendar
from engine.catalog.services import CatalogService
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier
from engine.dossiers.services import DossierService
from engine.dossiers.timers import TimerEscalation, sync_timers
from engine.specs import SpecCache
from tests.bpmn.factories import procedure
from tests.bpmn.walk import SERIALIZER, ServiceStubEngine, load
from tests.engine.dossier_factory import DossierFactory

#: The warning timer on appraisal: 0.75 of a one-working-day budget, in office hours.
APPRAISAL_WARNING = timedelta(hours=6)


@contextmanager
def spiff_clock(now: datetime) -> Iterator[datetime]:
    """SpiffWorkflow's timers see ``now`` as the current time inside the block.

    Not thread-safe (it replaces a module attribute): for tests and the rq ``SimpleWorker``
    that runs jobs in the test's own thread.
    """
    if now.tzinfo is None:
        raise ValueError("spiff_clock needs a timezone-aware instant")

    class Moved(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return now.astimezone(tz) if tz else now.astimezone(UTC).replace(tzinfo=None)

    real = timer.datetime
    timer.datetime = Moved
    try:
        yield now
    finally:
        timer.datetime = real


class StoredWorkflows:
    """Load/save of a dossier's workflow through its row (what ``TimerService`` needs)."""

    def __init__(self) -> None:
        self.saved = 0

    def load(self, dossier: Dossier) -> BpmnWorkflow:
        workflow = SERIALIZER.from_dict(dossier.workflow_state)
        workflow.script_engine = ServiceStubEngine()
        return workflow

    def save(self, dossier: Dossier, workflow: BpmnWorkflow) -> None:
        dossier.workflow_state = SERIALIZER.to_dict(workflow)
        self.saved += 1


class Escalations:
    """An escalation handler that remembers what it was told."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, TimerEscalation]] = []

    def __call__(self, dossier: Dossier, escalation: TimerEscalation) -> None:
        self.seen.append((dossier.id, escalation))


def appraising_workflow() -> BpmnWorkflow:
    """A standard procedure's workflow, received and waiting at appraisal (timer started)."""
    workflow = load(render(procedure(Archetype.STANDARD)))
    receive = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
    receive.data.update({"reception_outcome": "accept"})
    receive.run()
    workflow.do_engine_steps()
    return workflow


def appraising_dossier(session: Session, factory: DossierFactory | None = None,
                       code: str = "1.000777") -> tuple[Dossier, BpmnWorkflow]:
    """A dossier row holding :func:`appraising_workflow`, its timers synced."""
    factory = factory or DossierFactory(session)
    workflow = appraising_workflow()
    dossier = factory.dossier(factory.procedure(code),
                              workflow_state=SERIALIZER.to_dict(workflow))
    sync_timers(session, dossier, workflow)
    return dossier, workflow


def open_task(workflow: BpmnWorkflow) -> Any:
    """The single ready user task."""
    (task,) = workflow.get_tasks(state=TaskState.READY, manual=True)
    return task


# -- through the dossier service ------------------------------------------------------------

RECEIVED = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Vietnam


@functools.cache
def shared_calendar() -> WorkingCalendar:
    return WorkingCalendar.vietnam(range(2025, 2028))


def dossier_service(session: Session, clock: FixedClock | None = None) -> DossierService:
    return DossierService(session, clock=clock or FixedClock(RECEIVED),
                          calendar=shared_calendar(), specs=SpecCache())


def received_for_appraisal(session: Session, service: DossierService,
                           code: str = "1.000901") -> Dossier:
    """A standard procedure published from its generated diagram, a dossier received on
    it at the counter and accepted: it waits at appraisal, its warning timer running."""
    catalog = CatalogService(session)
    catalog.seed_reference_data()
    catalog.build([procedure(Archetype.STANDARD, code=code)])
    dossier, _ = service.receive(code, centre=PROVINCE_CENTRE.code, channel="1",
                                 applicant_name="Nguyễn Thị Hoa", actor="receiver-1")
    (receive,) = [t for t in dossier.tasks if t.spec_id == "Task_receive"]
    service.complete_task(receive.id, {"reception_outcome": "accept"}, actor="receiver-1")
    session.flush()
    return dossier
