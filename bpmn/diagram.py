"""An archetype's process as a small graph, before it is laid out and written as BPMN.

Archetypes build a `Diagram`; `bpmn.layout` places it in lanes and `bpmn.generator`
writes it. Keeping the graph separate from the XML lets tests walk every path of an
archetype without reading XML, and lets the layout be computed rather than hand-drawn
(inter-agency procedures have two or three partner branches).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Boundary", "BoundaryKind", "Diagram", "Flow", "Lane", "Node", "NodeKind"]


class NodeKind(StrEnum):
    START = "startEvent"
    END = "endEvent"
    TERMINATE_END = "terminateEnd"  # written as an endEvent with a terminateEventDefinition
    ESCALATION_END = "escalationEnd"  # endEvent throwing the deadline-warning escalation
    USER_TASK = "userTask"
    SERVICE_TASK = "serviceTask"
    EXCLUSIVE = "exclusiveGateway"
    PARALLEL = "parallelGateway"

    @property
    def is_event(self) -> bool:
        return self in {
            NodeKind.START,
            NodeKind.END,
            NodeKind.TERMINATE_END,
            NodeKind.ESCALATION_END,
        }

    @property
    def is_gateway(self) -> bool:
        return self in {NodeKind.EXCLUSIVE, NodeKind.PARALLEL}


class BoundaryKind(StrEnum):
    TIMER = "timer"  # non-interrupting: warns before the deadline
    WITHDRAW = "withdraw"  # interrupting signal: the citizen withdraws the dossier


@dataclass(frozen=True)
class Lane:
    key: str  # reception / specialist / partner / leader
    name: str


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    lane: str
    name: str
    role: str | None = None  # who works a user task: receiver, specialist, leader, partner
    step: str | None = None  # the budgeted step this task belongs to
    budget: float | None = None
    form: Mapping[str, Any] | None = None  # JSON Schema of the completion data
    operator: str | None = None  # service task operator
    result_variable: str | None = None


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None  # Python expression over form variables


@dataclass(frozen=True)
class Boundary:
    id: str
    kind: BoundaryKind
    attached_to: str
    name: str
    target: str  # the single node the boundary event leads to
    duration: str | None = None  # quoted ISO 8601 duration, for timers


@dataclass
class Diagram:
    """The process graph of one procedure, in the order nodes were added."""

    process_id: str
    name: str
    lanes: list[Lane]
    nodes: dict[str, Node] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    boundaries: list[Boundary] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)  # gateway id -> default flow id
    properties: dict[str, str] = field(default_factory=dict)

    def add(self, node: Node) -> Node:
        if node.id in self.nodes:
            raise ValueError(f"duplicate node id {node.id}")
        self.nodes[node.id] = node
        return node

    def connect(
        self,
        source: str,
        target: str,
        *,
        name: str = "",
        condition: str | None = None,
        default: bool = False,
    ) -> Flow:
        flow = Flow(f"Flow_{source}_{target}", source, target, name, condition)
        self.flows.append(flow)
        if default:
            self.defaults[source] = flow.id
        return flow

    def chain(self, *ids: str) -> None:
        for source, target in itertools.pairwise(ids):
            self.connect(source, target)

    def outgoing(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows if f.source == node_id]

    def incoming(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows if f.target == node_id]

    def boundaries_of(self, node_id: str) -> list[Boundary]:
        return [b for b in self.boundaries if b.attached_to == node_id]
