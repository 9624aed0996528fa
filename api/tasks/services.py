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

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from engine.accounts.policy import Policy, Principal
from engine.calendar import WorkingCalendar
from engine.catalog.models import ProcedureVersion
from engine.dossiers.models import Dossier, DossierTask, TaskState
from engine.dossiers.routing import candidate_group
from engine.dossiers.workflow import WorkflowStore
from engine.scripting import RestrictedScriptEngine
from engine.specs import SpecCache

__all__ = ["DOSSIER_FIELDS", "InboxFilters", "InboxView", "TaskQueries", "form_of", "queues"]


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


#: What an inbox row shows of its dossier besides the task's own columns: row key →
#: the dossier's column. The page query and :func:`~api.tasks.schemas.flatten` (a task
#: object) both make their rows from it.
DOSSIER_FIELDS = {"dossier_code": "code", "dossier_status": "status",
                  "lock_version": "lock_version"}

_TASKS_TABLE = DossierTask.__table__
_TASKS = _TASKS_TABLE.c
_DOSSIERS = Dossier.__table__.c
_PAGE = (select(*_TASKS, *(_DOSSIERS[column].label(key)
                           for key, column in DOSSIER_FIELDS.items()),
                func.count().over().label("total"))
         .join_from(_TASKS_TABLE, Dossier.__table__, _DOSSIERS.id == _TASKS.dossier_id))
_ROW_KEYS = tuple(c.key for c in _PAGE.selected_columns if c.key != "total")


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
        return _TASKS.candidate_group.in_(groups) if groups else false()

    def _soon(self) -> dt.datetime:
        """One working day from now (the default office hours)."""
        return self.calendar.add_working_seconds(
            self.now, self.calendar.hours().seconds_per_day, None)

    def _view(self, view: InboxView) -> ColumnElement[bool] | None:
        match view:
            case InboxView.MINE:
                return _TASKS.assignee == self.principal.username
            case InboxView.UNASSIGNED:
                return _TASKS.assignee.is_(None)
            case InboxView.DUE_SOON:
                return _TASKS.due_at.between(self.now, self._soon())
            case InboxView.OVERDUE:
                return _TASKS.due_at < self.now
        return None

    def _conditions(self, filters: InboxFilters) -> list[ColumnElement[bool]]:
        conditions = [self._visible(), self._view(filters.view)]
        for column, value in ((_TASKS.state, filters.state),
                              (_TASKS.procedure_code, filters.procedure),
                              (_TASKS.unit, filters.centre)):
            if value is not None:
                conditions.append(column == value)
        if filters.due_before is not None:
            conditions.append(_TASKS.due_at < filters.due_before)
        if filters.due_after is not None:
            conditions.append(_TASKS.due_at >= filters.due_after)
        return [c for c in conditions if c is not None]

    def count(self, filters: InboxFilters) -> int:
        stmt = select(func.count()).select_from(_TASKS_TABLE).where(*self._conditions(filters))
        return self.session.scalar(stmt) or 0

    def search(self, filters: InboxFilters, *, offset: int,
               limit: int) -> tuple[list[dict[str, Any]], int]:
        """One page of the inbox, most urgent first, and the number of matches: each row
        the task's columns with its dossier's code, status and lock version, as the
        inbox schemas dump them.

        One query, on the tables rather than the mapped classes: a page is only shown,
        so no task or dossier object is built (that was most of the cost of a small
        inbox). The number of matches comes as a window count; only a page past the
        end, which has no row to carry it, costs a second query for it.
        """
        stmt = (_PAGE.where(*self._conditions(filters))
                .order_by(_TASKS.priority.desc(), _TASKS.due_at.is_(None), _TASKS.due_at,
                          _TASKS.id)
                .offset(offset).limit(limit))
        page = self.session.execute(stmt).mappings().all()
        if not page:
            return [], self.count(filters) if offset else 0
        return [{key: row[key] for key in _ROW_KEYS} for row in page], page[0]["total"]


def form_of(session: Session, specs: SpecCache, row: DossierTask) -> dict[str, Any] | None:
    """The JSON Schema of the task's form (from its diagram, through the spec cache), or
    None when the task has no form."""
    version = session.get_one(ProcedureVersion, row.dossier.version_id)
    spec = WorkflowStore(specs, RestrictedScriptEngine).procedure_spec(version)
    info = spec.tasks.get(row.spec_id)
    return None if info is None else info.form
