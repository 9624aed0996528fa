"""``motcua bpmn check``: the checks a diagram save runs, from a shell or a CI job.

Each file is linted (:func:`bpmn.lint.lint`) and parsed by the workflow engine
(:func:`bpmn.parsing.parse_process`); a parse failure becomes one more error finding,
``motcua/parse``, so a file the linter likes but the engine rejects still fails.

Exit status: 0 when no finding is an error, 1 when any is, 2 for usage errors (a missing
or unreadable file). Output is for people by default (``file:element: severity rule
message`` and a summary) or a JSON list with ``--json``; never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from bpmn.errors import BpmnParseError
from bpmn.lint import ALL_RULES, RULES, Finding, Severity, lint
from bpmn.parsing import parse_process

__all__ = ["bpmn"]


@dataclass(frozen=True)
class FileFinding:
    """A finding together with the file it was found in."""

    file: str
    finding: Finding

    def as_dict(self) -> dict[str, str | None]:
        return {
            "file": self.file,
            "rule": self.finding.rule,
            "element_id": self.finding.element_id,
            "severity": str(self.finding.severity),
            "message": self.finding.message,
        }

    def as_line(self) -> str:
        where = f"{self.file}:{self.finding.element_id}" if self.finding.element_id else self.file
        f = self.finding
        return f"{where}: {f.severity} {f.rule} {f.message}"


def check_bytes(xml: bytes) -> list[Finding]:
    """Lint findings plus the engine's parse verdict for one file's bytes."""
    findings = lint(xml)
    if any(f.rule == "xml-syntax" for f in findings):
        return findings  # the parser would only repeat it
    try:
        parse_process(xml)
    except BpmnParseError as exc:
        findings.append(Finding("motcua/parse", exc.element_id, Severity.ERROR, str(exc)))
    except Exception as exc:  # the command must report, never crash with a traceback
        message = f"The file could not be checked ({type(exc).__name__}: {exc})."
        findings.append(Finding("motcua/parse", None, Severity.ERROR, message))
    return findings


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.UsageError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def _summary(results: list[FileFinding], checked: int) -> str:
    errors = sum(r.finding.severity is Severity.ERROR for r in results)
    warnings = len(results) - errors
    files = len({r.file for r in results})
    if not results:
        return f"{checked} file(s) checked: no findings."
    return (
        f"{checked} file(s) checked: {errors} error(s), {warnings} warning(s) in {files} file(s)."
    )


def _print_rules() -> None:
    severities = {rule.id: rule.severity for rule in ALL_RULES}
    for rule_id, description in RULES.items():
        severity = severities.get(rule_id, Severity.ERROR)
        click.echo(f"{rule_id:40} {severity:8} {description}")


@click.group()
def bpmn() -> None:
    """Check procedure diagrams (BPMN 2.0 files)."""


@bpmn.command()
@click.argument(
    "files",
    nargs=-1,
    type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list.")
@click.option("--rules", "list_rules", is_flag=True, help="List the rules and exit.")
def check(files: Sequence[Path], as_json: bool, list_rules: bool) -> None:
    """Lint FILE... and parse them with the workflow engine."""
    if list_rules:
        _print_rules()
        return
    if not files:
        raise click.UsageError("Give at least one BPMN file to check.")
    results = [
        FileFinding(str(path), finding) for path in files for finding in check_bytes(_read(path))
    ]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(result.as_line())
        click.echo(_summary(results, len(files)))
    if any(r.finding.severity is Severity.ERROR for r in results):
        raise click.exceptions.Exit(1)
