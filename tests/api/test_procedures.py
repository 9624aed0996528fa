"""The read-only procedures API: search, filters, paging, errors, versions and ETags."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import pytest

from api.procedures.services import fold, word_pattern
from bpmn.catalog.model import Archetype, Level, OnlineLevel
from engine.catalog.models import (
    Agency,
    Field,
    Procedure,
    ProcedureVersion,
    VersionStatus,
    procedure_columns,
)

PROBLEM = "application/problem+json"
XML = '<?xml version="1.0" encoding="UTF-8"?><definitions id="D_{code}_{number}"/>'

# code, name, level, field, archetype, fee
ROWS = [
    ("1.001193", "Thủ tục đăng ký khai sinh", Level.COMMUNE, "ho_tich", Archetype.SAME_DAY, 0),
    ("1.000894", "Thủ tục đăng ký kết hôn", Level.COMMUNE, "ho_tich", Archetype.STANDARD, 0),
    ("1.004227", "Cấp bản sao trích lục Hộ tịch", Level.COMMUNE, "ho_tich", Archetype.SAME_DAY,
     8_000),
    ("2.001035", "Đăng ký thành lập doanh nghiệp tư nhân", Level.PROVINCE, "doanh_nghiep",
     Archetype.FEE_ERESULT, 50_000),
    ("1.012345", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", Level.PROVINCE, "dat_dai",
     Archetype.INTER_AGENCY, 100_000),
    ("1.009876", "Cấp giấy phép xây dựng nhà ở riêng lẻ (50% trở lên)", Level.COMMUNE,
     "xay_dung", Archetype.INSPECTION, 75_000),
]


def version(number: int, code: str, status: VersionStatus) -> ProcedureVersion:
    xml = XML.format(code=code.replace(".", "_"), number=number)
    return ProcedureVersion(
        number=number, bpmn_xml=xml, status=status, author="test", format_version=1,
        content_hash=hashlib.sha256(xml.encode()).hexdigest(),
    )


@pytest.fixture
def catalog(session, make_procedure):
    """Six procedures; 1.001193 has a retired v1, a published v2 and a draft v3."""
    session.add_all([
        Field(code="ho_tich", name="Hộ tịch"),
        Field(code="doanh_nghiep", name="Thành lập và hoạt động của doanh nghiệp"),
        Field(code="dat_dai", name="Đất đai"),
        Field(code="xay_dung", name="Hoạt động xây dựng"),
        Agency(code="UBND_XA", name="Ủy ban nhân dân cấp xã", level=Level.COMMUNE),
    ])
    procedures = {}
    for code, name, level, field, archetype, fee in ROWS:
        row = make_procedure(
            code, name=name, level=level, field=field, archetype=archetype, fee=fee,
            budget=0.5, agency="UBND_XA" if level is Level.COMMUNE else "SO_TC",
            online_level=OnlineLevel.FULL if fee == 0 else OnlineLevel.PARTIAL,
        )
        procedure = Procedure(**procedure_columns(row))
        procedure.versions.append(version(1, procedure.code, VersionStatus.PUBLISHED))
        procedures[procedure.code] = procedure
    birth = procedures["1.001193"]
    birth.versions[0].status = VersionStatus.RETIRED
    birth.versions.append(version(2, birth.code, VersionStatus.PUBLISHED))
    birth.versions.append(version(3, birth.code, VersionStatus.DRAFT))
    session.add_all(procedures.values())
    session.flush()
    return procedures


def codes(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["code"] for item in response.get_json()]


# -- search ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("khai sinh", ["1.001193"]),
        ("dang ky khai sinh", ["1.001193"]),
        ("KHAI SINH", ["1.001193"]),
        ("Khai Sinh", ["1.001193"]),
        # the name holding the phrase first, then the rest of the Hộ tịch field by code
        ("ho tich", ["1.004227", "1.000894", "1.001193"]),
        ("hộ tịch", ["1.004227", "1.000894", "1.001193"]),
        ("HỘ TỊCH", ["1.004227", "1.000894", "1.001193"]),
        ("dang ky", ["1.000894", "1.001193", "2.001035"]),
        ("Đăng ký", ["1.000894", "1.001193", "2.001035"]),
        ("dat lan dau", ["1.012345"]),  # every word, in any order and place
        ("1.00119", ["1.001193"]),  # part of a code
        ("50%", ["1.009876"]),  # special characters are matched literally
        ("le (50%", ["1.009876"]),
        ("_", []),
        ("*", []),
        ("[", []),
        (".*", []),
        ("\\", []),
        ("   ", [c for c, *_ in sorted(ROWS)]),  # blank: no text filter
        ("khai sinh kết hôn", []),
    ],
)
def test_search_ignores_diacritics_and_case(client, catalog, q, expected):
    assert codes(client.get("/api/v1/procedures", query_string={"q": q})) == expected


def test_words_match_only_at_word_starts(client, session, catalog):
    catalog["1.012345"].name = "Tặng Giấy khen của Chủ tịch cho gia đình"
    session.flush()
    # "ho" is inside "cho" and "tich" starts "tịch", but "ho" starts no word there
    assert "1.012345" not in codes(client.get("/api/v1/procedures?q=ho tich"))
    assert codes(client.get("/api/v1/procedures?q=chu tich")) == ["1.012345"]


def test_search_matches_text_stored_decomposed(client, session, catalog):
    catalog["1.000894"].name = unicodedata.normalize("NFD", "Thủ tục đăng ký kết hôn")
    session.flush()
    assert codes(client.get("/api/v1/procedures?q=ket hon")) == ["1.000894"]


def test_list_items_carry_the_field_name(client, catalog):
    [item] = client.get("/api/v1/procedures?q=khai sinh").get_json()
    assert item["name"] == "Thủ tục đăng ký khai sinh"
    assert item["field_name"] == "Hộ tịch"
    assert item["statutory_time"] == 2.0
    assert item["time_unit"] == "working_days"


# -- filters and paging ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"level": "province"}, ["1.012345", "2.001035"]),
        ({"field": "ho_tich"}, ["1.000894", "1.001193", "1.004227"]),
        ({"archetype": "same_day"}, ["1.001193", "1.004227"]),
        ({"agency": "SO_TC"}, ["1.012345", "2.001035"]),
        ({"online_level": "full"}, ["1.000894", "1.001193"]),
        ({"level": "commune", "q": "cap"}, ["1.004227", "1.009876"]),
        ({"field": "no_such_field"}, []),
    ],
)
def test_filters(client, catalog, query, expected):
    assert codes(client.get("/api/v1/procedures", query_string=query)) == expected


def test_paging_sets_the_x_pagination_header(client, catalog):
    response = client.get("/api/v1/procedures?page=2&page_size=4")
    assert codes(response) == ["1.012345", "2.001035"]
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 6, "total_pages": 2, "first_page": 1, "last_page": 2,
        "page": 2, "previous_page": 1,
    }


def test_paging_counts_matches_not_rows(client, catalog):
    response = client.get("/api/v1/procedures?q=ho tich&page_size=1")
    assert json.loads(response.headers["X-Pagination"])["total"] == 3
    assert codes(response) == ["1.004227"]


def test_fields_list_counts_procedures(client, catalog):
    response = client.get("/api/v1/fields")
    assert response.status_code == 200
    assert response.get_json()[:2] == [
        {"code": "dat_dai", "name": "Đất đai", "procedure_count": 1},
        {"code": "ho_tich", "name": "Hộ tịch", "procedure_count": 3},
    ]


# -- bad requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("level=district", "level"),
        ("archetype=whatever", "archetype"),
        ("online_level=none", "online_level"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=1000", "page_size"),
        (f"q={'x' * 201}", "q"),
    ],
)
def test_bad_query_parameters_are_422_problems_naming_the_field(client, catalog, query, field):
    response = client.get(f"/api/v1/procedures?{query}")
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 422
    assert field in body["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/procedures/9.999999",
        "/api/v1/procedures/9.999999/versions",
        "/api/v1/procedures/9.999999/versions/1",
        "/api/v1/procedures/9.999999/versions/1/bpmn",
    ],
)
def test_unknown_code_is_a_404_problem_naming_it(client, catalog, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert "9.999999" in response.get_json()["detail"]


def test_unknown_version_is_a_404_problem(client, catalog):
    response = client.get("/api/v1/procedures/1.001193/versions/9/bpmn")
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert "version 9" in response.get_json()["detail"]


# -- one procedure and its versions ------------------------------------------------------


def test_detail_has_steps_names_and_the_published_version(client, catalog):
    response = client.get("/api/v1/procedures/1.001193")
    assert response.status_code == 200
    body = response.get_json()
    assert body["latest_version"] == 2  # v3 is a draft, v1 retired
    assert body["agency_name"] == "Ủy ban nhân dân cấp xã"
    assert body["steps"] == [
        {"step": "receive", "budget": 0.5},
        {"step": "resolve", "budget": 0.5},
        {"step": "sign", "budget": 0.5},
        {"step": "return", "budget": 0.5},
    ]
    assert body["appointment_free"] is True
    assert body["partner_agencies"] == []


def test_detail_without_a_published_version(client, session, catalog):
    catalog["1.000894"].versions[0].status = VersionStatus.DRAFT
    session.flush()
    assert client.get("/api/v1/procedures/1.000894").get_json()["latest_version"] is None


def test_versions_list(client, catalog):
    response = client.get("/api/v1/procedures/1.001193/versions")
    assert response.status_code == 200
    body = response.get_json()
    assert [(v["number"], v["status"]) for v in body] == [
        (1, "retired"), (2, "published"), (3, "draft"),
    ]
    assert "bpmn_xml" not in body[0]


def test_version_metadata_has_the_content_hash_as_etag(client, catalog):
    expected = catalog["1.001193"].versions[1].content_hash
    response = client.get("/api/v1/procedures/1.001193/versions/2")
    assert response.status_code == 200
    assert response.get_json()["content_hash"] == expected
    assert response.headers["ETag"] == f'"{expected}"'
    again = client.get("/api/v1/procedures/1.001193/versions/2",
                       headers={"If-None-Match": f'"{expected}"'})
    assert again.status_code == 304


def test_bpmn_download_with_etag_and_304(client, catalog):
    stored = catalog["1.001193"].versions[1]
    response = client.get("/api/v1/procedures/1.001193/versions/2/bpmn")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.get_data(as_text=True) == stored.bpmn_xml
    assert response.headers["ETag"] == f'"{stored.content_hash}"'

    cached = client.get("/api/v1/procedures/1.001193/versions/2/bpmn",
                        headers={"If-None-Match": response.headers["ETag"]})
    assert cached.status_code == 304
    assert cached.get_data() == b""

    stale = client.get("/api/v1/procedures/1.001193/versions/2/bpmn",
                       headers={"If-None-Match": '"0000"'})
    assert stale.status_code == 200


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/procedures", "/api/v1/procedures/{code}/versions/{number}/bpmn",
            "/api/v1/fields"} <= set(paths)
    assert not any(path == "/" or path.startswith("/assets") for path in paths)


# -- the folding itself ------------------------------------------------------------------

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
)


def test_fold_strips_every_vietnamese_diacritic():
    text = VIETNAMESE + VIETNAMESE.upper()
    assert fold(text) == (
        "a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d"
    ) * 2


@pytest.mark.parametrize(
    "text",
    [
        VIETNAMESE,
        VIETNAMESE.upper(),
        "Thủ tục đăng ký khai sinh",
        "CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
        unicodedata.normalize("NFD", "Cấp giấy chứng nhận quyền sử dụng đất"),
        "Mã 1.001193.H36 (50%) [a-z] *x* ^$ \\d",
        "Ñandú, Ærø, Łódź",
    ],
)
def test_word_pattern_matches_exactly_where_fold_does(text):
    """re.search(word_pattern(w), t) ⇔ w in fold(t), for words inside and outside `t`."""
    folded = fold(text)
    words = {folded[i:j] for i in range(0, len(folded), 3) for j in (i + 1, i + 4, i + 9)}
    words |= {"ho tich", "dat", "dang ky", "a.b", "x*", "[a-z]", "\\d", "zzz", "đ"}
    for word in sorted({fold(w) for w in words if w.strip()}):
        found = re.search(word_pattern(word), text) is not None
        assert found == (word in folded), (word, text)
