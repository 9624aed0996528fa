"""The scenario document: validation, defaults, and errors that name the key and value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulations.errors import ScenarioError
from simulations.scenario import load_scenario, parse_scenario, shipped_scenarios

HORIZON = {"start": "2026-01-01", "end": "2026-03-31"}


def province(**extra: Any) -> dict[str, Any]:
    return {"format": 1, "horizon": dict(HORIZON), **extra}


def test_defaults_are_filled() -> None:
    scenario = parse_scenario(province(), source=None)
    doc = scenario.document
    assert scenario.kind == "province"
    assert doc["demand"]["scale"] == 1.0
    assert doc["demand"]["daily_per_commune"] == 29
    assert doc["demand"]["seasonal_peaks"] is True
    assert doc["levers"]["staffing"] == []
    assert doc["horizon"]["warmup_days"] == 7
    assert doc["centres"] == []
    assert "time_cut" not in doc["levers"]


def test_the_input_is_not_modified() -> None:
    document = province()
    parse_scenario(document)
    assert "demand" not in document


def test_yaml_dates_become_iso_strings() -> None:
    scenario = load_scenario("format: 1\nhorizon: {start: 2026-01-01, end: 2026-02-01}\n")
    assert scenario.document["horizon"] == {
        "start": "2026-01-01",
        "end": "2026-02-01",
        "warmup_days": 7,
    }
    json.dumps(scenario.document)  # JSON-ready


VALID_LEVERS = [
    {"staffing": [{"centre": "000.00.00.H36", "pool": "counter", "staff": 25}]},
    {"staffing": [{"centre": "*", "pool": "desk", "staff": 2}]},
    {
        "staffing": [
            {"centres": ["000.00.00.H36"], "pool": "partner", "staff": 3, "shift": "saturday"}
        ]
    },
    {"time_cut": {"percent": 30, "fields": ["dat_dai"]}},
    {"time_cut": {"percent": 10, "tasks": ["appraise"], "deadlines": False}},
    {"appointment_free": {"count": 120}},
    {"appointment_free": {"procedures": ["1.000001"], "fields": ["ho_tich"]}},
    {"saturday_service": {"centres": [], "hours": "full"}},
    {"submit_anywhere": {"enabled": True, "max_distance_km": 20}},
    {"flexible_staffing": {"threshold": 5, "limit": 3}},
]


@pytest.mark.parametrize("levers", VALID_LEVERS)
def test_every_lever_is_accepted(levers: dict[str, Any]) -> None:
    doc = parse_scenario(province(levers=levers)).document
    name = next(iter(levers))
    assert name in doc["levers"]


def test_lever_defaults() -> None:
    levers = parse_scenario(
        province(
            levers={
                "time_cut": {"percent": 30},
                "saturday_service": {},
                "flexible_staffing": {},
                "staffing": [{"centre": "*", "pool": "leader", "staff": 2}],
            }
        )
    ).document["levers"]
    assert levers["time_cut"]["deadlines"] is True
    assert levers["time_cut"]["tasks"] == []
    assert levers["saturday_service"]["hours"] == "morning"
    assert levers["flexible_staffing"] == {"threshold": 8, "limit": 2, "centres": []}
    assert levers["staffing"][0]["shift"] == "weekday"


INVALID_LEVERS = [
    ({"staffing": [{"centre": "*", "pool": "clerk", "staff": 1}]}, "levers.staffing.0.pool"),
    ({"staffing": [{"centre": "*", "pool": "counter", "staff": -1}]}, "levers.staffing.0.staff"),
    (
        {"staffing": [{"centre": "*", "centres": ["x"], "pool": "counter", "staff": 1}]},
        "levers.staffing.0",
    ),
    (
        {"staffing": [{"centre": "*", "pool": "desk", "staff": 1, "shift": "night"}]},
        "levers.staffing.0.shift",
    ),
    ({"time_cut": {"percent": 95}}, "levers.time_cut.percent"),
    ({"time_cut": {"percent": 0}}, "levers.time_cut.percent"),
    ({"time_cut": {"percent": 20, "tasks": ["lunch"]}}, "levers.time_cut.tasks.0"),
    ({"time_cut": {"fields": ["dat_dai"]}}, "levers.time_cut"),
    ({"appointment_free": {"count": 0}}, "levers.appointment_free.count"),
    ({"saturday_service": {"hours": "evening"}}, "levers.saturday_service.hours"),
    ({"submit_anywhere": {"max_distance_km": 10}}, "levers.submit_anywhere"),
    (
        {"submit_anywhere": {"enabled": True, "max_distance_km": 0.5}},
        "levers.submit_anywhere.max_distance_km",
    ),
    ({"flexible_staffing": {"threshold": "8"}}, "levers.flexible_staffing.threshold"),
    ({"flexible_staffing": {"limit": 0}}, "levers.flexible_staffing.limit"),
]


@pytest.mark.parametrize(("levers", "key"), INVALID_LEVERS)
def test_invalid_levers_name_their_key(levers: dict[str, Any], key: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(province(levers=levers))
    assert caught.value.key == key
    assert key in str(caught.value)


@pytest.mark.parametrize(
    ("document", "key"),
    [
        (province(levers={"saturday_service": {"hourz": "full"}}), "levers.saturday_service.hourz"),
        (province(demand={"scael": 2}), "demand.scael"),
        (province(colour="red"), "colour"),
    ],
)
def test_unknown_keys_are_refused_with_their_path(document: dict[str, Any], key: str) -> None:
    with pytest.raises(ScenarioError, match="unknown key") as caught:
        parse_scenario(document)
    assert caught.value.key == key
    assert repr(key) in str(caught.value)


def test_wrong_type_names_key_and_value() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(province(demand={"scale": "big"}))
    assert caught.value.key == "demand.scale"
    assert caught.value.value == "big"
    assert "demand.scale" in str(caught.value)
    assert '"big"' in str(caught.value)


def test_yaml_syntax_error_gives_the_line() -> None:
    text = "format: 1\nhorizon:\n  start: 2026-01-01\n end: [2026\n"
    with pytest.raises(ScenarioError, match=r"line \d") as caught:
        load_scenario(text)
    assert isinstance(caught.value.value, int)
    assert 3 <= caught.value.value <= 5


def test_not_a_mapping() -> None:
    with pytest.raises(ScenarioError, match="mapping"):
        load_scenario("- just\n- a list\n")


@pytest.mark.parametrize(
    ("horizon", "key"),
    [
        ({"start": "2026-03-01", "end": "2026-01-01"}, "horizon.end"),
        ({"start": "2026-01-01", "end": "2027-06-01"}, "horizon.end"),
        ({"start": "2026-02-30", "end": "2026-03-01"}, "horizon.start"),
        ({"start": "01/01/2026", "end": "2026-03-01"}, "horizon.start"),
    ],
)
def test_bad_horizons(horizon: dict[str, str], key: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({"horizon": horizon})
    assert caught.value.key == key


def test_province_needs_a_horizon() -> None:
    with pytest.raises(ScenarioError, match="horizon") as caught:
        parse_scenario({"format": 1})
    assert caught.value.key == "horizon"


def test_format_must_be_one() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(province(format=2))
    assert caught.value.key == "format"


def test_bad_duration_is_reported_by_key() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(
            province(durations={"receive": {"dist": "lognormal", "mean": -3, "cv": 0.5}})
        )
    assert str(caught.value.key).startswith("durations.receive")


def test_durations_and_routing_overrides_are_kept() -> None:
    doc = parse_scenario(
        province(
            durations={"appraise": {"dist": "gamma", "mean": 30, "cv": 0.5}},
            routing={"refusal": 0.01, "supplement_fields": {"dat_dai": 0.2}},
            lags={"median_share": 0.3},
        )
    ).document
    assert doc["durations"]["appraise"]["dist"] == "gamma"
    assert doc["routing"]["supplement_fields"] == {"dat_dai": 0.2}


QUEUEING = {
    "kind": "queueing",
    "arrivals": {"rate_per_minute": 0.5},
    "horizon_minutes": 1000,
    "stations": [{"name": "a", "servers": 1, "service": {"dist": "exponential", "mean": 1}}],
    "route": ["a"],
}


def test_queueing_document() -> None:
    scenario = parse_scenario(dict(QUEUEING))
    assert scenario.kind == "queueing"
    assert "levers" not in scenario.document


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"route": ["b"]}, "route.0"),
        ({"levers": {}}, "levers"),
        ({"stations": []}, "stations"),
        ({"arrivals": {"rate_per_minute": 0}}, "arrivals.rate_per_minute"),
    ],
)
def test_queueing_errors(change: dict[str, Any], key: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({**QUEUEING, **change})
    assert caught.value.key == key


def test_queueing_needs_a_horizon() -> None:
    document = {k: v for k, v in QUEUEING.items() if k != "horizon_minutes"}
    with pytest.raises(ScenarioError, match="horizon_minutes"):
        parse_scenario(document)


def test_prosimos_document_is_stored() -> None:
    scenario = parse_scenario(
        {"kind": "prosimos", "model": {"bpmn": "m.bpmn", "parameters": "p.json"}},
        source="/tmp/x/s.yaml",
    )
    assert scenario.document["model"] == {"bpmn": "m.bpmn", "parameters": "p.json"}
    assert scenario.source == "/tmp/x/s.yaml"
    assert scenario.name == "s"


def test_load_from_a_file_takes_its_name(tmp_path: Path) -> None:
    path = tmp_path / "my_run.json"
    path.write_text(json.dumps(province()), encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.name == "my_run"
    assert scenario.source == str(path)


def test_missing_file() -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(Path("/nonexistent/scenario.yaml"))


def test_api_documents_are_accepted() -> None:
    """A document shaped by the API's marshmallow schema is valid as it stands."""
    document = {
        "format": 1,
        "horizon": {"start": "2026-01-01", "end": "2026-12-31", "warmup_days": 7},
        "centres": [],
        "demand": {"scale": 1.2, "online_share": None, "seasonal_peaks": True},
        "levers": {
            "staffing": [{"centre": "000.00.00.H36", "pool": "specialist", "staff": 40}],
            "time_cut": {"percent": 30.0, "fields": ["dat_dai"], "procedures": []},
            "appointment_free": {"procedures": [], "fields": ["ho_tich"]},
            "saturday_service": {"centres": [], "hours": "morning"},
            "submit_anywhere": {"enabled": True, "max_distance_km": None},
        },
    }
    assert parse_scenario(document).document["demand"]["scale"] == 1.2


def test_shipped_scenarios_are_listed() -> None:
    names = set(shipped_scenarios())
    assert {
        "mm1",
        "mmc",
        "tandem",
        "baseline",
        "cut30",
        "appointment_free",
        "saturday",
        "non_territorial",
        "flexible_staffing",
    } <= names
