"""What a lint rule is and what it reports.

A rule is a plain function from the indexed diagram to ``(element_id, message)`` hits;
the registry entry adds its id and severity, so a rule cannot report under someone else's
name and the severity of a rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from bpmn.lint.model import Diagram, Element

__all__ = ["Check", "Finding", "Hit", "Rule", "Severity", "hit"]


class Severity(StrEnum):
    """An ``error`` keeps a diagram from being published; a ``warning`` is advice."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one diagram: which rule, which element (None: the whole file)."""

    rule: str
    element_id: str | None
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, str, str, str]:
        """File-level findings first, then by element id, rule and message."""
        return (
            "0" if self.element_id is None else "1",
            self.element_id or "",
            self.rule,
            self.message,
        )


Hit = tuple[str | None, str]
Check = Callable[[Diagram], Iterable[Hit]]


def hit(el: Element | None, message: str) -> Hit:
    """A hit on an element (its id), or on the whole file when ``el`` is None."""
    return (el.get("id") if el is not None else None, message)


@dataclass(frozen=True)
class Rule:
    """A registered rule: its id (bpmnlint's, or ``motcua/...``), severity and check."""

    id: str
    severity: Severity
    description: str
    check: Check

    def run(self, diagram: Diagram) -> list[Finding]:
        return [
            Finding(self.id, element_id, self.severity, message)
            for element_id, message in self.check(diagram)
        ]
