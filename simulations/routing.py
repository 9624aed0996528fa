"""A procedure's BPMN diagram -> its routing graph (the structure the compiler instantiates).

Lifecycle: BPMN XML -> :func:`bpmn.parsing.parse_process` (SpiffWorkflow 3.2 spec) ->
:func:`walk_spec` -> :class:`RoutingGraph` (cached by :class:`GraphCache`) -> node arrays
(:mod:`simulations.compile`).

What is kept and what is not simulated:

- user, manual and service tasks become tasks with the role of their lane (the
  ``motcua.role`` property, else the lane's name); ``Task_supplement`` (waiting on the
  citizen) and ``Task_fee`` (waiting for a payment) become delays;
- exclusive gateways keep every branch, classified (``default``, ``end`` for a refusal,
  ``supplement``, ``other``) so that branch probabilities can be set by meaning;
- parallel gateways become splits and joins (a join needs one token per incoming flow);
- boundary events (withdrawal signals, warning timers) are not simulated: SpiffWorkflow
  wraps each task that has them in a ``BoundaryEventSplit``/``BoundaryEventJoin`` pair,
  which the walk passes through, and the end events reached only from boundaries are
  never reached.

Parsing costs ~6 ms a diagram while generated diagrams share a handful of shapes
(archetype x number of partner agencies), so graphs are cached by a structural key that
ignores names, budgets and forms; per-procedure numbers are applied by the compiler.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from bpmn.archetypes import LANES, ROLE_OF_LANE
from bpmn.errors import BpmnParseError
from bpmn.parsing import BPMN_NS, parse_process, read_bpmn_xml
from simulations.errors import CompileError
from simulations.model import NodeKind

__all__ = ["BRANCHES", "GraphCache", "RNode", "RoutingGraph", "structure_key", "walk_spec"]

BRANCHES = ("default", "end", "supplement", "other")
_ROLE_BY_LANE_NAME = {lane.name: ROLE_OF_LANE[key] for key, lane in LANES.items()}
_TASKS = frozenset(
    {
        "UserTask",
        "ManualTask",
        "ServiceTask",
        "ScriptTask",
        "NoneTask",
        "BusinessRuleTask",
        "SendTask",
        "ReceiveTask",
    }
)
_SPLIT, _JOIN = ".BoundaryEventSplit", ".BoundaryEventJoin"
_STRUCTURAL_PROPERTIES = frozenset({"motcua.step", "motcua.role"})
_UNSTRUCTURAL_ATTRIBUTES = frozenset({"name", "processRef"})


@dataclass(frozen=True)
class RNode:
    """One node of a routing graph; ``outputs`` index the graph's nodes."""

    bpmn_id: str
    kind: NodeKind
    role: str | None = None  # receiver | specialist | leader | partner (tasks)
    step: str | None = None  # budgeted step, or supplement | fee | eresult
    outputs: tuple[int, ...] = ()
    branches: tuple[str, ...] = ()  # XOR: one of BRANCHES per output
    join_need: int = 0


@dataclass(frozen=True)
class RoutingGraph:
    nodes: tuple[RNode, ...]
    start: int = 0

    def task_steps(self) -> dict[str, str | None]:
        return {n.bpmn_id: n.step for n in self.nodes if n.kind in (NodeKind.TASK, NodeKind.DELAY)}


def _properties(spec: Any) -> dict[str, str]:
    extensions = getattr(spec, "extensions", None) or {}
    props = extensions.get("properties") if isinstance(extensions, dict) else None
    return dict(props or {})


def _resolve(specs: dict[str, Any], name: str) -> str:
    """The flow node a flow really reaches, passing through boundary-event wrappers."""
    if name.endswith(_SPLIT):
        return name.removesuffix(_SPLIT)
    return name


def _real_outputs(spec: Any) -> list[str]:
    return [o.name for o in spec.outputs if not o.name.endswith(_JOIN)]


