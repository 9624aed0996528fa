"""Bad input gets one kind of answer everywhere: an ``application/problem+json`` naming the
problem, never a traceback (both backends).

The matrix: a representative JSON endpoint of each blueprint that takes a body (login,
dossier reception, task completion, simulations) and the diagram upload (XML), against a
malformed body, wrong types, unknown fields, an oversized body and a wrong content type;
then unknown routes, wrong methods and an unexpected exception.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from api.config import DEFAULTS
from api.errors import PROBLEM_MIMETYPE
from api.versions.views import DEFAULT_MAX_BYTES
from tests.api.test_dossiers_api import CODE, World, make_world

#: name → (URL, the user calling it, a body that validates apart from what a test breaks).
ENDPOINTS: dict[str, tuple[str, str | None, dict[str, Any]]] = {
    "login": ("/api/v1/auth/login", None, {"username": "thu", "password": "secret"}),
    "receive": ("/api/v1/dossiers", "thu", {"procedure_code": CODE,
                                            "centre": "000.00.00.H36", "channel": "1",
                                            "applicant_name": "Nguyễn Văn An"}),
    "complete": ("/api/v1/tasks/{task}/complete", "thu",
                 {"data": {"reception_outcome": "accept"}}),
    "simulation": ("/api/v1/simulations", "quan", {"name": "baseline"}),
}
#: A field of each body and a value of the wrong type for it.
WRONG_TYPES = {"login": ("username", 42), "receive": ("applicant_name", ["a", "b"]),
               "complete": ("data", "accept"), "simulation": ("name", {"x": 1})}
DRAFT = f"/api/v1/procedures/{CODE}/versions/draft"


@pytest.fixture
def world(app: Flask, client: FlaskClient, session: Any) -> World:
    return make_world(app, client, session)


def _url(world: World, name: str) -> str:
    url = ENDPOINTS[name][0]
    if "{task}" in url:
        url = url.format(task=world.open_task(world.receive()["code"])["id"])
    return url


def _send(world: World, name: str, **kwargs: Any) -> TestResponse:
    _, user, _ = ENDPOINTS[name]
    headers = kwargs.pop("headers", {})
    if user is not None:
        headers["Authorization"] = f"Bearer {world.tokens[user]}"
    return world.client.post(_url(world, name), headers=headers, **kwargs)


def problem_of(response: TestResponse, status: int) -> dict[str, Any]:
    text = response.get_data(as_text=True)
    assert response.status_code == status, text
    assert response.mimetype == PROBLEM_MIMETYPE
    assert "Traceback" not in text
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("text", ['{"username": ', "{'a': 1}", "nul", "\xff\xfe"])
def test_malformed_json_is_a_400_saying_so(world: World, name: str, text: str) -> None:
    data = text.encode("latin-1")
    body = problem_of(_send(world, name, data=data, content_type="application/json"), 400)
    assert body["type"] == "urn:motcua:problem:invalid-json"
    assert body["detail"].startswith("The request body is not valid JSON")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_wrong_types_are_422_naming_the_field(world: World, name: str) -> None:
    field, value = WRONG_TYPES[name]
    body = problem_of(_send(world, name, json={**ENDPOINTS[name][2], field: value}), 422)
    assert body["type"] == "urn:motcua:problem:validation"
    assert field in body["errors"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_unknown_fields_are_422_naming_the_field(world: World, name: str) -> None:
    body = problem_of(_send(world, name, json={**ENDPOINTS[name][2], "colour": "red"}), 422)
    assert body["errors"]["colour"] == ["Unknown field."]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_a_body_that_is_not_an_object_is_422(world: World, name: str) -> None:
    body = problem_of(_send(world, name, json=[1, 2]), 422)
    assert body["errors"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_oversized_bodies_are_413(world: World, name: str) -> None:
    limit = world.client.application.config["MAX_CONTENT_LENGTH"]
    data = b'{"name": "' + b"x" * limit + b'"}'
    body = problem_of(_send(world, name, data=data, content_type="application/json"), 413)
    assert f"{limit:,} bytes" in body["detail"]


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(("content_type", "data"), [
    ("application/x-www-form-urlencoded", b"username=thu&password=secret"),
    ("text/plain", b'{"username": "thu"}'),
    ("application/xml", b"<login/>"),
    (None, b'{"username": "thu"}'),
])
def test_json_endpoints_refuse_other_content_types_with_415(
        world: World, name: str, content_type: str | None, data: bytes) -> None:
    body = problem_of(_send(world, name, data=data, content_type=content_type), 415)
    assert "application/json" in body["detail"]


def test_json_with_a_charset_or_a_json_suffix_is_accepted(world: World) -> None:
    data = b'{"username": "nobody", "password": "wrong"}'
    for content_type in ("application/json; charset=utf-8", "application/problem+json"):
        # 401: the body was read and the credentials checked.
        problem_of(_send(world, "login", data=data, content_type=content_type), 401)


def test_an_empty_body_is_validated_not_refused(world: World) -> None:
    body = problem_of(_send(world, "receive"), 422)
    assert {"procedure_code", "centre", "channel", "applicant_name"} <= set(body["errors"])


def test_nested_validation_messages_keep_the_shape_of_the_body(world: World) -> None:
    response = _send(world, "simulation", json={"name": "x", "scenario": {"horizon": 1}})
    errors = problem_of(response, 422)["errors"]
    assert isinstance(errors["scenario"]["horizon"], dict | list)


def test_the_diagram_limit_matches_the_request_limit(world: World) -> None:
    """The versions endpoint's own limit and message apply first; both limits agree."""
    assert DEFAULTS["MAX_CONTENT_LENGTH"] == DEFAULT_MAX_BYTES
    headers = {"Authorization": f"Bearer {world.tokens['quan']}"}
    big = b"<x>" + b" " * DEFAULT_MAX_BYTES + b"</x>"
    response = world.client.put(DRAFT, data=big, content_type="application/xml",
                                headers=headers)
    assert "larger than 2,097,152 bytes" in problem_of(response, 413)["detail"]
    wrong = world.client.put(DRAFT, json={"xml": "<x/>"}, headers=headers)
    problem_of(wrong, 415)


