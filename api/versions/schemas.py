"""Marshmallow schemas of the diagram editing API: lint findings, saves, diffs."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from api.procedures.schemas import VersionSchema

__all__ = ["DiffSchema", "FindingSchema", "LintReportSchema", "SavedDraftSchema"]


class FindingSchema(ma.Schema):
    """One lint finding; ``element_id`` is the BPMN element to fix (null: the whole file)."""

    rule = fields.String(metadata={"description": "bpmnlint rule id or motcua/..."})
    element_id = fields.String(allow_none=True)
    severity = fields.String(metadata={"description": '"error" blocks publishing; "warning"'})
    message = fields.String()


class LintReportSchema(ma.Schema):
    """The findings of one version and whether it may be published."""

    number = fields.Integer()
    content_hash = fields.String()
    errors = fields.Integer(metadata={"description": "Error-level findings"})
    warnings = fields.Integer()
    publishable = fields.Boolean(metadata={"description": "True when there is no error"})
    findings = fields.List(fields.Nested(FindingSchema))


class SavedDraftSchema(LintReportSchema):
    """What saving a draft answers: the version written (or unchanged) and its findings."""

    created = fields.Boolean(metadata={"description": "False: same XML as the draft already"})
    version = fields.Nested(VersionSchema)


_Row = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True))


def _table(description: str) -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=fields.List(_Row),
                       metadata={"description": description})


class DiffSchema(ma.Schema):
    """What changed from version ``a`` to version ``b`` (see engine/catalog/diff.py)."""

    procedure = fields.String()
    a = fields.Integer()
    b = fields.Integer()
    changed = fields.Boolean()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    elements = _table("added, removed, renamed, retyped: by id, with type and name")
    flows = _table("added, removed, rewired (source/target), conditions")
    properties = fields.List(_Row, metadata={
        "description": "Changed extension properties (motcua.budget, formJsonSchema, "
                       "motcua.role...) and scripts: element_id, name, old, new"})
    timers = fields.List(_Row, metadata={
        "description": "Changed timer expressions: element_id, kind, old, new"})
    lanes = _table("added, removed, renamed, moved (flow node to another lane)")
