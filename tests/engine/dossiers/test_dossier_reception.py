"""Reception: the dossier code, routing to the competent authority, the receipt, versions."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype, StepBudget
from bpmn.generator import render
from engine.catalog.models import VersionStatus
from engine.catalog.services import CatalogService, NotFoundError
from engine.dossiers import routing
from engine.dossiers import services as services_module
from engine.dossiers.clock import FixedClock
from engine.dossiers.errors import ProcedureUnavailable
from engine.dossiers.models import DossierStatus
from engine.dossiers.routing import CODE_PATTERN
from engine.dossiers.services import DossierService
from tests.engine.dossiers.conftest import (
    CENTRE,
    RECEIVED,
    VN,
    Publish,
    catalog_row,
    open_tasks,
    received,
    work,
)

COMMUNE = "000.21.05.H36"
HOME = "000.21.07.H36"


def test_codes_follow_the_national_format_and_count_per_centre_per_day(
    service: DossierService, clock: FixedClock, publish: Publish,
) -> None:
    code = publish(Archetype.STANDARD).code
    first = [received(service, code).code for _ in range(3)]
    assert first == [f"{CENTRE}-260303-{n:04d}" for n in (1, 2, 3)]
    assert all(CODE_PATTERN.match(c) for c in first)
    assert received(service, code, centre=COMMUNE).code == f"{COMMUNE}-260303-0001"
    clock.set(dt.datetime(2026, 3, 4, 7, 45, tzinfo=VN))
    assert received(service, code).code == f"{CENTRE}-260304-0001"
    clock.set(dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC))  # 06:30 on the 5th in Vietnam
    assert received(service, code).code == f"{CENTRE}-260305-0001"


def test_a_code_taken_meanwhile_is_retried_once(
    service: DossierService, publish: Publish, monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = publish(Archetype.STANDARD).code
    taken = received(service, code).code
    calls: list[str] = []
    real = routing.next_code

    def racing(session: Session, centre: str, at: dt.datetime) -> str:
        calls.append(centre)
        return taken if len(calls) == 1 else real(session, centre, at)

    monkeypatch.setattr(services_module, "next_code", racing)
    dossier = received(service, code)
    assert (dossier.code, len(calls)) == (f"{CENTRE}-260303-0002", 2)
    assert [t.spec_id for t in open_tasks(dossier)] == ["Task_receive"]


def test_a_commune_procedure_goes_to_the_applicants_home_commune(
    service: DossierService, publish: Publish,
) -> None:
    procedure = publish(Archetype.STANDARD, commune=True)
    elsewhere = received(service, procedure.code, centre=COMMUNE, home_centre=HOME)
    assert (elsewhere.received_centre, elsewhere.competent_agency) == (COMMUNE, HOME)
    assert elsewhere.code.startswith(f"{COMMUNE}-")
    here = received(service, procedure.code, centre=COMMUNE)
    assert here.competent_agency == COMMUNE


def test_commune_tasks_are_worked_at_home_and_returned_where_received(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    procedure = publish(Archetype.STANDARD, commune=True)
    dossier = received(service, procedure.code, centre=COMMUNE, home_centre=HOME)
    units = {}
    for _ in range(6):
        units.update({t.spec_id: t.candidate_group for t in open_tasks(dossier)})
        if not work(session, service, dossier, limit=1):
            break
    assert units == {
        "Task_receive": f"{COMMUNE}:receiver",
        "Task_appraise": f"{HOME}:specialist",
        "Task_approve": f"{HOME}:leader",
        "Task_return": f"{COMMUNE}:receiver",
    }


def test_a_province_procedure_goes_to_its_agency_wherever_received(
    service: DossierService, publish: Publish,
) -> None:
    procedure = publish(Archetype.STANDARD)
    dossier = received(service, procedure.code, centre=COMMUNE, home_centre=HOME)
    assert dossier.competent_agency == procedure.agency


def test_the_receipt_is_form_01(service: DossierService, publish: Publish) -> None:
    procedure = publish(Archetype.STANDARD)
    dossier, receipt = service.receive(procedure.code, centre=CENTRE, channel="3",
                                       applicant_name="Trần Thị Bình",
                                       applicant_id_number="068190000123", actor="receiver-2")
    assert dossier.status is DossierStatus.RECEIVED  # postal: received at once
    assert receipt.code == dossier.code
    assert (receipt.procedure_code, receipt.procedure_name) == (procedure.code, procedure.name)
    assert receipt.received_at == RECEIVED
    assert receipt.appointment == "17:00 thứ Hai, 09/03/2026"
    event = service.history(dossier.code)[0]
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "receive", None, "2", "receiver-2")
    assert event.detail["form"] == "01"


def test_no_published_version_no_dossier(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    with pytest.raises(NotFoundError):
        received(service, "9.999999")
    procedure = publish(Archetype.STANDARD)
    for version in procedure.versions:
        version.status = VersionStatus.RETIRED
    session.flush()
    with pytest.raises(ProcedureUnavailable, match="no published version"):
        received(service, procedure.code)


def test_running_dossiers_stay_on_their_version(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    procedure = publish(Archetype.STANDARD)
    old = received(service, procedure.code)
    work(session, service, old, stop_at="Task_appraise")

    slower = dataclasses.replace(catalog_row(Archetype.STANDARD), statutory_time=8.0,
                                 steps=tuple(StepBudget(s, 2.0) for s in
                                             ("receive", "appraise", "approve", "return")))
    catalog = CatalogService(session)
    draft = catalog.save_draft(procedure.code, render(slower), author="planner")
    catalog.publish(procedure.code, draft.number)

    new = received(service, procedure.code)
    assert new.version_id == draft.id != old.version_id
    assert new.due_at == dt.datetime(2026, 3, 13, 17, 0, tzinfo=VN)  # eight working days
    assert old.due_at == dt.datetime(2026, 3, 9, 17, 0, tzinfo=VN)  # four, as received
    assert [t.due_at for t in open_tasks(old)] == [dt.datetime(2026, 3, 5, 17, 0, tzinfo=VN)]
    work(session, service, old)
    assert old.status is DossierStatus.RETURNED
    assert old.version_id != draft.id
