"""The linter: one small diagram per rule proving it fires, and a clean diagram with none.

Diagrams are written by hand as a process body; :func:`bpmn_file` wraps it in a
definitions element and draws every flow node and sequence flow (side by side, never
overlapping) so that a fixture only trips the rule it is about.
"""

from __future__ import annotations

import pytest
from lxml import etree

import bpmn.lint as lint_module
from bpmn.lint import ALL_RULES, RULES, Finding, Rule, Severity, lint
from bpmn.lint.model import Diagram
from tests.bpmn.lint_fixtures import (
    CLEAN_BODY,
    START_END,
    bpmn_file,
    condition_body,
    flow,
    rules_on,
)


def test_clean_diagram_has_no_findings() -> None:
    assert lint(bpmn_file(CLEAN_BODY)) == []


# (rule, process body, element expected to carry the finding)
RULE_CASES = [
    (
        "start-event-required",
        '<bpmn:task id="T" name="t"/><bpmn:endEvent id="E" name="e"/>' + flow("F", "T", "E"),
        "Process_1",
    ),
    (
        "end-event-required",
        '<bpmn:startEvent id="S" name="s"/><bpmn:task id="T" name="t"/>' + flow("F", "S", "T"),
        "Process_1",
    ),
    (
        "no-implicit-start",
        START_END + '<bpmn:task id="T" name="t"/>' + flow("F", "T", "E"),
        "T",
    ),
    (
        "no-implicit-end",
        '<bpmn:startEvent id="S" name="s"/><bpmn:parallelGateway id="G"/>'
        '<bpmn:task id="T" name="t"/><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "G") + flow("F2", "G", "T") + flow("F3", "G", "E"),
        "T",
    ),
    ("no-disconnected", START_END + '<bpmn:task id="T" name="t"/>', "T"),
    (
        "fake-join",
        '<bpmn:startEvent id="S" name="s"/><bpmn:parallelGateway id="G"/>'
        '<bpmn:task id="A" name="a"/><bpmn:task id="B" name="b"/>'
        '<bpmn:task id="J" name="j"/><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "G") + flow("F2", "G", "A") + flow("F3", "G", "B")
        + flow("F4", "A", "J") + flow("F5", "B", "J") + flow("F6", "J", "E"),
        "J",
    ),
    (
        "no-gateway-join-fork",
        '<bpmn:startEvent id="S" name="s"/><bpmn:parallelGateway id="G1"/>'
        '<bpmn:parallelGateway id="G"/><bpmn:endEvent id="E1" name="e"/>'
        '<bpmn:endEvent id="E2" name="e"/>'
        + flow("F1", "S", "G1") + flow("F2", "G1", "G") + flow("F3", "G1", "G")
        + flow("F4", "G", "E1") + flow("F5", "G", "E2"),
        "G",
    ),
    (
        "no-implicit-split",
        '<bpmn:startEvent id="S" name="s"/><bpmn:task id="T" name="t"/>'
        '<bpmn:endEvent id="E1" name="e"/><bpmn:endEvent id="E2" name="e"/>'
        + flow("F1", "S", "T") + flow("F2", "T", "E1") + flow("F3", "T", "E2"),
        "T",
    ),
    (
        "superfluous-gateway",
        '<bpmn:startEvent id="S" name="s"/><bpmn:exclusiveGateway id="G" name="g"/>'
        '<bpmn:endEvent id="E" name="e"/>' + flow("F1", "S", "G") + flow("F2", "G", "E"),
        "G",
    ),
    (
        "conditional-flows",
        '<bpmn:startEvent id="S" name="s"/><bpmn:exclusiveGateway id="G" name="g"/>'
        '<bpmn:endEvent id="E1" name="e"/><bpmn:endEvent id="E2" name="e"/>'
        + flow("F1", "S", "G") + flow("F2", "G", "E1", "True", name="yes")
        + flow("F3", "G", "E2"),
        "F3",
    ),
    (
        "no-duplicate-sequence-flows",
        START_END + flow("F_dup", "S", "E"),
        "F_dup",
    ),
    (
        "event-based-gateway",
        '<bpmn:startEvent id="S" name="s"/><bpmn:eventBasedGateway id="G" name="g"/>'
        '<bpmn:intermediateCatchEvent id="C" name="c"><bpmn:timerEventDefinition>'
        '<bpmn:timeDuration>"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition>'
        '</bpmn:intermediateCatchEvent><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "G") + flow("F2", "G", "C") + flow("F3", "C", "E"),
        "G",
    ),
    (
        "label-required",
        '<bpmn:startEvent id="S" name="s"/><bpmn:task id="T"/><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "T") + flow("F2", "T", "E"),
        "T",
    ),
    ("superfluous-label", START_END.replace('id="F_se"', 'id="F_se" name="go"'), "F_se"),
    (
        "no-inclusive-gateway",
        '<bpmn:startEvent id="S" name="s"/><bpmn:inclusiveGateway id="G" name="g"/>'
        '<bpmn:endEvent id="E" name="e"/>' + flow("F1", "S", "G") + flow("F2", "G", "E"),
        "G",
    ),
    (
        "single-blank-start-event",
        START_END + '<bpmn:startEvent id="S2" name="s2"/>' + flow("F2", "S2", "E"),
        "Process_1",
    ),
    (
        "single-event-definition",
        '<bpmn:startEvent id="S" name="s"><bpmn:timerEventDefinition><bpmn:timeDuration>'
        '"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition>'
        "<bpmn:signalEventDefinition/></bpmn:startEvent>"
        '<bpmn:endEvent id="E" name="e"/>' + flow("F", "S", "E"),
        "S",
    ),
    (
        "sub-process-blank-start-event",
        '<bpmn:startEvent id="S" name="s"/><bpmn:subProcess id="SP" name="sp">'
        '<bpmn:startEvent id="SS" name="ss"><bpmn:timerEventDefinition><bpmn:timeDuration>'
        '"PT1H"</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>'
        '<bpmn:endEvent id="SE" name="se"/>' + flow("SF", "SS", "SE") + "</bpmn:subProcess>"
        '<bpmn:endEvent id="E" name="e"/>' + flow("F1", "S", "SP") + flow("F2", "SP", "E"),
        "SS",
    ),
    (
        "event-sub-process-typed-start-event",
        START_END + '<bpmn:subProcess id="ES" triggeredByEvent="true">'
        '<bpmn:startEvent id="ESS" name="ess"/><bpmn:endEvent id="ESE" name="ese"/>'
        + flow("EF", "ESS", "ESE") + "</bpmn:subProcess>",
        "ESS",
    ),
    (
        "link-event",
        '<bpmn:startEvent id="S" name="s"/><bpmn:intermediateThrowEvent id="L" name="l">'
        '<bpmn:linkEventDefinition name="to-end"/></bpmn:intermediateThrowEvent>'
        '<bpmn:endEvent id="E" name="e"/>' + flow("F", "S", "L"),
        "L",
    ),
    (
        "superfluous-termination",
        '<bpmn:startEvent id="S" name="s"/><bpmn:endEvent id="E" name="e">'
        "<bpmn:terminateEventDefinition/></bpmn:endEvent>" + flow("F", "S", "E"),
        "E",
    ),
    (
        "ad-hoc-sub-process",
        '<bpmn:startEvent id="S" name="s"/><bpmn:adHocSubProcess id="AH" name="ah">'
        '<bpmn:startEvent id="AS" name="as"/><bpmn:task id="AT" name="at"/>'
        + flow("AF", "AS", "AT") + '</bpmn:adHocSubProcess><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "AH") + flow("F2", "AH", "E"),
        "AS",
    ),
    ("motcua/reserved-id", START_END.replace('"S"', '"Start"'), "Start"),
    (
        "motcua/link-event",
        '<bpmn:startEvent id="S" name="s"/><bpmn:intermediateThrowEvent id="L" name="l">'
        '<bpmn:linkEventDefinition name="to-end"/></bpmn:intermediateThrowEvent>'
        '<bpmn:intermediateCatchEvent id="LC" name="lc"><bpmn:linkEventDefinition '
        'name="to-end"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "L") + flow("F2", "LC", "E"),
        "LC",
    ),
    (
        "motcua/compensation",
        START_END + '<bpmn:task id="U" name="undo" isForCompensation="true"/>',
        "U",
    ),
    (
        "motcua/complex-gateway",
        '<bpmn:startEvent id="S" name="s"/><bpmn:complexGateway id="G" name="g"/>'
        '<bpmn:endEvent id="E" name="e"/>' + flow("F1", "S", "G") + flow("F2", "G", "E"),
        "G",
    ),
    (
        "motcua/service-task-operator",
        '<bpmn:startEvent id="S" name="s"/><bpmn:serviceTask id="T" name="t"/>'
        '<bpmn:endEvent id="E" name="e"/>' + flow("F1", "S", "T") + flow("F2", "T", "E"),
        "T",
    ),
    (
        "motcua/form-schema",
        '<bpmn:startEvent id="S" name="s"/><bpmn:userTask id="T" name="t">'
        "<bpmn:extensionElements><spiffworkflow:properties><spiffworkflow:property "
        'name="formJsonSchema" value="{not json"/></spiffworkflow:properties>'
        '</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="E" name="e"/>'
        + flow("F1", "S", "T") + flow("F2", "T", "E"),
        "T",
    ),
    (
        "motcua/condition-syntax",
        '<bpmn:startEvent id="S" name="s"/><bpmn:exclusiveGateway id="G" name="g" default="F3"/>'
        '<bpmn:endEvent id="E1" name="e"/><bpmn:endEvent id="E2" name="e"/>'
        + flow("F1", "S", "G") + flow("F2", "G", "E1", "${approved}", name="yes")
        + flow("F3", "G", "E2", name="no"),
        "F2",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "body", "element_id"), RULE_CASES, ids=[case[0] for case in RULE_CASES]
)
def test_rule_fires_on_its_element(rule: str, body: str, element_id: str) -> None:
    findings = lint(bpmn_file(body))

    assert rule in rules_on(findings, element_id)
    finding = next(f for f in findings if f.rule == rule and f.element_id == element_id)
    assert finding.severity is next(r.severity for r in ALL_RULES if r.id == rule)
    assert element_id in finding.message


