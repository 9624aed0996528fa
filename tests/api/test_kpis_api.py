"""``/kpis``, ``/eventlog`` and ``/jobs/{id}``: answers, arguments and who may ask."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from api.auth.loading import EXTENSION_KEY, AuthState
from api.jobs import jobs
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.services import AccountService
from engine.dossiers.clock import SystemClock
from engine.dossiers.eventlog import CSV_COLUMNS, XES_NS

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
ROLES = ("analyst", "leader", "admin", "specialist", "planner")


def job_answer(value: int) -> dict[str, int]:
    """A job for the status test (resolved by its dotted path)."""
    return {"answer": value}


@pytest.fixture
def tokens(app: Flask, session: Session) -> dict[str, str]:
    state: AuthState = app.extensions[EXTENSION_KEY]
    state.hasher = FAST
    service = AccountService(session, clock=SystemClock(), hasher=FAST)
    headers = {}
    for role in ROLES:
        user = service.create_user(f"k_{role}", roles=[role], units=["000.00.10.H36"])
        headers[role] = f"Bearer {service.issue_token(user, 'test')[0]}"
    session.commit()
    return headers


def _as(client: FlaskClient, token: str, url: str) -> TestResponse:
    return client.get(url, headers={"Authorization": token})


def _problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    return body


@pytest.mark.parametrize(("role", "status"), [
    ("analyst", 200), ("leader", 200), ("admin", 200), ("specialist", 403), ("planner", 403)])
def test_kpis_by_role(client: FlaskClient, tokens: dict[str, str], role: str,
                      status: int) -> None:
    response = _as(client, tokens[role], "/api/v1/kpis?from=2025-07-01&to=2025-07-31")
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 200:
        body = response.get_json()
        assert (body["from"], body["to"], body["by"]) == ("2025-07-01", "2025-07-31", "total")
        assert [row["key"] for row in body["rows"]] == ["total"]
        assert body["rows"][0]["received"] == 0
        assert body["rows"][0]["on_time_rate"] is None


def test_kpi_arguments_are_validated(client: FlaskClient, tokens: dict[str, str]) -> None:
    _problem(client.get("/api/v1/kpis"), 401)
    by_centre = _as(client, tokens["analyst"], "/api/v1/kpis?from=2025-07-01&to=2025-07-31"
                                               "&by=centre")
    assert by_centre.status_code == 200
    assert by_centre.get_json()["rows"] == []
    wrong = _problem(_as(client, tokens["analyst"], "/api/v1/kpis?by=colour"), 422)
    assert "by" in wrong["errors"]
    backwards = _problem(_as(client, tokens["analyst"],
                             "/api/v1/kpis?from=2025-07-31&to=2025-07-01"), 422)
    assert "to" in backwards["errors"]
    unknown = _problem(_as(client, tokens["analyst"], "/api/v1/kpis?centre=X"), 422)
    assert "centre" in unknown["errors"]


@pytest.mark.parametrize(("role", "status"), [
    ("analyst", 200), ("admin", 200), ("specialist", 403), ("leader", 403)])
def test_eventlog_by_role(client: FlaskClient, tokens: dict[str, str], role: str,
                          status: int) -> None:
    response = _as(client, tokens[role], "/api/v1/eventlog?from=2025-07-01&to=2025-07-31")
    assert response.status_code == status, response.get_data(as_text=True)
    if status == 200:
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        assert response.get_data(as_text=True).splitlines() == [",".join(CSV_COLUMNS)]
    else:
        assert "analyst" in _problem(response, 403)["detail"]


def test_eventlog_xes_and_arguments(client: FlaskClient, tokens: dict[str, str]) -> None:
    _problem(client.get("/api/v1/eventlog"), 401)
    response = _as(client, tokens["analyst"], "/api/v1/eventlog?format=xes&centre=H36")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('motcua-events.xes"')
    root = etree.fromstring(response.get_data())
    assert root.tag == f"{{{XES_NS}}}log"
    assert "format" in _problem(_as(client, tokens["analyst"], "/api/v1/eventlog?format=pdf"),
                                422)["errors"]


def test_job_status(app: Flask, client: FlaskClient, tokens: dict[str, str]) -> None:
    missing = _problem(_as(client, tokens["specialist"], "/api/v1/jobs/no-such-job"), 404)
    assert "no-such-job" in missing["detail"]
    _problem(client.get("/api/v1/jobs/no-such-job"), 401)
    handle = jobs(app).enqueue(f"{__name__}.job_answer", 42)
    done = _as(client, tokens["specialist"], f"/api/v1/jobs/{handle.id}")
    assert done.status_code == 200, done.get_data(as_text=True)
    body = done.get_json()
    assert body["status"] == "finished"
    assert body["result"] == {"answer": 42}
    assert body["error"] is None
