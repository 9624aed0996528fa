"""``motcua calendar``: statutory due dates from a shell (``due``) and the centre codes.

``motcua calendar due --received 2026-02-13T16:10 --time 3 --unit working_days`` prints
the due moment in ISO form and as a receipt writes it::

    2026-02-25T17:00:00
    Hạn trả kết quả: 17:00 thứ Tư, 25/02/2026

The conventions (same-day cutoff, fractions, calendar days, months) are those of
:mod:`engine.calendar.deadlines`. Bad input (a date that does not parse, a time that is
not positive, an unknown unit or centre, a date outside the calendar) is a usage error:
one line, exit status 2, no traceback. Nothing here needs the database.
"""

from __future__ import annotations

import json
import math
from datetime import datetime

import click

from bpmn.catalog.geography import CENTRES, PROVINCE_CENTRE
from bpmn.catalog.model import TimeUnit
from engine.calendar import CalendarError, WorkingCalendar, due_date, vietnamese_moment

__all__ = ["calendar"]

# Generous bounds on how fast each unit runs through the years (a year has about 245
# working days of 7.5 office hours), so the calendar built covers the whole period.
_UNITS_PER_YEAR = {
    TimeUnit.WORKING_DAYS: 240.0,
    TimeUnit.DAYS: 365.0,
    TimeUnit.HOURS: 240.0 * 7,
    TimeUnit.MONTHS: 12.0,
}
_MAX_YEARS = 50
# Vietnam's compensatory days start in 1995 (holidays package); lunar tables end in 2099.
_FIRST_YEAR, _LAST_YEAR = 1995, 2099


def _parse_received(ctx: click.Context, param: click.Parameter, value: str) -> datetime:
    """``2026-02-13T16:10`` (a date alone means 00:00), local Vietnam time."""
    try:
        received = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date-time; write it like 2026-02-13T16:10"
        ) from None
    if not _FIRST_YEAR <= received.year <= _LAST_YEAR:
        raise click.BadParameter(
            f"{value!r}: the calendar knows the years {_FIRST_YEAR}-{_LAST_YEAR}"
        )
    return received


@click.group()
def calendar() -> None:
    """Working days, office hours and statutory due dates."""


@calendar.command()
@click.option(
    "--received",
    required=True,
    callback=_parse_received,
    help="When the complete dossier was received, e.g. 2026-02-13T16:10 (Vietnam time).",
)
@click.option(
    "--time",
    "amount",
    required=True,
    type=float,
    help="The statutory time, a positive number of --unit (0.25 steps allowed).",
)
@click.option(
    "--unit",
    type=click.Choice([unit.value for unit in TimeUnit]),
    default=TimeUnit.WORKING_DAYS.value,
    show_default=True,
    help="How the statutory time is counted.",
)
@click.option(
    "--centre",
    "centre_code",
    default=None,
    help="Code of the receiving centre (office hours); `motcua calendar centres` lists them.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def due(
    received: datetime, amount: float, unit: str, centre_code: str | None, as_json: bool
) -> None:
    """Print the due date of a dossier received at --received."""
    if not math.isfinite(amount) or amount <= 0:
        raise click.BadParameter(
            f"{amount:g} is not a positive number of {unit}", param_hint="'--time'"
        )
    if centre_code is not None and centre_code not in {c.code for c in CENTRES}:
        raise click.BadParameter(
            f"unknown centre code {centre_code!r}; `motcua calendar centres` lists the "
            f"{len(CENTRES)} codes (the provincial centre is {PROVINCE_CENTRE.code})",
            param_hint="'--centre'",
        )
    time_unit = TimeUnit(unit)
    years_needed = math.ceil(amount / _UNITS_PER_YEAR[time_unit]) + 1
    if years_needed > _MAX_YEARS:
        raise click.BadParameter(
            f"{amount:g} {unit} runs past {_MAX_YEARS} years; check the statutory time",
            param_hint="'--time'",
        )
    try:
        calendar = WorkingCalendar.vietnam(
            range(received.year - 1, received.year + years_needed + 1)
        )
        moment = due_date(received, amount, time_unit, calendar=calendar, centre=centre_code)
    except (CalendarError, ValueError, OverflowError) as error:
        raise click.UsageError(str(error)) from error
    text = f"Hạn trả kết quả: {vietnamese_moment(moment)}"
    if as_json:
        report = {
            "received": received.isoformat(),
            "time": amount,
            "unit": time_unit.value,
            "centre": centre_code,
            "due": moment.isoformat(),
            "text": text,
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(moment.isoformat())
    click.echo(text)


@calendar.command()
def centres() -> None:
    """List the centre codes --centre accepts, with their names."""
    for centre in CENTRES:
        click.echo(f"{centre.code}\t{centre.name}")
