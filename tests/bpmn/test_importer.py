"""Importing procedure lists: national and own keys, JSON/CSV/XLSX, and every bad row."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from bpmn.catalog.generate import allocate_steps, generate_catalog
from bpmn.catalog.geography import UBND_XA
from bpmn.catalog.import_values import parse_fee
from bpmn.catalog.importer import RECORD_KEYS, read_procedures, to_record
from bpmn.catalog.model import (
    Archetype,
    Level,
    OnlineLevel,
    Procedure,
    StepBudget,
    TimeUnit,
)
from bpmn.errors import ImportRowsError

DATA = Path(__file__).parent / "data"
WD = TimeUnit.WORKING_DAYS
SO_XAY_DUNG, SO_TAI_CHINH, SO_NNMT, SO_Y_TE = (
    "000.00.03.H36", "000.00.05.H36", "000.00.04.H36", "000.00.07.H36")
CONG_AN, THUE, VP_DANG_KY_DAT_DAI = "000.00.15.H36", "000.00.16.H36", "000.00.17.H36"


def make(  # noqa: PLR0917 - expected rows read best in the column order of the list
        code: str, name: str, level: Level, field: str, agency: str, time: float,
         unit: TimeUnit, fee: int, online: OnlineLevel, archetype: Archetype, *,
         appointment_free: bool = False, partners: tuple[str, ...] = ()) -> Procedure:
    return Procedure(
        code=code, name=name, level=level, field=field, agency=agency, statutory_time=time,
        time_unit=unit, fee=fee, online_level=online, appointment_free=appointment_free,
        inter_agency=archetype is Archetype.INTER_AGENCY, archetype=archetype,
        steps=allocate_steps(archetype, time), partner_agencies=partners,
    )


BIRTH = make("1.001193", "Đăng ký khai sinh", Level.COMMUNE, "ho_tich", UBND_XA, 1.0, WD, 0,
             OnlineLevel.FULL, Archetype.SAME_DAY)
NATIONAL = [
    BIRTH,
    make("1.009994", "Cấp giấy phép xây dựng mới đối với công trình cấp I, II",
         Level.PROVINCE, "xay_dung", SO_XAY_DUNG, 20.0, WD, 150000, OnlineLevel.PARTIAL,
         Archetype.INSPECTION),
    make("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có "
         "thẩm quyền của Việt Nam cấp hoặc chứng nhận", Level.COMMUNE, "chung_thuc", UBND_XA,
         4.0, TimeUnit.HOURS, 2000, OnlineLevel.PARTIAL, Archetype.SAME_DAY,
         appointment_free=True),
    make("1.004227.H36", "Đăng ký biến động đất đai, tài sản gắn liền với đất",
         Level.PROVINCE, "dat_dai", VP_DANG_KY_DAT_DAI, 10.0, WD, 30000, OnlineLevel.FULL,
         Archetype.INTER_AGENCY, partners=(THUE, SO_TAI_CHINH)),
    make("1.000775", "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược cho cơ sở bán lẻ thuốc "
         "là nhà thuốc", Level.PROVINCE, "duoc_pham", SO_Y_TE, 20.0, TimeUnit.DAYS, 500000,
         OnlineLevel.FULL, Archetype.FEE_ERESULT),
]


def errors_of(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(ImportRowsError) as caught:
        read_procedures(path)
    return [(e.row, e.field) for e in caught.value.errors]


def write_json(path: Path, rows: Any) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def cells(procedure: Procedure) -> list[Any]:
    record = to_record(procedure)
    record["partner_agencies"] = ";".join(record["partner_agencies"])
    return [record[key] for key in RECORD_KEYS]


def write_csv(path: Path, procedures: list[Procedure], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(RECORD_KEYS)
        writer.writerows(cells(p) for p in procedures)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("ignored").append(["code", "name"])
    workbook.save(path)
    return path


# -- formats --------------------------------------------------------------------------


def test_national_json_list() -> None:
    procedures = read_procedures(DATA / "national.json")
    assert procedures == NATIONAL
    assert procedures[1].steps == (
        StepBudget("receive", 1.75), StepBudget("appraise", 10.5), StepBudget("inspect", 3.75),
        StepBudget("approve", 2.75), StepBudget("return", 1.25))


def test_national_json_single_document_and_wrapped_list(tmp_path: Path) -> None:
    household = make("2.002160", "Đăng ký thành lập hộ kinh doanh", Level.COMMUNE,
                     "ho_kinh_doanh", UBND_XA, 3.0, WD, 100000, OnlineLevel.FULL,
                     Archetype.FEE_ERESULT)
    assert read_procedures(DATA / "national_single.json") == [household]
    rows = json.loads((DATA / "national.json").read_text(encoding="utf-8"))
    wrapped = write_json(tmp_path / "wrapped.json", {"total": 5, "data": rows})
    assert read_procedures(wrapped) == NATIONAL


def test_csv_with_bom_and_own_keys() -> None:
    assert read_procedures(DATA / "list.csv") == [
        make("1.001193", "Đăng ký khai sinh", Level.COMMUNE, "ho_tich", UBND_XA, 1.0, WD, 0,
             OnlineLevel.FULL, Archetype.SAME_DAY, appointment_free=True),
        make("1.009994", "Cấp giấy phép xây dựng mới đối với công trình cấp I, II",
             Level.PROVINCE, "xay_dung", SO_XAY_DUNG, 20.0, WD, 150000, OnlineLevel.PARTIAL,
             Archetype.INTER_AGENCY, partners=(SO_NNMT, CONG_AN)),
        make("2.000459.H36", "Cấp Phiếu lý lịch tư pháp trên ứng dụng VNeID", Level.PROVINCE,
             "ly_lich_tu_phap", CONG_AN, 10.0, WD, 200000, OnlineLevel.FULL,
             Archetype.FEE_ERESULT),
    ]


def test_semicolon_csv_with_national_columns() -> None:
    assert read_procedures(DATA / "list_national.csv") == [
        BIRTH,
        make("1.003003", "Cấp giấy phép kinh doanh vận tải bằng xe ô tô", Level.PROVINCE,
             "duong_bo", SO_XAY_DUNG, 5.0, WD, 200000, OnlineLevel.PARTIAL,
             Archetype.STANDARD),
    ]


def test_xlsx_with_vietnamese_headers_restores_codes_excel_made_numbers(
        tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "list.xlsx", [
        ["Mã TTHC", "Tên TTHC", "Cấp thực hiện", "Lĩnh vực", "Thời gian", "Đơn vị tính",
         "Phí, lệ phí"],
        [1.00119, "Đăng ký khai sinh", "Cấp Xã", "Hộ tịch", 1, "Ngày làm việc", None],
        [None, None, None, None, None, None, None],
        ["1.003003", "Cấp giấy phép kinh doanh vận tải bằng xe ô tô", "Cấp Tỉnh", "Đường bộ",
         5, "Ngày làm việc", "200.000 đồng"],
    ])
    procedures = read_procedures(path)
    assert [p.code for p in procedures] == ["1.001190", "1.003003"]
    assert procedures[0].archetype is Archetype.SAME_DAY
    assert procedures[0].online_level is OnlineLevel.PARTIAL
    assert procedures[1].fee == 200000


@pytest.mark.parametrize("kind", ["json", "csv", "csv;", "xlsx"])
def test_generated_catalogue_round_trips(tmp_path: Path, kind: str) -> None:
    sample = generate_catalog()[::20]
    assert len({p.archetype for p in sample}) == len(Archetype)
    if kind == "json":
        path = write_json(tmp_path / "out.json", [to_record(p) for p in sample])
    elif kind.startswith("csv"):
        path = write_csv(tmp_path / "out.csv", sample, delimiter=kind[3:] or ",")
    else:
        path = write_xlsx(tmp_path / "out.xlsx", [list(RECORD_KEYS)] + [cells(p) for p in sample])
    assert read_procedures(path) == sample


# -- derivations ----------------------------------------------------------------------


def test_missing_values_are_derived(tmp_path: Path) -> None:
    path = write_json(tmp_path / "min.json", [
        {"code": "1.000001", "name": "Cấp giấy phép khai thác khoáng sản", "level": "province",
         "field": "dia_chat_khoang_san", "statutory_time": 30},
        {"code": "1.000002", "name": "Đăng ký khai tử", "field": "ho_tich",
         "agency": "Ủy ban nhân dân cấp xã", "statutory_time": "0,5"},
        {"code": "1.000003", "name": "Chuyển mục đích sử dụng đất", "level": "Cấp Tỉnh",
         "field": "Đất đai", "agency": "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
         "statutory_time": 15, "inter_agency": "có"},
        {"code": "1.000004", "name": "Công nhận xã đạt chuẩn nông thôn mới", "level": "province",
         "field": "phat_trien_nong_thon", "statutory_time": 1, "time_unit": "Tháng",
         "archetype": "inspection"},
    ])
    mining, death, land, rural = read_procedures(path)
    assert (mining.agency, mining.time_unit, mining.fee, mining.online_level,
            mining.archetype) == (SO_NNMT, WD, 0, OnlineLevel.PARTIAL, Archetype.INSPECTION)
    # Half a working day cannot give four steps a quarter each: it becomes four hours.
    assert (death.level, death.agency, death.statutory_time, death.time_unit,
            death.archetype) == (Level.COMMUNE, UBND_XA, 4.0, TimeUnit.HOURS,
                                 Archetype.SAME_DAY)
    assert land.archetype is Archetype.INTER_AGENCY
    assert land.partner_agencies == (THUE, VP_DANG_KY_DAT_DAI)
    assert (rural.statutory_time, rural.time_unit) == (30.0, TimeUnit.DAYS)


@pytest.mark.parametrize(("text", "amount"), [
    ("50.000 đồng", 50000),
    ("1.500.000 đồng/hồ sơ", 1500000),
    ("Lệ phí: 100,000 VNĐ; phí thẩm định: 500.000 đồng", 100000),
    ("Miễn phí", 0),
    ("Không", 0),
    (25000, 25000),
    ([{"SoTien": 50000}, {"SoTien": "100.000"}], 150000),
])
def test_fee_text(text: object, amount: int) -> None:
    assert parse_fee(text) == amount


# -- bad input ------------------------------------------------------------------------


def test_every_bad_csv_row_is_listed_with_its_spreadsheet_row() -> None:
    assert errors_of(DATA / "bad_rows.csv") == [
        (3, "code"), (3, "name"), (4, "field"), (5, "statutory_time"), (5, "time_unit"),
        (6, "code"), (8, "agency"), (8, "archetype"),
    ]


def test_every_bad_json_item_is_listed_with_its_index_plus_one() -> None:
    with pytest.raises(ImportRowsError) as caught:
        read_procedures(DATA / "bad_rows.json")
    errors = caught.value.errors
    assert [(e.row, e.field) for e in errors] == [
        (2, "code"), (3, "CapThucHien"), (3, "CachThucThucHien[1].ThoiGian"),
        (3, "CachThucThucHien[1].PhiLePhi"),
    ]
    assert "Cấp Huyện" in errors[1].message
    assert "0.25" in errors[2].message


def test_rules_that_tie_the_values_together(tmp_path: Path) -> None:
    base = {"level": "province", "field": "xay_dung", "statutory_time": 10}
    path = write_json(tmp_path / "rules.json", [
        {**base, "code": "1.000001", "name": "A", "inter_agency": True, "archetype": "standard"},
        {**base, "code": "1.000002", "name": "B", "archetype": "fee_eresult", "fee": 0},
        {**base, "code": "1.000003", "name": "C", "appointment_free": "true"},
        {**base, "code": "1.000004", "name": "D", "agency": SO_XAY_DUNG,
         "partner_agencies": [SO_XAY_DUNG, THUE]},
        {**base, "code": "1.000005", "name": "E", "level": "commune", "agency": SO_XAY_DUNG},
        {**base, "code": "1.000006", "name": "F", "statutory_time": 0.5, "time_unit": "hours",
         "archetype": "standard"},
        {**base, "code": "1.000007", "name": "G", "level": ["Cấp Tỉnh", "Cấp Xã"]},
    ])
    assert errors_of(path) == [
        (1, "archetype"), (2, "archetype"), (3, "appointment_free"), (4, "partner_agencies"),
        (5, "agency"), (6, "statutory_time"), (7, "level"),
    ]


@pytest.mark.parametrize(("name", "content"), [
    ("broken.json", None),
    ("not_a_workbook.xlsx", None),
    ("list.txt", "code,name\n"),
    ("latin1.csv", b"code,name\n1.000001,Gi\xe9p\n"),
    ("empty.json", "[]"),
    ("numbers.json", "[1, 2]"),
    ("missing.csv", None),
])
def test_unreadable_files_are_one_row_zero_error(tmp_path: Path, name: str,
                                                 content: str | bytes | None) -> None:
    path = DATA / name
    if content is not None:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    elif name == "missing.csv":
        path = tmp_path / name
    with pytest.raises(ImportRowsError) as caught:
        read_procedures(path)
    assert [(e.row, e.field) for e in caught.value.errors] == [(0, "file")]
    assert caught.value.errors[0].message


def test_a_sheet_without_a_code_column_is_a_header_error(tmp_path: Path) -> None:
    path = tmp_path / "nocode.csv"
    path.write_text("TenTTHC,LinhVuc\nĐăng ký khai sinh,Hộ tịch\n", encoding="utf-8")
    assert errors_of(path) == [(1, "header")]