def test_every_registered_rule_has_a_fixture_or_its_own_test() -> None:
    own_tests = {
        "no-complex-gateway",  # superseded in lint(); checked directly below
        "global",
        "no-bpmndi",
        "motcua/missing-di",
        "no-overlapping-elements",
        "motcua/no-executable-process",
        "motcua/timer-unquoted",
        "motcua/timer-syntax",
        "motcua/undefined-variable",
    }
    covered = {case[0] for case in RULE_CASES} | own_tests

    assert {rule.id for rule in ALL_RULES} == covered


def test_no_complex_gateway_fires_but_is_superseded_by_the_engine_rule() -> None:
    body = next(case[1] for case in RULE_CASES if case[0] == "motcua/complex-gateway")
    root = etree.fromstring(bpmn_file(body))
    rule = next(r for r in ALL_RULES if r.id == "no-complex-gateway")

    assert [f.element_id for f in rule.run(Diagram.build(root))] == ["G"]
    assert "no-complex-gateway" not in {f.rule for f in lint(bpmn_file(body))}


def test_disconnected_element_is_reported_once_not_as_implicit_start_and_end() -> None:
    findings = lint(bpmn_file(START_END + '<bpmn:task id="T" name="t"/>'))

    assert rules_on(findings, "T") == {"no-disconnected"}


