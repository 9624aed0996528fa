"""The working calendar: which days are working days, office hours, Saturday service.

Expected values are read off the official calendar by hand; each literal says how.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, time, timedelta

import pytest

import engine.calendar
from engine.calendar import (
    OFFICIAL_CALENDAR,
    CalendarError,
    CalendarOverrides,
    OfficeHours,
    Period,
    WorkingCalendar,
    WorkingDays,
    add_months,
    date_span,
    epoch_day,
    vietnam_working_days,
)

SATURDAY_CENTRE = "000.01.01.H36"  # any code; the calendar only maps it to its hours


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar.vietnam(
        range(2024, 2029),
        centre_hours={SATURDAY_CENTRE: OfficeHours().with_saturday_morning()},
    )


def test_public_names_are_pinned() -> None:
    assert set(engine.calendar.__all__) == {
        "DEFAULT_CUTOFF", "DEFAULT_OFFICE_HOURS", "DEFAULT_YEARS", "OFFICIAL_CALENDAR",
        "SATURDAY_MORNING", "VIETNAM_TZ", "CalendarError", "CalendarOverrides", "Deadline",
        "DeadlineError", "OfficeHours", "Pause", "Period", "StepDue", "WorkingCalendar",
        "WorkingDays", "add_months", "date_span", "due_date", "epoch_day",
        "package_holidays", "step_due_dates", "vietnam_working_days", "vietnamese_moment",
    }  # fmt: skip


# -- which days are working days --------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 24), True),  # Friday before Tết Ất Tỵ
        (date(2025, 1, 27), False),  # Tết 2025: Monday 27 ...
        (date(2025, 1, 31), False),  # ... to Friday 31 January off
        (date(2025, 2, 3), True),  # back to work on Monday 3 February
        (date(2025, 4, 26), True),  # Saturday worked instead of Friday 2 May
        (date(2025, 4, 30), False),  # Reunification Day
        (date(2025, 5, 1), False),  # Labour Day
        (date(2025, 5, 2), False),  # the Friday swapped to Saturday 26 April
        (date(2025, 9, 1), False),  # the day adjacent to National Day
        (date(2025, 9, 2), False),  # National Day
        (date(2025, 9, 3), True),
        (date(2026, 1, 2), False),  # New Year bridge day (12729/VPCP-KGVX) ...
        (date(2026, 1, 10), True),  # ... made up on Saturday 10 January
        (date(2026, 2, 13), True),  # Friday before Tết Bính Ngọ
        (date(2026, 2, 16), False),  # Tết 2026: Monday 16 ...
        (date(2026, 2, 20), False),  # ... to Friday 20 February off
        (date(2026, 2, 23), True),  # back to work on Monday 23 February
        (date(2026, 3, 7), False),  # an ordinary Saturday
        (date(2026, 4, 27), False),  # Hùng Kings' day falls on Sunday 26 April: Monday off
    ],
)
def test_official_working_days(calendar: WorkingCalendar, day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


def test_the_official_table_adds_the_2026_new_year_swap_the_package_lacks() -> None:
    """Fails once ``holidays`` learns the swap: then that row only pins it (keep it)."""
    years = range(2025, 2027)
    package_only = vietnam_working_days(years, official={})
    official = vietnam_working_days(years)
    changed = {
        day
        for day in date_span(date(2025, 1, 1), date(2026, 12, 31))
        if package_only.is_working_day(day) != official.is_working_day(day)
    }
    assert changed == {date(2026, 1, 2), date(2026, 1, 10)}


def test_every_official_row_names_its_source() -> None:
    rows = [row for year_rows in OFFICIAL_CALENDAR.values() for row in year_rows]
    assert rows
    assert all(row.source for row in rows)


def test_province_overrides_add_a_day_off_and_a_working_day() -> None:
    local = CalendarOverrides.of(
        days_off=[date(2026, 3, 6)],  # a Friday off for a provincial event
        working_days=[date(2026, 3, 14)],  # a Saturday worked instead
        source="UBND tỉnh Lâm Đồng (example)",
    )
    calendar = WorkingCalendar.vietnam(range(2026, 2027), overrides=[local])
    assert not calendar.is_working_day(date(2026, 3, 6))
    assert calendar.is_working_day(date(2026, 3, 14))
    # Thursday 5 March + 1 working day: Friday 6 is off, so Monday 9.
    assert calendar.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 9)


def test_overrides_that_contradict_themselves_are_refused() -> None:
    with pytest.raises(CalendarError, match="2026-03-06 is both a day off and a working day"):
        CalendarOverrides.of(days_off=[date(2026, 3, 6)], working_days=[date(2026, 3, 6)])


# -- day arithmetic ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday + 1: the weekend is skipped
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # Saturday + 1: Monday
        (date(2026, 3, 7), 0, date(2026, 3, 9)),  # 0 rolls a day off forward
        (date(2026, 3, 9), 0, date(2026, 3, 9)),  # ... and keeps a working day
        (date(2026, 3, 9), -1, date(2026, 3, 6)),  # Monday - 1: Friday
        (date(2026, 3, 7), -1, date(2026, 3, 6)),  # Saturday - 1: Friday
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # over Tết 2026
        (date(2025, 4, 25), 1, date(2025, 4, 26)),  # into the make-up Saturday
        (date(2025, 4, 29), 1, date(2025, 5, 5)),  # 30/4, 1/5, 2/5 and a weekend skipped
        (date(2026, 3, 2), 10, date(2026, 3, 16)),  # two plain weeks
    ],
)
def test_add_working_days(calendar: WorkingCalendar, day: date, n: int, expected: date) -> None:
    assert calendar.add_working_days(day, n) == expected


def _walk(calendar: WorkingCalendar, day: date, n: int) -> date:
    """The day-by-day definition the table must agree with."""
    step = 1 if n > 0 else -1
    if n == 0:
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day
    if n < 0 and not calendar.is_working_day(day):
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
    for _ in range(abs(n)):
        day += timedelta(days=step)
        while not calendar.is_working_day(day):
            day += timedelta(days=step)
    return day


@pytest.mark.parametrize("n", [-7, -1, 0, 1, 3, 17, 30])
def test_add_working_days_agrees_with_walking_day_by_day(calendar: WorkingCalendar, n: int) -> None:
    for day in date_span(date(2025, 1, 1), date(2026, 12, 31)):
        assert calendar.add_working_days(day, n) == _walk(calendar, day, n), (day, n)


def test_working_days_between_inverts_add(calendar: WorkingCalendar) -> None:
    # Friday 13 February 2026 to Wednesday 25: Mon 23, Tue 24, Wed 25 after Tết.
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 25)) == 3
    assert calendar.working_days_between(date(2026, 2, 25), date(2026, 2, 13)) == -3
    for n in (1, 5, 40):
        start = date(2025, 12, 30)
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


def test_next_and_previous_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert calendar.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)
    assert calendar.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)


def test_a_fraction_of_a_day_is_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(CalendarError, match="whole number of days"):
        calendar.add_working_days(date(2026, 3, 2), 1.5)  # type: ignore[arg-type]


def test_dates_outside_the_years_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(CalendarError, match="outside the calendar's years 2024-2028"):
        calendar.is_working_day(date(2031, 1, 2))
    with pytest.raises(CalendarError, match="outside the calendar's years"):
        calendar.add_working_days(date(2028, 12, 29), 5)


def test_working_day_indices_convert_both_ways(calendar: WorkingCalendar) -> None:
    monday = calendar.working_day_index(date(2026, 2, 23))
    assert calendar.date_of_working_day_index(monday) == date(2026, 2, 23)
    # Every day of Tết maps to the index of the next working day, Monday 23 February.
    assert calendar.working_day_index(date(2026, 2, 14)) == monday
    assert calendar.working_day_index(date(2026, 2, 20)) == monday
    assert calendar.working_day_index(date(2026, 2, 13)) == monday - 1


def test_epoch_days_give_the_same_indices_by_binary_search(calendar: WorkingCalendar) -> None:
    """What ``np.searchsorted(np.asarray(calendar.epoch_days), days)`` relies on."""
    table = calendar.epoch_days
    assert list(table) == sorted(table)
    for day in date_span(date(2026, 1, 1), date(2026, 3, 31)):
        assert bisect_left(table, epoch_day(day)) == calendar.working_day_index(day)
    assert epoch_day(date(1970, 1, 2)) == 1


def test_a_bare_table_is_monday_to_friday() -> None:
    days = WorkingDays(range(2026, 2027))
    assert len(days) == 261  # 2026 starts on a Thursday: 52 weeks of 5 plus Thu 31 Dec
    assert days.is_working_day(date(2026, 1, 1))  # no holidays without a layer


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 12, 31), 12, date(2026, 12, 31)),
        (date(2025, 5, 31), 0, date(2025, 5, 31)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


# -- office hours, service and office time -------------------------------------------------


def test_default_office_hours() -> None:
    hours = OfficeHours()
    assert hours.seconds_per_day == 27_000  # 4 h + 3 h 30 min
    assert (hours.opening, hours.closing) == (time(7, 30), time(17, 0))
    assert OfficeHours.of(("07:30", "11:30"), ("13:30", "17:00")) == hours


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ((Period(time(11, 30), time(7, 30)),), "must start before it ends"),
        (
            (Period(time(7, 30), time(11, 30)), Period(time(11, 0), time(17, 0))),
            "starts before the previous period ends",
        ),
        ((), "at least one period"),
    ],
)
def test_malformed_office_hours_are_refused(periods: tuple[Period, ...], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        OfficeHours(periods)


def test_office_hours_with_a_bad_time_are_refused() -> None:
    with pytest.raises(CalendarError, match="use HH:MM times"):
        OfficeHours.of(("7h30", "11:30"))


@pytest.mark.parametrize(
    ("moment", "centre", "open_"),
    [
        (datetime(2026, 3, 4, 7, 29), None, False),
        (datetime(2026, 3, 4, 7, 30), None, True),
        (datetime(2026, 3, 4, 11, 30), None, False),  # lunch
        (datetime(2026, 3, 4, 13, 30), None, True),
        (datetime(2026, 3, 4, 16, 59), None, True),
        (datetime(2026, 3, 4, 17, 0), None, False),
        (datetime(2026, 3, 7, 9, 0), None, False),  # Saturday, no service
        (datetime(2026, 3, 7, 9, 0), SATURDAY_CENTRE, True),  # Saturday service
        (datetime(2026, 3, 7, 11, 30), SATURDAY_CENTRE, False),  # mornings only
        (datetime(2026, 2, 21, 9, 0), SATURDAY_CENTRE, False),  # Saturday inside Tết
        (datetime(2026, 1, 3, 9, 0), SATURDAY_CENTRE, False),  # after the 2 January bridge
        (datetime(2026, 4, 25, 9, 0), SATURDAY_CENTRE, False),  # before Monday 27 April off
        (datetime(2025, 4, 26, 15, 0), None, True),  # make-up Saturday: a full day
    ],
)
def test_is_open(
    calendar: WorkingCalendar, moment: datetime, centre: str | None, open_: bool
) -> None:
    assert calendar.is_open(moment, centre) is open_


def test_saturday_service_is_open_but_not_a_working_day(calendar: WorkingCalendar) -> None:
    saturday = datetime(2026, 3, 7, 9, 0)
    assert calendar.is_open(saturday, SATURDAY_CENTRE)
    assert not calendar.is_working_day(saturday.date())
    assert not calendar.is_working_time(saturday, SATURDAY_CENTRE)
    # No office time passes on a Saturday: Friday 16:00 to Monday 08:00 is 1 h + 30 min.
    friday, monday = datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 8, 0)
    assert calendar.working_seconds_between(friday, monday, SATURDAY_CENTRE) == 5_400


@pytest.mark.parametrize(
    ("moment", "centre", "expected"),
    [
        (datetime(2026, 3, 4, 12, 0), None, datetime(2026, 3, 4, 13, 30)),  # after lunch
        (datetime(2026, 3, 4, 9, 15), None, datetime(2026, 3, 4, 9, 15)),  # already open
        (datetime(2026, 3, 6, 17, 30), None, datetime(2026, 3, 9, 7, 30)),  # Monday
        (datetime(2026, 3, 6, 17, 30), SATURDAY_CENTRE, datetime(2026, 3, 7, 7, 30)),
        (datetime(2026, 3, 7, 12, 0), SATURDAY_CENTRE, datetime(2026, 3, 9, 7, 30)),
        # Tết: both Saturdays (14 and 21 February) are closed.
        (datetime(2026, 2, 13, 17, 30), SATURDAY_CENTRE, datetime(2026, 2, 23, 7, 30)),
    ],
)
def test_next_opening(
    calendar: WorkingCalendar, moment: datetime, centre: str | None, expected: datetime
) -> None:
    assert calendar.next_opening(moment, centre) == expected


@pytest.mark.parametrize(
    ("start", "end", "seconds"),
    [
        (datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 3, 10, 0), 27_000),  # one office day
        (datetime(2026, 3, 4, 11, 0), datetime(2026, 3, 4, 14, 0), 3_600),  # 30 + 30 min
        # Friday 16:00-17:00, then Tết, then Monday 23 07:30-08:30: two hours.
        (datetime(2026, 2, 13, 16, 0), datetime(2026, 2, 23, 8, 30), 7_200),
        (datetime(2026, 3, 3, 10, 0), datetime(2026, 3, 2, 10, 0), -27_000),
        (datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 8, 9, 0), 0),  # a weekend
    ],
)
def test_working_seconds_between(
    calendar: WorkingCalendar, start: datetime, end: datetime, seconds: float
) -> None:
    assert calendar.working_seconds_between(start, end) == seconds


@pytest.mark.parametrize(
    ("moment", "seconds", "expected"),
    [
        (datetime(2026, 3, 2, 16, 0), 3_600, datetime(2026, 3, 2, 17, 0)),  # ends at closing
        (datetime(2026, 3, 2, 16, 0), 7_200, datetime(2026, 3, 3, 8, 30)),
        (datetime(2026, 3, 2, 11, 0), 1_800, datetime(2026, 3, 2, 11, 30)),  # not 13:30
        (datetime(2026, 3, 2, 11, 0), 3_600, datetime(2026, 3, 2, 14, 0)),
        (datetime(2026, 3, 2, 16, 0), 0, datetime(2026, 3, 2, 16, 0)),
    ],
)
def test_add_working_seconds(
    calendar: WorkingCalendar, moment: datetime, seconds: float, expected: datetime
) -> None:
    assert calendar.add_working_seconds(moment, seconds) == expected


def test_office_hours_per_centre(calendar: WorkingCalendar) -> None:
    eight_hours = OfficeHours.of(("07:00", "11:30"), ("13:30", "17:00"))
    per_centre = WorkingCalendar(calendar.days, centre_hours={"X": eight_hours})
    assert per_centre.is_open(datetime(2026, 3, 4, 7, 15), "X")
    assert not per_centre.is_open(datetime(2026, 3, 4, 7, 15))  # others keep the default
    monday, tuesday = datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 3, 9, 0)
    assert per_centre.working_seconds_between(monday, tuesday, "X") == 8 * 3600
