"""Marshmallow schemas of the read-only procedures API: query arguments and responses."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, pre_dump, validate

from bpmn.catalog.model import Archetype, Level, OnlineLevel, TimeUnit
from engine.catalog.models import VersionStatus

from .services import CatalogEntry

__all__ = [
    "FieldSchema",
    "ProcedureDetailSchema",
    "ProcedureQueryArgsSchema",
    "ProcedureSummarySchema",
    "StepBudgetSchema",
    "VersionSchema",
]

_CODE = validate.Length(min=1, max=64)


class ProcedureQueryArgsSchema(ma.Schema):
    """Filters of ``GET /procedures``; ``page`` and ``page_size`` are flask-smorest's."""

    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Words to find in the code or name; diacritics ignored."},
    )
    level = fields.Enum(Level, by_value=True)
    field = fields.String(validate=_CODE, metadata={"description": "Field code, e.g. ho_tich"})
    archetype = fields.Enum(Archetype, by_value=True)
    agency = fields.String(validate=_CODE, metadata={"description": "Competent agency code"})
    online_level = fields.Enum(OnlineLevel, by_value=True)


class StepBudgetSchema(ma.Schema):
    step = fields.String(required=True)
    budget = fields.Float(required=True)


def _steps(blob: Any) -> list[dict[str, Any]]:
    """The step list of the ``{"format": 1, "steps": [...]}`` blob (models.STEPS_FORMAT)."""
    return [{"step": s["step"], "budget": s["budget"]} for s in (blob or {}).get("steps", [])]


class ProcedureSummarySchema(ma.Schema):
    """One row of the catalogue list."""

    code = fields.String()
    name = fields.String()
    level = fields.Enum(Level, by_value=True)
    field = fields.String()
    field_name = fields.String(allow_none=True)
    agency = fields.String()
    statutory_time = fields.Float()
    time_unit = fields.Enum(TimeUnit, by_value=True)
    fee = fields.Integer(metadata={"description": "VND; 0 means free"})
    online_level = fields.Enum(OnlineLevel, by_value=True)
    appointment_free = fields.Boolean()
    inter_agency = fields.Boolean()
    archetype = fields.Enum(Archetype, by_value=True)

    @pre_dump
    def flatten(self, entry: CatalogEntry, **_kwargs: Any) -> dict[str, Any]:
        p = entry.procedure
        return {
            "code": p.code,
            "name": p.name,
            "level": p.level,
            "field": p.field,
            "field_name": entry.field_name,
            "agency": p.agency,
            "agency_name": entry.agency_name,
            "statutory_time": p.statutory_time,
            "time_unit": p.time_unit,
            "fee": p.fee,
            "online_level": p.online_level,
            "appointment_free": p.appointment_free,
            "inter_agency": p.inter_agency,
            "archetype": p.archetype,
            "steps": _steps(p.steps),
            "partner_agencies": list(p.partner_agencies or []),
            "latest_version": entry.latest_version,
        }


class ProcedureDetailSchema(ProcedureSummarySchema):
    """One procedure: the list row plus step budgets and its published version."""

    agency_name = fields.String(allow_none=True)
    steps = fields.List(fields.Nested(StepBudgetSchema))
    partner_agencies = fields.List(fields.String())
    latest_version = fields.Integer(
        allow_none=True,
        metadata={"description": "Number of the published version; null if none is"},
    )


class VersionSchema(ma.Schema):
    """A diagram version's metadata; the XML itself is at ``.../bpmn``."""

    number = fields.Integer()
    status = fields.Enum(VersionStatus, by_value=True)
    content_hash = fields.String(metadata={"description": "SHA-256 of the XML; the ETag"})
    format_version = fields.Integer()
    author = fields.String()
    created_at = fields.AwareDateTime()


class FieldSchema(ma.Schema):
    code = fields.String()
    name = fields.String()
    procedure_count = fields.Integer()
