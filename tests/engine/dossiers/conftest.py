"""Fixtures for the dossier service: published procedures per archetype, a fixed clock,
the real calendar, and a driver that works a dossier's tasks while checking, after every
step, that the stored workflow reloads to exactly the same state.

Every dossier here is received on Tuesday 3 March 2026 at 09:00 in Vietnam (a working
day) unless a test moves the clock. Procedures are rendered by the real generator and
published through :class:`CatalogService`, one working day per step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bpmn.catalog.geography import UBND_XA
from bpmn.catalog.model import Archetype, Level
from bpmn.catalog.model import Procedure as CatalogRow
from engine.calendar import WorkingCalendar
from engine.catalog.models import Procedure
from engine.catalog.services import CatalogService
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier, DossierTask, TaskState
from engine.dossiers.services import DossierService
from engine.dossiers.tasks import ready_tasks
from engine.dossiers.workflow import WorkflowStore
from engine.specs import SpecCache
from tests.bpmn.factories import procedure

VN = dt.timezone(dt.timedelta(hours=7))
RECEIVED = dt.datetime(2026, 3, 3, 9, 0, tzinfo=VN)  # Tuesday, a working day
CENTRE = "000.00.00.H36"  # the provincial centre
OFFICER = "receiver-1"

#: What an officer submits at each task on the straight path (Task_consult_N added below).
ANSWERS: dict[str, dict[str, Any]] = {
    "Task_receive": {"reception_outcome": "accept"},
    "Task_resolve": {"appraisal_opinion": "Đủ điều kiện"},
    "Task_appraise": {"appraisal_opinion": "Hồ sơ đầy đủ"},
    "Task_inspect": {"inspection_passed": True, "inspection_report": "Phù hợp"},
    "Task_approve": {"decision": "approve"},
    "Task_sign": {"decision": "approve"},
    "Task_fee": {"fee_paid": True, "fee_receipt": "BL-0001"},
    "Task_return": {"return_channel": "counter"},
    "Task_supplement": {"supplement_note": "Đã bổ sung bản sao"},
}
for _n in (1, 2, 3):
    ANSWERS[f"Task_consult_{_n}"] = {f"opinion_{_n}": "agree"}
SUPPLEMENT_ANSWER = {"appraisal_outcome": "supplement", "supplement_request": "Thiếu bản vẽ"}
COMPLETE_ANSWER = {"appraisal_outcome": "complete"}

#: The user tasks carrying a withdrawal boundary, per archetype (bpmn.archetypes).
WITHDRAWABLE: dict[Archetype, tuple[str, ...]] = {
    Archetype.SAME_DAY: ("Task_resolve", "Task_sign"),
    Archetype.STANDARD: ("Task_appraise", "Task_approve"),
    Archetype.SUPPLEMENT: ("Task_appraise", "Task_supplement", "Task_approve"),
    Archetype.INSPECTION: ("Task_appraise", "Task_inspect", "Task_approve"),
    Archetype.INTER_AGENCY: ("Task_appraise", "Task_consult_1", "Task_approve"),
    Archetype.FEE_ERESULT: ("Task_appraise", "Task_approve", "Task_fee"),
}


@functools.cache
def _calendar() -> WorkingCalendar:
    return WorkingCalendar.vietnam(range(2025, 2028))


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return _calendar()


@pytest.fixture(scope="session")
def specs() -> SpecCache:
    return SpecCache()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(RECEIVED)


@pytest.fixture
def service(session: Session, clock: FixedClock, calendar: WorkingCalendar,
            specs: SpecCache) -> DossierService:
    return DossierService(session, clock=clock, calendar=calendar, specs=specs)


Publish = Callable[..., Procedure]


def catalog_row(archetype: Archetype, *, code: str | None = None, commune: bool = False,
                **overrides: Any) -> CatalogRow:
    """A catalogue row of ``archetype``; commune rows name UBND_XA as their agency."""
    row = procedure(archetype, code=code or f"1.{list(Archetype).index(archetype) + 1:06d}")
    if commune:
        row = dataclasses.replace(row, level=Level.COMMUNE, agency=UBND_XA)
    return dataclasses.replace(row, **overrides)


@pytest.fixture
def publish(session: Session) -> Publish:
    """``publish(archetype, code=..., commune=False)``: build and publish version 1."""

    def make(archetype: Archetype, **options: Any) -> Procedure:
        row = catalog_row(archetype, **options)
        catalog = CatalogService(session)
        catalog.build([row])
        return catalog.get(row.code)

    return make


def open_tasks(dossier: Dossier) -> list[DossierTask]:
    return sorted((t for t in dossier.tasks if t.state is TaskState.OPEN),
                  key=lambda t: (t.spec_id, t.id))


def task_named(dossier: Dossier, spec_id: str) -> DossierTask:
    (row,) = [t for t in open_tasks(dossier) if t.spec_id == spec_id]
    return row


def check_reload(session: Session, service: DossierService, dossier: Dossier) -> None:
    """The stored state survives the database and a reload unchanged, and the open rows
    are exactly the workflow's READY user tasks."""
    stored = json.loads(json.dumps(dossier.workflow_state))
    session.refresh(dossier)
    assert dossier.workflow_state == stored
    workflow = service.workflow(dossier)
    assert WorkflowStore.dump(workflow) == stored, "state changed across save/reload"
    assert set(ready_tasks(workflow)) == {t.workflow_task_id for t in open_tasks(dossier)}


def work(session: Session, service: DossierService, dossier: Dossier,
         answers: Mapping[str, Iterable[Mapping[str, Any]]] | None = None, *,
         stop_at: str | None = None, limit: int = 30) -> list[str]:
    """Complete open tasks (alphabetical order) until none is left or ``stop_at`` opens.

    ``answers`` overrides :data:`ANSWERS` per task with a sequence used in turn (tasks met
    more than once, e.g. appraisal in the supplement loop). Returns the tasks completed.
    """
    queues = {name: iter(seq) for name, seq in (answers or {}).items()}
    done: list[str] = []
    check_reload(session, service, dossier)
    for _ in range(limit):
        rows = open_tasks(dossier)
        if not rows or any(r.spec_id == stop_at for r in rows):
            break
        row = rows[0]
        answer = next(queues[row.spec_id], None) if row.spec_id in queues else None
        service.complete_task(row.id, dict(answer or ANSWERS[row.spec_id]), actor=OFFICER)
        done.append(row.spec_id)
        check_reload(session, service, dossier)
    return done


def received(service: DossierService, code: str, **options: Any) -> Dossier:
    """A dossier of ``code`` received at the counter of the provincial centre."""
    values: dict[str, Any] = {"centre": CENTRE, "channel": "1",
                              "applicant_name": "Nguyễn Văn An", "actor": OFFICER}
    values.update(options)
    dossier, _ = service.receive(code, **values)
    return dossier


def at_appraisal(service: DossierService, publish: Publish) -> Dossier:
    """A standard-archetype dossier received and accepted: its appraisal is open."""
    dossier = received(service, publish(Archetype.STANDARD).code)
    service.complete_task(task_named(dossier, "Task_receive").id, ANSWERS["Task_receive"],
                          actor=OFFICER)
    return dossier


def straight(archetype: Archetype) -> dict[str, list[dict[str, Any]]]:
    """Answer overrides for the straight path (the supplement archetype must say so)."""
    if archetype is Archetype.SUPPLEMENT:
        return {"Task_appraise": [COMPLETE_ANSWER]}
    return {}
