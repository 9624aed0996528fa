"""``/api/v1/tasks``: the inbox per officer, counts, claim/unclaim/delegate, completing
forms through a whole dossier; denials, stale versions, bad forms (both backends)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype
from engine.accounts.services import AccountService
from engine.catalog.services import CatalogService
from tests.api.test_dossiers_api import (
    AGENCY,
    CENTRE,
    CODE,
    World,
    make_world,
    ok,
    problem,
)
from tests.bpmn.factories import PARTNERS, procedure

ANSWERS: dict[str, dict[str, Any]] = {
    "Task_receive": {"reception_outcome": "accept"},
    "Task_appraise": {"appraisal_opinion": "Hồ sơ đầy đủ"},
    "Task_approve": {"decision": "approve"},
    "Task_return": {"return_channel": "counter"},
}


@pytest.fixture
def world(app: Flask, client: FlaskClient, session: Session) -> World:
    return make_world(app, client, session)


def inbox(world: World, user: str, **query: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = ok(world.call("GET", "/api/v1/tasks", user, **query))
    return rows


def count(world: World, user: str, **query: Any) -> int:
    answer: int = ok(world.call("GET", "/api/v1/tasks/count", user, **query))["count"]
    return answer


def test_a_dossier_goes_through_every_inbox_to_its_return(world: World) -> None:
    code = world.receive()["code"]
    for officer, spec_id, others in (
        ("thu", "Task_receive", ("lan", "minh", "hoa", "tam")),
        ("lan", "Task_appraise", ("thu", "minh", "hoa")),
        ("minh", "Task_approve", ("thu", "lan", "long")),
        ("thu", "Task_return", ("lan", "minh", "tam")),
    ):
        (row,) = inbox(world, officer)
        assert (row["spec_id"], row["dossier_code"]) == (spec_id, code)
        for other in others:
            assert inbox(world, other) == [], other
        task = ok(world.call("GET", f"/api/v1/tasks/{row['id']}", officer))
        assert task["form_schema"]["type"] == "object"
        assert set(ANSWERS[spec_id]) <= set(task["form_schema"]["properties"])
        assert task["dossier"]["code"] == code
        assert ok(world.call("POST", f"/api/v1/tasks/{row['id']}/claim", officer))[
            "assignee"] == officer
        assert [t["id"] for t in inbox(world, officer, view="mine")] == [row["id"]]
        dossier = ok(world.call("POST", f"/api/v1/tasks/{row['id']}/complete", officer,
                                {"data": ANSWERS[spec_id],
                                 "lock_version": task["lock_version"] + 1}))
        assert row["id"] in [t["id"] for t in inbox(world, officer, status="completed")]
    assert dossier["status"] == "10"
    assert dossier["open_tasks"] == []
    detail = ok(world.call("GET", f"/api/v1/dossiers/{code}", "thu"))
    assert detail["decided_at"] is not None
    assert [e["to_status"] for e in detail["history"] if e["to_status"]] == [
        "2", "4", "9", "10"]


def test_officers_outside_the_queue_cannot_see_claim_or_complete(world: World) -> None:
    code = world.appraising()
    task = world.open_task(code)
    url = f"/api/v1/tasks/{task['id']}"
    assert inbox(world, "hoa") == []  # a specialist of another agency
    assert count(world, "hoa") == 0
    problem(world.call("GET", url, "hoa"), 403)
    for action in ("claim", "unclaim"):
        problem(world.call("POST", f"{url}/{action}", "hoa"), 403)
    denied = problem(world.call("POST", f"{url}/complete", "hoa",
                                {"data": ANSWERS["Task_appraise"]}), 403)
    assert denied["unit"] == AGENCY
    planner = problem(world.call("POST", f"{url}/complete", "binh",
                                 {"data": ANSWERS["Task_appraise"]}), 403)
    assert planner["required_roles"] == ["specialist"]
    leader = problem(world.call("POST", f"{url}/complete", "minh",
                                {"data": ANSWERS["Task_appraise"]}), 403)
    assert "does not have the role specialist" in leader["detail"]
    assert ok(world.call("GET", url, "thu"))["spec_id"] == "Task_appraise"  # may view
    assert world.open_task(code)["state"] == "open"


def test_a_stale_lock_version_is_a_409_and_changes_nothing(world: World) -> None:
    code = world.receive()["code"]
    task = ok(world.call("GET", f"/api/v1/tasks/{world.open_task(code)['id']}", "thu"))
    world.call("POST", f"/api/v1/tasks/{task['id']}/claim", "thu")  # bumps the version
    stale = problem(world.call("POST", f"/api/v1/tasks/{task['id']}/complete", "thu",
                               {"data": ANSWERS["Task_receive"],
                                "lock_version": task["lock_version"]}), 409)
    assert stale["type"] == "urn:motcua:problem:conflict"
    assert "reload" in stale["detail"]
    assert world.open_task(code)["spec_id"] == "Task_receive"


def test_bad_form_data_is_a_422_naming_each_field(world: World) -> None:
    code = world.receive()["code"]
    url = f"/api/v1/tasks/{world.open_task(code)['id']}/complete"
    wrong = problem(world.call("POST", url, "thu",
                               {"data": {"reception_outcome": "maybe", "colour": 1}}), 422)
    assert wrong["type"] == "urn:motcua:problem:form-validation"
    assert set(wrong["errors"]) == {"data.reception_outcome", "data.colour"}
    assert "maybe" in wrong["errors"]["data.reception_outcome"][0]
    missing = problem(world.call("POST", url, "thu", {"data": {}}), 422)
    assert set(missing["errors"]) == {"data.reception_outcome"}
    body = problem(world.call("POST", url, "thu", {"form": {}}), 422)
    assert set(body["errors"]) == {"data", "form"}
    assert world.open_task(code)["spec_id"] == "Task_receive"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", ""), ("POST", "/claim"), ("POST", "/unclaim"), ("POST", "/complete"),
])
def test_unknown_task_ids_are_404_problems(world: World, method: str, path: str) -> None:
    body = {"data": {}} if path == "/complete" else None
    missing = problem(world.call(method, f"/api/v1/tasks/999999{path}", "thu", body), 404)
    assert "999999" in missing["detail"]


def test_inbox_views_pagination_and_counts(world: World) -> None:
    codes = [world.receive()["code"] for _ in range(3)]
    response = world.call("GET", "/api/v1/tasks", "thu", page_size=2)
    assert len(ok(response)) == 2
    assert json.loads(response.headers["X-Pagination"])["total"] == 3
    assert count(world, "thu") == 3
    assert count(world, "thu", procedure=CODE, centre=CENTRE) == 3
    assert count(world, "thu", procedure="1.000001") == 0
    assert count(world, "tam") == 0
    assert count(world, "quan") == 0  # the admin role works no task
    first = world.open_task(codes[0])["id"]
    ok(world.call("POST", f"/api/v1/tasks/{first}/claim", "thu"))
    assert (count(world, "thu", view="mine"), count(world, "thu", view="unassigned")) == (1, 2)
    assert count(world, "thu", view="overdue") == 0
    due = inbox(world, "thu")[0]["due_at"]
    assert count(world, "thu", due_before=due) == 0
    assert count(world, "thu", due_after=due) == 3
    assert count(world, "thu", view="due_soon") == 0  # due tomorrow at 17:00
    world.clock.advance(dt.timedelta(hours=23))  # Wednesday 08:00: due within a day
    assert count(world, "thu", view="due_soon") == 3
    world.clock.advance(dt.timedelta(hours=10))
    assert (count(world, "thu", view="overdue"), count(world, "thu", view="due_soon")) == (3, 0)
    problem(world.call("GET", "/api/v1/tasks/count", "thu", view="someday"), 422)


def test_claim_unclaim_and_delegate(world: World) -> None:
    task = world.open_task(world.appraising())
    url = f"/api/v1/tasks/{task['id']}"
    ok(world.call("POST", f"{url}/claim", "lan"))
    taken = problem(world.call("POST", f"{url}/claim", "long"), 403)
    assert taken["type"] == "urn:motcua:problem:not-your-task"
    problem(world.call("POST", f"{url}/unclaim", "long"), 403)
    outsider = problem(world.call("POST", f"{url}/delegate", "lan", {"to": "hoa"}), 403)
    assert "hoa" in outsider["detail"]
    problem(world.call("POST", f"{url}/delegate", "lan", {"to": "nobody"}), 403)
    problem(world.call("POST", f"{url}/delegate", "lan", {"whom": "long"}), 422)
    assert ok(world.call("POST", f"{url}/delegate", "lan", {"to": "long"}))[
        "assignee"] == "long"
    assert ok(world.call("POST", f"{url}/unclaim", "long"))["assignee"] is None
    assert ok(world.call("POST", f"{url}/delegate", "minh", {"to": "lan"}))[
        "assignee"] == "lan"  # a leader of the unit dispatches
    problem(world.call("POST", f"{url}/complete", "long",
                       {"data": ANSWERS["Task_appraise"]}), 403)
    dossier = ok(world.call("POST", f"{url}/complete", "lan",
                            {"data": ANSWERS["Task_appraise"]}))
    assert [t["spec_id"] for t in dossier["open_tasks"]] == ["Task_approve"]
    problem(world.call("POST", f"{url}/claim", "lan"), 409)  # no longer open


def test_consultations_go_to_the_specialists_of_the_partner_agency(
        world: World, session: Session) -> None:
    code = "1.000005"
    CatalogService(session).build([procedure(Archetype.INTER_AGENCY, code=code)])
    accounts = AccountService(session, clock=world.clock)
    partner = accounts.create_user("phuong", roles=["specialist"], units=[PARTNERS[0]])
    world.tokens["phuong"], _ = accounts.issue_token(partner, "tests")
    session.commit()
    dossier = world.receive(procedure_code=code)["code"]
    world.complete(dossier, "thu", ANSWERS["Task_receive"])
    world.complete(dossier, "lan", ANSWERS["Task_appraise"])
    (consult,) = inbox(world, "phuong")
    assert (consult["spec_id"], consult["unit"]) == ("Task_consult_1", PARTNERS[0])
    assert consult["candidate_group"] == f"{PARTNERS[0]}:partner"
    assert "Task_consult_1" not in {t["spec_id"] for t in inbox(world, "lan")}
    problem(world.call("POST", f"/api/v1/tasks/{consult['id']}/claim", "lan"), 403)
    after = ok(world.call("POST", f"/api/v1/tasks/{consult['id']}/complete", "phuong",
                          {"data": {"opinion_1": "agree"}}))
    assert "Task_consult_1" not in {t["spec_id"] for t in after["open_tasks"]}


def test_an_inbox_page_is_one_query_with_its_total(world: World, connection: Connection) -> None:
    for _ in range(3):
        world.receive()
    inbox_queries: list[str] = []

    def record(*args: object) -> None:
        if "FROM dossier_tasks" in str(args[2]):
            inbox_queries.append(str(args[2]))

    event.listen(connection, "before_cursor_execute", record)
    try:
        response = world.call("GET", "/api/v1/tasks", "thu", page_size=2)
        assert [len(ok(response)), len(inbox_queries)] == [2, 1]
        assert json.loads(response.headers["X-Pagination"])["total"] == 3
        inbox_queries.clear()
        past = world.call("GET", "/api/v1/tasks", "thu", page_size=2, page=3)
        assert [len(ok(past)), len(inbox_queries)] == [0, 2]  # no row carries the total
        assert json.loads(past.headers["X-Pagination"])["total"] == 3
    finally:
        event.remove(connection, "before_cursor_execute", record)
    pages = [inbox(world, "thu", page_size=2, page=n) for n in (1, 2)]
    assert [row["id"] for row in pages[0] + pages[1]] == [
        row["id"] for row in inbox(world, "thu")]
    assert all(row["dossier_code"] for row in pages[0] + pages[1])


def test_an_inbox_row_is_the_task_as_its_own_page_shows_it(world: World) -> None:
    """The inbox page is read from the tables and a task's page through its objects; a
    task reads the same in both."""
    task = world.open_task(world.appraising())
    (row,) = [r for r in inbox(world, "lan") if r["id"] == task["id"]]
    detail = ok(world.call("GET", f"/api/v1/tasks/{task['id']}", "lan"))
    assert {k: v for k, v in detail.items() if k not in ("form_schema", "dossier")} == row
    assert (row["dossier_code"], row["dossier_status"]) == (
        detail["dossier"]["code"], detail["dossier"]["status"])
