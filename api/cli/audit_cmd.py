"""``motcua audit verify``: recompute every dossier's event hash chain.

Exit status 0 when every chain is intact, 1 when any is broken (each break printed with
its dossier code, sequence number and kind), so a nightly job can alert on it. The chain
rules are those of :mod:`engine.dossiers.audit`.
"""

from __future__ import annotations

import json

import click

from api.cli.context import CliState, pass_state
from engine.dossiers.audit import verify as verify_chains

__all__ = ["audit"]


@click.group()
def audit() -> None:
    """Check the integrity of the dossiers' audit log."""


@audit.command()
@click.option("--dossier", "dossier_code", metavar="CODE", help="Verify one dossier only.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_state
def verify(state: CliState, dossier_code: str | None, as_json: bool) -> None:
    """Recompute the hash chains; exit 1 if any event was edited, deleted or reordered."""
    state.require_schema()
    with state.session() as session:
        report = verify_chains(session, dossier_code=dossier_code)
    if dossier_code is not None and report.dossiers == 0:
        raise click.ClickException(f"dossier {dossier_code!r} has no events; check the code")
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for item in report.breaks:
            click.echo(f"{item.dossier_code}  #{item.sequence}  {item.kind}: {item.message}")
        verdict = "every chain is intact" if report.ok else f"{len(report.breaks)} break(s)"
        click.echo(f"{report.events} events of {report.dossiers} dossiers: {verdict}")
    if not report.ok:
        raise SystemExit(1)
