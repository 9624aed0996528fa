"""The BPMN linter: bpmnlint's recommended rules plus the engine's own, run on the server.

Why a hand-written server-side linter: bpmnlint is JavaScript and runs only in the
browser modeler, where its verdict can be ignored or bypassed by an API client; a save or
publish must be checked where it is stored. The rules keep bpmnlint's ids and meanings so
the modeler and the server agree, and add ``motcua/...`` rules for what SpiffWorkflow 3.2
cannot run (:mod:`bpmn.lint.compat`), for conditions over form data
(:mod:`bpmn.lint.data`) and for the drawing (:mod:`bpmn.lint.layout`).

``lint`` never raises: unreadable XML is one ``xml-syntax`` finding, and a rule that fails
on an odd file reports that as a warning under its own id instead of hiding the others.
The result is sorted, so the same bytes always give the same list.
"""

from __future__ import annotations

from bpmn.errors import BpmnParseError
from bpmn.lint.base import Finding, Rule, Severity
from bpmn.lint.compat import COMPAT_RULES
from bpmn.lint.data import DATA_RULES
from bpmn.lint.elements import ELEMENT_RULES
from bpmn.lint.flow import FLOW_RULES
from bpmn.lint.layout import LAYOUT_RULES
from bpmn.lint.model import Diagram
from bpmn.parsing import read_bpmn_xml

__all__ = ["ALL_RULES", "RULES", "Finding", "Rule", "Severity", "lint"]

ALL_RULES: tuple[Rule, ...] = (
    *FLOW_RULES,
    *ELEMENT_RULES,
    *LAYOUT_RULES,
    *COMPAT_RULES,
    *DATA_RULES,
)

# Rule ids reported outside the registry: by ``lint`` itself and by ``motcua bpmn check``.
_SPECIAL_RULES = {
    "xml-syntax": "The file is well-formed XML with a BPMN 2.0 definitions root.",
    "motcua/parse": "The workflow engine's parser accepts the file.",
}

RULES: dict[str, str] = {
    **_SPECIAL_RULES,
    **{rule.id: rule.description for rule in ALL_RULES},
}

# When both rules fire on the same element, the first says nothing the second does not.
_SUPERSEDED_BY = {
    "no-implicit-start": "no-disconnected",
    "no-implicit-end": "no-disconnected",
    "no-complex-gateway": "motcua/complex-gateway",
}


def lint(xml: bytes) -> list[Finding]:
    """Every finding for one BPMN file, sorted; never raises."""
    try:
        root = read_bpmn_xml(xml)
    except BpmnParseError as exc:
        return [Finding("xml-syntax", exc.element_id, Severity.ERROR, str(exc))]
    diagram = Diagram.build(root)
    findings = [finding for rule in ALL_RULES for finding in _run(rule, diagram)]
    return sorted(set(_drop_superseded(findings)), key=Finding.sort_key)


def _run(rule: Rule, diagram: Diagram) -> list[Finding]:
    try:
        return rule.run(diagram)
    except Exception as exc:  # a rule must not hide the others' findings
        message = (
            f"This check could not run on the file ({type(exc).__name__}: {exc}). "
            "The other checks ran; report this file to the maintainers."
        )
        return [Finding(rule.id, None, Severity.WARNING, message)]


def _drop_superseded(findings: list[Finding]) -> list[Finding]:
    fired = {(f.rule, f.element_id) for f in findings}
    return [
        f
        for f in findings
        if (_SUPERSEDED_BY.get(f.rule), f.element_id) not in fired or f.element_id is None
    ]
