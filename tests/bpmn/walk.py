"""Drives a generated diagram through SpiffWorkflow along one scripted path.

Tests use it to prove every archetype path runs to completion; at every user-task step
the workflow is serialized and reloaded and must come back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions import timer
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.specs.event_definitions import SignalEventDefinition
from SpiffWorkflow.util.task import TaskState

SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


class ServiceStubEngine(PythonScriptEngine):  # type: ignore[misc]
    """Answers the e-result service operator the way the national portal connector does."""

    def call_service(self, task: Any, operation_name: str, **kwargs: Any) -> str:
        assert operation_name == "eresult.issue"
        return json.dumps({"issued": True, "task": task.task_spec.name})


@dataclass
class Path:
    """A scripted path: answers per task id (a list for tasks met more than once)."""

    answers: Mapping[str, Sequence[dict[str, Any]]]
    withdraw_at: str | None = None
    warn_at: str | None = None  # let this task's warning timer fire first
    visited: list[str] = field(default_factory=list)


def load(xml: bytes, engine: PythonScriptEngine | None = None) -> BpmnWorkflow:
    parser = SpiffBpmnParser()
    parser.add_bpmn_str(xml)
    process_id = parser.get_process_ids()[0]
    spec = parser.get_spec(process_id)
    subprocesses = parser.get_subprocess_specs(process_id)
    workflow = BpmnWorkflow(spec, subprocesses, script_engine=engine or ServiceStubEngine())
    workflow.do_engine_steps()
    return workflow


def _fire_timers(workflow: BpmnWorkflow, monkeypatch: Any) -> None:
    """Move SpiffWorkflow's clock past every timer, then let it fire them."""
    later = datetime.now(UTC) + timedelta(days=400)

    class Later(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
            return later if tz else later.replace(tzinfo=None)

    with monkeypatch.context() as patch:
        patch.setattr(timer, "datetime", Later)
        workflow.refresh_timers()
        workflow.do_engine_steps()


def _reloaded(workflow: BpmnWorkflow) -> BpmnWorkflow:
    before = SERIALIZER.to_dict(workflow)
    again = SERIALIZER.from_dict(json.loads(json.dumps(before)))
    again.script_engine = workflow.script_engine
    assert SERIALIZER.to_dict(again) == before, "state changed across serialize/reload"
    return again


def walk(xml: bytes, path: Path, monkeypatch: Any, *, limit: int = 50,
         engine: PythonScriptEngine | None = None) -> BpmnWorkflow:
    """Runs `path` (with `engine`, else a plain engine that stubs the e-result service);
    returns the finished workflow (tests check where it ended)."""
    workflow = load(xml, engine)
    queues: dict[str, Iterator[dict[str, Any]]] = {k: iter(v) for k, v in path.answers.items()}
    for _ in range(limit):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            break
        workflow = _reloaded(workflow)
        task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
        name = task.task_spec.name
        path.visited.append(name)
        if name == path.warn_at:
            _fire_timers(workflow, monkeypatch)
            path.warn_at = None
        if name == path.withdraw_at:
            workflow.catch(BpmnEvent(SignalEventDefinition("withdraw")))
            workflow.do_engine_steps()
            continue
        answer = next(queues.get(name, iter(())), None)
        if answer is None:  # the path says nobody completes this task
            break
        task.data.update(answer)
        task.run()
        workflow.do_engine_steps()
    return workflow


def ended_at(workflow: BpmnWorkflow) -> set[str]:
    """Ids of the end events the workflow completed."""
    return {
        t.task_spec.name
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if t.task_spec.name.startswith("Event_") and t.task_spec.name != "Event_submitted"
    }