def test_global_reports_unnamed_and_unused_signal() -> None:
    findings = lint(bpmn_file(START_END, root_elements='<bpmn:signal id="Signal_1"/>'))

    messages = [f.message for f in findings if f.rule == "global"]
    assert len(messages) == 2
    assert any("no name" in m for m in messages)
    assert any("never used" in m for m in messages)


def test_global_reports_duplicate_names() -> None:
    signals = '<bpmn:signal id="Sig_a" name="withdraw"/><bpmn:signal id="Sig_b" name="withdraw"/>'
    body = START_END.replace(
        '<bpmn:endEvent id="E" name="e"/>',
        '<bpmn:endEvent id="E" name="e"><bpmn:signalEventDefinition signalRef="Sig_a"/>'
        "</bpmn:endEvent>",
    )

    findings = lint(bpmn_file(body, root_elements=signals))

    assert rules_on(findings, "Sig_a") == {"global"}
    assert {"global"} == rules_on(findings, "Sig_b")
    assert sum("shares its name" in f.message for f in findings) == 2


def test_missing_diagram_is_one_file_level_finding() -> None:
    findings = lint(bpmn_file(CLEAN_BODY, draw=False))

    assert [(f.rule, f.element_id) for f in findings] == [("motcua/missing-di", None)]


