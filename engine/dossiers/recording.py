"""Writing one action on one dossier: state, transitions, events and rows in one flush.

Every action of :class:`~engine.dossiers.services.DossierService` is recorded the same
way, inside the caller's transaction, by :meth:`Recorder.writing` (or
:meth:`Recorder.recording` for actions that leave the workflow alone: claims, the
extension):

1. on entry the head of the dossier's event chain is read
   (:class:`~engine.dossiers.audit.EventChain`: one ``SELECT``, none for a task
   completion, whose first query read it with the task: :meth:`Recorder.task`) and the
   workflow is dumped into ``Dossier.workflow_state`` (without its spec);
2. the caller's block records the action's audit event, then each status transition:
   its effect applied to the dossier and its event linked to the chain, both in memory
   (:mod:`engine.dossiers.lifecycle`);
3. on exit the task rows are brought in line with the workflow
   (:func:`engine.dossiers.tasks.sync_tasks`, after the transitions because due dates
   depend on the clock they may have moved) and everything is written at once by
   :func:`engine.dossiers.writes.flush_dossiers` (Core statements, leaving the session
   as a flush would): the dossier's ``UPDATE ... WHERE lock_version = :read`` first, which
   is where a concurrent change by another transaction shows up before anything else of
   the action is written, then the events and the task rows, the new ones of each table
   in one multi-row ``INSERT``;
4. the timer rows, only when what the workflow waits on changed since it was loaded
   (:func:`engine.dossiers.timers.plan_timer_sync`): rows dropped and written without
   reading them, sent with the writes of step 3.

So an action is one ``UPDATE`` of the dossier and one version bump however many
transitions it makes; the dossier row is written by every action, even one that changes
none of its columns (a claim), because that write is the conflict check. A transition
whose effect replays the statutory clock from the events (closing a supplement pause)
queries them, which flushes what the action wrote so far first (SQLAlchemy's autoflush):
the events are then read back whole, and the dossier is written (and its version bumped)
twice.

What an action needs of the procedure version (content hash, procedure code, partner
agencies) is read once per recorder, that is per session: versions are immutable once
created, but ids belong to a database, which a process may not be alone with (tests roll
back and SQLite reuses ids), whereas the content-keyed spec cache is shared process-wide.

A stale version becomes :class:`~engine.dossiers.errors.ConflictError`. So do the
database's own refusals to let two writers through: SQLite answers a write from a
transaction whose snapshot another one has since committed over with "database is
locked" (``SQLITE_BUSY_SNAPSHOT``), and PostgreSQL at stricter isolation levels with a
serialization failure; all mean "someone changed it first; reload and retry".
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from SpiffWorkflow.bpmn.specs.defaults import EndEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState as SpiffState
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified, set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from engine.calendar import WorkingCalendar
from engine.catalog.models import Procedure, ProcedureVersion
from engine.dossiers.audit import EventChain
from engine.dossiers.errors import ConflictError
from engine.dossiers.lifecycle import Effects, Move
from engine.dossiers.loading import LoadedTask, VersionFacts, load_task, version_facts
from engine.dossiers.models import Dossier, DossierEvent, DossierStatus, DossierTask
from engine.dossiers.tasks import ready_tasks, sync_tasks
from engine.dossiers.timers import WaitingTimer, plan_timer_sync, sync_timers, waiting_timers
from engine.dossiers.workflow import WORKFLOW_FORMAT, ProcedureSpec, WorkflowStore
from engine.dossiers.writes import flush_dossiers

__all__ = ["Action", "Recorder", "ended_events", "guarded", "opened_tasks"]


class Recorder:
    """Writes dossiers' actions in ``session`` (module docstring); only flushes."""

    def __init__(self, session: Session, store: WorkflowStore,
                 calendar: WorkingCalendar) -> None:
        self.session = session
        self.store = store
        self.calendar = calendar
        self._versions: dict[int, VersionFacts] = {}
        # What each loaded workflow waited on when loaded (plan_timer_sync).
        self._loaded: weakref.WeakKeyDictionary[BpmnWorkflow, tuple[WaitingTimer, ...]] = (
            weakref.WeakKeyDictionary())
        # The last task read and the transaction it was read in (see ``task``).
        self._last: tuple[LoadedTask, object] | None = None
        # Workflows whose state went into the database with their dossier's insert and
        # has not moved since (``started``).
        self._inserted: weakref.WeakSet[BpmnWorkflow] = weakref.WeakSet()

    def version(self, dossier: Dossier) -> VersionFacts:
        facts = self._versions.get(dossier.version_id)
        if facts is None:
            facts = self._versions[dossier.version_id] = version_facts(
                self.session, dossier.version_id)
        return facts

    def remember(self, version: ProcedureVersion, procedure: Procedure) -> None:
        """Take the facts of ``version`` from rows already read (reception)."""
        self._versions[version.id] = VersionFacts(
            version.id, version.content_hash, procedure.code,
            tuple(procedure.partner_agencies), lambda: version.bpmn_xml)

    def task(self, task_id: int, *, reuse: bool = False) -> LoadedTask | None:
        """Task ``task_id`` with its dossier and what an action on it reads first
        (:func:`~engine.dossiers.loading.load_task`: one ``SELECT``), or None.

        ``reuse``: an action about to write may take the task read just before (a view
        reads the task to check the officer's rights, then completes it) instead of
        reading it again, provided nothing was recorded since and the transaction is the
        same one: every event is appended through this recorder, which forgets the read
        task when it records, so its chain head is still the head.
        """
        last, self._last = self._last, None
        if (reuse and last is not None and last[0].row.id == task_id
                and last[1] is self.session.get_transaction()):
            return last[0]
        loaded = load_task(self.session, task_id)
        if loaded is not None:
            self._versions.setdefault(loaded.facts.id, loaded.facts)
            self._last = (loaded, self.session.get_transaction())
        return loaded

    def spec(self, dossier: Dossier) -> ProcedureSpec:
        return self.store.procedure_spec(self.version(dossier))

    def effects(self, dossier: Dossier, now: dt.datetime) -> Effects:
        return Effects(self.session, now=now, calendar=self.calendar, spec=self.spec(dossier))

    def started(self, dossier: Dossier, workflow: BpmnWorkflow) -> None:
        """Take note of a dossier just inserted with a new workflow: it has no task rows and
        no timer rows yet, which then need not be read (a lazy load of ``tasks``, a
        ``SELECT`` of timers), and the inserted row holds the workflow's state, which the
        first action, entered next, then need not dump and write again."""
        set_committed_value(dossier, "tasks", [])
        self._loaded[workflow] = ()
        self._inserted.add(workflow)

    def load(self, dossier: Dossier) -> BpmnWorkflow:
        workflow = self.store.load(self.version(dossier), dossier.workflow_state,
                                   dossier.workflow_format)
        self._loaded[workflow] = tuple(waiting_timers(workflow))
        return workflow

    @contextmanager
    def recording(self, dossier: Dossier, now: dt.datetime) -> Iterator[Action]:
        """An action that leaves the workflow alone: the block's events and the dossier
        row (``updated_at``, a version bump) in one flush."""
        self._last = None
        with guarded():
            action = Action(self, dossier, now, EventChain.read(self.session, dossier))
            yield action
            self._touch(dossier, now)
            flush_dossiers(self.session)

    @contextmanager
    def writing(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime, *,
                head: tuple[int, str] | None = None) -> Iterator[Action]:
        """Steps 1, 3 and 4 around the caller's block, which records step 2.

        ``head`` is the chain head read with the dossier in this action (:meth:`task`),
        which saves reading it again; nothing may have appended events since.
        """
        self._last = None
        with guarded():
            chain = (EventChain.read(self.session, dossier) if head is None
                     else EventChain(self.session, dossier, *head))
            action = Action(self, dossier, now, chain)
            self._store(dossier, workflow, now)
            yield action
            self._sync_tasks(dossier, workflow, now)
            timers = plan_timer_sync(self.session, dossier, workflow,
                                     self._loaded.get(workflow))
            flush_dossiers(self.session, also=timers.writes)
            timers.finish(self.session, dossier, workflow)

    def save(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime) -> None:
        """Store a workflow advanced outside a user action (a fired timer): no events;
        the timer rows are synced in full (the timer service marks fired ones)."""
        self._last = None
        with guarded():
            self._store(dossier, workflow, now)
            self._sync_tasks(dossier, workflow, now)
            flush_dossiers(self.session)
            sync_timers(self.session, dossier, workflow)

    def _store(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime) -> None:
        if workflow in self._inserted:  # stored by the insert a moment ago (``started``)
            self._inserted.discard(workflow)
        else:
            dossier.workflow_state = self.store.dump(workflow)
            dossier.workflow_format = WORKFLOW_FORMAT
        self._touch(dossier, now)

    @staticmethod
    def _touch(dossier: Dossier, now: dt.datetime) -> None:
        dossier.updated_at = now
        flag_modified(dossier, "updated_at")  # written even if equal: the version check

    def _sync_tasks(self, dossier: Dossier, workflow: BpmnWorkflow, now: dt.datetime) -> None:
        facts = self.version(dossier)
        sync_tasks(dossier, workflow, self.store.procedure_spec(facts),
                   procedure_code=facts.procedure_code,
                   partner_agencies=list(facts.partner_agencies), now=now,
                   calendar=self.calendar)


