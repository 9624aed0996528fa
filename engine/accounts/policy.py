"""Who may do what: the principal of a request and the authorization rules.

A :class:`Principal` is what a request or a job knows about the user acting: id,
username, roles and units, read from the database when the request starts (so a role
taken away applies from the next request). Every rule is an explicit method of
:class:`Policy` returning a :class:`Decision`, which is truthy when allowed and whose
:meth:`~Decision.enforce` raises :class:`AccessDenied` naming the role and unit missing.
The rules, in one place so they can be reviewed and tested as a matrix:

=====================  ====================================================================
action                 allowed for
=====================  ====================================================================
work a task            the officer role the task asks for, in the task's unit: receiver
(complete, claim,      tasks → receiver, specialist → specialist, leader → leader,
unclaim)               partner (consultation) → specialist of the partner unit
dispatch a task        whoever may work it, or a leader of the task's unit
(delegate)             (and the delegatee must be able to work it)
receive at a centre    receiver of that centre (also accepting an online dossier there)
view a dossier         an officer (receiver, specialist, leader) of its receiving centre,
                       its competent agency or a unit with a task on it; admin: every one
withdraw               receiver of the receiving centre or of the competent agency (the
                       applicant files the request at a counter)
extend (Form 04),      leader of the competent agency (the agency apologises and signs)
stop
edit a diagram         planner, admin
run a simulation       analyst, admin
=====================  ====================================================================

Why the administrator works no task and receives no dossier by that role alone:
completing a step is a legal act recorded under the officer's name in the hash-chained
audit log (appraisal, approval, signature); the account administrator is not that
officer. An administrator who is also an officer of the unit (has the role and the unit)
works its tasks as that officer. Seeing every dossier is allowed for support and audit.

Roles are separate duties: a leader does not appraise (specialist tasks) unless also
granted the specialist role. Unknown task roles are refused (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from engine.accounts.errors import AccessDenied
from engine.accounts.models import OFFICER_ROLES, Role

if TYPE_CHECKING:
    from engine.accounts.models import User
    from engine.dossiers.models import Dossier

__all__ = ["DEFAULT_POLICY", "TASK_ROLES", "Decision", "Policy", "Principal", "TaskLike"]

#: The user role that works each task role of the diagrams (``dossier_tasks.role``).
TASK_ROLES: dict[str, Role] = {
    "receiver": Role.RECEIVER,
    "specialist": Role.SPECIALIST,
    "leader": Role.LEADER,
    "partner": Role.SPECIALIST,  # consultations are answered by the partner's specialists
}


@dataclass(frozen=True)
class Principal:
    """The user acting, as far as authorization needs to know."""

    user_id: int
    username: str
    roles: frozenset[Role] = field(default_factory=frozenset)
    units: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(user.id, user.username, frozenset(Role(r) for r in user.roles),
                   frozenset(user.units))

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_officer(self) -> bool:
        return bool(self.roles & OFFICER_ROLES)

    def holds(self, role: Role, unit: str | None = None) -> bool:
        """Has ``role`` (and belongs to ``unit`` when one is given)."""
        return role in self.roles and (unit is None or unit in self.units)


class TaskLike(Protocol):
    """What a rule reads of a task row (``DossierTask`` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...
    @property
    def unit(self) -> str: ...


@dataclass(frozen=True)
class Decision:
    """The outcome of a rule: truthy when allowed; :meth:`enforce` raises when not."""

    allowed: bool
    reason: str = ""
    roles: tuple[str, ...] = ()
    unit: str | None = None

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        if not self.allowed:
            raise AccessDenied(self.reason, roles=self.roles, unit=self.unit)


ALLOW = Decision(True)


def _needs(principal: Principal, roles: Iterable[Role], unit: str | None,
           action: str) -> Decision:
    """Allowed when the principal holds one of ``roles`` (in ``unit`` if given)."""
    wanted = tuple(roles)
    if any(principal.holds(role, unit) for role in wanted):
        return ALLOW
    names = " or ".join(role.value for role in wanted)
    where = f" of unit {unit}" if unit is not None else ""
    held = [r for r in wanted if r in principal.roles]
    if unit is not None and held:
        missing = f"{principal.username} is {held[0].value} but not a member of unit {unit}"
    else:
        missing = f"{principal.username} does not have the role {names}"
    return Decision(False, f"{action} needs the role {names}{where}: {missing}",
                    tuple(r.value for r in wanted), unit)


class Policy:
    """The authorization rules (table in the module docstring). Stateless: one instance
    serves every request; subclass it to change a rule."""

    task_roles: dict[str, Role] = TASK_ROLES

    def can_work_task(self, principal: Principal, task: TaskLike) -> Decision:
        role = self.task_roles.get(task.role)
        if role is None:
            return Decision(False, f"task {task.id} has the role {task.role!r}, which no user "
                            "role may work; fix the diagram's lane", (), task.unit)
        return _needs(principal, [role], task.unit, f"working task {task.id} ({task.role})")

    def can_dispatch_task(self, principal: Principal, task: TaskLike) -> Decision:
        if self.can_work_task(principal, task) or principal.holds(Role.LEADER, task.unit):
            return ALLOW
        role = self.task_roles.get(task.role)
        roles = [Role.LEADER] if role in (None, Role.LEADER) else [role, Role.LEADER]
        return _needs(principal, roles, task.unit, f"delegating task {task.id}")

    def can_receive_at(self, principal: Principal, centre: str) -> Decision:
        return _needs(principal, [Role.RECEIVER], centre, f"receiving dossiers at {centre}")

    def can_view_dossier(self, principal: Principal, dossier: Dossier) -> Decision:
        if principal.is_admin:
            return ALLOW
        units = {dossier.received_centre, dossier.competent_agency}
        units.update(task.unit for task in dossier.tasks)
        if principal.is_officer and principal.units & units:
            return ALLOW
        listed = ", ".join(sorted(units))
        return Decision(False, f"viewing dossier {dossier.code} needs an officer role "
                        f"(receiver, specialist or leader) in one of its units ({listed}) or "
                        f"the role admin: {principal.username} has neither",
                        tuple(r.value for r in (*sorted(OFFICER_ROLES), Role.ADMIN)))

    def can_withdraw(self, principal: Principal, dossier: Dossier) -> Decision:
        for unit in (dossier.received_centre, dossier.competent_agency):
            if principal.holds(Role.RECEIVER, unit):
                return ALLOW
        return _needs(principal, [Role.RECEIVER], dossier.received_centre,
                      f"recording the withdrawal of dossier {dossier.code}")

    def can_extend(self, principal: Principal, dossier: Dossier) -> Decision:
        return _needs(principal, [Role.LEADER], dossier.competent_agency,
                      f"extending dossier {dossier.code} (Form 04)")

    def can_stop(self, principal: Principal, dossier: Dossier) -> Decision:
        return _needs(principal, [Role.LEADER], dossier.competent_agency,
                      f"stopping dossier {dossier.code}")

    def can_edit_diagram(self, principal: Principal) -> Decision:
        return _needs(principal, [Role.PLANNER, Role.ADMIN], None, "editing a diagram")

    def can_run_simulation(self, principal: Principal) -> Decision:
        return _needs(principal, [Role.ANALYST, Role.ADMIN], None, "running a simulation")


DEFAULT_POLICY = Policy()
