"""From an event table to samples: step names, office minutes, paired durations, cases.

Lifecycle: :func:`extract` walks an :class:`~simulations.eventlogs.EventTable` once, case
by case, and returns :class:`Samples`: per step the processing times (``start`` or
``assign`` → ``complete``) and queue waits (``schedule`` → ``start``), the citizen's waits
(supplement request → supplement returned; payment requested → paid), and one
:class:`CaseFacts` per case (procedure, centre, channel, arrival, refused, supplements).

Processing times and queue waits are *office minutes* (time inside the centre's opening
hours on working days), because the simulator's work distributions are minutes of open
time: a task started at 11:00 and finished at 14:00 took 60 office minutes, not 180. The
citizen's waits are elapsed minutes, as the simulator's supplement and fee delays are.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from engine.calendar import DEFAULT_OFFICE_HOURS, WorkingCalendar
from engine.calendar.errors import CalendarError
from engine.calendar.hours import OfficeHours, seconds_of_day
from simulations.errors import CalibrationError
from simulations.eventlogs import EventTable

__all__ = [
    "REFUSAL_MARKERS",
    "SUPPLEMENT_REQUEST_MARKERS",
    "WAIT_STEPS",
    "CaseFacts",
    "OfficeClock",
    "Samples",
    "extract",
    "step_of",
]

_STEPS = ("receive", "resolve", "return", "eresult", "appraise", "inspect", "consult",
          "approve", "sign", "supplement", "fee")  # fmt: skip
#: the engine's task names (bpmn.archetypes) → step
_TASK_NAMES = {
    "tiếp nhận, kiểm tra hồ sơ": "receive",
    "thẩm định hồ sơ": "appraise",
    "phê duyệt kết quả": "approve",
    "trả kết quả": "return",
    "trả kết quả tại quầy": "return",
    "trả kết quả điện tử": "return",
    "kiểm tra thực địa": "inspect",
    "giải quyết tại quầy": "resolve",
    "ký duyệt kết quả": "sign",
    "tiếp nhận hồ sơ bổ sung (mẫu 02)": "supplement",
    "xác nhận nộp phí, lệ phí": "fee",
}
REFUSAL_MARKERS = frozenset(
    {"refuse", "refusal", "refused", "event_refused", "từ chối tiếp nhận (mẫu 03)"}
)
SUPPLEMENT_REQUEST_MARKERS = frozenset({"request_supplement", "supplement_request"})
#: steps that are the citizen's time, not an officer's work: elapsed minutes from the
#: marker that opens the wait to the one that closes it (or the step's completion)
WAIT_STEPS = ("supplement", "fee")
_WAIT_OPENS = {marker: "supplement" for marker in SUPPLEMENT_REQUEST_MARKERS} | {
    "await_payment": "fee"
}
_WAIT_CLOSES = {"resume": "supplement", "pay": "fee"}
#: engine actions whose XES transition the export leaves at ``complete``
_ACTION_LIFECYCLE = {
    "claim": "assign",
    "claim_task": "assign",
    "assign_task": "assign",
    "create_task": "schedule",
    "start_task": "start",
    "complete_task": "complete",
    "unclaim": "unknown",
    "cancel_task": "ate_abort",
}
_T = TypeVar("_T")
_ABORTS = frozenset({"ate_abort", "pi_abort", "withdraw", "manualskip", "autoskip"})
_ONLINE = frozenset({"online", "electronic", "internet", "dvc", "1"})
_POSTAL = frozenset({"postal", "post", "mail", "bưu chính", "2"})


def step_of(activity: str) -> str | None:
    """The compiler's step name of an activity (task id, step name or task name)."""
    name = activity.strip().lower()
    name = name.removeprefix("task_")
    if name.startswith("consult") or name.startswith("cho ý kiến"):
        return "consult"
    if name in _STEPS:
        return name
    return _TASK_NAMES.get(name)


def channel_of(value: str) -> str:
    low = value.strip().lower()
    if low in _ONLINE:
        return "online"
    if low in _POSTAL:
        return "postal"
    return "in_person"


