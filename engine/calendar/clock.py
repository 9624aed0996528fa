"""The statutory clock of one dossier: reception, supplement pauses, one extension.

Lifecycle (the dossier statuses of DESIGN.md): the clock starts at reception (status 2);
a supplement request (status 5) pauses it and the citizen's resubmission resumes it; the
working time spent paused moves the due date later by exactly that much office time, so
a pause of five working days moves it five working days. When the agency sees it will
be late it apologises and sets a new date (Form 04), no later than one working day
before the due date, and only once. Decided (status 9) stops the clock; judging on-time
is the KPI code's business, not this value's.

:class:`Deadline` is an immutable value: every action returns a new one, so the engine
can store it as data (received, pauses, extension) and recompute the due date with any
calendar. Pauses are kept even beyond the first: Decision 766 counts a dossier with more
than one supplement request as overdue, and that judgement needs them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from datetime import time as TimeOfDay

from bpmn.catalog.model import TimeUnit
from engine.calendar.deadlines import DEFAULT_CUTOFF, check_amount, due_date, parse_unit
from engine.calendar.errors import DeadlineError
from engine.calendar.working import WorkingCalendar, from_local, to_local

__all__ = ["Deadline", "Pause"]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _not_before(moment: datetime, reference: datetime, what: str, ref_name: str) -> None:
    if (moment.tzinfo is None) != (reference.tzinfo is None):
        raise DeadlineError(
            f"{what} {_iso(moment)} and {ref_name} {_iso(reference)}: give every moment "
            "of a dossier with a time zone, or none"
        )
    if moment < reference:
        raise DeadlineError(f"{what} {_iso(moment)} is before {ref_name} {_iso(reference)}")


@dataclass(frozen=True)
class Pause:
    """The clock stopped at ``start`` (supplement requested); ``end`` is the resubmission."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class Deadline:
    """A dossier's statutory clock. ``due(calendar)`` is the date it must be resolved by."""

    received: datetime
    time: float
    unit: TimeUnit
    centre: str | None = None
    pauses: tuple[Pause, ...] = ()
    extended_to: datetime | None = None
    extended_at: datetime | None = None
    same_day_cutoff: TimeOfDay = DEFAULT_CUTOFF

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", parse_unit(self.unit))
        check_amount(self.time, f"the statutory time in {self.unit}")
        if (self.extended_to is None) != (self.extended_at is None):
            raise DeadlineError("an extension needs both its new date and when it was made")

    @property
    def is_paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].end is None

    @property
    def is_extended(self) -> bool:
        return self.extended_to is not None

    def statutory_due(self, calendar: WorkingCalendar) -> datetime:
        """The due date before pauses and extension."""
        return due_date(
            self.received,
            self.time,
            self.unit,
            calendar=calendar,
            centre=self.centre,
            same_day_cutoff=self.same_day_cutoff,
        )

    def paused_seconds(self, calendar: WorkingCalendar, *, at: datetime | None = None) -> float:
        """Office seconds the clock has been paused; an open pause counts until ``at``."""
        return self._paused(calendar, self.pauses, at)

    def due(self, calendar: WorkingCalendar, *, at: datetime | None = None) -> datetime:
        """The due date: statutory (or extended) date moved by the working time paused.

        Pauses before an extension are already in the new date the agency chose; later
        ones move it. While paused, the date depends on when the pause ends: pass ``at``
        to count it until then.
        """
        if self.extended_to is not None and self.extended_at is not None:
            base = self.extended_to
            extended_at = self.extended_at
            counted = tuple(p for p in self.pauses if p.start >= extended_at)
        else:
            base, counted = self.statutory_due(calendar), self.pauses
        shift = self._paused(calendar, counted, at)
        return calendar.add_working_seconds(base, shift, self.centre)

    def pause(self, at: datetime) -> Deadline:
        """Stop the clock: a supplement was requested at ``at``."""
        if self.is_paused:
            raise DeadlineError(
                f"the clock is already paused since {_iso(self.pauses[-1].start)}; "
                "resume it before pausing again"
            )
        _not_before(at, self.received, "the pause", "the reception")
        previous_end = self.pauses[-1].end if self.pauses else None
        if previous_end is not None:
            _not_before(at, previous_end, "the pause", "the last resumption")
        return replace(self, pauses=(*self.pauses, Pause(at)))

    def resume(self, at: datetime) -> Deadline:
        """Restart the clock: the citizen resubmitted at ``at``."""
        if not self.is_paused:
            raise DeadlineError("the clock is not paused; nothing to resume")
        last = self.pauses[-1]
        _not_before(at, last.start, "the resumption", "the pause")
        return replace(self, pauses=(*self.pauses[:-1], Pause(last.start, at)))

    def latest_extension(
        self, calendar: WorkingCalendar, *, at: datetime | None = None
    ) -> datetime:
        """The last moment an extension may be made: the close of the working day before
        the due date ("chậm nhất 01 ngày trước ngày hết hạn")."""
        due = self.due(calendar, at=at)
        day_before = calendar.previous_working_day(to_local(due).date())
        return from_local(calendar.closing(day_before, self.centre), due)

    def extend(self, new_due: datetime, *, at: datetime, calendar: WorkingCalendar) -> Deadline:
        """Set the new date of an apology letter (Form 04), made at ``at``; allowed once."""
        if self.extended_to is not None:
            raise DeadlineError(
                f"the due date was already extended once, to {_iso(self.extended_to)}; "
                "the law allows one new date"
            )
        _not_before(at, self.received, "the extension", "the reception")
        current = self.due(calendar, at=at)
        latest = self.latest_extension(calendar, at=at)
        _not_before(new_due, current, "the new due date", "the current due date")
        if new_due == current:
            raise DeadlineError(
                f"the new due date {_iso(new_due)} is the current one; choose a later date"
            )
        if at > latest:
            raise DeadlineError(
                f"an extension at {_iso(at)} is less than one working day before the due "
                f"date {_iso(current)}; it had to be made by {_iso(latest)}"
            )
        return replace(self, extended_to=new_due, extended_at=at)

    def _paused(
        self, calendar: WorkingCalendar, pauses: tuple[Pause, ...], at: datetime | None
    ) -> float:
        total = 0.0
        for pause in pauses:
            end = pause.end if pause.end is not None else at
            if end is None:
                raise DeadlineError(
                    f"the clock is paused since {_iso(pause.start)} (supplement requested); "
                    "pass at= to count the pause until then"
                )
            total += max(0.0, calendar.working_seconds_between(pause.start, end, self.centre))
        return total
