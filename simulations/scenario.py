"""Scenario documents: reading, validating and filling in the defaults.

Lifecycle: a YAML or JSON file (or the API's request body) -> :func:`load_scenario` /
:func:`parse_scenario` -> :class:`Scenario` (validated against
:data:`simulations.scenario_schema.SCHEMA`, defaults filled, dates as ISO strings) ->
:func:`simulations.compile.compile_scenario` -> :class:`simulations.model.Model`.

Every problem is a :class:`~simulations.errors.ScenarioError` naming the dotted key and
the offending value, and saying what is allowed, because scenarios are written by hand
by planners: a YAML syntax error gives its line, an unknown key its full path.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from simulations.errors import ScenarioError
from simulations.scenario_schema import MAX_HORIZON_DAYS, SCHEMA

__all__ = ["SCENARIO_DIR", "Scenario", "load_scenario", "parse_scenario", "shipped_scenarios"]

SCENARIO_DIR = Path(__file__).with_name("scenarios")
_VALIDATOR = Draft202012Validator(SCHEMA)
_KIND_KEYS = {
    "province": ("horizon",),
    "queueing": ("arrivals", "stations", "route"),
    "prosimos": ("model",),
}
_FOREIGN_KEYS = {
    "province": ("arrivals", "stations", "route", "model", "horizon_minutes"),
    "queueing": ("centres", "demand", "levers", "routing", "durations", "lags", "model"),
    "prosimos": (
        "centres",
        "demand",
        "levers",
        "routing",
        "durations",
        "lags",
        "stations",
        "route",
        "arrivals",
    ),
}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario; ``document`` has every default filled and is JSON-ready."""

    name: str
    kind: str
    document: Mapping[str, Any]
    source: str | None


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios shipped with the simulator, by file stem."""
    return {path.stem: path for path in sorted(SCENARIO_DIR.glob("*.yaml"))}


def load_scenario(path_or_text: str | Path) -> Scenario:
    """Read a scenario from a file path, or from YAML/JSON text given as a string."""
    text, source = _read(path_or_text)
    try:
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise ScenarioError(
            f"the scenario is not valid YAML at line {line}: {exc.problem}; "
            "check the indentation and quoting on that line",
            key=None,
            value=line,
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"the scenario is not valid YAML: {exc}") from None
    if not isinstance(document, Mapping):
        raise ScenarioError(
            f"a scenario must be a mapping of keys to values, not {type(document).__name__}",
            value=document,
        )
    if "name" not in document and source is not None:
        document = {**document, "name": Path(source).stem}
    return parse_scenario(document, source=source)


def _read(path_or_text: str | Path) -> tuple[str, str | None]:
    if isinstance(path_or_text, Path) or (
        "\n" not in path_or_text and path_or_text.endswith((".yaml", ".yml", ".json"))
    ):
        path = Path(path_or_text)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as exc:
            raise ScenarioError(
                f"cannot read the scenario file {str(path)!r}: {exc.strerror}", value=str(path)
            ) from None
    return path_or_text, None


def parse_scenario(document: Mapping[str, Any], *, source: str | None = None) -> Scenario:
    """Validate ``document`` and fill its defaults; raises :class:`ScenarioError`."""
    data = _plain(document, "")
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: (list(e.absolute_path), e.path))
    if errors:
        raise _error(errors[0])
    kind = str(data.get("kind", "province"))
    _check_kind(data, kind)
    if kind == "province":
        data.setdefault("demand", {})
        data.setdefault("levers", {})
    _fill_defaults(data, SCHEMA)
    for key in _FOREIGN_KEYS[kind]:  # defaults of other kinds' keys: the document must
        data.pop(key, None)  # validate again as it is stored (the API re-reads it)
    _check_horizon(data)
    _check_distributions(data)
    name = str(data.get("name") or (Path(source).stem if source else kind))
    data["name"] = name
    return Scenario(name=name, kind=kind, document=data, source=source)


def _plain(value: Any, key: str) -> Any:
    """A JSON-shaped deep copy: dates become ISO strings, mapping keys strings."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{key}.{k}" if key else str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, f"{key}.{i}") for i, v in enumerate(value)]
    if isinstance(value, dt.datetime):
        raise ScenarioError(
            f"{key}: {value} has a time of day; give a date like 2026-01-01",
            key=key,
            value=str(value),
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return copy.deepcopy(value)


def _dotted(path: Iterable[Any]) -> str:
    return ".".join(str(part) for part in path)


def _error(error: ValidationError) -> ScenarioError:
    key = _dotted(error.absolute_path)
    where = key or "the scenario"
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        bad = f"{key}.{extra[0]}" if key else extra[0]
        return ScenarioError(
            f"unknown key {bad!r}; allowed here: {', '.join(allowed)}", key=bad, value=extra[0]
        )
    if error.validator == "required":
        return ScenarioError(f"{where}: {error.message}", key=key or None, value=None)
    if error.validator == "oneOf":
        return ScenarioError(
            f"{where}: give exactly one of 'centre' (a code or '*') and 'centres' (a list)",
            key=key,
            value=error.instance,
        )
    return ScenarioError(
        f"{where}: {json.dumps(error.instance, default=str)} is not allowed ({_reason(error)})",
        key=key or None,
        value=error.instance,
    )


def _reason(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "type":
        return f"expected {error.validator_value}"
    if error.validator == "enum":
        options: list[Any] = list(error.validator_value)  # type: ignore[arg-type]
        return "one of " + ", ".join(map(str, options))
    if error.validator == "pattern":
        return "expected a date like 2026-01-01"
    if error.validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        return f"expected a value between {low} and {high}"
    return error.message


def _check_kind(data: dict[str, Any], kind: str) -> None:
    for key in _KIND_KEYS[kind]:
        if key not in data and not (kind == "queueing" and key == "horizon"):
            raise ScenarioError(f"a {kind} scenario needs {key!r}", key=key, value=None)
    for key in _FOREIGN_KEYS[kind]:
        if key in data:
            raise ScenarioError(
                f"{key!r} does not apply to a {kind} scenario; remove it or set kind",
                key=key,
                value=data[key],
            )
    if kind == "queueing":
        if "horizon" not in data and "horizon_minutes" not in data:
            raise ScenarioError(
                "a queueing scenario needs 'horizon_minutes' or 'horizon'", key="horizon_minutes"
            )
        names = [s["name"] for s in data["stations"]]
        for index, name in enumerate(data["route"]):
            if name not in names:
                raise ScenarioError(
                    f"route.{index}: {name!r} is not a station; stations: {', '.join(names)}",
                    key=f"route.{index}",
                    value=name,
                )


def _fill_defaults(value: Any, schema: Mapping[str, Any]) -> None:
    if isinstance(value, dict):
        for name, sub in schema.get("properties", {}).items():
            if name not in value and "default" in sub:
                value[name] = copy.deepcopy(sub["default"])
            if name in value:
                _fill_defaults(value[name], sub)
    elif isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for item in value:
            _fill_defaults(item, schema["items"])


def _check_horizon(data: dict[str, Any]) -> None:
    horizon = data.get("horizon")
    if horizon is None:
        return
    dates = {}
    for part in ("start", "end"):
        try:
            dates[part] = dt.date.fromisoformat(horizon[part])
        except ValueError:
            raise ScenarioError(
                f"horizon.{part}: {horizon[part]!r} is not a calendar date",
                key=f"horizon.{part}",
                value=horizon[part],
            ) from None
    if dates["end"] < dates["start"]:
        raise ScenarioError(
            f"horizon.end: {horizon['end']} is before horizon.start {horizon['start']}",
            key="horizon.end",
            value=horizon["end"],
        )
    if (dates["end"] - dates["start"]).days >= MAX_HORIZON_DAYS:
        raise ScenarioError(
            f"horizon.end: {horizon['end']} makes a horizon over {MAX_HORIZON_DAYS} days",
            key="horizon.end",
            value=horizon["end"],
        )


def _check_distributions(data: dict[str, Any]) -> None:
    """Parse every distribution now, so a bad one is reported before compiling."""
    from simulations.distributions import DistSpec  # noqa: PLC0415 - kernel side, heavy

    for step, mapping in (data.get("durations") or {}).items():
        DistSpec.from_mapping(mapping, key=f"durations.{step}")
    for index, station in enumerate(data.get("stations") or []):
        DistSpec.from_mapping(station["service"], key=f"stations.{index}.service")
