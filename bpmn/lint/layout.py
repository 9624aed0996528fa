"""Rules about the drawing (BPMN DI): every element drawn, nothing drawn on top of another.

The browser modeler can only show what has a shape or an edge; a file without them
opens as an empty or partial canvas and the planner cannot see, let alone fix, what is
missing. ``motcua/missing-di`` covers the flow nodes and sequence flows the engine runs
(and a file with no diagram at all, reported once); bpmnlint's ``no-bpmndi`` covers
everything else that should be drawn (pools, lanes, message flows, annotations), so one
missing shape is never reported twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from bpmn.lint.base import Hit, Rule, Severity, hit
from bpmn.lint.model import (
    FLOW_NODES,
    SUBPROCESSES,
    Bounds,
    Diagram,
    Element,
    children,
    is_true,
    kind,
    subject,
)

__all__ = ["LAYOUT_RULES"]

_FLOW_ELEMENTS = FLOW_NODES | {"sequenceFlow", "dataObjectReference", "dataStoreReference"}
_DRAWN = frozenset({"participant", "messageFlow", "textAnnotation", "association", "group"})
_ENGINE_DRAWN = FLOW_NODES | {"sequenceFlow"}


def _lanes(lane_set: Element) -> Iterator[Element]:
    for lane in children(lane_set, {"lane"}):
        yield lane
        for child_set in children(lane, {"childLaneSet"}):
            yield from _lanes(child_set)


def _drawable(container: Element) -> Iterator[Element]:
    """bpmnlint's list of elements that need DI, in document order (data objects excluded)."""
    for child in container:
        local = kind(child)
        if local in _FLOW_ELEMENTS or local in _DRAWN:
            yield child
        if local in SUBPROCESSES:
            yield from _drawable(child)
        elif local == "laneSet":
            yield from _lanes(child)


def _undrawn(diagram: Diagram) -> Iterator[Element]:
    for root in diagram.root:
        for el in _drawable(root):
            if el.get("id") and el.get("id") not in diagram.di_elements:
                yield el


def missing_di(diagram: Diagram) -> Iterator[Hit]:
    if not diagram.has_diagram:
        yield hit(
            None,
            "The file has no diagram layout (no BPMNDiagram), so the editor cannot show it. "
            "Open and save it in the modeler, or regenerate it from the catalogue.",
        )
        return
    for el in _undrawn(diagram):
        if kind(el) in _ENGINE_DRAWN:
            yield hit(
                el,
                f"{subject(el)} is not drawn in the diagram (no shape or edge), so the "
                "editor does not show it. Redraw it in the modeler.",
            )


def no_bpmndi(diagram: Diagram) -> Iterator[Hit]:
    if not diagram.has_diagram:
        return
    for el in _undrawn(diagram):
        if kind(el) not in _ENGINE_DRAWN:
            yield hit(
                el,
                f"{subject(el)} is not drawn in the diagram (no shape or edge). "
                "Redraw it in the modeler or delete it.",
            )


class _OverlapCheck:
    """bpmnlint's no-overlapping-elements: siblings that touch, children outside parents."""

    def __init__(self, diagram: Diagram) -> None:
        self.diagram = diagram
        self.overlaps: dict[str, Element] = {}
        self.outside: list[Element] = []

    def run(self) -> Iterator[Hit]:
        participant_bounds: dict[str, Bounds | None] = {}
        for collaboration in children(self.diagram.root, {"collaboration"}):
            participants = children(collaboration, {"participant"})
            self._siblings(participants)
            for p in participants:
                participant_bounds[p.get("processRef") or ""] = self._bounds(p)
        for process in children(self.diagram.root, {"process"}):
            self._scope(process, participant_bounds.get(process.get("id") or ""))
        yield from self._hits()

    def _bounds(self, el: Element) -> Bounds | None:
        return self.diagram.bounds(el.get("id") or "")

    def _siblings(self, elements: list[Element]) -> None:
        boxes = [(el, self._bounds(el)) for el in elements]
        drawn = [(el, box) for el, box in boxes if box is not None]
        for i, (first, first_box) in enumerate(drawn):
            for second, second_box in drawn[i + 1 :]:
                if _attached(first, second) or not first_box.touches(second_box):
                    continue
                self.overlaps.setdefault(first.get("id") or "", second)
                self.overlaps.setdefault(second.get("id") or "", first)

    def _scope(self, scope: Element, parent: Bounds | None) -> None:
        elements = children(scope, _FLOW_ELEMENTS)
        self._siblings(elements)
        for el in elements:
            box = self._bounds(el)
            if parent and box and kind(el) != "dataStoreReference" and not parent.contains(box):
                self.outside.append(el)
        for sub in (el for el in elements if kind(el) in SUBPROCESSES):
            shape = self.diagram.di_elements.get(sub.get("id") or "")
            expanded = shape is not None and is_true(shape, "isExpanded")
            self._scope(sub, self._bounds(sub) if expanded else None)

    def _hits(self) -> Iterator[Hit]:
        for element_id, other in self.overlaps.items():
            el = self.diagram.by_id.get(element_id)
            if el is not None:
                yield hit(
                    el,
                    f"{subject(el)} overlaps {other.get('id')} in the drawing. "
                    "Move them apart so both can be read.",
                )
        for el in self.outside:
            yield hit(
                el,
                f"{subject(el)} is drawn outside the pool or sub-process it belongs to. "
                "Move it inside.",
            )


def _attached(first: Element, second: Element) -> bool:
    pairs = ((first, second), (second, first))
    return any(
        a.get("attachedToRef") not in (None, "") and a.get("attachedToRef") == b.get("id")
        for a, b in pairs
    )


def no_overlapping_elements(diagram: Diagram) -> Iterator[Hit]:
    return _OverlapCheck(diagram).run()


LAYOUT_RULES = (
    Rule(
        "motcua/missing-di",
        Severity.ERROR,
        "The file has a diagram, and every flow node and sequence flow is drawn in it.",
        missing_di,
    ),
    Rule(
        "no-bpmndi",
        Severity.ERROR,
        "Pools, lanes, message flows and artifacts are drawn in the diagram.",
        no_bpmndi,
    ),
    Rule(
        "no-overlapping-elements",
        Severity.WARNING,
        "Shapes do not overlap, and stay inside their pool or expanded sub-process.",
        no_overlapping_elements,
    ),
)
