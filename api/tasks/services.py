"""Read queries of the task inbox: which open task rows a principal sees, and how many.

Visibility mirrors :meth:`engine.accounts.policy.Policy.can_work_task`: a task row is in
the inbox of a principal when its queue (``candidate_group``, ``"<unit>:<role>"``) is one
the principal may work, i.e. the principal belongs to the unit and holds the user role
that works the task role (``TASK_ROLES``: receiver, specialist, leader; ``partner``
consultations → specialists of the partner unit). The administrator role works no task, so
an administrator sees only the queues of the officer roles they also hold.

Views (``view=``): ``groups`` every visible task (the default), ``mine`` those assigned to
the principal, ``unassigned`` those nobody has claimed, ``due_soon`` those due within one
working day from now, ``overdue`` those past due. Filters narrow further; the order is
priority (higher first), then due date (none last), then id.

No Flask here: the queries take the session, the principal, the clock's ``now`` and the
working calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, select
from sqlalchemy.orm import Session, joinedload

from engine.accounts.policy import Policy, Principal
from engine.calendar import WorkingCalendar
from engine.catalog.models import ProcedureVersion
from engine.dossiers.models import Dossier, DossierTask, TaskState
from engine.dossiers.routing import candidate_group
from engine.dossiers.workflow import WorkflowStore
from engine.scripting import RestrictedScriptEngine
from engine.specs import SpecCache

__all__ = ["InboxFilters", "InboxView", "TaskQueries", "form_of", "queues"]


class InboxView(StrEnum):
    GROUPS = "groups"
    MINE = "mine"
    UNASSIGNED = "unassigned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class InboxFilters:
    """What ``GET /tasks`` and ``GET /tasks/count`` are narrowed by; ``None``: any."""

    view: InboxView = InboxView.GROUPS
    state: TaskState | None = TaskState.OPEN
    procedure: str | None = None
    centre: str | None = None
    due_before: dt.datetime | None = None
    due_after: dt.datetime | None = None


def queues(principal: Principal, policy: Policy) -> set[str]:
    """Every ``"<unit>:<role>"`` queue ``principal`` may work (module docstring)."""
    return {
        candidate_group(unit, task_role)
        for task_role, user_role in policy.task_roles.items()
        if user_role in principal.roles
        for unit in principal.units
    }


class TaskQueries:
    """The inbox of one principal over one session."""

    def __init__(self, session: Session, principal: Principal, policy: Policy, *,
                 now: dt.datetime, calendar: WorkingCalendar) -> None:
        self.session = session
        self.principal = principal
        self.policy = policy
        self.now = now
        self.calendar = calendar

    def _visible(self) -> ColumnElement[bool]:
        groups = sorted(queues(self.principal, self.policy))
        return DossierTask.candidate_group.in_(groups) if groups else false()

    def _soon(self) -> dt.datetime:
        """One working day from now (the default office hours)."""
        return self.calendar.add_working_seconds(
            self.now, self.calendar.hours().seconds_per_day, None)

    def _view(self, view: InboxView) -> ColumnElement[bool] | None:
        match view:
            case InboxView.MINE:
                return DossierTask.assignee == self.principal.username
            case InboxView.UNASSIGNED:
                return DossierTask.assignee.is_(None)
            case InboxView.DUE_SOON:
                return DossierTask.due_at.between(self.now, self._soon())
            case InboxView.OVERDUE:
                return DossierTask.due_at < self.now
        return None

    def _filtered(self, filters: InboxFilters) -> Select[DossierTask]:
        stmt = select(DossierTask).where(self._visible())
        conditions: list[Any] = [self._view(filters.view)]
        for column, value in ((DossierTask.state, filters.state),
                              (DossierTask.procedure_code, filters.procedure),
                              (DossierTask.unit, filters.centre)):
            if value is not None:
                conditions.append(column == value)
        if filters.due_before is not None:
            conditions.append(DossierTask.due_at < filters.due_before)
        if filters.due_after is not None:
            conditions.append(DossierTask.due_at >= filters.due_after)
        return stmt.where(*(c for c in conditions if c is not None))

    def count(self, filters: InboxFilters) -> int:
        stmt = self._filtered(filters).with_only_columns(func.count(DossierTask.id))
        return self.session.scalar(stmt) or 0

    def search(self, filters: InboxFilters, *, offset: int,
               limit: int) -> tuple[list[DossierTask], int]:
        """One page of the inbox, most urgent first, and the number of matches.

        One query: the rows come with their dossier's code, status and lock version (a
        join, without the workflow blobs; not one lazy load per row) and with the number
        of matches (a window count). Only a page past the end, which has no row to carry
        the count, costs a second query for it.
        """
        total = func.count().over().label("total")
        stmt = self._filtered(filters).add_columns(total).order_by(
            DossierTask.priority.desc(), DossierTask.due_at.is_(None), DossierTask.due_at,
            DossierTask.id)
        dossiers = joinedload(DossierTask.dossier, innerjoin=True).load_only(
            Dossier.code, Dossier.status, Dossier.lock_version)
        page = self.session.execute(stmt.offset(offset).limit(limit).options(dossiers)).all()
        if not page:
            return [], self.count(filters) if offset else 0
        return [row for row, _total in page], page[0].total

def form_of(session: Session, specs: SpecCache, row: DossierTask) -> dict[str, Any] | None:
    """The JSON Schema of the task's form (from its diagram, through the spec cache), or
    None when the task has no form."""
    version = session.get_one(ProcedureVersion, row.dossier.version_id)
    spec = WorkflowStore(specs, RestrictedScriptEngine).procedure_spec(version)
    info = spec.tasks.get(row.spec_id)
    return None if info is None else info.form
