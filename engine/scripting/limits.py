"""Resource limits of one evaluation, and the budget that enforces them.

Why hand-written guards: RestrictedPython decides *what* code may touch, not *how much*
CPU or memory it may use. ``9**9**9`` or ``while True: pass`` is perfectly "restricted".
Signals (``SIGALRM``) only work in the main thread and threads cannot be killed, while a
script may run in an rq worker or a Flask request thread; so the policy rewrites the
program to call back into a :class:`Budget` at every loop iteration and before every
operation that can allocate a lot, and the budget refuses to go on when a limit is hit:
too many iterations, past the deadline, one value too large, or too much built in total
(a loop that copies a large list over and over stays under every other limit).

The budget of the evaluation in progress is held in a :class:`~contextvars.ContextVar`,
so one environment serves any number of threads, and a guard called outside an
evaluation (a leaked callable) refuses to run.

A tripped budget is sticky: once a guard has stopped the script every later guard call
raises the same error again, and the environment raises it at the end even if the script
caught it with ``try/except``. Nothing the script computed is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from engine.errors import ScriptAccessError, ScriptError, ScriptLimitError

__all__ = ["Budget", "Clock", "ScriptLimits", "current_budget", "running"]

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ScriptLimits:
    """What one evaluation (an expression or a whole script) may use.

    The defaults are far above anything a procedure's gateway conditions or scripts need
    and far below what hurts a worker: a million items is ~8 MB of list, 10,000 bits is a
    3,000-digit number.
    """

    max_iterations: int = 100_000
    """Loop iterations and items drawn from iterators, summed over the evaluation."""
    max_seconds: float = 1.0
    """Wall-clock time, checked at every iteration and before every guarded operation."""
    max_int_bits: int = 10_000
    """Largest integer an arithmetic operation may produce."""
    max_size: int = 1_000_000
    """Largest string (characters) or collection (items, counted through nesting)."""
    max_allocated: int = 4_000_000
    """Items and characters built by copying operations, summed over the evaluation, so
    that a loop cannot build a 1,000,000-item list thousands of times within its time."""
    max_format_width: int = 1_000
    """Largest number allowed in a format spec (``f"{x:>1000}"``, ``strftime``)."""
    max_source_chars: int = 20_000
    """Longest expression or script accepted."""
    cache_size: int = 1_024
    """Compiled sources kept (least recently used dropped first)."""


class Budget:
    """Counts what one evaluation has used and stops it at its limits."""

    __slots__ = ("_allocated", "_deadline", "_iterations", "clock", "limits", "tripped")

    def __init__(self, limits: ScriptLimits, clock: Clock) -> None:
        self.limits = limits
        self.clock = clock  # what today() and now() read: passed in, so tests can fix it
        self._iterations = 0
        self._allocated = 0
        self._deadline = time.monotonic() + limits.max_seconds
        self.tripped: ScriptError | None = None

    def trip(self, error: ScriptError) -> ScriptError:
        """Record the first guard error (sticky) and return the one to raise."""
        if self.tripped is None:
            self.tripped = error
        return self.tripped

    def check(self) -> None:
        """Re-raise a guard error the script caught, and enforce the deadline."""
        if self.tripped is not None:
            raise self.tripped
        if time.monotonic() > self._deadline:
            raise self.trip(ScriptLimitError(
                f"script stopped: exceeded the time limit of {self.limits.max_seconds:g} s"))

    def tick(self, count: int = 1) -> None:
        """One more loop iteration (or item drawn from an iterator)."""
        self._iterations += count
        if self._iterations > self.limits.max_iterations:
            raise self.trip(ScriptLimitError(
                f"script stopped: exceeded {self.limits.max_iterations} loop iterations"))
        self.check()

    def charge(self, size: int) -> None:
        """`size` more items or characters built (a copy, a concatenation, a text)."""
        self._allocated += size
        if self._allocated > self.limits.max_allocated:
            raise self.trip(ScriptLimitError(
                f"script stopped: built more than {self.limits.max_allocated} items or "
                "characters in total"))

    def too_large(self, what: str, size: int, limit: int, unit: str) -> ScriptError:
        """A size guard refused an operation; returns the (sticky) error to raise."""
        return self.trip(ScriptLimitError(
            f"script stopped: result too large ({what} would need ~{size} {unit}; "
            f"the limit is {limit})"))

    def refuse(self, message: str) -> ScriptError:
        """A forbidden operation: sticky like the limits, so it cannot be caught."""
        return self.trip(ScriptAccessError(message))


_CURRENT: ContextVar[Budget | None] = ContextVar("motcua_script_budget", default=None)


def current_budget() -> Budget:
    """The budget of the evaluation in progress; refuses when none is."""
    budget = _CURRENT.get()
    if budget is None:
        raise ScriptAccessError("a script helper was called outside a script evaluation")
    return budget


@contextmanager
def running(limits: ScriptLimits, clock: Clock) -> Iterator[Budget]:
    """Start an evaluation's budget (nested evaluations get their own)."""
    budget = Budget(limits, clock)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)
