"""Printable forms 01-04 of a dossier: rendered with the code, dates and Vietnamese
headings; only for logged-in officers of the dossier's units; 404 when a form does not
apply."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.auth.loading import EXTENSION_KEY, AuthState
from api.forms import render_receipt
from api.forms.pdf import DEFAULT_FONT_DIR, FONT_FILES
from api.public.tracking import tracking_key
from bpmn.catalog.model import Archetype
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.services import AccountService
from engine.catalog.services import CatalogService
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier
from engine.dossiers.services import DossierService
from engine.dossiers.tracking import check_tracking_secret, issue_tracking_secret
from engine.specs import SpecCache
from tests.engine.dossiers.conftest import (
    RECEIVED,
    SUPPLEMENT_ANSWER,
    _calendar,
    catalog_row,
    received,
    task_named,
    work,
)

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
PASSWORD = "rừng thông Đà Lạt 1975"
CODE = "1.000003"
AGENCY = "000.00.33.H36"  # the competent agency of tests.bpmn.factories rows
APPLICANT = "Trần Thị Bích"
PDF_READY = (importlib.util.find_spec("fpdf") is not None
             and (Path(DEFAULT_FONT_DIR) / FONT_FILES[""]).is_file())
HEADINGS = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.fixture
def service(session: Session) -> DossierService:
    return DossierService(session, clock=FixedClock(RECEIVED), calendar=_calendar(),
                          specs=SpecCache())


@pytest.fixture
def dossier(session: Session, service: DossierService) -> Dossier:
    CatalogService(session).build([catalog_row(Archetype.SUPPLEMENT, code=CODE)])
    found = received(service, CODE, applicant_name=APPLICANT)
    session.commit()
    return found


@pytest.fixture
def users(app: Flask, session: Session) -> AccountService:
    state: AuthState = app.extensions[EXTENSION_KEY]
    state.hasher = FAST
    accounts = AccountService(session, clock=FixedClock(RECEIVED), hasher=FAST)
    accounts.create_user("lan", roles=["specialist"], units=[AGENCY], password=PASSWORD)
    accounts.create_user("khoa", roles=["receiver"], units=["000.00.99.H36"],
                         password=PASSWORD)
    session.commit()
    return accounts


def login(client: FlaskClient, username: str = "lan") -> None:
    response = client.post("/api/v1/auth/login",
                           json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.get_data(as_text=True)


def form(client: FlaskClient, dossier: Dossier, number: str, kind: str = "html") -> Any:
    return client.get(f"/api/v1/dossiers/{dossier.code}/forms/{number}.{kind}")


def assert_official(text: str, dossier: Dossier, number: str) -> None:
    for heading in HEADINGS:
        assert heading in text
    assert f"Mẫu số {number}" in text
    assert dossier.code in text
    assert "Lâm Đồng, ngày 03 tháng 03 năm 2026" in text


def test_the_receipt_shows_the_appointment_and_a_masked_secret(
        client: FlaskClient, dossier: Dossier, users: AccountService) -> None:
    login(client)
    response = form(client, dossier, "01")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert_official(text, dossier, "01")
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert APPLICANT in text
    assert "09:00 thứ Ba, 03/03/2026" in text  # received
    assert "17:00" in text  # the appointment
    assert "••••-••••" in text
    assert "<svg" in text
    assert f"http://localhost/p/ho-so/{dossier.code}" in text


def test_render_receipt_prints_the_secret_issued_at_reception(
        app: Flask, session: Session, service: DossierService, dossier: Dossier) -> None:
    secret = issue_tracking_secret(dossier, tracking_key(app))
    with app.test_request_context():
        html = render_receipt(dossier, service.receipt(dossier), secret, session=session)
    assert f"{secret[:4]}-{secret[4:]}" in html
    assert "••••" not in html
    assert check_tracking_secret(dossier, secret, tracking_key(app))


def test_supplement_refusal_and_extension_forms(
        client: FlaskClient, session: Session, service: DossierService, dossier: Dossier,
        users: AccountService) -> None:
    login(client)
    for number in ("02", "03", "04"):
        assert form(client, dossier, number).status_code == 404
    work(session, service, dossier, {"Task_appraise": [SUPPLEMENT_ANSWER]},
         stop_at="Task_supplement")
    new_due = dt.datetime(2026, 3, 20, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    service.extend(dossier.code, new_due=new_due, reason="Chờ ý kiến cơ quan phối hợp",
                   actor="leader-1")
    session.commit()
    text = form(client, dossier, "02").get_data(as_text=True)
    assert_official(text, dossier, "02")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Thiếu bản vẽ" in text
    text = form(client, dossier, "04").get_data(as_text=True)
    assert_official(text, dossier, "04")
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Chờ ý kiến cơ quan phối hợp" in text
    assert "17:00 thứ Sáu, 20/03/2026" in text
    assert form(client, dossier, "03").status_code == 404
    if PDF_READY:
        for number in ("02", "04"):
            assert form(client, dossier, number, "pdf").data.startswith(b"%PDF-")
    assert form(client, dossier, "03", "pdf").status_code == 404


def test_refusal_form_gives_the_reasons(
        client: FlaskClient, session: Session, service: DossierService, dossier: Dossier,
        users: AccountService) -> None:
    row = task_named(dossier, "Task_receive")
    service.complete_task(row.id, {"reception_outcome": "refuse",
                                   "refusal_reason": "Không thuộc thẩm quyền"},
                          actor="receiver-1")
    session.commit()
    login(client)
    response = form(client, dossier, "03")
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert_official(text, dossier, "03")
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Không thuộc thẩm quyền" in text


def test_forms_need_a_login(client: FlaskClient, dossier: Dossier) -> None:
    response = form(client, dossier, "01")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_forms_need_an_officer_of_the_dossier_units(
        client: FlaskClient, dossier: Dossier, users: AccountService) -> None:
    login(client, "khoa")
    response = form(client, dossier, "01")
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert APPLICANT not in response.get_data(as_text=True)


@pytest.mark.parametrize(("path", "status"), [
    ("H36-000000-0000/forms/01.html", 404),
    ("{code}/forms/05.html", 404),
])
def test_unknown_dossier_or_form_is_404(client: FlaskClient, dossier: Dossier,
                                        users: AccountService, path: str,
                                        status: int) -> None:
    login(client)
    response = client.get(f"/api/v1/dossiers/{path.format(code=dossier.code)}")
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"


# -- PDF ------------------------------------------------------------------------------------


def test_the_receipt_as_pdf(app: Flask, client: FlaskClient, dossier: Dossier,
                            users: AccountService) -> None:
    if not PDF_READY:
        reason = f"fpdf2 or the DejaVu fonts ({DEFAULT_FONT_DIR}) are not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must test the PDF forms (make test installs them)")
        pytest.skip(reason)
    login(client)
    response = form(client, dossier, "01", "pdf")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.data.count(b"/Type /Page\n") + response.data.count(b"/Type /Page ") >= 1
    assert b"DejaVuSerif" in response.data  # the embedded font that has Vietnamese
    assert response.headers["Cache-Control"] == "no-store"


def test_pdf_without_fonts_is_a_503_problem(
        app: Flask, client: FlaskClient, dossier: Dossier, users: AccountService,
        tmp_path: Path) -> None:
    app.config["PDF_FONT_DIR"] = str(tmp_path)
    login(client)
    response = form(client, dossier, "01", "pdf")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "DejaVuSerif.ttf" in response.get_json()["detail"]
