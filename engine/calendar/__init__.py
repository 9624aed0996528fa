"""The working calendar and the statutory clock.

- :mod:`~engine.calendar.days`: which days are working days (a precomputed table) and
  the overrides layered on Monday-Friday;
- :mod:`~engine.calendar.official`: Vietnam's holidays, bridge days and make-up
  Saturdays (the ``holidays`` package pinned by the announced civil-service calendar);
- :mod:`~engine.calendar.hours`: a centre's office hours and Saturday service;
- :mod:`~engine.calendar.working`: :class:`WorkingCalendar`, days plus hours per centre;
- :mod:`~engine.calendar.deadlines`: statutory due dates and per-step due dates, with
  the counting conventions and their legal basis;
- :mod:`~engine.calendar.clock`: :class:`Deadline`, one dossier's clock with supplement
  pauses and its single extension.

Plain Python: the calendar is built from data passed in and holds no global state, so
the engine, an rq worker, the CLI and the simulator share it::

    calendar = WorkingCalendar.vietnam()
    due_date(datetime(2026, 2, 13, 16, 10), 3, TimeUnit.WORKING_DAYS, calendar=calendar)
    # datetime(2026, 2, 25, 17, 0): Tết closes 14-22 February
"""

from __future__ import annotations

from engine.calendar.clock import Deadline, Pause
from engine.calendar.days import CalendarOverrides, WorkingDays, date_span, epoch_day
from engine.calendar.deadlines import (
    DEFAULT_CUTOFF,
    StepDue,
    add_months,
    due_date,
    step_due_dates,
    vietnamese_moment,
)
from engine.calendar.errors import CalendarError, DeadlineError
from engine.calendar.hours import DEFAULT_OFFICE_HOURS, SATURDAY_MORNING, OfficeHours, Period
from engine.calendar.official import OFFICIAL_CALENDAR, package_holidays, vietnam_working_days
from engine.calendar.working import DEFAULT_YEARS, VIETNAM_TZ, WorkingCalendar

__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_OFFICE_HOURS",
    "DEFAULT_YEARS",
    "OFFICIAL_CALENDAR",
    "SATURDAY_MORNING",
    "VIETNAM_TZ",
    "CalendarError",
    "CalendarOverrides",
    "Deadline",
    "DeadlineError",
    "OfficeHours",
    "Pause",
    "Period",
    "StepDue",
    "WorkingCalendar",
    "WorkingDays",
    "add_months",
    "date_span",
    "due_date",
    "epoch_day",
    "package_holidays",
    "step_due_dates",
    "vietnam_working_days",
    "vietnamese_moment",
]
