"""What changed between two diagram versions, as a reviewable summary (not a text diff).

A planner reviewing version 4 against the published 3 wants to read "task X renamed,
budget of Task_appraise 1 → 0.5, flow F now goes to Task_approve", not a few hundred
lines of XML whose element order and layout moved. :func:`diff_diagrams` reads both
documents with the safe parser (:func:`bpmn.parsing.read_bpmn_xml`), indexes the
semantic parts by element id and compares them:

- ``elements``: flow nodes, processes, data objects... added, removed, renamed (same id,
  new ``name``) or retyped (same id, new tag, e.g. a task turned into a user task);
- ``flows``: sequence flows added, removed, rewired (new source or target) and conditions
  changed;
- ``properties``: the ``spiffworkflow:property`` values of each element (``motcua.budget``,
  ``motcua.role``, ``formJsonSchema``, ``motcua.statutoryTime``...), plus scripts;
- ``timers``: durations, dates and cycles of timer events;
- ``lanes``: lanes added, removed or renamed, and flow nodes moved to another lane.

Ids are the identity: a task deleted and redrawn under a new id reads as one removal and
one addition, which is what the engine sees too (running dossiers keep their version).
The diagram interchange (shapes, edges, coordinates) is ignored. Pure and Flask-free, so
the CLI and the API share it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from lxml import etree

from bpmn.parsing import read_bpmn_xml

__all__ = ["DiagramDiff", "diff_diagrams"]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_TIMER_KINDS = ("timeDuration", "timeDate", "timeCycle")
_SCRIPT_TAGS = ("script", "preScript", "postScript")
# Indexed separately (flows, lanes) or pure containers whose content is compared itself.
_NOT_ELEMENTS = frozenset({
    "sequenceFlow", "lane", "laneSet", "definitions", "extensionElements",
    "conditionExpression", "timerEventDefinition", "incoming", "outgoing", "flowNodeRef",
})

Row = dict[str, Any]


@dataclass
class DiagramDiff:
    """The changes from diagram ``a`` to diagram ``b``; every list is sorted by id."""

    elements: dict[str, list[Row]] = field(default_factory=dict)
    flows: dict[str, list[Row]] = field(default_factory=dict)
    properties: list[Row] = field(default_factory=list)
    timers: list[Row] = field(default_factory=list)
    lanes: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        groups = [*self.elements.values(), *self.flows.values(), *self.lanes.values()]
        return bool(self.properties or self.timers or any(groups))

    @property
    def counts(self) -> dict[str, int]:
        """How many changes of each kind (``elements.added``: 2, ...), zeros left out."""
        counts = {}
        for group, table in (("elements", self.elements), ("flows", self.flows),
                             ("lanes", self.lanes)):
            for kind, rows in table.items():
                if rows:
                    counts[f"{group}.{kind}"] = len(rows)
        if self.properties:
            counts["properties"] = len(self.properties)
        if self.timers:
            counts["timers"] = len(self.timers)
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "changed": self.changed, "counts": self.counts}


@dataclass(frozen=True)
class _Index:
    """The semantic parts of one document, keyed by element id."""

    elements: dict[str, tuple[str, str | None]]  # id → (tag, name)
    flows: dict[str, tuple[str | None, str | None, str | None]]  # id → (source, target, cond)
    properties: dict[tuple[str, str], str]  # (owner id, property name) → value
    timers: dict[tuple[str, str], str]  # (event id, kind) → expression
    lanes: dict[str, str | None]  # lane id → name
    lane_of: dict[str, str]  # flow node id → lane id


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return text or None


def _owner(el: etree._Element) -> etree._Element | None:
    """The nearest ancestor with an id (the element a property or script belongs to)."""
    parent = el.getparent()
    while parent is not None and parent.get("id") is None:
        parent = parent.getparent()
    return parent


def _bpmn_elements(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iter(f"{{{BPMN_NS}}}*")


def _index(xml: bytes) -> _Index:
    root = read_bpmn_xml(xml)
    index = _Index({}, {}, {}, {}, {}, {})
    for el in _bpmn_elements(root):
        _index_bpmn(index, el)
    for el in root.iter():
        if isinstance(el.tag, str):
            _index_extension(index, el)
    return index


def _index_bpmn(index: _Index, el: etree._Element) -> None:
    tag, el_id = _local(el), el.get("id")
    if tag == "sequenceFlow" and el_id:
        condition = _text(el.find(f"{{{BPMN_NS}}}conditionExpression"))
        index.flows[el_id] = (el.get("sourceRef"), el.get("targetRef"), condition)
    elif tag == "lane" and el_id:
        index.lanes[el_id] = el.get("name")
        for ref in el.findall(f"{{{BPMN_NS}}}flowNodeRef"):
            if ref.text:
                index.lane_of[ref.text.strip()] = el_id
    elif tag in _TIMER_KINDS:
        event = _owner(el)
        if event is not None:
            index.timers[(str(event.get("id")), tag)] = _text(el) or ""
    elif el_id and tag not in _NOT_ELEMENTS:
        index.elements[el_id] = (tag, el.get("name"))


def _index_extension(index: _Index, el: etree._Element) -> None:
    """Extension properties (``spiffworkflow:property``) and scripts, by owner id."""
    tag, owner = _local(el), _owner(el)
    if owner is None:
        return
    if tag == "property" and el.get("name"):
        index.properties[(str(owner.get("id")), str(el.get("name")))] = el.get("value") or ""
    elif tag in _SCRIPT_TAGS:
        index.properties[(str(owner.get("id")), tag)] = _text(el) or ""


def _node(el_id: str, entry: tuple[str, str | None]) -> Row:
    return {"id": el_id, "type": entry[0], "name": entry[1]}


def _compare_elements(a: _Index, b: _Index) -> dict[str, list[Row]]:
    added = [_node(i, b.elements[i]) for i in sorted(b.elements.keys() - a.elements.keys())]
    removed = [_node(i, a.elements[i]) for i in sorted(a.elements.keys() - b.elements.keys())]
    renamed, retyped = [], []
    for el_id in sorted(a.elements.keys() & b.elements.keys()):
        (old_type, old_name), (new_type, new_name) = a.elements[el_id], b.elements[el_id]
        if old_name != new_name:
            renamed.append({"id": el_id, "type": new_type, "old": old_name, "new": new_name})
        if old_type != new_type:
            retyped.append({"id": el_id, "old": old_type, "new": new_type})
    return {"added": added, "removed": removed, "renamed": renamed, "retyped": retyped}


def _flow(flow_id: str, entry: tuple[str | None, str | None, str | None]) -> Row:
    return {"id": flow_id, "source": entry[0], "target": entry[1], "condition": entry[2]}


def _compare_flows(a: _Index, b: _Index) -> dict[str, list[Row]]:
    added = [_flow(i, b.flows[i]) for i in sorted(b.flows.keys() - a.flows.keys())]
    removed = [_flow(i, a.flows[i]) for i in sorted(a.flows.keys() - b.flows.keys())]
    rewired, conditions = [], []
    for flow_id in sorted(a.flows.keys() & b.flows.keys()):
        (old_src, old_tgt, old_cond), (new_src, new_tgt, new_cond) = a.flows[flow_id], b.flows[
            flow_id]
        if (old_src, old_tgt) != (new_src, new_tgt):
            rewired.append({"id": flow_id, "old_source": old_src, "old_target": old_tgt,
                            "new_source": new_src, "new_target": new_tgt})
        if old_cond != new_cond:
            conditions.append({"id": flow_id, "old": old_cond, "new": new_cond})
    return {"added": added, "removed": removed, "rewired": rewired, "conditions": conditions}


def _compare_values(old: dict[tuple[str, str], str], new: dict[tuple[str, str], str],
                    label: str) -> list[Row]:
    rows = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if before != after:
            rows.append({"element_id": key[0], label: key[1], "old": before, "new": after})
    return rows


def _compare_lanes(a: _Index, b: _Index) -> dict[str, list[Row]]:
    def lane(i: str, name: str | None) -> Row:
        return {"id": i, "name": name}

    added = [lane(i, b.lanes[i]) for i in sorted(b.lanes.keys() - a.lanes.keys())]
    removed = [lane(i, a.lanes[i]) for i in sorted(a.lanes.keys() - b.lanes.keys())]
    renamed = [
        {"id": i, "old": a.lanes[i], "new": b.lanes[i]}
        for i in sorted(a.lanes.keys() & b.lanes.keys())
        if a.lanes[i] != b.lanes[i]
    ]
    moved = [
        {"element_id": node, "old_lane": a.lane_of[node], "new_lane": b.lane_of[node]}
        for node in sorted(a.lane_of.keys() & b.lane_of.keys())
        if a.lane_of[node] != b.lane_of[node]
    ]
    return {"added": added, "removed": removed, "renamed": renamed, "moved": moved}


def diff_diagrams(old_xml: bytes, new_xml: bytes) -> DiagramDiff:
    """The changes from ``old_xml`` to ``new_xml``; raises ``BpmnParseError`` on bad XML."""
    a, b = _index(old_xml), _index(new_xml)
    return DiagramDiff(
        elements=_compare_elements(a, b),
        flows=_compare_flows(a, b),
        properties=_compare_values(a.properties, b.properties, "name"),
        timers=_compare_values(a.timers, b.timers, "kind"),
        lanes=_compare_lanes(a, b),
    )
