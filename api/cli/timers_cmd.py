"""``motcua timers``: list the due dossier timers, fire them now, or keep firing them.

- ``due`` lists pending timers whose time has come (nothing changes);
- ``fire`` runs :func:`engine.dossiers.jobs.fire_due_timers` in this process, once;
- ``tick`` keeps it running every ``--every`` seconds: with ``REDIS_URL`` it enqueues the
  job for the rq workers (skipping a tick while the previous job still waits), without
  it runs the job itself. One ticker per deployment is enough; ``motcua serve`` without
  Redis has its own, so ``tick`` is for deployments with Redis (or without a web server).

SpiffWorkflow fires a timer against the real clock, so these commands have no ``--at``.
"""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from api.cli.context import CliState, pass_state
from api.jobs import Ticker, TimerTicks, job_app_context, jobs
from engine.dossiers.clock import SystemClock
from engine.dossiers.jobs import run_due_timers
from engine.dossiers.models import Dossier
from engine.dossiers.timers import due_timers

__all__ = ["timers"]


@click.group()
def timers() -> None:
    """Dossier timers (deadline warnings): list, fire, keep firing."""


@timers.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1),
              help="List at most this many, oldest first.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_state
def due(state: CliState, limit: int, as_json: bool) -> None:
    """List the pending timers that are due now."""
    state.require_schema()
    with state.session() as session:
        rows = due_timers(session, SystemClock().now(), limit=limit)
        ids = {row.dossier_id for row in rows}
        codes = {dossier_id: code for dossier_id, code in session.execute(
            select(Dossier.id, Dossier.code).where(Dossier.id.in_(ids)))} if ids else {}
        listed = [{"id": row.id, "dossier": codes.get(row.dossier_id), "timer": row.spec_id,
                   "due_at": row.due_at.isoformat()} for row in rows]
    if as_json:
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for item in listed:
        click.echo(f"{item['id']}\t{item['dossier']}\t{item['timer']}\t{item['due_at']}")
    click.echo(f"{len(listed)} due timer(s)" + (" (limit reached)" if len(listed) == limit
                                                 else ""))


@timers.command()
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1),
              help="Fire at most this many timers.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@pass_state
def fire(state: CliState, limit: int, as_json: bool) -> None:
    """Fire the due timers now, in this process (what the periodic job does)."""
    state.require_schema()
    with job_app_context(state.app) as environment:
        counts = run_due_timers(environment, limit=limit)
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(_summary(counts))
    if counts["failed"]:
        raise click.exceptions.Exit(1)


@timers.command()
@click.option("--every", default=60.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds between two runs.")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1),
              help="Timers fired per run at most.")
@click.option("--once", is_flag=True, help="Tick once and stop (cron, tests).")
@pass_state
def tick(state: CliState, every: float, limit: int, once: bool) -> None:
    """Fire due timers every --every seconds until interrupted (Ctrl-C)."""
    state.require_schema()
    publisher = jobs(state.app)
    ticks = TimerTicks(publisher, limit=limit)
    where = "rq" if state.app.config.get("REDIS_URL") else "inline"

    def one_tick() -> None:
        handle = ticks()
        if handle is None:
            click.echo("previous run still waiting for a worker; tick skipped")
            return
        info = publisher.status(handle.id)
        result = _summary(info.result) if isinstance(info.result, dict) else info.status
        click.echo(f"{where} job {handle.id}: {info.error or result}")

    ticker = Ticker(every, one_tick, name="motcua-timers")
    if once:
        one_tick()
        return
    click.echo(f"firing due timers every {every:g} s ({where}); Ctrl-C stops")
    try:
        ticker.run()
    except KeyboardInterrupt:
        ticker.stop()
        click.echo("stopped")


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts['fired']} timer(s) fired in {counts['dossiers']} dossier(s), "
            f"{counts['warnings']} warning(s); {counts['conflicts']} conflict(s) and "
            f"{counts['failed']} failure(s) left for the next run")
