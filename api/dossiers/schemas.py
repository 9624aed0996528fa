"""Marshmallow schemas of the dossiers API: request bodies, query arguments, responses.

Request bodies refuse unknown fields (``unknown = RAISE``): a misspelt field is a 422
naming it, never silently ignored. Query arguments share the query string with the
pagination arguments, so unknown ones are ignored there.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from engine.dossiers.models import Channel, DossierStatus, TaskState

__all__ = [
    "AcceptedSchema",
    "DossierDetailSchema",
    "DossierQueryArgsSchema",
    "DossierSchema",
    "EventSchema",
    "ExtendSchema",
    "ReasonSchema",
    "ReceiptSchema",
    "ReceiveSchema",
    "TaskSummarySchema",
]

_UNIT = validate.Length(min=1, max=32)


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


# -- requests ------------------------------------------------------------------------------


class ReceiveSchema(_Strict):
    """A dossier handed in at a counter, by post, or submitted online."""

    procedure_code = fields.String(required=True, validate=validate.Length(min=1, max=64))
    centre = fields.String(required=True, validate=_UNIT,
                           metadata={"description": "The receiving centre's code"})
    channel = fields.Enum(Channel, by_value=True, required=True,
                          metadata={"description": "1 in person, 2 online, 3 postal"})
    applicant_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    applicant_id_number = fields.String(validate=validate.Length(min=1, max=20),
                                        allow_none=True)
    home_centre = fields.String(validate=_UNIT, allow_none=True,
                                metadata={"description": "The applicant's commune centre "
                                                         "(routes commune procedures)"})


class ReasonSchema(_Strict):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class ExtendSchema(ReasonSchema):
    """Form 04: the apology and the new due date (once per dossier)."""

    new_due = fields.AwareDateTime(required=True,
                                   metadata={"description": "ISO 8601 with a UTC offset"})


class DossierQueryArgsSchema(ma.Schema):
    """Filters of ``GET /dossiers``; ``page`` and ``page_size`` are flask-smorest's.

    Not strict: the query string also carries the pagination arguments, which webargs
    reads separately, so unknown query arguments are ignored (webargs' rule for queries).
    """

    status = fields.Enum(DossierStatus, by_value=True)
    procedure = fields.String(validate=validate.Length(min=1, max=64))
    centre = fields.String(validate=_UNIT, metadata={"description": "Receiving centre"})
    agency = fields.String(validate=_UNIT, metadata={"description": "Competent agency"})
    received_from = fields.AwareDateTime(metadata={"description": "Received at or after"})
    received_to = fields.AwareDateTime(metadata={"description": "Received before"})
    overdue = fields.Boolean(metadata={"description": "Past due while the clock runs "
                                                      "(status 2, 4 or 6, not decided)"})


# -- responses -----------------------------------------------------------------------------


class ReceiptSchema(ma.Schema):
    """Form 01: the receipt with the appointment."""

    code = fields.String()
    procedure_code = fields.String()
    procedure_name = fields.String()
    applicant_name = fields.String()
    received_centre = fields.String()
    received_at = fields.AwareDateTime(allow_none=True)
    appointment_at = fields.AwareDateTime(allow_none=True)
    appointment = fields.String(allow_none=True,
                                metadata={"description": "As printed: 17:00 thứ Hai, 09/03/2026"})
    status = fields.Enum(DossierStatus, by_value=True)
    tracking_secret = fields.String(metadata={
        "description": "Printed on the receipt for public tracking; returned only when "
                       "the dossier is received, stored only as a hash"})


class AcceptedSchema(ReceiptSchema):
    lock_version = fields.Integer()


class TaskSummarySchema(ma.Schema):
    id = fields.Integer()
    spec_id = fields.String()
    name = fields.String()
    role = fields.String()
    unit = fields.String()
    candidate_group = fields.String()
    assignee = fields.String(allow_none=True)
    priority = fields.Integer()
    state = fields.Enum(TaskState, by_value=True)
    created_at = fields.AwareDateTime()
    due_at = fields.AwareDateTime(allow_none=True)


class DossierSchema(ma.Schema):
    """A dossier as listed; ``lock_version`` is what a task completion may send back."""

    code = fields.String()
    procedure_code = fields.String()
    status = fields.Enum(DossierStatus, by_value=True)
    channel = fields.Enum(Channel, by_value=True)
    received_centre = fields.String()
    competent_agency = fields.String()
    home_centre = fields.String(allow_none=True)
    applicant_name = fields.String()
    submitted_at = fields.AwareDateTime()
    received_at = fields.AwareDateTime(allow_none=True)
    appointment_at = fields.AwareDateTime(allow_none=True)
    due_at = fields.AwareDateTime(allow_none=True)
    decided_at = fields.AwareDateTime(allow_none=True)
    returned_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)
    extended_at = fields.AwareDateTime(allow_none=True)
    supplement_count = fields.Integer()
    lock_version = fields.Integer()


class EventSchema(ma.Schema):
    sequence = fields.Integer()
    at = fields.AwareDateTime()
    actor = fields.String()
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    task_spec = fields.String(allow_none=True)
    task_name = fields.String(allow_none=True)
    detail = fields.Dict()


class DossierDetailSchema(DossierSchema):
    """One dossier with its procedure, history and open tasks."""

    procedure_name = fields.String()
    applicant_id_number = fields.String(allow_none=True)
    extension_reason = fields.String(allow_none=True)
    appointment = fields.String(allow_none=True)
    history = fields.List(fields.Nested(EventSchema))
    open_tasks = fields.List(fields.Nested(TaskSummarySchema))
