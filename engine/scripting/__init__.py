"""The restricted script engine every dossier runs with.

SpiffWorkflow's default engine ``eval``s the diagram's Python as is, and RestrictedPython
with its ``safe_globals`` alone is escapable (``__subclasses__``, ``str.format`` walks,
generator frames) and bounds neither CPU nor memory. This package compiles every
expression and script with RestrictedPython under a stricter policy, runs it with guarded
attribute, item, iteration and write access and a curated set of builtins, and stops it
with a clear :class:`~engine.errors.ScriptError` at its resource limits.

Modules, from source to result:

- :mod:`.policy` — what source is accepted and how it is rewritten (compile time);
- :mod:`.guards`, :mod:`.attributes`, :mod:`.sizes` — the checks the rewritten code
  calls (run time);
- :mod:`.library` — the builtins scripts can call;
- :mod:`.limits` — :class:`ScriptLimits` and the per-evaluation budget;
- :mod:`.results` — what may be stored in task data or returned;
- :mod:`.environment` — SpiffWorkflow's script environment, restricted;
- :mod:`.services` — service-task operators (``eresult.issue``);
- :mod:`.engine` — :class:`RestrictedScriptEngine` for ``BpmnWorkflow(script_engine=...)``.

Usage::

    engine = RestrictedScriptEngine(limits=ScriptLimits(max_seconds=0.5))
    workflow = BpmnWorkflow(spec, subprocesses, script_engine=engine)
"""

from engine.scripting.engine import RestrictedScriptEngine, script_error_of
from engine.scripting.environment import RestrictedEnvironment
from engine.scripting.limits import ScriptLimits
from engine.scripting.services import (
    ServiceCall,
    ServiceOperator,
    ServiceRegistry,
    default_services,
)

__all__ = [
    "RestrictedEnvironment",
    "RestrictedScriptEngine",
    "ScriptLimits",
    "ServiceCall",
    "ServiceOperator",
    "ServiceRegistry",
    "default_services",
    "script_error_of",
]
