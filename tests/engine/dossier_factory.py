"""Dossier rows inserted straight through the models, for audit, event-log and KPI tests.

These tests must not depend on the dossier service (it evolves on its own): they write the
columns the audit log, the event log and the Decision 766 indicators read, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype, Level, OnlineLevel, TimeUnit
from engine.catalog.models import Procedure, ProcedureVersion, VersionStatus
from engine.dossiers.models import Channel, Dossier, DossierStatus

VN = dt.timezone(dt.timedelta(hours=7))
#: Default dossier numbers, unique in the test process (several factories may share a test).
_NUMBERS = itertools.count(1)


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A Vietnam-time instant (what an officer's clock shows)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@dataclass
class DossierFactory:
    """Creates procedures (with one published version) and dossiers in ``session``."""

    session: Session

    def procedure(
        self,
        code: str,
        *,
        field: str = "ho_tich",
        level: Level = Level.COMMUNE,
    ) -> Procedure:
        record = Procedure(
            code=code,
            name=f"Thủ tục {code}",
            level=level,
            field=field,
            agency="000.00.10.H36",
            statutory_time=3.0,
            time_unit=TimeUnit.WORKING_DAYS,
            fee=0,
            online_level=OnlineLevel.FULL,
            appointment_free=False,
            inter_agency=False,
            archetype=Archetype.STANDARD,
            steps={"format": 1, "steps": []},
            partner_agencies=[],
        )
        record.versions.append(
            ProcedureVersion(
                number=1,
                bpmn_xml="<definitions/>",
                content_hash="0" * 64,
                status=VersionStatus.PUBLISHED,
                author="test",
                format_version=1,
            )
        )
        self.session.add(record)
        self.session.flush()
        return record

    def dossier(
        self, procedure: Procedure, *, centre: str = "C01", code: str | None = None, **columns: Any
    ) -> Dossier:
        received = columns.pop("received_at", vn(2025, 7, 1))
        values: dict[str, Any] = {
            "code": code or f"H36-250701-{next(_NUMBERS):04d}",
            "procedure_id": procedure.id,
            "version_id": procedure.versions[0].id,
            "status": DossierStatus.PROCESSING,
            "channel": Channel.IN_PERSON,
            "received_centre": centre,
            "competent_agency": "000.00.10.H36",
            "applicant_name": "Nguyễn Văn A",
            "submitted_at": received,
            "received_at": received,
            "workflow_state": {},
            "workflow_format": "test",
        }
        values.update(columns)
        dossier = Dossier(**values)
        self.session.add(dossier)
        self.session.flush()
        return dossier
