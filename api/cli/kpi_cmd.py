"""``motcua kpi``: Decision 766 indicators of a period, as a table or JSON.

The period is ``--from`` to ``--to``, both days included, in Vietnam time (default: the
current month up to today). The dossiers counted are those received in it, judged at the
period's end; the rules are in :mod:`engine.kpis.queries`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import cast

import click

from api.cli.context import CliState, pass_state
from engine.kpis import VIETNAM_TZ, GroupBy, KpiRow, KpiService, day_period

__all__ = ["kpi"]

DATE = click.DateTime(formats=["%Y-%m-%d"])
GROUPINGS = ("total", "centre", "field", "procedure", "month")
_COLUMNS = (
    ("received", "received"),
    ("finished", "finished"),
    ("on time", "on_time"),
    ("overdue", "overdue"),
    ("open", "in_progress"),
    ("on time %", "on_time_rate"),
    ("overdue %", "overdue_rate"),
    ("avg days", "avg_resolution_days"),
    ("online %", "online_share"),
    ("e-result %", "electronic_result_share"),
    ("complaint %", "complaint_rate"),
    ("satisfaction %", "satisfaction"),
)


@click.command()
@click.option("--from", "first", type=DATE, help="First day of reception (default: the 1st).")
@click.option("--to", "last", type=DATE, help="Last day of reception, included (default: today).")
@click.option(
    "--by",
    "group_by",
    type=click.Choice(GROUPINGS),
    default="total",
    show_default=True,
    help="One row per centre, field, procedure or month.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@pass_state
def kpi(
    state: CliState,
    first: dt.datetime | None,
    last: dt.datetime | None,
    group_by: str,
    as_json: bool,
) -> None:
    """Decision 766 indicators: on-time rate, overdue, resolution time, satisfaction."""
    today = dt.datetime.now(VIETNAM_TZ).date()
    first_day = today.replace(day=1) if first is None else first.date()
    last_day = today if last is None else last.date()
    if last_day < first_day:
        raise click.BadParameter(f"--to {last_day} is before --from {first_day}")
    state.require_schema()
    start, end = day_period(first_day, last_day)
    with state.session() as session:
        rows = KpiService(session).indicators(start, end, group_by=cast(GroupBy, group_by))
    if as_json:
        payload = {
            "from": first_day.isoformat(),
            "to": last_day.isoformat(),
            "by": group_by,
            "rows": [row.as_dict() for row in rows],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(f"dossiers received {first_day} to {last_day} (Vietnam time), by {group_by}")
    click.echo(_table(group_by, rows))


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _table(group_by: str, rows: Sequence[KpiRow]) -> str:
    headers = [group_by, *(title for title, _ in _COLUMNS)]
    body = [[row.key, *(_cell(getattr(row, name)) for _, name in _COLUMNS)] for row in rows]
    widths = [max(len(line[i]) for line in [headers, *body]) for i in range(len(headers))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in [headers, *body]
    ]
    return "\n".join(lines)
