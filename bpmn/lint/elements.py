"""bpmnlint's ``recommended`` rules about single elements: labels, events, gateways.

Same ids and meanings as bpmn-io/bpmnlint ``rules/*.js``; see :mod:`bpmn.lint.flow` for
why they are re-expressed on the server. Where bpmnlint lets an element with no ``name``
attribute at all pass ``global`` (only an empty name fails there), this version asks for a
name in both cases: a planner cannot tell unnamed signals apart either way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from bpmn.lint.base import Hit, Rule, Severity, hit
from bpmn.lint.model import (
    EVENTS,
    FLOW_NODES,
    SUBPROCESSES,
    Diagram,
    Element,
    children,
    condition_of,
    describe,
    event_definitions,
    has_definition,
    is_default,
    is_true,
    kind,
    label,
    subject,
)

__all__ = ["ELEMENT_RULES"]

_DECISIONS = frozenset({"exclusiveGateway", "inclusiveGateway"})


def _needs_label(diagram: Diagram, el: Element) -> bool:
    local = kind(el)
    if local in {"parallelGateway", "eventBasedGateway"} | SUBPROCESSES:
        return False
    if local.endswith("Gateway"):
        return len(diagram.outs(el)) > 1
    if local == "sequenceFlow":
        return condition_of(el) is not None
    return local in FLOW_NODES | {"participant", "lane"}


def label_required(diagram: Diagram) -> Iterator[Hit]:
    for el in diagram.root.iter():
        if kind(el) and not label(el) and _needs_label(diagram, el):
            yield hit(
                el,
                f"{subject(el)} has no label. Give it a name that says what happens "
                "there, so officers and citizens can follow the procedure.",
            )


def _is_gateway_fork(diagram: Diagram, flow: Element) -> bool:
    source = diagram.source(flow)
    return source is not None and kind(source) in _DECISIONS and len(diagram.outs(source)) > 1


def superfluous_label(diagram: Diagram) -> Iterator[Hit]:
    for flow in diagram.flows:
        if not label(flow) or condition_of(flow) is not None:
            continue
        if is_default(diagram, flow) or _is_gateway_fork(diagram, flow):
            continue
        yield hit(
            flow,
            f"{subject(flow)} carries a label but no condition, so the label says nothing "
            "the diagram does not. Remove the label or name the next step instead.",
        )


def no_complex_gateway(diagram: Diagram) -> Iterator[Hit]:
    for gateway in diagram.elements("complexGateway"):
        yield hit(
            gateway,
            f"{subject(gateway)} is a complex gateway, which is hard to read and to run. "
            "Use exclusive, inclusive or parallel gateways instead.",
        )


def no_inclusive_gateway(diagram: Diagram) -> Iterator[Hit]:
    for gateway in diagram.elements("inclusiveGateway"):
        yield hit(
            gateway,
            f"{subject(gateway)} is an inclusive gateway; readers often misjudge which "
            "branches run. Prefer exclusive or parallel gateways where they suffice.",
        )


def _blank_starts(scope: Element) -> list[Element]:
    return [s for s in children(scope, {"startEvent"}) if not event_definitions(s)]


def single_blank_start_event(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        if len(_blank_starts(scope)) > 1:
            yield hit(
                scope,
                f"{subject(scope)} has several blank start events, so it is unclear where "
                "it begins. Keep one.",
            )


def single_event_definition(diagram: Diagram) -> Iterator[Hit]:
    for event in diagram.flow_nodes:
        if kind(event) in EVENTS and len(event_definitions(event)) > 1:
            yield hit(
                event,
                f"{subject(event)} has several event definitions. "
                "Keep one, or split it into several events.",
            )


def sub_process_blank_start_event(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        if kind(scope) not in SUBPROCESSES or is_true(scope, "triggeredByEvent"):
            continue
        for start in children(scope, {"startEvent"}):
            if event_definitions(start):
                yield hit(
                    start,
                    f"{subject(start)} starts an ordinary sub-process and must be blank. "
                    "Remove its trigger (message, timer, signal...).",
                )


def event_sub_process_typed_start_event(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        if kind(scope) not in SUBPROCESSES or not is_true(scope, "triggeredByEvent"):
            continue
        for start in children(scope, {"startEvent"}):
            if not event_definitions(start):
                yield hit(
                    start,
                    f"{subject(start)} starts an event sub-process but has no trigger. "
                    "Make it a message, timer, signal or error start event.",
                )


def _link_name(event: Element) -> str:
    for definition in event_definitions(event):
        if kind(definition) == "linkEventDefinition":
            return (definition.get("name") or "").strip()
    return ""


def link_event(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        links = [e for e in children(scope, EVENTS) if has_definition(e, "linkEventDefinition")]
        by_name: dict[str, list[Element]] = defaultdict(list)
        for event in links:
            if not _link_name(event):
                yield hit(event, f"{subject(event)} has no link name. Name the link.")
            else:
                by_name[_link_name(event)].append(event)
        for name, events in by_name.items():
            yield from _link_pairs(name, events)


def _link_pairs(name: str, events: list[Element]) -> Iterator[Hit]:
    catches = [e for e in events if kind(e) in {"intermediateCatchEvent", "startEvent"}]
    if len(events) == 1:
        missing = "throw" if catches else "catch"
        yield hit(
            events[0],
            f"{subject(events[0])} has no matching link {missing} event named "
            f"'{name}' in the same scope. Add it or remove this link.",
        )
    elif len(catches) > 1:
        for event in catches:
            yield hit(
                event,
                f"{subject(event)} is one of several link catch events named '{name}'. Keep one.",
            )
    elif not catches:
        for event in events:
            yield hit(
                event,
                f"No link catch event named '{name}' receives {describe(event)}. Add one.",
            )


def _ends(diagram: Diagram, scope: Element) -> list[Element]:
    return [n for n in children(scope, FLOW_NODES) if not diagram.outs(n)]


def _is_terminate_end(node: Element) -> bool:
    return kind(node) == "endEvent" and has_definition(node, "terminateEventDefinition")


def _is_interrupting_event_sub(node: Element) -> bool:
    if kind(node) != "subProcess" or not is_true(node, "triggeredByEvent"):
        return False
    starts = children(node, {"startEvent"})
    return any(is_true(s, "isInterrupting", default=True) for s in starts)


def superfluous_termination(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.containers:
        ends = _ends(diagram, scope)
        terminates = [n for n in ends if _is_terminate_end(n)]
        if len(terminates) != 1:
            continue
        if all(_is_terminate_end(n) or _is_interrupting_event_sub(n) for n in ends):
            yield hit(
                terminates[0],
                f"{subject(terminates[0])} terminates, but it is the only way the "
                f"{describe(scope)} ends anyway. Use a plain end event.",
            )


def ad_hoc_sub_process(diagram: Diagram) -> Iterator[Hit]:
    for scope in diagram.elements("adHocSubProcess"):
        for node in children(scope, EVENTS):
            local = kind(node)
            if local in {"startEvent", "endEvent"}:
                yield hit(
                    node,
                    f"{subject(node)} is inside an ad-hoc sub-process, which must not "
                    "have start or end events. Remove it.",
                )
            elif local == "intermediateCatchEvent" and not diagram.outs(node):
                yield hit(
                    node,
                    f"{subject(node)} inside an ad-hoc sub-process needs an outgoing flow.",
                )


_GLOBAL_REFS = {
    "error": ("errorEventDefinition", "errorRef"),
    "escalation": ("escalationEventDefinition", "escalationRef"),
    "message": ("messageEventDefinition", "messageRef"),
    "signal": ("signalEventDefinition", "signalRef"),
}
_MESSAGE_USERS = frozenset({"messageEventDefinition", "messageFlow", "receiveTask", "sendTask"})


def _references(diagram: Diagram, local: str) -> set[str]:
    users = _MESSAGE_USERS if local == "message" else {_GLOBAL_REFS[local][0]}
    attribute = _GLOBAL_REFS[local][1]
    return {el.get(attribute) or "" for el in diagram.elements(*users)}


def global_elements(diagram: Diagram) -> Iterator[Hit]:
    for local in sorted(_GLOBAL_REFS):
        roots = children(diagram.root, {local})
        used = _references(diagram, local)
        names = [label(r) for r in roots]
        for root in roots:
            if not label(root):
                yield hit(root, f"{subject(root)} has no name. Name it.")
            if root.get("id") not in used:
                yield hit(root, f"{subject(root)} is never used. Remove it or refer to it.")
            if label(root) and names.count(label(root)) > 1:
                yield hit(
                    root,
                    f"{subject(root)} shares its name with another {local}. "
                    "Give each a distinct name.",
                )


ELEMENT_RULES = (
    Rule(
        "label-required",
        Severity.ERROR,
        "Tasks, events, deciding gateways, conditional flows, lanes and pools need a label.",
        label_required,
    ),
    Rule(
        "superfluous-label",
        Severity.WARNING,
        "An unconditional sequence flow outside a decision should not carry a label.",
        superfluous_label,
    ),
    Rule(
        "no-complex-gateway",
        Severity.ERROR,
        "Complex gateways are not allowed.",
        no_complex_gateway,
    ),
    Rule(
        "no-inclusive-gateway",
        Severity.WARNING,
        "Inclusive gateways are discouraged.",
        no_inclusive_gateway,
    ),
    Rule(
        "single-blank-start-event",
        Severity.ERROR,
        "A process or sub-process has at most one blank start event.",
        single_blank_start_event,
    ),
    Rule(
        "single-event-definition",
        Severity.ERROR,
        "An event has at most one event definition.",
        single_event_definition,
    ),
    Rule(
        "sub-process-blank-start-event",
        Severity.ERROR,
        "The start event of an ordinary sub-process is blank.",
        sub_process_blank_start_event,
    ),
    Rule(
        "event-sub-process-typed-start-event",
        Severity.ERROR,
        "The start event of an event sub-process has a trigger.",
        event_sub_process_typed_start_event,
    ),
    Rule(
        "link-event",
        Severity.ERROR,
        "Link events are named and paired: one catch for each name in a scope.",
        link_event,
    ),
    Rule(
        "superfluous-termination",
        Severity.WARNING,
        "A terminate end event that is the only way a scope ends is superfluous.",
        superfluous_termination,
    ),
    Rule(
        "ad-hoc-sub-process",
        Severity.ERROR,
        "An ad-hoc sub-process has no start/end events; its catch events flow onward.",
        ad_hoc_sub_process,
    ),
    Rule(
        "global",
        Severity.WARNING,
        "Errors, escalations, messages and signals are named, used, and uniquely named.",
        global_elements,
    ),
)
