"""Timers of running dossiers: a table of due times, fired by a periodic job.

SpiffWorkflow keeps no scheduler: a timer fires only when someone calls
``refresh_timers()`` and then ``do_engine_steps()`` on a loaded workflow, and it compares
the due time with ``datetime.now(timezone.utc)`` at that moment. Loading every running
dossier to ask would cost ~1.5 ms each, so the due times are copied out instead:

1. whenever a dossier's workflow is saved, :func:`sync_timers` replaces its pending
   :class:`~engine.dossiers.models.DossierTimer` rows with the timers the workflow waits
   on (what ``waiting_events()`` reports, keyed by the waiting task's id); an officer's
   action goes through :func:`plan_timer_sync`, which changes only the rows of the
   timers that went away, appeared or moved, sent with the action's other writes;
2. a job (:func:`engine.dossiers.jobs.fire_due_timers`, every minute) asks
   :meth:`TimerService.due` for pending rows whose ``due_at`` has passed (an index range
   on ``(fired_at, due_at)``) and calls :meth:`TimerService.fire` for each, one dossier
   per transaction;
3. firing loads the workflow, lets SpiffWorkflow fire what it finds due, marks the rows of
   the timers that fired (``fired_at``), saves the workflow (with its task rows), hands
   every escalation the workflow threw (the archetypes' warning timer throws
   ``deadline_warning``) to a callback and syncs the timer rows again.

A timer row's lifecycle: pending (``fired_at`` null) → fired (``fired_at`` set, kept as
history), or deleted when the workflow stops waiting without firing it (the task it
guards was completed first).

Time: SpiffWorkflow reads the real clock and there is no supported way to give it
another, so ``now`` here only selects rows and stamps ``fired_at``; whether a timer
really fires is decided by SpiffWorkflow against real time, which in production is the
same instant. Tests that need a timer to be due move SpiffWorkflow's clock for a block
of code (``tests.engine.dossiers.timer_fixtures.spiff_clock``, as ``tests/bpmn/walk.py``
does); nothing here patches anything. A row that is due by ``now`` but not yet by
SpiffWorkflow's clock simply stays pending until the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import (
    EscalationEventDefinition,
)
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import ThrowingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam, delete, null, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from engine.db import UPSERT_DIALECTS, dialect_insert
from engine.dossiers.clock import Clock
from engine.dossiers.models import Dossier, DossierTimer
from engine.dossiers.writes import Write

__all__ = [
    "EscalationHandler",
    "FireResult",
    "TimerEscalation",
    "TimerPlan",
    "TimerService",
    "WaitingTimer",
    "WorkflowLoader",
    "due_timers",
    "plan_timer_sync",
    "sync_timers",
    "waiting_timers",
]

log = logging.getLogger(__name__)


class WorkflowLoader(Protocol):
    """Loads a dossier's workflow and saves it back (workflow state + task rows)."""

    def load(self, dossier: Dossier) -> BpmnWorkflow: ...

    def save(self, dossier: Dossier, workflow: BpmnWorkflow) -> None: ...


@dataclass(frozen=True)
class WaitingTimer:
    """A timer the workflow waits on: the waiting task, its BPMN element, when it is due."""

    workflow_task_id: str
    spec_id: str
    due_at: datetime


@dataclass(frozen=True)
class TimerEscalation:
    """An escalation a fired timer led to (``code`` ``deadline_warning`` for the archetypes).

    ``attached_task_id`` is the SpiffWorkflow id of the activity the timer's boundary
    event sits on (``DossierTask.workflow_task_id``: the task whose priority to raise);
    the three ids are None when the throw cannot be traced back to a boundary timer.
    """

    code: str | None
    name: str
    timer_spec_id: str | None
    attached_spec_id: str | None
    attached_task_id: str | None
    at: datetime


class EscalationHandler(Protocol):
    """Told about each escalation, inside the firing transaction (the dossier service)."""

    def __call__(self, dossier: Dossier, escalation: TimerEscalation) -> None: ...


