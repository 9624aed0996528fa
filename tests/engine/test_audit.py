"""The hash-chained audit log: appending, verifying, and catching each kind of tampering.

Tampering goes around the ORM with plain SQL, as an attacker with database access would.
On PostgreSQL the append-only trigger refuses that, so the tamper helper first disables it
inside the test's rolled-back transaction (the test user owns the table).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from engine.dossiers.audit import (
    GENESIS_HASH,
    BreakKind,
    EventChain,
    append_event,
    event_hash,
    verify,
)
from engine.dossiers.models import Dossier, DossierEvent, DossierStatus
from tests.engine.dossier_factory import DossierFactory, vn

#: (action, from, to, task spec, task name) of a dossier's five events.
HISTORY = [
    ("submit", None, "1", None, None),
    ("receive", "1", "2", "Task_Receive", "Tiếp nhận hồ sơ"),
    ("complete_task", "2", "4", "Task_Review", "Thẩm định hồ sơ"),
    ("decide", "4", "9", "Task_Approve", "Phê duyệt"),
    ("return_result", "9", "10", "Task_Return", "Trả kết quả"),
]


def _write_history(session: Session, dossier: Dossier) -> None:
    for minutes, (action, before, after, spec, name) in enumerate(HISTORY):
        append_event(
            session, dossier, at=vn(2025, 7, 1, 9, minutes) + dt.timedelta(microseconds=123456),
            actor=f"officer-{minutes}", action=action, from_status=before, to_status=after,
            task_spec=spec, task_name=name, detail={"note": f"bước {minutes}", "n": minutes},
        )  # fmt: skip


@pytest.fixture
def dossiers(session: Session) -> tuple[Dossier, Dossier]:
    make = DossierFactory(session)
    procedure = make.procedure("1.0001")
    first = make.dossier(procedure, code="H36-250701-0001", status=DossierStatus.RETURNED)
    second = make.dossier(procedure, code="H36-250701-0002", status=DossierStatus.RETURNED)
    _write_history(session, first)
    _write_history(session, second)
    session.flush()
    return first, second


def test_a_chain_read_once_numbers_and_hashes_like_append_event(session: Session) -> None:
    """An action links its events in memory and inserts them together; the rows are
    exactly those :func:`append_event`, called once per event, writes."""
    make = DossierFactory(session)
    dossier = make.dossier(make.procedure("1.0001"), code="H36-250701-0001")
    columns = (DossierEvent.sequence, DossierEvent.prev_hash, DossierEvent.hash)
    stored = select(*columns).where(DossierEvent.dossier_id == dossier.id)
    with session.begin_nested() as one_by_one:
        _write_history(session, dossier)
        expected = session.execute(stored.order_by(DossierEvent.sequence)).all()
        one_by_one.rollback()
    with session.begin_nested() as unflushed:
        append_event(session, dossier, at=vn(2025, 7, 1), actor="x", action="note")
        chain = EventChain.read(session, dossier)  # flushes the pending event first
        assert (chain.sequence, len(session.new)) == (1, 0)
        unflushed.rollback()
    chain = EventChain.read(session, dossier)
    for minutes, (action, before, after, spec, name) in enumerate(HISTORY):
        chain.append(
            at=vn(2025, 7, 1, 9, minutes) + dt.timedelta(microseconds=123456),
            actor=f"officer-{minutes}", action=action, from_status=before, to_status=after,
            task_spec=spec, task_name=name, detail={"note": f"bước {minutes}", "n": minutes},
        )  # fmt: skip
    assert len(session.new) == len(HISTORY)  # nothing written yet
    session.flush()
    assert session.execute(stored.order_by(DossierEvent.sequence)).all() == expected


def _tamper(session: Session, statement: Any) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE dossier_events DISABLE TRIGGER USER"))
    session.execute(statement)
    session.expire_all()


def _event(session: Session, dossier: Dossier, sequence: int) -> DossierEvent:
    return session.scalars(
        select(DossierEvent).where(
            DossierEvent.dossier_id == dossier.id, DossierEvent.sequence == sequence
        )
    ).one()


def _breaks(session: Session) -> set[tuple[str, int, BreakKind]]:
    return {(b.dossier_code, b.sequence, b.kind) for b in verify(session).breaks}


def test_events_are_numbered_and_linked(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    first, _ = dossiers
    events = session.scalars(
        select(DossierEvent).where(DossierEvent.dossier_id == first.id)
        .order_by(DossierEvent.sequence)
    ).all()  # fmt: skip
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert len({e.hash for e in events}) == 5
    # The same content in the other dossier hashes differently (the code is hashed).
    assert events[0].hash != _event(session, dossiers[1], 1).hash


def test_a_clean_log_verifies(session: Session, dossiers: tuple[Dossier, Dossier]) -> None:
    report = verify(session)
    assert report.ok
    assert (report.dossiers, report.events) == (2, 10)
    one = verify(session, dossier_code="H36-250701-0002")
    assert (one.ok, one.dossiers, one.events) == (True, 1, 5)
    assert verify(session, dossier_code="H36-NOPE").dossiers == 0


def test_the_hash_format_is_pinned() -> None:
    """A change of the canonical document would orphan every stored hash: bump HASH_FORMAT."""
    arguments: dict[str, Any] = {
        "dossier_code": "H36-250701-0001", "sequence": 1, "actor": "officer",
        "action": "receive", "from_status": "1", "to_status": "2", "task_spec": None,
        "task_name": "Tiếp nhận", "detail": {"b": 1, "a": [1, 2]}, "prev_hash": GENESIS_HASH,
    }  # fmt: skip
    utc = event_hash(at=dt.datetime(2025, 7, 1, 2, 0, tzinfo=dt.UTC), **arguments)
    local = event_hash(at=vn(2025, 7, 1, 9, 0), **arguments)
    assert utc == local  # one instant, one hash, whatever the offset it was written in
    document = (
        '{"action":"receive","actor":"officer","at":"2025-07-01T02:00:00.000000+00:00",'
        '"detail":{"a":[1,2],"b":1},"dossier":"H36-250701-0001","format":1,'
        f'"from_status":"1","prev_hash":"{GENESIS_HASH}","sequence":1,'
        '"task_name":"Tiếp nhận","task_spec":null,"to_status":"2"}'
    )
    assert utc == hashlib.sha256(document.encode("utf-8")).hexdigest()
    reordered = event_hash(
        at=vn(2025, 7, 1, 9, 0), **{**arguments, "detail": {"a": [1, 2], "b": 1}}
    )
    assert reordered == utc  # detail keys are sorted


def test_append_event_refuses_naive_times_and_normalizes_detail(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    first, _ = dossiers
    with pytest.raises(ValueError, match="naive"):
        append_event(session, first, at=dt.datetime(2025, 7, 2), actor="x", action="note")
    event = append_event(session, first, at=vn(2025, 7, 2), actor="x", action="note",
                         detail={"pair": (1, 2)})  # fmt: skip
    assert event.sequence == 6
    assert event.detail == {"pair": [1, 2]}
    assert verify(session).ok


def test_an_edited_detail_is_found(session: Session, dossiers: tuple[Dossier, Dossier]) -> None:
    _, second = dossiers
    target = _event(session, second, 3)
    _tamper(session, update(DossierEvent).where(DossierEvent.id == target.id)
            .values(detail={"note": "đã sửa", "n": 2}))  # fmt: skip
    assert _breaks(session) == {("H36-250701-0002", 3, BreakKind.EDITED)}


def test_an_edited_time_is_found(session: Session, dossiers: tuple[Dossier, Dossier]) -> None:
    first, _ = dossiers
    target = _event(session, first, 4)
    _tamper(session, update(DossierEvent).where(DossierEvent.id == target.id)
            .values(at=target.at - dt.timedelta(days=2)))  # fmt: skip
    assert _breaks(session) == {("H36-250701-0001", 4, BreakKind.EDITED)}


def test_a_deleted_middle_event_is_found(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    first, _ = dossiers
    _tamper(session, delete(DossierEvent).where(DossierEvent.id == _event(session, first, 3).id))
    report = verify(session)
    assert [(b.dossier_code, b.sequence, b.kind) for b in report.breaks] == [
        ("H36-250701-0001", 3, BreakKind.DELETED)
    ]
    assert "resumes at 4" in report.breaks[0].message


def test_a_deleted_last_event_shows_in_the_status(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    """Truncating a chain leaves it valid; the dossier row still says 10, the chain 9."""
    _, second = dossiers
    _tamper(session, delete(DossierEvent).where(DossierEvent.id == _event(session, second, 5).id))
    assert _breaks(session) == {("H36-250701-0002", 4, BreakKind.STATUS_MISMATCH)}


def test_swapped_events_are_found_as_reordered(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    first, _ = dossiers
    two, three = _event(session, first, 2), _event(session, first, 3)
    columns = ("at", "actor", "action", "from_status", "to_status", "task_spec", "task_name",
               "detail", "prev_hash", "hash")  # fmt: skip
    content = {e.id: {c: getattr(e, c) for c in columns} for e in (two, three)}
    _tamper(session, update(DossierEvent).where(DossierEvent.id == two.id)
            .values(**content[three.id]))  # fmt: skip
    _tamper(session, update(DossierEvent).where(DossierEvent.id == three.id)
            .values(**content[two.id]))  # fmt: skip
    report = verify(session)
    assert {(b.dossier_code, b.sequence, b.kind) for b in report.breaks} == {
        ("H36-250701-0001", 2, BreakKind.REORDERED),
        ("H36-250701-0001", 3, BreakKind.REORDERED),
    }
    assert "written as number 3 is stored as 2" in report.breaks[0].message


def test_a_rehashed_edit_breaks_the_next_link(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    """A forger who recomputes the edited row's hash still breaks the following link."""
    first, _ = dossiers
    target = _event(session, first, 2)
    forged = event_hash(
        dossier_code=first.code, sequence=2, at=target.at, actor="someone-else",
        action=target.action, from_status=target.from_status, to_status=target.to_status,
        task_spec=target.task_spec, task_name=target.task_name, detail=target.detail,
        prev_hash=target.prev_hash,
    )  # fmt: skip
    _tamper(session, update(DossierEvent).where(DossierEvent.id == target.id)
            .values(actor="someone-else", hash=forged))  # fmt: skip
    assert _breaks(session) == {("H36-250701-0001", 3, BreakKind.BROKEN_LINK)}


def test_postgresql_refuses_update_and_delete(
    session: Session, dossiers: tuple[Dossier, Dossier]
) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    first, _ = dossiers
    target = _event(session, first, 1).id
    for statement in (
        update(DossierEvent).where(DossierEvent.id == target).values(actor="x"),
        delete(DossierEvent).where(DossierEvent.id == target),
        text("TRUNCATE dossier_events"),
    ):
        with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
            session.execute(statement)
    assert verify(session).ok
