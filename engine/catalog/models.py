"""Tables of the procedure catalogue: reference data, procedures and their diagram versions.

Lifecycle of a diagram: every procedure has numbered versions (1, 2, ...). A version is
created as a ``draft`` (a planner's edit) or directly ``published`` (the generator and the
importer, whose output is linted in CI). Publishing a version retires the previously
published one, so at most one version per procedure is ``published``; new dossiers run on
it and running dossiers keep the version they started on, which is why versions are never
edited or deleted once they exist.

The catalogue row columns mirror :class:`bpmn.catalog.model.Procedure`. The step budgets
are a JSON blob tagged with its format version (``{"format": 1, "steps": [...]}``), so a
later change of shape can be migrated by reading the tag. Field and agency codes are
plain indexed strings, not foreign keys: national procedure lists name agencies outside
the province (partner ministries), and an import must not depend on the order in which
reference data was loaded.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bpmn.catalog.model import Archetype, Level, OnlineLevel, StepBudget, TimeUnit
from bpmn.catalog.model import Procedure as CatalogRow
from bpmn.errors import CatalogError
from engine.db import Base, UTCDateTime, str_enum, utcnow

__all__ = [
    "STEPS_FORMAT",
    "Agency",
    "Centre",
    "Field",
    "Procedure",
    "ProcedureVersion",
    "VersionStatus",
    "procedure_columns",
]

#: Version of the ``procedures.steps`` JSON shape; bump it with a data migration.
STEPS_FORMAT = 1


class VersionStatus(StrEnum):
    """Where a diagram version is in its lifecycle (see the module docstring)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class Field(Base):
    """A field of administrative activity (lĩnh vực), e.g. ``ho_tich`` (civil status)."""

    __tablename__ = "fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))


class Agency(Base):
    """A competent agency (cơ quan có thẩm quyền) at provincial or commune level."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[Level] = mapped_column(str_enum(Level, length=16))


class Centre(Base):
    """A one-stop reception centre: the provincial PASC or a commune's centre."""

    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    unit_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    region: Mapped[str] = mapped_column(String(64))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    weight: Mapped[float] = mapped_column(Float)
    counters: Mapped[int] = mapped_column(Integer)


class Procedure(Base):
    """One catalogue row; its diagrams are in :attr:`versions`."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[Level] = mapped_column(str_enum(Level, length=16), index=True)
    field: Mapped[str] = mapped_column(String(64), index=True)
    agency: Mapped[str] = mapped_column(String(64), index=True)
    statutory_time: Mapped[float] = mapped_column(Float)
    time_unit: Mapped[TimeUnit] = mapped_column(str_enum(TimeUnit, length=16))
    fee: Mapped[int] = mapped_column(BigInteger)
    online_level: Mapped[OnlineLevel] = mapped_column(str_enum(OnlineLevel, length=16))
    appointment_free: Mapped[bool] = mapped_column(Boolean)
    inter_agency: Mapped[bool] = mapped_column(Boolean)
    archetype: Mapped[Archetype] = mapped_column(str_enum(Archetype, length=32))
    steps: Mapped[dict[str, Any]] = mapped_column(JSON)
    partner_agencies: Mapped[list[str]] = mapped_column(JSON)

    versions: Mapped[list[ProcedureVersion]] = relationship(
        back_populates="procedure",
        order_by="ProcedureVersion.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def as_row(self) -> CatalogRow:
        """The immutable catalogue row the generator and the simulator work from."""
        if self.steps.get("format") != STEPS_FORMAT:
            raise CatalogError(
                f"procedure {self.code}: steps are stored in format "
                f"{self.steps.get('format')!r}, this version reads {STEPS_FORMAT}; "
                "run `motcua db upgrade`"
            )
        return CatalogRow(
            code=self.code,
            name=self.name,
            level=self.level,
            field=self.field,
            agency=self.agency,
            statutory_time=self.statutory_time,
            time_unit=self.time_unit,
            fee=self.fee,
            online_level=self.online_level,
            appointment_free=self.appointment_free,
            inter_agency=self.inter_agency,
            archetype=self.archetype,
            steps=tuple(StepBudget(s["step"], s["budget"]) for s in self.steps["steps"]),
            partner_agencies=tuple(self.partner_agencies),
        )


class ProcedureVersion(Base):
    """One immutable BPMN diagram of a procedure (see the lifecycle in the module docstring).

    ``content_hash`` is the SHA-256 of the UTF-8 XML bytes: it tells a re-import whether
    the rendered diagram changed and lets the spec cache key parsed specs by content.
    ``format_version`` is the version of the diagram conventions (``bpmn`` package
    docstring) the XML follows. ``bpmn_xml`` (about 25 KB) is deferred: it is loaded when
    first read, because most readers (dossier reception, version lists) need the other
    columns only and the engine parses a diagram once per content hash.
    """

    __tablename__ = "procedure_versions"
    __table_args__ = (UniqueConstraint("procedure_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # No separate index: the (procedure_id, number) unique constraint leads with it.
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    bpmn_xml: Mapped[str] = mapped_column(Text, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[VersionStatus] = mapped_column(str_enum(VersionStatus, length=16), index=True)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    format_version: Mapped[int] = mapped_column(Integer)

    procedure: Mapped[Procedure] = relationship(back_populates="versions")


def procedure_columns(row: CatalogRow) -> dict[str, Any]:
    """The column values of ``procedures`` for a catalogue row (for inserts and updates)."""
    return {
        "code": row.code,
        "name": row.name,
        "level": row.level,
        "field": row.field,
        "agency": row.agency,
        "statutory_time": row.statutory_time,
        "time_unit": row.time_unit,
        "fee": row.fee,
        "online_level": row.online_level,
        "appointment_free": row.appointment_free,
        "inter_agency": row.inter_agency,
        "archetype": row.archetype,
        "steps": {
            "format": STEPS_FORMAT,
            "steps": [{"step": s.step, "budget": s.budget} for s in row.steps],
        },
        "partner_agencies": list(row.partner_agencies),
    }
