"""Writing one action on one dossier: state, transitions, events, rows, conflict check.

Every action of :class:`~engine.dossiers.services.DossierService` ends the same way, in
this order, inside the caller's transaction:

1. the workflow is dumped into ``Dossier.workflow_state`` (without its spec) and the
   dossier row is flushed: this ``UPDATE ... WHERE lock_version = :read`` is where a
   concurrent change by another transaction shows up, before anything else is written;
2. the action's audit event, then each status transition (its effect applied, the row
   flushed, its event appended: see :mod:`engine.dossiers.lifecycle`);
3. the task rows (:func:`engine.dossiers.tasks.sync_tasks`) and timer rows
   (:func:`engine.dossiers.timers.sync_timers`) are brought in line with the workflow,
   after the transitions because due dates depend on the clock they may have moved.

A stale version becomes :class:`~engine.dossiers.errors.ConflictError`. So do the
database's own refusals to let two writers through: SQLite answers a write from a
transaction whose snapshot another one has since committed over with "database is
locked" (``SQLITE_BUSY_SNAPSHOT``), and PostgreSQL at stricter isolation levels with a
serialization failure; all mean "someone changed it first; reload and retry".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from SpiffWorkflow.bpmn.specs.defaults import EndEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState as SpiffState
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.calendar import WorkingCalendar
from engine.catalog.models import Procedure, ProcedureVersion
from engine.dossiers.audit import append_event
from engine.dossiers.errors import ConflictError
from engine.dossiers.lifecycle import Effects, Move
from engine.dossiers.models import Dossier, DossierStatus, DossierTask
from engine.dossiers.tasks import ready_tasks, sync_tasks
from engine.dossiers.timers import sync_timers
from engine.dossiers.workflow import WORKFLOW_FORMAT, ProcedureSpec, WorkflowStore

__all__ = ["Recorder", "ended_events", "guarded", "opened_tasks"]


class Recorder:
    """Writes dossiers' actions in ``session`` (module docstring); only flushes."""

    def __init__(self, session: Session, store: WorkflowStore,
                 calendar: WorkingCalendar) -> None:
        self.session = session
        self.store = store
        self.calendar = calendar

    def version(self, dossier: Dossier) -> ProcedureVersion:
        return self.session.get_one(ProcedureVersion, dossier.version_id)

    def spec(self, dossier: Dossier) -> ProcedureSpec:
        return self.store.procedure_spec(self.version(dossier))

    def effects(self, dossier: Dossier, now: dt.datetime) -> Effects:
        return Effects(self.session, now=now, calendar=self.calendar, spec=self.spec(dossier))

    def load(self, dossier: Dossier) -> BpmnWorkflow:
        return self.store.load(self.version(dossier), dossier.workflow_state,
                               dossier.workflow_format)

    @contextmanager
    def writing(self, dossier: Dossier, workflow: BpmnWorkflow,
                now: dt.datetime) -> Iterator[Effects]:
        """Steps 1 and 3 around the caller's block, which records step 2."""
        with guarded():
            self._store(dossier, workflow, now)
            effects = self.effects(dossier, now)
            yield effects
            self.sync_rows(dossier, workflow, now, effects.spec)

    def save(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime) -> None:
        """Store a workflow advanced outside a user action (a fired timer): no events."""
        self._store(dossier, workflow, now)
        self.sync_rows(dossier, workflow, now, self.spec(dossier))

    def _store(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime) -> None:
        dossier.workflow_state = self.store.dump(workflow)
        dossier.workflow_format = WORKFLOW_FORMAT
        dossier.updated_at = now
        self.flush()

    def sync_rows(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime,
                  spec: ProcedureSpec) -> None:
        procedure = self.session.get_one(Procedure, dossier.procedure_id)
        sync_tasks(dossier, workflow, spec, procedure_code=procedure.code,
                   partner_agencies=list(procedure.partner_agencies), now=now,
                   calendar=self.calendar)
        self.flush()
        sync_timers(self.session, dossier, workflow)
        self.flush()

    def transition(self, effects: Effects, dossier: Dossier, action: str,
                   target: DossierStatus, move: Move, *, actor: str,
                   row: DossierTask | None = None) -> None:
        """Apply ``action``'s effect, move the dossier to ``target``, record the event."""
        before = dossier.status
        detail = effects.apply(action, dossier, move)
        dossier.status = target
        self.flush()
        self.event(dossier, effects.now, actor, action, from_status=before, to_status=target,
                   task=row, detail=detail)

    def event(self, dossier: Dossier, at: dt.datetime, actor: str, action: str, *,
              from_status: DossierStatus | None = None, to_status: DossierStatus | None = None,
              task: DossierTask | None = None, detail: Mapping[str, Any] | None = None,
              ) -> None:
        """Append an audit event; an action that changes no status passes no statuses."""
        self.flush()
        append_event(self.session, dossier, at=at, actor=actor, action=action,
                     from_status=from_status, to_status=to_status,
                     task_spec=task.spec_id if task else None,
                     task_name=task.name if task else None, detail=detail)

    def flush(self) -> None:
        with guarded():
            self.session.flush()


@contextmanager
def guarded() -> Iterator[None]:
    """Turn the database's ways of saying "changed meanwhile" into ConflictError, also
    when an autoflush inside the block is what runs into it."""
    try:
        yield
    except StaleDataError as error:
        raise ConflictError("the dossier was changed by another officer at the same "
                            "time; reload it and try again") from error
    except OperationalError as error:
        if not _is_lock_conflict(error):
            raise
        raise ConflictError("the dossier is being changed by another transaction; "
                            "reload it and try again") from error


def ended_events(workflow: BpmnWorkflow) -> frozenset[str]:
    """Ids of the end events the workflow has completed."""
    return frozenset(
        t.task_spec.name for t in workflow.get_tasks(state=SpiffState.COMPLETED)
        if isinstance(t.task_spec, EndEvent))


def opened_tasks(workflow: BpmnWorkflow, dossier: Dossier) -> frozenset[str]:
    """Ids of the READY user tasks that have no row yet (they just opened)."""
    known = {row.workflow_task_id for row in dossier.tasks}
    return frozenset(t.task_spec.name for task_id, t in ready_tasks(workflow).items()
                     if task_id not in known)


def _is_lock_conflict(error: OperationalError) -> bool:
    """SQLite's busy snapshot/lock and PostgreSQL's serialization failure or deadlock."""
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in ("40001", "40P01") or "database is locked" in str(error.orig)
