"""What every ``motcua`` command shares: the app, its database session, its collaborators.

The root group puts one :class:`CliState` in ``ctx.obj``. Commands build the app lazily
through :func:`api.create_app` (``motcua --help`` builds nothing) and open the session
through the app, so a command sees exactly the configuration the web server would.

Unit of work: a command that writes uses ``state.session(commit=True)``, which commits
once at the end if the command body raised nothing; services only flush.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from api.app import create_app
from api.extensions import database, get_session
from bpmn.catalog.model import Procedure as CatalogRow
from engine import migrations
from engine.catalog.services import CatalogService

__all__ = ["CliState", "pass_state"]


def _generate(seed: int) -> Sequence[CatalogRow]:
    from bpmn.catalog.generate import generate_catalog  # noqa: PLC0415 - only for build

    return generate_catalog(seed)


def _read(path: Path) -> Sequence[CatalogRow]:
    from bpmn.catalog.importer import read_procedures  # noqa: PLC0415 - only for import

    return read_procedures(path)


@dataclass
class CliState:
    """The configuration overrides to build the app with, and injectable collaborators.

    Tests pass their own (``CliRunner().invoke(main, args, obj=CliState(...))``): a
    database URL, a catalogue service with fake renderers, a tiny generator.
    """

    config: Mapping[str, Any] | None = None
    make_service: Callable[[Session], CatalogService] = CatalogService
    generate: Callable[[int], Sequence[CatalogRow]] = _generate
    read_procedures: Callable[[Path], Sequence[CatalogRow]] = _read
    _app: Flask | None = field(default=None, init=False, repr=False)

    @property
    def app(self) -> Flask:
        if self._app is None:
            self._app = create_app(self.config)
        return self._app

    def close(self) -> None:
        """Close the app's database connections (the root group calls it on exit)."""
        if self._app is not None:
            database(self._app).engine.dispose()

    @property
    def database_url(self) -> str:
        return str(self.app.config["DATABASE_URL"])

    @property
    def database_label(self) -> str:
        """The database URL without its password, for messages."""
        return make_url(self.database_url).render_as_string(hide_password=True)

    @contextmanager
    def session(self, *, commit: bool = False) -> Iterator[Session]:
        """A session of the app; committed at the end when ``commit`` and nothing failed."""
        with self.app.app_context():
            session = get_session()
            yield session
            if commit:
                session.commit()

    def require_schema(self) -> None:
        """Stop with a clear message unless the database is at the newest migration."""
        current, head = migrations.current(self.database_url), migrations.head()
        if current != head:
            raise click.ClickException(
                f"the database {self.database_label} is at revision {current or '(empty)'}, "
                f"this version of MotCua needs {head}; run `motcua db upgrade` "
                "(or `motcua setup`)"
            )


pass_state = click.make_pass_decorator(CliState, ensure=True)
