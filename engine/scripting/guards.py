"""The run-time half of the sandbox: the functions the rewritten code calls.

:class:`~engine.scripting.policy.MotcuaPolicy` turns ``a.b`` into ``_getattr_(a, "b")``,
``for x in y`` into ``for x in _getiter_(y)``, ``a ** b`` into ``_binop_("**", a, b)`` and
so on; :data:`GUARDS` maps those names to the functions below. Each one finds the budget
of the evaluation in progress (:func:`~engine.scripting.limits.current_budget`), so the
same functions serve every thread and a guard called outside an evaluation refuses.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from engine.scripting.attributes import check_format_spec, guarded_getattr
from engine.scripting.limits import Budget, current_budget
from engine.scripting.sizes import (
    SIZED,
    check_weight,
    counted,
    estimate_binop,
    items,
    weight,
)

__all__ = ["GUARDS", "text_of"]

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "**": operator.pow, "*": operator.mul, "<<": operator.lshift, "+": operator.add,
    "%": operator.mod, "|": operator.or_, "&": operator.and_, "^": operator.xor,
    "-": operator.sub,
}
_INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow,
    "<<=": operator.ilshift, ">>=": operator.irshift, "&=": operator.iand,
    "|=": operator.ior, "^=": operator.ixor, "@=": operator.imatmul,
}
_CONVERSIONS: dict[int, Callable[[object], str]] = {ord("s"): str, ord("r"): repr, ord("a"): ascii}


def text_of(value: object, budget: Budget, convert: Callable[[object], str] = str) -> str:
    """``str(value)`` (or repr/ascii) once its size is known to be bounded."""
    if type(value) is str and convert is str:
        return value
    limit = budget.limits.max_size
    size = weight(value, limit, budget)
    if size > limit:
        raise budget.too_large(f"the text of a {type(value).__name__}", size, limit, "items")
    text = convert(value)
    budget.charge(len(text))
    return text


def _binop(op: str, left: Any, right: Any) -> Any:
    budget = current_budget()
    budget.check()
    estimate_binop(op, left, right, budget)
    return _BINARY[op](left, right)


def _inplacevar(op: str, target: Any, value: Any) -> Any:
    budget = current_budget()
    budget.check()
    if op[:-1] in _BINARY:
        estimate_binop(op[:-1], target, value, budget)
    return _INPLACE[op](target, value)


def _getiter(iterable: Iterable[Any]) -> Iterator[Any]:
    return counted(iterable, current_budget())


def _getitem(container: Any, key: Any) -> Any:
    if isinstance(container, dict | list | tuple | str | range):
        value = container[key]
        if type(key) is slice and isinstance(value, Sized):
            current_budget().charge(len(value))
        return value
    raise current_budget().refuse(
        f"indexing {type(container).__name__} values is not available in workflow scripts")


class _ListWriter:
    """What ``x[...] = value`` writes through for a list: slice assignment consumes
    `value` in C (``x[:] = range(10**12)``), so it is drawn and sized first."""

    __slots__ = ("_target",)

    def __init__(self, target: list[Any]) -> None:
        self._target = target

    def __setitem__(self, key: Any, value: Any) -> None:
        if type(key) is slice:
            budget = current_budget()
            value = list(items(value, budget))
            size = len(self._target) + len(value)
            if size > budget.limits.max_size:
                raise budget.too_large("the list", size, budget.limits.max_size, "items")
            budget.charge(len(value))
        self._target[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._target[key]


def _write(target: Any) -> Any:
    if type(target) is list:
        return _ListWriter(target)
    if type(target) is dict:
        return target
    raise current_budget().refuse(
        f"{type(target).__name__} values cannot be changed in workflow scripts "
        "(only lists and dicts can be changed in place)")


def _unpack_sequence(value: Any, spec: dict[str, Any], _getiter_: object = None) -> list[Any]:
    """``a, (b, c) = value``: materialise safely, then unpack the nested targets."""
    budget = current_budget()
    unpacked = list(items(value, budget))
    budget.charge(len(unpacked))
    if len(unpacked) >= spec["min_len"]:
        for index, child in spec["childs"]:
            unpacked[index] = _unpack_sequence(unpacked[index], child)
    return unpacked


def _iter_unpack_sequence(iterable: Iterable[Any], spec: dict[str, Any],
                          _getiter_: object = None) -> Iterator[list[Any]]:
    """``for a, b in iterable``: one tick per iteration, not per unpacked element."""
    for value in counted(iterable, current_budget()):
        yield _unpack_sequence(value, spec)


class _Members:
    """The right operand of ``in`` when CPython would scan it in C without a guard."""

    __slots__ = ("_budget", "_source")

    def __init__(self, source: Iterable[Any], budget: Budget) -> None:
        self._source, self._budget = source, budget

    def __contains__(self, item: object) -> bool:
        if isinstance(self._source, range):
            if type(item) is float and item.is_integer():
                item = int(item)
            return type(item) in (int, bool) and item in self._source
        return any(c is item or c == item for c in counted(self._source, self._budget))


def _container(source: Any) -> Any:
    if isinstance(source, SIZED):
        if isinstance(source, list | tuple):  # compared item by item (sets and dicts hash)
            check_weight(source, current_budget(), "the searched container")
        return source
    return _Members(source, current_budget())


def _compared(value: Any) -> Any:
    check_weight(value, current_budget(), "the compared value")
    return value


def _format(value: object, conversion: int, spec: str) -> str:
    """One ``{value!conversion:spec}`` of an f-string, with its size checked first."""
    budget = current_budget()
    if conversion in _CONVERSIONS:
        value = text_of(value, budget, _CONVERSIONS[conversion])
    if spec == "":
        return text_of(value, budget)
    check_format_spec(spec, budget)
    if not isinstance(value, str | int | float):
        value = value if not isinstance(value, SIZED) else text_of(value, budget)
    return format(value, spec)


def _fstring(*parts: str) -> str:
    budget = current_budget()
    size = sum(len(part) for part in parts)
    if size > budget.limits.max_size:
        raise budget.too_large("the f-string", size, budget.limits.max_size, "characters")
    budget.charge(size)
    return "".join(parts)


def _spread(mapping: Any) -> Any:
    """``{**mapping}`` and ``f(**mapping)`` copy the mapping: charge it."""
    if isinstance(mapping, Sized):
        current_budget().charge(len(mapping))
    return mapping


def _apply(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return function(*args, **kwargs)


def _tick() -> None:
    current_budget().tick()


def _check() -> None:
    current_budget().check()


GUARDS: dict[str, object] = {
    "_getattr_": guarded_getattr,
    "_getitem_": _getitem,
    "_getiter_": _getiter,
    "_write_": _write,
    "_inplacevar_": _inplacevar,
    "_unpack_sequence_": _unpack_sequence,
    "_iter_unpack_sequence_": _iter_unpack_sequence,
    "_apply_": _apply,
    "_spread_": _spread,
    "_binop_": _binop,
    "_tick_": _tick,
    "_check_": _check,
    "_container_": _container,
    "_compared_": _compared,
    "_format_": _format,
    "_fstring_": _fstring,
}
"""The names the rewritten code calls, all starting with ``_`` (unreachable from source)."""
