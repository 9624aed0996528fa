"""The ``motcua`` command line: ``motcua --help`` lists every command.

Expected failures (:class:`~bpmn.errors.MotcuaError`, an unreachable database, a wrong
Alembic revision) print one line on stderr and exit 1; tracebacks are for bugs only.
``motcua bpmn ...`` lives in :mod:`api.cli.bpmn_cmd` and is loaded when first used.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

import click
from alembic.util import CommandError
from sqlalchemy.exc import OperationalError

from api.cli.catalog import catalog, setup
from api.cli.context import CliState
from api.cli.db import db
from api.cli.serve import serve, worker
from bpmn.errors import MotcuaError

__all__ = ["CliState", "main"]

#: Commands imported on first use: name → "module:attribute".
LAZY_COMMANDS = {
    "bpmn": "api.cli.bpmn_cmd:bpmn",
    "calendar": "api.cli.calendar_cmd:calendar",
    "audit": "api.cli.audit_cmd:audit",
    "eventlog": "api.cli.eventlog_cmd:eventlog",
    "kpi": "api.cli.kpi_cmd:kpi",
    "timers": "api.cli.timers_cmd:timers",
    "users": "api.cli.users_cmd:users",
    "demo": "api.cli.demo_cmd:demo",
    "simulate": "api.cli.simulate_cmd:simulate",
}


class MotcuaGroup(click.Group):
    """The root group: turns expected errors into messages, loads lazy commands."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MotcuaError as error:
            raise click.ClickException(str(error)) from error
        except CommandError as error:
            raise click.ClickException(f"alembic: {error}") from error
        except OperationalError as error:
            raise click.ClickException(
                f"the database did not answer: {str(error.orig).strip()} "
                "(check DATABASE_URL / MOTCUA_DATABASE_URL)"
            ) from error

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [name for name in LAZY_COMMANDS if _lazy_spec_exists(name)]
        return sorted({*super().list_commands(ctx), *lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS and _lazy_spec_exists(cmd_name):
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return command


def _lazy_spec_exists(name: str) -> bool:
    return importlib.util.find_spec(LAZY_COMMANDS[name].split(":")[0]) is not None


@click.group(cls=MotcuaGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="motcua", prog_name="motcua")
@click.pass_context
def main(ctx: click.Context) -> None:
    """MotCua: administrative procedures of Lâm Đồng as BPMN workflows, and their simulator.

    Configuration comes from MOTCUA_* environment variables (MOTCUA_DATABASE_URL,
    MOTCUA_REDIS_URL, MOTCUA_VAR_DIR, ...). First run: `motcua setup`, then `motcua serve`.
    """
    ctx.call_on_close(ctx.ensure_object(CliState).close)


for _command in (db, catalog, setup, serve, worker):
    main.add_command(_command)
