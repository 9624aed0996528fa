"""The BPMN half of a Prosimos model: read the process graph, turn it into routing nodes.

Prosimos reads a plain BPMN 2.0 process (start event, tasks, exclusive and parallel
gateways, one end event, sequence flows) and its own JSON of simulation parameters. This
module reads the first half into :class:`BpmnProcess` and maps it onto the node kinds of
:mod:`simulations.model`, following Prosimos's own reading of the diagram:

- an intermediate timer event is a ``DELAY`` of elapsed minutes (``event_distribution``);
- a task with several outgoing flows splits in parallel (Prosimos inserts a parallel
  gateway after it), one with several incoming flows merges exclusively;
- an exclusive gateway with several outgoing flows draws one branch from
  ``gateway_branching_probabilities`` (missing values share the remainder equally, as in
  Prosimos); with one outgoing flow it only merges;
- a parallel gateway with several incoming flows waits for all of them (``AND_JOIN``),
  with several outgoing flows sends a token down each (``AND_SPLIT``), with both it is
  a join followed by a split.

Anything Prosimos supports and the routing graph does not (inclusive and event-based
gateways, message and signal events, sub-processes, ...) raises :class:`InteropError` naming
the element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from bpmn.lint.model import TASKS
from simulations.errors import InteropError
from simulations.model import NodeKind

__all__ = [
    "BPMN_NS",
    "TASK_TAGS",
    "TIMER_TAG",
    "BpmnElement",
    "BpmnProcess",
    "GraphNode",
    "build_nodes",
    "parse_bpmn",
]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
TASK_TAGS = TASKS  # the BPMN task elements the linter knows
TIMER_TAG = "intermediateCatchEvent"
_FLOW_NODE_TAGS = TASK_TAGS | {
    "startEvent",
    "endEvent",
    "exclusiveGateway",
    "parallelGateway",
    TIMER_TAG,
}
#: process children that carry no behaviour
_INERT_TAGS = frozenset(
    {
        "sequenceFlow",
        "laneSet",
        "documentation",
        "extensionElements",
        "textAnnotation",
        "association",
        "dataObject",
        "dataObjectReference",
        "dataStoreReference",
    }
)


@dataclass
class BpmnElement:
    id: str
    tag: str
    name: str
    terminate: bool = False
    incoming: list[str] = field(default_factory=list)  # sequence flow ids
    outgoing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BpmnFlow:
    id: str
    source: str
    target: str


@dataclass
class BpmnProcess:
    """One BPMN process: flow nodes by id (document order) and sequence flows."""

    id: str
    elements: dict[str, BpmnElement]
    flows: list[BpmnFlow]

    def tasks(self) -> list[BpmnElement]:
        return [e for e in self.elements.values() if e.tag in TASK_TAGS]


@dataclass
class GraphNode:
    """One routing node before packing into arrays; ``element`` is the BPMN id."""

    kind: NodeKind
    element: str
    succ: list[int] = field(default_factory=list)
    prob: list[float] = field(default_factory=list)  # XOR branch probabilities
    join_need: int = 0


def _local(tag: object) -> str:
    return etree.QName(str(tag)).localname if isinstance(tag, str) else ""


def parse_bpmn(path: Path) -> BpmnProcess:
    """Read the single executable process of a BPMN file."""
    try:
        root = etree.parse(str(path)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InteropError(f"cannot read the BPMN file {path}: {exc}") from exc
    processes = root.findall(f"{{{BPMN_NS}}}process")
    if len(processes) != 1:
        raise InteropError(
            f"{path} holds {len(processes)} BPMN processes; exactly one is supported"
        )
    process = processes[0]
    elements: dict[str, BpmnElement] = {}
    flows: list[BpmnFlow] = []
    for child in process:
        tag = _local(child.tag)
        if not tag or tag in _INERT_TAGS - {"sequenceFlow"}:
            continue
        ident = child.get("id", "")
        if tag == "sequenceFlow":
            flows.append(BpmnFlow(ident, child.get("sourceRef", ""), child.get("targetRef", "")))
        elif tag == TIMER_TAG and child.find(f"{{{BPMN_NS}}}timerEventDefinition") is None:
            raise InteropError(
                f"intermediate event {ident!r} is not a timer; only timer events are supported"
            )
        elif tag in _FLOW_NODE_TAGS:
            terminate = child.find(f"{{{BPMN_NS}}}terminateEventDefinition") is not None
            elements[ident] = BpmnElement(ident, tag, child.get("name") or ident, terminate)
        else:
            raise InteropError(
                f"BPMN element {ident!r} is a {tag}, which the simulator does not support; "
                "supported: tasks, start and end events, timer events, exclusive and parallel "
                "gateways"
            )
    for flow in flows:
        for end in (flow.source, flow.target):
            if end not in elements:
                raise InteropError(
                    f"sequence flow {flow.id!r} refers to {end!r}, which is not a task, "
                    "event or gateway of the process"
                )
        elements[flow.source].outgoing.append(flow.id)
        elements[flow.target].incoming.append(flow.id)
    return BpmnProcess(process.get("id", ""), elements, flows)


def _check_degrees(process: BpmnProcess) -> str:
    """Return the start event's id after checking every element's flow counts."""
    starts = [e for e in process.elements.values() if e.tag == "startEvent"]
    ends = [e for e in process.elements.values() if e.tag == "endEvent"]
    if len(starts) != 1 or not ends:
        raise InteropError(
            f"process {process.id!r} has {len(starts)} start and {len(ends)} end events; "
            "one start event and at least one end event are required"
        )
    for element in process.elements.values():
        if element.tag == "startEvent" and (len(element.outgoing) != 1 or element.incoming):
            raise InteropError(
                f"start event {element.id!r} must have one outgoing and no incoming flow"
            )
        if element.tag == "endEvent" and element.outgoing:
            raise InteropError(f"end event {element.id!r} has outgoing flows")
        if element.tag != "endEvent" and not element.outgoing:
            raise InteropError(f"{element.tag} {element.id!r} has no outgoing flow")
        if element.tag != "startEvent" and not element.incoming:
            raise InteropError(f"{element.tag} {element.id!r} has no incoming flow")
    return starts[0].id


def _branch_probabilities(
    gateway: BpmnElement, branching: dict[str, dict[str, float | None]]
) -> dict[str, float]:
    """Probabilities per outgoing flow, completed and checked as Prosimos does."""
    given = branching.get(gateway.id)
    if given is None:
        raise InteropError(
            f"exclusive gateway {gateway.id!r} splits but has no entry in "
            "gateway_branching_probabilities"
        )
    unknown = sorted(set(given) - set(gateway.outgoing))
    if unknown:
        raise InteropError(
            f"gateway_branching_probabilities of {gateway.id!r} names {unknown}, "
            f"which are not its outgoing flows {gateway.outgoing}"
        )
    missing = [f for f in gateway.outgoing if given.get(f) is None]
    total = sum(v for v in given.values() if v is not None)
    share = (1.0 - total) / len(missing) if missing else 0.0
    probs = {
        f: (share if given.get(f) is None else float(given[f] or 0.0)) for f in gateway.outgoing
    }
    if min(probs.values()) < 0.0 or abs(sum(probs.values()) - 1.0) > 1e-6:
        raise InteropError(
            f"gateway_branching_probabilities of {gateway.id!r} are {probs}; they must be "
            "non-negative and sum to 1"
        )
    return probs


def _entry_exit(element: BpmnElement, nodes: list[GraphNode]) -> tuple[int, int]:
    """Append the node(s) of one element; return the indices a flow enters and leaves."""
    first = len(nodes)
    n_in, n_out = len(element.incoming), len(element.outgoing)
    if element.tag == "startEvent":
        nodes.append(GraphNode(NodeKind.START, element.id))
    elif element.tag == "endEvent":
        kind = NodeKind.TERMINATE if element.terminate else NodeKind.END
        nodes.append(GraphNode(kind, element.id))
    elif element.tag == "exclusiveGateway":
        nodes.append(GraphNode(NodeKind.XOR, element.id))
    elif element.tag == "parallelGateway":
        if n_in > 1:
            nodes.append(GraphNode(NodeKind.AND_JOIN, element.id, join_need=n_in))
        if n_out > 1 or n_in == 1:
            nodes.append(GraphNode(NodeKind.AND_SPLIT, element.id))
    else:
        kind = NodeKind.DELAY if element.tag == TIMER_TAG else NodeKind.TASK
        nodes.append(GraphNode(kind, element.id))
        if n_out > 1:
            nodes.append(GraphNode(NodeKind.AND_SPLIT, element.id))
    if len(nodes) - first == 2:
        nodes[first].succ.append(first + 1)
        nodes[first].prob.append(1.0)
    return first, len(nodes) - 1


def build_nodes(
    process: BpmnProcess, branching: dict[str, dict[str, float | None]]
) -> tuple[list[GraphNode], dict[str, int]]:
    """The routing nodes of a process (start first) and the node index of each task."""
    start = _check_degrees(process)
    order = [start] + [e for e in process.elements if e != start]
    nodes: list[GraphNode] = []
    entry: dict[str, int] = {}
    exit_: dict[str, int] = {}
    for ident in order:
        entry[ident], exit_[ident] = _entry_exit(process.elements[ident], nodes)
    probs: dict[str, float] = {}
    for element in process.elements.values():
        if element.tag == "exclusiveGateway" and len(element.outgoing) > 1:
            probs.update(_branch_probabilities(element, branching))
    for flow in process.flows:
        source = nodes[exit_[flow.source]]
        source.succ.append(entry[flow.target])
        source.prob.append(probs.get(flow.id, 1.0))
    tasks = {e.id: entry[e.id] for e in process.tasks()}
    return nodes, tasks
