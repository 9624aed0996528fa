"""Marshmallow schemas of the task inbox API; request bodies refuse unknown fields."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, pre_dump, validate

from api.dossiers.schemas import DossierSchema, TaskSummarySchema
from engine.dossiers.models import DossierStatus, DossierTask, TaskState

from .services import DOSSIER_FIELDS, InboxView

__all__ = [
    "CompleteSchema",
    "CountSchema",
    "DelegateSchema",
    "InboxArgsSchema",
    "TaskDetailSchema",
    "TaskSchema",
    "flatten",
]


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class InboxArgsSchema(ma.Schema):
    """Filters of ``GET /tasks`` and ``GET /tasks/count`` (unknown query arguments are
    ignored: the query string also carries the pagination arguments)."""

    view = fields.Enum(InboxView, by_value=True, load_default=InboxView.GROUPS,
                       metadata={"description": "groups (default), mine, unassigned, "
                                                "due_soon or overdue"})
    procedure = fields.String(validate=validate.Length(min=1, max=64))
    centre = fields.String(validate=validate.Length(min=1, max=32),
                           metadata={"description": "The unit working the task"})
    status = fields.Enum(TaskState, by_value=True, load_default=TaskState.OPEN,
                         metadata={"description": "Task state (default open)"})
    due_before = fields.AwareDateTime()
    due_after = fields.AwareDateTime()


class CompleteSchema(_Strict):
    data = fields.Dict(keys=fields.String(), required=True,
                       metadata={"description": "The task's form, as its form_schema says"})
    lock_version = fields.Integer(
        validate=validate.Range(min=1),
        metadata={"description": "The dossier's lock_version as read; 409 if it moved"})


class DelegateSchema(_Strict):
    to = fields.String(required=True, validate=validate.Length(min=1, max=80),
                       metadata={"description": "Username of the officer taking the task"})


class CountSchema(ma.Schema):
    count = fields.Integer()


def flatten(row: DossierTask, **extra: Any) -> dict[str, Any]:
    """A task row's columns plus its dossier's code, status and lock version."""
    columns = {column.key: getattr(row, column.key) for column in DossierTask.__table__.columns}
    dossier = {key: getattr(row.dossier, column) for key, column in DOSSIER_FIELDS.items()}
    return {**columns, **dossier, **extra}


class TaskSchema(TaskSummarySchema):
    """An inbox row with the dossier it belongs to."""

    procedure_code = fields.String()
    dossier_code = fields.String()
    dossier_status = fields.Enum(DossierStatus, by_value=True)
    lock_version = fields.Integer(metadata={"description": "The dossier's; send it back "
                                                           "when completing"})
    completed_at = fields.AwareDateTime(allow_none=True)
    completed_by = fields.String(allow_none=True)

    @pre_dump
    def _flatten(self, row: DossierTask | dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return row if isinstance(row, dict) else flatten(row)


class TaskDetailSchema(TaskSchema):
    """One task with what a client needs to render and submit its form."""

    form_schema = fields.Dict(allow_none=True,
                              metadata={"description": "JSON Schema 2020-12 of the form"})
    dossier = fields.Nested(DossierSchema)
