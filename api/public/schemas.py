"""Marshmallow schemas of the public API: what a citizen sees, listed field by field."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from .qr import MAX_SCALE

__all__ = [
    "PublicDossierSchema",
    "PublicProcedureSchema",
    "QrArgsSchema",
    "TrackingArgsSchema",
]


class PublicStepSchema(ma.Schema):
    name = fields.String()
    budget = fields.Float(metadata={"description": "Share of the statutory time"})


class PublicProcedureSchema(ma.Schema):
    """A procedure's citizen-facing facts (no archetype, version or internal code)."""

    code = fields.String()
    name = fields.String()
    level = fields.String()
    level_label = fields.String()
    field_name = fields.String(allow_none=True)
    agency_name = fields.String(allow_none=True)
    statutory_time = fields.Float()
    time_unit = fields.String()
    time_unit_label = fields.String()
    statutory_time_label = fields.String()
    fee = fields.Integer(metadata={"description": "Fee in VND (0: free)"})
    online_level = fields.String()
    online_level_label = fields.String()
    appointment_free = fields.Boolean(
        metadata={"description": "Result returned the same day, without an appointment"})
    steps = fields.List(fields.Nested(PublicStepSchema))
    where_to_submit = fields.List(fields.String())


class PublicDossierSchema(ma.Schema):
    """A dossier's progress; never the applicant or the officers."""

    code = fields.String()
    procedure_code = fields.String()
    procedure_name = fields.String()
    status = fields.String(metadata={"description": "National status code 1-10"})
    status_label = fields.String()
    submitted_at = fields.DateTime()
    received_at = fields.DateTime(allow_none=True)
    appointment_at = fields.DateTime(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    current_steps = fields.List(fields.String())
    decided = fields.Boolean()
    decided_at = fields.DateTime(allow_none=True)
    returned = fields.Boolean()
    returned_at = fields.DateTime(allow_none=True)


class TrackingArgsSchema(ma.Schema):
    secret = fields.String(
        required=True, validate=validate.Length(min=1, max=32),
        metadata={"description": "The tracking secret printed on the receipt (Form 01)"})


class QrArgsSchema(ma.Schema):
    scale = fields.Integer(load_default=4, validate=validate.Range(min=1, max=MAX_SCALE),
                           metadata={"description": "Pixels (PNG) or units (SVG) per module"})
