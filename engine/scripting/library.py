"""The builtins a workflow script can call, and the ones it is told it cannot.

A curated set, not Python's: what gateway conditions and small data-shaping scripts need
(``len``, ``sum``, ``sorted``, ``int``, ``str``, ``list`` ..., dates). Every builtin that
consumes an iterable in C (``list``, ``sorted``, ``sum``, ``min`` ...) is wrapped so that
lazy inputs are drawn through the iteration budget, and every one that can build a big
value (``str`` of a nested list, ``int('1'*10**6, 2)``, ``round(5, -10**9)``) checks
the size first.

Dangerous names (``open``, ``type``, ``getattr``, ``vars`` ...) are present as
:class:`Refused` callables rather than missing: the script gets a message that names what
it tried instead of a bare ``NameError``, and task data may still use those words as
field names (data shadows builtins).

``list``, ``str``, ``int`` ... are wrapper functions here, not types; ``isinstance`` maps
them back to the real types, so ``isinstance(x, list)`` works as written.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sized
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from engine.scripting.attributes import Refused
from engine.scripting.guards import text_of
from engine.scripting.limits import current_budget
from engine.scripting.sizes import check_int, check_weight, items

__all__ = ["SAFE_BUILTINS", "Refused"]

_MISSING: Any = object()


_Built = TypeVar("_Built", bound=Sized)


def _charged(built: _Built) -> _Built:
    current_budget().charge(len(built))
    return built


def _list(iterable: Iterable[Any] = ()) -> list[Any]:
    return _charged(list(items(iterable, current_budget())))


def _tuple(iterable: Iterable[Any] = ()) -> tuple[Any, ...]:
    return _charged(tuple(items(iterable, current_budget())))


def _set(iterable: Iterable[Any] = ()) -> set[Any]:
    return _charged(set(items(iterable, current_budget())))


def _dict(source: Any = (), **named: Any) -> dict[Any, Any]:
    if isinstance(source, Mapping):
        return _charged(dict(source, **named))
    return _charged(dict(items(source, current_budget()), **named))


def _sorted(iterable: Iterable[Any], *, key: Callable[[Any], Any] | None = None,
            reverse: bool = False) -> list[Any]:
    budget = current_budget()
    source = items(iterable, budget)
    check_weight(source, budget, "the sequence to sort")
    return _charged(sorted(source, key=key, reverse=reverse))


def _sum(iterable: Iterable[Any], start: Any = 0) -> Any:
    budget = current_budget()
    if not isinstance(start, int | float):
        raise budget.refuse("sum() adds numbers only in workflow scripts; "
                            "join text with ''.join(...)")
    total = sum(items(iterable, budget), start)
    return check_int(total, budget, "the sum") if isinstance(total, int) else total


def _extreme(pick: Callable[..., Any]) -> Callable[..., Any]:
    def extreme(*args: Any, key: Callable[[Any], Any] | None = None,
                default: Any = _MISSING) -> Any:
        budget = current_budget()
        source = items(args[0], budget) if len(args) == 1 else args
        check_weight(source, budget, f"the values given to {pick.__name__}()")
        if default is _MISSING:
            return pick(source, key=key)
        return pick(source, key=key, default=default)
    extreme.__name__ = pick.__name__
    return extreme


def _any(iterable: Iterable[Any]) -> bool:
    return any(items(iterable, current_budget()))


def _all(iterable: Iterable[Any]) -> bool:
    return all(items(iterable, current_budget()))


def _str(value: object = "") -> str:
    return text_of(value, current_budget())


def _int(value: Any = 0, base: int | None = None) -> int:
    result = int(value) if base is None else int(value, base)
    return check_int(result, current_budget(), "int()")


def _round(number: Any, ndigits: int | None = None) -> Any:
    budget = current_budget()
    if ndigits is None:
        return round(number)
    if isinstance(ndigits, int) and abs(ndigits) > budget.limits.max_format_width:
        raise budget.too_large(f"round(..., {ndigits})", abs(ndigits),
                               budget.limits.max_format_width, "digits")
    return round(number, ndigits)


_TYPES: dict[object, type] = {
    _list: list, _tuple: tuple, _set: set, _dict: dict, _str: str, _int: int,
}
_ERRORS: tuple[type[Exception], ...] = (
    Exception, ArithmeticError, LookupError, KeyError, IndexError, TypeError, ValueError,
    ZeroDivisionError,
)
_PLAIN_TYPES = frozenset({
    bool, float, int, str, list, tuple, set, dict, date, datetime, timedelta, range,
    type(None), *_ERRORS,
})


def _isinstance(value: object, kinds: object) -> bool:
    wanted = kinds if isinstance(kinds, tuple) else (kinds,)
    resolved = tuple(_TYPES.get(kind, kind) for kind in wanted)
    if not all(isinstance(kind, type) and kind in _PLAIN_TYPES for kind in resolved):
        raise current_budget().refuse(
            "isinstance() takes plain types in workflow scripts (int, float, bool, str, "
            "list, dict, set, tuple, date, datetime, timedelta)")
    return isinstance(value, tuple(kind for kind in resolved if isinstance(kind, type)))


def _parse_date(text: str) -> date:
    return date.fromisoformat(text)


def _parse_datetime(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _today() -> date:
    return current_budget().clock().date()


def _now() -> datetime:
    return current_budget().clock()


_REFUSED = (
    "open", "exec", "eval", "compile", "getattr", "setattr", "delattr", "hasattr",
    "globals", "locals", "vars", "dir", "type", "super", "object", "input", "help",
    "memoryview", "bytes", "bytearray", "iter", "next", "id", "format", "repr", "callable",
    "classmethod", "staticmethod", "property", "issubclass", "map", "filter", "reversed",
    "frozenset", "pow", "divmod", "exit", "quit", "breakpoint",
    # modules people reach for; none is importable, these only give a clearer message
    "os", "sys", "builtins", "string", "subprocess", "importlib", "inspect", "operator",
)

SAFE_BUILTINS: dict[str, object] = {
    "None": None, "True": True, "False": False,
    "len": len, "abs": abs, "bool": bool, "float": float,
    "range": range, "enumerate": enumerate, "zip": zip,
    "min": _extreme(min), "max": _extreme(max), "sum": _sum, "any": _any, "all": _all,
    "sorted": _sorted, "round": _round, "isinstance": _isinstance,
    "int": _int, "str": _str, "list": _list, "tuple": _tuple, "set": _set, "dict": _dict,
    "ceil": math.ceil, "floor": math.floor,
    "date": date, "datetime": datetime, "timedelta": timedelta,
    "today": _today, "now": _now, "parse_date": _parse_date,
    "parse_datetime": _parse_datetime,
    **{error.__name__: error for error in _ERRORS},
    **{name: Refused(name) for name in _REFUSED},
}
"""Everything a script can name besides its task data; shared, never mutated."""