class _Walker:
    def __init__(self, spec: Any, where: str) -> None:
        self.specs: dict[str, Any] = dict(spec.task_specs)
        self.where = where
        self.index: dict[str, int] = {}
        self.order: list[str] = []

    def fail(self, name: str, what: str) -> CompileError:
        return CompileError(f"{self.where}: element {name!r} {what}")

    def collect(self, first: str) -> None:
        stack = [first]
        while stack:
            name = stack.pop()
            if name in self.index:
                continue
            self.index[name] = len(self.order)
            self.order.append(name)
            outs = [_resolve(self.specs, o) for o in _real_outputs(self.specs[name])]
            if type(self.specs[name]).__name__ == "EndEvent":
                outs = []
            stack.extend(reversed(outs))

    def node(self, name: str, inputs: dict[str, int]) -> RNode:
        spec = self.specs[name]
        kind_name = type(spec).__name__
        outs = tuple(
            self.index[_resolve(self.specs, o)]
            for o in _real_outputs(spec)
            if kind_name != "EndEvent"
        )
        if kind_name == "StartEvent":
            return RNode(name, NodeKind.START, outputs=outs)
        if kind_name == "EndEvent":
            definition = type(getattr(spec, "event_definition", None)).__name__
            kind = NodeKind.TERMINATE if definition == "TerminateEventDefinition" else NodeKind.END
            return RNode(name, kind)
        if kind_name in _TASKS:
            return self.task(name, spec, kind_name, outs)
        if kind_name == "ExclusiveGateway":
            return self.exclusive(name, spec, outs)
        if kind_name == "ParallelGateway":
            if len(outs) > 1 or inputs.get(name, 0) <= 1:
                return RNode(name, NodeKind.AND_SPLIT, outputs=outs)
            return RNode(name, NodeKind.AND_JOIN, outputs=outs, join_need=inputs[name])
        raise self.fail(
            name,
            f"is a {kind_name}, which the simulator does not model; "
            "use tasks, exclusive or parallel gateways and end events",
        )

    def task(self, name: str, spec: Any, kind_name: str, outs: tuple[int, ...]) -> RNode:
        props = _properties(spec)
        role = props.get("motcua.role") or _ROLE_BY_LANE_NAME.get(str(spec.lane or ""))
        step = props.get("motcua.step")
        if "supplement" in name.lower():
            return RNode(name, NodeKind.DELAY, role, "supplement", outs)
        if name.lower().startswith("task_fee"):
            return RNode(name, NodeKind.DELAY, role, "fee", outs)
        if role is None:
            raise self.fail(
                name,
                "is in no known lane; put it in the reception, specialist, partner or leader lane",
            )
        if kind_name == "ServiceTask" and step == "return":
            step = "eresult"
        return RNode(name, NodeKind.TASK, role, step, outs)

    def exclusive(self, name: str, spec: Any, outs: tuple[int, ...]) -> RNode:
        default = getattr(spec, "default_task_spec", None)
        default_name = _resolve(self.specs, default) if default else None
        branches = []
        for out in outs:
            target = self.order[out]
            target_type = type(self.specs[target]).__name__
            if target == default_name:
                branches.append("default")
            elif target_type == "EndEvent":
                branches.append("end")
            elif "supplement" in target.lower():
                branches.append("supplement")
            else:
                branches.append("other")
        return RNode(name, NodeKind.XOR, outputs=outs, branches=tuple(branches))


def walk_spec(spec: Any, where: str = "the diagram") -> RoutingGraph:
    """The routing graph of a parsed SpiffWorkflow process spec."""
    walker = _Walker(spec, where)
    first = _real_outputs(spec.start)
    if len(first) != 1:
        raise CompileError(f"{where}: the process needs exactly one start event")
    walker.collect(_resolve(walker.specs, first[0]))
    inputs: dict[str, int] = {}
    for name in walker.order:
        if type(walker.specs[name]).__name__ == "EndEvent":
            continue
        for out in _real_outputs(walker.specs[name]):
            target = _resolve(walker.specs, out)
            inputs[target] = inputs.get(target, 0) + 1
    nodes = tuple(walker.node(name, inputs) for name in walker.order)
    return RoutingGraph(nodes, 0)


def structure_key(xml: bytes) -> str:
    """A digest of a diagram's shape: element kinds, ids, flows, lanes, steps and roles.

    Names, budgets, forms and layout are left out, so every procedure generated from the
    same archetype with the same number of partner agencies shares one key.
    """
    root = read_bpmn_xml(xml)
    digest = hashlib.sha256()
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        for el in process.iter():
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if local == "property" and el.get("name") not in _STRUCTURAL_PROPERTIES:
                continue
            if local in ("timeDuration", "conditionExpression", "documentation"):
                continue
            attrs = sorted(
                (k, v) for k, v in el.attrib.items() if k not in _UNSTRUCTURAL_ATTRIBUTES
            )
            if local in ("process", "laneSet"):
                attrs = []
            text = (
                (el.text or "").strip() if local in ("flowNodeRef", "incoming", "outgoing") else ""
            )
            if local == "property":
                attrs = [(str(el.get("name")), str(el.get("value")))]
            digest.update(repr((local, attrs, text)).encode())
    return digest.hexdigest()


class GraphCache:
    """Routing graphs by structure key; each structure is parsed and walked once."""

    def __init__(self) -> None:
        self._graphs: dict[object, RoutingGraph] = {}
        self.parsed = 0

    def get(self, key: object, xml: Callable[[], bytes], where: str) -> RoutingGraph:
        graph = self._graphs.get(key)
        if graph is None:
            try:
                parsed = parse_process(xml())
            except BpmnParseError as exc:
                raise CompileError(f"{where}: {exc}") from exc
            graph = walk_spec(parsed.spec, where)
            self.parsed += 1
            self._graphs[key] = graph
        return graph
