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


@dataclass(frozen=True)
class _Grid:
    """Where each node sits before coordinates: its column, slot and row."""

    column: dict[str, int]
    slot: dict[str, int]
    below: set[str]  # drawn in the row under their slot
    back: set[str]
    dropped: set[str]


def _grid(diagram: Diagram) -> _Grid:
    back = _back_edges(diagram)
    dropped = _dropped_ends(diagram)
    column = _columns(diagram, back, dropped)
    below = dropped | {b.target for b in diagram.boundaries}
    slot: dict[str, int] = {}
    taken: dict[tuple[str, int], int] = defaultdict(int)
    for node in diagram.nodes.values():
        if node.id not in below:
            key = (node.lane, column[node.id])
            slot[node.id] = taken[key]
            taken[key] += 1
    for node_id in below:
        host = next((b.attached_to for b in diagram.boundaries if b.target == node_id), None)
        slot[node_id] = slot[host or diagram.incoming(node_id)[0].source]
    return _Grid(column, slot, below, back, dropped)


def _lane_bounds(diagram: Diagram, grid: _Grid) -> dict[str, Bounds]:
    columns = 1 + max(grid.column.values())
    width = LANE_LABEL + LEFT_MARGIN + columns * COLUMN
    lanes: dict[str, Bounds] = {}
    y = POOL_Y
    for lane in diagram.lanes:
        slots = 1 + max(
            (s for n, s in grid.slot.items() if diagram.nodes[n].lane == lane.key), default=0
        )
        lanes[lane.key] = Bounds(POOL_X + POOL_LABEL, y, width, slots * (MAIN_ROW + BELOW_ROW))
        y += lanes[lane.key].height
    return lanes


def _node_bounds(diagram: Diagram, grid: _Grid, lanes: dict[str, Bounds]) -> dict[str, Bounds]:
    shapes: dict[str, Bounds] = {}
    for node in diagram.nodes.values():
        area = lanes[node.lane]
        cx = area.x + LANE_LABEL + LEFT_MARGIN + grid.column[node.id] * COLUMN
        cy = area.y + grid.slot[node.id] * (MAIN_ROW + BELOW_ROW) + MAIN_ROW // 2 + 10
        if node.id in grid.below:
            cy += BELOW_ROW
        w, h = _size(node)
        shapes[node.id] = Bounds(cx - w // 2, cy - h // 2, w, h)
    _place_boundaries(diagram, shapes)
    return shapes


def layout(diagram: Diagram) -> Layout:
    grid = _grid(diagram)
    lanes = _lane_bounds(diagram, grid)
    last = list(lanes.values())[-1]
    pool = Bounds(POOL_X, POOL_Y, POOL_LABEL + last.width, last.bottom - POOL_Y)
    shapes = _node_bounds(diagram, grid, lanes)
    labels = _labels(diagram, shapes)
    router = _Router(diagram, shapes, lanes)
    ordered = sorted(diagram.flows, key=lambda f: f.target not in grid.dropped)
    edges = {flow.id: router.route(flow, is_back=flow.id in grid.back) for flow in ordered}
    for flow in diagram.flows:
        if flow.name:
            labels[flow.id] = _flow_label(edges[flow.id])
    for boundary in diagram.boundaries:
        start, end = shapes[boundary.id], shapes[boundary.target]
        edges[f"Flow_{boundary.id}"] = [(start.cx, start.bottom), (end.cx, end.y)]
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


class _Router:
    """Orthogonal waypoints; a gateway's top or bottom vertex serves one flow only."""

    def __init__(
        self, diagram: Diagram, shapes: dict[str, Bounds], lanes: dict[str, Bounds]
    ) -> None:
        self.diagram, self.shapes, self.lanes = diagram, shapes, lanes
        self.used: set[tuple[str, str]] = set()

    def route(self, flow: Flow, *, is_back: bool) -> list[tuple[int, int]]:
        s, t = self.shapes[flow.source], self.shapes[flow.target]
        source, target = self.diagram.nodes[flow.source], self.diagram.nodes[flow.target]
        if is_back:  # loops run through a channel along the top of their lane
            channel = self.lanes[source.lane].y + 12
            end_y = t.y if t.y > channel else t.bottom
            return [(s.cx, s.y), (s.cx, channel), (t.cx, channel), (t.cx, end_y)]
        down = t.cy > s.cy
        if s.cx == t.cx:  # an end dropped below its gateway
            self.used.add((source.id, "bottom"))
            return [(s.cx, s.bottom), (t.cx, t.y)]
        if s.cy == t.cy:
            return [(s.right, s.cy), (t.x, t.cy)]
        if target.kind is NodeKind.PARALLEL:  # branches share the join's vertex
            self.used.add((target.id, "top" if down else "bottom"))
            return [(s.right, s.cy), (t.cx, s.cy), (t.cx, t.y if down else t.bottom)]
        vertex = "bottom" if down else "top"
        if source.kind.is_gateway and (source.id, vertex) not in self.used:
            if source.kind is NodeKind.EXCLUSIVE:
                self.used.add((source.id, vertex))
            return [(s.cx, s.bottom if down else s.y), (s.cx, t.cy), (t.x, t.cy)]
        mid = (s.right + t.x) // 2
        return [(s.right, s.cy), (mid, s.cy), (mid, t.cy), (t.x, t.cy)]
