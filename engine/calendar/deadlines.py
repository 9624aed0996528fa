"""Statutory due dates: when a dossier received at a moment must be resolved.

The conventions, by unit (``bpmn.catalog.model.TimeUnit``), and why:

Reception. A dossier received outside the office hours of a working day (evening,
weekend, holiday, Saturday service) is taken as received at the next opening of a
working day: the clock runs only in working time, and a Saturday service receives
dossiers without making Saturday a working day.

``WORKING_DAYS``, more than one. Counted from the working day after the reception day,
which is not counted ("kể từ ngày nhận đủ hồ sơ hợp lệ"; Civil Code 2015 art. 147: a
period in days starts the day after the event). The due moment is the close of office
hours (17:00 by default) of the last counted day: deadlines run on office days, and the
receipt (Form 01) gives a time to collect the result. Received Friday 13 February 2026
at 16:10, 3 working days: Tết closes 14-22 February, so Monday 23 is day 1 and the
dossier is due Wednesday 25 February at 17:00.

``WORKING_DAYS``, one or less (same-day procedures). Received on a working day before
15:00 (``same_day_cutoff``) they are due at 17:00 that day; at or after 15:00, or outside
office hours, at 17:00 the next working day. This is the rule of the civil-status and
certification procedures (e.g. Decree 23/2015/NĐ-CP on chứng thực: "sau 15 giờ ... trả
kết quả trong ngày làm việc tiếp theo"), which DESIGN.md adopts for every same-day
procedure.

Fractions of a working day (step budgets are multiples of 0.25) are office time: a
fraction ``f`` of a day is ``f`` of that day's office time, counted from its opening,
so ``n`` whole days always end at the closing of day ``n``. In an eight-hour day 0.25 is
2 office hours; with the default 7 h 30 min (07:30-11:30, 13:30-17:00) it is 1 h 52 min
30 s. For a same-day procedure "the day" is what is left of the reception day (from the
reception to 17:00), or the whole next working day after the cutoff.

``HOURS``. Office hours counted from the reception moment (Civil Code 2015 art. 147(1):
a period in hours starts at the moment of the event); lunch, nights and days off do not
count. Received 14:00, 8 hours, default hours: 3 h that day (14:00-17:00), 4 h the next
morning, 1 h after lunch: due 14:30 the next working day (14:00 in an eight-hour day).
No 15:00 cutoff: the hours themselves measure what is left of the day.

``DAYS`` (calendar days). Counted from the day after reception, every day counting; if
the last day is not a working day the period ends on the next working day (Civil Code
2015 art. 148(2)); the due moment is the closing of that day. A fraction of a day
rounds up to the whole day: calendar days have no office hours to divide.

``MONTHS``. The same day of the month ``n`` months after reception, clamped to the
month's end (31 January + 1 month = 28 or 29 February), moved to the next working day if
needed, due at closing. A fraction of a month counts 30-day months (Civil Code 2015
art. 146) in whole days, never beyond the next whole month.

Every due date is a pure function of the reception moment, the time, the unit and the
calendar, so cumulative step budgets give step due dates whose last is the statutory one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as TimeOfDay
from typing import NamedTuple

from bpmn.catalog.model import StepBudget, TimeUnit
from engine.calendar.errors import DeadlineError
from engine.calendar.working import WorkingCalendar, from_local, to_local

__all__ = [
    "DEFAULT_CUTOFF",
    "StepDue",
    "add_months",
    "check_amount",
    "due_date",
    "parse_unit",
    "step_due_dates",
    "vietnamese_moment",
]

#: Same-day procedures received at or after this time are due the next working day.
DEFAULT_CUTOFF = TimeOfDay(15, 0)
_DAYS_PER_MONTH = 30  # Civil Code 2015 art. 146: a month is thirty days
_SECONDS_PER_HOUR = 3600
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


class StepDue(NamedTuple):
    """A step of a procedure and the moment it must be finished."""

    step: str
    budget: float
    due: datetime


def parse_unit(unit: TimeUnit | str) -> TimeUnit:
    try:
        return TimeUnit(unit)
    except ValueError:
        names = ", ".join(u.value for u in TimeUnit)
        raise DeadlineError(f"unknown time unit {unit!r}; use one of {names}") from None


def check_amount(amount: float, what: str) -> None:
    """Refuse a time that is not a positive finite number, naming ``what`` it is."""
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        raise DeadlineError(f"{what} must be a number, not {amount!r}")
    if not math.isfinite(amount) or amount <= 0:
        raise DeadlineError(f"{what} must be a positive number, not {amount!r}")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last = (following - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _ceil(amount: float) -> int:
    return math.ceil(round(amount, 9))  # 0.1 + 0.2 must not round 0.3 up to 1


@dataclass(frozen=True)
class _Count:
    """One reception's frame of count: turns an amount of the unit into a due moment."""

    calendar: WorkingCalendar
    centre: str | None
    unit: TimeUnit
    received: datetime  # as given (its time zone is the answer's)
    start: datetime  # the effective reception: naive Vietnam time in working time
    same_day: bool
    cutoff: TimeOfDay

    @classmethod
    def of(
        cls,
        received: datetime,
        total: float,
        unit: TimeUnit,
        *,
        calendar: WorkingCalendar,
        centre: str | None,
        cutoff: TimeOfDay,
    ) -> _Count:
        start = to_local(calendar.next_working_time(received, centre))
        same_day = unit is TimeUnit.WORKING_DAYS and total <= 1
        return cls(calendar, centre, unit, received, start, same_day, cutoff)

    def due(self, amount: float) -> datetime:
        if self.unit is TimeUnit.WORKING_DAYS:
            local = self._working_days(amount)
        elif self.unit is TimeUnit.HOURS:
            position = self.calendar.office_position(self.start, self.centre)
            local = self.calendar.from_office_position(
                position + amount * _SECONDS_PER_HOUR, self.centre
            )
        else:
            local = self.calendar.closing(self._last_day(amount), self.centre)
        return from_local(local, self.received)

    def _working_days(self, amount: float) -> datetime:
        calendar, centre = self.calendar, self.centre
        day_length = calendar.hours(centre).seconds_per_day
        if self.same_day and self.start.time() < self.cutoff:
            origin = calendar.office_position(self.start, centre)
            window = calendar.office_position(calendar.closing(self.start, centre), centre) - origin
        else:
            first = calendar.next_working_day(self.start.date())
            origin = calendar.office_position(calendar.opening(first, centre), centre)
            window = day_length
        return calendar.from_office_position(origin + amount * window, centre)

    def _last_day(self, amount: float) -> date:
        received = self.start.date()
        if self.unit is TimeUnit.DAYS:
            last = received + timedelta(days=_ceil(amount))
        else:
            whole = math.floor(amount)
            last = add_months(received, whole)
            if amount > whole:
                extra = last + timedelta(days=_ceil((amount - whole) * _DAYS_PER_MONTH))
                last = min(extra, add_months(received, whole + 1))
        return self.calendar.days.roll_forward(last)


