"""``/simulations``: the documents validate now; every endpoint answers 501 until the
simulator exists."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import ValidationError
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from api.auth.loading import EXTENSION_KEY, AuthState
from api.simulations.schemas import SimulationCreateSchema
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.services import AccountService
from engine.dossiers.clock import SystemClock

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
URL = "/api/v1/simulations"
VALID: dict[str, Any] = {
    "name": "Cắt giảm 30% thời gian, mở thứ Bảy",
    "replications": 20,
    "seed": 20250701,
    "scenario": {
        "format": 1,
        "horizon": {"start": "2025-07-01", "end": "2025-09-30", "warmup_days": 7},
        "centres": ["H36.PVHCC", "H36.X001"],
        "demand": {"scale": 1.1, "online_share": 0.8},
        "levers": {
            "staffing": [{"centre": "H36.X001", "pool": "counter", "staff": 5}],
            "time_cut": {"percent": 30, "fields": ["dat_dai"]},
            "appointment_free": {"procedures": ["1.001193"]},
            "saturday_service": {"centres": [], "hours": "morning"},
            "submit_anywhere": {"enabled": True},
        },
    },
}


@pytest.fixture
def tokens(app: Flask, session: Session) -> dict[str, str]:
    state: AuthState = app.extensions[EXTENSION_KEY]
    state.hasher = FAST
    service = AccountService(session, clock=SystemClock(), hasher=FAST)
    headers = {}
    for role in ("analyst", "specialist"):
        user = service.create_user(f"s_{role}", roles=[role], units=["000.00.10.H36"])
        headers[role] = f"Bearer {service.issue_token(user, 'test')[0]}"
    session.commit()
    return headers


def _problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    return body


def _with(path: str, value: Any) -> dict[str, Any]:
    """VALID with the dotted ``path`` set to ``value``."""
    body = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = body
    for key in parents:
        target = target[key]
    target[last] = value
    return body


def test_valid_scenario_is_not_built_yet(client: FlaskClient, tokens: dict[str, str]) -> None:
    response = client.post(URL, json=VALID, headers={"Authorization": tokens["analyst"]})
    body = _problem(response, 501)
    assert "not built yet" in body["detail"]
    for path in ("/sim-1", "/sim-1/results", "/sim-1/compare/sim-0"):
        _problem(client.get(URL + path, headers={"Authorization": tokens["analyst"]}), 501)


def test_only_analysts_and_admins(client: FlaskClient, tokens: dict[str, str]) -> None:
    _problem(client.post(URL, json=VALID), 401)
    denied = _problem(client.post(URL, json=VALID,
                                  headers={"Authorization": tokens["specialist"]}), 403)
    assert "analyst" in denied["detail"]


@pytest.mark.parametrize(("path", "value", "field"), [
    ("replications", 0, "replications"),
    ("name", "", "name"),
    ("colour", "blue", "colour"),
    ("scenario.horizon.end", "2025-06-01", "scenario"),
    ("scenario.levers.time_cut.percent", 95, "scenario"),
    ("scenario.levers.staffing", [{"centre": "A", "pool": "pool", "staff": 1}], "scenario"),
    ("scenario.levers.teleport", True, "scenario"),
    ("scenario.format", 2, "scenario"),
])
def test_invalid_scenarios_name_the_field(client: FlaskClient, tokens: dict[str, str],
                                          path: str, value: Any, field: str) -> None:
    body = _problem(client.post(URL, json=_with(path, value),
                                headers={"Authorization": tokens["analyst"]}), 422)
    assert field in body["errors"]
    assert path.rsplit(".", maxsplit=1)[-1] in str(body["errors"])


def test_schema_loads_defaults_and_refuses_duplicates() -> None:
    loaded = SimulationCreateSchema().load({"name": "baseline", "scenario": {
        "horizon": {"start": "2025-07-01", "end": "2025-07-31"}}})
    assert loaded["replications"] == 10
    assert loaded["seed"] is None
    assert loaded["scenario"]["levers"]["staffing"] == []
    assert loaded["scenario"]["demand"]["scale"] == 1.0
    twice = [{"centre": "A", "pool": "counter", "staff": 1}] * 2
    with pytest.raises(ValidationError, match="listed twice"):
        SimulationCreateSchema().load(_with("scenario.levers.staffing", twice))
