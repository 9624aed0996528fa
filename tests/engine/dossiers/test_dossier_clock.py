"""The statutory clock of a dossier: due dates, supplement pauses, the single extension.

Received Tuesday 3 March 2026 at 09:00 (Vietnam); the test procedures budget one working
day per step, so a four-step procedure is due Monday 9 March at 17:00 (days counted
from Wednesday; office hours 07:30-11:30 and 13:30-17:00, 7 h 30 min a day).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype, TimeUnit
from engine.calendar import Deadline, WorkingCalendar
from engine.dossiers.clock import FixedClock, statutory_clock
from engine.dossiers.errors import TransitionError
from engine.dossiers.models import DossierStatus
from engine.dossiers.services import DossierService
from engine.dossiers.tasks import priority
from tests.engine.dossiers.conftest import (
    ANSWERS,
    CENTRE,
    COMPLETE_ANSWER,
    OFFICER,
    RECEIVED,
    SUPPLEMENT_ANSWER,
    VN,
    Publish,
    check_reload,
    received,
    task_named,
    work,
)

S = DossierStatus
DUE = dt.datetime(2026, 3, 9, 17, 0, tzinfo=VN)
OFFICE_DAY = 7.5 * 3600


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=VN)


def test_reception_sets_appointment_and_step_due_dates(
    session: Session, service: DossierService, publish: Publish
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    assert dossier.received_at == RECEIVED
    assert dossier.appointment_at == dossier.due_at == DUE
    assert task_named(dossier, "Task_receive").due_at == at(4, 17)  # one working day
    work(session, service, dossier, stop_at="Task_appraise")
    assert task_named(dossier, "Task_appraise").due_at == at(5, 17)  # two working days


def test_supplement_loop_pauses_the_clock_and_shifts_the_due_date_exactly(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
    calendar: WorkingCalendar,
) -> None:
    dossier = received(service, publish(Archetype.SUPPLEMENT).code)
    work(session, service, dossier, stop_at="Task_appraise")

    clock.set(at(4, 10))  # Wednesday 10:00: supplement requested (Form 02)
    service.complete_task(task_named(dossier, "Task_appraise").id, SUPPLEMENT_ANSWER,
                          actor="specialist-1")
    check_reload(session, service, dossier)
    assert dossier.status is S.SUPPLEMENT
    assert (dossier.paused_since, dossier.supplement_count) == (at(4, 10), 1)
    assert dossier.due_at == DUE  # unknown until the citizen comes back
    wait = task_named(dossier, "Task_supplement")
    assert (wait.role, wait.due_at, wait.priority) == ("receiver", None, 10)
    request = service.history(dossier.code)[-1]
    assert (request.action, request.to_status) == ("request_supplement", "5")
    assert request.detail == {"form": "02", "request": "Thiếu bản vẽ", "supplement_count": 1}

    clock.set(at(9, 10))  # Monday 10:00: exactly three working days later
    service.complete_task(wait.id, ANSWERS["Task_supplement"], actor=OFFICER)
    check_reload(session, service, dossier)
    assert dossier.status is S.PROCESSING
    assert dossier.paused_since is None
    assert dossier.paused_seconds == 3 * OFFICE_DAY
    assert dossier.due_at == at(12, 17)  # Monday 9 → Thursday 12 March, 17:00
    expected = Deadline(RECEIVED, 4, TimeUnit.WORKING_DAYS, centre=CENTRE)
    expected = expected.pause(at(4, 10)).resume(at(9, 10))
    assert dossier.due_at == expected.due(calendar)
    # the reopened appraisal is due two working days after reception, moved by the pause
    assert task_named(dossier, "Task_appraise").due_at == at(10, 17)

    clock.set(at(10, 8))  # a second round: Tuesday 08:00 → 15:30 = 3 h 30 + 2 h
    service.complete_task(task_named(dossier, "Task_appraise").id, SUPPLEMENT_ANSWER,
                          actor="specialist-1")
    clock.set(at(10, 15, 30))
    service.complete_task(task_named(dossier, "Task_supplement").id,
                          ANSWERS["Task_supplement"], actor=OFFICER)
    assert dossier.supplement_count == 2
    assert dossier.paused_seconds == 3 * OFFICE_DAY + 5.5 * 3600
    clock.set(at(10, 16))
    work(session, service, dossier, {"Task_appraise": [COMPLETE_ANSWER]})
    assert dossier.status is S.RETURNED
    replayed = statutory_clock(dossier, service.history(dossier.code), time=4,
                               unit=TimeUnit.WORKING_DAYS)
    assert [(p.start, p.end) for p in replayed.pauses] == [
        (at(4, 10), at(9, 10)), (at(10, 8), at(10, 15, 30))]
    assert replayed.due(calendar) == dossier.due_at


def test_withdrawal_during_a_supplement_closes_the_pause(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.SUPPLEMENT).code)
    work(session, service, dossier, {"Task_appraise": [SUPPLEMENT_ANSWER]},
         stop_at="Task_supplement")
    clock.set(at(5, 9))  # Thursday 09:00, asked on Tuesday 09:00: two office days
    service.withdraw(dossier.code, actor="citizen", reason="Không bổ sung được")
    assert dossier.status is S.WITHDRAWN
    assert (dossier.paused_since, dossier.paused_seconds) == (None, 2 * OFFICE_DAY)


def test_an_extension_is_recorded_once(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    work(session, service, dossier, stop_at="Task_appraise")
    clock.set(at(5, 10))
    new_due = at(13, 17)
    service.extend(dossier.code, new_due=new_due, reason="Chờ ý kiến Sở Xây dựng",
                   actor="leader-1")
    check_reload(session, service, dossier)
    assert (dossier.due_at, dossier.extended_at) == (new_due, at(5, 10))
    assert dossier.extension_reason == "Chờ ý kiến Sở Xây dựng"
    assert dossier.appointment_at == DUE  # the receipt's date is history
    event = service.history(dossier.code)[-1]
    assert (event.action, event.from_status, event.to_status) == ("extend", None, None)
    assert event.detail["form"] == "04"
    assert dt.datetime.fromisoformat(event.detail["new_due"]) == new_due

    lock = dossier.lock_version
    with pytest.raises(TransitionError, match="already extended once"):
        service.extend(dossier.code, new_due=at(20, 17), reason="again", actor="leader-1")
    assert (dossier.due_at, dossier.lock_version) == (new_due, lock)


def test_an_extension_less_than_a_working_day_before_the_due_date_is_refused(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    work(session, service, dossier, stop_at="Task_appraise")
    clock.set(at(6, 17, 1))  # the last moment was Friday 17:00 (Monday is the due day)
    with pytest.raises(TransitionError, match="it had to be made by"):
        service.extend(dossier.code, new_due=at(13, 17), reason="late", actor="leader-1")
    assert (dossier.due_at, dossier.extended_at) == (DUE, None)
    assert service.history(dossier.code)[-1].action != "extend"


def test_an_extension_must_move_the_date_later(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    with pytest.raises(TransitionError, match="before the current due date"):
        service.extend(dossier.code, new_due=at(6, 17), reason="earlier", actor="leader-1")


def test_a_decided_dossier_cannot_be_extended(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = received(service, publish(Archetype.FEE_ERESULT).code)
    work(session, service, dossier, stop_at="Task_fee")
    assert dossier.status is S.AWAITING_PAYMENT
    with pytest.raises(TransitionError, match="being processed"):
        service.extend(dossier.code, new_due=at(20, 17), reason="x", actor="leader-1")


def test_pauses_after_an_extension_move_the_new_date(
    session: Session, service: DossierService, clock: FixedClock, publish: Publish,
    calendar: WorkingCalendar,
) -> None:
    dossier = received(service, publish(Archetype.SUPPLEMENT).code)
    work(session, service, dossier, stop_at="Task_appraise")
    clock.set(at(4, 9))
    service.extend(dossier.code, new_due=at(13, 17), reason="x", actor="leader-1")
    clock.set(at(4, 10))
    service.complete_task(task_named(dossier, "Task_appraise").id, SUPPLEMENT_ANSWER,
                          actor="specialist-1")
    clock.set(at(5, 10))  # one working day paused
    service.complete_task(task_named(dossier, "Task_supplement").id,
                          ANSWERS["Task_supplement"], actor=OFFICER)
    assert dossier.due_at == at(16, 17)  # Friday 13 + one working day = Monday 16


@pytest.mark.parametrize(("due", "expected"), [
    (None, 10),
    (at(3, 8), 100),  # overdue
    (at(3, 17), 90),  # due today
    (at(4, 17), 80),  # a working day and a bit
    (at(6, 17), 60),
    (at(31, 17), 20),  # far off: the floor
])
def test_priority_rises_as_the_due_date_nears(
    calendar: WorkingCalendar, due: dt.datetime | None, expected: int
) -> None:
    assert priority(due, RECEIVED, calendar) == expected
