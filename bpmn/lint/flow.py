"""bpmnlint's ``recommended`` rules about how tokens flow, re-expressed server-side.

bpmnlint is JavaScript and runs in the browser modeler, where a planner can ignore it;
every save is checked again here, with the same rule ids and meanings (see
bpmn-io/bpmnlint ``rules/*.js``) so the browser and the server agree on what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from bpmn.lint.base import Hit, Rule, Severity, hit
from bpmn.lint.model import (
    ACTIVITIES,
    EVENTS,
    GATEWAYS,
    SUBPROCESSES,
    TASKS,
    Diagram,
    Element,
    children,
    condition_of,
    describe,
    event_definitions,
    is_default,
    is_true,
    kind,
    parent_kind,
    subject,
)

__all__ = ["FLOW_RULES"]

_SCOPES = frozenset({"process", "subProcess", "transaction"})


def start_event_required(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        if kind(scope) in _SCOPES and not children(scope, {"startEvent"}):
            yield hit(
                scope,
                f"{subject(scope)} has no start event. "
                "Add a start event where the procedure begins.",
            )


def end_event_required(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        if kind(scope) in _SCOPES and not children(scope, {"endEvent"}):
            yield hit(
                scope,
                f"{subject(scope)} has no end event. "
                "Add an end event where the procedure finishes.",
            )


def _only_definition(event: Element, definition: str) -> bool:
    defs = event_definitions(event)
    return bool(defs) and all(kind(d) == definition for d in defs)


def _may_start_implicitly(node: Element) -> bool:
    local = kind(node)
    return (
        (local in ACTIVITIES and is_true(node, "isForCompensation"))
        or parent_kind(node) == "adHocSubProcess"
        or (local == "subProcess" and is_true(node, "triggeredByEvent"))
        or (local == "intermediateCatchEvent" and _only_definition(node, "linkEventDefinition"))
        or local in {"startEvent", "boundaryEvent"}
    )


def no_implicit_start(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if not diagram.ins(node) and not _may_start_implicitly(node):
            yield hit(
                node,
                f"Nothing flows into {describe(node)}, so it would start on its own. "
                "Connect a sequence flow into it, or remove it.",
            )


def _has_compensation_association(diagram: Diagram, node: Element) -> bool:
    return any(a.get("sourceRef") == node.get("id") for a in diagram.elements("association"))


def _may_end_implicitly(diagram: Diagram, node: Element) -> bool:
    local = kind(node)
    if local == "boundaryEvent" and _only_definition(node, "compensateEventDefinition"):
        return _has_compensation_association(diagram, node)
    return (
        (local == "subProcess" and is_true(node, "triggeredByEvent"))
        or (local == "intermediateThrowEvent" and _only_definition(node, "linkEventDefinition"))
        or (local in ACTIVITIES and parent_kind(node) == "adHocSubProcess")
        or local == "endEvent"
        or (local in TASKS and is_true(node, "isForCompensation"))
    )


def no_implicit_end(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if not diagram.outs(node) and not _may_end_implicitly(diagram, node):
            yield hit(
                node,
                f"Nothing flows out of {describe(node)}, so the procedure would stop there "
                "without an end event. Connect it onward or to an end event.",
            )


def _compensation_linked(node: Element) -> bool:
    defs = event_definitions(node)
    boundary = (
        kind(node) == "boundaryEvent"
        and len(defs) == 1
        and kind(defs[0]) == "compensateEventDefinition"
    )
    return boundary or is_true(node, "isForCompensation")


def no_disconnected(diagram: Diagram) -> Iterator[Hit]:
    wanted = TASKS | GATEWAYS | SUBPROCESSES | EVENTS
    for node in diagram.flow_nodes:
        local = kind(node)
        if local not in wanted or is_true(node, "triggeredByEvent"):
            continue
        if _compensation_linked(node):
            continue
        if parent_kind(node) == "adHocSubProcess" and local in ACTIVITIES:
            continue
        if not diagram.ins(node) and not diagram.outs(node):
            yield hit(
                node,
                f"{subject(node)} is not connected to anything. "
                "Connect it with sequence flows or delete it.",
            )


def fake_join(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if kind(node) in ACTIVITIES | EVENTS and len(diagram.ins(node)) > 1:
            yield hit(
                node,
                f"{subject(node)} has {len(diagram.ins(node))} incoming flows; "
                "it runs once for each of them instead of waiting for all. Put a joining "
                "gateway in front of it.",
            )


def no_gateway_join_fork(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if kind(node) in GATEWAYS and len(diagram.ins(node)) > 1 and len(diagram.outs(node)) > 1:
            yield hit(
                node,
                f"{subject(node)} both joins and splits flows. "
                "Use two gateways: one to join, one to split.",
            )


def no_implicit_split(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if kind(node) not in ACTIVITIES | EVENTS:
            continue
        plain = [
            f for f in diagram.outs(node) if condition_of(f) is None and not is_default(diagram, f)
        ]
        if len(plain) > 1:
            yield hit(
                node,
                f"{subject(node)} has {len(plain)} unconditional outgoing flows, "
                "an implicit split. Add a parallel or exclusive gateway after it.",
            )


def superfluous_gateway(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if kind(node) in GATEWAYS and len(diagram.ins(node)) == 1 == len(diagram.outs(node)):
            yield hit(
                node,
                f"{subject(node)} has one incoming and one outgoing flow, "
                "so it does nothing. Remove it.",
            )


def _conditional_forking(diagram: Diagram, node: Element) -> bool:
    outs = diagram.outs(node)
    decision = kind(node) in {"exclusiveGateway", "inclusiveGateway"}
    return (
        node.get("default") is not None
        or (decision and len(outs) > 1)
        or any(condition_of(f) is not None for f in outs)
    )


def conditional_flows(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if not _conditional_forking(diagram, node):
            continue
        for flow in diagram.outs(node):
            if condition_of(flow) is None and not is_default(diagram, flow):
                yield hit(
                    flow,
                    f"{subject(flow)} leaves the decision at {describe(node)} "
                    "without a condition. Give it a condition or make it the default flow.",
                )


def _flow_key(flow: Element) -> tuple[str, str, str]:
    condition = condition_of(flow)
    body = (condition.text or "") if condition is not None else ""
    ident = flow.get("id") or ""
    return (flow.get("sourceRef") or ident, flow.get("targetRef") or ident, body)


def _duplicate_end(diagram: Diagram, ref: str, end: str) -> str:
    node = diagram.by_id.get(ref)
    name = subject(node) if node is not None else f"Element {ref}"
    return f"{name} is the {end} of duplicate sequence flows. Delete the duplicates."


def no_duplicate_sequence_flows(diagram: Diagram) -> Iterator[Hit]:
    seen: set[tuple[str, str, str]] = set()
    reported: set[tuple[str, str]] = set()
    for flow in diagram.flows:
        key = _flow_key(flow)
        if key not in seen:
            seen.add(key)
            continue
        yield hit(
            flow,
            f"{subject(flow)} duplicates another flow with the same source, "
            "target and condition. Delete one of them.",
        )
        for end, ref in (("source", key[0]), ("target", key[1])):
            if (end, ref) not in reported:
                reported.add((end, ref))
                yield ref, _duplicate_end(diagram, ref, end)


def event_based_gateway(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.elements("eventBasedGateway"):
        outs = diagram.outs(node)
        if len(outs) < 2:
            yield hit(
                node,
                f"{subject(node)} needs at least two outgoing flows, "
                "each to the event it waits for.",
            )
        for flow in outs:
            if condition_of(flow) is not None:
                yield hit(
                    flow,
                    f"{subject(flow)} leaves an event-based gateway and must "
                    "not have a condition; the first event to happen decides. Remove it.",
                )


FLOW_RULES = (
    Rule(
        "start-event-required",
        Severity.ERROR,
        "A process or sub-process must have a start event.",
        start_event_required,
    ),
    Rule(
        "end-event-required",
        Severity.ERROR,
        "A process or sub-process must have an end event.",
        end_event_required,
    ),
    Rule(
        "no-implicit-start",
        Severity.ERROR,
        "Every element other than a start or boundary event must have an incoming flow.",
        no_implicit_start,
    ),
    Rule(
        "no-implicit-end",
        Severity.ERROR,
        "Every element other than an end event must have an outgoing flow.",
        no_implicit_end,
    ),
    Rule(
        "no-disconnected",
        Severity.ERROR,
        "An element must be connected by at least one sequence flow.",
        no_disconnected,
    ),
    Rule(
        "fake-join",
        Severity.WARNING,
        "A task or event with several incoming flows does not join them; use a gateway.",
        fake_join,
    ),
    Rule(
        "no-gateway-join-fork",
        Severity.ERROR,
        "A gateway must not join and split at the same time.",
        no_gateway_join_fork,
    ),
    Rule(
        "no-implicit-split",
        Severity.ERROR,
        "A task or event must not split into several unconditional flows; use a gateway.",
        no_implicit_split,
    ),
    Rule(
        "superfluous-gateway",
        Severity.WARNING,
        "A gateway with one incoming and one outgoing flow does nothing.",
        superfluous_gateway,
    ),
    Rule(
        "conditional-flows",
        Severity.ERROR,
        "Flows leaving a decision need a condition unless they are the default flow.",
        conditional_flows,
    ),
    Rule(
        "no-duplicate-sequence-flows",
        Severity.ERROR,
        "Two sequence flows must not join the same elements with the same condition.",
        no_duplicate_sequence_flows,
    ),
    Rule(
        "event-based-gateway",
        Severity.ERROR,
        "An event-based gateway needs two or more unconditional outgoing flows.",
        event_based_gateway,
    ),
)
