"""Exceptions of the dossier engine.

The engine's branch of the shared tree (the root lives in :mod:`bpmn.errors`)::

    MotcuaError                     root: everything the product raises on purpose
    ├── ScriptError                 an expression or script of a diagram was refused or failed
    │   ├── ScriptRefusedError      refused before it ran: a construct or name the policy
    │   │                           forbids (imports, dunders, lambda, class, exec, ...)
    │   ├── ScriptAccessError       refused while running: an attribute, builtin or
    │   │                           operation scripts may not use (str.format, type(), ...)
    │   ├── ScriptLimitError        a resource guard stopped it (loop iterations, time,
    │   │                           size of a number, string or list, total built)
    │   ├── ScriptRuntimeError      the script itself raised (KeyError, NameError, ...)
    │   ├── ScriptResultError       what it produced cannot be stored in task data
    │   │                           (not JSON, or too large)
    │   └── ServiceError            a service task's operator failed
    │       └── UnknownServiceError no operator is registered under that name
    └── CalendarError               (engine.calendar) a date or office-hours setting is invalid
        └── DeadlineError           a deadline action is not allowed (second extension, too late)

SpiffWorkflow wraps whatever a script engine raises in its own ``WorkflowTaskException``;
the restricted engine chains the ``ScriptError`` as ``__cause__``, and
:func:`engine.scripting.script_error_of` digs it out for the API's error handler.
Messages name what was refused or exceeded and, where it helps, what to write instead.
"""

from __future__ import annotations

from bpmn.errors import MotcuaError

__all__ = [
    "MotcuaError",
    "ScriptAccessError",
    "ScriptError",
    "ScriptLimitError",
    "ScriptRefusedError",
    "ScriptResultError",
    "ScriptRuntimeError",
    "ServiceError",
    "UnknownServiceError",
]


class ScriptError(MotcuaError):
    """An expression or script of a diagram was refused or failed.

    `source` is the expression or script text (None when not known, e.g. in a service
    operator) and `line` the 1-based line it failed on, when known.
    """

    def __init__(self, message: str, *, source: str | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        if self.source is None:
            return self.message
        snippet = self.source if len(self.source) <= 120 else self.source[:117] + "..."
        where = f" (line {self.line})" if self.line else ""
        return f"{self.message}{where} in {snippet!r}"


class ScriptRefusedError(ScriptError):
    """The policy refused the source before it ran."""


class ScriptAccessError(ScriptError):
    """The script reached for an attribute, builtin or operation scripts may not use."""


class ScriptLimitError(ScriptError):
    """A resource guard stopped the script (iterations, wall-clock time or size)."""


class ScriptRuntimeError(ScriptError):
    """The script raised an ordinary Python error of its own."""


class ScriptResultError(ScriptError):
    """The script produced a value that cannot be kept in task data."""


class ServiceError(ScriptError):
    """A service task's operator failed."""


class UnknownServiceError(ServiceError):
    """No operator is registered under the requested name."""
