"""MotCua rules: what SpiffWorkflow 3.2 cannot run, caught before a diagram is published.

Each rule here stands for a trap measured on the engine (see the engine notes in the
design document): element ids that collide with SpiffWorkflow's own task names, elements
it parses but never executes (link and compensation events) or rejects (complex gateways),
service tasks it cannot call, and timers whose text it evaluates as Python. A planner
learns about them in the editor instead of from a dossier stuck at a counter.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition

from bpmn.lint.base import Hit, Rule, Severity, hit
from bpmn.lint.model import (
    ACTIVITIES,
    BPMN_NS,
    Diagram,
    Element,
    children,
    describe,
    is_true,
    kind,
    spiff_extension,
    subject,
)

__all__ = ["COMPAT_RULES", "is_iso_literal"]

# SpiffWorkflow names the task specs it adds to every process "Start" and "End".
RESERVED_IDS = frozenset({"Start", "End"})

_NUM = r"\d+(?:[.,]\d+)?"
_DURATION = (
    rf"P(?=\d|T\d)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?"
    rf"(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?"
)
_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
_POINT = rf"(?:{_DURATION}|{_DATE})"
_ISO = re.compile(rf"(?:R\d*/)?{_POINT}(?:/{_POINT}){{0,2}}", re.IGNORECASE)

_TIMER_KINDS = {"timeDuration": "duration", "timeDate": "date", "timeCycle": "cycle"}


def is_iso_literal(text: str) -> bool:
    """True for bare ISO 8601 text such as ``PT1H``, ``P3D``, ``R3/PT1H``, ``2026-01-01``."""
    return _ISO.fullmatch(text.strip()) is not None


def _parse_date(text: str) -> object:
    value = TimerEventDefinition.parse_time_or_duration(text)
    if not isinstance(value, datetime):
        raise ValueError(text)
    return value


_SPIFF_PARSERS: dict[str, Callable[[str], object]] = {
    "timeDuration": TimerEventDefinition.parse_iso_duration,
    "timeDate": _parse_date,
    "timeCycle": TimerEventDefinition.parse_iso_recurring_interval,
}


def reserved_id(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        if node.get("id") in RESERVED_IDS:
            yield hit(
                node,
                f"{subject(node)} has the id '{node.get('id')}', which the workflow engine "
                "uses for its own start and end steps; a dossier would break. "
                f"Give it another id, e.g. '{node.get('id')}Event_1'.",
            )


def link_event(diagram: Diagram) -> Iterator[Hit]:
    for event in diagram.elements("linkEventDefinition"):
        node = event.getparent()
        if node is not None:
            yield hit(
                node,
                f"{subject(node)} is a link event, which the workflow engine reads but "
                "does not execute. Replace the link pair with a sequence flow.",
            )


def compensation(diagram: Diagram) -> Iterator[Hit]:
    for node in diagram.flow_nodes:
        compensating = any(kind(c) == "compensateEventDefinition" for c in node)
        if compensating or (kind(node) in ACTIVITIES and is_true(node, "isForCompensation")):
            yield hit(
                node,
                f"{subject(node)} uses compensation, which the workflow engine reads but "
                "does not execute. Model the undo steps as ordinary tasks on a normal path.",
            )


def complex_gateway(diagram: Diagram) -> Iterator[Hit]:
    for gateway in diagram.elements("complexGateway"):
        yield hit(
            gateway,
            f"{subject(gateway)} is a complex gateway, which the workflow engine rejects. "
            "Use an exclusive or parallel gateway.",
        )


def service_task_operator(diagram: Diagram) -> Iterator[Hit]:
    for task in diagram.elements("serviceTask"):
        operator = spiff_extension(task, "serviceTaskOperator")
        if operator is None or not (operator.get("id") or "").strip():
            yield hit(
                task,
                f"{subject(task)} does not say which service to call "
                "(spiffworkflow:serviceTaskOperator with an id), so the engine cannot run "
                "it. Choose the service in the task's properties.",
            )


def no_executable_process(diagram: Diagram) -> Iterator[Hit]:
    processes = children(diagram.root, {"process"})
    if not any(is_true(p, "isExecutable") for p in processes):
        yield hit(
            None,
            'No process in the file is marked executable (isExecutable="true"), so the '
            "engine would refuse it. Mark the procedure's process as executable.",
        )


def _timer_expressions(diagram: Diagram) -> Iterator[tuple[Element, Element]]:
    """(event, timeDuration/timeDate/timeCycle element) for every timer definition."""
    for definition in diagram.elements("timerEventDefinition"):
        event = definition.getparent()
        for local in _TIMER_KINDS:
            for expression in definition.iterfind(f"{{{BPMN_NS}}}{local}"):
                if event is not None:
                    yield event, expression


def timer_unquoted(diagram: Diagram) -> Iterator[Hit]:
    for event, expression in _timer_expressions(diagram):
        text = (expression.text or "").strip()
        if text and is_iso_literal(text):
            yield hit(
                event,
                f"The timer of {describe(event)} is written as {text} without quotes. The "
                "engine reads timer text as an expression, so write it as a quoted string: "
                f'"{text}".',
            )


def _timer_problem(local: str, text: str) -> str | None:
    if not text:
        return "is empty"
    if is_iso_literal(text):
        return None  # reported by motcua/timer-unquoted
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        return f"'{text}' is not a valid expression ({exc.msg})"
    value = tree.body
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        try:
            _SPIFF_PARSERS[local](value.value)
        except Exception:
            return f"{value.value!r} is not a valid ISO 8601 {_TIMER_KINDS[local]}"
    return None


def timer_syntax(diagram: Diagram) -> Iterator[Hit]:
    for event, expression in _timer_expressions(diagram):
        problem = _timer_problem(kind(expression), (expression.text or "").strip())
        if problem:
            yield hit(
                event,
                f"The timer of {describe(event)} {problem}. Write a quoted ISO 8601 value "
                'such as "P3D" or "PT4H", or an expression that computes one.',
            )


COMPAT_RULES = (
    Rule(
        "motcua/reserved-id",
        Severity.ERROR,
        "No element may have the id 'Start' or 'End' (the engine's own task names).",
        reserved_id,
    ),
    Rule(
        "motcua/link-event",
        Severity.ERROR,
        "Link events are read but not executed by the engine.",
        link_event,
    ),
    Rule(
        "motcua/compensation",
        Severity.ERROR,
        "Compensation events and activities are read but not executed by the engine.",
        compensation,
    ),
    Rule(
        "motcua/complex-gateway",
        Severity.ERROR,
        "Complex gateways are rejected by the engine.",
        complex_gateway,
    ),
    Rule(
        "motcua/service-task-operator",
        Severity.ERROR,
        "A service task names the service it calls (spiffworkflow:serviceTaskOperator).",
        service_task_operator,
    ),
    Rule(
        "motcua/no-executable-process",
        Severity.ERROR,
        'The file has a process marked isExecutable="true".',
        no_executable_process,
    ),
    Rule(
        "motcua/timer-unquoted",
        Severity.ERROR,
        'Timer text is a Python expression: ISO 8601 values must be quoted ("PT1H").',
        timer_unquoted,
    ),
    Rule(
        "motcua/timer-syntax",
        Severity.ERROR,
        "Timer text is a valid expression; a quoted value is valid ISO 8601.",
        timer_syntax,
    ),
)
