"""Exceptions of the working calendar and the statutory clock.

Their branch of the MotCua tree (the root is :mod:`bpmn.errors`; the engine's other
branches are in :mod:`engine.errors`, whose base this module imports)::

    MotcuaError
    └── CalendarError       a date is outside the calendar, office hours are malformed,
        │                   overrides contradict themselves
        └── DeadlineError   a due date cannot be computed (bad time or unit), or a
                            pause, resumption or extension is not allowed now

``DeadlineError`` is a ``CalendarError`` so that a caller computing due dates can catch
one class. Messages name the offending value and say what to do.
"""

from __future__ import annotations

from engine.errors import MotcuaError

__all__ = ["CalendarError", "DeadlineError"]


class CalendarError(MotcuaError):
    """The calendar cannot answer: bad input data or a date outside its years."""


class DeadlineError(CalendarError):
    """A statutory time, or an action on the statutory clock, is not valid."""
