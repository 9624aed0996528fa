"""The current time, injected; and a dossier's statutory clock, rebuilt from its history.

Services never read the system clock themselves: they get a :class:`Clock`, the real one
in production (:class:`SystemClock`) and a :class:`FixedClock` in tests and simulations,
so that "received on Tuesday at 09:00, supplement requested on Thursday" is reproducible
to the second against the real working calendar.

The statutory clock of a dossier is a :class:`engine.calendar.Deadline`: reception,
supplement pauses and the single extension (Form 04). The dossier row keeps only the
results (``due_at``, ``paused_seconds``, ``extended_at``); the pauses themselves are in
the hash-chained event log, the one record nobody edits, so :func:`statutory_clock`
replays it: an event entering status 5 starts a pause, the next event leaving 5 ends it,
an ``extend`` event sets the new date. Nothing about the clock is stored twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol

from bpmn.catalog.model import TimeUnit
from engine.calendar import Deadline, Pause
from engine.dossiers.models import Dossier, DossierEvent, DossierStatus

__all__ = ["EXTEND_ACTION", "Clock", "FixedClock", "SystemClock", "statutory_clock"]

#: The event action that records an extension; its detail holds ``new_due`` (ISO 8601).
EXTEND_ACTION = "extend"
_PAUSED = DossierStatus.SUPPLEMENT.value


class Clock(Protocol):
    """Where a service reads the current instant (timezone-aware)."""

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real time, in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that shows what it is told: tests move it with :meth:`set`/:meth:`advance`."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = _aware(at)

    def now(self) -> dt.datetime:
        return self._at

    def set(self, at: dt.datetime) -> None:
        self._at = _aware(at)

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        self._at += delta
        return self._at


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}: a clock shows timezone-aware instants")
    return at


def statutory_clock(
    dossier: Dossier, events: Iterable[DossierEvent], *, time: float, unit: TimeUnit | str
) -> Deadline:
    """The dossier's :class:`Deadline`, replayed from its events (module docstring).

    ``time`` and ``unit`` are the statutory time of the version the dossier runs on.
    The dossier must have been received (status 1 has no clock yet).
    """
    if dossier.received_at is None:
        raise ValueError(f"dossier {dossier.code} has not been received: its clock has not started")
    deadline = Deadline(dossier.received_at, time, TimeUnit(unit), centre=dossier.received_centre)
    pauses: list[Pause] = []
    for event in events:
        if event.to_status == _PAUSED and event.from_status != _PAUSED:
            pauses.append(Pause(event.at))
        elif event.from_status == _PAUSED and event.to_status not in (None, _PAUSED):
            if pauses and pauses[-1].end is None:
                pauses[-1] = Pause(pauses[-1].start, event.at)
        elif event.action == EXTEND_ACTION:
            new_due = dt.datetime.fromisoformat(str(event.detail["new_due"]))
            deadline = replace(deadline, extended_to=new_due, extended_at=event.at)
    return replace(deadline, pauses=tuple(pauses))