class OfficeClock:
    """Office minutes since the first day of a log, for many events at once.

    The same quantity as :meth:`engine.calendar.WorkingCalendar.office_position`, computed
    with numpy over every event of a log (millions of calls of the scalar method would
    dominate the calibration time): working days before an event's day times the day's
    office minutes, plus the office minutes elapsed in the day, by linear interpolation
    over the opening periods.
    """

    def __init__(self, first_day: int, last_day: int, hours: OfficeHours = DEFAULT_OFFICE_HOURS):
        epoch = dt.date(1970, 1, 1)
        first, last = epoch + dt.timedelta(first_day), epoch + dt.timedelta(last_day)
        try:
            calendar = WorkingCalendar.vietnam(range(first.year, last.year + 1))
        except CalendarError as error:
            raise CalibrationError(
                f"no working calendar covers the log's dates {first} to {last}: {error}"
            ) from None
        days = [first + dt.timedelta(i) for i in range(last_day - first_day + 1)]
        self.first_day = first_day
        self.working = np.array([calendar.is_working_day(d) for d in days], dtype=bool)
        self.before = np.concatenate(([0], np.cumsum(self.working)[:-1]))
        edges = [(seconds_of_day(p.start) / 60, seconds_of_day(p.end) / 60) for p in hours.periods]
        self.tod_x = np.array([x for pair in edges for x in pair])
        self.tod_y = np.concatenate(([0.0], np.cumsum([b - a for a, b in edges])))
        self.tod_y = np.repeat(self.tod_y, 2)[1:-1]
        self.day_minutes = float(self.tod_y[-1])

    def position(self, minute: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        day = np.floor(minute / 1440.0).astype(np.int64)
        index = day - self.first_day
        elapsed = np.interp(minute - day * 1440.0, self.tod_x, self.tod_y)
        office = np.where(self.working[index], elapsed, 0.0)
        return self.before[index] * self.day_minutes + office

    def is_working_day(self, day: int) -> bool:
        return bool(self.working[day - self.first_day])


@dataclass
class CaseFacts:
    """What the routing and demand estimates need of one case."""

    procedure: str
    field: str
    centre: str
    channel: str
    arrival: float  # local minutes since 1970-01-01
    refused: bool = False
    supplements: int = 0  # supplement requests (each one a pass through the gateway)


@dataclass
class Samples:
    """Everything :func:`extract` found, in office minutes."""

    processing: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    waiting: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    waits: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    unpaired: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unmapped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cases: list[CaseFacts] = field(default_factory=list)
    channel_recorded: bool = False
    clock: OfficeClock | None = None


class _Open:
    """Open instances of one activity within one case: FIFO lists of moments."""

    def __init__(self) -> None:
        self.scheduled: list[float] = []
        self.assigned: list[float] = []
        self.started: list[float] = []


def _pair(state: _Open, lifecycle: str, at: float, step: str, out: Samples) -> None:
    """Advance one activity instance through the XES transitional lifecycle."""
    if lifecycle in ("schedule", "create"):
        state.scheduled.append(at)
    elif lifecycle in ("assign", "reassign"):
        if not state.started:
            state.assigned.append(at)
    elif lifecycle == "start":
        if state.scheduled:
            out.waiting[step].append(at - state.scheduled.pop(0))
        if state.assigned:
            state.assigned.pop(0)
        state.started.append(at)
    elif lifecycle == "complete":
        opened = state.started or state.assigned
        if opened:
            out.processing[step].append(at - opened.pop(0))
        else:
            out.unpaired[step] += 1
        if state.scheduled and not opened:
            state.scheduled.pop(0)
    elif lifecycle in _ABORTS:
        for pending in (state.scheduled, state.assigned, state.started):
            pending.clear()


def _by_value(values: list[str], fn: Callable[[str], _T]) -> list[_T]:
    """``fn`` of every value, computed once per distinct value (logs repeat a few names)."""
    mapped = {value: fn(value) for value in dict.fromkeys(values)}
    return [mapped[value] for value in values]


class _Events:
    """Per-event facts of a table as plain lists (indexing lists is what the case loop does
    millions of times; numpy object arrays are slower to index one element at a time)."""

    def __init__(self, table: EventTable, office: npt.NDArray[np.float64]) -> None:
        self.table = table
        self.office: list[float] = office.tolist()
        self.activity: list[str] = table.activity.tolist()
        actions: list[str] = table.action.tolist()
        self.step = _by_value(self.activity, step_of)
        by_action = _by_value(actions, lambda a: _ACTION_LIFECYCLE.get(a.lower(), ""))
        by_column = _by_value(table.lifecycle.tolist(), str.lower)
        self.lifecycle = [a or c for a, c in zip(by_action, by_column, strict=True)]
        marks = _by_value(self.activity, _marks)
        action_marks = _by_value(actions, _marks)
        self.refusal = [a[0] or b[0] for a, b in zip(marks, action_marks, strict=True)]
        self.request = [a[1] or b[1] for a, b in zip(marks, action_marks, strict=True)]
        self.minute: list[float] = table.minute.tolist()
        self.opens = [
            a or b
            for a, b in zip(
                _by_value(self.activity, lambda v: _WAIT_OPENS.get(v.lower())),
                _by_value(actions, lambda v: _WAIT_OPENS.get(v.lower())),
                strict=True,
            )
        ]
        self.closes = _by_value(actions, lambda v: _WAIT_CLOSES.get(v.lower()))
        same = table.activity == table.action
        self.transition: list[bool] = ((table.action != "") & same).tolist()


def _marks(name: str) -> tuple[bool, bool]:
    low = name.lower()
    return low in REFUSAL_MARKERS, low in SUPPLEMENT_REQUEST_MARKERS


def _first_per_case(values: npt.NDArray[np.object_], bounds: npt.NDArray[np.int64]) -> list[str]:
    """The first non-empty value of each case (rows ``bounds[k]:bounds[k + 1]``), or ""."""
    filled = np.flatnonzero(values != "")
    if len(filled) == 0:
        return [""] * (len(bounds) - 1)
    at = np.searchsorted(filled, bounds[:-1])
    row = filled[np.minimum(at, len(filled) - 1)]
    inside = (at < len(filled)) & (row < bounds[1:])
    return np.where(inside, values[row], "").tolist()  # type: ignore[no-any-return]


def _facts(table: EventTable, bounds: npt.NDArray[np.int64]) -> list[CaseFacts]:
    """Procedure, field, centre, channel and arrival of every case, column by column."""
    columns = [_first_per_case(c, bounds) for c in (table.procedure, table.field, table.centre)]
    channels = [channel_of(c) if c else "" for c in _first_per_case(table.channel, bounds)]
    if np.any(table.action != ""):  # the engine's log: online dossiers start with "submit"
        first = np.char.lower(table.action[bounds[:-1]].astype(str)) == "submit"
        inferred = np.where(first, "online", "in_person").tolist()
        channels = [c or i for c, i in zip(channels, inferred, strict=True)]
    arrivals = table.minute[bounds[:-1]].tolist()
    return [
        CaseFacts(procedure=p, field=f, centre=c, channel=ch, arrival=a)
        for p, f, c, ch, a in zip(*columns, channels, arrivals, strict=True)
    ]


def _case(events: _Events, lo: int, hi: int, facts: CaseFacts, out: Samples) -> None:
    """Pair the events of rows ``lo:hi`` (one case) and complete its facts."""
    states: dict[str, _Open] = defaultdict(_Open)
    waiting: dict[str, float] = {}  # wait step -> elapsed minute it opened
    for i in range(lo, hi):
        at, step = events.office[i], events.step[i]
        lifecycle = events.lifecycle[i] or "complete"
        facts.refused |= events.refusal[i]
        opens = events.opens[i] or (
            step if step in WAIT_STEPS and lifecycle == "schedule" else None
        )
        if opens is not None:
            waiting.setdefault(opens, events.minute[i])
            facts.supplements += events.request[i]
        closes = events.closes[i] or (step if lifecycle == "complete" else None)
        if closes in waiting:
            out.waits[closes].append(events.minute[i] - waiting.pop(closes))
        if step is not None:
            _pair(states[events.activity[i]], lifecycle, at, step, out)
        elif not (events.refusal[i] or events.transition[i] or opens or closes):
            out.unmapped[events.activity[i]] += 1
    out.cases.append(facts)


def extract(table: EventTable) -> Samples:
    """Samples and case facts of every case of ``table`` (module docstring)."""
    days = np.floor(table.minute / 1440.0).astype(np.int64)
    clock = OfficeClock(int(days.min()), int(days.max()))
    events = _Events(table, clock.position(table.minute))
    out = Samples(clock=clock, channel_recorded=bool(np.any(table.channel != "")))
    bounds = table.case_bounds()
    cases = _facts(table, bounds)
    for (lo, hi), facts in zip(itertools.pairwise(bounds.tolist()), cases, strict=True):
        _case(events, lo, hi, facts, out)
    return out
