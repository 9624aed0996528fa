"""Saved inbox filters (``engine.inbox``): visibility, the owner-only and sharing rules,
query validation, names, and the model's constraints (both backends)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.accounts.errors import AccessDenied
from engine.accounts.models import Role, User
from engine.accounts.policy import Principal
from engine.accounts.services import AccountService
from engine.dossiers.clock import FixedClock
from engine.inbox.errors import FilterConflict, FilterNotFound, FilterValidationError
from engine.inbox.models import SavedFilter
from engine.inbox.services import QUERY_KEYS, SavedFilters, groups_of, validate_query

T0 = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
CENTRE, AGENCY, OTHER_AGENCY = "000.00.00.H36", "000.00.33.H36", "000.00.34.H36"

#: username → (roles, units)
USERS: dict[str, tuple[list[str], list[str]]] = {
    "thu": (["receiver"], [CENTRE]),
    "lan": (["specialist"], [AGENCY]),
    "long": (["specialist"], [AGENCY]),
    "hoa": (["specialist"], [OTHER_AGENCY]),
    "minh": (["leader", "specialist"], [AGENCY]),
    "quan": (["admin"], []),
}

Filters = Callable[[str], SavedFilters]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def filters(session: Session, clock: FixedClock) -> Filters:
    accounts = AccountService(session, clock=clock)
    for name, (roles, units) in USERS.items():
        accounts.create_user(name, roles=roles, units=units)
    session.flush()

    def of(username: str) -> SavedFilters:
        user = session.scalars(select(User).where(User.username == username)).one()
        return SavedFilters(session, Principal.of(user), clock=clock)

    return of


def test_groups_are_the_queues_the_principal_works() -> None:
    lan = Principal(1, "lan", frozenset({Role.SPECIALIST}), frozenset({AGENCY}))
    assert groups_of(lan) == {f"{AGENCY}:specialist", f"{AGENCY}:partner"}
    admin = Principal(2, "quan", frozenset({Role.ADMIN}), frozenset({AGENCY}))
    assert groups_of(admin) == set()


def test_own_filters_are_private_until_shared(filters: Filters, clock: FixedClock) -> None:
    mine = filters("lan").create("  Của tôi ", {"view": "mine"})
    assert (mine.owner, mine.name, mine.query) == ("lan", "Của tôi",
                                                   {"format": 1, "view": "mine"})
    assert mine.created_at == mine.updated_at == T0
    assert [f.name for f in filters("lan").list()] == ["Của tôi"]
    for other in ("long", "minh", "hoa", "thu"):
        assert filters(other).list() == [], other
        with pytest.raises(FilterNotFound, match=str(mine.id)):
            filters(other).get(mine.id)
    clock.advance(dt.timedelta(minutes=5))
    shared = filters("lan").update(mine.id, "Của tôi", {"view": "mine"},
                                   f"{AGENCY}:specialist")
    assert shared.updated_at == T0 + dt.timedelta(minutes=5) > shared.created_at
    assert [f.id for f in filters("long").list()] == [mine.id]
    assert [f.id for f in filters("minh").list()] == [mine.id]  # leader and specialist
    assert filters("hoa").list() == []  # a specialist of another agency
    assert filters("thu").list() == []
    assert filters("quan").list() == []  # the admin role works no queue
    assert not filters("long").editable(filters("long").get(mine.id))


def test_own_filters_come_before_shared_ones(filters: Filters) -> None:
    filters("long").create("A shared", {}, f"{AGENCY}:partner")
    filters("lan").create("Z mine", {})
    filters("lan").create("B mine", {"status": "completed"})
    assert [(f.owner, f.name) for f in filters("lan").list()] == [
        ("lan", "B mine"), ("lan", "Z mine"), ("long", "A shared")]


@pytest.mark.parametrize("action", ["update", "delete"])
def test_only_the_owner_changes_or_deletes(filters: Filters, action: str) -> None:
    row = filters("lan").create("Hạn gần", {"view": "due_soon"}, f"{AGENCY}:specialist")
    long = filters("long")
    attempt = {"update": lambda: long.update(row.id, "Của long", {}),
               "delete": lambda: long.delete(row.id)}[action]
    with pytest.raises(AccessDenied, match="lan") as denied:
        attempt()
    assert "read-only" in str(denied.value)
    with pytest.raises(FilterNotFound):  # cannot even see it
        filters("hoa").delete(row.id)
    assert filters("lan").get(row.id).name == "Hạn gần"
    filters("lan").delete(row.id)
    with pytest.raises(FilterNotFound):
        filters("lan").get(row.id)


@pytest.mark.parametrize(("user", "group"), [
    ("lan", f"{OTHER_AGENCY}:specialist"),  # not a member of that unit
    ("lan", f"{AGENCY}:leader"),  # a member, without the role
    ("thu", f"{AGENCY}:receiver"),
    ("quan", f"{AGENCY}:receiver"),
])
def test_sharing_only_with_a_queue_the_owner_works(filters: Filters, user: str,
                                                   group: str) -> None:
    with pytest.raises(AccessDenied, match="does not work that queue") as denied:
        filters(user).create("x", {}, group)
    assert denied.value.unit == group.rpartition(":")[0]
    row = filters(user).create("x", {})
    with pytest.raises(AccessDenied):
        filters(user).update(row.id, "x", {}, group)
    assert filters(user).get(row.id).shared_with_group is None


@pytest.mark.parametrize("group", ["nounit", f"{AGENCY}:", ":specialist",
                                   f"{AGENCY}:planner"])
def test_a_malformed_group_is_a_validation_error(filters: Filters, group: str) -> None:
    with pytest.raises(FilterValidationError, match="<unit>:<role>") as invalid:
        filters("lan").create("x", {}, group)
    assert set(invalid.value.errors) == {"shared_with_group"}


@pytest.mark.parametrize(("query", "fields", "words"), [
    ({"views": "mine"}, {"query.views"}, "not a GET /tasks filter"),
    ({"view": "someday"}, {"query.view"}, "groups, mine"),
    ({"status": "done", "page": "2"}, {"query.status", "query.page"}, "open, completed"),
    ({"due_before": "2026-03-04T17:00:00"}, {"query.due_before"}, "time zone"),
    ({"due_after": "tomorrow"}, {"query.due_after"}, "ISO 8601"),
    ({"procedure": ""}, {"query.procedure"}, "1 to 64"),
    ({"centre": 36}, {"query.centre"}, "not a string"),
    ({"format": 2}, {"query.format"}, "not a known format"),
])
def test_query_keys_and_values_are_checked(filters: Filters, query: dict[str, object],
                                           fields: set[str], words: str) -> None:
    with pytest.raises(FilterValidationError, match=words) as invalid:
        filters("lan").create("x", query)
    assert set(invalid.value.errors) == fields
    assert filters("lan").list() == []


def test_a_valid_query_is_stored_with_its_format() -> None:
    query = {"format": 1, "view": "overdue", "procedure": "1.000002", "centre": AGENCY,
             "status": "open", "due_before": "2026-03-04T17:00:00+07:00",
             "due_after": "2026-03-01T00:00:00Z"}
    assert validate_query(query) == query
    assert validate_query({}) == {"format": 1}
    assert set(QUERY_KEYS) == {"view", "procedure", "centre", "status", "due_before",
                               "due_after"}
    with pytest.raises(FilterValidationError, match="object"):
        validate_query(["view"])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_names_need_one_to_a_hundred_characters(filters: Filters, name: str) -> None:
    with pytest.raises(FilterValidationError, match="1 to 100") as invalid:
        filters("lan").create(name, {})
    assert set(invalid.value.errors) == {"name"}


def test_names_are_unique_per_owner(filters: Filters, session: Session) -> None:
    first = filters("lan").create("Việc của tôi", {"view": "mine"})
    filters("long").create("Việc của tôi", {"view": "mine"})  # another owner: fine
    with pytest.raises(FilterConflict, match="Việc của tôi"):
        filters("lan").create("Việc của tôi", {})
    other = filters("lan").create("Khác", {})
    with pytest.raises(FilterConflict):
        filters("lan").update(other.id, "Việc của tôi", {})
    session.expire_all()
    assert {f.name for f in filters("lan").list()} == {"Việc của tôi", "Khác"}
    assert filters("lan").get(first.id).query == {"format": 1, "view": "mine"}


def test_filters_go_with_their_owner(filters: Filters, session: Session) -> None:
    filters("lan").create("x", {})
    session.delete(session.scalars(select(User).where(User.username == "lan")).one())
    session.flush()
    session.expire_all()
    assert session.scalars(select(SavedFilter)).all() == []


def test_the_public_names_are_pinned() -> None:
    from engine.inbox import errors, models, services  # noqa: PLC0415 - the modules themselves

    assert services.__all__ == ["INBOX_VIEWS", "QUERY_KEYS", "SavedFilters", "groups_of",
                                "validate_query"]
    assert models.__all__ == ["QUERY_FORMAT", "SavedFilter"]
    assert errors.__all__ == ["FilterConflict", "FilterNotFound", "FilterValidationError",
                              "InboxError"]
