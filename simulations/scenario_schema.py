"""The JSON Schema of a scenario document (``format`` 1), with the defaults it fills.

One schema serves the three kinds of scenario (``province``, ``queueing``, ``prosimos``);
which keys a kind needs is checked after validation by :mod:`simulations.scenario`. Every
object refuses unknown keys, so a misspelt lever is an error rather than a silent no-op.
``default`` values are filled in by the loader (jsonschema itself only validates), so
the stored document says exactly what was simulated. Distribution mappings are checked
loosely here (``dist`` and numbers) and precisely by
:meth:`simulations.distributions.DistSpec.from_mapping`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DIST_STEPS", "MAX_HORIZON_DAYS", "POOL_NAMES", "SCENARIO_FORMAT", "SCHEMA"]

SCENARIO_FORMAT = 1
MAX_HORIZON_DAYS = 366
POOL_NAMES = ("counter", "desk", "specialist", "leader", "partner")
#: steps whose touch time (server work) or wait may be overridden under ``durations``
DIST_STEPS = (
    "receive",
    "resolve",
    "return",
    "eresult",
    "appraise",
    "inspect",
    "consult",
    "approve",
    "sign",
    "supplement",
    "fee",
    "counter_visit",
)

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_CODE = {"type": "string", "minLength": 1, "maxLength": 64}
_CODES = {"type": "array", "items": _CODE, "maxItems": 5000, "default": []}
_PROB = {"type": "number", "minimum": 0, "maximum": 1}
_POSITIVE = {"type": "number", "exclusiveMinimum": 0}


def _object(properties: dict[str, Any], *, required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": list(required),
    }


_DIST: dict[str, Any] = {
    "type": "object",
    "required": ["dist"],
    "properties": {
        "dist": {
            "enum": [
                "fixed",
                "exponential",
                "lognormal",
                "gamma",
                "triangular",
                "uniform",
                "empirical",
            ]
        },
    },
    "additionalProperties": {
        "anyOf": [{"type": "number"}, {"type": "array", "items": {"type": "number"}}]
    },
}

_STAFFING_ROW = {
    **_object(
        {
            "centre": _CODE,
            "centres": {"type": "array", "items": _CODE, "minItems": 1},
            "pool": {"enum": list(POOL_NAMES)},
            "staff": {"type": "integer", "minimum": 0, "maximum": 200},
            "shift": {"enum": ["weekday", "saturday"], "default": "weekday"},
        },
        required=("pool", "staff"),
    ),
    "oneOf": [{"required": ["centre"]}, {"required": ["centres"]}],
}

_LEVERS = _object(
    {
        "staffing": {"type": "array", "items": _STAFFING_ROW, "maxItems": 2000, "default": []},
        "time_cut": _object(
            {
                "percent": {"type": "number", "exclusiveMinimum": 0, "maximum": 90},
                "fields": _CODES,
                "procedures": _CODES,
                "tasks": {"type": "array", "items": {"enum": list(DIST_STEPS)}, "default": []},
                "deadlines": {"type": "boolean", "default": True},
            },
            required=("percent",),
        ),
        "appointment_free": _object(
            {
                "procedures": _CODES,
                "fields": _CODES,
                "count": {"type": "integer", "minimum": 1, "maximum": 5000},
            }
        ),
        "saturday_service": _object(
            {"centres": _CODES, "hours": {"enum": ["morning", "full"], "default": "morning"}}
        ),
        "submit_anywhere": _object(
            {
                "enabled": {"type": "boolean"},
                "max_distance_km": {
                    "type": ["number", "null"],
                    "minimum": 1,
                    "maximum": 500,
                    "default": None,
                },
            },
            required=("enabled",),
        ),
        "flexible_staffing": _object(
            {
                "threshold": {"type": "integer", "minimum": 0, "default": 8},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50, "default": 2},
                "centres": _CODES,
            }
        ),
    }
)

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat")

_DEMAND = _object(
    {
        "scale": {"type": "number", "minimum": 0.01, "maximum": 20, "default": 1.0},
        "online_share": {"type": ["number", "null"], "minimum": 0, "maximum": 1, "default": None},
        "seasonal_peaks": {"type": "boolean", "default": True},
        "daily_per_commune": {**_POSITIVE, "maximum": 10000, "default": 29},
        "daily_province": {**_POSITIVE, "maximum": 100000, "default": 1200},
        "profiles": _object(
            {
                "weekday": _object({d: {"type": "number", "minimum": 0} for d in _WEEKDAYS}),
                "tet_peak": {"type": "number", "minimum": 1, "maximum": 30},
                "tet_days": {"type": "integer", "minimum": 1, "maximum": 60},
                "saturday_share": {"type": "number", "minimum": 0, "maximum": 0.5},
            }
        ),
    }
)

_ROUTING = _object(
    {
        "refusal": _PROB,
        "supplement": _PROB,
        "supplement_fields": {"type": "object", "additionalProperties": _PROB},
        "other_branch": _PROB,
    }
)

_LAGS = _object(
    {
        "median_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "sigma": {"type": "number", "exclusiveMinimum": 0, "maximum": 3},
        "field_share": {
            "type": "object",
            "additionalProperties": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        },
    }
)

_STATION = _object(
    {
        "name": {"type": "string", "minLength": 1, "maxLength": 64},
        "servers": {"type": "integer", "minimum": 1, "maximum": 10000},
        "service": _DIST,
    },
    required=("name", "servers", "service"),
)

SCHEMA: dict[str, Any] = _object(
    {
        "format": {"const": SCENARIO_FORMAT, "default": SCENARIO_FORMAT},
        "name": {"type": "string", "maxLength": 200},
        "description": {"type": "string", "maxLength": 2000, "default": ""},
        "kind": {"enum": ["province", "queueing", "prosimos"], "default": "province"},
        "horizon": _object(
            {
                "start": _DATE,
                "end": _DATE,
                "warmup_days": {"type": "integer", "minimum": 0, "maximum": 60, "default": 7},
            },
            required=("start", "end"),
        ),
        "horizon_minutes": _POSITIVE,
        "centres": _CODES,
        "demand": _DEMAND,
        "levers": _LEVERS,
        "routing": _ROUTING,
        "durations": _object({step: _DIST for step in DIST_STEPS}),
        "lags": _LAGS,
        "arrivals": _object({"rate_per_minute": _POSITIVE}, required=("rate_per_minute",)),
        "stations": {"type": "array", "items": _STATION, "minItems": 1, "maxItems": 100},
        "route": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "model": _object(
            {
                "bpmn": {"type": "string", "minLength": 1},
                "parameters": {"type": "string", "minLength": 1},
            },
            required=("bpmn", "parameters"),
        ),
    }
)
