"""A dossier's SpiffWorkflow instance: built from its procedure version, stored without spec.

Lifecycle of the state: :meth:`WorkflowStore.start` builds a ``BpmnWorkflow`` from the
parsed spec of the version the dossier runs on (parsed once per content hash by the
:class:`~engine.specs.SpecCache`) and runs it to the first human task; every action then
:meth:`~WorkflowStore.load`\\ s it, advances it and :meth:`~WorkflowStore.dump`\\ s it back
into ``Dossier.workflow_state`` in the same transaction.

Why without the spec: SpiffWorkflow's serializer embeds the whole process spec in every
instance (about two thirds of the bytes of an archetype's state), although it is the
version's diagram, immutable and already cached. :data:`SERIALIZER` is SpiffWorkflow's
``BpmnWorkflowSerializer`` with the Spiff configuration whose top-level workflow
converter leaves out ``spec`` and ``subprocess_specs``; on load the converter is handed
the cached spec instead of rebuilding one from the dict. Everything else (task tree,
task data deltas, timers' internal data, events) is the library's own conversion, so
``dump(load(state)) == state`` and the state equals ``to_dict`` of the stock serializer
minus those two keys (both pinned by tests). ``workflow_format`` stores the serializer
version; a state of another version is refused rather than guessed at, because
SpiffWorkflow's own migrations expect the embedded spec.

Loading does not copy the state. It is JSON (dicts, lists, scalars) and SpiffWorkflow's
restore builds new containers for every task, its data and internal data, events and
workflow data; the only parts it keeps by reference or edits in place are the
``correlations`` mappings (kept as they are) and the ``subprocesses`` mapping (emptied as
it is restored), which :meth:`_SpecFreeWorkflowConverter.from_dict` copies. So the
dossier's ``workflow_state`` (what the session read) stays exactly as read while the
workflow runs, without a deep copy, which took about 1 ms for a 10 KB state: four times
the restore itself (pinned by a test that runs reloaded workflows to their end and
compares the state they came from).

The diagram conventions the engine reads (:mod:`bpmn` docstring) are gathered once per
spec into a :class:`ProcedureSpec`: statutory time and unit, the budgeted steps in
process order, and each user task's role, step, budget and form. It is kept in the
:class:`~engine.specs.SpecCache` with the parsed spec (a function of the same bytes).
"""

from __future__ import annotations

import copy
import json
import threading
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from bpmn.catalog.model import StepBudget, TimeUnit
from bpmn.parsing import BPMN_NS, ParsedProcess
from engine.dossiers.errors import WorkflowStateError
from engine.specs import SpecCache

__all__ = [
    "SERIALIZER",
    "WORKFLOW_FORMAT",
    "Diagram",
    "ProcedureSpec",
    "TaskInfo",
    "WorkflowStore",
    "describe",
]

_SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"


