"""The simulation API's documents: the run an analyst submits and what comes back.

The scenario itself is a free-form object here, validated by the simulator
(:func:`simulations.scenario.parse_scenario`, a JSON Schema that refuses unknown keys and
names the offending dotted key and value). Why not a marshmallow copy of that schema: two
schemas drift (a lever added to the simulator would be refused by the API, or the
reverse); one truth, in the simulator, is what a ``motcua simulate`` file and an API
request are both checked against. The description below and the shipped scenarios
(``GET /simulations/scenarios``) document its shape; a bad scenario is a 422 whose
``errors`` carry ``{"scenario": {"<dotted key>": [message]}}``.

Everything around the scenario (name, replications, seed, baseline) is validated here and
unknown keys are refused, like every request body of the API.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import RAISE, fields, validate

__all__ = [
    "MAX_SEED",
    "STATUSES",
    "ComparisonSchema",
    "MetricSchema",
    "ScenarioInfoSchema",
    "SimulationCreateSchema",
    "SimulationResultsSchema",
    "SimulationSchema",
]

MAX_SEED = 2**63 - 1
STATUSES = ("queued", "running", "finished", "failed")
SCENARIO_DESCRIPTION = (
    "The scenario document (format 1), validated by the simulator. `kind` is `province` "
    "(default: `horizon: {start, end, warmup_days}`, `centres`, `demand: {scale, "
    "online_share, seasonal_peaks, ...}`, `levers: {staffing, time_cut, appointment_free, "
    "saturday_service, submit_anywhere, flexible_staffing}`, `durations`, `routing`), "
    "`queueing` (`arrivals: {rate_per_minute}`, `horizon_minutes`, `stations: [{name, "
    "servers, service: {dist, ...}}]`, `route: [station names]`) or `prosimos`. Unknown "
    "keys are refused; GET /simulations/scenarios lists complete examples."
)
_EXAMPLE = {
    "kind": "queueing",
    "arrivals": {"rate_per_minute": 0.8},
    "horizon_minutes": 2000,
    "stations": [
        {"name": "counter", "servers": 1, "service": {"dist": "exponential", "mean": 1.0}}
    ],
    "route": ["counter"],
}


class SimulationCreateSchema(ma.Schema):
    """``POST /simulations``: what to run."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    replications = fields.Integer(
        load_default=10,
        validate=validate.Range(1, 1000),
        metadata={"description": "Independent runs; intervals narrow with more"},
    )
    seed = fields.Integer(
        allow_none=True,
        load_default=None,
        validate=validate.Range(0, MAX_SEED),
        metadata={"description": "Reproduces the run exactly; null: chosen and recorded"},
    )
    baseline_id = fields.String(
        allow_none=True,
        load_default=None,
        validate=validate.Length(min=1, max=32),
        metadata={"description": "An earlier run to compare with"},
    )
    scenario = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": SCENARIO_DESCRIPTION, "example": _EXAMPLE},
    )


class RunProgressSchema(ma.Schema):
    done = fields.Integer(metadata={"description": "Replications stored"})
    total = fields.Integer()


class SimulationSchema(ma.Schema):
    """A simulation run and where it is."""

    id = fields.String()
    name = fields.String()
    description = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    replications = fields.Integer()
    seed = fields.Integer(metadata={"description": "The seed used (chosen if none given)"})
    baseline_id = fields.String(allow_none=True)
    job_id = fields.String(
        allow_none=True,
        metadata={"description": "The summarizing job: GET /jobs/{id} follows the replications"},
    )
    progress = fields.Nested(RunProgressSchema)
    error = fields.String(allow_none=True, metadata={"description": "Why the run failed"})
    created_by = fields.Integer(allow_none=True, metadata={"description": "User id"})
    created_at = fields.AwareDateTime()
    started_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)
    scenario_format = fields.Integer()
    scenario = fields.Dict(
        keys=fields.String(), metadata={"description": "The scenario as submitted, with its format"}
    )


class MetricSchema(ma.Schema):
    """An indicator over the replications: mean and 95 % confidence interval (null when
    no replication had a value, e.g. counter waits of an all-online model)."""

    mean = fields.Float(allow_none=True)
    std = fields.Float(allow_none=True)
    ci_low = fields.Float(allow_none=True)
    ci_high = fields.Float(allow_none=True)
    n = fields.Integer(metadata={"description": "Replications with a value"})


class ResultRowSchema(ma.Schema):
    """The indicators of one group (``total``, ``centre:<name>``, ``field:<code>``, ...)."""

    group = fields.String()
    metrics = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(MetricSchema),
        metadata={
            "description": "received, on_time_rate, counter_wait_mean, counter_wait_p90, "
            "cycle_days_mean, utilization_counter, ..."
        },
    )


class SimulationResultsSchema(ma.Schema):
    id = fields.String()
    name = fields.String()
    replications = fields.Integer()
    seed = fields.Integer()
    confidence = fields.Float(allow_none=True)
    rows = fields.List(fields.Nested(ResultRowSchema))
    series = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Float(allow_none=True)),
        metadata={"description": "Daily series, mean over replications"},
    )


class DifferenceSchema(ma.Schema):
    group = fields.String()
    metric = fields.String()
    label = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)
    baseline = fields.Nested(MetricSchema)
    scenario = fields.Nested(MetricSchema)
    difference = fields.Nested(
        MetricSchema,
        metadata={"description": "scenario − baseline, with the interval of the difference"},
    )
    relative = fields.Float(allow_none=True, metadata={"description": "difference / baseline"})
    significant = fields.Boolean(metadata={"description": "The interval excludes 0"})
    better = fields.Boolean(
        allow_none=True,
        metadata={
            "description": "Significant and in the good direction; null: not significant, or "
            "the indicator has no good direction"
        },
    )


class ComparisonSchema(ma.Schema):
    id = fields.String()
    baseline_id = fields.String()
    confidence = fields.Float(allow_none=True)
    rows = fields.List(fields.Nested(DifferenceSchema))


class ScenarioInfoSchema(ma.Schema):
    """A scenario shipped with the simulator, to start a new run from."""

    name = fields.String()
    kind = fields.String()
    document = fields.Dict(keys=fields.String())
