"""Small BPMN documents for the linter tests: a drawn, executable process around a body."""

from __future__ import annotations

import json

from lxml import etree

from bpmn.lint import Finding

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_DRAWN = {
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
    "boundaryEvent", "task", "userTask", "serviceTask", "scriptTask", "manualTask",
    "subProcess", "adHocSubProcess", "callActivity", "exclusiveGateway", "parallelGateway",
    "inclusiveGateway", "complexGateway", "eventBasedGateway", "sequenceFlow",
}  # fmt: skip


def bpmn_file(
    body: str,
    *,
    executable: bool = True,
    draw: bool = True,
    undrawn: tuple[str, ...] = (),
    boxes: dict[str, tuple[float, float]] | None = None,
    root_elements: str = "",
) -> bytes:
    """A BPMN file around a process body; every flow node and flow drawn unless told."""
    namespaces = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NS.items())
    text = (
        f'<bpmn:definitions {namespaces} id="Definitions_1" targetNamespace="urn:test">'
        f"{root_elements}"
        f'<bpmn:process id="Process_1" isExecutable="{str(executable).lower()}">{body}'
        "</bpmn:process></bpmn:definitions>"
    )
    root = etree.fromstring(text.encode())
    if draw:
        _draw(root, set(undrawn), boxes or {})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _draw(root: etree._Element, undrawn: set[str], boxes: dict[str, tuple[float, float]]) -> None:
    diagram = etree.SubElement(root, f"{{{NS['bpmndi']}}}BPMNDiagram", id="Diagram_1")
    plane = etree.SubElement(
        diagram, f"{{{NS['bpmndi']}}}BPMNPlane", id="Plane_1", bpmnElement="Process_1"
    )
    for index, el in enumerate(root.iter(f"{{{NS['bpmn']}}}*")):
        ident, local = el.get("id"), etree.QName(el).localname
        if local not in _DRAWN or not ident or ident in undrawn:
            continue
        if local == "sequenceFlow":
            edge = etree.SubElement(plane, f"{{{NS['bpmndi']}}}BPMNEdge", bpmnElement=ident)
            for waypoint_x in (0, 10):
                etree.SubElement(edge, f"{{{NS['di']}}}waypoint", x=str(waypoint_x), y="500")
            continue
        shape = etree.SubElement(plane, f"{{{NS['bpmndi']}}}BPMNShape", bpmnElement=ident)
        x, y = boxes.get(ident, (200.0 * index, 100.0))
        etree.SubElement(
            shape, f"{{{NS['dc']}}}Bounds", x=str(x), y=str(y), width="100", height="80"
        )


def flow(ident: str, source: str, target: str, condition: str | None = None, name: str = "") -> str:
    label = f' name="{name}"' if name else ""
    inner = ""
    if condition is not None:
        inner = (
            f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{condition}'
            "</bpmn:conditionExpression>"
        )
    return (
        f'<bpmn:sequenceFlow id="{ident}" sourceRef="{source}" targetRef="{target}"{label}>'
        f"{inner}</bpmn:sequenceFlow>"
    )


def form(fields: dict[str, str]) -> str:
    schema = {"type": "object", "properties": {k: {"type": v} for k, v in fields.items()}}
    return (
        "<bpmn:extensionElements><spiffworkflow:properties>"
        f"<spiffworkflow:property name=\"formJsonSchema\" value='{json.dumps(schema)}'/>"
        "</spiffworkflow:properties></bpmn:extensionElements>"
    )


CLEAN_BODY = (
    '<bpmn:startEvent id="StartEvent_1" name="Dossier received"/>'
    f'<bpmn:userTask id="Task_review" name="Review dossier">{form({"approved": "boolean"})}'
    "</bpmn:userTask>"
    '<bpmn:exclusiveGateway id="Gateway_1" name="Approved?" default="Flow_no"/>'
    '<bpmn:scriptTask id="Task_fee" name="Compute fee"><bpmn:script>fee = 50000 if approved '
    "else 0</bpmn:script></bpmn:scriptTask>"
    '<bpmn:endEvent id="EndEvent_done" name="Result returned"/>'
    '<bpmn:endEvent id="EndEvent_refused" name="Dossier refused"/>'
    '<bpmn:boundaryEvent id="Boundary_late" name="3 days passed" attachedToRef="Task_review" '
    'cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeDuration>"P3D"'
    "</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>"
    '<bpmn:manualTask id="Task_remind" name="Remind the specialist"/>'
    '<bpmn:endEvent id="EndEvent_reminded" name="Reminder sent"/>'
    + flow("Flow_1", "StartEvent_1", "Task_review")
    + flow("Flow_2", "Task_review", "Gateway_1")
    + flow("Flow_yes", "Gateway_1", "Task_fee", "approved == True", name="yes")
    + flow("Flow_no", "Gateway_1", "EndEvent_refused", name="no")
    + flow("Flow_3", "Task_fee", "EndEvent_done")
    + flow("Flow_4", "Boundary_late", "Task_remind")
    + flow("Flow_5", "Task_remind", "EndEvent_reminded")
)
START_END = '<bpmn:startEvent id="S" name="s"/><bpmn:endEvent id="E" name="e"/>' + flow(
    "F_se", "S", "E"
)


def rules_on(findings: list[Finding], element_id: str | None) -> set[str]:
    return {f.rule for f in findings if f.element_id == element_id}

def condition_body(condition: str) -> str:
    return CLEAN_BODY.replace("approved == True", condition)
