"""Catalogue row + archetype → the procedure's BPMN 2.0 file, laid out, byte-for-byte stable.

Same row in, same bytes out: element ids come from the archetype, attributes are written
in a fixed order and nothing depends on time or randomness, so a content hash identifies
a diagram and a re-build that changes nothing creates no new version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from bpmn.archetypes import build_diagram
from bpmn.catalog.model import Archetype, Procedure
from bpmn.diagram import Diagram, Node, NodeKind
from bpmn.errors import CatalogError
from bpmn.layout import Bounds, Layout, layout

__all__ = ["NS", "render", "render_diagram"]

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
SIGNAL_ID, ESCALATION_ID = "Signal_withdraw", "Escalation_deadline_warning"
FORMAT_VERSION = 1


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _sub(parent: etree._Element, prefix: str, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _q(prefix, tag), attrs)


def render(procedure: Procedure, partner_names: Mapping[str, str] | None = None) -> bytes:
    """The BPMN file of `procedure`; `partner_names` maps agency codes to display names."""
    names = partner_names or {}
    partners: Sequence[str] = [names.get(code, code) for code in procedure.partner_agencies]
    if procedure.archetype is Archetype.INTER_AGENCY and len(partners) < 2:
        raise CatalogError(
            f"{procedure.code}: an inter-agency procedure needs 2-3 partner agencies; "
            "add them to the catalogue row"
        )
    return render_diagram(build_diagram(procedure, partners), names.get(procedure.agency))


def render_diagram(diagram: Diagram, agency_name: str | None = None) -> bytes:
    placed = layout(diagram)
    root = etree.Element(_q("bpmn", "definitions"), nsmap=NS)
    root.set("id", f"Definitions_{diagram.process_id}")
    root.set("targetNamespace", "urn:motcua:procedure")
    root.set("exporter", "MotCua")
    root.set("exporterVersion", str(FORMAT_VERSION))
    _sub(root, "bpmn", "signal", id=SIGNAL_ID, name="withdraw")
    _sub(
        root,
        "bpmn",
        "escalation",
        id=ESCALATION_ID,
        name="deadline_warning",
        escalationCode="deadline_warning",
    )
    collaboration = _sub(root, "bpmn", "collaboration", id=f"Collaboration_{diagram.process_id}")
    _sub(
        collaboration,
        "bpmn",
        "participant",
        id=f"Participant_{diagram.process_id}",
        name=agency_name or diagram.name,
        processRef=diagram.process_id,
    )
    _write_process(root, diagram)
    _write_di(root, diagram, placed, collaboration.get("id", ""))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _properties(parent: etree._Element, props: Mapping[str, str]) -> None:
    if not props:
        return
    container = _sub(parent, "spiffworkflow", "properties")
    for name, value in props.items():
        _sub(container, "spiffworkflow", "property", name=name, value=value)


def _write_process(root: etree._Element, diagram: Diagram) -> None:
    process = _sub(
        root, "bpmn", "process", id=diagram.process_id, name=diagram.name, isExecutable="true"
    )
    _properties(_sub(process, "bpmn", "extensionElements"), diagram.properties)
    lane_set = _sub(process, "bpmn", "laneSet", id=f"LaneSet_{diagram.process_id}")
    for lane in diagram.lanes:
        element = _sub(lane_set, "bpmn", "lane", id=f"Lane_{lane.key}", name=lane.name)
        members = [n.id for n in diagram.nodes.values() if n.lane == lane.key]
        members += [
            b.id for b in diagram.boundaries if diagram.nodes[b.attached_to].lane == lane.key
        ]
        for member in members:
            _sub(element, "bpmn", "flowNodeRef").text = member
    for node in diagram.nodes.values():
        _write_node(process, diagram, node)
    for boundary in diagram.boundaries:
        cancel = "true" if boundary.kind == "withdraw" else "false"
        element = _sub(
            process,
            "bpmn",
            "boundaryEvent",
            id=boundary.id,
            name=boundary.name,
            attachedToRef=boundary.attached_to,
            cancelActivity=cancel,
        )
        _sub(element, "bpmn", "outgoing").text = f"Flow_{boundary.id}"
        if boundary.kind == "timer":
            timer = _sub(element, "bpmn", "timerEventDefinition")
            _sub(timer, "bpmn", "timeDuration").text = boundary.duration
        else:
            _sub(element, "bpmn", "signalEventDefinition", signalRef=SIGNAL_ID)
    for flow in diagram.flows:
        element = _sub(
            process,
            "bpmn",
            "sequenceFlow",
            id=flow.id,
            sourceRef=flow.source,
            targetRef=flow.target,
        )
        if flow.name:
            element.set("name", flow.name)
        if flow.condition:
            condition = _sub(element, "bpmn", "conditionExpression")
            condition.set(_q("xsi", "type"), "bpmn:tFormalExpression")
            condition.text = flow.condition
    for boundary in diagram.boundaries:
        _sub(
            process,
            "bpmn",
            "sequenceFlow",
            id=f"Flow_{boundary.id}",
            sourceRef=boundary.id,
            targetRef=boundary.target,
        )


def _task_properties(node: Node) -> dict[str, str]:
    props = {}
    if node.role:
        props["motcua.role"] = node.role
    if node.step:
        props["motcua.step"] = node.step
    if node.budget is not None:
        props["motcua.budget"] = f"{node.budget:g}"
    if node.form is not None:
        props["formJsonSchema"] = json.dumps(node.form, ensure_ascii=False, separators=(",", ":"))
    return props


def _write_node(process: etree._Element, diagram: Diagram, node: Node) -> None:
    tag = "endEvent" if node.kind.is_event and node.kind is not NodeKind.START else node.kind
    attrs: dict[str, Any] = {"id": node.id, "name": node.name}
    if node.id in diagram.defaults:
        attrs["default"] = diagram.defaults[node.id]
    element = _sub(process, "bpmn", str(tag), **attrs)
    extensions = _sub(element, "bpmn", "extensionElements")
    if node.operator:
        operator = _sub(extensions, "spiffworkflow", "serviceTaskOperator", id=node.operator)
        if node.result_variable:
            operator.set("resultVariable", node.result_variable)
    _properties(extensions, _task_properties(node))
    if len(extensions) == 0:
        element.remove(extensions)
    incoming = [f.id for f in diagram.incoming(node.id)]
    incoming += [f"Flow_{b.id}" for b in diagram.boundaries if b.target == node.id]
    for flow_id in incoming:
        _sub(element, "bpmn", "incoming").text = flow_id
    for flow in diagram.outgoing(node.id):
        _sub(element, "bpmn", "outgoing").text = flow.id
    if node.kind is NodeKind.TERMINATE_END:
        _sub(element, "bpmn", "terminateEventDefinition")
    elif node.kind is NodeKind.ESCALATION_END:
        _sub(element, "bpmn", "escalationEventDefinition", escalationRef=ESCALATION_ID)


def _bounds(parent: etree._Element, box: Bounds) -> None:
    _sub(
        parent,
        "dc",
        "Bounds",
        x=str(box.x),
        y=str(box.y),
        width=str(box.width),
        height=str(box.height),
    )


def _shape(
    plane: etree._Element, element_id: str, box: Bounds, label: Bounds | None = None, **attrs: str
) -> None:
    shape = _sub(
        plane, "bpmndi", "BPMNShape", id=f"{element_id}_di", bpmnElement=element_id, **attrs
    )
    _bounds(shape, box)
    if label is not None:
        _bounds(_sub(shape, "bpmndi", "BPMNLabel"), label)


def _write_di(
    root: etree._Element, diagram: Diagram, placed: Layout, collaboration_id: str
) -> None:
    di = _sub(root, "bpmndi", "BPMNDiagram", id=f"Diagram_{diagram.process_id}")
    plane = _sub(
        di, "bpmndi", "BPMNPlane", id=f"Plane_{diagram.process_id}", bpmnElement=collaboration_id
    )
    _shape(plane, f"Participant_{diagram.process_id}", placed.pool, isHorizontal="true")
    for key, box in placed.lanes.items():
        _shape(plane, f"Lane_{key}", box, isHorizontal="true")
    for node_id, box in placed.shapes.items():
        _shape(plane, node_id, box, placed.labels.get(node_id))
    for flow_id, points in placed.edges.items():
        edge = _sub(plane, "bpmndi", "BPMNEdge", id=f"{flow_id}_di", bpmnElement=flow_id)
        for x, y in points:
            _sub(edge, "di", "waypoint", x=str(x), y=str(y))
        if flow_id in placed.labels:
            _bounds(_sub(edge, "bpmndi", "BPMNLabel"), placed.labels[flow_id])
