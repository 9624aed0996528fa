"""Dossier actions with authorization: :class:`AuthorizedDossiers` wraps a DossierService.

Why a wrapper and not checks in the views: a job, a CLI command and a view all act
through this object, so none of them can forget a check, and the rules are tested once,
on real dossiers, without HTTP. :class:`~engine.dossiers.services.DossierService` itself
stays unaware of users (its tests and the timer job run it as a system actor).

Every method checks first, then delegates; a refused action raises
:class:`~engine.accounts.errors.AccessDenied` before anything changes. The actor recorded
in the audit log is always the principal's username: callers cannot pass another name.
The rules themselves are in :mod:`engine.accounts.policy`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from engine.accounts.errors import AccessDenied
from engine.accounts.policy import Policy, Principal
from engine.dossiers.models import Channel, Dossier, DossierEvent, DossierTask
from engine.dossiers.services import DossierService, Receipt

__all__ = ["AuthorizedDossiers", "Directory"]


class Directory(Protocol):
    """Finds the principal of another user (the delegatee); ``AccountService`` is one."""

    def principal(self, username: str) -> Principal | None: ...


class AuthorizedDossiers:
    """The dossier actions ``principal`` may take, each checked against ``policy``."""

    def __init__(self, service: DossierService, principal: Principal, policy: Policy, *,
                 directory: Directory) -> None:
        self.service = service
        self.principal = principal
        self.policy = policy
        self.directory = directory

    @property
    def actor(self) -> str:
        return self.principal.username

    # -- reading ------------------------------------------------------------------------

    def get(self, code: str) -> Dossier:
        dossier = self.service.get(code)
        self.policy.can_view_dossier(self.principal, dossier).enforce()
        return dossier

    def history(self, code: str) -> list[DossierEvent]:
        self.get(code)
        return self.service.history(code)

    def task(self, task_id: int) -> DossierTask:
        """A task row, if its dossier may be viewed (working it is checked separately)."""
        row = self.service.task(task_id)
        self.policy.can_view_dossier(self.principal, row.dossier).enforce()
        return row

    # -- reception ----------------------------------------------------------------------

    def receive(self, procedure_code: str, *, centre: str, channel: Channel | str,
                applicant_name: str, applicant_id_number: str | None = None,
                home_centre: str | None = None, at: dt.datetime | None = None,
                tracking_key: bytes | None = None) -> tuple[Dossier, Receipt]:
        self.policy.can_receive_at(self.principal, centre).enforce()
        return self.service.receive(
            procedure_code, centre=centre, channel=channel, applicant_name=applicant_name,
            applicant_id_number=applicant_id_number, home_centre=home_centre,
            actor=self.actor, at=at, tracking_key=tracking_key)

    def accept_online(self, code: str) -> tuple[Dossier, Receipt]:
        dossier = self.service.get(code)
        self.policy.can_receive_at(self.principal, dossier.received_centre).enforce()
        return self.service.accept_online(code, actor=self.actor)

    # -- tasks --------------------------------------------------------------------------

    def _workable(self, task_id: int) -> DossierTask:
        row = self.service.task(task_id)
        self.policy.can_work_task(self.principal, row).enforce()
        return row

    def complete_task(self, task_id: int, data: Mapping[str, Any], *,
                      expected_lock_version: int | None = None) -> Dossier:
        self._workable(task_id)
        return self.service.complete_task(task_id, data, actor=self.actor,
                                          expected_lock_version=expected_lock_version)

    def claim(self, task_id: int) -> DossierTask:
        self._workable(task_id)
        return self.service.claim(task_id, self.actor)

    def unclaim(self, task_id: int) -> DossierTask:
        self._workable(task_id)
        return self.service.unclaim(task_id, self.actor)

    def delegate(self, task_id: int, to: str) -> DossierTask:
        """Hand the task to ``to``, who must be an active user able to work it."""
        row = self.service.task(task_id)
        self.policy.can_dispatch_task(self.principal, row).enforce()
        target = self.directory.principal(to)
        if target is None:
            raise AccessDenied(f"task {row.id} cannot be delegated to {to!r}: no active user "
                               "has that name", unit=row.unit)
        decision = self.policy.can_work_task(target, row)
        if not decision:
            raise AccessDenied(f"task {row.id} cannot be delegated to {to}: {decision.reason}",
                               roles=decision.roles, unit=decision.unit)
        return self.service.delegate(task_id, self.actor, target.username)

    # -- ending early, extending --------------------------------------------------------

    def withdraw(self, code: str, *, reason: str) -> Dossier:
        self.policy.can_withdraw(self.principal, self.service.get(code)).enforce()
        return self.service.withdraw(code, actor=self.actor, reason=reason)

    def stop(self, code: str, *, reason: str) -> Dossier:
        self.policy.can_stop(self.principal, self.service.get(code)).enforce()
        return self.service.stop(code, actor=self.actor, reason=reason)

    def extend(self, code: str, *, new_due: dt.datetime, reason: str) -> Dossier:
        self.policy.can_extend(self.principal, self.service.get(code)).enforce()
        return self.service.extend(code, new_due=new_due, reason=reason, actor=self.actor)
