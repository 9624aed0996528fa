"""The working calendar: working days plus each centre's office hours.

One object answers the day questions (is this a working day, n working days later), the
office-time questions the statutory clock asks (office seconds between two moments, a
moment plus office seconds) and the service question the simulator and the reception
desk ask (is the centre open now, when does it open next).

Office-time axis. Every working day of a centre holds the same office time ``L`` (see
:mod:`engine.calendar.hours`), so a moment maps to one number: ``index(day) * L`` plus the
office seconds already elapsed that day, where moments outside office hours map to the
next opening. Differences of positions are office seconds, and a position plus office
seconds maps back to a moment; both are O(1). The simulator may use the axis directly
(:meth:`WorkingCalendar.office_position`) to pause service over nights and holidays
arithmetically.

Times: a naive ``datetime`` is Vietnam wall-clock time; an aware one is converted to
Vietnam time (UTC+7) and results come back in the caller's time zone.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from types import MappingProxyType

from engine.calendar.days import CalendarOverrides, WorkingDays
from engine.calendar.errors import CalendarError
from engine.calendar.hours import DEFAULT_OFFICE_HOURS, OfficeHours
from engine.calendar.official import (
    OFFICIAL_CALENDAR,
    HolidaySource,
    package_holidays,
    vietnam_working_days,
)

__all__ = ["DEFAULT_YEARS", "VIETNAM_TZ", "WorkingCalendar", "from_local", "to_local"]

VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")
#: Years a calendar covers unless told otherwise (31 years build in about 50 ms).
DEFAULT_YEARS = range(2015, 2046)
_SATURDAY = 5


def to_local(moment: datetime) -> datetime:
    """Vietnam wall-clock time, naive."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(VIETNAM_TZ).replace(tzinfo=None)


def from_local(local: datetime, like: datetime) -> datetime:
    """``local`` (naive Vietnam time) in the time zone of ``like`` (naive stays naive)."""
    if like.tzinfo is None:
        return local
    return local.replace(tzinfo=VIETNAM_TZ).astimezone(like.tzinfo)


