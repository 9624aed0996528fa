"""``motcua users``: create, list and deactivate users, issue API tokens, reset passwords.

Passwords never appear on the command line (they would end up in the shell history and
in ``ps``): ``--password-stdin`` reads the first line of standard input, e.g.
``printf '%s\\n' "$PASS" | motcua users create ...``. A user created without a password
can only use API tokens until one is set with ``motcua users password``.

``token`` prints the token alone on standard output, once (it is stored hashed), so it can
be piped into a secret store; what it is for goes to standard error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.cli.context import CliState, pass_state
from engine.accounts.models import Role
from engine.accounts.services import MAX_TOKEN_TTL, AccountService
from engine.catalog.models import Agency, Centre
from engine.dossiers.clock import SystemClock

__all__ = ["users"]

_ROLES = click.Choice([role.value for role in Role])


def _service(session: Session) -> AccountService:
    return AccountService(session, clock=SystemClock())


def _read_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        raise click.ClickException("--password-stdin: standard input held no password")
    return password


@click.group()
def users() -> None:
    """Accounts: create, list and deactivate users; API tokens; password resets."""


@users.command()
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=_ROLES,
              help="A role; repeat for several.")
@click.option("--unit", "units", multiple=True,
              help="A centre or agency code; repeat for several.")
@click.option("--name", "display_name", help="Display name (default: the username).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input.")
@pass_state
def create(state: CliState, *, username: str, roles: tuple[str, ...],
           units: tuple[str, ...], display_name: str | None, password_stdin: bool) -> None:
    """Create USERNAME with its roles and units."""
    state.require_schema()
    password = _read_password() if password_stdin else None
    with state.session(commit=True) as session:
        unknown = set(units) - set(session.scalars(select(Centre.code)).all()) - set(
            session.scalars(select(Agency.code)).all())
        user = _service(session).create_user(username, display_name=display_name,
                                             roles=roles, units=units, password=password)
        summary = _line(user.username, user.roles, user.units, user.active)
    for unit in sorted(unknown):
        click.echo(f"warning: unit {unit} is neither a centre nor an agency of the "
                   "catalogue (a partner outside the province?)", err=True)
    click.echo(f"created {summary}" + ("" if password else
                                       "  (no password: API tokens only)"))


@users.command()
@click.argument("username")
@click.option("--name", required=True, help="What the token is for.")
@click.option("--days", default=30, show_default=True,
              type=click.IntRange(1, MAX_TOKEN_TTL.days), help="Lifetime in days.")
@pass_state
def token(state: CliState, username: str, name: str, days: int) -> None:
    """Issue an API token for USERNAME and print it (once)."""
    state.require_schema()
    with state.session(commit=True) as session:
        service = _service(session)
        plaintext, row = service.issue_token(service.get(username), name,
                                             dt.timedelta(days=days))
        expires = row.expires_at.isoformat(timespec="seconds")
    click.echo(f"token {name!r} for {username}, expires {expires}; it is shown only now",
               err=True)
    click.echo(plaintext)


@users.command()
@click.argument("username")
@pass_state
def password(state: CliState, username: str) -> None:
    """Set USERNAME's password from standard input; ends its sessions, clears a lock."""
    state.require_schema()
    secret = _read_password()
    with state.session(commit=True) as session:
        service = _service(session)
        service.set_password(service.get(username), secret)
    click.echo(f"password of {username} changed; its browser sessions are ended")


@users.command()
@click.argument("username")
@pass_state
def deactivate(state: CliState, username: str) -> None:
    """Deactivate USERNAME: its logins, sessions and API tokens stop at once."""
    state.require_schema()
    with state.session(commit=True) as session:
        service = _service(session)
        service.deactivate(service.get(username))
    click.echo(f"{username} deactivated")


@users.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@pass_state
def list_users(state: CliState, as_json: bool) -> None:
    """List users with their roles, units and whether they are active."""
    state.require_schema()
    with state.session() as session:
        rows = [(u.username, u.display_name, sorted(u.roles), sorted(u.units), u.active)
                for u in _service(session).users()]
    if as_json:
        keys = ("username", "display_name", "roles", "units", "active")
        listed = [dict(zip(keys, row, strict=True)) for row in rows]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    for username, _name, roles, units, active in rows:
        click.echo(_line(username, roles, units, active))
    click.echo(f"{len(rows)} user(s)")

def _line(username: str, roles: Iterable[str], units: Iterable[str], active: bool) -> str:
    role_text = ",".join(sorted(str(r) for r in roles))
    unit_text = ",".join(sorted(str(u) for u in units)) or "-"
    return f"{username}\t{role_text}\t{unit_text}\t{'active' if active else 'inactive'}"
