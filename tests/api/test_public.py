"""The public API and pages (no login): procedure facts, QR codes, dossier tracking with
the receipt's second factor, identical not-found answers, the lookup rate limit."""

from __future__ import annotations

import io
from typing import Any

import pytest
import segno
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.auth.ratelimit import SlidingWindow
from api.public.views import LIMITER_KEY
from bpmn.catalog.model import Archetype, Level
from engine.catalog.models import Agency, Field
from engine.catalog.services import CatalogService
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier
from engine.dossiers.services import DossierService
from engine.dossiers.tracking import (
    ALPHABET,
    TrackingParams,
    check_tracking_secret,
    format_secret,
    hash_tracking_secret,
    issue_tracking_secret,
)
from engine.specs import SpecCache
from tests.engine.dossiers.conftest import RECEIVED, _calendar, catalog_row, received

CHEAP = TrackingParams(n=16, r=8, p=1)
CODE = "1.000002"
APPLICANT = "Nguyễn Văn An"
ID_NUMBER = "068123456789"
PROBLEM = "application/problem+json"
INTERNAL = {"archetype", "inter_agency", "partner_agencies", "latest_version", "versions",
            "id", "bpmn_xml", "content_hash", "agency", "field"}


@pytest.fixture
def service(session: Session) -> DossierService:
    return DossierService(session, clock=FixedClock(RECEIVED), calendar=_calendar(),
                          specs=SpecCache())


@pytest.fixture
def procedure(session: Session) -> Any:
    row = catalog_row(Archetype.STANDARD, code=CODE)
    session.add_all([Field(code=row.field, name="Hoạt động xây dựng"),
                     Agency(code=row.agency, name="Sở Xây dựng", level=Level.PROVINCE)])
    catalog = CatalogService(session)
    catalog.build([row])
    session.commit()
    return catalog.get(CODE)


@pytest.fixture
def tracked(session: Session, service: DossierService, procedure: Any) -> tuple[Dossier, str]:
    dossier = received(service, CODE, applicant_name=APPLICANT,
                       applicant_id_number=ID_NUMBER)
    secret = issue_tracking_secret(dossier, CHEAP)
    session.commit()
    return dossier, secret


# -- the second factor ---------------------------------------------------------------------


def test_secrets_are_eight_unambiguous_characters_stored_hashed() -> None:
    dossier = Dossier()
    secret = issue_tracking_secret(dossier, CHEAP)
    assert len(secret) == 8
    assert set(secret) <= set(ALPHABET)
    assert not set("ILOU") & set(secret)
    assert secret not in (dossier.tracking_secret_hash or "")
    assert dossier.tracking_secret_hash.startswith("scrypt$16$8$1$")
    assert len(dossier.tracking_secret_hash) <= 128
    assert check_tracking_secret(dossier, secret)
    assert check_tracking_secret(dossier, format_secret(secret).lower())
    assert not check_tracking_secret(dossier, "00000000" if secret != "00000000" else "1")
    assert not check_tracking_secret(None, secret)
    assert not check_tracking_secret(Dossier(), secret)  # no secret issued
    assert not check_tracking_secret(dossier, "ĐĐĐĐĐĐĐĐ")


def test_look_alike_characters_are_forgiven() -> None:
    dossier = Dossier()
    dossier.tracking_secret_hash = hash_tracking_secret("10A0B1C1", CHEAP)
    assert check_tracking_secret(dossier, "io-a0 bLc1")


def test_reissuing_replaces_the_secret() -> None:
    dossier = Dossier()
    first = issue_tracking_secret(dossier, CHEAP)
    second = issue_tracking_secret(dossier, CHEAP)
    assert check_tracking_secret(dossier, second)
    assert first == second or not check_tracking_secret(dossier, first)


# -- procedures -----------------------------------------------------------------------------


def test_public_procedure_has_citizen_facts_and_nothing_internal(
        client: FlaskClient, procedure: Any) -> None:
    response = client.get(f"/api/v1/public/procedures/{CODE}")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert not INTERNAL & set(body)
    assert body["code"] == CODE
    assert body["field_name"] == "Hoạt động xây dựng"
    assert body["agency_name"] == "Sở Xây dựng"
    assert body["level_label"] == "Cấp tỉnh"
    assert body["statutory_time_label"] == "4 ngày làm việc"
    assert next(s["name"] for s in body["steps"]) == "Tiếp nhận, kiểm tra hồ sơ"
    assert body["where_to_submit"]
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Vary" not in response.headers


def test_unknown_procedure_is_a_problem(client: FlaskClient, procedure: Any) -> None:
    response = client.get("/api/v1/public/procedures/9.999999")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_qr_png_is_segno_output_for_the_public_page(
        client: FlaskClient, procedure: Any) -> None:
    response = client.get(f"/api/v1/public/procedures/{CODE}/qr.png?scale=3")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    url = f"http://localhost/p/{CODE}"
    qr = segno.make(url, micro=False, error="m")
    expected = io.BytesIO()
    qr.save(expected, kind="png", scale=3, border=4)
    assert response.data == expected.getvalue()
    width = int.from_bytes(response.data[16:20], "big")
    assert width == qr.symbol_size(scale=3, border=4)[0]
    assert "max-age" in response.headers["Cache-Control"]


