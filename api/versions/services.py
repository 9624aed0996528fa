"""The checks behind the editing endpoints: linting with the parser, the draft's ETag.

A draft is a work in progress: :func:`check` reports everything (lint findings plus the
workflow parser's verdict as a ``motcua/parse`` error) and saving goes ahead anyway;
publishing refuses any error. Flask-free apart from the types it is handed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bpmn.errors import BpmnParseError
from bpmn.lint import Finding, Severity, lint
from bpmn.parsing import parse_process
from engine.catalog.models import ProcedureVersion, VersionStatus

__all__ = ["LintReport", "check", "current_draft", "latest_version"]


@dataclass(frozen=True)
class LintReport:
    """The findings of one diagram, in the shape of ``LintReportSchema``."""

    number: int
    content_hash: str
    findings: Sequence[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def publishable(self) -> bool:
        return self.errors == 0

    def by_element(self) -> dict[str, list[str]]:
        """Error messages per element id (``_file`` for file-level ones), for a problem."""
        table: dict[str, list[str]] = {}
        for f in self.findings:
            if f.severity is Severity.ERROR:
                table.setdefault(f.element_id or "_file", []).append(f"{f.rule}: {f.message}")
        return table

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "content_hash": self.content_hash,
                "errors": self.errors, "warnings": self.warnings,
                "publishable": self.publishable, "findings": list(self.findings)}


def check(xml: bytes) -> list[Finding]:
    """Lint findings plus the parser's refusal, if any; never raises."""
    findings = lint(xml)
    if any(f.rule == "xml-syntax" for f in findings):
        return findings  # the parser would only repeat it
    try:
        parse_process(xml)
    except BpmnParseError as error:
        findings.append(Finding("motcua/parse", error.element_id, Severity.ERROR, str(error)))
    return findings


def latest_version(session: Session, procedure_id: int) -> ProcedureVersion | None:
    return session.scalars(
        select(ProcedureVersion)
        .where(ProcedureVersion.procedure_id == procedure_id)
        .order_by(ProcedureVersion.number.desc())
        .limit(1)
    ).first()


def current_draft(session: Session, procedure_id: int) -> ProcedureVersion | None:
    """The draft being edited: the newest version, when it is a draft.

    Older drafts (superseded by a later save or a publication) stay as history: versions
    are immutable, so every save of a draft writes a new version.
    """
    latest = latest_version(session, procedure_id)
    return latest if latest is not None and latest.status is VersionStatus.DRAFT else None
