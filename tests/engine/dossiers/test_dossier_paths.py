"""Every archetype through every path via the service, reloading the workflow at each step."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype
from engine.dossiers.audit import verify
from engine.dossiers.clock import FixedClock
from engine.dossiers.errors import TransitionError
from engine.dossiers.models import Dossier, DossierStatus, TaskState
from engine.dossiers.services import DossierService
from tests.engine.dossiers.conftest import (
    ANSWERS,
    OFFICER,
    SUPPLEMENT_ANSWER,
    WITHDRAWABLE,
    Publish,
    check_reload,
    open_tasks,
    received,
    straight,
    task_named,
    work,
)

S = DossierStatus
STRAIGHT_PATH = {
    Archetype.SAME_DAY: ["Task_receive", "Task_resolve", "Task_sign", "Task_return"],
    Archetype.STANDARD: ["Task_receive", "Task_appraise", "Task_approve", "Task_return"],
    Archetype.SUPPLEMENT: ["Task_receive", "Task_appraise", "Task_approve", "Task_return"],
    Archetype.INSPECTION: ["Task_receive", "Task_appraise", "Task_inspect", "Task_approve",
                           "Task_return"],
    Archetype.INTER_AGENCY: ["Task_receive", "Task_appraise", "Task_consult_1",
                             "Task_consult_2", "Task_consult_3", "Task_approve", "Task_return"],
    Archetype.FEE_ERESULT: ["Task_receive", "Task_appraise", "Task_approve", "Task_fee"],
}


def statuses(service: DossierService, dossier: Dossier) -> list[str]:
    """The status path the audit log records."""
    return [e.to_status for e in service.history(dossier.code) if e.to_status is not None]


def events(service: DossierService, dossier: Dossier) -> int:
    return len(service.history(dossier.code))


@pytest.mark.parametrize("archetype", list(Archetype))
def test_straight_path_is_received_processed_decided_returned(
    session: Session, service: DossierService, publish: Publish, archetype: Archetype
) -> None:
    dossier = received(service, publish(archetype).code)
    assert work(session, service, dossier, straight(archetype)) == STRAIGHT_PATH[archetype]
    assert dossier.status is S.RETURNED
    assert dossier.decided_at is not None
    assert dossier.returned_at is not None
    assert not open_tasks(dossier)
    assert all(t.state is TaskState.COMPLETED for t in dossier.tasks)
    assert service.workflow(dossier).completed
    expected = ["2", "4", "9", "6", "9", "10"] if archetype is Archetype.FEE_ERESULT else [
        "2", "4", "9", "10"]
    assert statuses(service, dossier) == expected
    assert verify(session, dossier_code=dossier.code).ok


def test_a_rejection_is_a_decision_too(
    session: Session, service: DossierService, publish: Publish
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    work(session, service, dossier, {"Task_approve": [{"decision": "reject",
                                                       "decision_note": "Sai quy hoạch"}]})
    decide = next(e for e in service.history(dossier.code) if e.action == "decide")
    assert decide.detail == {"decision": "reject", "note": "Sai quy hoạch"}
    assert dossier.status is S.RETURNED


@pytest.mark.parametrize("archetype", list(Archetype))
def test_refusal_at_reception_ends_with_form_03(
    session: Session, service: DossierService, publish: Publish, archetype: Archetype
) -> None:
    dossier = received(service, publish(archetype).code)
    refusal = {"reception_outcome": "refuse", "refusal_reason": "Thiếu tờ khai"}
    assert work(session, service, dossier, {"Task_receive": [refusal]}) == ["Task_receive"]
    assert dossier.status is S.REFUSED
    assert dossier.finished_at is not None
    assert not open_tasks(dossier)
    refuse = service.history(dossier.code)[-1]
    assert (refuse.action, refuse.from_status, refuse.to_status) == ("refuse", "2", "3")
    assert refuse.detail == {"form": "03", "reason": "Thiếu tờ khai"}


WITHDRAWALS = [(a, t) for a, tasks in WITHDRAWABLE.items() for t in tasks]


@pytest.mark.parametrize(("archetype", "at_task"), WITHDRAWALS,
                         ids=[f"{a}-{t}" for a, t in WITHDRAWALS])
def test_withdrawal_at_each_withdrawable_task(
    session: Session, service: DossierService, publish: Publish, archetype: Archetype,
    at_task: str,
) -> None:
    dossier = received(service, publish(archetype).code)
    answers = straight(archetype)
    if at_task == "Task_supplement":
        answers = {"Task_appraise": [SUPPLEMENT_ANSWER]}
    work(session, service, dossier, answers, stop_at=at_task)
    before = dossier.status
    assert at_task in {t.spec_id for t in open_tasks(dossier)}

    service.withdraw(dossier.code, actor="citizen", reason="Không còn nhu cầu")

    check_reload(session, service, dossier)
    assert dossier.status is S.WITHDRAWN
    assert dossier.finished_at is not None
    assert not open_tasks(dossier)
    assert any(t.state is TaskState.CANCELLED for t in dossier.tasks)
    workflow = service.workflow(dossier)
    assert workflow.completed
    last = service.history(dossier.code)[-1]
    assert (last.action, last.from_status, last.to_status) == ("withdraw", before, "7")
    assert last.detail["reason"] == "Không còn nhu cầu"
    assert verify(session, dossier_code=dossier.code).ok


def test_withdrawal_at_reception_is_refused_and_changes_nothing(
    session: Session, service: DossierService, publish: Publish
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    state, version, count = dossier.workflow_state, dossier.lock_version, events(service, dossier)
    with pytest.raises(TransitionError, match=r"none of its open steps \(Task_receive\)"):
        service.withdraw(dossier.code, actor="citizen", reason="Đổi ý")
    assert (dossier.status, dossier.lock_version) == (S.RECEIVED, version)
    assert dossier.workflow_state == state
    assert events(service, dossier) == count


@pytest.mark.parametrize("final", ["returned", "refused"])
def test_a_final_dossier_can_be_neither_withdrawn_nor_stopped(
    session: Session, service: DossierService, publish: Publish, final: str
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    refusal = {"Task_receive": [{"reception_outcome": "refuse"}]}
    work(session, service, dossier, refusal if final == "refused" else None)
    with pytest.raises(TransitionError, match="final"):
        service.withdraw(dossier.code, actor="citizen", reason="x")
    with pytest.raises(TransitionError, match="stopped in status 2, 4, 5 or 6"):
        service.stop(dossier.code, actor="leader-1", reason="x")


@pytest.mark.parametrize("at_task", ["Task_receive", "Task_appraise", "Task_supplement"])
def test_stop_cancels_the_workflow_and_its_tasks(
    session: Session, service: DossierService, publish: Publish, at_task: str
) -> None:
    dossier = received(service, publish(Archetype.SUPPLEMENT).code)
    work(session, service, dossier, {"Task_appraise": [SUPPLEMENT_ANSWER]}, stop_at=at_task)
    before = dossier.status
    service.stop(dossier.code, actor="leader-1", reason="Cơ quan thuế đề nghị dừng")
    check_reload(session, service, dossier)
    assert dossier.status is S.STOPPED
    assert dossier.finished_at is not None
    assert not open_tasks(dossier)
    assert service.workflow(dossier).completed
    last = service.history(dossier.code)[-1]
    assert (last.action, last.from_status, last.to_status) == ("stop", before, "8")
    if before is S.SUPPLEMENT:  # leaving status 5 closes the pause
        assert dossier.paused_since is None
        assert "pause" in last.detail


def test_fee_wait_is_status_6_after_the_decision(
    session: Session, service: DossierService, publish: Publish
) -> None:
    dossier = received(service, publish(Archetype.FEE_ERESULT).code)
    work(session, service, dossier, stop_at="Task_fee")
    assert dossier.status is S.AWAITING_PAYMENT
    assert dossier.decided_at is not None  # the clock stopped at the decision
    fee = task_named(dossier, "Task_fee")
    assert (fee.role, fee.unit, fee.due_at) == ("receiver", dossier.received_centre, None)
    service.complete_task(fee.id, ANSWERS["Task_fee"], actor=OFFICER)
    assert (dossier.status, dossier.return_channel) == (S.RETURNED, "electronic")
    data = service.workflow(dossier).last_task.data
    assert data["e_result"]["issued"] is True
    assert data["e_result"]["dossier_code"] == dossier.code


def test_online_dossier_waits_in_status_1_until_accepted(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
) -> None:
    procedure = publish(Archetype.STANDARD)
    dossier = received(service, procedure.code, channel="2")
    assert dossier.status is S.SUBMITTED
    assert (dossier.received_at, dossier.due_at) == (None, None)
    receive = task_named(dossier, "Task_receive")
    assert (receive.due_at, receive.priority) == (None, 10)

    clock.advance(dt.timedelta(hours=2))
    _, receipt = service.accept_online(dossier.code, actor=OFFICER)
    assert dossier.status is S.RECEIVED
    assert dossier.received_at == service.clock.now()
    assert receipt.appointment_at == dossier.due_at is not None
    assert task_named(dossier, "Task_receive").due_at is not None
    with pytest.raises(TransitionError, match="already been handled"):
        service.accept_online(dossier.code, actor=OFFICER)
    check_reload(session, service, dossier)


def test_accepting_an_online_dossier_at_the_check_receives_it(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code, channel="2")
    work(session, service, dossier, stop_at="Task_appraise")
    assert statuses(service, dossier) == ["1", "2", "4"]
    assert dossier.received_at is not None


def test_an_online_dossier_can_be_refused_without_being_received(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code, channel="2")
    work(session, service, dossier, {"Task_receive": [{"reception_outcome": "refuse"}]})
    assert statuses(service, dossier) == ["1", "3"]
    assert dossier.received_at is None
