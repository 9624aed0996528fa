"""The simulation API's documents: the scenario an analyst submits and what comes back.

A scenario is a province network (centres, their staff pools) under a set of levers, over
a horizon; the simulator (``simulations/``, DESIGN.md) runs it ``replications`` times from
``seed`` and reports Decision 766 indicators with confidence intervals, which a
comparison sets against a baseline run. The shape is fixed here, before the simulator,
so that the dashboard and scripts can be written against it; every object refuses
unknown keys (a misspelt lever must not be silently ignored) and the scenario carries
its ``format`` version, like every stored blob.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import marshmallow as ma
from marshmallow import RAISE, ValidationError, fields, validate, validates_schema

__all__ = [
    "ComparisonSchema",
    "LeversSchema",
    "MetricSchema",
    "ScenarioSchema",
    "SimulationCreateSchema",
    "SimulationResultsSchema",
    "SimulationSchema",
]

SCENARIO_FORMAT = 1
MAX_HORIZON_DAYS = 366
POOLS = ("counter", "specialist", "leader")
STATUSES = ("queued", "running", "finished", "failed")
_CODE = fields.String(validate=validate.Length(min=1, max=64))


def _codes(description: str, data_key: str | None = None) -> fields.List[Any]:
    return fields.List(_CODE, load_default=list, validate=validate.Length(max=5000),
                       data_key=data_key, metadata={"description": description})


class _Strict(ma.Schema):
    class Meta:
        unknown = RAISE


class HorizonSchema(_Strict):
    """The simulated period; the warm-up days are simulated but not counted."""

    start = fields.Date(required=True)
    end = fields.Date(required=True, metadata={"description": "Last day, included"})
    warmup_days = fields.Integer(load_default=7, validate=validate.Range(0, 60))

    @validates_schema
    def ordered(self, data: dict[str, Any], **_kwargs: Any) -> None:
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError(f"{end} is before start {start}", "end")
        if end - start >= dt.timedelta(days=MAX_HORIZON_DAYS):
            raise ValidationError(f"a horizon is at most {MAX_HORIZON_DAYS} days", "end")


class DemandSchema(_Strict):
    """Arrivals: the calibrated rates (from the event log), scaled."""

    scale = fields.Float(load_default=1.0, validate=validate.Range(0.01, 20),
                         metadata={"description": "1.0 = calibrated demand; 1.3 = +30 %"})
    online_share = fields.Float(allow_none=True, load_default=None,
                                validate=validate.Range(0, 1),
                                metadata={"description": "Share submitted online; null: "
                                                         "as calibrated"})
    seasonal_peaks = fields.Boolean(load_default=True, metadata={
        "description": "Monday and post-Tết peaks as observed"})


class StaffingSchema(_Strict):
    """Staff of one pool at one centre (replaces the calibrated count)."""

    centre = fields.String(required=True, validate=validate.Length(min=1, max=64))
    pool = fields.String(required=True, validate=validate.OneOf(POOLS))
    staff = fields.Integer(required=True, validate=validate.Range(0, 200))


class TimeCutSchema(_Strict):
    """Cut statutory and processing times, e.g. the 30 % reform."""

    percent = fields.Float(required=True, validate=validate.Range(0, 90, min_inclusive=False))
    fields_ = _codes("Field codes; empty with no procedures: every procedure", "fields")
    procedures = _codes("Procedure codes")


class SelectionSchema(_Strict):
    """Procedures chosen by code or by field (appointment-free service, ...)."""

    procedures = _codes("Procedure codes")
    fields_ = _codes("Field codes", "fields")


class SaturdaySchema(_Strict):
    centres = _codes("Centre codes open on Saturday; empty: every centre")
    hours = fields.String(load_default="morning", validate=validate.OneOf(("morning", "full")))


class SubmitAnywhereSchema(_Strict):
    """Phi địa giới: any centre receives any dossier of the province."""

    enabled = fields.Boolean(required=True)
    max_distance_km = fields.Float(allow_none=True, load_default=None,
                                   validate=validate.Range(1, 500))


class LeversSchema(_Strict):
    """What the scenario changes against the calibrated baseline; all optional."""

    staffing = fields.List(fields.Nested(StaffingSchema), load_default=list,
                           validate=validate.Length(max=2000))
    time_cut = fields.Nested(TimeCutSchema, allow_none=True, load_default=None)
    appointment_free = fields.Nested(SelectionSchema, allow_none=True, load_default=None)
    saturday_service = fields.Nested(SaturdaySchema, allow_none=True, load_default=None)
    submit_anywhere = fields.Nested(SubmitAnywhereSchema, allow_none=True, load_default=None)

    @validates_schema
    def one_row_per_pool(self, data: dict[str, Any], **_kwargs: Any) -> None:
        seen: set[tuple[str, str]] = set()
        for index, row in enumerate(data.get("staffing") or []):
            key = (row.get("centre"), row.get("pool"))
            if key in seen:
                raise ValidationError(
                    {str(index): [f"centre {key[0]} pool {key[1]} is listed twice"]},
                    "staffing")
            seen.add(key)


class ScenarioSchema(_Strict):
    """The scenario document (``format`` 1)."""

    format = fields.Integer(load_default=SCENARIO_FORMAT,
                            validate=validate.Equal(SCENARIO_FORMAT, error="only format 1 is "
                                                    "understood"))
    horizon = fields.Nested(HorizonSchema, required=True)
    centres = _codes("Centres simulated; empty: the whole province")
    demand = fields.Nested(DemandSchema, load_default=lambda: DemandSchema().load({}))
    levers = fields.Nested(LeversSchema, load_default=lambda: LeversSchema().load({}))


class SimulationCreateSchema(_Strict):
    """``POST /simulations``: what to run."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    replications = fields.Integer(load_default=10, validate=validate.Range(1, 1000),
                                  metadata={"description": "Independent runs; intervals "
                                                           "narrow with more"})
    seed = fields.Integer(allow_none=True, load_default=None,
                          validate=validate.Range(0, 2**63 - 1),
                          metadata={"description": "Reproduces the run exactly; null: "
                                                   "chosen and recorded"})
    baseline_id = fields.String(allow_none=True, load_default=None,
                                validate=validate.Length(min=1, max=64))
    scenario = fields.Nested(ScenarioSchema, required=True)