def test_qr_svg_uses_the_configured_public_base_url(
        app: Flask, client: FlaskClient, procedure: Any) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://dichvucong.lamdong.gov.vn/"
    response = client.get(f"/api/v1/public/procedures/{CODE}/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    url = f"https://dichvucong.lamdong.gov.vn/p/{CODE}"
    text = response.get_data(as_text=True)
    assert url in text  # the title
    assert text.count("<path") > 0
    expected = io.BytesIO()
    segno.make(url, micro=False, error="m").save(expected, kind="svg", scale=4, border=4,
                                                 title=url)
    assert response.data == expected.getvalue()


@pytest.mark.parametrize("scale", ["0", "21", "x"])
def test_qr_scale_is_bounded(client: FlaskClient, procedure: Any, scale: str) -> None:
    response = client.get(f"/api/v1/public/procedures/{CODE}/qr.png?scale={scale}")
    assert response.status_code == 422
    assert response.mimetype == PROBLEM


def test_the_procedure_page_is_vietnamese_html(client: FlaskClient, procedure: Any) -> None:
    response = client.get(f"/p/{CODE}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '<html lang="vi">' in text
    assert "Thời hạn giải quyết" in text
    assert "4 ngày làm việc" in text
    assert client.get("/p/9.999999").status_code == 404


# -- dossiers -------------------------------------------------------------------------------


def test_tracking_with_the_secret_shows_progress_and_no_personal_data(
        client: FlaskClient, tracked: tuple[Dossier, str]) -> None:
    dossier, secret = tracked
    response = client.get(f"/api/v1/public/dossiers/{dossier.code}",
                          query_string={"secret": format_secret(secret)})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == "2"
    assert body["status_label"] == "Đã tiếp nhận"
    assert body["received_at"]
    assert body["appointment_at"]
    assert body["due_at"]
    assert body["current_steps"]
    assert body["decided"] is False
    assert body["returned"] is False
    text = response.get_data(as_text=True)
    for private in (APPLICANT, "Nguy", ID_NUMBER, "receiver-1", "applicant"):
        assert private not in text
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_wrong_secret_and_unknown_code_answer_identically(
        client: FlaskClient, tracked: tuple[Dossier, str]) -> None:
    dossier, secret = tracked
    wrong = "ZZZZZZZZ" if secret != "ZZZZZZZZ" else "YYYYYYYY"
    answers = [client.get(f"/api/v1/public/dossiers/{code}", query_string={"secret": s})
               for code, s in ((dossier.code, wrong), ("H36-260303-9999", secret))]
    for response in answers:
        assert response.status_code == 404
        assert response.mimetype == PROBLEM
    assert answers[0].data == answers[1].data
    assert dict(answers[0].headers) == dict(answers[1].headers)


def test_lookups_are_rate_limited_per_address(
        app: Flask, client: FlaskClient, tracked: tuple[Dossier, str]) -> None:
    dossier, secret = tracked
    app.extensions[LIMITER_KEY] = SlidingWindow(2, 60)
    url = f"/api/v1/public/dossiers/{dossier.code}"
    assert client.get(url, query_string={"secret": "x"}).status_code == 404
    assert client.get(url, query_string={"secret": secret}).status_code == 200
    response = client.get(url, query_string={"secret": secret})
    assert response.status_code == 429
    assert response.mimetype == PROBLEM
    assert int(response.headers["Retry-After"]) >= 1
    other = client.get(url, query_string={"secret": secret},
                       environ_overrides={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
    page = client.get(f"/p/ho-so/{dossier.code}", query_string={"secret": secret})
    assert page.status_code == 429  # the HTML page shares the limit


def test_the_tracking_page_asks_for_the_secret_then_shows_the_status(
        client: FlaskClient, tracked: tuple[Dossier, str]) -> None:
    dossier, secret = tracked
    form = client.get(f"/p/ho-so/{dossier.code}")
    assert form.status_code == 200
    assert 'name="secret"' in form.get_data(as_text=True)
    page = client.get(f"/p/ho-so/{dossier.code}", query_string={"secret": secret})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Đã tiếp nhận" in text
    assert dossier.code in text
    assert APPLICANT not in text
    wrong = client.get(f"/p/ho-so/{dossier.code}", query_string={"secret": "AAAA0000"})
    assert wrong.status_code == 404
    assert "Không tìm thấy hồ sơ" in wrong.get_data(as_text=True)


def test_missing_secret_is_a_validation_problem(
        client: FlaskClient, tracked: tuple[Dossier, str]) -> None:
    response = client.get(f"/api/v1/public/dossiers/{tracked[0].code}")
    assert response.status_code == 422
    assert response.mimetype == PROBLEM


def test_openapi_documents_the_api_but_not_the_pages(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/public/dossiers/{code}" in paths
    assert "/api/v1/public/procedures/{code}/qr.svg" in paths
    assert not [path for path in paths if path.startswith("/p/")]
