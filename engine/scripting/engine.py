"""The script engine every dossier's workflow runs with.

SpiffWorkflow calls its workflow's ``script_engine`` for every gateway condition, timer
expression, script task, pre/post script and service-task parameter, and its
``call_service`` for service tasks. :class:`RestrictedScriptEngine` keeps SpiffWorkflow's
interface and error type (``WorkflowTaskException``, which carries the task and its trace)
but runs everything through :class:`~engine.scripting.environment.RestrictedEnvironment`.

Recovering the reason: the ``WorkflowTaskException`` raised here has the
:class:`~engine.errors.ScriptError` as its ``__cause__``; :func:`script_error_of` finds it
anywhere in an exception's cause/context chain (SpiffWorkflow sometimes re-raises), which
is what the API's error handler calls to answer with the script's own message.

When a script task is stopped SpiffWorkflow puts the task in ``ERROR`` and the task data
is untouched (the environment writes results back only on success). The workflow can be
saved like that; to retry, fix ``task.data`` (or the diagram), call ``task.run()`` on the
``ERROR`` task and then ``workflow.do_engine_steps()``. (``reset_from_task_id`` also works
but re-copies the data from the parent task, undoing a fix made on the task itself.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

from engine.errors import ScriptError
from engine.scripting.environment import RestrictedEnvironment
from engine.scripting.limits import Clock, ScriptLimits
from engine.scripting.services import ServiceRegistry

__all__ = ["RestrictedScriptEngine", "script_error_of"]


class RestrictedScriptEngine(PythonScriptEngine):  # type: ignore[misc]
    """SpiffWorkflow's ``PythonScriptEngine`` with every evaluation sandboxed and bounded.

    One engine may be shared by every workflow and thread of a process: it holds only
    the compile cache and configuration; each evaluation brings its own budget.
    """

    environment: RestrictedEnvironment

    def __init__(self, environment: RestrictedEnvironment | None = None, *,
                 limits: ScriptLimits | None = None,
                 services: ServiceRegistry | None = None,
                 clock: Clock | None = None) -> None:
        if environment is not None and (limits or services or clock):
            raise ValueError("pass either an environment or its settings, not both")
        super().__init__(environment or RestrictedEnvironment(limits, services=services,
                                                              clock=clock))

    def validate(self, expression: str) -> None:
        """Refuse what the sandbox would refuse (SpiffWorkflow only ``ast.parse``s)."""
        self.environment.check(expression, "eval")

    def evaluate(self, task: Any, expression: str,
                 external_context: Mapping[str, Any] | None = None) -> Any:
        try:
            return self.environment.evaluate(expression, task.data, external_context)
        except ScriptError as err:
            raise _task_error(task, f"Error evaluating expression {expression!r}", err) from err

    def execute(self, task: Any, script: str,
                external_context: Mapping[str, Any] | None = None) -> bool:
        try:
            return self.environment.execute(script, task.data, external_context)
        except ScriptError as err:
            raise _task_error(task, "Error running script", err) from err

    def call_service(self, task: Any, operation_name: str = "",
                     operation_params: Mapping[str, Any] | None = None, **kwargs: Any) -> str:
        try:
            return self.environment.call_service(
                task.data, operation_name=operation_name, operation_params=operation_params,
                task_name=task.task_spec.name, **kwargs)
        except ScriptError as err:
            raise _task_error(task, f"Service task operator {operation_name!r} failed",
                              err) from err


def _task_error(task: Any, what: str, error: ScriptError) -> WorkflowTaskException:
    error_line = ""
    if error.line and error.source:
        lines = error.source.splitlines()
        error_line = lines[error.line - 1] if error.line <= len(lines) else ""
    return WorkflowTaskException(f"{what}: {error}", task=task, exception=error,
                                 line_number=error.line, error_line=error_line)


def script_error_of(exc: BaseException) -> ScriptError | None:
    """The ScriptError behind `exc` (itself, or in its ``__cause__``/``__context__`` chain)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ScriptError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
