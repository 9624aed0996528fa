"""``/api/v1/dossiers``: reception, the list and its filters, detail, withdraw, stop, extend,
accept; the policy's denials as 403 problems (both backends, real users and tokens).

:func:`make_world` and the helpers here are shared with ``test_tasks_api.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from api.auth.loading import EXTENSION_KEY, AuthState
from api.dossiers.services import RUNTIME_KEY, Runtime
from api.jobs import CLOCK_KEY
from api.public.tracking import tracking_key
from bpmn.catalog.model import Archetype
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.services import AccountService
from engine.calendar import WorkingCalendar
from engine.catalog.services import CatalogService
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier
from engine.specs import SpecCache
from tests.bpmn.factories import procedure

VN = dt.timezone(dt.timedelta(hours=7))
RECEIVED = dt.datetime(2026, 3, 3, 9, 0, tzinfo=VN)  # Tuesday, a working day
CENTRE, OTHER_CENTRE = "000.00.00.H36", "000.00.01.H36"
AGENCY, OTHER_AGENCY = "000.00.33.H36", "000.00.34.H36"  # AGENCY: the factory's agency
CODE = "1.000002"  # a STANDARD procedure: receive, appraise, approve, return

#: username → (roles, units)
USERS: dict[str, tuple[list[str], list[str]]] = {
    "thu": (["receiver"], [CENTRE]),
    "tam": (["receiver"], [OTHER_CENTRE]),
    "lan": (["specialist"], [AGENCY]),
    "long": (["specialist"], [AGENCY]),
    "hoa": (["specialist"], [OTHER_AGENCY]),
    "minh": (["leader"], [AGENCY]),
    "binh": (["planner"], []),
    "quan": (["admin"], []),
}


@functools.cache
def _shared() -> tuple[WorkingCalendar, SpecCache]:
    return WorkingCalendar.vietnam(range(2025, 2028)), SpecCache()


@dataclasses.dataclass
class World:
    """A published procedure, officers with bearer tokens, and the app's fixed clock."""

    client: FlaskClient
    clock: FixedClock
    tokens: dict[str, str]

    def call(self, method: str, url: str, user: str | None, body: Any = None,
             **query: Any) -> TestResponse:
        headers = {} if user is None else {"Authorization": f"Bearer {self.tokens[user]}"}
        return self.client.open(url, method=method, headers=headers, json=body,
                                query_string=query)

    def receive(self, user: str = "thu", **overrides: Any) -> dict[str, Any]:
        body = {"procedure_code": CODE, "centre": CENTRE, "channel": "1",
                "applicant_name": "Nguyễn Văn An", **overrides}
        response = self.call("POST", "/api/v1/dossiers", user, body)
        assert response.status_code == 201, response.get_data(as_text=True)
        receipt: dict[str, Any] = response.get_json()
        return receipt

    def open_task(self, code: str, user: str = "quan") -> dict[str, Any]:
        """The one open task of dossier ``code``."""
        detail = self.call("GET", f"/api/v1/dossiers/{code}", user).get_json()
        (task,) = detail["open_tasks"]
        return dict(task)

    def complete(self, code: str, user: str, data: dict[str, Any]) -> dict[str, Any]:
        """Complete the one open task of ``code`` as ``user``; the dossier as answered."""
        task = self.open_task(code)
        response = self.call("POST", f"/api/v1/tasks/{task['id']}/complete", user,
                             {"data": data})
        assert response.status_code == 200, response.get_data(as_text=True)
        dossier: dict[str, Any] = response.get_json()
        return dossier

    def appraising(self) -> str:
        """A dossier past the reception check, at the specialists' appraisal."""
        code: str = self.receive()["code"]
        self.complete(code, "thu", {"reception_outcome": "accept"})
        return code


def make_world(app: Flask, client: FlaskClient, session: Session) -> World:
    """Publish the procedure, create the officers and their tokens, fix the clock."""
    calendar, specs = _shared()
    app.extensions[RUNTIME_KEY] = Runtime(specs=specs, calendar=calendar)
    clock = FixedClock(RECEIVED)
    app.extensions[CLOCK_KEY] = clock
    auth: AuthState = app.extensions[EXTENSION_KEY]
    auth.hasher = PasswordHasher(ScryptParams(n=16, r=8, p=1))
    CatalogService(session).build([procedure(Archetype.STANDARD, code=CODE)])
    accounts = AccountService(session, clock=clock, hasher=auth.hasher)
    tokens = {}
    for name, (roles, units) in USERS.items():
        user = accounts.create_user(name, roles=roles, units=units)
        tokens[name], _ = accounts.issue_token(user, "tests")
    session.commit()
    return World(client, clock, tokens)


@pytest.fixture
def world(app: Flask, client: FlaskClient, session: Session) -> World:
    return make_world(app, client, session)


def problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    return body


