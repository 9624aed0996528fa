"""Every diagram of the generated catalogue parses in SpiffWorkflow and lints clean."""

from __future__ import annotations

import pytest

from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.geography import AGENCIES
from bpmn.generator import render
from bpmn.lint import Severity, lint
from bpmn.parsing import parse_process

pytestmark = pytest.mark.slow


def test_all_2358_diagrams_parse_and_have_no_lint_errors() -> None:
    names = {agency.code: agency.name for agency in AGENCIES}
    procedures = generate_catalog()
    assert len(procedures) == 2358
    failures: list[str] = []
    for procedure in procedures:
        xml = render(procedure, names)
        parsed = parse_process(xml)
        if parsed.process_id != "Process_" + procedure.code.replace(".", "_"):
            failures.append(f"{procedure.code}: parsed {parsed.process_id}")
        failures += [f"{procedure.code}: {f.rule} {f.element_id} {f.message}"
                     for f in lint(xml) if f.severity is Severity.ERROR]
    assert failures == []
