"""What the catalogue service reports back: plain frozen values, printable and JSON-able.

They are separate from the service so that the CLI, the API schemas and jobs can depend on
the shape of a report without importing SQLAlchemy code paths.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BuildReport",
    "CatalogStats",
    "ExportReport",
    "ImportReport",
    "SeedReport",
    "ValidationFailure",
    "ValidationReport",
]


@dataclass(frozen=True)
class SeedReport:
    """How many reference rows were inserted (0 everywhere on a second run)."""

    fields: int
    agencies: int
    centres: int


@dataclass(frozen=True)
class BuildReport:
    """Procedures inserted, procedures already present, versions created."""

    created: int
    skipped: int
    versions: int


@dataclass(frozen=True)
class ImportReport:
    """Outcome of an import: new codes, changed diagrams, rows that changed nothing."""

    created: int
    updated: int
    unchanged: int
    versions: int


@dataclass(frozen=True)
class CatalogStats:
    """Counts over the catalogue; keys are the stored values (``"province"``, ...)."""

    total: int
    by_level: dict[str, int]
    by_field: dict[str, int]
    by_archetype: dict[str, int]
    versions_by_status: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ValidationFailure:
    """An error in one published diagram: a lint error or the parser's refusal."""

    code: str
    version: int
    rule: str  # the lint rule id, or "parse"
    element_id: str | None
    message: str


@dataclass(frozen=True)
class ValidationReport:
    """Result of linting and parsing every published diagram.

    ``findings`` counts every lint finding as ``{rule: {severity: n}}``; ``failures``
    lists the errors (lint errors and parse failures) one by one.
    """

    total: int
    parsed: int
    findings: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[ValidationFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every diagram parsed and no lint error was found."""
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


@dataclass(frozen=True)
class ExportReport:
    directory: Path
    files: int