class SimulationSchema(ma.Schema):
    """A simulation run and where it is."""

    id = fields.String()
    name = fields.String()
    description = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    replications = fields.Integer()
    seed = fields.Integer(metadata={"description": "The seed used (chosen if none given)"})
    baseline_id = fields.String(allow_none=True)
    job_id = fields.String(allow_none=True, metadata={"description": "GET /jobs/{id}"})
    created_by = fields.String()
    created_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)
    scenario = fields.Nested(ScenarioSchema)


class MetricSchema(ma.Schema):
    """An indicator over the replications: mean and 95 % confidence interval."""

    mean = fields.Float()
    std = fields.Float()
    ci_low = fields.Float()
    ci_high = fields.Float()


class ResultRowSchema(ma.Schema):
    """The indicators of one group (a centre, or ``total``)."""

    key = fields.String()
    metrics = fields.Dict(keys=fields.String(), values=fields.Nested(MetricSchema), metadata={
        "description": "received, on_time_rate, overdue_rate, mean_wait_minutes, "
                       "p90_wait_minutes, mean_resolution_days, utilisation_counter, ..."})


class SimulationResultsSchema(ma.Schema):
    id = fields.String()
    replications = fields.Integer()
    seed = fields.Integer()
    rows = fields.List(fields.Nested(ResultRowSchema))


class DifferenceSchema(ma.Schema):
    key = fields.String()
    metric = fields.String()
    baseline = fields.Nested(MetricSchema)
    scenario = fields.Nested(MetricSchema)
    difference = fields.Nested(MetricSchema, metadata={
        "description": "scenario − baseline, with the interval of the difference"})
    significant = fields.Boolean(metadata={"description": "The interval excludes 0"})


class ComparisonSchema(ma.Schema):
    id = fields.String()
    baseline_id = fields.String()
    differences = fields.List(fields.Nested(DifferenceSchema))