class _SpecFreeWorkflowConverter(BpmnWorkflowConverter):  # type: ignore[misc]
    """SpiffWorkflow's top-level workflow converter minus the embedded specs."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(
        self, dct: dict[str, Any], *, parsed: ParsedProcess | None = None,
        script_engine: Any = None,
    ) -> BpmnWorkflow:
        if parsed is None:
            raise WorkflowStateError("a workflow state is restored with its parsed spec")
        dct = _unshared(dct)
        dct.pop("spec", None)  # a state written by the stock serializer: use the cache
        dct.pop("subprocess_specs", None)
        workflow = self.target_class(
            parsed.spec, parsed.subprocess_specs, script_engine=script_engine,
            deserializing=True,
        )
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _unshared(dct: Mapping[str, Any]) -> dict[str, Any]:
    """``dct`` with its own copies of what restoring keeps or edits (module docstring)."""
    own = dict(dct)
    own["correlations"] = copy.deepcopy(own.get("correlations", {}))
    own["subprocesses"] = {
        key: {**sub, "correlations": copy.deepcopy(sub.get("correlations", {}))}
        for key, sub in own.get("subprocesses", {}).items()
    }
    return own


def _serializer() -> BpmnWorkflowSerializer:
    registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
    _SpecFreeWorkflowConverter(BpmnWorkflow, registry)  # replaces the stock converter
    return BpmnWorkflowSerializer(registry)


SERIALIZER = _serializer()
#: What ``Dossier.workflow_format`` holds for states this module writes.
WORKFLOW_FORMAT: str = SERIALIZER.VERSION


class Diagram(Protocol):
    """What the store reads of a procedure version: a ``ProcedureVersion`` row, or facts
    about one whose XML is fetched only when the spec cache misses."""

    @property
    def content_hash(self) -> str: ...

    @property
    def bpmn_xml(self) -> str: ...


@dataclass(frozen=True)
class TaskInfo:
    """What the diagram says about one user task (``motcua.*`` and ``formJsonSchema``)."""

    spec_id: str
    name: str
    role: str
    step: str | None
    budget: float | None
    form: dict[str, Any] | None


@dataclass(frozen=True)
class ProcedureSpec:
    """The engine's reading of one version's diagram (module docstring)."""

    process_id: str
    statutory_time: float
    time_unit: TimeUnit
    steps: tuple[StepBudget, ...]
    tasks: Mapping[str, TaskInfo]


def _process_properties(parsed: ParsedProcess) -> dict[str, str]:
    root = parsed.tree.getroot()
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        if process.get("id") == parsed.process_id:
            props = process.find(f"{{{BPMN_NS}}}extensionElements/{{{_SPIFF_NS}}}properties")
            if props is None:
                return {}
            return {
                p.get("name") or "": p.get("value") or ""
                for p in props.iter(f"{{{_SPIFF_NS}}}property")
                if isinstance(p.tag, str)
            }
    return {}


def _task_info(task_spec: Any) -> TaskInfo | None:
    properties = (getattr(task_spec, "extensions", None) or {}).get("properties") or {}
    role = properties.get("motcua.role")
    if role is None:
        return None
    budget = properties.get("motcua.budget")
    form = properties.get("formJsonSchema")
    return TaskInfo(
        spec_id=task_spec.name,
        name=task_spec.bpmn_name or task_spec.name,
        role=role,
        step=properties.get("motcua.step"),
        budget=float(budget) if budget is not None else None,
        form=json.loads(form) if form else None,
    )


def describe(parsed: ParsedProcess) -> ProcedureSpec:
    """Read the conventions of a parsed diagram; steps come in process (breadth-first) order.

    A step shared by parallel tasks (the consultations) counts once: its budget is the
    time the parallel branches have together.
    """
    properties = _process_properties(parsed)
    tasks: dict[str, TaskInfo] = {}
    steps: dict[str, float] = {}
    queue, seen = deque([parsed.spec.start]), set()
    while queue:
        task_spec = queue.popleft()
        if task_spec.name in seen:
            continue
        seen.add(task_spec.name)
        info = _task_info(task_spec)
        if info is not None:
            tasks[info.spec_id] = info
            if info.step is not None and info.budget is not None:
                steps.setdefault(info.step, info.budget)
        queue.extend(task_spec.outputs)
    try:
        statutory = float(properties["motcua.statutoryTime"])
        unit = TimeUnit(properties["motcua.timeUnit"])
    except (KeyError, ValueError) as error:
        raise WorkflowStateError(
            f"process {parsed.process_id} lacks a valid motcua.statutoryTime/motcua.timeUnit "
            f"property ({error}); regenerate or fix the diagram before receiving dossiers"
        ) from error
    return ProcedureSpec(
        process_id=parsed.process_id,
        statutory_time=statutory,
        time_unit=unit,
        steps=tuple(StepBudget(step, budget) for step, budget in steps.items()),
        tasks=tasks,
    )


#: The script engine each factory made, shared by every store of the process.
_ENGINES: weakref.WeakKeyDictionary[Callable[[], Any], Any] = weakref.WeakKeyDictionary()
_ENGINES_LOCK = threading.Lock()


class WorkflowStore:
    """Builds, loads and dumps dossiers' workflows for one spec cache and script engine.

    ``script_engine_factory`` is called once per process, lazily, and its engine shared by
    every store (stores are built per request): the restricted engine holds only its
    settings and its compile cache, which would otherwise be cold in every request
    (compiling a gateway condition in the sandbox costs about 0.2 ms).
    """

    def __init__(self, specs: SpecCache, script_engine_factory: Callable[[], Any]) -> None:
        self.specs = specs
        self._factory = script_engine_factory
        self._engine: Any = None

    @property
    def script_engine(self) -> Any:
        if self._engine is None:
            try:
                with _ENGINES_LOCK:
                    engine = _ENGINES.get(self._factory)
                    if engine is None:
                        engine = _ENGINES[self._factory] = self._factory()
            except TypeError:  # a factory that cannot be weakly referenced: not shared
                engine = self._factory()
            self._engine = engine
        return self._engine

    def parsed(self, version: Diagram) -> ParsedProcess:
        return self.specs.get(version.content_hash, lambda: version.bpmn_xml.encode("utf-8"))

    def procedure_spec(self, version: Diagram) -> ProcedureSpec:
        return self.specs.derive(version.content_hash, "procedure_spec",
                                 lambda: version.bpmn_xml.encode("utf-8"), describe)

    def start(self, version: Diagram, data: Mapping[str, Any]) -> BpmnWorkflow:
        """A new workflow on ``version`` with ``data`` in its start task, run to its first wait."""
        parsed = self.parsed(version)
        workflow = BpmnWorkflow(
            parsed.spec, parsed.subprocess_specs, script_engine=self.script_engine
        )
        workflow.task_tree.data.update(copy.deepcopy(dict(data)))
        workflow.do_engine_steps()
        return workflow

    def load(self, version: Diagram, state: Mapping[str, Any],
             workflow_format: str) -> BpmnWorkflow:
        """The workflow stored as ``state``, which it leaves untouched (module docstring);
        the spec comes from the cache."""
        if workflow_format != WORKFLOW_FORMAT:
            raise WorkflowStateError(
                f"the workflow state was written by serializer version {workflow_format!r}; "
                f"this engine reads {WORKFLOW_FORMAT!r}. Migrate stored states before "
                "upgrading SpiffWorkflow"
            )
        return SERIALIZER.from_dict(
            dict(state), parsed=self.parsed(version),
            script_engine=self.script_engine,
        )

    @staticmethod
    def dump(workflow: BpmnWorkflow) -> dict[str, Any]:
        """The JSON-ready state of ``workflow``, without its spec."""
        state: dict[str, Any] = SERIALIZER.to_dict(workflow)
        return state