def test_undrawn_flow_node_and_flow_are_missing_di() -> None:
    findings = lint(bpmn_file(CLEAN_BODY, undrawn=("Task_fee", "Flow_3")))

    assert rules_on(findings, "Task_fee") == {"motcua/missing-di"}
    assert rules_on(findings, "Flow_3") == {"motcua/missing-di"}


def test_undrawn_lane_is_no_bpmndi() -> None:
    lanes = (
        '<bpmn:laneSet id="LaneSet_1"><bpmn:lane id="Lane_reception" name="Reception">'
        "<bpmn:flowNodeRef>S</bpmn:flowNodeRef><bpmn:flowNodeRef>E</bpmn:flowNodeRef>"
        "</bpmn:lane></bpmn:laneSet>"
    )
    findings = lint(bpmn_file(lanes + START_END))

    assert rules_on(findings, "Lane_reception") == {"no-bpmndi"}


def test_overlapping_shapes_are_reported() -> None:
    findings = lint(bpmn_file(START_END, boxes={"S": (0, 0), "E": (50, 40)}))

    assert rules_on(findings, "S") == {"no-overlapping-elements"}
    assert rules_on(findings, "E") == {"no-overlapping-elements"}


def test_boundary_event_may_overlap_its_host() -> None:
    findings = lint(bpmn_file(CLEAN_BODY, boxes={"Boundary_late": (0, 0), "Task_review": (0, 0)}))

    assert findings == []


def test_no_executable_process_is_a_file_level_error() -> None:
    findings = lint(bpmn_file(CLEAN_BODY, executable=False))

    assert [(f.rule, f.element_id, f.severity) for f in findings] == [
        ("motcua/no-executable-process", None, Severity.ERROR)
    ]


@pytest.mark.parametrize(
    "xml",
    [
        b"",
        b"<bpmn:definitions",
        b"\x00\xff\xfe garbage",
        b"<html><body>not bpmn</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d>&x;</d>',
    ],
)
def test_unreadable_xml_is_a_single_xml_syntax_finding(xml: bytes) -> None:
    findings = lint(xml)

    assert [(f.rule, f.severity) for f in findings] == [("xml-syntax", Severity.ERROR)]


def test_xml_syntax_finding_gives_the_line() -> None:
    xml = b'<?xml version="1.0"?>\n<a>\n<b>\n</a>'

    assert "line 4" in lint(xml)[0].message


def test_findings_are_sorted_and_stable() -> None:
    xml = bpmn_file(RULE_CASES[5][1] + '<bpmn:task id="Lonely"/>', executable=False)

    first, second = lint(xml), lint(xml)

    assert first == second
    assert first == sorted(first, key=Finding.sort_key)
    assert first[0].element_id is None  # the file-level finding comes first
    assert len(first) == len(set(first))


def test_a_failing_rule_reports_a_warning_instead_of_raising(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_diagram: Diagram) -> list[tuple[str | None, str]]:
        raise RuntimeError("boom")

    bad = Rule("motcua/broken", Severity.ERROR, "test", broken)
    monkeypatch.setattr(lint_module, "ALL_RULES", (bad,))

    findings = lint(bpmn_file(CLEAN_BODY))

    assert [(f.rule, f.element_id, f.severity) for f in findings] == [
        ("motcua/broken", None, Severity.WARNING)
    ]
    assert "boom" in findings[0].message


def test_rules_maps_every_rule_id_to_a_description() -> None:
    assert {rule.id for rule in ALL_RULES} | {"xml-syntax", "motcua/parse"} == set(RULES)
    assert all(description.strip() for description in RULES.values())
    assert all(r.id.startswith("motcua/") or "/" not in r.id for r in ALL_RULES)


def test_messages_use_element_names() -> None:
    findings = lint(bpmn_file(condition_body("aproved == True").replace('name="yes"', "")))

    undefined = next(f for f in findings if f.rule == "motcua/undefined-variable")
    assert "sequence flow (Flow_yes)" in undefined.message
    labelled = lint(bpmn_file(RULE_CASES[2][1]))
    assert any("task 't' (T)" in f.message for f in labelled)


def test_public_names_are_pinned() -> None:
    assert set(lint_module.__all__) == {"ALL_RULES", "RULES", "Finding", "Rule", "Severity", "lint"}

