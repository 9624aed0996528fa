"""Editing diagrams over the API: draft saves with ETag/If-Match, lint, publish, diff."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from api.auth.loading import EXTENSION_KEY, AuthState
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.services import AccountService
from engine.catalog.diff import diff_diagrams
from engine.catalog.services import CatalogService
from engine.dossiers.clock import SystemClock

CODE = "1.000001"
BASE = f"/api/v1/procedures/{CODE}/versions"
FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
BROKEN_GATEWAY = b'<bpmn:complexGateway id="Gateway_odd"'


@pytest.fixture
def tokens(app: Flask, session: Session) -> dict[str, str]:
    """A bearer token header per role name (planner, specialist, analyst)."""
    state: AuthState = app.extensions[EXTENSION_KEY]
    state.hasher = FAST
    service = AccountService(session, clock=SystemClock(), hasher=FAST)
    headers = {}
    for role in ("planner", "specialist", "analyst"):
        user = service.create_user(f"u_{role}", roles=[role], units=["000.00.10.H36"])
        plaintext, _ = service.issue_token(user, "test")
        headers[role] = f"Bearer {plaintext}"
    session.commit()
    return headers


@pytest.fixture
def published_xml(session: Session, make_procedure: Any) -> bytes:
    """Procedure CODE with a generated (lint-clean) published version 1."""
    service = CatalogService(session)
    service.build([make_procedure(CODE)])
    session.commit()
    return service.version(CODE, 1).bpmn_xml.encode("utf-8")


def _put(client: FlaskClient, xml: bytes, token: str, **headers: str) -> TestResponse:
    return client.put(f"{BASE}/draft", data=xml, content_type="application/xml",
                      headers={"Authorization": token, **headers})


def _problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    return body


def _edit(xml: bytes) -> bytes:
    """A real change: a budget of 0.5 on the reception task and a renamed appraisal."""
    return (xml.replace(b'name="motcua.budget" value="1"', b'name="motcua.budget" value="0.5"', 1)
            .replace('name="Thẩm định hồ sơ"'.encode(), 'name="Thẩm định"'.encode(), 1))


def _broken(xml: bytes) -> bytes:
    """The exclusive gateway turned into a complex gateway, which the engine rejects."""
    return xml.replace(b"<bpmn:exclusiveGateway id=\"Gateway_valid\"", BROKEN_GATEWAY.replace(
        b"Gateway_odd", b"Gateway_valid"), 1).replace(
        b"</bpmn:exclusiveGateway>", b"</bpmn:complexGateway>", 1)


def test_draft_lifecycle_with_etags(client: FlaskClient, tokens: dict[str, str],
                                    published_xml: bytes) -> None:
    first = _put(client, _edit(published_xml), tokens["planner"])
    assert first.status_code == 201, first.get_data(as_text=True)
    body = first.get_json()
    assert body["created"] is True
    assert body["version"]["number"] == 2
    assert body["version"]["status"] == "draft"
    assert body["publishable"] is True
    etag = first.headers["ETag"].strip('"')
    assert etag == body["content_hash"]
    assert first.headers["Location"].endswith(f"{BASE}/2")

    # A draft exists: If-Match is required (428), and must be its ETag (412).
    missing = _problem(_put(client, published_xml, tokens["planner"]), 428)
    assert etag in missing["detail"]
    _problem(_put(client, published_xml, tokens["planner"], **{"If-Match": '"stale"'}), 412)

    same = _put(client, _edit(published_xml), tokens["planner"], **{"If-Match": f'"{etag}"'})
    assert same.status_code == 200
    assert same.get_json()["created"] is False

    again = _put(client, published_xml, tokens["planner"], **{"If-Match": f'"{etag}"'})
    assert again.status_code == 201
    assert again.get_json()["version"]["number"] == 3
    current = client.get(f"{BASE}/draft")
    assert current.status_code == 200
    assert current.data == published_xml
    assert current.headers["ETag"].strip('"') == again.get_json()["content_hash"]


def test_draft_needs_planner_and_a_sane_body(app: Flask, client: FlaskClient,
                                             tokens: dict[str, str],
                                             published_xml: bytes) -> None:
    _problem(client.put(f"{BASE}/draft", data=published_xml, content_type="application/xml"),
             401)
    denied = _problem(_put(client, published_xml, tokens["specialist"]), 403)
    assert "planner" in denied["detail"]
    _problem(client.put(f"{BASE}/draft", data=b"{}", content_type="application/json",
                        headers={"Authorization": tokens["planner"]}), 415)
    app.config["BPMN_MAX_BYTES"] = 1000
    too_big = _problem(_put(client, published_xml, tokens["planner"]), 413)
    assert "1,000 bytes" in too_big["detail"]
    app.config["BPMN_MAX_BYTES"] = None
    bad = _problem(_put(client, b"<bpmn:definitions", tokens["planner"]), 422)
    assert "well-formed" in bad["detail"]
    entity = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>'
    _problem(_put(client, entity, tokens["planner"]), 422)
    _problem(client.put("/api/v1/procedures/9.999999/versions/draft", data=published_xml,
                        content_type="application/xml",
                        headers={"Authorization": tokens["planner"]}), 404)


def test_broken_draft_is_saved_but_cannot_be_published(client: FlaskClient,
                                                       tokens: dict[str, str],
                                                       published_xml: bytes) -> None:
    saved = _put(client, _broken(published_xml), tokens["planner"])
    assert saved.status_code == 201, saved.get_data(as_text=True)
    assert saved.get_json()["publishable"] is False

    lint = client.get(f"{BASE}/2/lint")
    assert lint.status_code == 200
    report = lint.get_json()
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert report["errors"] == len(errors) > 0
    assert "Gateway_valid" in {f["element_id"] for f in errors}

    refused = _problem(client.post(f"{BASE}/2/publish",
                                   headers={"Authorization": tokens["planner"]}), 422)
    assert "Gateway_valid" in refused["errors"]
    assert refused["findings"]
    assert client.get(f"{BASE}/1").get_json()["status"] == "published"


def test_clean_draft_publishes_and_retires_the_previous(client: FlaskClient,
                                                        tokens: dict[str, str],
                                                        published_xml: bytes) -> None:
    assert _put(client, _edit(published_xml), tokens["planner"]).status_code == 201
    _problem(client.post(f"{BASE}/2/publish", headers={"Authorization": tokens["analyst"]}),
             403)
    _problem(client.post(f"{BASE}/2/publish", headers={"Authorization": tokens["planner"],
                                                       "If-Match": '"nope"'}), 412)
    published = client.post(f"{BASE}/2/publish", headers={"Authorization": tokens["planner"]})
    assert published.status_code == 200, published.get_data(as_text=True)
    assert published.get_json()["status"] == "published"
    assert client.get(f"{BASE}/1").get_json()["status"] == "retired"
    _problem(client.post(f"{BASE}/1/publish", headers={"Authorization": tokens["planner"]}),
             409)
    # No draft any more: a save needs no If-Match, but a stale one is still refused.
    _problem(_put(client, published_xml, tokens["planner"], **{"If-Match": '"old"'}), 412)
    assert _put(client, published_xml, tokens["planner"]).status_code == 201


def test_diff_summarises_a_real_change(client: FlaskClient, tokens: dict[str, str],
                                       published_xml: bytes) -> None:
    assert _put(client, _edit(published_xml), tokens["planner"]).status_code == 201
    response = client.get(f"{BASE}/1/diff/2")
    assert response.status_code == 200, response.get_data(as_text=True)
    diff = response.get_json()
    assert diff["changed"] is True
    assert diff["elements"]["renamed"] == [
        {"id": "Task_appraise", "type": "userTask", "old": "Thẩm định hồ sơ", "new": "Thẩm định"}
    ]
    assert diff["properties"] == [
        {"element_id": "Task_receive", "name": "motcua.budget", "old": "1", "new": "0.5"}
    ]
    assert diff["counts"] == {"elements.renamed": 1, "properties": 1}
    assert client.get(f"{BASE}/1/diff/1").get_json()["changed"] is False
    _problem(client.get(f"{BASE}/1/diff/7"), 404)


def test_diff_reports_flows_timers_and_lanes(published_xml: bytes) -> None:
    text = published_xml.decode()
    changed = (text.replace('targetRef="Task_approve"', 'targetRef="Task_return"', 1)
               .replace("<bpmn:flowNodeRef>Task_approve</bpmn:flowNodeRef>", "", 1)
               .replace("<bpmn:flowNodeRef>Task_appraise</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>Task_appraise</bpmn:flowNodeRef>"
                        "<bpmn:flowNodeRef>Task_approve</bpmn:flowNodeRef>", 1)
               .replace('name="Lãnh đạo"', 'name="Lãnh đạo phòng"', 1))
    diff = diff_diagrams(published_xml, changed.encode())
    assert [row["id"] for row in diff.flows["rewired"]]
    assert diff.lanes["renamed"][0]["new"] == "Lãnh đạo phòng"
    assert {"element_id": "Task_approve", "old_lane": "Lane_leader",
            "new_lane": "Lane_specialist"} in diff.lanes["moved"]


def test_diff_reports_timers_and_conditions(published_xml: bytes) -> None:
    changed = (published_xml.replace(b'"PT6H"', b'"PT3H"', 1)
               .replace(b'reception_outcome == "refuse"', b'reception_outcome != "accept"', 1))
    diff = diff_diagrams(published_xml, changed)
    assert diff.timers == [{"element_id": "Boundary_timer_appraise", "kind": "timeDuration",
                            "old": '"PT6H"', "new": '"PT3H"'}]
    (condition,) = diff.flows["conditions"]
    assert condition["old"] == 'reception_outcome == "refuse"'
    assert condition["new"] == 'reception_outcome != "accept"'
