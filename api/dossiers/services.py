"""Wiring and read queries of the dossiers API.

Wiring: a :class:`~engine.dossiers.services.DossierService` is built per request from the
request's session, the app's clock (``app.extensions[CLOCK_KEY]``, else the real one) and
the app's :class:`Runtime` (one spec cache and one working calendar per app, both costly to
build, made on first use); every action goes through
:class:`~engine.accounts.guarded.AuthorizedDossiers`, so the policy is enforced below the
views. :func:`unit_of_work` commits a successful write and rolls back a failed one.

Reading: :class:`DossierQueries` lists the dossiers a principal may view with one SQL
filter that mirrors :meth:`engine.accounts.policy.Policy.can_view_dossier` (admin: all;
an officer: dossiers whose receiving centre, competent agency or one of whose tasks is in
one of the officer's units; anyone else: none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import ColumnElement, Select, exists, false, func, or_, select, true
from sqlalchemy.orm import Session

from api.auth.loading import accounts, auth_state, clock, current_principal
from api.extensions import get_session
from engine.accounts.guarded import AuthorizedDossiers
from engine.accounts.policy import Principal
from engine.calendar import WorkingCalendar
from engine.catalog.models import Procedure
from engine.dossiers.models import Dossier, DossierStatus, DossierTask, TaskState
from engine.dossiers.services import DossierService
from engine.specs import SpecCache

__all__ = [
    "RUNTIME_KEY",
    "DossierFilters",
    "DossierQueries",
    "Runtime",
    "authorized",
    "dossier_service",
    "runtime",
    "unit_of_work",
]

RUNTIME_KEY = "motcua.dossiers"

#: Statuses in which the statutory clock runs (5 is paused, 1 not started, the rest done).
RUNNING = (DossierStatus.RECEIVED, DossierStatus.PROCESSING, DossierStatus.AWAITING_PAYMENT)


@dataclass
class Runtime:
    """What every dossier service of an app shares; tests put a smaller calendar here."""

    specs: SpecCache = field(default_factory=SpecCache)
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar.vietnam)


def runtime(app: Flask | None = None) -> Runtime:
    """The app's runtime, made on first use."""
    target = app or current_app
    found: Runtime | None = target.extensions.get(RUNTIME_KEY)
    if found is None:
        found = target.extensions.setdefault(RUNTIME_KEY, Runtime())
    return found


def dossier_service(session: Session | None = None) -> DossierService:
    """A dossier service over the request's session (or ``session``)."""
    shared = runtime()
    return DossierService(session or get_session(), clock=clock(), calendar=shared.calendar,
                          specs=shared.specs)


def authorized() -> AuthorizedDossiers:
    """The dossier actions of the request's principal (401 when nobody is logged in)."""
    principal = current_principal()
    return AuthorizedDossiers(dossier_service(), principal, auth_state().policy,
                              directory=accounts())


@contextmanager
def unit_of_work(session: Session | None = None) -> Iterator[Session]:
    """Commit when the block succeeds, roll back when it raises (services only flush)."""
    target = session or get_session()
    try:
        yield target
    except BaseException:
        target.rollback()
        raise
    target.commit()


# -- reading -------------------------------------------------------------------------------


def viewable(principal: Principal) -> ColumnElement[bool]:
    """The dossiers ``principal`` may view, as a WHERE clause (module docstring)."""
    if principal.is_admin:
        return true()
    if not principal.is_officer or not principal.units:
        return false()
    units = sorted(principal.units)
    return or_(
        Dossier.received_centre.in_(units),
        Dossier.competent_agency.in_(units),
        exists().where(DossierTask.dossier_id == Dossier.id, DossierTask.unit.in_(units)),
    )


@dataclass(frozen=True)
class DossierFilters:
    """The filters of ``GET /dossiers``; ``None`` means "any"."""

    status: DossierStatus | None = None
    procedure: str | None = None
    centre: str | None = None
    agency: str | None = None
    received_from: dt.datetime | None = None
    received_to: dt.datetime | None = None
    overdue: bool | None = None


class DossierQueries:
    """The dossier list over one session, for one principal."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def _filtered(self, filters: DossierFilters, now: dt.datetime) -> Select[Dossier]:
        stmt = select(Dossier).where(viewable(self.principal))
        for column, value in ((Dossier.status, filters.status),
                              (Dossier.received_centre, filters.centre),
                              (Dossier.competent_agency, filters.agency)):
            if value is not None:
                stmt = stmt.where(column == value)
        if filters.procedure is not None:
            stmt = stmt.where(Dossier.procedure_id.in_(
                select(Procedure.id).where(Procedure.code == filters.procedure)))
        if filters.received_from is not None:
            stmt = stmt.where(Dossier.received_at >= filters.received_from)
        if filters.received_to is not None:
            stmt = stmt.where(Dossier.received_at < filters.received_to)
        if filters.overdue is not None:
            late = (Dossier.status.in_(RUNNING) & Dossier.decided_at.is_(None)
                    & (Dossier.due_at < now))
            stmt = stmt.where(late if filters.overdue else ~late)
        return stmt

    def search(self, filters: DossierFilters, *, now: dt.datetime, offset: int,
               limit: int) -> tuple[list[Dossier], int]:
        """One page, newest first, and the number of matches."""
        stmt = self._filtered(filters, now)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        page = stmt.order_by(Dossier.submitted_at.desc(), Dossier.id.desc())
        rows = list(self.session.scalars(page.offset(offset).limit(limit)))
        return rows, total

    def procedure_codes(self, dossiers: list[Dossier]) -> dict[int, str]:
        """Procedure id → code for the procedures of ``dossiers`` (one query)."""
        ids = {d.procedure_id for d in dossiers}
        if not ids:
            return {}
        rows = self.session.execute(select(Procedure.id, Procedure.code)
                                    .where(Procedure.id.in_(ids)))
        return {pid: code for pid, code in rows}


def open_tasks(dossier: Dossier) -> list[DossierTask]:
    """The dossier's open task rows, most urgent first."""
    rows = [t for t in dossier.tasks if t.state is TaskState.OPEN]
    return sorted(rows, key=lambda t: (-t.priority, t.id))


def present(dossier: Dossier, **extra: object) -> dict[str, object]:
    """The dossier's columns as a mapping for the response schemas, plus ``extra``
    (procedure code and name, history, open tasks: what the row itself does not hold)."""
    columns = {column.key: getattr(dossier, column.key) for column in Dossier.__table__.columns}
    columns.update(extra)
    return columns
