"""MotCua rules about data: forms, gateway conditions and the variables they use.

A gateway condition is a Python expression over the data officers submit in forms
(``formJsonSchema`` on user tasks), the variables scripts assign and the process's data
objects. A typo in a variable name passes every structural check and fails only when a
dossier reaches the gateway, with the statutory clock running; so every name a condition
reads must be defined somewhere in the file. The check is deliberately flow-insensitive
(a variable defined anywhere counts): it finds misspellings and missing fields without
false alarms on loops and alternative paths.
"""

from __future__ import annotations

import ast
import builtins
import json
from collections.abc import Iterator
from typing import Any

from bpmn.lint.base import Hit, Rule, Severity, hit
from bpmn.lint.model import (
    SPIFF_NS,
    Diagram,
    Element,
    condition_of,
    describe,
    is_default,
    spiff_properties,
    subject,
)

__all__ = ["DATA_RULES", "condition_names", "defined_variables", "form_fields"]

FORM_PROPERTY = "formJsonSchema"
_BUILTINS = frozenset(dir(builtins))
_COMBINATORS = ("allOf", "anyOf", "oneOf")
_BRANCHES = ("then", "else")


def _load_schema(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """The parsed form schema, or the reason it is unusable."""
    try:
        schema = json.loads(text)
    except ValueError as exc:
        return None, f"is not valid JSON ({exc})"
    if not isinstance(schema, dict):
        return None, "is not a JSON object"
    if not isinstance(schema.get("properties", {}), dict):
        return None, "has 'properties' that is not an object"
    return schema, None


def _schema_fields(schema: dict[str, Any]) -> set[str]:
    properties = schema.get("properties")
    fields = set(properties) if isinstance(properties, dict) else set()
    parts = [p for key in _COMBINATORS for p in schema.get(key) or [] if isinstance(p, dict)]
    parts += [schema[key] for key in _BRANCHES if isinstance(schema.get(key), dict)]
    dependencies = schema.get("dependencies")
    if isinstance(dependencies, dict):
        parts += [d for d in dependencies.values() if isinstance(d, dict)]
    for part in parts:
        fields |= _schema_fields(part)
    return fields


def _forms(diagram: Diagram) -> Iterator[tuple[Element, str]]:
    for el in diagram.flow_nodes:
        text = spiff_properties(el).get(FORM_PROPERTY)
        if text is not None:
            yield el, text


def form_fields(diagram: Diagram) -> set[str]:
    """Every field name the forms of the file define (top level of each schema)."""
    fields: set[str] = set()
    for _, text in _forms(diagram):
        schema, _problem = _load_schema(text)
        if schema is not None:
            fields |= _schema_fields(schema)
    return fields


def _assigned(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _script_sources(diagram: Diagram) -> Iterator[str]:
    for script in diagram.elements("script"):
        yield script.text or ""
    for local in ("preScript", "postScript"):
        for el in diagram.root.iter(f"{{{SPIFF_NS}}}{local}"):
            yield el.text or ""


def _declared_names(diagram: Diagram) -> Iterator[str]:
    """Data objects, I/O specifications, multi-instance items, service and message results."""
    data_kinds = ("dataObject", "dataInput", "dataOutput", "inputDataItem", "outputDataItem")
    for el in diagram.elements(*data_kinds):
        yield from (v for v in (el.get("id"), el.get("name")) if v)
    for operator in diagram.root.iter(f"{{{SPIFF_NS}}}serviceTaskOperator"):
        if operator.get("resultVariable"):
            yield operator.get("resultVariable") or ""
    for variable in diagram.root.iter(f"{{{SPIFF_NS}}}messageVariable"):
        yield (variable.text or "").strip()


def defined_variables(diagram: Diagram) -> set[str]:
    """Every variable some form, script or declaration of the file defines."""
    names = form_fields(diagram) | set(_declared_names(diagram))
    for source in _script_sources(diagram):
        names |= _assigned(source)
    return names


def condition_names(tree: ast.Expression) -> list[str]:
    """Names a condition reads and does not bind itself (comprehensions, lambdas)."""
    bound: set[str] = set()
    loads: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.Name):
            loads.append(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return sorted({n for n in loads if n not in bound})


def _conditions(diagram: Diagram) -> Iterator[tuple[Element, str]]:
    """(sequence flow, condition text) for every condition the engine evaluates."""
    for flow in diagram.flows:
        condition = condition_of(flow)
        if condition is not None and not is_default(diagram, flow):
            yield flow, (condition.text or "").strip()


def _parse_condition(text: str) -> ast.Expression | SyntaxError:
    try:
        return ast.parse(text, mode="eval")
    except SyntaxError as exc:
        return exc


def form_schema(diagram: Diagram) -> Iterator[Hit]:
    for task, text in _forms(diagram):
        _schema, problem = _load_schema(text)
        if problem:
            yield hit(
                task,
                f"The form (formJsonSchema) of {describe(task)} {problem}. "
                "Fix the form in the task's properties; officers cannot submit it.",
            )


def condition_syntax(diagram: Diagram) -> Iterator[Hit]:
    for flow, text in _conditions(diagram):
        if not text:
            yield hit(
                flow,
                f"{subject(flow)} has an empty condition. Write a condition such as "
                "complete == True, or make the flow the gateway's default flow.",
            )
            continue
        parsed = _parse_condition(text)
        if isinstance(parsed, SyntaxError):
            yield hit(
                flow,
                f"The condition of {describe(flow)} is not a valid Python expression "
                f"({parsed.msg}): {text}. {_syntax_hint(text)}",
            )


def _syntax_hint(text: str) -> str:
    if text.startswith(("${", "#{")):
        return (
            "Conditions are Python, not Java EL: drop the ${ } and use Python operators "
            "(not, and, or, ==)."
        )
    return "Write it in Python, e.g. fee_paid == True and documents_complete."


_OTHER_LANGUAGE_WORDS = {"true": "True", "false": "False", "null": "None", "nil": "None"}


def _undefined_hint(name: str) -> str:
    if name in _OTHER_LANGUAGE_WORDS:
        return f"In Python this is written {_OTHER_LANGUAGE_WORDS[name]}."
    return f"Add a field '{name}' to the form of a task before it, or correct the spelling."


def undefined_variable(diagram: Diagram) -> Iterator[Hit]:
    known = defined_variables(diagram) | _BUILTINS
    for flow, text in _conditions(diagram):
        parsed = _parse_condition(text) if text else None
        if not isinstance(parsed, ast.Expression):
            continue
        for name in condition_names(parsed):
            if name not in known:
                yield hit(
                    flow,
                    f"The condition of {describe(flow)} uses the variable '{name}', but no "
                    f"form, script or data object defines it. {_undefined_hint(name)}",
                )


DATA_RULES = (
    Rule(
        "motcua/form-schema",
        Severity.ERROR,
        "A user task's formJsonSchema is a JSON object with an object of properties.",
        form_schema,
    ),
    Rule(
        "motcua/condition-syntax",
        Severity.ERROR,
        "A sequence flow's condition is a non-empty, valid Python expression.",
        condition_syntax,
    ),
    Rule(
        "motcua/undefined-variable",
        Severity.ERROR,
        "Every variable a condition reads is defined by a form, a script or a data object.",
        undefined_variable,
    ),
)
