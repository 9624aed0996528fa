"""Exceptions of the procedure catalogue and its diagrams.

The tree, shared by every MotCua package (each package adds its own branch)::

    MotcuaError                 root: everything the product raises on purpose
    ├── ProcedureError          a diagram cannot be read, parsed or run
    │   └── BpmnParseError      the XML or SpiffWorkflow parser rejected a file
    ├── CatalogError            a catalogue row is invalid
    │   └── ImportRowsError     an import had bad rows (all listed; nothing imported)
    ├── CaseError               (engine.dossiers) a dossier action is not allowed
    ├── ScriptError, CalendarError (engine) see engine/errors.py
    ├── JobError                (engine.jobs) a background job failed or is unknown
    ├── AccountError            (engine.accounts) not authenticated, access denied, ...
    └── ScenarioError           (simulations) a scenario is invalid

The API maps ``MotcuaError`` to ``application/problem+json``; messages name the offending
value or BPMN element and say what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "BpmnParseError",
    "CatalogError",
    "ImportRowsError",
    "MotcuaError",
    "ProcedureError",
    "RowError",
]


class MotcuaError(Exception):
    """Root of every error MotCua raises on purpose."""


class ProcedureError(MotcuaError):
    """A procedure diagram cannot be read, parsed or run."""

    def __init__(self, message: str, *, element_id: str | None = None) -> None:
        super().__init__(message)
        self.element_id = element_id


class BpmnParseError(ProcedureError):
    """The XML or the SpiffWorkflow parser rejected a diagram."""


class CatalogError(MotcuaError):
    """A catalogue row is invalid."""


@dataclass(frozen=True)
class RowError:
    """One problem in one imported row: where it is and what is wrong."""

    row: int
    field: str
    message: str


@dataclass
class ImportRowsError(CatalogError):
    """An import found bad rows; every one is listed and nothing was imported."""

    errors: list[RowError] = field(default_factory=list)

    def __str__(self) -> str:
        rows = len({e.row for e in self.errors})
        head = f"{len(self.errors)} problem(s) in {rows} row(s); nothing was imported"
        lines = [f"row {e.row}, {e.field}: {e.message}" for e in self.errors[:20]]
        return "\n".join([head, *lines])
