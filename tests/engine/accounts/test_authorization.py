"""The authorization matrix enforced by AuthorizedDossiers on real dossiers (both backends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype
from engine.accounts.errors import (
    AccessDenied,
)
from engine.accounts.guarded import AuthorizedDossiers
from engine.accounts.models import Role
from engine.accounts.policy import DEFAULT_POLICY, Principal
from engine.accounts.services import AccountService
from engine.dossiers.models import Dossier, DossierEvent, DossierStatus, TaskState
from engine.dossiers.services import DossierService
from tests.engine.accounts.support import (
    AGENCY,
    OTHER_AGENCY,
    OTHER_CENTRE,
    PARTNER,
)
from tests.engine.dossiers.conftest import (
    ANSWERS,
    CENTRE,
    VN,
    Publish,
    received,
    task_named,
    work,
)

# -- authorization ------------------------------------------------------------------------


def _p(name: str, roles: set[Role], units: set[str]) -> Principal:
    return Principal(abs(hash(name)) % 10**6, name, frozenset(roles), frozenset(units))


R, S, L = Role.RECEIVER, Role.SPECIALIST, Role.LEADER
PRINCIPALS = {p.username: p for p in (
    _p("receiver.here", {R}, {CENTRE}),
    _p("receiver.elsewhere", {R}, {OTHER_CENTRE}),
    _p("specialist.agency", {S}, {AGENCY}),
    _p("specialist.agency2", {S}, {AGENCY}),
    _p("specialist.other", {S}, {OTHER_AGENCY}),
    _p("specialist.partner", {S}, {PARTNER}),
    _p("leader.agency", {L}, {AGENCY}),
    _p("leader.other", {L}, {OTHER_AGENCY}),
    _p("leader.partner", {L}, {PARTNER}),
    _p("planner", {Role.PLANNER}, {AGENCY}),
    _p("analyst", {Role.ANALYST}, {AGENCY, CENTRE}),
    _p("admin", {Role.ADMIN}, set()),
    _p("admin.specialist", {Role.ADMIN, S}, {AGENCY}),
)}


class Directory:
    def principal(self, username: str) -> Principal | None:
        return PRINCIPALS.get(username)


def _guard(dossiers: DossierService, who: str) -> AuthorizedDossiers:
    return AuthorizedDossiers(dossiers, PRINCIPALS[who], DEFAULT_POLICY, directory=Directory())


Act = Callable[[AuthorizedDossiers, Dossier], Any]
NEW_DUE = dt.datetime(2026, 3, 20, 17, tzinfo=VN)
#: action → (archetype, task to open first or None, what the principal does)
ACTIONS: dict[str, tuple[Archetype, str | None, Act]] = {
    "view": (Archetype.STANDARD, None, lambda g, d: g.get(d.code)),
    "complete receive": (Archetype.STANDARD, "Task_receive", lambda g, d: g.complete_task(
        task_named(d, "Task_receive").id, ANSWERS["Task_receive"])),
    "complete appraise": (Archetype.STANDARD, "Task_appraise", lambda g, d: g.complete_task(
        task_named(d, "Task_appraise").id, ANSWERS["Task_appraise"])),
    "claim appraise": (Archetype.STANDARD, "Task_appraise",
                       lambda g, d: g.claim(task_named(d, "Task_appraise").id)),
    "complete approve": (Archetype.STANDARD, "Task_approve", lambda g, d: g.complete_task(
        task_named(d, "Task_approve").id, ANSWERS["Task_approve"])),
    "complete consult": (Archetype.INTER_AGENCY, "Task_consult_1", lambda g, d: g.complete_task(
        task_named(d, "Task_consult_1").id, ANSWERS["Task_consult_1"])),
    "withdraw": (Archetype.STANDARD, "Task_appraise",
                 lambda g, d: g.withdraw(d.code, reason="applicant asked")),
    "extend": (Archetype.STANDARD, "Task_appraise",
               lambda g, d: g.extend(d.code, new_due=NEW_DUE, reason="site visit")),
    "stop": (Archetype.STANDARD, "Task_appraise", lambda g, d: g.stop(d.code, reason="x")),
}

MATRIX = [
    ("complete receive", "receiver.here", True),
    ("complete receive", "receiver.elsewhere", False),
    ("complete receive", "specialist.agency", False),
    ("complete receive", "admin", False),
    ("complete appraise", "specialist.agency", True),
    ("complete appraise", "specialist.other", False),
    ("complete appraise", "leader.agency", False),  # separate duties
    ("complete appraise", "planner", False),
    ("complete appraise", "analyst", False),
    ("complete appraise", "admin", False),
    ("complete appraise", "admin.specialist", True),
    ("claim appraise", "specialist.agency", True),
    ("claim appraise", "receiver.here", False),
    ("complete approve", "leader.agency", True),
    ("complete approve", "specialist.agency", False),  # a leader task as specialist
    ("complete approve", "leader.other", False),
    ("complete consult", "specialist.partner", True),
    ("complete consult", "leader.partner", False),
    ("complete consult", "specialist.agency", False),  # not the partner of Task_consult_1
    ("view", "receiver.here", True),
    ("view", "specialist.agency", True),
    ("view", "admin", True),
    ("view", "receiver.elsewhere", False),
    ("view", "specialist.partner", False),  # no consultation opened yet
    ("view", "planner", False),
    ("view", "analyst", False),
    ("withdraw", "receiver.here", True),
    ("withdraw", "receiver.elsewhere", False),
    ("withdraw", "specialist.agency", False),
    ("extend", "leader.agency", True),
    ("extend", "specialist.agency", False),
    ("extend", "leader.other", False),
    ("extend", "admin", False),
    ("stop", "leader.agency", True),
    ("stop", "receiver.here", False),
]


@pytest.mark.parametrize(("action", "who", "allowed"), MATRIX,
                         ids=[f"{a}-{w}-{'ok' if ok else 'denied'}" for a, w, ok in MATRIX])
def test_authorization_matrix_on_real_dossiers(
    session: Session, service: DossierService, publish: Publish, *,
    action: str, who: str, allowed: bool,
) -> None:
    archetype, open_task, act = ACTIONS[action]
    dossier = received(service, publish(archetype).code)
    if open_task is not None and open_task != "Task_receive":
        work(session, service, dossier, stop_at=open_task)
    before = (dossier.status, dossier.lock_version, len(service.history(dossier.code)))
    guard = _guard(service, who)
    if not allowed:
        with pytest.raises(AccessDenied) as raised:
            act(guard, dossier)
        assert who in str(raised.value)
        assert raised.value.roles, "the message and the error name the role needed"
        assert (dossier.status, dossier.lock_version,
                len(service.history(dossier.code))) == before
        return
    result = act(guard, dossier)
    events = service.history(dossier.code)
    if action == "view":
        assert result is dossier
        assert len(events) == before[2]
    else:
        assert len(events) > before[2]
        assert {e.actor for e in events[before[2]:]} == {who}  # never someone else's name


@pytest.mark.parametrize(("who", "centre", "allowed"), [
    ("receiver.here", CENTRE, True),
    ("receiver.here", OTHER_CENTRE, False),
    ("receiver.elsewhere", OTHER_CENTRE, True),
    ("specialist.agency", CENTRE, False),
    ("admin", CENTRE, False),
])
def test_receiving_needs_a_receiver_of_that_centre(
    service: DossierService, publish: Publish, session: Session, *,
    who: str, centre: str, allowed: bool,
) -> None:
    code = publish(Archetype.STANDARD).code
    guard = _guard(service, who)
    if not allowed:
        with pytest.raises(AccessDenied, match=f"receiver of unit {centre}"):
            guard.receive(code, centre=centre, channel="1", applicant_name="Trần Thị B")
        assert session.scalar(select(Dossier.id)) is None
        return
    dossier, receipt = guard.receive(code, centre=centre, channel="1",
                                     applicant_name="Trần Thị B")
    assert (dossier.status, receipt.received_centre) == (DossierStatus.RECEIVED, centre)
    assert session.scalars(select(DossierEvent.actor)).all() == [who]


@pytest.mark.parametrize(("who", "claimed_by", "to", "allowed", "message"), [
    ("specialist.agency", "specialist.agency", "specialist.agency2", True, ""),
    ("leader.agency", None, "specialist.agency", True, ""),  # a leader dispatches
    ("specialist.agency", "specialist.agency", "specialist.other", False,
     "cannot be delegated to specialist.other"),
    ("specialist.agency", "specialist.agency", "leader.agency", False,
     "needs the role specialist of unit"),
    ("specialist.agency", "specialist.agency", "nobody", False, "no active user"),
    ("receiver.here", None, "specialist.agency", False, "needs the role specialist or leader"),
])
def test_delegation_needs_a_dispatcher_and_a_delegatee_who_can_work_the_task(
    session: Session, service: DossierService, publish: Publish, *,
    who: str, claimed_by: str | None, to: str, allowed: bool, message: str,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    work(session, service, dossier, stop_at="Task_appraise")
    row = task_named(dossier, "Task_appraise")
    if claimed_by is not None:
        _guard(service, claimed_by).claim(row.id)
    if not allowed:
        with pytest.raises(AccessDenied, match=message):
            _guard(service, who).delegate(row.id, to)
        assert row.assignee == claimed_by
        return
    _guard(service, who).delegate(row.id, to)
    assert row.assignee == to
    with pytest.raises(AccessDenied):
        _guard(service, "specialist.other").unclaim(row.id)
    _guard(service, to).unclaim(row.id)
    assert (row.assignee, row.state) == (None, TaskState.OPEN)


def test_real_accounts_drive_the_guard_and_role_changes_apply(
    session: Session, service: DossierService, publish: Publish, accounts: AccountService,
) -> None:
    user = accounts.create_user("lan", roles=["receiver"], units=[CENTRE])
    dossier = received(service, publish(Archetype.STANDARD).code)
    row = task_named(dossier, "Task_receive")
    principal = Principal.of(user)
    AuthorizedDossiers(service, principal, DEFAULT_POLICY, directory=accounts).claim(row.id)
    assert row.assignee == "lan"
    user.units.remove(CENTRE)
    user.units.add(OTHER_CENTRE)
    guard = AuthorizedDossiers(service, Principal.of(user), DEFAULT_POLICY, directory=accounts)
    with pytest.raises(AccessDenied, match=f"receiver but not a member of unit {CENTRE}"):
        guard.complete_task(row.id, ANSWERS["Task_receive"])


@pytest.mark.parametrize(("roles", "diagram", "simulation"), [
    ({Role.PLANNER}, True, False),
    ({Role.ANALYST}, False, True),
    ({Role.ADMIN}, True, True),
    ({Role.LEADER, Role.SPECIALIST, Role.RECEIVER}, False, False),
])
def test_diagrams_and_simulations(roles: set[Role], diagram: bool, simulation: bool) -> None:
    principal = _p("someone", roles, {AGENCY})
    assert bool(DEFAULT_POLICY.can_edit_diagram(principal)) is diagram
    assert bool(DEFAULT_POLICY.can_run_simulation(principal)) is simulation
    if not diagram:
        with pytest.raises(AccessDenied, match="needs the role planner or admin") as raised:
            DEFAULT_POLICY.can_edit_diagram(principal).enforce()
        assert raised.value.roles == ("planner", "admin")


def test_an_unknown_task_role_is_refused_to_everyone() -> None:
    class Task:
        id, role, unit = 7, "robot", AGENCY

    for principal in PRINCIPALS.values():
        decision = DEFAULT_POLICY.can_work_task(principal, Task())
        assert not decision
        assert "'robot'" in decision.reason