@dataclass(frozen=True)
class FireResult:
    """What one :meth:`TimerService.fire` did; ``fired`` lists the timers' element ids."""

    timer_id: int
    dossier_id: int | None
    fired: tuple[str, ...] = ()
    escalations: tuple[TimerEscalation, ...] = ()

    @property
    def did_fire(self) -> bool:
        return bool(self.fired)


def waiting_timers(workflow: BpmnWorkflow) -> list[WaitingTimer]:
    """The timers ``workflow`` waits on, with due times in UTC.

    ``waiting_events()`` gives each waiting event's ``PendingBpmnEvent`` (``value`` is
    the due time, an ISO string, for date and duration timers; the next occurrence for a
    cycle) but not the task it belongs to, which the table is keyed by; this walks the
    same event manager and asks each timer for the same details. A timer whose value is
    not a moment yet (not evaluated, or a finished cycle) is skipped; so are timers
    inside a "multiple" event definition, which the archetypes do not use.
    """
    found = []
    for task in list(workflow.event_manager.tasks.values()):
        definition = task.task_spec.event_definition
        if not isinstance(definition, TimerEventDefinition):
            continue
        due = _moment(definition.details(task).value)
        if due is not None:
            found.append(WaitingTimer(str(task.id), task.task_spec.name, due))
    return sorted(found, key=lambda timer: (timer.due_at, timer.workflow_task_id))


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return TimerEventDefinition.get_datetime(value.isoformat())  # type: ignore[no-any-return]
    if not isinstance(value, str):
        return None
    try:
        parsed = TimerEventDefinition.parse_time_or_duration(value)
    except (ValueError, AttributeError):
        log.warning("timer value %r is not a moment; not scheduled", value)
        return None
    return parsed.astimezone(UTC) if isinstance(parsed, datetime) else None


def sync_timers(session: Session, dossier: Dossier, workflow: BpmnWorkflow) -> list[DossierTimer]:
    """Make the dossier's pending timer rows match what ``workflow`` waits on now.

    Call it in the transaction that saves the workflow (the dossier must have its id).
    Fired rows are history and stay; pending rows the workflow no longer waits on go;
    a timer task waiting again (a cycle) gets its row back as pending. Returns the
    pending rows, soonest first.
    """
    waiting = {timer.workflow_task_id: timer for timer in waiting_timers(workflow)}
    rows = {row.workflow_task_id: row for row in session.scalars(
        select(DossierTimer).where(DossierTimer.dossier_id == dossier.id))}
    for task_id, row in rows.items():
        if row.fired_at is None and task_id not in waiting:
            session.delete(row)
    pending = []
    for task_id, timer in waiting.items():
        row = rows.get(task_id) or DossierTimer(dossier_id=dossier.id, workflow_task_id=task_id)
        row.spec_id, row.due_at, row.fired_at = timer.spec_id, timer.due_at, None
        session.add(row)
        pending.append(row)
    session.flush()
    return pending


#: Drop one pending row of a dossier, and insert or revive one (a timer task waiting
#: again after it fired keeps its row: the pair is unique). Built once and sent with the
#: action's other writes (:mod:`engine.dossiers.writes`), not through the ORM: rows this
#: session holds are brought in line afterwards.
_DROP_PENDING = (
    delete(DossierTimer)
    .where(DossierTimer.dossier_id == bindparam("dossier_id"),
           DossierTimer.workflow_task_id == bindparam("task_id"),
           DossierTimer.fired_at.is_(None))
    .returning(DossierTimer.id)
)


def _upsert(dialect: str) -> Any:
    statement = dialect_insert(dialect, DossierTimer)
    return statement.on_conflict_do_update(
        index_elements=[DossierTimer.dossier_id, DossierTimer.workflow_task_id],
        set_={"spec_id": statement.excluded.spec_id, "due_at": statement.excluded.due_at,
              "fired_at": null()},
    ).returning(DossierTimer.id)