def due_date(
    received: datetime,
    time: float,
    unit: TimeUnit | str,
    *,
    calendar: WorkingCalendar,
    centre: str | None = None,
    same_day_cutoff: TimeOfDay = DEFAULT_CUTOFF,
) -> datetime:
    """The statutory due moment of a dossier received at ``received`` (module docstring)."""
    unit = parse_unit(unit)
    check_amount(time, f"the statutory time in {unit}")
    return _Count.of(
        received, time, unit, calendar=calendar, centre=centre, cutoff=same_day_cutoff
    ).due(time)


def step_due_dates(
    received: datetime,
    steps: Sequence[StepBudget],
    unit: TimeUnit | str,
    *,
    calendar: WorkingCalendar,
    centre: str | None = None,
    statutory_time: float | None = None,
    same_day_cutoff: TimeOfDay = DEFAULT_CUTOFF,
) -> tuple[StepDue, ...]:
    """Each step's due moment: its cumulative budget counted from reception.

    The steps share one frame of count, the statutory one (a same-day procedure's steps
    share its same-day window), so the last step's due is :func:`due_date` of the total.
    ``statutory_time``, when given, must equal the budgets' sum.
    """
    unit = parse_unit(unit)
    if not steps:
        raise DeadlineError("a procedure needs at least one step budget")
    for step in steps:
        if isinstance(step.budget, bool) or not math.isfinite(step.budget) or step.budget < 0:
            raise DeadlineError(f"step {step.step!r} has budget {step.budget!r}; use 0 or more")
    total = math.fsum(step.budget for step in steps)
    check_amount(total, f"the sum of the step budgets in {unit}")
    if statutory_time is not None and not math.isclose(total, statutory_time, abs_tol=1e-9):
        raise DeadlineError(
            f"the step budgets sum to {total:g} {unit}, the statutory time is "
            f"{statutory_time:g}; fix the catalogue row"
        )
    count = _Count.of(
        received, total, unit, calendar=calendar, centre=centre, cutoff=same_day_cutoff
    )
    dues: list[StepDue] = []
    cumulative = 0.0
    for index, step in enumerate(steps):
        cumulative = total if index == len(steps) - 1 else cumulative + step.budget
        dues.append(StepDue(step.step, step.budget, count.due(cumulative)))
    return tuple(dues)


def vietnamese_moment(moment: datetime) -> str:
    """``17:00 thứ Tư, 25/02/2026``: how a receipt writes an appointment."""
    local = to_local(moment)
    clock = f"{local:%H:%M:%S}" if local.second or local.microsecond else f"{local:%H:%M}"
    return f"{clock} {_WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"
