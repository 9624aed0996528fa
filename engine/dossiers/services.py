"""The dossier service: receive a dossier, work its tasks, withdraw, stop, extend.

Lifecycle (national status codes; the derivation table is in
:mod:`engine.dossiers.lifecycle`)::

    receive ─┬─ online ─────> 1 submitted ──(accept_online or the reception check)──┐
             └─ counter, post ───────────────────────────────────────────> 2 received
    1, 2 ──reception check──> 3 refused (Form 03)
       2 ──reception check──> 4 processing ⇄ 5 supplement requested (clock paused, Form 02)
    4 ──decision──> 9 decided ──> (6 awaiting fee ──> 9) ──> 10 returned
    2, 4, 5, 6 ──withdraw──> 7 withdrawn;  ──stop──> 8 stopped;  extend: a new due date

Every method is one transaction's worth of work on one dossier: it loads the workflow
(spec from the cache), advances it, stores it back without its spec, brings the task
rows and timer rows in line, and appends one audit event per action and one per status
change (all written in one flush: :mod:`engine.dossiers.recording`). It only flushes;
the caller commits (or rolls back after an error: a method that raises leaves nothing of
its own behind once the caller rolls back, and raises before changing anything for the
errors it can foresee: validation, permissions, transitions). The dossier's ``UPDATE``,
first in that flush, is where a concurrent change shows: ``lock_version`` is
SQLAlchemy's version counter, so the second of two transactions that read the same
version fails with :class:`ConflictError`.

A task completion reads the task, its dossier, the dossier's other task rows, the facts of
its procedure version and the head of its event chain in one query
(:mod:`engine.dossiers.loading`); other actions read the facts once per service.

Dependencies are passed in (``clock``, ``calendar``, ``specs``, the script engine
factory, a job publisher): the service runs the same in a request, a job or a test.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import TaskNotFoundException, WorkflowException
from SpiffWorkflow.spiff.specs.event_definitions import SignalEventDefinition
from SpiffWorkflow.util.task import TaskState as SpiffState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.calendar import DeadlineError, WorkingCalendar, vietnamese_moment
from engine.catalog.models import Procedure, ProcedureVersion
from engine.catalog.services import CatalogService
from engine.dossiers import tasks as inbox
from engine.dossiers.audit import EMPTY_CHAIN
from engine.dossiers.clock import EXTEND_ACTION, Clock
from engine.dossiers.errors import (
    ConflictError,
    DossierNotFound,
    NotYourTask,
    ProcedureUnavailable,
    TaskNotFound,
    TransitionError,
)
from engine.dossiers.lifecycle import Move, transitions
from engine.dossiers.models import (
    Channel,
    Dossier,
    DossierEvent,
    DossierStatus,
    DossierTask,
    TaskState,
)
from engine.dossiers.recording import Recorder, ended_events, guarded, opened_tasks
from engine.dossiers.routing import competent_agency, next_code
from engine.dossiers.tracking import issue_tracking_secret
from engine.dossiers.workflow import WORKFLOW_FORMAT, WorkflowStore
from engine.dossiers.writes import insert_dossier
from engine.jobs import JobPublisher
from engine.scripting import RestrictedScriptEngine
from engine.specs import SpecCache

__all__ = ["DossierService", "Receipt"]

S = DossierStatus
_STOPPABLE = frozenset({S.RECEIVED, S.PROCESSING, S.SUPPLEMENT, S.AWAITING_PAYMENT})
_SIGNAL = "withdraw"


@dataclass(frozen=True)
class Receipt:
    """What the receipt (Form 01, giấy tiếp nhận và hẹn trả kết quả) prints."""

    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_centre: str
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    #: The second factor for public tracking, in clear: printed on this receipt only
    #: (the dossier stores its keyed hash); None when none was issued.
    tracking_secret: str | None = None

    @property
    def appointment(self) -> str | None:
        """``17:00 thứ Hai, 09/03/2026``; None until the dossier is received."""
        return None if self.appointment_at is None else vietnamese_moment(self.appointment_at)


class DossierService:
    """Runs dossiers in ``session``; never commits (see the module docstring)."""

    def __init__(self, session: Session, *, clock: Clock, calendar: WorkingCalendar,
                 specs: SpecCache,
                 script_engine_factory: Callable[[], Any] = RestrictedScriptEngine,
                 jobs: JobPublisher | None = None) -> None:
        self.session = session
        self.clock = clock
        self.calendar = calendar
        self.store = WorkflowStore(specs, script_engine_factory)
        self.recorder = Recorder(session, self.store, calendar)
        self.jobs = jobs  # not used yet: timers are rows the timer job polls

    # -- reading ------------------------------------------------------------------------

    def get(self, code: str) -> Dossier:
        dossier = self.session.scalar(select(Dossier).where(Dossier.code == code))
        if dossier is None:
            raise DossierNotFound(f"no dossier has the code {code!r}; check the receipt")
        return dossier

    def history(self, code: str) -> list[DossierEvent]:
        dossier = self.get(code)
        return list(self.session.scalars(
            select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
            .order_by(DossierEvent.sequence)))

    def task(self, task_id: int) -> DossierTask:
        """A task row, read with its dossier in one ``SELECT`` that an action on the task
        right after reuses (:meth:`Recorder.task`)."""
        loaded = self.recorder.task(task_id)
        if loaded is None:
            raise TaskNotFound(f"no task has the id {task_id}")
        return loaded.row

    def receipt(self, dossier: Dossier) -> Receipt:
        procedure = self.session.get_one(Procedure, dossier.procedure_id)
        return Receipt(dossier.code, procedure.code, procedure.name, dossier.applicant_name,
                       dossier.received_centre, dossier.received_at, dossier.appointment_at)

    # -- the workflow, for the timer job and inspection ----------------------------------

    def workflow(self, dossier: Dossier) -> BpmnWorkflow:
        """The dossier's workflow as stored, its spec from the cache."""
        return self.recorder.load(dossier)

    def save_workflow(self, dossier: Dossier, workflow: BpmnWorkflow) -> None:
        """Store a workflow advanced outside a user action (a fired timer) and bring the
        task and timer rows in line, exactly as every action does; records no event."""
        self.recorder.save(dossier, workflow, self.clock.now())

    # -- reception ----------------------------------------------------------------------

    def receive(self, procedure_code: str, *, centre: str, channel: Channel | str,
                applicant_name: str, applicant_id_number: str | None = None,
                home_centre: str | None = None, actor: str,
                at: dt.datetime | None = None,
                tracking_key: bytes | None = None) -> tuple[Dossier, Receipt]:
        """Register a dossier on the procedure's published version.

        In person or by post it is received at once (status 2, the clock starts and the
        receipt carries the appointment); online it is submitted (status 1) until
        :meth:`accept_online` or the reception check accepts it. With ``tracking_key`` the
        receipt carries a new tracking secret
        (:func:`~engine.dossiers.tracking.issue_tracking_secret`), stored with the
        reception's own write.
        """
        now = at or self.clock.now()
        procedure, version = CatalogService(self.session).with_published_version(
            procedure_code)
        if version is None:
            raise ProcedureUnavailable(f"procedure {procedure_code} has no published version; "
                                       "publish one before receiving dossiers")
        online = Channel(channel) is Channel.ONLINE
        self.recorder.remember(version, procedure)
        dossier, workflow = self._insert(
            procedure, version, now, centre=centre, channel=Channel(channel),
            applicant_name=applicant_name, home_centre=home_centre,
            applicant_id_number=applicant_id_number)
        secret = None if tracking_key is None else issue_tracking_secret(dossier, tracking_key)
        with self.recorder.writing(dossier, workflow, now, head=EMPTY_CHAIN) as action:
            if online:
                action.event(actor, "submit", to_status=S.SUBMITTED)
            else:
                dossier.status = S.RECEIVED
                detail = action.effects.apply("receive", dossier, Move())
                action.event(actor, "receive", to_status=S.RECEIVED, detail=detail)
        return dossier, dataclasses.replace(self.receipt(dossier), tracking_secret=secret)

    def accept_online(self, code: str, *, actor: str) -> tuple[Dossier, Receipt]:
        """Receive an online dossier: status 1 → 2, the clock starts now."""
        dossier = self.get(code)
        if dossier.status is not S.SUBMITTED:
            raise TransitionError(f"dossier {code} is in status {dossier.status}, not 1 "
                                  "(submitted online); it has already been handled")
        now = self.clock.now()
        with self.recorder.writing(dossier, self.workflow(dossier), now) as action:
            action.transition("receive", S.RECEIVED, Move(), actor=actor)
        return dossier, self.receipt(dossier)

    def _insert(self, procedure: Procedure, version: ProcedureVersion, now: dt.datetime, *,
                centre: str, channel: Channel, **columns: Any) -> tuple[Dossier, BpmnWorkflow]:
        """Insert the dossier with the next code of its centre's counter.

        The counter (:func:`~engine.dossiers.routing.next_code`) is bumped in the caller's
        transaction and serializes concurrent receptions itself, so a code cannot be taken
        by a concurrent reception. The retry is a safety net for a counter lagging behind
        rows written without it (dossiers restored or imported with their codes): the
        insert skips a taken code without an error
        (:func:`~engine.dossiers.writes.insert_dossier`), the next number is tried once,
        and a second taken code is a :class:`ConflictError`.
        """
        for _attempt in (1, 2):
            code = next_code(self.session, centre, now)
            workflow = self.store.start(version, {"dossier_code": code})
            dossier = Dossier(
                code=code, procedure_id=procedure.id, version_id=version.id,
                status=S.SUBMITTED, channel=channel, received_centre=centre,
                competent_agency=competent_agency(procedure.agency, received_centre=centre,
                                                  home_centre=columns["home_centre"]),
                submitted_at=now, fee=procedure.fee, paused_seconds=0, supplement_count=0,
                complaint_count=0, workflow_state=self.store.dump(workflow),
                workflow_format=WORKFLOW_FORMAT, updated_at=now, **columns)
            if insert_dossier(self.session, dossier):
                self.recorder.started(dossier, workflow)
                return dossier, workflow
        raise ConflictError(f"could not allocate a dossier code at {centre} (the codes it "
                            "gave were taken); try again")

    # -- tasks --------------------------------------------------------------------------

    def complete_task(self, task_id: int, data: Mapping[str, Any], *, actor: str,
                      expected_lock_version: int | None = None) -> Dossier:
        """Submit a task's form: validate, run the task and the engine, derive the status."""
        loaded = self.recorder.task(task_id, reuse=True)
        if loaded is None:
            raise TaskNotFound(f"no task has the id {task_id}")
        row, dossier = loaded.row, loaded.row.dossier
        if expected_lock_version is not None and expected_lock_version != dossier.lock_version:
            raise ConflictError(f"dossier {dossier.code} changed since it was read (version "
                                f"{dossier.lock_version}, not {expected_lock_version}); "
                                "reload it")
        if row.state is not TaskState.OPEN:
            raise TransitionError(f"task {row.id} ({row.spec_id}) is {row.state}; only open "
                                  "tasks can be completed")
        if row.assignee is not None and row.assignee != actor:
            raise NotYourTask(f"task {row.id} ({row.spec_id}) is assigned to {row.assignee}, "
                              f"not {actor}; ask them to release or delegate it")
        spec = self.recorder.spec(dossier)
        info = spec.tasks.get(row.spec_id)
        inbox.validate_form(info.form if info else None, data, task=row.spec_id)
        workflow = self.workflow(dossier)
        try:
            task = workflow.get_task_from_id(UUID(row.workflow_task_id))
        except TaskNotFoundException:
            task = None
        if task is None or task.state != SpiffState.READY:
            raise ConflictError(f"task {row.id} is no longer ready in the workflow of "
                                f"{dossier.code}; reload the dossier")
        now = self.clock.now()
        ended = ended_events(workflow)
        task.data.update(copy.deepcopy(dict(data)))
        task.run()
        workflow.do_engine_steps()
        move = Move(completed=row.spec_id, data=dict(data),
                    opened=opened_tasks(workflow, dossier), ended=ended_events(workflow) - ended)
        row.state, row.completed_at, row.completed_by = TaskState.COMPLETED, now, actor
        row.assignee = row.assignee or actor
        with self.recorder.writing(dossier, workflow, now, head=loaded.head) as action:
            action.event(actor, "complete_task", task=row,
                         detail={"task_id": row.id, "data": dict(data)})
            for rule in transitions(move, dossier):
                action.transition(rule.action, rule.target, move, actor=actor, row=row)
        return dossier

    def claim(self, task_id: int, actor: str) -> DossierTask:
        """Take an open task (claiming one's own task again records nothing)."""
        row = self.task(task_id)
        with guarded():
            if inbox.claim(row, actor):
                self._touch(row, actor, "claim", {"task_id": row.id, "assignee": actor})
        return row

    def unclaim(self, task_id: int, actor: str) -> DossierTask:
        """Give a task back to its queue (its assignee only)."""
        row = self.task(task_id)
        with guarded():
            inbox.unclaim(row, actor)
            self._touch(row, actor, "unclaim", {"task_id": row.id})
        return row

    def delegate(self, task_id: int, actor: str, to: str) -> DossierTask:
        """Hand a task to another officer (rules in :func:`engine.dossiers.tasks.delegate`)."""
        row = self.task(task_id)
        previous = row.assignee
        with guarded():
            inbox.delegate(row, actor, to)
            self._touch(row, actor, "delegate", {"task_id": row.id, "from": previous, "to": to})
        return row

    def _touch(self, row: DossierTask, actor: str, action: str, detail: dict[str, Any]) -> None:
        """Record a change of a task row; bumping the dossier makes claims race-safe."""
        with self.recorder.recording(row.dossier, self.clock.now()) as recorded:
            recorded.event(actor, action, task=row, detail=detail)

    # -- ending early -------------------------------------------------------------------

    def withdraw(self, code: str, *, actor: str, reason: str) -> Dossier:
        """The applicant withdraws: the diagram's ``withdraw`` signal ends the workflow."""
        dossier = self.get(code)
        if dossier.status.is_final:
            raise TransitionError(f"dossier {code} is already final (status "
                                  f"{dossier.status}); it cannot be withdrawn")
        workflow = self.workflow(dossier)
        ended = ended_events(workflow)
        try:
            workflow.send_event(BpmnEvent(SignalEventDefinition(_SIGNAL)))
        except WorkflowException:
            steps = ", ".join(sorted(t.task_spec.name for t in inbox.ready_tasks(workflow)
                                     .values())) or "none"
            raise TransitionError(
                f"dossier {code} cannot be withdrawn now: none of its open steps ({steps}) "
                "accepts a withdrawal") from None
        workflow.do_engine_steps()
        now = self.clock.now()
        move = Move(ended=ended_events(workflow) - ended, note=reason)
        with self.recorder.writing(dossier, workflow, now) as action:
            action.event(actor, "withdraw_request", detail={"reason": reason})
            for rule in transitions(move, dossier):
                action.transition(rule.action, rule.target, move, actor=actor)
        return dossier

    def stop(self, code: str, *, actor: str, reason: str) -> Dossier:
        """Stop processing (status 8): the workflow is cancelled, open tasks with it."""
        dossier = self.get(code)
        if dossier.status not in _STOPPABLE:
            raise TransitionError(f"dossier {code} is in status {dossier.status}; processing "
                                  "can be stopped in status 2, 4, 5 or 6 only")
        workflow = self.workflow(dossier)
        workflow.cancel()
        now = self.clock.now()
        with self.recorder.writing(dossier, workflow, now) as action:
            action.transition("stop", S.STOPPED, Move(note=reason), actor=actor)
        return dossier

    def extend(self, code: str, *, new_due: dt.datetime, reason: str, actor: str) -> Dossier:
        """Apologise and set a new due date (Form 04): once, a working day before the due."""
        dossier = self.get(code)
        if dossier.status not in _STOPPABLE or dossier.decided_at is not None:
            raise TransitionError(f"dossier {code} is in status {dossier.status}; only a "
                                  "dossier being processed can have its due date extended")
        now = self.clock.now()
        effects = self.recorder.effects(dossier, now)
        try:
            effects.deadline(dossier).extend(new_due, at=now, calendar=self.calendar)
        except DeadlineError as error:
            raise TransitionError(f"dossier {code}: {error}") from error
        previous = dossier.due_at
        with self.recorder.recording(dossier, now) as action:
            dossier.extended_at, dossier.extension_reason = now, reason
            dossier.due_at = new_due
            action.event(actor, EXTEND_ACTION, detail={
                "form": "04", "new_due": new_due.isoformat(), "reason": reason,
                "previous_due": None if previous is None else previous.isoformat()})
        return dossier