_UPSERTS = {name: _upsert(name) for name in UPSERT_DIALECTS}


@dataclass(frozen=True)
class TimerPlan:
    """What :func:`plan_timer_sync` found: nothing to do, statements to send with the
    action's writes, or (``full``) a :func:`sync_timers` after them."""

    writes: tuple[Write, ...] = ()
    full: bool = False

    def finish(self, session: Session, dossier: Dossier, workflow: BpmnWorkflow) -> None:
        """Carry out what was not sent with the action's writes."""
        if self.full:
            sync_timers(session, dossier, workflow)


def plan_timer_sync(session: Session, dossier: Dossier, workflow: BpmnWorkflow,
                    loaded: Sequence[WaitingTimer] | None) -> TimerPlan:
    """How to bring the timer rows of a workflow that waited on ``loaded`` in line.

    A dossier's pending rows are what its stored workflow waits on, because every save
    of a workflow syncs them in the same transaction. So the rows to change are known
    without reading them: the pending rows of the timers no longer waited on are dropped,
    and the timers that appeared or moved are inserted (or revived, for a timer that
    fired before and waits again). Only when ``loaded`` is unknown is this a full
    :func:`sync_timers`.
    """
    waiting = waiting_timers(workflow)
    if loaded is None:
        return TimerPlan(full=True)
    if waiting == list(loaded):
        return TimerPlan()
    writes = []
    gone = sorted({t.workflow_task_id for t in loaded} - {t.workflow_task_id for t in waiting})
    if gone:
        writes.append(Write(_DROP_PENDING, [
            {"dossier_id": dossier.id, "task_id": task_id} for task_id in gone], True,
            lambda dropped: _forget(session, dropped, expunge=True)))
    known = set(loaded)
    changed = [timer for timer in waiting if timer not in known]
    if changed:
        upsert = _UPSERTS[session.connection().dialect.name]
        writes.append(Write(upsert, [
            {"dossier_id": dossier.id, "workflow_task_id": timer.workflow_task_id,
             "spec_id": timer.spec_id, "due_at": timer.due_at} for timer in changed], True,
            lambda written: _forget(session, written, expunge=False)))
    return TimerPlan(writes=tuple(writes))


def _forget(session: Session, timer_ids: Sequence[int], *, expunge: bool) -> None:
    """Rows this session holds of timers just dropped leave it (as deleted); of timers
    just written, they are read again on next use."""
    for timer_id in timer_ids:
        row = session.identity_map.get(identity_key(DossierTimer, timer_id))
        if row is not None:
            if expunge:
                session.expunge(row)
            else:
                session.expire(row)


def due_timers(session: Session, now: datetime, *, limit: int = 500) -> list[DossierTimer]:
    """Pending timers due at ``now``, oldest first: a range scan of the pending index."""
    query = (
        select(DossierTimer)
        .where(DossierTimer.fired_at.is_(None), DossierTimer.due_at <= now)
        .order_by(DossierTimer.due_at, DossierTimer.id)
        .limit(limit)
    )
    return list(session.scalars(query))


