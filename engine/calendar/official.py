"""Vietnam's working days: the ``holidays`` package, pinned by the official announcements.

Three layers, the later winning (:class:`~engine.calendar.days.CalendarOverrides`):

1. ``holidays.country_holidays("VN")`` (0.109 here): the statutory holidays of Labor Code
   2019 art. 112 (1 January; five Tết days; Hùng Kings' day; 30 April; 1 May; 2 September
   and an adjacent day), the compensatory day when one falls on a weekend (art. 112(3),
   "nghỉ bù"), and the swaps of working days it knows (``weekend_workdays``).
2. :data:`OFFICIAL_CALENDAR`: the civil-service calendar as announced each year, for
   the years we checked. It adds what the package lacks (New Year 2026's bridge day) and
   pins what it has, so a deadline does not move with the installed ``holidays`` version
   (``pyproject.toml`` allows any release from 0.60). Each row names its legal source.
3. A province's own overrides, passed in by the caller (extra days off for a local event,
   extra working days), never read from a global.

The civil-service calendar is the right one: deadlines run on the working days of the
agencies that resolve the dossiers. Years after the table's last one carry only the
package's statutory days until the Government announces that year's bridge days and
make-up Saturdays; add a row then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from importlib.metadata import version
from types import MappingProxyType

import holidays

from engine.calendar.days import CalendarOverrides, WorkingDays, date_span

__all__ = ["OFFICIAL_CALENDAR", "package_holidays", "vietnam_working_days"]

HolidaySource = Callable[[range], CalendarOverrides]

#: The announced civil-service calendar, one row per announcement, keyed by year.
#: Breaks are recorded as announced, weekends included (the Saturday service is closed
#: then); ``working_days`` are the make-up Saturdays (ngày làm bù).
OFFICIAL_CALENDAR: Mapping[int, tuple[CalendarOverrides, ...]] = MappingProxyType(
    {
        2025: (
            # Tết Ất Tỵ: Saturday 25 January to Sunday 2 February (Mon 27 - Fri 31 off).
            CalendarOverrides.of(
                days_off=date_span(date(2025, 1, 25), date(2025, 2, 2)),
                source="Tết 2025: Thông báo 6150/TB-BLĐTBXH (12/11/2024), "
                "after Công văn 8726/VPCP-KGVX",
            ),
            # 30/4-1/5: Wednesday 30 April to Sunday 4 May; Friday 2 May is worked on
            # Saturday 26 April instead.
            CalendarOverrides.of(
                days_off=date_span(date(2025, 4, 30), date(2025, 5, 4)),
                working_days=(date(2025, 4, 26),),
                source="30/4-1/5/2025: Thông báo 6150/TB-BLĐTBXH (12/11/2024)",
            ),
            # National Day: Saturday 30 August to Tuesday 2 September; Monday 1 September is
            # the day adjacent to 2 September of Labor Code 2019 art. 112(1)(đ).
            CalendarOverrides.of(
                days_off=date_span(date(2025, 8, 30), date(2025, 9, 2)),
                source="2/9/2025: Labor Code 2019 art. 112(1)(đ); Thông báo 6150/TB-BLĐTBXH",
            ),
        ),
        2026: (
            # New Year: Thursday 1 to Sunday 4 January; Friday 2 January is worked on
            # Saturday 10 January instead. The holidays package (0.109) lacks this swap.
            CalendarOverrides.of(
                days_off=date_span(date(2026, 1, 1), date(2026, 1, 4)),
                working_days=(date(2026, 1, 10),),
                source="1/1/2026: Văn bản 12729/VPCP-KGVX (25/12/2025), "
                "announced by the Ministry of Home Affairs",
            ),
            # Tết Bính Ngọ: Saturday 14 to Sunday 22 February (27 tháng Chạp Ất Tỵ to mùng 6
            # Bính Ngọ); the five statutory days are Monday 16 to Friday 20, so no swap.
            CalendarOverrides.of(
                days_off=date_span(date(2026, 2, 14), date(2026, 2, 22)),
                source="Tết 2026: the Prime Minister's approval of the Ministry of Home "
                "Affairs' nine-day plan, announced October 2025",
            ),
        ),
    }
)


def package_holidays(years: range) -> CalendarOverrides:
    """The ``holidays`` package's Vietnamese days off and worked Saturdays for ``years``.

    Observed (compensatory) days are included: they are days off for civil servants.
    ``weekend_workdays`` also holds swaps of neighbouring years; only ``years`` are kept.
    """
    table = holidays.country_holidays("VN", years=years)
    days_off = frozenset(table.keys())
    worked = frozenset(
        day
        for day in getattr(table, "weekend_workdays", ())  # older releases lack it
        if day.year in years and day not in days_off
    )
    return CalendarOverrides(days_off, worked, f"holidays {version('holidays')} (VN)")


def vietnam_working_days(
    years: range,
    overrides: Iterable[CalendarOverrides] = (),
    *,
    official: Mapping[int, tuple[CalendarOverrides, ...]] = OFFICIAL_CALENDAR,
    source: HolidaySource = package_holidays,
) -> WorkingDays:
    """Working days of ``years``: package holidays, then ``official``, then ``overrides``.

    ``overrides`` are a province's decisions; ``official={}`` shows what the package
    alone says; ``source`` replaces the package (tests use a fixed table).
    """
    layers = [source(years)]
    layers += [row for year in years for row in official.get(year, ())]
    layers += list(overrides)
    return WorkingDays(years, layers)
