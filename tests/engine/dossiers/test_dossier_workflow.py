"""The workflow state is stored without its spec and reloads to exactly the same state."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from bpmn.catalog.model import Archetype, StepBudget, TimeUnit
from bpmn.generator import render
from engine.dossiers.errors import WorkflowStateError
from engine.dossiers.workflow import WORKFLOW_FORMAT, WorkflowStore
from engine.scripting import RestrictedScriptEngine
from engine.specs import SpecCache
from tests.bpmn.walk import SERIALIZER as STOCK
from tests.engine.dossiers.conftest import ANSWERS, COMPLETE_ANSWER, catalog_row


def version_of(archetype: Archetype) -> Any:
    """A stand-in for a ProcedureVersion row: what the store reads from one."""
    xml = render(catalog_row(archetype))
    return SimpleNamespace(content_hash=hashlib.sha256(xml).hexdigest(),
                           bpmn_xml=xml.decode("utf-8"), archetype=archetype)


@pytest.fixture(scope="module")
def store() -> WorkflowStore:
    return WorkflowStore(SpecCache(), RestrictedScriptEngine)


def steps(store: WorkflowStore, version: Any) -> Iterator[BpmnWorkflow]:
    """The workflow after start and after each user task on the straight path (the same
    object, advanced: check it before asking for the next step)."""
    workflow = store.start(version, {"dossier_code": "000.00.00.H36-260303-0001"})
    yield workflow
    for _ in range(20):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            break
        task = ready[0]
        name = task.task_spec.name
        supplement = version.archetype is Archetype.SUPPLEMENT and name == "Task_appraise"
        task.data.update(COMPLETE_ANSWER if supplement else ANSWERS[name])
        task.run()
        workflow.do_engine_steps()
        yield workflow
    assert workflow.completed


def states(store: WorkflowStore, version: Any) -> list[dict[str, Any]]:
    return [store.dump(workflow) for workflow in steps(store, version)]


@pytest.mark.parametrize("archetype", list(Archetype))
def test_state_is_the_stock_serialization_minus_the_spec(
    store: WorkflowStore, archetype: Archetype
) -> None:
    for workflow in steps(store, version_of(archetype)):
        full = STOCK.to_dict(workflow)
        assert set(full) - set(store.dump(workflow)) == {"spec", "subprocess_specs"}
        del full["spec"], full["subprocess_specs"]
        assert store.dump(workflow) == full


@pytest.mark.parametrize("archetype", list(Archetype))
def test_save_and_load_reproduce_the_state_at_every_step(
    store: WorkflowStore, archetype: Archetype
) -> None:
    version = version_of(archetype)
    for workflow in steps(store, version):
        state = store.dump(workflow)
        stored = json.loads(json.dumps(state))
        again = store.load(version, stored, WORKFLOW_FORMAT)
        assert store.dump(again) == state
        assert stored == json.loads(json.dumps(state)), "loading must not consume the state"
        assert again.spec is store.parsed(version).spec, "the spec comes from the cache"
        ready = {str(t.id) for t in workflow.get_tasks(state=TaskState.READY, manual=True)}
        assert {str(t.id) for t in again.get_tasks(state=TaskState.READY, manual=True)} == ready


def _run_to_the_end(workflow: BpmnWorkflow, archetype: Archetype) -> None:
    for _ in range(20):
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            return
        name = ready[0].task_spec.name
        supplement = archetype is Archetype.SUPPLEMENT and name == "Task_appraise"
        ready[0].data.update(COMPLETE_ANSWER if supplement else ANSWERS[name])
        ready[0].run()
        workflow.do_engine_steps()


@pytest.mark.parametrize("archetype", list(Archetype))
def test_a_loaded_workflow_leaves_its_state_untouched_to_the_end(
    store: WorkflowStore, archetype: Archetype
) -> None:
    """Loading does not copy the state (the dossier's ``workflow_state`` as read): running
    the workflow to its end must change no dict or list of it."""
    version = version_of(archetype)
    for state in states(store, version)[:-1]:
        stored = json.loads(json.dumps(state))
        before = copy.deepcopy(stored)
        workflow = store.load(version, stored, WORKFLOW_FORMAT)
        _run_to_the_end(workflow, archetype)
        assert workflow.completed
        assert stored == before


def test_correlations_are_the_workflows_own(store: WorkflowStore) -> None:
    """SpiffWorkflow keeps the ``correlations`` mapping it is given: the store copies it."""
    version = version_of(Archetype.STANDARD)
    stored = {**states(store, version)[1], "correlations": {"key": {"value": 1}}}
    workflow = store.load(version, stored, WORKFLOW_FORMAT)
    workflow.correlations["key"]["value"] = 2
    assert stored["correlations"] == {"key": {"value": 1}}


def test_stores_share_one_script_engine_per_factory() -> None:
    """Services (and their stores) are built per request; the sandbox's compile cache
    must outlive them."""
    first, second = (WorkflowStore(SpecCache(), RestrictedScriptEngine) for _ in range(2))
    assert first.script_engine is second.script_engine


def test_a_reloaded_workflow_runs_on(store: WorkflowStore) -> None:
    version = version_of(Archetype.FEE_ERESULT)
    at_fee = states(store, version)[3]
    again = store.load(version, json.loads(json.dumps(at_fee)), WORKFLOW_FORMAT)
    (fee,) = again.get_tasks(state=TaskState.READY, manual=True)
    fee.data.update(ANSWERS["Task_fee"])
    fee.run()
    again.do_engine_steps()
    assert again.completed
    assert again.last_task.data["e_result"]["issued"] is True  # the restricted engine ran it


def test_a_state_with_its_spec_embedded_also_loads_from_the_cache(store: WorkflowStore) -> None:
    version = version_of(Archetype.STANDARD)
    workflow = next(steps(store, version))
    again = store.load(version, STOCK.to_dict(workflow), WORKFLOW_FORMAT)
    assert store.dump(again) == store.dump(workflow)


def test_a_state_of_another_serializer_version_is_refused(store: WorkflowStore) -> None:
    version = version_of(Archetype.STANDARD)
    state = states(store, version)[0]
    with pytest.raises(WorkflowStateError, match=r"serializer version '1\.0'"):
        store.load(version, state, "1.0")


def test_leaving_the_spec_out_saves_close_to_half_or_more(store: WorkflowStore) -> None:
    for archetype in Archetype:
        walk = steps(store, version_of(archetype))
        next(walk)
        workflow = next(walk)  # accepted at reception: at the first back-office step
        full = len(json.dumps(STOCK.to_dict(workflow)))
        stored = len(json.dumps(store.dump(workflow)))
        # measured: 0.31 (supplement) to 0.50 (three consultations) of the stock size
        assert stored < 0.55 * full, (archetype, stored, full)


def test_describe_reads_time_unit_and_steps_in_process_order(store: WorkflowStore) -> None:
    spec = store.procedure_spec(version_of(Archetype.INTER_AGENCY))
    assert (spec.statutory_time, spec.time_unit) == (5.0, TimeUnit.WORKING_DAYS)
    assert spec.steps == tuple(StepBudget(s, 1.0) for s in
                               ("receive", "appraise", "consult", "approve", "return"))
    consult = spec.tasks["Task_consult_2"]
    assert (consult.role, consult.step, consult.budget) == ("partner", "consult", 1.0)
    assert consult.form is not None
    assert consult.form["required"] == ["opinion_2"]


def test_tasks_waiting_on_the_citizen_have_no_step(store: WorkflowStore) -> None:
    spec = store.procedure_spec(version_of(Archetype.SUPPLEMENT))
    supplement = spec.tasks["Task_supplement"]
    assert (supplement.role, supplement.step, supplement.budget) == ("receiver", None, None)
    assert "Task_supplement" not in {s.step for s in spec.steps}
