"""Which attributes a script may read, per type: an allowlist, not a denylist.

RestrictedPython's ``safer_getattr`` refuses names starting with ``_``, ``str.format``
and the frame attributes; everything else on every object is reachable. That leaves
``str.mro()``, ``dict.fromkeys(range(10**12))``, ``'x'.ljust(10**10)`` and whatever a
future Python adds. Scripts here only ever see task data (JSON values), dates and the
helpers of :mod:`engine.scripting.library`, so attribute access is allowed per exact type
from the tables below and refused for every other type (functions, methods, iterators,
types other than ``date``/``datetime``). A denylist is still checked first, so that the
classic escapes are refused with a message that names them.

Methods that can allocate without bound (``join``, ``replace``, ``ljust``, ``extend``,
``strftime``, ...) are handed out wrapped: the wrapper estimates the result's size first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sized
from datetime import date, datetime, timedelta
from typing import Any

from RestrictedPython.transformer import INSPECT_ATTRIBUTES

from engine.errors import ScriptError
from engine.scripting.limits import Budget, current_budget
from engine.scripting.sizes import check_weight, items

__all__ = ["DENIED", "Refused", "check_format_spec", "guarded_getattr"]

DENIED: frozenset[str] = INSPECT_ATTRIBUTES | frozenset({
    "f_back", "f_builtins", "f_code", "f_globals", "f_locals", "gi_frame", "gi_code",
    "cr_frame", "ag_frame", "tb_frame", "tb_next", "func_globals", "func_code",
    "func_closure", "im_func", "im_self", "mro", "format", "format_map", "vformat",
    "get_field", "get_value", "with_traceback", "subclasses",
})
"""Refused on every object, with a message naming the attribute."""

_STR = frozenset({
    "capitalize", "casefold", "center", "count", "endswith", "find", "index", "isalnum",
    "isalpha", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle",
    "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix",
    "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip",
    "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper", "zfill",
})
_LIST = frozenset({
    "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove",
    "reverse", "sort",
})
_DICT = frozenset({
    "clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update",
    "values",
})
_SET = frozenset({
    "add", "clear", "copy", "difference", "discard", "intersection", "isdisjoint",
    "issubset", "issuperset", "pop", "remove", "symmetric_difference", "union", "update",
})
_DATE = frozenset({
    "day", "isocalendar", "isoformat", "isoweekday", "month", "replace", "strftime",
    "toordinal", "weekday", "year",
})
_DATETIME = _DATE | {
    "date", "hour", "microsecond", "minute", "second", "timestamp", "utcoffset",
}

ATTRIBUTES: dict[type, frozenset[str]] = {
    str: _STR, list: _LIST, dict: _DICT, set: _SET,
    tuple: frozenset({"count", "index"}),
    int: frozenset({"bit_length"}), bool: frozenset({"bit_length"}),
    float: frozenset({"is_integer"}),
    range: frozenset({"start", "stop", "step"}),
    date: _DATE, datetime: _DATETIME,
    timedelta: frozenset({"days", "seconds", "microseconds", "total_seconds"}),
}
CLASS_ATTRIBUTES: dict[type, frozenset[str]] = {
    date: frozenset({"fromisoformat"}), datetime: frozenset({"fromisoformat"}),
}


class Refused:
    """Stands for a builtin or module scripts may not use.

    Calling it, or reading an attribute of it, raises a ScriptAccessError naming it.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: object, **kwargs: object) -> None:
        raise current_budget().refuse(self.message)

    @property
    def message(self) -> str:
        return f"{self.name!r} is not available in workflow scripts"

    def __repr__(self) -> str:
        return f"<refused builtin {self.name}>"


def _too_wide(budget: Budget, what: str, size: int) -> ScriptError:
    return budget.too_large(what, size, budget.limits.max_size, "characters")


def _join(sep: str, iterable: Iterable[Any]) -> str:
    budget = current_budget()
    parts = list(items(iterable, budget))
    size = sum(len(p) for p in parts if isinstance(p, str)) + len(sep) * max(len(parts) - 1, 0)
    if size > budget.limits.max_size:
        raise _too_wide(budget, "the joined text", size)
    budget.charge(size)
    return sep.join(parts)


def _replace(text: str, old: str, new: str, count: int = -1) -> str:
    budget = current_budget()
    found = len(text) + 1 if old == "" else text.count(old)
    if count >= 0:
        found = min(found, count)
    size = len(text) + found * (len(new) - len(old))
    if size > budget.limits.max_size:
        raise _too_wide(budget, "the replaced text", size)
    budget.charge(size)
    return text.replace(old, new, count)