@pytest.mark.parametrize("url", [
    "/api/v1/tasks/99999999999999999999999",  # found by the fuzzer: an overflow, then 500
    "/api/v1/procedures/1.000002/versions/2147483648",
    "/api/v1/nothing-here", "/api/v1/dossiers/X/nowhere",
                                 "/api/v1/tasks/not-a-number"])
def test_unknown_routes_are_404_problems(client: FlaskClient, url: str) -> None:
    problem_of(client.get(url), 404)


@pytest.mark.parametrize("url", ["/api/v1/dossiers", "/api/v1/tasks", "/api/v1/procedures"])
def test_a_page_beyond_the_databases_integers_is_422(world: World, url: str) -> None:
    """Found by the fuzzer: the offset of page 2**61 overflowed the driver (500)."""
    headers = {"Authorization": f"Bearer {world.tokens['quan']}"}
    response = world.client.get(url, query_string={"page": 2**61}, headers=headers)
    assert "page" in problem_of(response, 422)["errors"]
    last = world.client.get(url, query_string={"page": 2**31 - 1}, headers=headers)
    assert last.status_code == 200
    assert last.get_json() == []


@pytest.mark.parametrize(("method", "url", "body", "field"), [
    # Found by the fuzzer on PostgreSQL: text cannot hold NUL, the driver raised (500).
    ("GET", "/api/v1/procedures?agency=G%00x", None, "agency"),
    ("GET", "/api/v1/dossiers/HS%00X", None, "code"),
    ("POST", "/api/v1/dossiers", {"procedure_code": CODE, "centre": "000.00.00.H36",
                                  "channel": "1", "applicant_name": "An\u0000"},
     "applicant_name"),
    ("POST", "/api/v1/auth/login", {"username": "thu", "password": "x\u0000"}, "password"),
])
def test_nul_characters_are_422_naming_where(world: World, method: str, url: str,
                                             body: Any, field: str) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['thu']}"}
    response = world.client.open(url, method=method, json=body, headers=headers)
    assert problem_of(response, 422)["errors"] == {field: [
        "NUL characters (\\u0000) are not allowed."]}


@pytest.mark.parametrize(("query", "status"), [
    ({"to": "0137-02-17"}, 422),  # found by the fuzzer: before the default `from`, 500
    ({"from": "9999-12-31"}, 422),  # past the last day an instant can hold
    ({"to": "2026-02-17"}, 200),  # `from` defaults to the first of February
    ({"from": "2026-03-01", "to": "2026-03-31"}, 200),
])
def test_kpi_periods_with_one_end_are_checked_like_two(world: World, query: dict[str, str],
                                                       status: int) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['quan']}"}
    response = world.client.get("/api/v1/kpis", query_string=query, headers=headers)
    if status == 422:
        assert set(problem_of(response, 422)["errors"]) & {"from", "to"}
    else:
        assert response.status_code == 200, response.get_data(as_text=True)


@pytest.mark.parametrize(("method", "url"), [
    ("DELETE", "/api/v1/dossiers"), ("PUT", "/api/v1/auth/login"),
    ("GET", "/api/v1/auth/logout"), ("PATCH", "/api/v1/simulations"),
    ("POST", "/api/v1/procedures"),
])
def test_wrong_methods_are_405_problems_with_allow(client: FlaskClient, method: str,
                                                   url: str) -> None:
    response = client.open(url, method=method)
    problem_of(response, 405)
    assert response.headers["Allow"]


def test_an_unexpected_exception_in_a_json_view_is_a_generic_500(
        app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    def explode() -> str:
        raise KeyError("internal: dossier cache entry 0xdeadbeef")

    app.add_url_rule("/api/v1/test-only/explode", view_func=explode, methods=["POST"])
    response = client.post("/api/v1/test-only/explode", json={"a": 1})
    body = problem_of(response, 500)
    assert "0xdeadbeef" not in response.get_data(as_text=True)
    assert body["detail"] == "An unexpected error occurred; it has been logged."
    assert "0xdeadbeef" in caplog.text
