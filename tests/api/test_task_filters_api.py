"""``/api/v1/task-filters``: saved inbox filters over HTTP: the lifecycle, sharing with a
queue, denials and validation as problems, and running a filter as ``GET /tasks`` would
(both backends, real users and tokens)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.tasks.schemas import InboxArgsSchema
from api.tasks.services import InboxView
from engine.inbox.services import INBOX_VIEWS, QUERY_KEYS
from tests.api.test_dossiers_api import AGENCY, CENTRE, CODE, World, make_world, ok, problem

URL = "/api/v1/task-filters"
SHARED = f"{AGENCY}:specialist"


@pytest.fixture
def world(app: Flask, client: FlaskClient, session: Session) -> World:
    return make_world(app, client, session)


def save(world: World, user: str, name: str, query: dict[str, Any] | None = None,
         group: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "query": query or {}, "shared_with_group": group}
    saved: dict[str, Any] = ok(world.call("POST", URL, user, body), 201)
    return saved


def names(world: World, user: str) -> list[str]:
    return [row["name"] for row in ok(world.call("GET", URL, user))]


def ids(rows: list[dict[str, Any]]) -> list[int]:
    return [row["id"] for row in rows]


def test_the_engine_knows_the_inbox_filters() -> None:
    """The saved queries are checked against the very arguments GET /tasks takes."""
    assert set(QUERY_KEYS) == set(InboxArgsSchema().fields)
    assert tuple(view.value for view in InboxView) == INBOX_VIEWS


def test_save_read_replace_and_delete_a_filter(world: World) -> None:
    saved = save(world, "thu", "Hồ sơ của tôi", {"view": "mine", "procedure": CODE})
    assert saved["query"] == {"format": 1, "view": "mine", "procedure": CODE}
    assert (saved["owner"], saved["shared_with_group"], saved["editable"]) == (
        "thu", None, True)
    url = f"{URL}/{saved['id']}"
    assert ok(world.call("GET", url, "thu")) == saved
    assert names(world, "thu") == ["Hồ sơ của tôi"]
    replaced = ok(world.call("PUT", url, "thu", {"name": "Chưa nhận",
                                                 "query": {"format": 1,
                                                           "view": "unassigned"}}))
    assert (replaced["name"], replaced["query"]) == ("Chưa nhận",
                                                     {"format": 1, "view": "unassigned"})
    assert replaced["created_at"] == saved["created_at"]
    response = world.call("DELETE", url, "thu")
    assert response.status_code == 204
    problem(world.call("GET", url, "thu"), 404)
    assert names(world, "thu") == []


def test_a_shared_filter_is_read_only_for_the_queue(world: World) -> None:
    saved = save(world, "lan", "Sắp đến hạn", {"view": "due_soon"}, SHARED)
    url = f"{URL}/{saved['id']}"
    rows = ok(world.call("GET", URL, "long"))  # another specialist of the agency
    assert ids(rows) == [saved["id"]]
    assert rows[0]["editable"] is False
    assert ok(world.call("GET", url, "long"))["owner"] == "lan"
    denied = problem(world.call("PUT", url, "long", {"name": "Của long"}), 403)
    assert denied["type"] == "urn:motcua:problem:access-denied"
    assert "read-only" in denied["detail"]
    problem(world.call("DELETE", url, "long"), 403)
    # minh leads the agency but does not work the specialists' queue
    for outsider in ("minh", "hoa", "thu", "binh", "quan"):
        assert ok(world.call("GET", URL, outsider)) == []
        missing = problem(world.call("GET", url, outsider), 404)
        assert str(saved["id"]) in missing["detail"]
        problem(world.call("PUT", url, outsider, {"name": "x"}), 404)
        problem(world.call("DELETE", url, outsider), 404)
        problem(world.call("GET", f"{url}/tasks", outsider), 404)
    assert ok(world.call("GET", url, "lan"))["name"] == "Sắp đến hạn"


@pytest.mark.parametrize(("user", "group", "unit"), [
    ("lan", "000.00.34.H36:specialist", "000.00.34.H36"),  # not a member of that agency
    ("lan", f"{AGENCY}:leader", AGENCY),  # a member without the role
    ("binh", f"{CENTRE}:receiver", CENTRE),  # a planner works no queue
])
def test_sharing_with_a_queue_you_do_not_work_is_a_403(world: World, user: str, group: str,
                                                       unit: str) -> None:
    body = {"name": "Chung", "query": {}, "shared_with_group": group}
    denied = problem(world.call("POST", URL, user, body), 403)
    assert denied["unit"] == unit
    assert "does not work that queue" in denied["detail"]
    assert names(world, user) == []
    mine = save(world, user, "Riêng")
    problem(world.call("PUT", f"{URL}/{mine['id']}", user, body), 403)
    assert ok(world.call("GET", f"{URL}/{mine['id']}", user))["shared_with_group"] is None


@pytest.mark.parametrize(("body", "fields"), [
    ({"name": "x", "query": {"views": "mine"}}, {"query.views"}),
    ({"name": "x", "query": {"view": "someday", "status": "done"}},
     {"query.view", "query.status"}),
    ({"name": "x", "query": {"due_before": "2026-03-04T17:00:00"}}, {"query.due_before"}),
    ({"name": "x", "query": {"format": 2}}, {"query.format"}),
    ({"name": "x", "shared_with_group": "nounit"}, {"shared_with_group"}),
])
def test_a_query_that_is_not_an_inbox_query_is_a_422(world: World, body: dict[str, Any],
                                                     fields: set[str]) -> None:
    invalid = problem(world.call("POST", URL, "thu", body), 422)
    assert invalid["type"] == "urn:motcua:problem:filter-validation"
    assert set(invalid["errors"]) == fields
    assert names(world, "thu") == []


@pytest.mark.parametrize(("body", "fields"), [
    ({"query": {}}, {"name"}),
    ({"name": "", "colour": "red"}, {"name", "colour"}),
    ({"name": "x", "query": "view=mine"}, {"query"}),
])
def test_a_malformed_body_is_a_422(world: World, body: dict[str, Any],
                                   fields: set[str]) -> None:
    invalid = problem(world.call("POST", URL, "thu", body), 422)
    assert set(invalid["errors"]) == fields


def test_a_name_is_used_once_per_owner(world: World) -> None:
    save(world, "lan", "Của tôi", {"view": "mine"})
    save(world, "long", "Của tôi", {"view": "mine"})
    taken = problem(world.call("POST", URL, "lan", {"name": "Của tôi"}), 409)
    assert taken["type"] == "urn:motcua:problem:filter-conflict"
    assert "Của tôi" in taken["detail"]
    other = save(world, "lan", "Khác")
    problem(world.call("PUT", f"{URL}/{other['id']}", "lan", {"name": "Của tôi"}), 409)
    assert names(world, "lan") == ["Của tôi", "Khác"]


@pytest.mark.parametrize("filter_id", [0, 999_999, 2**31, 10**30])
def test_unknown_ids_are_404_problems(world: World, filter_id: int) -> None:
    for method, suffix in (("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/tasks")):
        body = {"name": "x"} if method == "PUT" else None
        missing = problem(world.call(method, f"{URL}/{filter_id}{suffix}", "thu", body), 404)
        if 0 < filter_id < 2**31:  # beyond: the URL itself is refused, also a 404
            assert str(filter_id) in missing["detail"]


def test_credentials_are_required(world: World) -> None:
    problem(world.call("GET", URL, None), 401)
    problem(world.call("POST", URL, None, {"name": "x"}), 401)
    problem(world.call("GET", f"{URL}/1/tasks", None), 401)


@pytest.mark.parametrize("query", [
    {}, {"view": "mine"}, {"view": "unassigned"}, {"status": "completed"},
    {"procedure": CODE, "centre": CENTRE}, {"procedure": "1.000001"},
])
def test_running_a_filter_lists_what_get_tasks_lists(world: World,
                                                     query: dict[str, str]) -> None:
    codes = [world.receive()["code"] for _ in range(3)]
    first = world.open_task(codes[0])["id"]
    ok(world.call("POST", f"/api/v1/tasks/{first}/claim", "thu"))
    world.complete(codes[1], "thu", {"reception_outcome": "accept"})
    saved = save(world, "thu", "Bộ lọc", query)
    expected = world.call("GET", "/api/v1/tasks", "thu", **query)
    response = world.call("GET", f"{URL}/{saved['id']}/tasks", "thu")
    assert ok(response) == ok(expected)
    assert json.loads(response.headers["X-Pagination"]) == json.loads(
        expected.headers["X-Pagination"])


def test_a_shared_filter_shows_each_officer_their_own_inbox(world: World) -> None:
    for _ in range(3):
        world.appraising()
    tasks = ok(world.call("GET", "/api/v1/tasks", "lan"))
    ok(world.call("POST", f"/api/v1/tasks/{tasks[0]['id']}/claim", "lan"))
    ok(world.call("POST", f"/api/v1/tasks/{tasks[1]['id']}/claim", "long"))
    saved = save(world, "lan", "Việc của tôi", {"view": "mine"}, SHARED)
    url = f"{URL}/{saved['id']}/tasks"
    assert ids(ok(world.call("GET", url, "lan"))) == [tasks[0]["id"]]
    assert ids(ok(world.call("GET", url, "long"))) == [tasks[1]["id"]]
    page = world.call("GET", f"{URL}/{save(world, 'lan', 'Tất cả')['id']}/tasks", "lan",
                      page_size=2)
    assert len(ok(page)) == 2
    assert json.loads(page.headers["X-Pagination"])["total"] == 3


def test_the_endpoints_are_documented(world: World) -> None:
    paths = ok(world.call("GET", "/api/v1/openapi.json", None))["paths"]
    assert {"/api/v1/task-filters", "/api/v1/task-filters/{filter_id}",
            "/api/v1/task-filters/{filter_id}/tasks"} <= set(paths)
    assert set(paths["/api/v1/task-filters/{filter_id}"]) >= {"get", "put", "delete"}
