"""Service-task operators: named Python callables a diagram's service tasks invoke.

A service task names an operator (``spiffworkflow:serviceTaskOperator id="eresult.issue"``)
and parameters (expressions, evaluated by the restricted engine). SpiffWorkflow hands the
pair to the script engine's ``call_service`` and stores the JSON it returns under the
task's result variable; on an unknown name its default engine fails with a ``NameError``.
Here a :class:`ServiceRegistry` maps names to operators, an unknown name raises
:class:`~engine.errors.UnknownServiceError` listing what is registered, and an operator
that fails is reported as a :class:`~engine.errors.ServiceError`.

Operators are trusted host code (they run outside the script budget). They receive a
:class:`ServiceCall` and return a JSON-serialisable value.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from engine.errors import ScriptError, ServiceError, UnknownServiceError

__all__ = [
    "ServiceCall",
    "ServiceOperator",
    "ServiceRegistry",
    "default_services",
    "issue_e_result",
]


@dataclass(frozen=True)
class ServiceCall:
    """One invocation: the operator's name, its evaluated parameters, the task's data."""

    operation_name: str
    params: Mapping[str, Any] = field(default_factory=dict)
    """Parameter values, already evaluated (SpiffWorkflow's declared types dropped)."""
    data: Mapping[str, Any] = field(default_factory=dict)
    """A read-only copy of the task data: operators answer, they do not edit the task."""
    task_name: str | None = None


ServiceOperator = Callable[[ServiceCall], Any]


class ServiceRegistry:
    """Named operators for service tasks; ``register`` them at start-up."""

    def __init__(self, operators: Mapping[str, ServiceOperator] | None = None) -> None:
        self._operators: dict[str, ServiceOperator] = {}
        for name, operator in (operators or {}).items():
            self.register(name, operator)

    def register(self, name: str, operator: ServiceOperator, *, replace: bool = False) -> None:
        """Make `operator` answer service tasks naming `name`."""
        if not name or not name.strip():
            raise ValueError("a service operator needs a non-empty name")
        if name in self._operators and not replace:
            raise ValueError(f"service operator {name!r} is already registered; "
                             "pass replace=True to swap it")
        self._operators[name] = operator

    def names(self) -> frozenset[str]:
        return frozenset(self._operators)

    def __contains__(self, name: object) -> bool:
        return name in self._operators

    def call(self, call: ServiceCall) -> str:
        """Run the operator named in `call`; returns its answer as JSON text."""
        operator = self._operators.get(call.operation_name)
        if operator is None:
            known = ", ".join(sorted(self._operators)) or "none"
            raise UnknownServiceError(
                f"no service operator named {call.operation_name!r} is registered "
                f"(registered: {known}); fix the diagram's serviceTaskOperator or register it")
        try:
            answer = operator(call)
        except ScriptError:
            raise
        except Exception as err:
            raise ServiceError(
                f"service operator {call.operation_name!r} failed: "
                f"{type(err).__name__}: {err}") from err
        try:
            return json.dumps(answer, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ServiceError(f"service operator {call.operation_name!r} answered with "
                               f"something that is not JSON: {err}") from err


def make_call(operation_name: str, params: Mapping[str, Any] | None, data: Mapping[str, Any],
              task_name: str | None) -> ServiceCall:
    """A ServiceCall from SpiffWorkflow's ``{name: {"value": v, "type": t}}`` parameters."""
    values = {name: (p["value"] if isinstance(p, Mapping) and "value" in p else p)
              for name, p in (params or {}).items()}
    return ServiceCall(operation_name, MappingProxyType(values),
                       MappingProxyType(copy.deepcopy(dict(data))), task_name)


def issue_e_result(call: ServiceCall) -> dict[str, Any]:
    """``eresult.issue``: issue the electronic result of a dossier.

    A deterministic local stand-in for the national public-service portal connector
    (Cổng Dịch vụ công quốc gia): it contacts nothing and answers
    ``{"issued": true, "reference": "KQ-<12 hex>", ...}``, the reference being a hash of
    the dossier code (a ``dossier_code`` parameter or task data field), the task and the
    parameters, so the same dossier always gets the same reference. The real connector
    registers under the same name and replaces it.
    """
    dossier = call.params.get("dossier_code", call.data.get("dossier_code"))
    seed = json.dumps({"dossier": dossier, "task": call.task_name, "params": dict(call.params)},
                      sort_keys=True, ensure_ascii=False, default=str)
    reference = "KQ-" + hashlib.sha256(seed.encode()).hexdigest()[:12].upper()
    return {"issued": True, "reference": reference, "dossier_code": dossier,
            "task": call.task_name}


def default_services(extra: Iterable[tuple[str, ServiceOperator]] = ()) -> ServiceRegistry:
    """The operators every deployment has (``eresult.issue``), plus `extra`."""
    registry = ServiceRegistry({"eresult.issue": issue_e_result})
    for name, operator in extra:
        registry.register(name, operator, replace=True)
    return registry
