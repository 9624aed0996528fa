"""Saved inbox filters of one principal: what they see, and the rules for changing them.

Visibility: a principal sees their own filters and those shared with a queue they work
(``"<unit>:<role>"``: member of the unit, holding the user role that works the task role,
as :meth:`engine.accounts.policy.Policy.can_work_task` and the inbox decide). Anything
else is :class:`FilterNotFound`, so an id tells nothing about other people's filters.

Changes: only the owner updates or deletes a filter (a filter shared with you is
read-only: :class:`AccessDenied`), and a filter can only be shared with a queue the owner
works themselves (an officer publishes to colleagues, not to strangers).

The query: the arguments of ``GET /tasks`` (:data:`QUERY_KEYS`), stored as the strings a
query string would carry plus ``"format": 1``. Unknown keys and bad values are refused
here with the key named, so a stored filter always runs; the API still parses the query
through the same schema as ``GET /tasks`` before running it.

Like every service here it only flushes; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.accounts.errors import AccessDenied
from engine.accounts.policy import DEFAULT_POLICY, Policy, Principal
from engine.dossiers.clock import Clock, SystemClock
from engine.dossiers.models import TaskState
from engine.dossiers.routing import candidate_group
from engine.inbox.errors import FilterConflict, FilterNotFound, FilterValidationError
from engine.inbox.models import QUERY_FORMAT, SavedFilter

__all__ = ["INBOX_VIEWS", "QUERY_KEYS", "SavedFilters", "groups_of", "validate_query"]

#: The ``view=`` values of ``GET /tasks`` (``api.tasks.services.InboxView``; a test pins
#: the two together).
INBOX_VIEWS = ("groups", "mine", "unassigned", "due_soon", "overdue")
NAME_MAX = 100


def _one_of(allowed: tuple[str, ...]) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in allowed else f"use one of {', '.join(allowed)}"
    return check


def _length(maximum: int) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if 1 <= len(value) <= maximum else f"use 1 to {maximum} characters"
    return check


def _aware(value: str) -> str | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return "use an ISO 8601 date and time, e.g. 2026-03-04T17:00:00+07:00"
    return None if parsed.tzinfo else "add the time zone offset, e.g. +07:00"


#: The filter arguments of ``GET /tasks`` (``api.tasks.schemas.InboxArgsSchema``) and the
#: check of each value (a message, or None when the value is fine).
QUERY_KEYS: dict[str, Callable[[str], str | None]] = {
    "view": _one_of(INBOX_VIEWS),
    "procedure": _length(64),
    "centre": _length(32),
    "status": _one_of(tuple(state.value for state in TaskState)),
    "due_before": _aware,
    "due_after": _aware,
}


def validate_query(query: Mapping[str, Any]) -> dict[str, Any]:
    """``query`` as stored (format 1, string values), or :class:`FilterValidationError`
    naming every bad key. ``format`` may be omitted; another format than 1 is refused."""
    if not isinstance(query, Mapping):
        raise FilterValidationError("the query must be an object of GET /tasks arguments",
                                    errors={"query": "must be an object"})
    errors: dict[str, str] = {}
    stored: dict[str, Any] = {"format": QUERY_FORMAT}
    for key, value in query.items():
        if key == "format":
            if value != QUERY_FORMAT:
                errors["query.format"] = f"{value!r} is not a known format: use {QUERY_FORMAT}"
            continue
        check = QUERY_KEYS.get(key)
        if check is None:
            errors[f"query.{key}"] = (f"{key!r} is not a GET /tasks filter: use "
                                      f"{', '.join(QUERY_KEYS)}")
        elif not isinstance(value, str):
            errors[f"query.{key}"] = f"{value!r} is not a string: send it as in a query string"
        elif (message := check(value)) is not None:
            errors[f"query.{key}"] = f"{value!r}: {message}"
        else:
            stored[key] = value
    if errors:
        raise FilterValidationError("the saved query does not match the GET /tasks filters: "
                                    + "; ".join(f"{k}: {m}" for k, m in errors.items()),
                                    errors=errors)
    return stored


def groups_of(principal: Principal, policy: Policy = DEFAULT_POLICY) -> set[str]:
    """Every ``"<unit>:<role>"`` queue ``principal`` works (the inbox's visibility rule)."""
    return {
        candidate_group(unit, task_role)
        for task_role, user_role in policy.task_roles.items()
        if user_role in principal.roles
        for unit in principal.units
    }


class SavedFilters:
    """The saved filters of one principal over one session (module docstring)."""

    def __init__(self, session: Session, principal: Principal, *,
                 policy: Policy = DEFAULT_POLICY, clock: Clock | None = None) -> None:
        self.session = session
        self.principal = principal
        self.policy = policy
        self.clock: Clock = clock or SystemClock()
        self.groups = groups_of(principal, policy)

    # -- reading ---------------------------------------------------------------------------

    def list(self) -> list[SavedFilter]:
        """Own filters first, then shared ones, each by name."""
        mine = SavedFilter.owner == self.principal.username
        visible = or_(mine, SavedFilter.shared_with_group.in_(sorted(self.groups))) if (
            self.groups) else mine
        stmt = select(SavedFilter).where(visible).order_by(
            (SavedFilter.owner != self.principal.username), SavedFilter.name, SavedFilter.id)
        return list(self.session.scalars(stmt))

    def get(self, filter_id: int) -> SavedFilter:
        """A filter the principal sees, else :class:`FilterNotFound`."""
        # An id beyond the column's range is simply not there (PostgreSQL would refuse it).
        row = self.session.get(SavedFilter, filter_id) if 0 < filter_id < 2**31 else None
        if row is None or not self.visible(row):
            raise FilterNotFound(f"no saved filter {filter_id} among yours or those shared "
                                 "with your queues; list them with GET /api/v1/task-filters")
        return row

    def visible(self, row: SavedFilter) -> bool:
        return row.owner == self.principal.username or row.shared_with_group in self.groups

    def editable(self, row: SavedFilter) -> bool:
        return row.owner == self.principal.username

    # -- writing ---------------------------------------------------------------------------

    def create(self, name: str, query: Mapping[str, Any],
               shared_with_group: str | None = None) -> SavedFilter:
        now = self._now()
        values = self._values(name, query, shared_with_group)
        row = SavedFilter(owner=self.principal.username, created_at=now, updated_at=now)
        self._save(row, values, add=True)
        return row

    def update(self, filter_id: int, name: str, query: Mapping[str, Any],
               shared_with_group: str | None = None) -> SavedFilter:
        """Replace the name, query and sharing of an own filter."""
        row = self._owned(filter_id, "changing")
        values = self._values(name, query, shared_with_group)
        self._save(row, {**values, "updated_at": self._now()}, add=False)
        return row

    def delete(self, filter_id: int) -> None:
        self.session.delete(self._owned(filter_id, "deleting"))
        self.session.flush()

    # -- rules -----------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        """In UTC, as the row reads back (the same answer before and after a reload)."""
        return self.clock.now().astimezone(dt.UTC)

    def _owned(self, filter_id: int, action: str) -> SavedFilter:
        row = self.get(filter_id)
        if not self.editable(row):
            raise AccessDenied(f"{action} saved filter {filter_id} is for its owner "
                               f"{row.owner}; it is shared with {row.shared_with_group} "
                               f"read-only: save a copy of your own instead")
        return row

    def _name(self, name: str) -> str:
        cleaned = name.strip() if isinstance(name, str) else ""
        if not 1 <= len(cleaned) <= NAME_MAX:
            raise FilterValidationError(f"a filter name needs 1 to {NAME_MAX} characters "
                                        "besides spaces",
                                        errors={"name": f"use 1 to {NAME_MAX} characters"})
        return cleaned

    def _group(self, group: str | None) -> str | None:
        if group is None:
            return None
        unit, colon, role = group.rpartition(":")
        if not (colon and unit and role in self.policy.task_roles):
            roles = ", ".join(self.policy.task_roles)
            raise FilterValidationError(
                f"{group!r} is not a queue: use '<unit>:<role>' with a role among {roles}",
                errors={"shared_with_group": "use '<unit>:<role>'"})
        if group not in self.groups:
            user_role = self.policy.task_roles[role]
            raise AccessDenied(f"sharing a filter with {group} needs the role "
                               f"{user_role.value} of unit {unit}: {self.principal.username} "
                               "does not work that queue", roles=[user_role.value], unit=unit)
        return group

    def _values(self, name: str, query: Mapping[str, Any],
                group: str | None) -> dict[str, Any]:
        return {"name": self._name(name), "query": validate_query(query),
                "shared_with_group": self._group(group)}

    def _save(self, row: SavedFilter, values: Mapping[str, Any], *, add: bool) -> None:
        """Write ``values`` into ``row`` inside a savepoint: a duplicate name undoes only
        this change, and the caller's transaction goes on."""
        try:
            with self.session.begin_nested():
                for key, value in values.items():
                    setattr(row, key, value)
                if add:
                    self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise FilterConflict(f"{self.principal.username} already has a filter named "
                                 f"{values['name']!r}: choose another name or update that "
                                 "one") from None