def ok(response: TestResponse, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


Call = Callable[..., TestResponse]


# -- reception -----------------------------------------------------------------------------


def test_a_receiver_receives_at_the_counter_and_gets_the_receipt(world: World) -> None:
    response = world.call("POST", "/api/v1/dossiers", "thu", {
        "procedure_code": CODE, "centre": CENTRE, "channel": "1",
        "applicant_name": "Nguyễn Văn An", "applicant_id_number": "068090001234"})
    receipt = ok(response, 201)
    assert receipt["code"] == f"{CENTRE}-260303-0001"
    assert receipt["status"] == "2"
    assert receipt["procedure_code"] == CODE
    assert receipt["appointment"].endswith("/03/2026")
    assert receipt["appointment_at"] is not None
    assert response.headers["Location"].endswith(f"/api/v1/dossiers/{receipt['code']}")
    detail = ok(world.call("GET", response.headers["Location"], "thu"))
    assert detail["status"] == "2"
    assert detail["competent_agency"] == AGENCY
    assert detail["applicant_id_number"] == "068090001234"
    assert [e["action"] for e in detail["history"]] == ["receive"]
    assert [t["spec_id"] for t in detail["open_tasks"]] == ["Task_receive"]
    assert "tracking_secret" not in detail  # shown once, on the receipt


def test_the_receipt_secret_opens_the_public_tracking_page(
        world: World, app: Flask, session: Session) -> None:
    receipt = ok(world.call("POST", "/api/v1/dossiers", "thu", {
        "procedure_code": CODE, "centre": CENTRE, "channel": "1",
        "applicant_name": "Nguyễn Văn An"}), 201)
    secret = receipt["tracking_secret"]
    assert len(secret) == 8
    stored = session.scalar(select(Dossier.tracking_secret_hash)
                            .where(Dossier.code == receipt["code"]))
    mac = hmac.new(tracking_key(app), f"{receipt['code']}:{secret}".encode(), hashlib.sha256)
    assert stored == f"hmac-sha256$v1${mac.hexdigest()}"  # keyed by the app's SECRET_KEY
    public = f"/api/v1/public/dossiers/{receipt['code']}"
    found = ok(world.call("GET", public, None, secret=secret))
    assert found["status"] == "2"
    assert "Nguyễn Văn An" not in json.dumps(found, ensure_ascii=False)
    wrong = "0" * 8 if secret != "0" * 8 else "1" * 8
    assert world.call("GET", public, None, secret=wrong).status_code == 404


@pytest.mark.parametrize(("user", "centre", "missing"), [
    ("tam", CENTRE, "not a member of unit"),  # a receiver of another centre
    ("lan", CENTRE, "does not have the role receiver"),
    ("binh", CENTRE, "does not have the role receiver"),
])
def test_only_a_receiver_of_the_centre_receives_there(world: World, user: str, centre: str,
                                                      missing: str) -> None:
    body = {"procedure_code": CODE, "centre": centre, "channel": "1", "applicant_name": "An"}
    denied = problem(world.call("POST", "/api/v1/dossiers", user, body), 403)
    assert missing in denied["detail"]
    assert denied["required_roles"] == ["receiver"]
    assert ok(world.call("GET", "/api/v1/dossiers", "quan")) == []


def test_reception_requires_credentials(world: World) -> None:
    body = {"procedure_code": CODE, "centre": CENTRE, "channel": "1", "applicant_name": "An"}
    problem(world.call("POST", "/api/v1/dossiers", None, body), 401)


@pytest.mark.parametrize(("body", "fields"), [
    ({"centre": CENTRE, "channel": "1", "applicant_name": "An", "colour": "red"},
     {"procedure_code", "colour"}),
    ({"procedure_code": CODE, "centre": CENTRE, "channel": "9", "applicant_name": ""},
     {"channel", "applicant_name"}),
])
def test_a_bad_reception_body_is_a_422_per_field(world: World, body: dict[str, Any],
                                                 fields: set[str]) -> None:
    invalid = problem(world.call("POST", "/api/v1/dossiers", "thu", body), 422)
    assert set(invalid["errors"]) == fields


def test_unknown_procedures_and_codes_are_404_problems(world: World) -> None:
    body = {"procedure_code": "9.999999", "centre": CENTRE, "channel": "1",
            "applicant_name": "An"}
    problem(world.call("POST", "/api/v1/dossiers", "thu", body), 404)
    for path in ("", "/withdraw"):
        method = "POST" if path else "GET"
        gone = problem(world.call(method, f"/api/v1/dossiers/H36-000000-0000{path}", "quan",
                                  {"reason": "x"} if path else None), 404)
        assert "H36-000000-0000" in gone["detail"]


def test_online_dossiers_are_accepted_once_by_a_receiver_of_their_centre(
        world: World) -> None:
    receipt = world.receive(channel="2")
    assert (receipt["status"], receipt["appointment"]) == ("1", None)
    url = f"/api/v1/dossiers/{receipt['code']}/accept"
    problem(world.call("POST", url, "tam"), 403)
    accepted = ok(world.call("POST", url, "thu"))
    assert accepted["status"] == "2"
    assert accepted["appointment"] is not None
    again = problem(world.call("POST", url, "thu"), 409)
    assert again["type"] == "urn:motcua:problem:transition"


# -- the list ------------------------------------------------------------------------------


def test_the_list_shows_only_what_the_caller_may_view_with_pagination(world: World) -> None:
    codes = [world.receive()["code"] for _ in range(3)]
    response = world.call("GET", "/api/v1/dossiers", "thu", page_size=2)
    assert [d["code"] for d in ok(response)] == codes[:0:-1]  # newest first
    pages = json.loads(response.headers["X-Pagination"])
    assert (pages["total"], pages["total_pages"]) == (3, 2)
    second = ok(world.call("GET", "/api/v1/dossiers", "thu", page_size=2, page=2))
    assert [d["code"] for d in second] == codes[:1]
    assert len(ok(world.call("GET", "/api/v1/dossiers", "lan"))) == 3  # competent agency
    assert len(ok(world.call("GET", "/api/v1/dossiers", "quan"))) == 3  # admin
    for outsider in ("tam", "hoa", "binh"):
        assert ok(world.call("GET", "/api/v1/dossiers", outsider)) == []
        problem(world.call("GET", f"/api/v1/dossiers/{codes[0]}", outsider), 403)


def test_the_list_filters(world: World) -> None:
    first = world.receive()["code"]
    world.clock.advance(dt.timedelta(days=1))
    online = world.receive(channel="2")["code"]
    lst = functools.partial(world.call, "GET", "/api/v1/dossiers", "thu")

    def codes(**query: Any) -> list[str]:
        return [d["code"] for d in ok(lst(**query))]

    assert codes(status="1") == [online]
    assert codes(procedure=CODE) == [online, first]
    assert codes(procedure="1.000001") == []
    assert codes(centre=OTHER_CENTRE) == []
    assert codes(agency=AGENCY) == [online, first]
    assert codes(received_from="2026-03-03T00:00:00+07:00",
                 received_to="2026-03-04T00:00:00+07:00") == [first]
    assert codes(overdue="true") == []
    world.clock.advance(dt.timedelta(days=14))  # tokens live 30 days
    assert codes(overdue="true") == [first]
    assert codes(overdue="false") == [online]
    invalid = problem(lst(status="11", overdue="maybe"), 422)
    assert set(invalid["errors"]) == {"status", "overdue"}


# -- ending early, extending ---------------------------------------------------------------


def test_withdrawal_is_recorded_by_a_receiver_and_only_once(world: World) -> None:
    at_reception = world.receive()["code"]
    refused = problem(world.call("POST", f"/api/v1/dossiers/{at_reception}/withdraw", "thu",
                                 {"reason": "x"}), 409)
    assert "Task_receive" in refused["detail"]
    code = world.appraising()
    url = f"/api/v1/dossiers/{code}/withdraw"
    problem(world.call("POST", url, "lan", {"reason": "Công dân rút hồ sơ"}), 403)
    missing = problem(world.call("POST", url, "thu", {}), 422)
    assert set(missing["errors"]) == {"reason"}
    withdrawn = ok(world.call("POST", url, "thu", {"reason": "Công dân rút hồ sơ"}))
    assert withdrawn["status"] == "7"
    assert withdrawn["finished_at"] is not None
    problem(world.call("POST", url, "thu", {"reason": "again"}), 409)
    detail = ok(world.call("GET", f"/api/v1/dossiers/{code}", "thu"))
    assert detail["open_tasks"] == []
    assert detail["history"][-1]["to_status"] == "7"


def test_a_leader_of_the_agency_stops_processing(world: World) -> None:
    code = world.receive()["code"]
    url = f"/api/v1/dossiers/{code}/stop"
    denied = problem(world.call("POST", url, "thu", {"reason": "Vi phạm"}), 403)
    assert denied["unit"] == AGENCY
    assert ok(world.call("POST", url, "minh", {"reason": "Vi phạm"}))["status"] == "8"
    problem(world.call("POST", url, "minh", {"reason": "Vi phạm"}), 409)


def test_a_leader_extends_once_with_form_04(world: World) -> None:
    code = world.receive()["code"]
    due = dt.datetime.fromisoformat(
        ok(world.call("GET", f"/api/v1/dossiers/{code}", "minh"))["due_at"])
    url = f"/api/v1/dossiers/{code}/extend"
    body = {"new_due": (due + dt.timedelta(days=7)).isoformat(), "reason": "Cần xác minh"}
    problem(world.call("POST", url, "lan", body), 403)
    naive = problem(world.call("POST", url, "minh", {**body, "new_due": "2026-04-01T10:00"}),
                    422)
    assert set(naive["errors"]) == {"new_due"}
    extended = ok(world.call("POST", url, "minh", body))
    assert dt.datetime.fromisoformat(extended["due_at"]) == due + dt.timedelta(days=7)
    assert extended["extended_at"] is not None
    twice = problem(world.call("POST", url, "minh", body), 409)
    assert code in twice["detail"]