def _padding(method: str) -> Callable[..., str]:
    def pad(text: str, width: int, *fill: str) -> str:
        budget = current_budget()
        if isinstance(width, int) and width > budget.limits.max_size:
            raise _too_wide(budget, f"str.{method}({width})", width)
        budget.charge(max(width, len(text)) if isinstance(width, int) else len(text))
        result: str = getattr(str, method)(text, width, *fill)
        return result
    return pad


def _extend(target: list[Any], iterable: Iterable[Any]) -> None:
    budget = current_budget()
    extra = list(items(iterable, budget))
    if len(target) + len(extra) > budget.limits.max_size:
        raise budget.too_large("the extended list", len(target) + len(extra),
                               budget.limits.max_size, "items")
    budget.charge(len(extra))
    target.extend(extra)


def _consuming(kind: type, method: str) -> Callable[..., Any]:
    """A method whose arguments are iterables it consumes in C: draw them safely."""
    def call(target: Any, *others: Any, **named: Any) -> Any:
        budget = current_budget()
        drawn = [items(o, budget) for o in others]
        budget.charge(len(target) + sum(len(o) for o in drawn if isinstance(o, Sized)))
        return getattr(kind, method)(target, *drawn, **named)
    return call


def _charging(kind: type, method: str) -> Callable[..., Any]:
    """A method that builds a new value about the size of its target (a copy, upper())."""
    def call(target: Any, *args: Any, **named: Any) -> Any:
        current_budget().charge(len(target))
        return getattr(kind, method)(target, *args, **named)
    return call


def _scanning(kind: type, method: str) -> Callable[..., Any]:
    """A method that compares the items of its target: check how much it would touch."""
    def call(target: Any, *args: Any, **named: Any) -> Any:
        budget = current_budget()
        check_weight(target, budget, f"the {kind.__name__} to {method}")
        for arg in args:
            check_weight(arg, budget, f"the value to {method}")
        return getattr(kind, method)(target, *args, **named)
    return call


def check_format_spec(spec: str, budget: Budget) -> None:
    """Refuse widths and precisions above ``max_format_width`` (also in strftime)."""
    number = ""
    for char in spec + " ":
        if char.isdigit():
            number += char
            continue
        if number and int(number) > budget.limits.max_format_width:
            raise budget.too_large(f"the format {spec[:40]!r}", int(number),
                                   budget.limits.max_format_width, "characters wide")
        number = ""


def _strftime(moment: date, fmt: str) -> str:
    check_format_spec(fmt, current_budget())
    return moment.strftime(fmt)


_WRAPPED: dict[tuple[type, str], Callable[..., Any]] = {
    (str, "join"): _join,
    (str, "replace"): _replace,
    **{(str, name): _padding(name) for name in ("center", "ljust", "rjust", "zfill")},
    (list, "extend"): _extend,
    **{(list, name): _scanning(list, name) for name in ("count", "index", "remove", "sort")},
    **{(tuple, name): _scanning(tuple, name) for name in ("count", "index")},
    (dict, "update"): _consuming(dict, "update"),
    **{(set, name): _consuming(set, name) for name in (
        "difference", "intersection", "isdisjoint", "issubset", "issuperset",
        "symmetric_difference", "union", "update")},
    **{(kind, "copy"): _charging(kind, "copy") for kind in (list, dict, set)},
    (date, "strftime"): _strftime,
    (datetime, "strftime"): _strftime,
}


for _name in _STR:  # every other str method builds a value the size of the text
    _WRAPPED.setdefault((str, _name), _charging(str, _name))


def guarded_getattr(obj: object, name: str) -> Any:
    """``_getattr_``: the value of ``obj.name`` if scripts may read it (see module)."""
    budget = current_budget()
    if type(name) is not str:
        raise budget.refuse("attribute names must be plain text")
    if name in ("format", "format_map"):
        raise budget.refuse(
            f"{name}() is not allowed in workflow scripts: format strings can walk "
            "attributes ('{0.__class__}'); use an f-string")
    if name.startswith("_") or name in DENIED:
        raise budget.refuse(f"attribute {name!r} is not accessible in workflow scripts")
    kind = type(obj)
    if isinstance(obj, Refused):
        raise budget.refuse(obj.message)
    if isinstance(obj, type):
        allowed = CLASS_ATTRIBUTES.get(obj, frozenset())
        owner = f"the class {obj.__name__}"
    elif isinstance(obj, BaseException):
        allowed, owner = frozenset({"args"}), f"{kind.__name__} exceptions"
    else:
        allowed = ATTRIBUTES.get(kind, frozenset())
        owner = f"{kind.__name__} values"
    if name not in allowed:
        raise budget.refuse(
            f"attribute {name!r} of {owner} is not available in workflow scripts")
    wrapper = _WRAPPED.get((kind, name))
    if wrapper is not None:
        return functools.partial(wrapper, obj)
    return getattr(obj, name)