class WorkingCalendar:
    """Working days and office hours, per centre; immutable once built.

    ``centre_hours`` maps a centre code to its hours; other centres use ``office_hours``.
    Build Vietnam's calendar with :meth:`vietnam`; tests may build one from any
    :class:`WorkingDays`.
    """

    def __init__(
        self,
        days: WorkingDays,
        *,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        centre_hours: Mapping[str, OfficeHours] | None = None,
    ) -> None:
        self.days = days
        self.office_hours = office_hours
        self.centre_hours: Mapping[str, OfficeHours] = MappingProxyType(dict(centre_hours or {}))

    @classmethod
    def vietnam(
        cls,
        years: range = DEFAULT_YEARS,
        *,
        overrides: Iterable[CalendarOverrides] = (),
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        centre_hours: Mapping[str, OfficeHours] | None = None,
        official: Mapping[int, tuple[CalendarOverrides, ...]] = OFFICIAL_CALENDAR,
        source: HolidaySource = package_holidays,
    ) -> WorkingCalendar:
        """Vietnam's civil-service calendar; ``overrides`` are the province's own days."""
        days = vietnam_working_days(years, overrides, official=official, source=source)
        return cls(days, office_hours=office_hours, centre_hours=centre_hours)

    def hours(self, centre: str | None = None) -> OfficeHours:
        if centre is None:
            return self.office_hours
        return self.centre_hours.get(centre, self.office_hours)

    # -- days -------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return self.days.is_working_day(_day(day))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.days.next_working_day(_day(day))

    def previous_working_day(self, day: date) -> date:
        return self.days.previous_working_day(_day(day))

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (not counted); see :meth:`WorkingDays.add`."""
        return self.days.add(_day(day), n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``: ``add_working_days(a, n)`` gives back ``n``."""
        return self.days.between(_day(start), _day(end))

    def working_day_index(self, day: date) -> int:
        """Working days before ``day`` in this calendar (for the simulator's day numbers)."""
        return self.days.index(_day(day))

    def date_of_working_day_index(self, index: int) -> date:
        return self.days.day_at(index)

    @property
    def epoch_days(self) -> array[int]:
        """Sorted working days as days since 1970-01-01; see :attr:`WorkingDays.epoch_days`."""
        return self.days.epoch_days

    # -- service: when citizens are served ----------------------------------------------

    def has_saturday_service(self, day: date, centre: str | None = None) -> bool:
        """Whether ``centre`` serves citizens this Saturday.

        Not on a day off, and not on a Saturday joined to one (Friday before or Monday
        after): it is then part of the long weekend the Government announces.
        """
        day = _day(day)
        if not self.hours(centre).saturday or day.weekday() != _SATURDAY:
            return False
        if self.days.is_working_day(day):
            return False  # a make-up Saturday: the full weekday schedule applies
        return not any(self._declared_off(day + timedelta(days=shift)) for shift in (-1, 0, 2))

    def is_open(self, moment: datetime, centre: str | None = None) -> bool:
        """Whether ``centre`` serves citizens at ``moment`` (Saturday service included)."""
        local = to_local(moment)
        hours = self.hours(centre)
        if self.days.is_working_day(local.date()):
            return hours.open_in(hours.periods, local.time())
        if self.has_saturday_service(local.date(), centre):
            return hours.open_in(hours.saturday, local.time())
        return False

    def next_opening(self, moment: datetime, centre: str | None = None) -> datetime:
        """``moment`` if the centre is open then, else when it next opens to citizens."""
        local = to_local(moment)
        hours = self.hours(centre)
        working = self._next_working_time(local, hours)
        day = local.date()
        while day < working.date():  # at most the days of one holiday break
            if self.has_saturday_service(day, centre):
                since = local.time() if day == local.date() else time.min
                start = hours.next_start(hours.saturday, since)
                if start is not None:
                    return from_local(datetime.combine(day, start), moment)
            day += timedelta(days=1)
        return from_local(working, moment)

    # -- office time: what the statutory clock counts -------------------------------------

    def is_working_time(self, moment: datetime, centre: str | None = None) -> bool:
        """Whether the statutory clock runs at ``moment`` (office hours of a working day)."""
        local = to_local(moment)
        hours = self.hours(centre)
        return self.days.is_working_day(local.date()) and hours.open_in(hours.periods, local.time())

    def next_working_time(self, moment: datetime, centre: str | None = None) -> datetime:
        """``moment`` if the clock runs then, else the next opening of a working day."""
        return from_local(self._next_working_time(to_local(moment), self.hours(centre)), moment)

    def opening(self, day: date, centre: str | None = None) -> datetime:
        return datetime.combine(_day(day), self.hours(centre).opening)

    def closing(self, day: date, centre: str | None = None) -> datetime:
        return datetime.combine(_day(day), self.hours(centre).closing)

    def working_seconds_between(
        self, start: datetime, end: datetime, centre: str | None = None
    ) -> float:
        """Office seconds of working days in ``[start, end)``; negative if reversed."""
        if (start.tzinfo is None) != (end.tzinfo is None):
            raise CalendarError(
                f"cannot compare {start.isoformat()} and {end.isoformat()}: "
                "give both with a time zone or both without"
            )
        return self.office_position(end, centre) - self.office_position(start, centre)

    def add_working_seconds(
        self, moment: datetime, seconds: float, centre: str | None = None
    ) -> datetime:
        """The moment ``seconds`` of office time after ``moment``.

        Landing on the end of a day gives that day's closing, not the next opening.
        """
        if seconds < 0:
            raise CalendarError(f"cannot add {seconds:g} office seconds; count forward only")
        if seconds == 0:
            return moment
        position = self.office_position(moment, centre) + seconds
        return from_local(self.from_office_position(position, centre), moment)

    def office_position(self, moment: datetime, centre: str | None = None) -> float:
        """Office seconds from the calendar's first opening to ``moment``."""
        local = to_local(moment)
        hours = self.hours(centre)
        day = local.date()
        position = self.days.index(day) * hours.seconds_per_day
        if self.days.is_working_day(day):
            position += hours.elapsed(local.time())
        return round(position, 6)

    def from_office_position(
        self, position: float, centre: str | None = None, *, end_of_day: bool = True
    ) -> datetime:
        """The naive local moment at ``position``; a day boundary is the closing time
        (``end_of_day``) or the next opening."""
        hours = self.hours(centre)
        whole, rest = divmod(round(position, 6), hours.seconds_per_day)
        index = int(whole)
        if rest == 0 and end_of_day and index > 0:
            return self.closing(self.days.day_at(index - 1), centre)
        return datetime.combine(self.days.day_at(index), time.min) + hours.after(rest)

    # -- helpers ---------------------------------------------------------------------------

    def _next_working_time(self, local: datetime, hours: OfficeHours) -> datetime:
        day = local.date()
        if self.days.is_working_day(day):
            start = hours.next_start(hours.periods, local.time())
            if start is not None:
                return datetime.combine(day, start) if start != local.time() else local
        return datetime.combine(self.days.next_working_day(day), hours.opening)

    def _declared_off(self, day: date) -> bool:
        days = self.days
        return days.first_day <= day <= days.last_day and days.is_declared_off(day)


def _day(day: date) -> date:
    """A date, also from a datetime: its day in Vietnam (the time of day is irrelevant)."""
    return to_local(day).date() if isinstance(day, datetime) else day
