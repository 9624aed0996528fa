"""Statutory due dates, step due dates and the dossier clock (pauses, one extension).

Every expected moment is counted by hand on the official calendar; the comment next to
it shows the count. Default office hours: 07:30-11:30 and 13:30-17:00 (7 h 30 min).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, time, timedelta, timezone

import pytest

from bpmn.catalog.model import StepBudget, TimeUnit
from engine.calendar import (
    Deadline,
    DeadlineError,
    OfficeHours,
    WorkingCalendar,
    due_date,
    step_due_dates,
    vietnamese_moment,
)

WD, DAYS, HOURS, MONTHS = TimeUnit.WORKING_DAYS, TimeUnit.DAYS, TimeUnit.HOURS, TimeUnit.MONTHS
EIGHT_HOUR_CENTRE = "000.02.01.H36"  # 07:00-11:30 and 13:30-17:00


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    eight_hours = OfficeHours.of(("07:00", "11:30"), ("13:30", "17:00"))
    return WorkingCalendar.vietnam(range(2024, 2029), centre_hours={EIGHT_HOUR_CENTRE: eight_hours})


at = datetime  # at(2026, 3, 2, 9, 0) reads as a moment


# -- working days ----------------------------------------------------------------------


def test_tet_2026(calendar: WorkingCalendar) -> None:
    # Received Friday 13 February 16:10 (a working day; the day itself is not counted).
    # Tết closes Saturday 14 to Sunday 22; Mon 23 is day 1, Tue 24 day 2, Wed 25 day 3.
    due = due_date(at(2026, 2, 13, 16, 10), 3, WD, calendar=calendar)
    assert due == at(2026, 2, 25, 17, 0)
    assert vietnamese_moment(due) == "17:00 thứ Tư, 25/02/2026"


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        # Mon 2 Mar: Tue 3, Wed 4, Thu 5.
        (at(2026, 3, 2, 9, 0), 3, at(2026, 3, 5, 17, 0)),
        # Fri 24 Apr: Mon 27 off (Hùng Kings observed), Tue 28 (1), Wed 29 (2),
        # Thu 30 and Fri 1 May off, Mon 4 (3), Tue 5 (4), Wed 6 (5).
        (at(2026, 4, 24, 10, 0), 5, at(2026, 5, 6, 17, 0)),
        # Fri 25 Apr 2025: Sat 26 is the make-up working day (1), Mon 28 (2), Tue 29 (3).
        (at(2025, 4, 25, 10, 0), 3, at(2025, 4, 29, 17, 0)),
        # Tue 29 Apr 2025: 30/4, 1/5, 2/5 (swapped) and the weekend off; Mon 5 (1), Tue 6 (2).
        (at(2025, 4, 29, 10, 0), 2, at(2025, 5, 6, 17, 0)),
        # Fri 29 Aug 2025: Sat 30 - Tue 2 Sep off; Wed 3 (1), Thu 4 (2).
        (at(2025, 8, 29, 16, 0), 2, at(2025, 9, 4, 17, 0)),
        # Saturday service reception counts as Monday's: Tue 10, Wed 11, Thu 12.
        (at(2026, 3, 7, 9, 0), 3, at(2026, 3, 12, 17, 0)),
        # After closing on Wed 4 Mar: received Thu 5; Fri 6 (1), Mon 9 (2).
        (at(2026, 3, 4, 17, 30), 2, at(2026, 3, 9, 17, 0)),
    ],
)
def test_working_days(
    calendar: WorkingCalendar, received: datetime, days: int, expected: datetime
) -> None:
    assert due_date(received, days, WD, calendar=calendar) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2026, 3, 4, 14, 59), at(2026, 3, 4, 17, 0)),  # before 15:00: same day
        (at(2026, 3, 4, 15, 0), at(2026, 3, 5, 17, 0)),  # at 15:00: next working day
        (at(2026, 3, 4, 16, 30), at(2026, 3, 5, 17, 0)),
        (at(2026, 3, 6, 15, 30), at(2026, 3, 9, 17, 0)),  # Friday afternoon: Monday
        (at(2026, 3, 7, 9, 0), at(2026, 3, 9, 17, 0)),  # Saturday: Monday
        (at(2026, 3, 4, 18, 0), at(2026, 3, 5, 17, 0)),  # evening: next working day
        (at(2026, 3, 4, 6, 45), at(2026, 3, 4, 17, 0)),  # before opening: that day
        (at(2026, 3, 4, 12, 0), at(2026, 3, 4, 17, 0)),  # lunch, before 15:00
        (at(2026, 4, 30, 10, 0), at(2026, 5, 4, 17, 0)),  # holiday: Thu 30/4, Fri 1/5 off
        (at(2026, 2, 13, 14, 0), at(2026, 2, 13, 17, 0)),  # the Friday before Tết
        (at(2026, 2, 13, 15, 10), at(2026, 2, 23, 17, 0)),  # ... after 15:00: after Tết
    ],
)
def test_same_day_cutoff(calendar: WorkingCalendar, received: datetime, expected: datetime) -> None:
    assert due_date(received, 1, WD, calendar=calendar) == expected


def test_the_cutoff_can_be_set(calendar: WorkingCalendar) -> None:
    received = at(2026, 3, 4, 15, 30)
    assert due_date(received, 1, WD, calendar=calendar) == at(2026, 3, 5, 17, 0)
    later = due_date(received, 1, WD, calendar=calendar, same_day_cutoff=time(16, 0))
    assert later == at(2026, 3, 4, 17, 0)


@pytest.mark.parametrize(
    ("centre", "expected"),
    [
        # Mon 2 Mar: Tue 3 is day 1, then a quarter of Wed 4's office time.
        (None, at(2026, 3, 4, 9, 22, 30)),  # 7 h 30 min / 4 = 1 h 52 min 30 s after 07:30
        (EIGHT_HOUR_CENTRE, at(2026, 3, 4, 9, 0)),  # 8 h / 4 = 2 h after 07:00
    ],
)
def test_a_quarter_working_day_is_a_quarter_of_the_office_day(
    calendar: WorkingCalendar, centre: str | None, expected: datetime
) -> None:
    assert due_date(at(2026, 3, 2, 9, 0), 1.25, WD, calendar=calendar, centre=centre) == expected


def test_a_same_day_fraction_divides_what_is_left_of_the_day(calendar: WorkingCalendar) -> None:
    # Received 09:00: 6 office hours are left (2 h 30 min + 3 h 30 min); half is 3 h:
    # 09:00-11:30, then 30 min after lunch.
    assert due_date(at(2026, 3, 4, 9, 0), 0.5, WD, calendar=calendar) == at(2026, 3, 4, 14, 0)


# -- hours, calendar days, months -----------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "hours", "centre", "expected"),
    [
        # 14:00-17:00 (3 h), 07:30-11:30 (4 h), 13:30-14:30 (1 h).
        (at(2026, 3, 4, 14, 0), 8, None, at(2026, 3, 5, 14, 30)),
        # Eight-hour day: 14:00-17:00 (3 h), 07:00-11:30 (4 h 30), 13:30-14:00 (30 min).
        (at(2026, 3, 4, 14, 0), 8, EIGHT_HOUR_CENTRE, at(2026, 3, 5, 14, 0)),
        (at(2026, 3, 4, 14, 0), 3, None, at(2026, 3, 4, 17, 0)),  # ends at closing
        (at(2026, 3, 4, 10, 0), 2, None, at(2026, 3, 4, 14, 0)),  # 1 h 30 + 30 min
        # Friday 16:00-17:00 (1 h), Tết, then Mon 23 07:30-10:30 (3 h).
        (at(2026, 2, 13, 16, 0), 4, None, at(2026, 2, 23, 10, 30)),
        (at(2026, 3, 7, 10, 0), 1, None, at(2026, 3, 9, 8, 30)),  # Saturday: from Monday
    ],
)
def test_hours(
    calendar: WorkingCalendar,
    received: datetime,
    hours: float,
    centre: str | None,
    expected: datetime,
) -> None:
    assert due_date(received, hours, HOURS, calendar=calendar, centre=centre) == expected


@pytest.mark.parametrize(
    ("received", "amount", "unit", "expected"),
    [
        (at(2026, 3, 4, 10, 0), 15, DAYS, at(2026, 3, 19, 17, 0)),  # Wed 4 + 15 = Thu 19
        (at(2026, 3, 2, 10, 0), 5, DAYS, at(2026, 3, 9, 17, 0)),  # Sat 7 -> Monday 9
        (at(2026, 2, 6, 10, 0), 10, DAYS, at(2026, 2, 23, 17, 0)),  # Mon 16 in Tết -> Mon 23
        (at(2026, 3, 4, 10, 0), 2.25, DAYS, at(2026, 3, 9, 17, 0)),  # 3 days: Sat 7 -> Mon 9
        # 31 Oct + 1 month = 30 Nov (clamped), a Sunday -> Monday 1 December.
        (at(2025, 10, 31, 10, 0), 1, MONTHS, at(2025, 12, 1, 17, 0)),
        # 31 Jan 2024 + 1 month = 29 Feb 2024 (leap year, clamped), a Thursday.
        (at(2024, 1, 31, 10, 0), 1, MONTHS, at(2024, 2, 29, 17, 0)),
        # 31 Mar + 3 months = 30 Jun (clamped), a Tuesday.
        (at(2026, 3, 31, 10, 0), 3, MONTHS, at(2026, 6, 30, 17, 0)),
        # 16 Mar + 1 month = 16 Apr, + half of 30 days = 1 May (holiday) -> Monday 4 May.
        (at(2026, 3, 16, 9, 0), 1.5, MONTHS, at(2026, 5, 4, 17, 0)),
        # Received during Tết 2025 (Fri 31 Jan): counted from Mon 3 Feb -> Mon 3 Mar.
        (at(2025, 1, 31, 10, 0), 1, MONTHS, at(2025, 3, 3, 17, 0)),
    ],
)
def test_calendar_days_and_months(
    calendar: WorkingCalendar, received: datetime, amount: float, unit: TimeUnit, expected: datetime
) -> None:
    assert due_date(received, amount, unit, calendar=calendar) == expected


# -- validation and time zones ----------------------------------------------------------------


@pytest.mark.parametrize("time_", [0, -1, float("nan"), float("inf")])
def test_a_time_that_is_not_positive_is_refused(calendar: WorkingCalendar, time_: float) -> None:
    with pytest.raises(DeadlineError, match="must be a positive number"):
        due_date(at(2026, 3, 2, 9, 0), time_, WD, calendar=calendar)


def test_an_unknown_unit_is_refused_and_names_the_units(calendar: WorkingCalendar) -> None:
    with pytest.raises(DeadlineError, match="unknown time unit 'weeks'; use one of working_days"):
        due_date(at(2026, 3, 2, 9, 0), 1, "weeks", calendar=calendar)
    due = due_date(at(2026, 3, 2, 9, 0), 3, "working_days", calendar=calendar)
    assert due == at(2026, 3, 5, 17, 0)


def test_aware_moments_are_counted_in_vietnam_time(calendar: WorkingCalendar) -> None:
    received = datetime(2026, 2, 13, 9, 10, tzinfo=UTC)  # 16:10 in Vietnam
    due = due_date(received, 3, WD, calendar=calendar)
    assert due == datetime(2026, 2, 25, 10, 0, tzinfo=UTC)  # 17:00 in Vietnam
    assert due.tzinfo is UTC


# -- step due dates -------------------------------------------------------------------------

STANDARD = tuple(
    StepBudget(name, budget)
    for name, budget in (("receive", 0.25), ("appraise", 2), ("approve", 0.5), ("return", 0.25))
)


def test_step_due_dates_are_cumulative(calendar: WorkingCalendar) -> None:
    # Received Mon 2 Mar; day 1 is Tue 3. A quarter day is 1 h 52 min 30 s.
    dues = step_due_dates(at(2026, 3, 2, 9, 0), STANDARD, WD, calendar=calendar)
    assert [d.due for d in dues] == [
        at(2026, 3, 3, 9, 22, 30),  # 0.25: Tue 3, 07:30 + 1:52:30
        at(2026, 3, 5, 9, 22, 30),  # 2.25: Tue 3, Wed 4, then a quarter of Thu 5
        at(2026, 3, 5, 15, 7, 30),  # 2.75: Thu 5, 07:30 + 5:37:30 over lunch
        at(2026, 3, 5, 17, 0),  # 3: the statutory due date
    ]
    assert [d.step for d in dues] == ["receive", "appraise", "approve", "return"]


def test_same_day_steps_share_the_rest_of_the_day(calendar: WorkingCalendar) -> None:
    steps = tuple(StepBudget(name, 0.25) for name in ("receive", "resolve", "sign", "return"))
    dues = step_due_dates(at(2026, 3, 2, 9, 0), steps, WD, calendar=calendar)
    # 6 office hours left after 09:00: a quarter is 1 h 30 min.
    assert [d.due for d in dues] == [
        at(2026, 3, 2, 10, 30),
        at(2026, 3, 2, 14, 0),  # 09:00 + 3 h over lunch
        at(2026, 3, 2, 15, 30),
        at(2026, 3, 2, 17, 0),
    ]


@pytest.mark.parametrize(
    ("received", "steps", "unit"),
    [
        (at(2026, 2, 13, 16, 10), STANDARD, WD),
        (at(2026, 4, 24, 10, 0), (StepBudget("a", 4.25), StepBudget("b", 12.75)), WD),
        (at(2026, 3, 4, 14, 0), (StepBudget("a", 1.5), StepBudget("b", 2.5)), HOURS),
        (at(2026, 3, 4, 10, 0), (StepBudget("a", 7.5), StepBudget("b", 7.5)), DAYS),
        (at(2026, 3, 16, 9, 0), (StepBudget("a", 0.75), StepBudget("b", 0.75)), MONTHS),
    ],
)
def test_the_last_step_is_due_with_the_procedure(
    calendar: WorkingCalendar,
    received: datetime,
    steps: tuple[StepBudget, ...],
    unit: TimeUnit,
) -> None:
    total = sum(step.budget for step in steps)
    dues = step_due_dates(received, steps, unit, calendar=calendar, statutory_time=total)
    assert dues[-1].due == due_date(received, total, unit, calendar=calendar)
    assert [d.due for d in dues] == sorted(d.due for d in dues)


def test_step_budgets_must_match_the_statutory_time(calendar: WorkingCalendar) -> None:
    with pytest.raises(DeadlineError, match=r"sum to 3 working_days, the statutory time is 5"):
        step_due_dates(at(2026, 3, 2, 9), STANDARD, WD, calendar=calendar, statutory_time=5)
    with pytest.raises(DeadlineError, match="at least one step"):
        step_due_dates(at(2026, 3, 2, 9), (), WD, calendar=calendar)
    with pytest.raises(DeadlineError, match="'bad' has budget -1"):
        step_due_dates(at(2026, 3, 2, 9), (StepBudget("bad", -1),), WD, calendar=calendar)


# -- the dossier clock: pauses ---------------------------------------------------------------

# Received Mon 2 Mar 2026, 10 working days: Tue 3 ... Mon 16 (3-6, 9-13, 16).
TEN_DAYS = Deadline(at(2026, 3, 2, 9, 0), 10, WD)
TEN_DAYS_DUE = at(2026, 3, 16, 17, 0)


def test_without_pauses_the_due_date_is_the_statutory_one(calendar: WorkingCalendar) -> None:
    assert TEN_DAYS.due(calendar) == TEN_DAYS_DUE == TEN_DAYS.statutory_due(calendar)


def test_a_five_day_pause_moves_the_due_date_five_working_days(calendar: WorkingCalendar) -> None:
    # Paused Wed 4 Mar 10:00 to Wed 11 Mar 10:00: five office days (37 h 30 min).
    deadline = TEN_DAYS.pause(at(2026, 3, 4, 10, 0)).resume(at(2026, 3, 11, 10, 0))
    assert deadline.paused_seconds(calendar) == 5 * 27_000
    # Mon 16 + 5 working days: Tue 17, Wed 18, Thu 19, Fri 20, Mon 23.
    assert deadline.due(calendar) == at(2026, 3, 23, 17, 0)


def test_a_pause_over_holidays_counts_only_working_time(calendar: WorkingCalendar) -> None:
    # Received Mon 20 Apr 2026, 10 working days: 21-24 (4), 28-29 (6), 4-7 May (10).
    deadline = Deadline(at(2026, 4, 20, 9, 0), 10, WD)
    assert deadline.due(calendar) == at(2026, 5, 7, 17, 0)
    # Paused Fri 24 Apr 10:00 to Mon 4 May 10:00: Fri 5 h, Tue 28 and Wed 29 7 h 30 each,
    # Mon 2 h 30 = 22 h 30 = three office days (27/4, 30/4, 1/5 are days off).
    paused = deadline.pause(at(2026, 4, 24, 10, 0)).resume(at(2026, 5, 4, 10, 0))
    assert paused.paused_seconds(calendar) == 3 * 27_000
    # Thu 7 May + 3: Fri 8, Mon 11, Tue 12.
    assert paused.due(calendar) == at(2026, 5, 12, 17, 0)


def test_a_short_pause_moves_the_due_date_by_office_time(calendar: WorkingCalendar) -> None:
    # Paused Wed 4 Mar 10:00-12:30: only 10:00-11:30 is office time (1 h 30 min),
    # so Mon 16 17:00 becomes Tue 17 07:30 + 1 h 30 = 09:00.
    deadline = TEN_DAYS.pause(at(2026, 3, 4, 10, 0)).resume(at(2026, 3, 4, 12, 30))
    assert deadline.due(calendar) == at(2026, 3, 17, 9, 0)


def test_pauses_add_up(calendar: WorkingCalendar) -> None:
    deadline = (
        TEN_DAYS.pause(at(2026, 3, 3, 9, 0))
        .resume(at(2026, 3, 4, 9, 0))  # one office day
        .pause(at(2026, 3, 5, 9, 0))
        .resume(at(2026, 3, 6, 9, 0))  # another
    )
    assert len(deadline.pauses) == 2
    assert deadline.due(calendar) == at(2026, 3, 18, 17, 0)  # Mon 16 + 2: Wed 18


def test_an_open_pause_needs_a_moment_to_count_to(calendar: WorkingCalendar) -> None:
    paused = TEN_DAYS.pause(at(2026, 3, 4, 10, 0))
    assert paused.is_paused
    with pytest.raises(DeadlineError, match=r"paused since 2026-03-04T10:00 \(supplement"):
        paused.due(calendar)
    assert paused.due(calendar, at=at(2026, 3, 5, 10, 0)) == at(2026, 3, 17, 17, 0)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda d: d.resume(at(2026, 3, 5, 9)), "not paused"),
        (lambda d: d.pause(at(2026, 3, 1, 9)), "before the reception"),
        (lambda d: d.pause(at(2026, 3, 4, 9)).pause(at(2026, 3, 5, 9)), "already paused"),
        (lambda d: d.pause(at(2026, 3, 4, 9)).resume(at(2026, 3, 3, 9)), "before the pause"),
        (
            lambda d: d.pause(at(2026, 3, 4, 9)).resume(at(2026, 3, 5, 9)).pause(at(2026, 3, 5, 8)),
            "before the last resumption",
        ),
    ],
)
def test_pause_and_resume_in_order_only(action: object, message: str) -> None:
    with pytest.raises(DeadlineError, match=message):
        action(TEN_DAYS)  # type: ignore[operator]


def test_a_deadline_is_an_immutable_value() -> None:
    paused = TEN_DAYS.pause(at(2026, 3, 4, 10, 0))
    assert TEN_DAYS.pauses == ()
    assert paused is not TEN_DAYS
    with pytest.raises(FrozenInstanceError):
        paused.time = 3  # type: ignore[misc]


# -- the dossier clock: one extension -----------------------------------------------------------


def test_one_extension_sets_the_new_date(calendar: WorkingCalendar) -> None:
    # Due Mon 16 Mar 17:00: the last moment to extend is Fri 13 Mar 17:00.
    assert TEN_DAYS.latest_extension(calendar) == at(2026, 3, 13, 17, 0)
    extended = TEN_DAYS.extend(at(2026, 3, 20, 17, 0), at=at(2026, 3, 13, 16, 0), calendar=calendar)
    assert extended.is_extended
    assert extended.due(calendar) == at(2026, 3, 20, 17, 0)
    with pytest.raises(DeadlineError, match="already extended once, to 2026-03-20T17:00"):
        extended.extend(at(2026, 3, 27, 17, 0), at=at(2026, 3, 17, 9, 0), calendar=calendar)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (at(2026, 3, 13, 17, 0), True),  # exactly one working day before
        (at(2026, 3, 13, 17, 1), False),
        (at(2026, 3, 14, 9, 0), False),  # Saturday: no working day is left before Monday
        (at(2026, 3, 16, 8, 0), False),  # the due day itself
    ],
)
def test_an_extension_less_than_one_working_day_before_is_refused(
    calendar: WorkingCalendar, moment: datetime, allowed: bool
) -> None:
    new_due = at(2026, 3, 20, 17, 0)
    if allowed:
        assert TEN_DAYS.extend(new_due, at=moment, calendar=calendar).extended_at == moment
    else:
        with pytest.raises(DeadlineError, match="less than one working day before"):
            TEN_DAYS.extend(new_due, at=moment, calendar=calendar)


def test_an_extension_must_move_the_date_later(calendar: WorkingCalendar) -> None:
    with pytest.raises(DeadlineError, match="is before the current due date"):
        TEN_DAYS.extend(at(2026, 3, 12, 17, 0), at=at(2026, 3, 10, 9, 0), calendar=calendar)
    with pytest.raises(DeadlineError, match="is the current one"):
        TEN_DAYS.extend(TEN_DAYS_DUE, at=at(2026, 3, 10, 9, 0), calendar=calendar)


def test_pauses_after_an_extension_move_the_new_date(calendar: WorkingCalendar) -> None:
    # One office day paused before the extension moves Mon 16 to Tue 17; the agency then
    # sets Fri 20. A later one-day pause (Mon 16 07:30 - Tue 17 07:30) moves that to Mon 23,
    # and the earlier pause is not counted twice.
    deadline = TEN_DAYS.pause(at(2026, 3, 3, 9, 0)).resume(at(2026, 3, 4, 9, 0))
    assert deadline.due(calendar) == at(2026, 3, 17, 17, 0)
    extended = deadline.extend(at(2026, 3, 20, 17, 0), at=at(2026, 3, 12, 9, 0), calendar=calendar)
    again = extended.pause(at(2026, 3, 16, 7, 30)).resume(at(2026, 3, 17, 7, 30))
    assert again.due(calendar) == at(2026, 3, 23, 17, 0)


def test_extension_moments_must_be_consistent(calendar: WorkingCalendar) -> None:
    with pytest.raises(DeadlineError, match="needs both its new date and when"):
        Deadline(at(2026, 3, 2, 9), 10, WD, extended_to=at(2026, 3, 20, 17))
    aware = datetime(2026, 3, 10, 9, tzinfo=timezone(timedelta(hours=7)))
    with pytest.raises(DeadlineError, match="with a time zone, or none"):
        TEN_DAYS.extend(at(2026, 3, 20, 17), at=aware, calendar=calendar)
