"""Office hours of a centre: when the statutory clock runs, and when citizens are served.

Two schedules, because they answer different questions:

- ``periods`` are the office hours of a working day (default 07:30-11:30 and
  13:30-17:00). Only they count for deadlines ("office time"): hours-based procedures,
  fractions of a working day, supplement pauses. Every working day has the same periods,
  make-up Saturdays included, so a working day always holds the same office time; that is
  what lets :class:`~engine.calendar.working.WorkingCalendar` turn a moment into a
  position on one office-time axis and compute with arithmetic rather than loops.
- ``saturday`` is the optional Saturday-morning service (commonly 07:30-11:30): a centre
  receives and returns dossiers then, so the simulator and the reception desk see it
  open, but a Saturday is not a working day and none of it counts for deadlines.

Times are wall-clock times of a day in Vietnam (UTC+7, no daylight saving).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time, timedelta
from typing import NamedTuple

from engine.calendar.errors import CalendarError

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "SATURDAY_MORNING",
    "OfficeHours",
    "Period",
    "seconds_of_day",
]


def seconds_of_day(moment: time) -> float:
    """Seconds since midnight, microseconds included."""
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


class Period(NamedTuple):
    """One opening of a day, ``start`` included, ``end`` excluded."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def _validate(periods: tuple[Period, ...], what: str) -> None:
    previous_end: time | None = None
    for period in periods:
        if period.start >= period.end:
            raise CalendarError(f"{what} {period}: a period must start before it ends")
        if previous_end is not None and period.start < previous_end:
            raise CalendarError(
                f"{what} {period} starts before the previous period ends ({previous_end:%H:%M}); "
                "list periods in order without overlaps"
            )
        previous_end = period.end


#: The usual Saturday-morning service, 07:30-11:30.
SATURDAY_MORNING = (Period(time(7, 30), time(11, 30)),)


@dataclass(frozen=True)
class OfficeHours:
    """A centre's weekday office hours and its optional Saturday service."""

    periods: tuple[Period, ...] = (
        Period(time(7, 30), time(11, 30)),
        Period(time(13, 30), time(17, 0)),
    )
    saturday: tuple[Period, ...] = ()

    def __post_init__(self) -> None:
        if not self.periods:
            raise CalendarError("office hours need at least one period on working days")
        _validate(self.periods, "office hours")
        _validate(self.saturday, "Saturday service")

    @classmethod
    def of(cls, *periods: tuple[str, str], saturday: bool = False) -> OfficeHours:
        """From ``("07:30", "11:30"), ("13:30", "17:00")``; ``saturday`` adds the morning."""
        try:
            parsed = tuple(Period(time.fromisoformat(a), time.fromisoformat(b)) for a, b in periods)
        except ValueError as error:
            raise CalendarError(f"office hours {periods!r}: use HH:MM times ({error})") from None
        return cls(parsed, SATURDAY_MORNING if saturday else ())

    def with_saturday_morning(self) -> OfficeHours:
        return replace(self, saturday=SATURDAY_MORNING)

    @property
    def opening(self) -> time:
        return self.periods[0].start

    @property
    def closing(self) -> time:
        """The end of a working day: the due moment of a day-based deadline."""
        return self.periods[-1].end

    @property
    def seconds_per_day(self) -> float:
        """Office time in one working day (27,000 s, 7 h 30 min, by default)."""
        return sum(seconds_of_day(p.end) - seconds_of_day(p.start) for p in self.periods)

    def elapsed(self, moment: time) -> float:
        """Office seconds of a working day before ``moment`` (0 before opening)."""
        now = seconds_of_day(moment)
        total = 0.0
        for period in self.periods:
            start, end = seconds_of_day(period.start), seconds_of_day(period.end)
            if now <= start:
                break
            total += min(now, end) - start
        return total

    def after(self, office_seconds: float) -> timedelta:
        """The time of day (since midnight) when ``office_seconds`` of the day have passed.

        A moment on the end of a period is that end (11:30, not 13:30): a due date is
        the end of the office time it needs, not the start of the next opening.
        """
        remaining = office_seconds
        for period in self.periods:
            start, end = seconds_of_day(period.start), seconds_of_day(period.end)
            if remaining <= end - start:
                return timedelta(seconds=start + remaining)
            remaining -= end - start
        return timedelta(seconds=seconds_of_day(self.closing))

    @staticmethod
    def open_in(periods: tuple[Period, ...], moment: time) -> bool:
        return any(p.start <= moment < p.end for p in periods)

    @staticmethod
    def next_start(periods: tuple[Period, ...], moment: time) -> time | None:
        """``moment`` if inside a period, else the next period start that day, else None."""
        for period in periods:
            if moment < period.end:
                return max(moment, period.start)
        return None


DEFAULT_OFFICE_HOURS = OfficeHours()
