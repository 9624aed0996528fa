"""``motcua eventlog export``: the dossier events as CSV or IEEE XES for process mining.

The filters select dossiers (received between ``--from`` and ``--to``, both days included,
Vietnam time; of a procedure; at a reception centre) and export all their events; see
:mod:`engine.dossiers.eventlog`. Without ``-o`` the log goes to standard output and the
summary line to standard error, so the command pipes cleanly.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import BinaryIO

import click
from sqlalchemy.orm import Session

from api.cli.context import CliState, pass_state
from engine.dossiers.eventlog import ExportReport, LogFilter, write_csv, write_xes
from engine.kpis.periods import as_instant

__all__ = ["eventlog"]

DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group()
def eventlog() -> None:
    """Export the dossier event log for process mining."""


@eventlog.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xes"]),
    default="csv",
    show_default=True,
    help="CSV (one row per event) or IEEE 1849-2016 XES.",
)
@click.option("--from", "first", type=DATE, help="First day of reception (Vietnam time).")
@click.option("--to", "last", type=DATE, help="Last day of reception, included.")
@click.option("--procedure", metavar="CODE", help="Only dossiers of this procedure.")
@click.option("--centre", metavar="CODE", help="Only dossiers received at this centre.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@pass_state
def export(
    state: CliState,
    *,
    fmt: str,
    first: dt.datetime | None,
    last: dt.datetime | None,
    procedure: str | None,
    centre: str | None,
    output: Path | None,
) -> None:
    """Write the events of the selected dossiers, case by case, in sequence order."""
    if first is not None and last is not None and last < first:
        raise click.BadParameter(f"--to {last:%Y-%m-%d} is before --from {first:%Y-%m-%d}")
    state.require_schema()
    filters = LogFilter(
        start=None if first is None else as_instant(first.date()),
        end=None if last is None else as_instant(last.date() + dt.timedelta(days=1)),
        procedure=procedure,
        centre=centre,
    )
    with state.session() as session:
        report = _write(session, fmt, filters, output)
    where = "standard output" if output is None else str(output)
    click.echo(f"wrote {report.events} events of {report.traces} dossiers to {where}", err=True)


def _write(session: Session, fmt: str, filters: LogFilter, output: Path | None) -> ExportReport:
    if fmt == "xes":
        target: Path | BinaryIO = output if output is not None else sys.stdout.buffer
        return write_xes(session, target, filters)
    if output is None:
        return write_csv(session, sys.stdout, filters)
    with output.open("w", newline="", encoding="utf-8") as out:
        return write_csv(session, out, filters)
