"""What the catalogue service needs from the :mod:`bpmn` package, as Protocols.

The service takes a renderer, a linter and a parser as arguments so that tests (and a
planner's dry run) can swap them; the defaults import the real functions only when first
called, so opening the service for a ``stats`` does not load SpiffWorkflow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

from bpmn.catalog.model import Procedure as CatalogRow

__all__ = [
    "AgencyLike",
    "CentreLike",
    "FieldLike",
    "Finding",
    "Linter",
    "Parser",
    "Progress",
    "Renderer",
    "content_hash",
    "default_lint",
    "default_parse",
]


class FieldLike(Protocol):
    """A field of activity as :mod:`bpmn.catalog.geography` describes it."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...


class AgencyLike(FieldLike, Protocol):
    @property
    def level(self) -> str: ...


class CentreLike(FieldLike, Protocol):
    @property
    def unit_name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...
    @property
    def weight(self) -> float: ...
    @property
    def counters(self) -> int: ...


class Renderer(Protocol):
    """Turns a catalogue row into its BPMN XML, byte-for-byte deterministic."""

    def __call__(self, procedure: CatalogRow, /) -> bytes: ...


class Finding(Protocol):
    """What the linter reports; ``severity`` is ``"error"`` or ``"warning"``."""

    @property
    def rule(self) -> str: ...
    @property
    def element_id(self) -> str | None: ...
    @property
    def severity(self) -> str: ...
    @property
    def message(self) -> str: ...


class Linter(Protocol):
    def __call__(self, xml: bytes, /) -> Sequence[Finding]: ...


class Parser(Protocol):
    """Parses a diagram into an executable spec; raises ``ProcedureError`` when it cannot."""

    def __call__(self, xml: bytes, /) -> object: ...


#: Called after each diagram with (done, total), for progress bars.
Progress = Callable[[int, int], None]


def content_hash(xml: bytes) -> str:
    """The SHA-256 hex digest stored in ``procedure_versions.content_hash``."""
    return hashlib.sha256(xml).hexdigest()


def default_lint(xml: bytes) -> Sequence[Finding]:
    from bpmn.lint import lint  # noqa: PLC0415 - see the module docstring

    return lint(xml)


def default_parse(xml: bytes) -> object:
    from bpmn.parsing import parse_process  # noqa: PLC0415 - loads SpiffWorkflow

    return parse_process(xml)
