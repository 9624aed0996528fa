"""``motcua db``: the database schema, migrated with Alembic (no alembic.ini needed)."""

from __future__ import annotations

import click

from api.cli.context import CliState, pass_state
from engine import migrations

__all__ = ["db"]


@click.group()
def db() -> None:
    """Create, migrate and inspect the database schema."""


@db.command()
@click.argument("revision", default="head")
@pass_state
def upgrade(state: CliState, revision: str) -> None:
    """Migrate the database up to REVISION (default: head, the newest)."""
    migrations.upgrade(state.database_url, revision)
    click.echo(f"{state.database_label}: at revision {_show(state)}")


@db.command()
@click.argument("revision", default="-1")
@pass_state
def downgrade(state: CliState, revision: str) -> None:
    """Migrate the database down to REVISION (default: -1, one step; `base` empties it)."""
    migrations.downgrade(state.database_url, revision)
    click.echo(f"{state.database_label}: at revision {_show(state)}")


@db.command()
@pass_state
def current(state: CliState) -> None:
    """Show the revision of the database and whether migrations are pending."""
    at, head = migrations.current(state.database_url), migrations.head()
    status = "up to date" if at == head else "behind: run `motcua db upgrade`"
    click.echo(f"{state.database_label}: at revision {at or '(empty)'}, head {head} ({status})")


@db.command()
@click.option("-m", "--message", required=True, help="What the migration does.")
@click.option(
    "--autogenerate/--empty",
    default=True,
    help="Compare the models with the database (default) or write an empty revision.",
)
@pass_state
def revision(state: CliState, message: str, autogenerate: bool) -> None:
    """Write a new migration into engine/migrations/versions (for developers).

    Autogenerate compares the models with the configured database, which must be at head.
    """
    if autogenerate:
        state.require_schema()
    rev = migrations.revision(message, url=state.database_url, autogenerate=autogenerate)
    click.echo(f"wrote revision {rev}; review it before committing")


def _show(state: CliState) -> str:
    return migrations.current(state.database_url) or "(empty)"
