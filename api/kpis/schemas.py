"""Query arguments and rows of ``GET /api/v1/kpis``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from marshmallow import RAISE, ValidationError, fields, validate, validates_schema

__all__ = ["KpiQuerySchema", "KpiReportSchema", "KpiRowSchema", "PeriodArgsSchema",
           "check_period"]

GROUPS = ("centre", "field", "procedure", "month", "total")
#: Longest period one request may aggregate (a province's few years stay cheap).
MAX_DAYS = 3 * 366
#: Days a period may name: far enough either way, and clear of ``date.min``/``date.max``,
#: where converting a Vietnam day to a UTC instant would overflow.
_DAYS = validate.Range(min=dt.date(1900, 1, 1), max=dt.date(2999, 12, 31))


class PeriodArgsSchema(ma.Schema):
    """``from`` and ``to``: reception days, both included, Vietnam time."""

    class Meta:
        unknown = RAISE

    first = fields.Date(data_key="from", validate=_DAYS, metadata={
        "description": "First day of reception (default: the first of this month, or of "
                       "the month of `to`)"})
    last = fields.Date(data_key="to", validate=_DAYS, metadata={
        "description": "Last day of reception, included (default: today, or `from` when "
                       "it is later)"})

    @validates_schema
    def ordered(self, data: dict[str, Any], **_kwargs: Any) -> None:
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None:
            check_period(first, last)


def check_period(first: dt.date, last: dt.date) -> None:
    """A :class:`ValidationError` on ``to`` when the period is reversed or too long."""
    if last < first:
        raise ValidationError(f"{last} is before from={first}", "to")
    if last - first > dt.timedelta(days=MAX_DAYS):
        raise ValidationError(f"a period is at most {MAX_DAYS} days; ask for less", "to")


class KpiQuerySchema(PeriodArgsSchema):
    by = fields.String(load_default="total", validate=validate.OneOf(GROUPS), metadata={
        "description": "Group the rows by centre, field, procedure, month or not (total)"})


class KpiRowSchema(ma.Schema):
    """Counts from SQL and the rates derived from them (percentages; null: no denominator)."""

    key = fields.String(metadata={"description": "Centre, field or procedure code, YYYY-MM, "
                                                 "or 'total'"})
    received = fields.Integer()
    finished = fields.Integer()
    on_time = fields.Integer()
    overdue_finished = fields.Integer()
    in_progress = fields.Integer()
    overdue_in_progress = fields.Integer()
    overdue = fields.Integer()
    online = fields.Integer()
    decided = fields.Integer()
    electronic_results = fields.Integer()
    complained = fields.Integer()
    avg_resolution_days = fields.Float(allow_none=True)
    on_time_rate = fields.Float(allow_none=True)
    overdue_rate = fields.Float(allow_none=True)
    online_share = fields.Float(allow_none=True)
    electronic_result_share = fields.Float(allow_none=True)
    complaint_rate = fields.Float(allow_none=True)
    satisfaction = fields.Float(allow_none=True, metadata={
        "description": "100 - overdue rate - complaint rate, floored at 0"})


class KpiReportSchema(ma.Schema):
    first = fields.Date(data_key="from")
    last = fields.Date(data_key="to")
    by = fields.String()
    rows = fields.List(fields.Nested(KpiRowSchema))
