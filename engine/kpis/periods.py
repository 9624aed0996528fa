"""Reporting periods in Vietnam time.

Why: timestamps are stored in UTC, but a month, a day and a reporting period are Vietnam's
(UTC+7, no daylight saving). A dossier received at 06:00 on 1 July in Lâm Đồng was
received at 23:00 on 30 June UTC and belongs to July's report. Periods are half-open
``[start, end)`` instants, so consecutive periods never count a dossier twice.
"""

from __future__ import annotations

import datetime as dt

from engine.calendar.working import VIETNAM_TZ

__all__ = ["VIETNAM_TZ", "as_instant", "day_period", "month_period"]


def as_instant(value: dt.date | dt.datetime) -> dt.datetime:
    """A period bound as an aware instant: a date means midnight of that day in Vietnam."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware value or a date")
        return value
    return dt.datetime.combine(value, dt.time(), tzinfo=VIETNAM_TZ)


def day_period(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """``[first_day 00:00, last_day + 1 00:00)`` in Vietnam time: both days included."""
    if last_day < first_day:
        raise ValueError(f"the period ends ({last_day}) before it starts ({first_day})")
    return as_instant(first_day), as_instant(last_day + dt.timedelta(days=1))


def month_period(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The calendar month in Vietnam time."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return as_instant(dt.date(year, month, 1)), as_instant(following)
