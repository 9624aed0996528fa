"""The public API and pages (no login): procedure facts, QR codes, dossier tracking with
the receipt's second factor, identical not-found answers, the lookup rate limit."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from typing import Any

import pytest
import segno
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from api.auth.ratelimit import SlidingWindow
from api.public.tracking import tracking_key
from api.public.views import LIMITER_KEY
from bpmn.catalog.model import Archetype, Level
from engine.catalog.models import Agency, Field
from engine.catalog.services import CatalogService
from engine.dossiers import tracking
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import Dossier
from engine.dossiers.services import DossierService
from engine.dossiers.tracking import (
    ALPHABET,
    check_tracking_secret,
    format_secret,
    hash_tracking_secret,
    issue_tracking_secret,
)
from engine.specs import SpecCache
from tests.engine.dossiers.conftest import RECEIVED, _calendar, catalog_row, received

KEY = b"a tracking key of the tests, 32b"
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
def tracked(app: Flask, session: Session, service: DossierService,
            procedure: Any) -> tuple[Dossier, str]:
    dossier = received(service, CODE, applicant_name=APPLICANT,
                       applicant_id_number=ID_NUMBER)
    secret = issue_tracking_secret(dossier, tracking_key(app))
    session.commit()
    return dossier, secret


# -- the second factor ---------------------------------------------------------------------


def _dossier(code: str = "H36-260303-0001") -> Dossier:
    return Dossier(code=code)


def _legacy_scrypt(secret: str, n: int = 16) -> str:
    """A hash as the scrypt version of the module stored it (demo data still has them)."""
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(secret.encode("ascii"), salt=salt, n=n, r=8, p=1, dklen=32)
    b64 = base64.urlsafe_b64encode
    return (f"scrypt${n}$8$1${b64(salt).rstrip(b'=').decode()}$"
            f"{b64(digest).rstrip(b'=').decode()}")


def test_secrets_are_eight_unambiguous_characters_stored_hashed() -> None:
    dossier = _dossier()
    secret = issue_tracking_secret(dossier, KEY)
    assert len(secret) == 8
    assert set(secret) <= set(ALPHABET)
    assert not set("ILOU") & set(secret)
    assert secret not in (dossier.tracking_secret_hash or "")
    assert len(dossier.tracking_secret_hash or "") <= 128
    assert check_tracking_secret(dossier, secret, KEY)
    assert check_tracking_secret(dossier, format_secret(secret).lower(), KEY)
    assert not check_tracking_secret(dossier, "00000000" if secret != "00000000" else "1", KEY)
    assert not check_tracking_secret(None, secret, KEY)
    assert not check_tracking_secret(_dossier(), secret, KEY)  # no secret issued
    assert not check_tracking_secret(dossier, "ĐĐĐĐĐĐĐĐ", KEY)
    assert not check_tracking_secret(dossier, "\udcff" * 8, KEY)


def test_the_stored_value_is_an_hmac_of_code_and_secret_under_the_key() -> None:
    dossier = _dossier()
    secret = issue_tracking_secret(dossier, KEY)
    expected = hmac.new(KEY, f"{dossier.code}:{secret}".encode(), hashlib.sha256).hexdigest()
    assert dossier.tracking_secret_hash == f"hmac-sha256$v1${expected}"
    assert not check_tracking_secret(dossier, secret, b"another key, 32 bytes long......")
    moved = _dossier("H36-260303-0002")  # the hash copied onto another dossier
    moved.tracking_secret_hash = dossier.tracking_secret_hash
    assert not check_tracking_secret(moved, secret, KEY)
    with pytest.raises(ValueError, match="16 bytes"):
        issue_tracking_secret(dossier, b"short")
    with pytest.raises(ValueError, match="receive first"):
        issue_tracking_secret(Dossier(), KEY)


def test_checks_compare_in_constant_time_and_unknown_codes_cost_an_hmac(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    macs: list[bytes] = []
    real_compare, real_new = hmac.compare_digest, hmac.new

    def compare(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real_compare(a, b)

    def new(key: bytes, msg: bytes, digestmod: Any) -> Any:
        macs.append(msg)
        return real_new(key, msg, digestmod)

    dossier = _dossier()
    secret = issue_tracking_secret(dossier, KEY)
    monkeypatch.setattr(tracking.hmac, "compare_digest", compare)
    monkeypatch.setattr(tracking.hmac, "new", new)
    assert check_tracking_secret(dossier, secret, KEY)
    assert not check_tracking_secret(dossier, "ZZZZZZZZ" if secret != "ZZZZZZZZ" else "1", KEY)
    for nothing in (None, _dossier(), Dossier(tracking_secret_hash="hmac-sha256$v1$zz")):
        assert not check_tracking_secret(nothing, secret, KEY)
    assert len(compared) == 5  # every answer, the unknown code included, went through it
    assert len(macs) == 5  # and cost one HMAC each, no more
    assert all(len(a) == len(b) == 32 for a, b in compared)


def test_legacy_scrypt_hashes_still_verify_with_scrypt(
        monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = _dossier()
    dossier.tracking_secret_hash = legacy = _legacy_scrypt("7K3QM9ZA")
    assert check_tracking_secret(dossier, "7k3q-m9za", KEY)
    assert check_tracking_secret(dossier, "7K3QM9ZA", b"any key: the scrypt hash has none")
    assert not check_tracking_secret(dossier, "7K3QM9ZB", KEY)
    assert not check_tracking_secret(dossier, "ĐĐĐĐĐĐĐĐ", KEY)
    # scrypt runs only for a stored scrypt hash, never for the keyed one
    calls: list[int] = []
    real = hashlib.scrypt

    def spy(*args: Any, **kwargs: Any) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tracking.hashlib, "scrypt", spy)
    fresh = _dossier()
    secret = issue_tracking_secret(fresh, KEY)
    assert check_tracking_secret(fresh, secret, KEY)
    assert not check_tracking_secret(None, secret, KEY)
    assert not calls
    assert check_tracking_secret(dossier, "7K3QM9ZA", KEY)
    assert calls == [1]
    # a value it never wrote (absurd cost) is refused without the work
    dossier.tracking_secret_hash = legacy.replace("scrypt$16$", "scrypt$17$")
    assert not check_tracking_secret(dossier, "7K3QM9ZA", KEY)
    assert calls == [1]


def test_look_alike_characters_are_forgiven() -> None:
    dossier = _dossier()
    dossier.tracking_secret_hash = hash_tracking_secret("10A0B1C1", dossier.code, KEY)
    assert check_tracking_secret(dossier, "io-a0 bLc1", KEY)


def test_reissuing_replaces_the_secret() -> None:
    dossier = _dossier()
    first = issue_tracking_secret(dossier, KEY)
    second = issue_tracking_secret(dossier, KEY)
    assert check_tracking_secret(dossier, second, KEY)
    assert first == second or not check_tracking_secret(dossier, first, KEY)


def test_the_tracking_key_comes_from_the_secret_key(app: Flask) -> None:
    key = tracking_key(app)
    expected = app.config["SECRET_KEY"]
    raw = expected if isinstance(expected, bytes) else expected.encode()
    assert key == hmac.new(raw, b"motcua.tracking.v1", hashlib.sha256).digest()
    assert key != raw
    with app.app_context():
        assert tracking_key() == key
    app.config["SECRET_KEY"] = "rotated"
    assert tracking_key(app) != key


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
