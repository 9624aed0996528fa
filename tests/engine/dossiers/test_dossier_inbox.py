"""Task rows: forms validated before anything runs, queues per unit and role, claiming."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype
from engine.dossiers.errors import (
    ConflictError,
    FormValidationError,
    NotYourTask,
    TaskNotFound,
    TransitionError,
)
from engine.dossiers.models import DossierStatus, TaskState
from engine.dossiers.services import DossierService
from tests.bpmn.factories import PARTNERS
from tests.engine.dossiers.conftest import (
    ANSWERS,
    CENTRE,
    OFFICER,
    Publish,
    open_tasks,
    received,
    task_named,
    work,
)


@pytest.mark.parametrize(("data", "errors"), [
    ({}, {"reception_outcome": "is required"}),
    ({"reception_outcome": "maybe"},
     {"reception_outcome": "'maybe' is not one of: accept, refuse"}),
    ({"reception_outcome": "accept", "colour": "red"},
     {"colour": "is not a field of this form (fields: reception_outcome, refusal_reason)"}),
    ({"reception_outcome": "refuse", "refusal_reason": 7},
     {"refusal_reason": "7 is not of type 'string'"}),
])
def test_invalid_form_data_names_each_field_and_changes_nothing(
    session: Session, service: DossierService, publish: Publish,
    data: dict[str, object], errors: dict[str, str],
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    row = task_named(dossier, "Task_receive")
    state, lock = dossier.workflow_state, dossier.lock_version
    events = len(service.history(dossier.code))
    with pytest.raises(FormValidationError) as raised:
        service.complete_task(row.id, data, actor=OFFICER)
    assert raised.value.errors == errors
    assert "Task_receive" in str(raised.value)
    assert (dossier.status, dossier.lock_version) == (DossierStatus.RECEIVED, lock)
    assert dossier.workflow_state == state
    assert (row.state, row.completed_by) == (TaskState.OPEN, None)
    assert len(service.history(dossier.code)) == events
    assert not session.dirty


def test_several_invalid_fields_are_reported_together(
    service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.INSPECTION).code)
    service.complete_task(task_named(dossier, "Task_receive").id, ANSWERS["Task_receive"],
                          actor=OFFICER)
    service.complete_task(task_named(dossier, "Task_appraise").id, {}, actor="specialist-1")
    with pytest.raises(FormValidationError) as raised:
        service.complete_task(task_named(dossier, "Task_inspect").id,
                              {"inspection_report": ["a"], "x": 1}, actor="specialist-1")
    assert set(raised.value.errors) == {"inspection_passed", "inspection_report", "x"}


def test_tasks_are_queued_at_their_unit_by_role(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    procedure = publish(Archetype.INTER_AGENCY)
    dossier = received(service, procedure.code)
    assert dossier.competent_agency == procedure.agency
    queues = {}
    for _ in range(10):
        rows = open_tasks(dossier)
        if not rows:
            break
        for row in rows:
            queues[row.spec_id] = (row.unit, row.role, row.candidate_group, row.procedure_code)
        work(session, service, dossier, limit=1)
    agency = procedure.agency
    assert queues["Task_receive"] == (CENTRE, "receiver", f"{CENTRE}:receiver", procedure.code)
    assert queues["Task_appraise"][:3] == (agency, "specialist", f"{agency}:specialist")
    for n, partner in enumerate(PARTNERS, start=1):
        assert queues[f"Task_consult_{n}"][:3] == (partner, "partner", f"{partner}:partner")
    assert queues["Task_approve"][:3] == (agency, "leader", f"{agency}:leader")
    assert queues["Task_return"][:2] == (CENTRE, "receiver")


def test_claim_unclaim_and_delegate(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    row = task_named(dossier, "Task_receive")
    events = len(service.history(dossier.code))

    service.claim(row.id, "an")
    assert row.assignee == "an"
    service.claim(row.id, "an")  # claiming one's own task again changes nothing
    with pytest.raises(NotYourTask, match="assigned to an"):
        service.claim(row.id, "binh")
    with pytest.raises(NotYourTask):
        service.unclaim(row.id, "binh")
    with pytest.raises(NotYourTask):
        service.delegate(row.id, "binh", "chi")
    with pytest.raises(NotYourTask, match="assigned to an, not binh"):
        service.complete_task(row.id, ANSWERS["Task_receive"], actor="binh")
    with pytest.raises(TransitionError, match="already assigned to an"):
        service.delegate(row.id, "an", "an")

    service.delegate(row.id, "an", "binh")
    assert row.assignee == "binh"
    service.unclaim(row.id, "binh")
    assert row.assignee is None
    service.delegate(row.id, "lanh-dao", "chi")  # an unassigned task may be dispatched
    assert row.assignee == "chi"

    actions = [e.action for e in service.history(dossier.code)[events:]]
    assert actions == ["claim", "delegate", "unclaim", "delegate"]
    assert all(e.task_spec == "Task_receive" for e in service.history(dossier.code)[events:])

    service.complete_task(row.id, ANSWERS["Task_receive"], actor="chi")
    assert (row.state, row.completed_by) == (TaskState.COMPLETED, "chi")
    with pytest.raises(TransitionError, match="only open tasks"):
        service.claim(row.id, "chi")
    with pytest.raises(TransitionError, match="only open tasks"):
        service.complete_task(row.id, ANSWERS["Task_receive"], actor="chi")


def test_an_unassigned_task_is_completed_by_whoever_takes_it(
    service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    row = task_named(dossier, "Task_receive")
    service.complete_task(row.id, ANSWERS["Task_receive"], actor="an")
    assert (row.assignee, row.completed_by, row.completed_at) == ("an", "an",
                                                                  service.clock.now())


def test_claims_bump_the_dossier_version(service: DossierService, publish: Publish) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    before = dossier.lock_version
    service.claim(task_named(dossier, "Task_receive").id, "an")
    assert dossier.lock_version == before + 1


def test_unknown_task_and_stale_version(service: DossierService, publish: Publish) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    with pytest.raises(TaskNotFound):
        service.complete_task(987654, {}, actor=OFFICER)
    row = task_named(dossier, "Task_receive")
    with pytest.raises(ConflictError, match="changed since it was read"):
        service.complete_task(row.id, ANSWERS["Task_receive"], actor=OFFICER,
                              expected_lock_version=dossier.lock_version - 1)
    service.complete_task(row.id, ANSWERS["Task_receive"], actor=OFFICER,
                          expected_lock_version=dossier.lock_version)
    assert dossier.status is DossierStatus.PROCESSING