class Action:
    """One action being recorded on one dossier: its events and status transitions."""

    def __init__(self, recorder: Recorder, dossier: Dossier, now: dt.datetime,
                 chain: EventChain) -> None:
        self.recorder = recorder
        self.dossier = dossier
        self.now = now
        self.chain = chain

    @functools.cached_property
    def effects(self) -> Effects:
        return self.recorder.effects(self.dossier, self.now)

    def event(self, actor: str, action: str, *, from_status: DossierStatus | None = None,
              to_status: DossierStatus | None = None, task: DossierTask | None = None,
              detail: Mapping[str, Any] | None = None) -> DossierEvent:
        """Link an audit event; an action that changes no status passes no statuses."""
        return self.chain.append(at=self.now, actor=actor, action=action,
                                 from_status=from_status, to_status=to_status,
                                 task_spec=task.spec_id if task else None,
                                 task_name=task.name if task else None, detail=detail)

    def transition(self, action: str, target: DossierStatus, move: Move, *, actor: str,
                   row: DossierTask | None = None) -> None:
        """Apply ``action``'s effect, move the dossier to ``target``, record the event."""
        before = self.dossier.status
        detail = self.effects.apply(action, self.dossier, move)
        self.dossier.status = target
        self.event(actor, action, from_status=before, to_status=target, task=row,
                   detail=detail)


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
