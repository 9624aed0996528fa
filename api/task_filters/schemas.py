"""Marshmallow schemas of the saved inbox filters API; request bodies refuse unknown
fields (the query's keys are checked by :func:`engine.inbox.services.validate_query`)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

__all__ = ["SavedFilterArgsSchema", "SavedFilterSchema"]


class SavedFilterArgsSchema(ma.Schema):
    """The body of ``POST /task-filters`` and ``PUT /task-filters/{id}`` (a PUT replaces
    the name, the query and the sharing)."""

    class Meta:
        unknown = ma.RAISE

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    query = fields.Dict(
        keys=fields.String(), load_default=dict,
        metadata={"description": "GET /tasks arguments as strings (view, procedure, centre, "
                                 "status, due_before, due_after); \"format\": 1 optional",
                  "example": {"format": 1, "view": "mine", "procedure": "1.000002"}})
    shared_with_group = fields.String(
        allow_none=True, load_default=None, validate=validate.Length(min=3, max=80),
        metadata={"description": "A queue you work, \"<unit>:<role>\": its officers see "
                                 "the filter read-only; null: private"})


class SavedFilterSchema(ma.Schema):
    """A saved filter; ``editable`` is false for one shared with you by someone else."""

    id = fields.Integer()
    owner = fields.String()
    name = fields.String()
    query = fields.Dict(metadata={"description": "With its format version"})
    shared_with_group = fields.String(allow_none=True)
    editable = fields.Boolean()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
