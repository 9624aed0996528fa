"""Where restricted code meets task data: SpiffWorkflow's script environment, restricted.

SpiffWorkflow's ``TaskDataEnvironment`` ``eval``s an expression over the task data and
``exec``s a script *in* the task data dict, then strips functions from it. This one
compiles with :class:`~engine.scripting.policy.Compiler`, runs the code against a deep
copy of the data with the guards and the curated builtins, and writes the results back
only when the whole script succeeded and every value it left is JSON. A script that a
guard stops, or that fails, leaves the task data exactly as it was: the task can be
retried once the data (or the diagram) is fixed.

Every failure leaves here as a :class:`~engine.errors.ScriptError` carrying the source
and, when known, the line; SpiffWorkflow also calls ``environment.evaluate`` directly
(process-level conditions, message correlation), so this layer must never let another
exception type out.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Mapping, MutableMapping
from datetime import datetime, timedelta, timezone
from types import CodeType, TracebackType
from typing import Any

from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from engine.errors import ScriptError, ScriptLimitError, ScriptRuntimeError
from engine.scripting.guards import GUARDS
from engine.scripting.library import SAFE_BUILTINS
from engine.scripting.limits import Budget, Clock, ScriptLimits, running
from engine.scripting.policy import FILENAME, Compiler, Mode
from engine.scripting.results import check_returned, check_stored
from engine.scripting.services import ServiceRegistry, default_services, make_call

__all__ = ["VIETNAM", "RestrictedEnvironment", "vietnam_now"]

VIETNAM = timezone(timedelta(hours=7), "ICT")
"""Indochina Time, the province's civil time (no daylight saving)."""

_RESERVED = frozenset(GUARDS) | {"__builtins__"}


def vietnam_now() -> datetime:
    """The default clock of ``today()``/``now()`` in scripts."""
    return datetime.now(VIETNAM)


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """Evaluates expressions and runs scripts over task data inside the sandbox.

    `functions` adds trusted host helpers to the builtins scripts see (they run
    unguarded; they must take and return plain values). `clock` is what ``today()`` and
    ``now()`` read.
    """

    def __init__(self, limits: ScriptLimits | None = None, *,
                 services: ServiceRegistry | None = None, clock: Clock | None = None,
                 functions: Mapping[str, Callable[..., Any]] | None = None) -> None:
        super().__init__({})
        self.limits = limits or ScriptLimits()
        self.services = services if services is not None else default_services()
        self.clock: Clock = clock or vietnam_now
        self.compiler = Compiler(self.limits)
        self._builtins: dict[str, object] = {**SAFE_BUILTINS, **(functions or {})}

    def check(self, source: str, mode: Mode = "eval") -> None:
        """Compile `source` without running it; raises ScriptRefusedError if refused."""
        self.compiler.compile(source, mode)

    def evaluate(self, expression: str, context: Mapping[str, Any],
                 external_context: Mapping[str, Any] | None = None) -> Any:
        """The value of `expression` over the task data `context` (left unchanged)."""
        code = self.compiler.compile(expression, "eval")
        namespace = self._namespace(context, external_context)
        value = self._run(code, namespace, expression)
        try:
            check_returned(value, self.limits)
        except ScriptError as err:
            raise _located(err, expression, None) from None
        return value

    def execute(self, script: str, context: MutableMapping[str, Any],
                external_context: Mapping[str, Any] | None = None) -> bool:
        """Run `script`; on success its variables replace the task data `context`."""
        code = self.compiler.compile(script, "exec")
        external = external_context or {}
        namespace = self._namespace(context, external)
        self._run(code, namespace, script)
        results = {key: value for key, value in namespace.items()
                   if key not in _RESERVED and key not in external}
        try:
            for key, value in results.items():
                check_stored(key, value, self.limits)
        except ScriptError as err:
            raise _located(err, script, None) from None
        for key in [k for k in context if k not in results and k not in _RESERVED]:
            del context[key]
        context.update(results)
        return True

    def call_service(self, context: Mapping[str, Any], operation_name: str = "",
                     operation_params: Mapping[str, Any] | None = None,
                     task_name: str | None = None, **_: Any) -> str:
        """Dispatch a service task to the registry; returns the operator's JSON answer."""
        call = make_call(operation_name, operation_params, context, task_name)
        return self.services.call(call)

    def _namespace(self, context: Mapping[str, Any],
                   external: Mapping[str, Any] | None) -> dict[str, Any]:
        try:
            namespace = {**copy.deepcopy(dict(external or {})), **copy.deepcopy(dict(context))}
        except RecursionError:
            raise ScriptLimitError("the task data is nested too deeply to evaluate") from None
        namespace.update(GUARDS)
        namespace["__builtins__"] = self._builtins
        return namespace

    def _run(self, code: CodeType, namespace: dict[str, Any], source: str) -> Any:
        """Run `code`; every way it can fail becomes a located ScriptError."""
        with running(self.limits, self.clock) as budget:
            try:
                value = eval(code, namespace)  # compiled by the restricted policy
            except ScriptError as err:
                raise _located(budget.tripped or err, source, _line(sys.exc_info()[2])) from None
            except MemoryError:
                raise _located(_stopped(budget, "ran out of memory"), source, None) from None
            except RecursionError:
                raise _located(_stopped(budget, "nested too deeply"), source, None) from None
            except Exception as err:
                line = _line(sys.exc_info()[2])
                error = budget.tripped or ScriptRuntimeError(f"{type(err).__name__}: {err}")
                raise _located(error, source, line) from err
            if budget.tripped is not None:  # a guard error the script caught
                raise _located(budget.tripped, source, None)
        return value


def _stopped(budget: Budget, what: str) -> ScriptError:
    return budget.tripped or ScriptLimitError(f"script stopped: {what}")


def _line(trace: TracebackType | None) -> int | None:
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == FILENAME:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _located(error: ScriptError, source: str, line: int | None) -> ScriptError:
    if error.source is None:
        error.source = source
    if error.line is None and line is not None and "\n" in source.strip():
        error.line = line
    return error
