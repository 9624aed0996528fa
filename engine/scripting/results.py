"""What a script may hand back: JSON into task data, plain values out of expressions.

Task data is serialised with the workflow, sent to officers' forms and stored in the
database, so a script may only store JSON values (text, numbers, true/false, null, lists
and objects with text keys). SpiffWorkflow's own environment silently drops functions
from the results and keeps anything else; here a function, a module, a date, a tuple or
a set in the results is refused with the name of the variable that holds it, so a
mistake surfaces when the script runs and not later in a serializer or a form. Sizes and
nesting are bounded too: a result that passes here can be copied and serialised safely.

Expression values (gateway conditions, timer durations, service parameters) go back to
SpiffWorkflow rather than into task data, so dates and tuples are fine there, but
callables, types and iterators are not: they would carry the sandbox's objects (and lazy
work that no budget would count any more) out of the evaluation.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

from engine.errors import ScriptResultError
from engine.scripting.limits import ScriptLimits
from engine.scripting.sizes import weight

__all__ = ["MAX_DEPTH", "check_returned", "check_stored"]

MAX_DEPTH = 64
"""Deepest nesting kept: copying and serialising recurse once per level."""

_JSON_SCALARS = (str, int, bool, type(None))
_JSON_FLAT = frozenset(_JSON_SCALARS)
"""Members that need no further look: no float (NaN), no container."""
_PLAIN_SCALARS = (*_JSON_SCALARS, float, date, datetime, time, timedelta)
_PLAIN_FLAT = frozenset(_PLAIN_SCALARS)
_HINTS: dict[type, str] = {
    date: "store value.isoformat() instead",
    datetime: "store value.isoformat() instead",
    timedelta: "store value.total_seconds() or value.days instead",
    tuple: "use a list",
    set: "use a list",
    frozenset: "use a list",
}


def _describe(value: object) -> str:
    hint = _HINTS.get(type(value))
    if hint is None and callable(value):
        hint = "functions and types cannot be stored"
    return f"a {type(value).__name__}" + (f" ({hint})" if hint else "")


def check_stored(name: str, value: Any, limits: ScriptLimits) -> None:
    """Raise ScriptResultError unless `value` may be stored in task data as `name`.

    The size is checked first (bounded, fast), then the types, skipping flat runs of
    JSON scalars at C speed; the path of an offending value is only spelled out when one
    is found.
    """
    _check_weight(f"task data {name!r}", value, limits)
    stack: list[tuple[str, list[Any] | dict[str, Any], int]] = []
    _check_json_member(name, value, stack, 0)
    while stack:
        path, container, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ScriptResultError(f"task data {path!r} is nested deeper than {MAX_DEPTH} levels")
        if type(container) is dict:
            for key in container:
                if type(key) is not str:
                    raise ScriptResultError(
                        f"task data {path!r} has the key {key!r}: object keys must be text")
            members: Any = container.values()
            labels: Any = (repr(key) for key in container)
        else:
            members, labels = container, (str(index) for index in range(len(container)))
        kinds = set(map(type, members))
        if kinds <= _JSON_FLAT:
            continue
        for label, member in zip(labels, members, strict=True):
            _check_json_member(f"{path}[{label}]", member, stack, depth + 1)


def _check_json_member(path: str, member: Any, stack: list[Any], depth: int) -> None:
    kind = type(member)
    if kind is list or kind is dict:
        stack.append((path, member, depth))
    elif kind is float:
        if not math.isfinite(member):
            raise ScriptResultError(f"task data {path!r} is {member!r}, which JSON cannot hold")
    elif kind not in _JSON_SCALARS:
        raise ScriptResultError(
            f"task data {path!r} would hold {_describe(member)}; only JSON values "
            "(text, numbers, true/false, null, lists, objects) can be stored")


def check_returned(value: Any, limits: ScriptLimits) -> None:
    """Raise ScriptResultError unless an expression's `value` is plain data."""
    _check_weight("the value", value, limits)
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ScriptResultError(f"the value is nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, list | tuple | set | frozenset | dict):
            members = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            if not set(map(type, members)) <= _PLAIN_FLAT:
                stack.extend((v, depth + 1) for v in members)
        elif not isinstance(item, _PLAIN_SCALARS):
            raise ScriptResultError(
                f"an expression may not return {_describe(item)}; only plain values "
                "(text, numbers, dates, lists, dicts)")


def _check_weight(what: str, value: Any, limits: ScriptLimits) -> None:
    size = weight(value, limits.max_size)
    if size > limits.max_size:
        raise ScriptResultError(
            f"result too large: {what} holds more than {limits.max_size} items or characters")
