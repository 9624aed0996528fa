"""Places an archetype `Diagram` in horizontal lanes and routes its flows orthogonally.

Written here because no Python library lays out BPMN with lanes, and the JavaScript
`bpmn-auto-layout` ignores lanes and boundary events; the archetypes are small and
regular, so a layered layout is enough:

- columns by longest path from the start event, ignoring loop-back flows;
- one main row per lane, a second slot when nodes of a lane share a column (parallel
  partner tasks);
- under each slot a row for what boundary events lead to, and for refusal ends that
  drop below their gateway;
- flows as elbows between columns, loops through a channel at the top of their lane.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bpmn.diagram import Diagram, Flow, Node, NodeKind

__all__ = ["Bounds", "Layout", "layout"]

COLUMN = 180  # distance between column centres
SIZES = {"task": (100, 80), "gateway": (50, 50), "event": (36, 36)}
POOL_X, POOL_Y, POOL_LABEL, LANE_LABEL = 20, 20, 30, 30
MAIN_ROW, BELOW_ROW = 110, 120  # heights of a slot's main row and of the row beneath
LEFT_MARGIN = 70


@dataclass(frozen=True)
class Bounds:
    x: int
    y: int
    width: int
    height: int

    @property
    def cx(self) -> int:
        return self.x + self.width // 2

    @property
    def cy(self) -> int:
        return self.y + self.height // 2

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


@dataclass
class Layout:
    pool: Bounds
    lanes: dict[str, Bounds]
    shapes: dict[str, Bounds]
    labels: dict[str, Bounds]
    edges: dict[str, list[tuple[int, int]]]


def _size(node: Node) -> tuple[int, int]:
    if node.kind.is_event:
        return SIZES["event"]
    if node.kind.is_gateway:
        return SIZES["gateway"]
    return SIZES["task"]


def _back_edges(diagram: Diagram) -> set[str]:
    """Flows that close a loop, found by depth-first search from the start events."""
    back: set[str] = set()
    state: dict[str, int] = {}

    def visit(node_id: str) -> None:
        state[node_id] = 1
        for flow in diagram.outgoing(node_id):
            seen = state.get(flow.target, 0)
            if seen == 1:
                back.add(flow.id)
            elif seen == 0:
                visit(flow.target)
        state[node_id] = 2

    for node in diagram.nodes.values():
        if node.kind is NodeKind.START:
            visit(node.id)
    return back


def _dropped_ends(diagram: Diagram) -> set[str]:
    """End events reached only by a conditional gateway branch: drawn below the gateway."""
    dropped = set()
    for node in diagram.nodes.values():
        incoming = diagram.incoming(node.id)
        if node.kind is NodeKind.END and len(incoming) == 1:
            flow = incoming[0]
            source = diagram.nodes[flow.source]
            if source.kind is NodeKind.EXCLUSIVE and diagram.defaults.get(source.id) != flow.id:
                dropped.add(node.id)
    return dropped


def _columns(diagram: Diagram, back: set[str], dropped: set[str]) -> dict[str, int]:
    boundary_targets = {b.target: b.attached_to for b in diagram.boundaries}
    forward = [f for f in diagram.flows if f.id not in back]
    column = {n.id: 0 for n in diagram.nodes.values() if n.id not in boundary_targets}
    for _ in range(len(diagram.nodes)):  # longest path by relaxation; graphs are tiny
        changed = False
        for flow in forward:
            if flow.target in boundary_targets:
                continue
            step = 0 if flow.target in dropped else 1
            if column[flow.target] < column[flow.source] + step:
                column[flow.target] = column[flow.source] + step
                changed = True
        if not changed:
            break
    for target, host in boundary_targets.items():
        column[target] = column[host]
    return column


def layout(diagram: Diagram) -> Layout:
    back = _back_edges(diagram)
    dropped = _dropped_ends(diagram)
    column = _columns(diagram, back, dropped)
    boundary_targets = {b.target for b in diagram.boundaries}
    below = dropped | boundary_targets

    slot: dict[str, int] = {}
    taken: dict[tuple[str, int], int] = defaultdict(int)
    for node in diagram.nodes.values():
        if node.id in below:
            continue
        key = (node.lane, column[node.id])
        slot[node.id] = taken[key]
        taken[key] += 1
    for node_id in below:
        host = next((b.attached_to for b in diagram.boundaries if b.target == node_id), None)
        source = host or diagram.incoming(node_id)[0].source
        slot[node_id] = slot[source]

    slots = {lane.key: 1 + max((s for n, s in slot.items()
                                if diagram.nodes[n].lane == lane.key), default=0)
             for lane in diagram.lanes}
    columns = 1 + max(column.values())
    lane_x = POOL_X + POOL_LABEL
    width = LANE_LABEL + LEFT_MARGIN + columns * COLUMN
    lanes: dict[str, Bounds] = {}
    y = POOL_Y
    for lane in diagram.lanes:
        height = slots[lane.key] * (MAIN_ROW + BELOW_ROW)
        lanes[lane.key] = Bounds(lane_x, y, width, height)
        y += height
    pool = Bounds(POOL_X, POOL_Y, POOL_LABEL + width, y - POOL_Y)

    shapes: dict[str, Bounds] = {}
    for node in diagram.nodes.values():
        lane = lanes[node.lane]
        cx = lane.x + LANE_LABEL + LEFT_MARGIN + column[node.id] * COLUMN
        cy = lane.y + slot[node.id] * (MAIN_ROW + BELOW_ROW) + MAIN_ROW // 2 + 10
        if node.id in below:
            cy += BELOW_ROW
        w, h = _size(node)
        shapes[node.id] = Bounds(cx - w // 2, cy - h // 2, w, h)
    _place_boundaries(diagram, shapes)

    labels = _labels(diagram, shapes)
    used: set[tuple[str, str]] = set()  # gateway vertices already taken by a flow
    ordered = sorted(diagram.flows, key=lambda f: f.target not in dropped)
    edges = {flow.id: _route(flow, diagram, shapes, lanes, flow.id in back, used)
             for flow in ordered}
    for flow in diagram.flows:
        if flow.name:
            labels[flow.id] = _flow_label(edges[flow.id])
    for boundary in diagram.boundaries:
        source, target = shapes[boundary.id], shapes[boundary.target]
        edges[f"Flow_{boundary.id}"] = [(source.cx, source.bottom), (target.cx, target.y)]
    return Layout(pool, lanes, shapes, labels, edges)


def _place_boundaries(diagram: Diagram, shapes: dict[str, Bounds]) -> None:
    """Timers sit on the bottom-left of their task, withdrawals on the bottom-right;
    what each leads to is moved straight below it."""
    size = SIZES["event"][0]
    for boundary in diagram.boundaries:
        host = shapes[boundary.attached_to]
        cx = host.x + (20 if boundary.kind == "timer" else host.width - 20)
        shapes[boundary.id] = Bounds(cx - size // 2, host.bottom - size // 2, size, size)
        target = shapes[boundary.target]
        shapes[boundary.target] = Bounds(cx - size // 2, target.y, size, size)


def _labels(diagram: Diagram, shapes: dict[str, Bounds]) -> dict[str, Bounds]:
    labels: dict[str, Bounds] = {}
    boundary_targets = {b.target for b in diagram.boundaries}
    for node in diagram.nodes.values():
        box = shapes[node.id]
        if node.kind.is_gateway:
            labels[node.id] = Bounds(box.cx - 50, box.y - 36, 100, 30)
        elif node.kind.is_event:
            width = 60 if node.id in boundary_targets else 100
            labels[node.id] = Bounds(box.cx - width // 2, box.bottom + 6, width, 40)
    for boundary in diagram.boundaries:
        box = shapes[boundary.id]
        if boundary.kind == "timer":
            labels[boundary.id] = Bounds(box.x - 62, box.bottom - 8, 58, 28)
        else:
            labels[boundary.id] = Bounds(box.right + 4, box.bottom - 8, 58, 28)
    return labels


def _flow_label(points: list[tuple[int, int]]) -> Bounds:
    """Beside the first segment: above it when horizontal, to its right when vertical."""
    (x1, y1), (x2, y2) = points[0], points[1]
    if y1 == y2:
        return Bounds(min(x1, x2) + 6, y1 - 22, 70, 18)
    return Bounds(x1 + 6, min(y1, y2) + 4, 70, 18)


def _route(flow: Flow, diagram: Diagram, shapes: dict[str, Bounds],
           lanes: dict[str, Bounds], is_back: bool,
           used: set[tuple[str, str]]) -> list[tuple[int, int]]:
    """Orthogonal waypoints; a gateway's top or bottom vertex serves one flow only."""
    s, t = shapes[flow.source], shapes[flow.target]
    source, target = diagram.nodes[flow.source], diagram.nodes[flow.target]
    if is_back:
        channel = lanes[source.lane].y + 12
        end_y = t.y if t.y > channel else t.bottom
        return [(s.cx, s.y), (s.cx, channel), (t.cx, channel), (t.cx, end_y)]
    down = t.cy > s.cy
    vertex = "bottom" if down else "top"
    if s.cx == t.cx:  # dropped below its gateway
        used.add((source.id, "bottom"))
        return [(s.cx, s.bottom), (t.cx, t.y)]
    if s.cy == t.cy:
        return [(s.right, s.cy), (t.x, t.cy)]
    if target.kind is NodeKind.PARALLEL:  # branches share the join's vertex
        used.add((target.id, "top" if down else "bottom"))
        return [(s.right, s.cy), (t.cx, s.cy), (t.cx, t.y if down else t.bottom)]
    if source.kind.is_gateway and (source.id, vertex) not in used:
        if source.kind is NodeKind.EXCLUSIVE:
            used.add((source.id, vertex))
        return [(s.cx, s.bottom if down else s.y), (s.cx, t.cy), (t.x, t.cy)]
    mid = (s.right + t.x) // 2
    return [(s.right, s.cy), (mid, s.cy), (mid, t.cy), (t.x, t.cy)]
