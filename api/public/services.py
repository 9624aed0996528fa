"""What the public (no login) may read: a procedure's citizen-facing facts and a dossier's
progress, as small dataclasses holding nothing internal.

Why dataclasses built field by field rather than the model rows: the public schemas then
cannot leak a column added to ``dossiers`` or ``procedures`` later (archetype, diagram
versions, applicant name, officers); what is public is exactly what is listed here.

A dossier is found only with its code *and* its tracking secret
(:mod:`engine.dossiers.tracking`); an unknown code and a wrong secret both give None
after the same work, so the answer says nothing about which codes exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpmn.catalog.model import Level, OnlineLevel
from engine.catalog.models import Agency, Field, Procedure
from engine.dossiers.models import Dossier, DossierStatus, DossierTask, TaskState
from engine.dossiers.tracking import check_tracking_secret

from .labels import (
    LEVEL_LABELS,
    ONLINE_LABELS,
    STATUS_LABELS,
    STEP_LABELS,
    UNIT_LABELS,
    statutory_time,
)

__all__ = ["PublicDossier", "PublicProcedure", "PublicQueries", "PublicStep"]


@dataclass(frozen=True)
class PublicStep:
    name: str
    budget: float


@dataclass(frozen=True)
class PublicProcedure:
    """A procedure as a citizen reads it at the counter or on a phone."""

    code: str
    name: str
    level: str
    level_label: str
    field_name: str | None
    agency_name: str | None
    statutory_time: float
    time_unit: str
    time_unit_label: str
    statutory_time_label: str
    fee: int
    online_level: str
    online_level_label: str
    appointment_free: bool
    steps: tuple[PublicStep, ...]
    where_to_submit: tuple[str, ...]


@dataclass(frozen=True)
class PublicDossier:
    """A dossier's progress, without any personal data or officer name."""

    code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    due_at: dt.datetime | None
    current_steps: tuple[str, ...]
    decided: bool
    decided_at: dt.datetime | None
    returned: bool
    returned_at: dt.datetime | None


def _where(procedure: Procedure) -> tuple[str, ...]:
    """Where to submit: any centre of the province (phi địa giới), and online if offered."""
    places = ["Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng"
              if procedure.level is Level.PROVINCE else
              "Trung tâm Phục vụ hành chính công cấp xã, phường, đặc khu",
              "Bất kỳ trung tâm phục vụ hành chính công nào trong tỉnh (không phụ thuộc "
              "địa giới hành chính)"]
    if procedure.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL):
        places.append("Trực tuyến trên Cổng Dịch vụ công quốc gia")
    places.append("Qua dịch vụ bưu chính công ích")
    return tuple(places)


class PublicQueries:
    """The public read side over one session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def procedure(self, code: str) -> PublicProcedure | None:
        procedure = self.session.scalar(select(Procedure).where(Procedure.code == code))
        if procedure is None:
            return None
        field = self.session.scalar(select(Field.name).where(Field.code == procedure.field))
        agency = self.session.scalar(select(Agency.name)
                                     .where(Agency.code == procedure.agency))
        steps = tuple(PublicStep(STEP_LABELS.get(s["step"], s["step"]), s["budget"])
                      for s in (procedure.steps or {}).get("steps", []))
        return PublicProcedure(
            code=procedure.code, name=procedure.name, level=procedure.level.value,
            level_label=LEVEL_LABELS[procedure.level], field_name=field, agency_name=agency,
            statutory_time=procedure.statutory_time, time_unit=procedure.time_unit.value,
            time_unit_label=UNIT_LABELS[procedure.time_unit],
            statutory_time_label=statutory_time(procedure.statutory_time,
                                                procedure.time_unit),
            fee=procedure.fee, online_level=procedure.online_level.value,
            online_level_label=ONLINE_LABELS[procedure.online_level],
            appointment_free=procedure.appointment_free, steps=steps,
            where_to_submit=_where(procedure))

    def dossier(self, code: str, secret: str, key: bytes) -> PublicDossier | None:
        """The dossier when ``secret`` is its tracking secret (hashed under ``key``:
        :func:`api.public.tracking.tracking_key`), else None (see the module docstring: no
        difference between an unknown code and a wrong secret)."""
        dossier = self.session.scalar(select(Dossier).where(Dossier.code == code))
        if not check_tracking_secret(dossier, secret, key) or dossier is None:
            return None
        procedure = self.session.get_one(Procedure, dossier.procedure_id)
        steps = self.session.scalars(
            select(DossierTask.name).where(DossierTask.dossier_id == dossier.id,
                                           DossierTask.state == TaskState.OPEN)
            .order_by(DossierTask.id))
        return PublicDossier(
            code=dossier.code, procedure_code=procedure.code, procedure_name=procedure.name,
            status=dossier.status.value, status_label=STATUS_LABELS[dossier.status],
            submitted_at=dossier.submitted_at, received_at=dossier.received_at,
            appointment_at=dossier.appointment_at, due_at=dossier.due_at,
            current_steps=tuple(dict.fromkeys(steps)),
            decided=dossier.decided_at is not None, decided_at=dossier.decided_at,
            returned=dossier.status is DossierStatus.RETURNED,
            returned_at=dossier.returned_at)
