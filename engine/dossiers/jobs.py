"""Background jobs of the dossier engine, run by dotted path (rq worker or inline).

``fire_due_timers`` is the periodic one (every minute: ``motcua timers tick``, or the
ticker thread of ``motcua serve`` without Redis). Like every job it takes JSON only and
gets its session factory and clock from the :class:`~engine.jobs.JobEnvironment` that
the runner installs.

Transactions: one per dossier. Firing a dossier's timers, the warning it records and the
saved workflow commit together; a dossier that fails (a broken diagram, a concurrent
officer's change caught by ``lock_version``) is rolled back, counted and retried on the
next run while the others go on. Only an unreachable database stops the job.

A deadline warning (the ``deadline_warning`` escalation of the archetypes' boundary
timer) becomes a ``deadline_warning`` audit event and raises the warned task's priority
to at least :data:`WARNED_PRIORITY`, the inbox's "due within a working day" level.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.dossiers.audit import append_event
from engine.dossiers.errors import ConflictError
from engine.dossiers.models import Dossier, DossierTask, TaskState
from engine.dossiers.timers import TimerEscalation, TimerService, due_timers
from engine.jobs import JobEnvironment, current_environment, report_progress

if TYPE_CHECKING:
    from engine.calendar import WorkingCalendar
    from engine.dossiers.services import DossierService
    from engine.specs import SpecCache

__all__ = [
    "SYSTEM_ACTOR",
    "WARNED_PRIORITY",
    "WARNING_ACTION",
    "DossierTimerHooks",
    "TimerServiceFactory",
    "fire_due_timers",
    "run_due_timers",
    "timer_service",
]

log = logging.getLogger(__name__)

WARNING_ACTION = "deadline_warning"
WARNED_PRIORITY = 90
SYSTEM_ACTOR = "system:timers"

#: Builds the timer service for one dossier's transaction.
TimerServiceFactory = Callable[[Session, JobEnvironment], TimerService]

_PROGRESS_EVERY = 25  # dossiers between two progress reports (each is a Redis write)


class DossierTimerHooks:
    """What :class:`TimerService` needs, over the dossier service: load, save, warn.

    ``save`` stores the workflow and brings task and timer rows in line exactly as every
    dossier action does (the service's write path), so a timer that interrupts a task
    leaves the inbox right.
    """

    def __init__(self, service: DossierService) -> None:
        self.service = service

    def load(self, dossier: Dossier) -> BpmnWorkflow:
        return self.service.workflow(dossier)

    def save(self, dossier: Dossier, workflow: BpmnWorkflow) -> None:
        self.service.save_workflow(dossier, workflow)

    def __call__(self, dossier: Dossier, escalation: TimerEscalation) -> None:
        """Record the warning and move the warned task up the inbox."""
        session = self.service.session
        row = None
        if escalation.attached_task_id is not None:
            row = session.scalar(select(DossierTask).where(
                DossierTask.workflow_task_id == escalation.attached_task_id))
        if row is not None and row.state is TaskState.OPEN:
            row.priority = max(row.priority, WARNED_PRIORITY)
        append_event(
            session, dossier, at=escalation.at, actor=SYSTEM_ACTOR, action=WARNING_ACTION,
            task_spec=row.spec_id if row is not None else escalation.attached_spec_id,
            task_name=row.name if row is not None else None,
            detail={"code": escalation.code, "timer": escalation.timer_spec_id,
                    "task_id": row.id if row is not None else None},
        )
        session.flush()


@functools.cache
def _shared() -> tuple[SpecCache, WorkingCalendar]:
    """One spec cache and calendar per worker process that has none of its own (an rq
    worker); the web process passes its own through the job environment."""
    from engine.calendar import WorkingCalendar  # noqa: PLC0415 - job-only, heavy
    from engine.specs import SpecCache  # noqa: PLC0415

    return SpecCache(), WorkingCalendar.vietnam()


def timer_service(session: Session, environment: JobEnvironment) -> TimerService:
    """The production wiring: the dossier service loads, saves and records warnings."""
    from engine.dossiers.services import DossierService  # noqa: PLC0415 - heavy, job-only

    specs, calendar = _shared() if environment.specs is None else (
        environment.specs, environment.calendar or _shared()[1])
    dossiers = DossierService(session, clock=environment.clock, calendar=calendar,
                              specs=specs, jobs=environment.publisher)
    hooks = DossierTimerHooks(dossiers)
    return TimerService(session, clock=environment.clock, loader=hooks, on_escalation=hooks)


def fire_due_timers(limit: int = 500) -> dict[str, int]:
    """Fire up to ``limit`` due timers, oldest first; returns counts for the job result."""
    return run_due_timers(current_environment(), limit=limit)


def run_due_timers(environment: JobEnvironment, *, limit: int = 500,
                   make_service: TimerServiceFactory = timer_service) -> dict[str, int]:
    """:func:`fire_due_timers` with its collaborators passed in (tests, the CLI).

    Counts: ``due`` rows found, ``dossiers`` they belong to, ``fired`` timers,
    ``warnings`` escalations handed on, ``conflicts`` dossiers changed meanwhile and
    ``failed`` dossiers that raised (both retried next run).
    """
    now = environment.clock.now()
    with environment.session_factory() as session:
        due = [(row.dossier_id, row.id) for row in due_timers(session, now, limit=limit)]
    by_dossier: dict[int, list[int]] = {}
    for dossier_id, timer_id in due:
        by_dossier.setdefault(dossier_id, []).append(timer_id)
    counts = dict.fromkeys(("fired", "warnings", "conflicts", "failed"), 0)
    counts.update(due=len(due), dossiers=len(by_dossier))
    total = len(by_dossier)
    report_progress(0, total, f"{len(due)} due timer(s) in {total} dossier(s)")
    for done, (dossier_id, timer_ids) in enumerate(by_dossier.items(), start=1):
        outcome = _fire_dossier(environment, make_service, dossier_id, timer_ids, now)
        for key, value in outcome.items():
            counts[key] += value
        if done % _PROGRESS_EVERY == 0 or done == total:
            report_progress(done, total, f"{counts['fired']} timer(s) fired")
    return counts


def _fire_dossier(environment: JobEnvironment, make_service: TimerServiceFactory,
                  dossier_id: int, timer_ids: list[int], now: datetime) -> dict[str, int]:
    try:
        with environment.session_factory() as session:
            service = make_service(session, environment)
            fired = warnings = 0
            for timer_id in timer_ids:
                result = service.fire(timer_id, now)
                fired += len(result.fired)
                warnings += len(result.escalations)
            session.commit()
    except (ConflictError, StaleDataError):
        log.info("dossier %s changed while its timers fired; retried next run", dossier_id)
        return {"conflicts": 1}
    except OperationalError:
        raise  # the database is gone: every other dossier would fail the same way
    except Exception:  # one broken dossier must not hold back the rest
        log.exception("firing the timers of dossier %s failed", dossier_id)
        return {"failed": 1}
    return {"fired": fired, "warnings": warnings}
