"""Estimating and bounding what an operation will allocate, before it runs.

Memory is the one resource a time check cannot protect: ``'a' * 10**10`` is a single C
call that allocates 10 GB before any guard could look at the clock. So every operation
that can grow a value is asked, beforehand, how big its result would be: integers by bit
length, strings by characters, collections by items *through nesting* (``[[0]*10**6] *
10**6`` is a million references to one list, but printing or comparing it touches 10^12
items). Lazy iterables (generators, ``zip``, ``range``) are drawn through
:func:`counted`, which charges every item to the evaluation's iteration budget.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sized
from types import GeneratorType
from typing import Any

from engine.scripting.limits import Budget

__all__ = [
    "SIZED",
    "check_int",
    "check_weight",
    "counted",
    "estimate_binop",
    "items",
    "range_length",
    "weight",
]

SIZED: tuple[type, ...] = (
    str, list, tuple, dict, set, frozenset,
    type({}.keys()), type({}.values()), type({}.items()),
)
"""Containers whose size is known and already paid for: iterating them in C is bounded."""

_NESTED = frozenset({list, tuple, set, frozenset})
_NOT_FLAT = _NESTED | {str, bytes, dict, int}
_INT_ONLY = frozenset({int})
_WIDE = 64
_SEQUENCES = (str, bytes, list, tuple)
_SET_LIKE: tuple[type, ...] = (set, frozenset, dict, type({}.keys()), type({}.items()))
_INT_GROWTH = frozenset({"**", "*", "<<"})


def weight(value: object, limit: int, budget: Budget | None = None) -> int:
    """Items in `value`, counted through nesting; stops past `limit`.

    Strings count by length and integers wider than 64 bits by their digits (a million
    references to one 3,000-digit number print as 3 GB), anything else as one. A list
    of a million small numbers weighs 1,000,000; a list of two such lists 2,000,002.

    Shared references count every time they are reached, because that is what printing,
    comparing or serialising them costs. The walk is iterative (no recursion limit),
    skips over flat runs of small numbers at C speed, and gives up as soon as the count
    passes `limit`, so it never costs much more than `limit` steps.
    """
    stack: list[Iterable[Any]]
    if isinstance(value, dict):
        stack = [value.keys(), value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        stack = [value]
    else:
        return _scalar_weight(value)
    total = steps = 0
    while stack:
        total += _members_weight(stack.pop(), stack)
        steps += 1
        if total > limit:
            return total
        if budget is not None and steps % 1024 == 0:
            budget.check()
    return total


def _members_weight(members: Iterable[Any], stack: list[Iterable[Any]]) -> int:
    """Weight of one container's members, pushing nested containers onto `stack`."""
    kinds = set(map(type, members))
    total = len(members) if isinstance(members, Sized) else 0
    if kinds == _INT_ONLY:
        if max(map(int.bit_length, members), default=0) > _WIDE:
            total += sum(_scalar_weight(m) - 1 for m in members)
    elif not kinds.isdisjoint(_NOT_FLAT):
        for member in members:
            kind = type(member)
            if kind is dict:
                stack.append(member.keys())
                stack.append(member.values())
            elif kind in _NESTED:
                stack.append(member)
            else:
                total += _scalar_weight(member) - 1
    return total


def _scalar_weight(value: object) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if type(value) is int and value.bit_length() > _WIDE:
        return value.bit_length() // 3  # decimal digits, slightly over
    return 1


def check_weight(value: object, budget: Budget, what: str) -> None:
    """Refuse to go on with a container that is too large to compare, sort or print."""
    if isinstance(value, list | tuple | dict | set | frozenset):
        size = weight(value, budget.limits.max_size, budget)
        if size > budget.limits.max_size:
            raise budget.too_large(what, size, budget.limits.max_size, "items")


def check_int(value: int, budget: Budget, what: str) -> int:
    bits = value.bit_length()
    if bits > budget.limits.max_int_bits:
        raise budget.too_large(what, bits, budget.limits.max_int_bits, "bits")
    return value


def estimate_binop(op: str, left: Any, right: Any, budget: Budget) -> None:
    """Raise the budget's size error if `left op right` would be too large."""
    limits = budget.limits
    if op == "%" and isinstance(left, str):
        raise budget.refuse("printf-style '%' formatting of text is not allowed in workflow "
                            "scripts: use an f-string")
    if isinstance(left, int) and isinstance(right, int):
        if op in _INT_GROWTH:  # + - | & ^ % add a bit at most: operands are bounded already
            bits = _int_bits(op, left, right)
            if bits > limits.max_int_bits:
                raise budget.too_large(f"{op} on integers", bits, limits.max_int_bits, "bits")
        return
    if op == "*":
        seq, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(seq, _SEQUENCES) and isinstance(count, int) and count > 0:
            per_copy = weight(seq, limits.max_size // count + 1, budget)
            if per_copy * count > limits.max_size:
                raise budget.too_large("the repeated sequence", per_copy * count,
                                       limits.max_size, "items")
            budget.charge(len(seq) * count)
    elif op in "|&^-" and (isinstance(left, _SET_LIKE) or isinstance(right, _SET_LIKE)):
        size = sum(len(side) for side in (left, right) if isinstance(side, Sized))
        if op == "|" and size > limits.max_size:
            raise budget.too_large("the union", size, limits.max_size, "items")
        budget.charge(size)
    elif op == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        size = len(left) + len(right)
        if size > limits.max_size:
            raise budget.too_large("the concatenation", size, limits.max_size, "items")
        budget.charge(size)


def _int_bits(op: str, left: int, right: int) -> int:
    """Bits the integer result of `left op right` needs (an upper estimate)."""
    if op == "**":
        if right <= 0 or abs(left) <= 1:
            return 1
        return int(math.log2(abs(left)) * right) + 1
    if op == "*":
        return left.bit_length() + right.bit_length()
    return left.bit_length() + right if left and right > 0 else left.bit_length()  # <<


def range_length(span: range) -> int:
    """len() of a range, also when it does not fit in a C ssize_t (len() raises then)."""
    return max(0, (span.stop - span.start + span.step - (1 if span.step > 0 else -1))
               // span.step)


def counted(iterable: Iterable[Any], budget: Budget) -> Iterator[Any]:
    """Iterates `iterable`, charging every item to the budget's iteration limit.

    A generator passes as it is: scripts can only make generators from generator
    expressions, whose own loop already draws through this function, so wrapping it
    again would charge every item twice.
    """
    if isinstance(iterable, GeneratorType):
        return iterable
    return _counting(iter(iterable), budget)


def _counting(iterator: Iterator[Any], budget: Budget) -> Iterator[Any]:
    for item in iterator:
        budget.tick()
        yield item


def items(iterable: Iterable[Any], budget: Budget) -> Iterable[Any]:
    """`iterable` made safe for a builtin that consumes it in C (list(), sorted(), ...).

    Containers of known size pass as they are (their cost is already bounded), and so do
    generators (see :func:`counted`); a range is allowed when it is no larger than
    ``max_size``; anything else lazy is drawn through :func:`counted`.
    """
    if isinstance(iterable, (*SIZED, GeneratorType)):
        return iterable
    if isinstance(iterable, range):
        size = range_length(iterable)
        if size > budget.limits.max_size:
            raise budget.too_large("the range", size, budget.limits.max_size, "items")
        return iterable
    return counted(iterable, budget)
