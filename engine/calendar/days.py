"""Which days are working days: a precomputed table over a fixed span of years.

Why a table: the engine asks "n working days after this date" for every dossier and the
simulator asks it for every simulated dossier (about 1.2 million a province-year), so
every question here is answered by array lookups, in O(1), never by walking day by day.

The table starts from Monday-Friday and applies layers of :class:`CalendarOverrides` in
order, the later winning: the ``holidays`` package's public holidays, the official
civil-service calendar (:mod:`engine.calendar.official`), then any province's own
overrides. Layers are data passed in; nothing here reads a global.

Vocabulary shared by every method:

- *index* of a date: the number of working days before it in the table, which is also
  the position of the first working day on or after it;
- ``add(d, n)`` is the n-th working day after ``d`` (``d`` itself not counted), and
  ``between(a, b)`` is its inverse: the working days in ``(a, b]``.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from engine.calendar.errors import CalendarError

__all__ = ["EPOCH", "CalendarOverrides", "WorkingDays", "date_span", "epoch_day"]

#: Day 0 of :func:`epoch_day`; numpy's ``datetime64[D]`` counts from the same day.
EPOCH = date(1970, 1, 1)
_EPOCH_ORDINAL = EPOCH.toordinal()
_SATURDAY = 5


def epoch_day(day: date) -> int:
    """Days since 1970-01-01, the integer numpy uses for ``datetime64[D]``."""
    return day.toordinal() - _EPOCH_ORDINAL


@dataclass(frozen=True)
class CalendarOverrides:
    """Days taken off and days worked against the Monday-Friday rule, with their source.

    One value per decision (a Government announcement, a province's decision), so that
    every deviation from the weekly rule can be traced to a document. ``days_off`` may
    name weekend days too: an announced break "from Saturday 14 to Sunday 22 February"
    is recorded as announced, and the Saturday service stays closed on those days.
    """

    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    source: str = ""

    def __post_init__(self) -> None:
        both = self.days_off & self.working_days
        if both:
            raise CalendarError(
                f"{min(both).isoformat()} is both a day off and a working day in the "
                f"overrides {self.source!r}; keep it in one of the two"
            )

    @classmethod
    def of(
        cls,
        *,
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
        source: str = "",
    ) -> CalendarOverrides:
        """Build from any iterables (lists, ranges of dates); see :func:`date_span`."""
        return cls(frozenset(days_off), frozenset(working_days), source)


def date_span(first: date, last: date) -> tuple[date, ...]:
    """Every date from ``first`` to ``last`` inclusive: an announced break as data."""
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


class WorkingDays:
    """The working days of ``years``: Monday-Friday, then each override layer in order.

    Three arrays, built once: a flag per day, the running count of working days before
    each day (``rank``), and the sorted working days themselves. Dates outside the years
    raise :class:`CalendarError` rather than guess: a deadline computed from a calendar
    that does not know the year would silently ignore its holidays.
    """

    def __init__(self, years: range, layers: Iterable[CalendarOverrides] = ()) -> None:
        if len(years) == 0 or years.step != 1:
            raise CalendarError(
                f"years must be a non-empty range of consecutive years, not {years}"
            )
        self.years = years
        self.first_day = date(years.start, 1, 1)
        self.last_day = date(years.stop - 1, 12, 31)
        self._base = self.first_day.toordinal()
        size = self.last_day.toordinal() - self._base + 1
        first_weekday = self.first_day.weekday()
        flags = bytearray(1 if (first_weekday + i) % 7 < _SATURDAY else 0 for i in range(size))
        declared_off: set[date] = set()
        for layer in layers:
            for day in layer.days_off:
                if self.first_day <= day <= self.last_day:
                    flags[day.toordinal() - self._base] = 0
                    declared_off.add(day)
            for day in layer.working_days:
                if self.first_day <= day <= self.last_day:
                    flags[day.toordinal() - self._base] = 1
                    declared_off.discard(day)
        self._flags = bytes(flags)
        self._declared_off = frozenset(declared_off)
        rank = array("l", [0]) * (size + 1)
        ordinals = array("l")
        count = 0
        for i, flag in enumerate(self._flags):
            rank[i] = count
            if flag:
                ordinals.append(self._base + i)
                count += 1
        rank[size] = count
        self._rank = rank
        self._ordinals = ordinals
        self.epoch_days = array("l", (o - _EPOCH_ORDINAL for o in ordinals))
        """Working days as :func:`epoch_day` numbers, sorted, one ``int64`` each.

        For numpy: ``np.searchsorted(np.asarray(cal.epoch_days), days)`` is
        :meth:`index` of every day in ``days`` (``datetime64[D]`` viewed as ``int64``),
        and ``np.asarray(cal.epoch_days)[i]`` is :meth:`day_at`.
        """

    def __len__(self) -> int:
        """How many working days the table holds."""
        return len(self._ordinals)

    def _offset(self, day: date) -> int:
        offset = day.toordinal() - self._base
        if not 0 <= offset < len(self._flags):
            raise CalendarError(
                f"{day.isoformat()} is outside the calendar's years "
                f"{self.years.start}-{self.years.stop - 1}; build the calendar with "
                "years=range(...) covering it"
            )
        return offset

    def is_working_day(self, day: date) -> bool:
        return bool(self._flags[self._offset(day)])

    def is_declared_off(self, day: date) -> bool:
        """A holiday, bridge day or other day off named by a layer (weekends included)."""
        self._offset(day)
        return day in self._declared_off

    def index(self, day: date) -> int:
        """Working days before ``day``: the index of the first working day on or after it."""
        return self._rank[self._offset(day)]

    def day_at(self, index: int) -> date:
        """The working day at ``index`` (inverse of :meth:`index` on working days)."""
        if not 0 <= index < len(self._ordinals):
            raise CalendarError(
                f"working day #{index} is outside the calendar's years "
                f"{self.years.start}-{self.years.stop - 1}; build the calendar with more years"
            )
        return date.fromordinal(self._ordinals[index])

    def count_through(self, day: date) -> int:
        """Working days up to and including ``day``."""
        return self._rank[self._offset(day) + 1]

    def roll_forward(self, day: date) -> date:
        """``day`` if it is a working day, else the next one."""
        return self.day_at(self.index(day))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.day_at(self.count_through(day))

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self.day_at(self.index(day) - 1)

    def add(self, day: date, n: int) -> date:
        """The n-th working day after ``day``, not counting ``day`` itself.

        ``n == 0`` rolls ``day`` forward to a working day; a negative ``n`` counts back
        (one working day before a Saturday is the Friday).
        """
        if isinstance(n, bool) or not isinstance(n, int):
            raise CalendarError(
                f"add_working_days takes a whole number of days, not {n!r}; "
                "fractions of a day are counted by engine.calendar.due_date"
            )
        if n > 0:
            return self.day_at(self.count_through(day) + n - 1)
        return self.day_at(self.index(day) + n)

    def between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``; negative when ``end`` is before ``start``.

        ``between(d, add(d, n)) == n`` for every ``n >= 1``.
        """
        return self.count_through(end) - self.count_through(start)
