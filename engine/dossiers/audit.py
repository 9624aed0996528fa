"""The hash-chained audit log of a dossier: appending events and verifying the chains.

Why a chain: a dossier's history decides whether it was handled on time (Decision 766)
and who did what, so it must not be quietly rewritten. Every event stores the SHA-256 of
its own content together with the hash of the event before it (``prev_hash``; 64 zeros
for the first event). Editing a row, deleting one, or moving rows around leaves a hash
that no longer matches its content or a link that no longer matches its neighbour, and
:func:`verify` (``motcua audit verify``) names the dossier and the sequence number.

What the chain does not do: it has no secret, so someone who can write the table *and*
recompute every later hash can forge a consistent chain, and deleting a dossier's newest
events leaves a shorter but valid chain (the status check below catches the common case
where the dossier row still shows the later status). On PostgreSQL a trigger (migration
``a3f1c9d2e4b7``) also refuses ``UPDATE``/``DELETE``/``TRUNCATE`` on the table, so
tampering needs a table owner who disables it first.

Concurrency: :func:`append_event` numbers an event ``max(sequence) + 1`` within the
dossier. Two transactions appending to one dossier at once would pick the same number:
a service that also changes the dossier row fails on its ``lock_version`` first, and in
any case the ``(dossier_id, sequence)`` unique constraint makes the second commit fail
instead of forking the chain (retry it).

An action that records several events (an officer's step and the status changes it
causes) reads the head of the chain once (:meth:`EventChain.read`) and links the
following events in memory (:meth:`EventChain.append`), so they reach the database in
one multi-row ``INSERT`` at the next flush; the numbers and hashes are exactly those that
:func:`append_event`, called once per event, would have given.

The hash covers a canonical JSON document (sorted keys, no whitespace, UTF-8, the
timestamp in UTC ISO 8601 with microseconds) so it is the same on SQLite and PostgreSQL
and in any later Python. :data:`HASH_FORMAT` is part of the hashed document: a change of
what is hashed must bump it and teach :func:`verify` the old format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from engine.dossiers.models import Dossier, DossierEvent

__all__ = [
    "EMPTY_CHAIN",
    "GENESIS_HASH",
    "HASH_FORMAT",
    "AuditReport",
    "BreakKind",
    "ChainBreak",
    "EventChain",
    "append_event",
    "canonical_json",
    "check_chain",
    "event_hash",
    "verify",
]

#: ``prev_hash`` of a dossier's first event.
GENESIS_HASH = "0" * 64
#: (sequence, hash) of the head of a dossier's chain before its first event.
EMPTY_CHAIN = (0, GENESIS_HASH)
#: Version of the hashed document's shape (part of every hash).
HASH_FORMAT = 1
#: A row of :func:`verify`'s query: the dossier's code and status, then the event's columns.
EventRow: TypeAlias = Row[Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any, Any]
#: Rows fetched per round trip while verifying (the table is streamed, never loaded).
_BATCH = 2000


class BreakKind(StrEnum):
    """How a chain is broken."""

    EDITED = "edited"  # the row's content does not hash to its stored hash
    DELETED = "deleted"  # a sequence number is missing
    REORDERED = "reordered"  # the row hashes correctly, but at another position
    BROKEN_LINK = "broken_link"  # prev_hash is not the previous event's hash
    STATUS_MISMATCH = "status_mismatch"  # the dossier's status is not the chain's last


@dataclass(frozen=True)
class ChainBreak:
    """One place where a dossier's chain does not verify."""

    dossier_code: str
    sequence: int
    kind: BreakKind
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "dossier": self.dossier_code,
            "sequence": self.sequence,
            "kind": str(self.kind),
            "message": self.message,
        }


@dataclass
class AuditReport:
    """What :func:`verify` checked and every break it found (empty when all is well)."""

    dossiers: int = 0
    events: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dossiers": self.dossiers,
            "events": self.events,
            "breaks": [item.as_dict() for item in self.breaks],
        }


