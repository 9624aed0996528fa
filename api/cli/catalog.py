"""``motcua catalog`` (build, stats, validate, import, export) and ``motcua setup``.

Every command checks first that the database schema is current, so a missing
``motcua db upgrade`` is a one-line message rather than a "no such table" traceback.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import click

from api.cli.context import CliState, pass_state
from bpmn.catalog.model import Procedure as CatalogRow
from bpmn.errors import ImportRowsError, RowError
from engine import migrations
from engine.catalog.collaborators import Progress
from engine.catalog.reports import SeedReport, ValidationReport

__all__ = ["catalog", "setup"]


@click.group()
def catalog() -> None:
    """Build, inspect, validate, import and export the procedure catalogue."""


@catalog.command()
@click.option("--seed", default=36, show_default=True, help="Seed of the catalogue generator.")
@pass_state
def build(state: CliState, seed: int) -> None:
    """Generate the catalogue and store every procedure with a published diagram.

    Procedures already stored are left alone: building twice adds nothing.
    """
    state.require_schema()
    started = time.perf_counter()
    _build(state, seed)
    click.echo(f"done in {time.perf_counter() - started:.1f} s")


def _build(state: CliState, seed: int) -> None:
    rows = state.generate(seed)
    with state.session(commit=True) as session:
        service = state.make_service(session)
        seeded = service.seed_reference_data()
        built = service.build(rows)
    _print_seeded(seeded)
    click.echo(
        f"procedures: {built.created} created, {built.skipped} already present; "
        f"{built.versions} diagrams published"
    )


@catalog.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_state
def stats(state: CliState, as_json: bool) -> None:
    """Count procedures by level, field and archetype, and versions by status."""
    state.require_schema()
    with state.session() as session:
        report = state.make_service(session).stats()
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"procedures: {report.total}")
    for title, counts in (
        ("by level", report.by_level),
        ("by archetype", report.by_archetype),
        ("by field", report.by_field),
        ("versions by status", report.versions_by_status),
    ):
        click.echo(f"{title}:")
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            click.echo(f"  {key:<28} {count:>6}")


@catalog.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_state
def validate(state: CliState, as_json: bool) -> None:
    """Lint and parse every published diagram; exit 1 if any has an error."""
    state.require_schema()
    with state.session() as session, _progress_bar("validating") as progress:
        report = state.make_service(session).validate(progress=progress)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_validation(report)
    if not report.ok:
        raise SystemExit(1)


@contextmanager
def _progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress callback drawing a bar on stderr when it is a terminal, else None."""
    stderr = sys.stderr
    if not stderr.isatty():
        yield None
        return
    with ExitStack() as stack:
        bars: list[Any] = []

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(
                    stack.enter_context(click.progressbar(length=total, label=label, file=stderr))
                )
            bars[0].update(done - bars[0].pos)

        yield progress


def _print_validation(report: ValidationReport) -> None:
    click.echo(
        f"{report.total} published diagrams: {report.parsed} parsed, "
        f"{report.total - report.parsed} refused by the parser"
    )
    if report.findings:
        counted = [
            (rule, str(counts.get("error", 0)), str(counts.get("warning", 0)))
            for rule, counts in report.findings.items()
        ]
        click.echo(_table(("rule", "errors", "warnings"), counted))
    if report.failures:
        click.echo(f"\n{len(report.failures)} error(s):")
        listed = [
            (f.code, str(f.version), f.rule, f.element_id or "-", f.message)
            for f in report.failures
        ]
        click.echo(_table(("procedure", "version", "rule", "element", "message"), listed))
    else:
        click.echo("no errors")


@catalog.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--author",
    default="catalog-import",
    show_default=True,
    help="Recorded as the author of the new diagram versions.",
)
@pass_state
def import_(state: CliState, files: tuple[Path, ...], author: str) -> None:
    """Import procedure lists (all or nothing): new codes are added, changed ones versioned.

    If any row of any file is invalid, every bad row is listed and nothing is imported.
    """
    state.require_schema()
    rows: list[CatalogRow] = []
    bad: list[tuple[str, RowError]] = []
    for path in files:
        try:
            rows.extend(state.read_procedures(path))
        except ImportRowsError as error:
            bad.extend((path.name, row_error) for row_error in error.errors)
    if bad:
        table = _table(
            ("file", "row", "field", "problem"),
            [(name, str(e.row), e.field, e.message) for name, e in bad],
        )
        click.echo(f"{len(bad)} bad row(s); nothing was imported\n{table}", err=True)
        raise SystemExit(1)
    with state.session(commit=True) as session:
        report = state.make_service(session).import_procedures(rows, author=author)
    click.echo(
        f"imported {len(rows)} procedure(s): {report.created} new, {report.updated} changed, "
        f"{report.unchanged} unchanged; {report.versions} diagram version(s) published"
    )


@catalog.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@pass_state
def export(state: CliState, directory: Path) -> None:
    """Write each published diagram to DIRECTORY/<code>.bpmn."""
    state.require_schema()
    with state.session() as session:
        report = state.make_service(session).export(directory)
    click.echo(f"wrote {report.files} diagram(s) to {report.directory}")


@click.command()
@click.option("--seed", default=36, show_default=True, help="Seed of the catalogue generator.")
@pass_state
def setup(state: CliState, seed: int) -> None:
    """Prepare a database to serve: migrate, load reference data, build the catalogue.

    Safe to run on every start: each step does only what is missing.
    """
    started = time.perf_counter()
    migrations.upgrade(state.database_url)
    click.echo(f"database {state.database_label}: at revision {migrations.head()}")
    with state.session(commit=True) as session:
        service = state.make_service(session)
        seeded = service.seed_reference_data()
        total = service.stats().total
    _print_seeded(seeded)
    if total:
        click.echo(f"catalogue: {total} procedures already built")
    else:
        _build(state, seed)
    click.echo(f"ready in {time.perf_counter() - started:.1f} s")


def _print_seeded(seeded: SeedReport) -> None:
    if any((seeded.fields, seeded.agencies, seeded.centres)):
        click.echo(
            f"reference data added: {seeded.fields} fields, {seeded.agencies} agencies, "
            f"{seeded.centres} centres"
        )


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    widths[-1] = 0  # the last column is free text: do not pad it
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    return "\n".join(lines)