class TimerService:
    """Finds due timers and fires them, one dossier's workflow at a time.

    ``loader`` loads and saves workflows (the dossier workflow store); ``on_escalation``
    is told about each escalation a fired timer threw. Only flushes: the caller commits,
    one transaction per dossier, so a failing dossier does not hold back the others and
    a concurrent change to the same dossier fails on its ``lock_version``.
    """

    def __init__(self, session: Session, *, clock: Clock,
                 loader: WorkflowLoader, on_escalation: EscalationHandler | None = None) -> None:
        self.session = session
        self.clock = clock
        self.loader = loader
        self.on_escalation = on_escalation

    def due(self, now: datetime | None = None, limit: int = 500) -> list[DossierTimer]:
        """Pending timers due at ``now`` (default: the clock), oldest first."""
        return due_timers(self.session, now or self.clock.now(), limit=limit)

    def fire(self, timer_id: int, now: datetime | None = None) -> FireResult:
        """Fire the workflow timers due now in the dossier of timer ``timer_id``.

        Firing one timer fires every due timer of that dossier (SpiffWorkflow refreshes
        them all), so a second call for another of its rows, or the same row again,
        finds it fired and does nothing. When SpiffWorkflow fires nothing (its clock is
        not there yet) the workflow is not saved.
        """
        moment = now or self.clock.now()
        row = self.session.get(DossierTimer, timer_id)
        if row is None or row.fired_at is not None:
            return FireResult(timer_id, row.dossier_id if row else None)
        dossier = self.session.get_one(Dossier, row.dossier_id)
        workflow = self.loader.load(dossier)
        completed: list[Any] = []
        workflow.refresh_timers()
        workflow.do_engine_steps(did_complete_task=completed.append)
        escalations = tuple(_escalations(workflow, completed, moment))
        fired = self._mark_fired(dossier, workflow, moment)
        if not fired and not escalations:
            sync_timers(self.session, dossier, workflow)  # drops rows gone stale, if any
            return FireResult(timer_id, dossier.id)
        self.loader.save(dossier, workflow)  # task rows first: the handler may adjust them
        for escalation in escalations:
            if self.on_escalation is not None:
                self.on_escalation(dossier, escalation)
        sync_timers(self.session, dossier, workflow)
        return FireResult(timer_id, dossier.id, fired, escalations)

    def _mark_fired(self, dossier: Dossier, workflow: BpmnWorkflow,
                    moment: datetime) -> tuple[str, ...]:
        pending = self.session.scalars(select(DossierTimer).where(
            DossierTimer.dossier_id == dossier.id, DossierTimer.fired_at.is_(None)))
        fired = []
        for row in pending:
            task = _task(workflow, row.workflow_task_id)
            if task is not None and task.state == TaskState.COMPLETED:
                row.fired_at = moment
                fired.append(row.spec_id)
        self.session.flush()
        return tuple(fired)


def _task(workflow: BpmnWorkflow, task_id: str) -> Any:
    try:
        return workflow.get_task_from_id(UUID(task_id))
    except (TaskNotFoundException, ValueError):
        return None


def _escalations(workflow: BpmnWorkflow, completed: list[Any],
                 moment: datetime) -> Iterator[TimerEscalation]:
    """The uncaught escalations ``get_events()`` holds, traced to the timer behind each.

    An event carries its definition but not its thrower, so each is matched with a task
    completed in this run that threw that very definition; from that task the tree leads
    up to the boundary timer and across to the activity it is attached to.
    """
    throwers = [task for task in completed if isinstance(task.task_spec, ThrowingEvent)]
    for event in workflow.get_events():
        definition = event.event_definition
        if not isinstance(definition, EscalationEventDefinition):
            log.debug("ignoring thrown event %s", getattr(definition, "name", definition))
            continue
        thrower = next((t for t in throwers if t.task_spec.event_definition is definition), None)
        if thrower is not None:
            throwers.remove(thrower)
        timer = _timer_above(thrower)
        attached = _attached_activity(timer)
        yield TimerEscalation(
            code=definition.code,
            name=definition.name,
            timer_spec_id=timer.task_spec.name if timer is not None else None,
            attached_spec_id=attached.task_spec.name if attached is not None else None,
            attached_task_id=str(attached.id) if attached is not None else None,
            at=moment,
        )


def _timer_above(task: Any) -> Any:
    node = task.parent if task is not None else None
    while node is not None:
        if isinstance(getattr(node.task_spec, "event_definition", None), TimerEventDefinition):
            return node
        node = node.parent
    return None


def _attached_activity(timer: Any) -> Any:
    if timer is None or not isinstance(timer.task_spec, BoundaryEvent):
        return None
    return next((sibling for sibling in timer.parent.children
                 if not isinstance(sibling.task_spec, BoundaryEvent)), None)