def canonical_json(value: Any) -> str:
    """``value`` as the one JSON text that is hashed: sorted keys, compact, no NaN.

    Raises ``TypeError``/``ValueError`` for what JSON cannot hold, so such a detail is
    refused when written rather than stored in a form the hash cannot reproduce.
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def _utc_iso(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}: pass a timezone-aware value")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    dossier_code: str,
    sequence: int,
    at: dt.datetime,
    actor: str,
    action: str,
    from_status: str | None,
    to_status: str | None,
    task_spec: str | None,
    task_name: str | None,
    detail: Mapping[str, Any] | None,
    prev_hash: str,
) -> str:
    """The SHA-256 (hex) of one event's canonical document."""
    document = {
        "format": HASH_FORMAT,
        "dossier": dossier_code,
        "sequence": sequence,
        "at": _utc_iso(at),
        "actor": actor,
        "action": action,
        "from_status": None if from_status is None else str(from_status),
        "to_status": None if to_status is None else str(to_status),
        "task_spec": task_spec,
        "task_name": task_name,
        "detail": dict(detail or {}),
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


_HEAD = (select(DossierEvent.sequence, DossierEvent.hash)  # built once: cheaper to run
         .where(DossierEvent.dossier_id == bindparam("dossier_id"))
         .order_by(DossierEvent.sequence.desc()).limit(1))


class EventChain:
    """The head of one dossier's chain, read once and moved on by each event appended.

    :meth:`read` it in the transaction that appends; :meth:`append` adds events to the
    session without flushing, and the caller's next flush inserts them together. Nothing
    else may append to the dossier in between (its services record one action at a time).
    """

    def __init__(self, session: Session, dossier: Dossier, sequence: int, head_hash: str):
        self.session, self.dossier = session, dossier
        self.sequence, self.head_hash = sequence, head_hash  # of the last event (EMPTY_CHAIN)

    @classmethod
    def read(cls, session: Session, dossier: Dossier) -> EventChain:
        """The chain as it stands in this transaction (one ``SELECT``).

        The session is flushed only when it holds unflushed events or a dossier without
        its id, so a caller's pending row changes are not written ahead of time.
        """
        if dossier.id is None or any(isinstance(obj, DossierEvent) for obj in session.new):
            session.flush()
        with session.no_autoflush:
            previous = session.execute(_HEAD, {"dossier_id": dossier.id}).first()
        return cls(session, dossier, *(EMPTY_CHAIN if previous is None else previous))

    def append(self, *, at: dt.datetime, actor: str, action: str,
               from_status: str | None = None, to_status: str | None = None,
               task_spec: str | None = None, task_name: str | None = None,
               detail: Mapping[str, Any] | None = None) -> DossierEvent:
        """Add the next event to the session (not flushed) and move the head to it."""
        event = DossierEvent(
            dossier_id=self.dossier.id, sequence=self.sequence + 1,
            at=dt.datetime.fromisoformat(_utc_iso(at)), actor=actor, action=action,
            from_status=None if from_status is None else str(from_status),
            to_status=None if to_status is None else str(to_status),
            task_spec=task_spec, task_name=task_name, prev_hash=self.head_hash,
            detail=json.loads(canonical_json(dict(detail or {}))),  # as it will read back
        )
        event.hash = event_hash(
            dossier_code=self.dossier.code, sequence=event.sequence, at=event.at,
            actor=actor, action=action, from_status=event.from_status,
            to_status=event.to_status, task_spec=task_spec, task_name=task_name,
            detail=event.detail, prev_hash=event.prev_hash)
        self.session.add(event)
        self.sequence, self.head_hash = event.sequence, event.hash
        return event


def append_event(session: Session, dossier: Dossier, *, at: dt.datetime, actor: str,
                 action: str, from_status: str | None = None, to_status: str | None = None,
                 task_spec: str | None = None, task_name: str | None = None,
                 detail: Mapping[str, Any] | None = None) -> DossierEvent:
    """Add the next event of ``dossier``'s chain to ``session`` and return it.

    The session is flushed first: the sequence number and ``prev_hash`` come from the
    database, so the dossier needs its id and earlier events of this transaction must be
    visible. The caller commits (or rolls back) with the rest of its unit of work. The
    stored ``detail`` is the JSON round trip of the one passed in, so that what is read
    back hashes exactly like what was written (tuples become lists, and so on).
    """
    session.flush()
    return EventChain.read(session, dossier).append(
        at=at, actor=actor, action=action, from_status=from_status, to_status=to_status,
        task_spec=task_spec, task_name=task_name, detail=detail)


def verify(session: Session, *, dossier_code: str | None = None) -> AuditReport:
    """Recompute every chain (or one dossier's) and report each break.

    The events are streamed in (dossier, sequence) order and checked one dossier at a
    time, so memory holds one dossier's events, never the table.
    """
    stmt = (
        select(
            Dossier.code,
            Dossier.status,
            DossierEvent.sequence,
            DossierEvent.at,
            DossierEvent.actor,
            DossierEvent.action,
            DossierEvent.from_status,
            DossierEvent.to_status,
            DossierEvent.task_spec,
            DossierEvent.task_name,
            DossierEvent.detail,
            DossierEvent.prev_hash,
            DossierEvent.hash,
        )
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .order_by(DossierEvent.dossier_id, DossierEvent.sequence)
        .execution_options(yield_per=_BATCH)
    )
    if dossier_code is not None:
        stmt = stmt.where(Dossier.code == dossier_code)
    report = AuditReport()
    rows = session.execute(stmt)
    for _code, chain in itertools.groupby(rows, key=lambda row: row.code):
        events = list(chain)
        report.dossiers += 1
        report.events += len(events)
        report.breaks.extend(check_chain(events))
    return report


def _recompute(row: EventRow, sequence: int) -> str:
    return event_hash(
        dossier_code=row.code,
        sequence=sequence,
        at=row.at,
        actor=row.actor,
        action=row.action,
        from_status=row.from_status,
        to_status=row.to_status,
        task_spec=row.task_spec,
        task_name=row.task_name,
        detail=row.detail,
        prev_hash=row.prev_hash,
    )


def _written_positions(rows: Sequence[EventRow]) -> dict[str, int]:
    """Each stored hash → the sequence its event was written at, by following the links.

    Swapping rows (or their sequence numbers) keeps each row's ``prev_hash``/``hash`` pair
    intact, so walking the links back to the genesis hash recovers where a row was first
    written. Rows whose links lead to a missing event get no entry.
    """
    by_hash = {row.hash: row for row in rows}
    positions: dict[str, int] = {}
    for row in rows:
        trail: list[str] = []
        current: EventRow | None = row
        while current is not None and current.hash not in positions:
            if current.hash in trail:  # a cycle can only come from forged rows
                break
            trail.append(current.hash)
            current = by_hash.get(current.prev_hash)
        if current is not None and current.hash in positions:
            base = positions[current.hash]
        elif trail and by_hash[trail[-1]].prev_hash == GENESIS_HASH:
            base = 0
        else:
            continue
        for offset, digest in enumerate(reversed(trail), start=1):
            positions[digest] = base + offset
    return positions


def check_chain(rows: Sequence[EventRow]) -> Iterable[ChainBreak]:
    """The breaks of one dossier's chain, given its rows in sequence order."""
    positions = _written_positions(rows)
    previous: EventRow | None = None
    previous_moved = False
    for row in rows:
        code, sequence = row.code, row.sequence
        expected = 1 if previous is None else previous.sequence + 1
        content = _content_break(row, positions)
        if content is not None:
            yield content
        if sequence > expected:
            missing = f"{expected}" if sequence == expected + 1 else f"{expected}-{sequence - 1}"
            yield ChainBreak(
                code,
                expected,
                BreakKind.DELETED,
                f"event(s) {missing} are missing; the chain resumes at {sequence}",
            )
        elif (
            content is None
            and not previous_moved
            and row.prev_hash != (GENESIS_HASH if previous is None else previous.hash)
        ):
            yield ChainBreak(
                code,
                sequence,
                BreakKind.BROKEN_LINK,
                "the event was not written after the event now before it: an "
                "earlier event was removed, inserted or rewritten",
            )
        previous = row
        previous_moved = content is not None and content.kind is BreakKind.REORDERED
    yield from _status_break(rows)


def _content_break(row: EventRow, positions: Mapping[str, int]) -> ChainBreak | None:
    """An edited or moved row, or None when the row hashes to its stored hash."""
    if _recompute(row, row.sequence) == row.hash:
        return None
    written = positions.get(row.hash)
    if written is not None and written != row.sequence and _recompute(row, written) == row.hash:
        return ChainBreak(
            row.code,
            row.sequence,
            BreakKind.REORDERED,
            f"the event written as number {written} is stored as {row.sequence}",
        )
    return ChainBreak(
        row.code,
        row.sequence,
        BreakKind.EDITED,
        "the event's content does not match its hash: it was edited",
    )


def _status_break(rows: Sequence[EventRow]) -> Iterable[ChainBreak]:
    """Compare the last status the chain records with the dossier's current status."""
    recorded = [row for row in rows if row.to_status is not None]
    if not recorded:
        return
    last = recorded[-1]
    if str(last.to_status) != str(last.status):
        yield ChainBreak(
            last.code,
            last.sequence,
            BreakKind.STATUS_MISMATCH,
            f"the dossier is in status {last.status} but its last recorded status is "
            f"{last.to_status} (event {last.sequence}): later events may have been deleted",
        )
