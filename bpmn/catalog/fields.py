"""Per-field distributions the catalogue generator draws from, and the name vocabularies.

One row per field (lĩnh vực): the department that owns it, how many province- and
commune-level procedures it has, and the distributions of statutory time, fee, online
level, inter-agency share and archetype. The numbers are modelled on announced provincial
lists and on DESIGN.md's calibration facts (civil status 1 working day, business
registration 3, ID cards ~7, tax ~5, construction ~20, first land certificate 17-30);
they are representative, not a copy of Lâm Đồng's list, which is not available offline.

Compact notations, parsed once at import:

- times: ``"17wd:2 30d:1 8h:1 2m:1"``: value+unit (wd working days, d calendar days,
  h hours, m months), colon, relative weight;
- fees: ``"0:3 50000:1"``: amount in VND, colon, relative weight.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bpmn.catalog import (
    vocab_agri,
    vocab_build,
    vocab_culture,
    vocab_economy,
    vocab_health,
    vocab_justice,
    vocab_land,
    vocab_society,
)
from bpmn.catalog.geography import FIELDS
from bpmn.catalog.model import TimeUnit
from bpmn.catalog.vocab_base import Vocab
from bpmn.errors import CatalogError

__all__ = [
    "FIELD_SPECS",
    "VOCABULARY",
    "FieldSpec",
    "department",
    "field_spec",
    "parse_time",
]

_UNITS = {
    "wd": TimeUnit.WORKING_DAYS,
    "d": TimeUnit.DAYS,
    "h": TimeUnit.HOURS,
    "m": TimeUnit.MONTHS,
}
_TIME = re.compile(r"^(\d+(?:\.\d+)?)(wd|d|h|m)$")


def department(number: int) -> str:
    """The code of provincial department ``number`` (see ``geography._DEPARTMENTS``)."""
    return f"000.00.{number:02d}.H36"


# Department numbers, as in bpmn.catalog.geography.
VP, TP, XD, NNMT, TC, NV, YT, GD, CT, VH, KHCN, DTTG, TTRA, KCN, CA, THUE, VPDK, BHXH, QS = (
    range(1, 20)
)


def parse_time(text: str) -> tuple[float, TimeUnit]:
    """``"17wd"`` → ``(17.0, TimeUnit.WORKING_DAYS)``."""
    match = _TIME.match(text)
    if match is None:
        raise CatalogError(f"bad time {text!r}: write a number and wd, d, h or m, e.g. '17wd'")
    return float(match.group(1)), _UNITS[match.group(2)]


@dataclass(frozen=True)
class FieldSpec:
    """How a field's procedures are drawn (see the module docstring)."""

    code: str
    agency: str  # owning department's code
    province: int  # number of province-level procedures
    commune: int  # number of commune-level procedures
    times: tuple[tuple[float, TimeUnit, int], ...]
    fees: tuple[tuple[int, int], ...]
    online_full: float  # probability of a fully online procedure
    inter_agency: float  # probability among procedures longer than a day
    archetypes: tuple[int, int, int]  # weights of STANDARD, SUPPLEMENT, INSPECTION
    partners: tuple[str, ...]  # partner agency pool for inter-agency procedures
    appointment_free: float  # probability among same-day procedures


def _spec(  # noqa: PLR0917 - a table row reads best positionally, like the columns it fills
    code: str,
    owner: int,
    counts: tuple[int, int],
    times: str,
    fees: str,
    online: float,
    inter: float,
    archetypes: tuple[int, int, int] = (5, 3, 1),
    partners: tuple[int, ...] = (TC, NNMT, XD, CA),
    appointment: float = 0.5,
) -> FieldSpec:
    parsed_times = []
    for item in times.split():
        value, _, weight = item.partition(":")
        parsed_times.append((*parse_time(value), int(weight)))
    parsed_fees = tuple(
        (int(amount), int(weight))
        for amount, _, weight in (item.partition(":") for item in fees.split())
    )
    return FieldSpec(
        code=code,
        agency=department(owner),
        province=counts[0],
        commune=counts[1],
        times=tuple(parsed_times),
        fees=parsed_fees,
        online_full=online,
        inter_agency=inter,
        archetypes=archetypes,
        partners=tuple(department(p) for p in partners if p != owner),
        appointment_free=appointment,
    )


_LAND = (1, 4, 7)  # land and construction: inspections and supplements are common
_SITE = (2, 3, 4)
_DESK = (6, 2, 0)  # desk work, never a site visit

FIELD_SPECS: tuple[FieldSpec, ...] = (
    _spec("ho_tich", TP, (4, 42), "1wd:6 3wd:2 5wd:1 8h:1", "0:7 8000:2 50000:1 1000000:1",
          0.8, 0.15, (5, 3, 0), (CA, BHXH, NV), 0.6),
    _spec("chung_thuc", TP, (2, 17), "1wd:4 4h:2 8h:2 2wd:2", "2000:4 10000:2 50000:2 30000:1",
          0.6, 0.0, _DESK, appointment=0.9),
    _spec("nuoi_con_nuoi", TP, (8, 4), "30d:2 20d:1 15wd:1", "0:2 400000:1 9000000:1",
          0.3, 0.1, (3, 3, 2), (CA, NV, YT)),
    _spec("quoc_tich", TP, (11, 0), "20wd:2 30d:2 2m:1 3m:1", "3000000:2 2500000:1 100000:1",
          0.3, 0.3, (3, 3, 1), (CA, VP, NV)),
    _spec("ly_lich_tu_phap", CA, (4, 0), "10wd:3 15wd:1", "200000:3 100000:1", 0.8, 0.1,
          _DESK, (TP, TTRA, QS)),
    _spec("cong_chung", TP, (30, 0), "5wd:2 10wd:2 15d:1 2wd:2 1wd:1",
          "500000:2 1000000:1 100000:2 0:1 50000:1", 0.3, 0.05, (5, 3, 1)),
    _spec("luat_su", TP, (20, 0), "7wd:2 10wd:2 5wd:1 15d:1", "100000:2 0:2 500000:1", 0.5,
          0.05, _DESK),
    _spec("dau_gia_tai_san", TP, (13, 0), "7wd:2 10wd:2 15d:1", "1000000:2 100000:1 0:1", 0.5,
          0.05, _DESK),
    _spec("giam_dinh_tu_phap", TP, (11, 0), "10wd:2 15wd:1 20d:1", "0:2 1000000:1 500000:1",
          0.4, 0.05),
    _spec("tro_giup_phap_ly", TP, (11, 0), "3wd:2 5wd:2 1wd:1", "0:1", 0.6, 0.0, _DESK),
    _spec("trong_tai_thuong_mai", TP, (9, 0), "15d:2 10wd:1", "1000000:1 500000:1", 0.5, 0.0,
          _DESK),
    _spec("thua_phat_lai", TP, (10, 0), "10wd:2 15d:1 20d:1", "1000000:1 0:1 500000:1", 0.4,
          0.05),
    _spec("hoa_giai_co_so", TP, (0, 6), "3wd:2 5wd:2", "0:1", 0.6, 0.0, _DESK),
    _spec("pho_bien_phap_luat", TP, (2, 4), "5wd:2 10wd:1", "0:1", 0.6, 0.0, _DESK),
    _spec("boi_thuong_nha_nuoc", TP, (5, 4), "30d:2 15wd:1 10wd:1", "0:1", 0.3, 0.2,
          (3, 3, 2), (TC, TTRA, NV)),
    _spec("dat_dai", NNMT, (100, 84),
          "10wd:3 15wd:2 17wd:2 20wd:3 25wd:1 30wd:2 5wd:2 3wd:1 30d:1",
          "0:3 100000:2 50000:1 500000:1 1000000:1 30000:1", 0.35, 0.3, _LAND,
          (THUE, VPDK, XD, TC)),
    _spec("do_dac_ban_do", NNMT, (12, 0), "10wd:2 15wd:2 20wd:1", "0:1 1000000:1 500000:1",
          0.6, 0.05, _SITE),
    _spec("tai_nguyen_nuoc", NNMT, (40, 4), "20wd:2 25wd:1 30wd:2 15wd:1 10wd:1",
          "0:1 600000:1 1200000:1 2400000:1 3500000:1", 0.5, 0.15, _SITE, (XD, TC, CT)),
    _spec("moi_truong", NNMT, (32, 14), "20wd:2 30d:2 15wd:1 10wd:1 45d:1",
          "0:3 5000000:1 10000000:1 2000000:1", 0.4, 0.15, _SITE, (XD, CT, YT, CA)),
    _spec("dia_chat_khoang_san", NNMT, (36, 2), "30d:2 45d:2 20wd:1 2m:1",
          "0:1 5000000:1 10000000:1 15000000:1", 0.3, 0.2, _SITE, (XD, TC, THUE, CT)),
    _spec("khi_tuong_thuy_van", NNMT, (6, 0), "10wd:1 15wd:1", "0:1 1000000:1", 0.7, 0.0),
    _spec("bien_hai_dao", NNMT, (13, 0), "30d:1 20wd:1 15wd:1", "0:1 1500000:1", 0.4, 0.2,
          _SITE, (XD, TC, QS)),
    _spec("trong_trot", NNMT, (36, 8), "5wd:2 10wd:2 15wd:1 3wd:1",
          "0:2 500000:1 1000000:1 300000:1", 0.6, 0.05, (3, 2, 2)),
    _spec("chan_nuoi_thu_y", NNMT, (44, 6), "5wd:2 10wd:2 3wd:1 15d:1 1wd:1",
          "0:2 200000:1 500000:1 300000:1 50000:1", 0.6, 0.05, (3, 2, 3)),
    _spec("lam_nghiep", NNMT, (30, 20), "10wd:2 15wd:2 20wd:1 5wd:1 30d:1", "0:4 300000:1",
          0.4, 0.15, (2, 3, 3), (TC, VPDK, XD)),
    _spec("thuy_san", NNMT, (32, 9), "5wd:2 7wd:2 10wd:1 3wd:1",
          "0:2 40000:1 100000:1 200000:1", 0.5, 0.05, (3, 2, 3)),
    _spec("thuy_loi", NNMT, (16, 14), "15wd:2 20wd:2 10wd:1", "0:2 200000:1 500000:1", 0.5,
          0.1, _SITE),
    _spec("phong_chong_thien_tai", NNMT, (4, 4), "5wd:1 10wd:1", "0:1", 0.4, 0.1, _SITE),
    _spec("phat_trien_nong_thon", NNMT, (10, 10), "20wd:1 30d:1 1m:1", "0:1", 0.4, 0.2,
          (3, 3, 2), (TC, XD, CT)),
    _spec("chat_luong_nong_san", NNMT, (15, 0), "10wd:2 15wd:1 5wd:1",
          "0:1 700000:1 300000:1", 0.6, 0.0, (3, 2, 3)),
    _spec("xay_dung", XD, (64, 34), "20wd:5 15wd:2 10wd:2 7wd:1 30d:1 5wd:1",
          "0:2 75000:2 150000:2 300000:1 500000:1", 0.45, 0.15, _LAND, (NNMT, CA, TC, VPDK)),
    _spec("quy_hoach_kien_truc", XD, (26, 14), "20wd:2 15wd:2 25d:1 1m:1 7wd:1",
          "0:3 2000000:1 500000:1", 0.4, 0.2, (3, 3, 3), (NNMT, TC, CT)),
    _spec("nha_o", XD, (14, 9), "15wd:2 20wd:1 30d:1 10wd:1", "0:3 100000:1 500000:1",
          0.4, 0.2, (3, 3, 3), (TC, NNMT, THUE)),
    _spec("kinh_doanh_bat_dong_san", XD, (10, 0), "10wd:1 15wd:1 30d:1",
          "0:1 300000:1 1000000:1", 0.6, 0.1, (4, 3, 1), (TC, NNMT, THUE)),
    _spec("ha_tang_ky_thuat", XD, (6, 8), "7wd:2 10wd:1 15wd:1", "0:3 100000:1", 0.5, 0.05,
          _SITE),
    _spec("duong_bo", XD, (68, 6), "3wd:3 5wd:2 2wd:2 7wd:1 10wd:1 1wd:1 8h:1",
          "0:3 50000:2 200000:2 100000:1 500000:1", 0.75, 0.05, (4, 2, 2), (CA, TC, NNMT)),
    _spec("duong_thuy_noi_dia", XD, (16, 6), "3wd:2 5wd:2 10wd:1",
          "0:2 70000:1 50000:1 200000:1", 0.5, 0.05, (3, 2, 3), (CA, NNMT, TC)),
    _spec("doanh_nghiep", TC, (66, 0), "3wd:8 5wd:1 1wd:1", "0:4 50000:4 100000:1", 0.95,
          0.1, (6, 3, 0), (THUE, BHXH, CA)),
    _spec("ho_kinh_doanh", TC, (0, 15), "3wd:8 1wd:1", "0:3 100000:3 50000:1", 0.9, 0.1,
          (6, 3, 0), (THUE, BHXH, CA)),
    _spec("hop_tac_xa", TC, (9, 12), "3wd:5 5wd:2", "0:2 100000:2 200000:1", 0.8, 0.1,
          (6, 3, 0), (THUE, BHXH, NNMT)),
    _spec("dau_tu", TC, (42, 0), "15d:3 10wd:1 30d:1 3wd:1 45d:1", "0:5 500000:1", 0.6, 0.3,
          (3, 3, 1), (NNMT, XD, KCN, CT)),
    _spec("tai_chinh", TC, (24, 16), "10wd:2 15wd:2 30d:1 5wd:1", "0:1", 0.5, 0.1,
          (5, 3, 1), (NNMT, XD, VP)),
    _spec("thue", THUE, (29, 0), "5wd:4 3wd:2 10wd:1 1wd:1 6wd:1", "0:1", 0.9, 0.05, _DESK,
          (TC, NNMT, VPDK)),
    _spec("cong_thuong", CT, (50, 10), "10wd:2 15wd:2 7wd:1 5wd:1 15d:1",
          "0:1 1200000:1 2200000:1 400000:1 600000:1 3000000:1", 0.75, 0.05, (4, 2, 2),
          (CA, TC, YT)),
    _spec("dien", CT, (24, 0), "15wd:2 10wd:1", "800000:1 1500000:1 3300000:1", 0.6, 0.05,
          (3, 2, 3)),
    _spec("hoa_chat", CT, (18, 0), "12wd:2 15wd:1 10wd:1", "600000:1 1200000:1 300000:1",
          0.6, 0.1, (3, 2, 3), (CA, NNMT, TC)),
    _spec("khoa_hoc_cong_nghe", KHCN, (26, 0), "10wd:2 15wd:2 30d:1 5wd:1 2m:1",
          "0:4 1500000:1 500000:1", 0.7, 0.05, (4, 3, 1)),
    _spec("tieu_chuan_do_luong", KHCN, (14, 0), "5wd:2 3wd:1 10wd:1 1wd:1",
          "0:3 150000:1 500000:1", 0.7, 0.0, (4, 2, 2)),
    _spec("an_toan_buc_xa", KHCN, (16, 0), "10wd:2 15wd:2 5wd:1",
          "0:1 1500000:1 500000:1 200000:1", 0.6, 0.05, (3, 2, 3), (YT, CA, NNMT)),
    _spec("buu_chinh_vien_thong", KHCN, (8, 0), "10wd:2 15d:1", "0:1 2250000:1 1500000:1",
          0.7, 0.0, _DESK),
    _spec("noi_vu", NV, (21, 22), "15wd:2 20d:1 30d:1 10wd:1", "0:3 400000:1 260000:1", 0.4,
          0.1, (5, 3, 0), (TC, VP, GD)),
    _spec("to_chuc_phi_chinh_phu", NV, (22, 16), "15wd:2 30d:2 20wd:1", "0:1", 0.5, 0.05,
          (5, 3, 0)),
    _spec("van_thu_luu_tru", NV, (6, 0), "1wd:2 3wd:1 5wd:1 4h:1", "0:1 20000:1 100000:1",
          0.5, 0.0, _DESK),
    _spec("thi_dua_khen_thuong", NV, (13, 9), "20wd:2 15wd:1 10wd:2 30d:1", "0:1", 0.5, 0.05,
          (5, 3, 0)),
    _spec("lao_dong_viec_lam", NV, (30, 3), "5wd:2 10wd:1 15wd:1 3wd:1 20d:1",
          "0:2 600000:1 2000000:1 1000000:1", 0.6, 0.1, (4, 3, 1), (BHXH, CA, TC)),
    _spec("an_toan_lao_dong", NV, (13, 0), "10wd:1 15wd:1 5wd:1", "0:1 3600000:1", 0.6, 0.05,
          (3, 2, 3)),
    _spec("nguoi_co_cong", NV, (24, 28), "10wd:2 12wd:1 15wd:1 20wd:1 5wd:1 1wd:1", "0:1",
          0.5, 0.15, (4, 4, 1), (BHXH, YT, QS, TC)),
    _spec("bao_tro_xa_hoi", YT, (14, 36), "7wd:2 10wd:2 3wd:1 15wd:1 1wd:1", "0:1", 0.55,
          0.1, (4, 4, 1), (BHXH, TC, NV)),
    _spec("tre_em", YT, (5, 11), "5wd:2 7wd:1 12h:1 3wd:1", "0:1", 0.4, 0.1, (4, 2, 2),
          (CA, GD, NV)),
    _spec("phong_chong_te_nan", YT, (6, 6), "5wd:2 7wd:1 3wd:1", "0:1", 0.4, 0.1, (4, 2, 1),
          (CA, NV, TC)),
    _spec("kham_chua_benh", YT, (75, 0), "10wd:2 15wd:1 20d:1 30d:1 45d:1 5wd:1",
          "360000:3 0:1 4300000:1 3100000:1 1500000:1 500000:1", 0.65, 0.05, (3, 3, 3)),
    _spec("duoc_pham", YT, (40, 0), "20d:2 15wd:1 30d:1 10wd:1",
          "500000:2 1000000:1 200000:1 0:1 3000000:1", 0.7, 0.05, (3, 2, 3)),
    _spec("an_toan_thuc_pham", YT, (12, 7), "15wd:2 10wd:1 7wd:1 5wd:1",
          "500000:1 1000000:1 150000:1 0:1 30000:1", 0.6, 0.05, (3, 2, 3)),
    _spec("y_te_du_phong", YT, (12, 2), "10wd:2 15wd:1 5wd:1", "0:2 500000:1 1000000:1", 0.6,
          0.05, (3, 2, 2)),
    _spec("trang_thiet_bi_y_te", YT, (10, 0), "5wd:1 10wd:1 3wd:1", "0:1 1000000:1 3000000:1",
          0.8, 0.0, _DESK),
    _spec("giam_dinh_y_khoa", YT, (6, 0), "30d:2 20wd:1", "0:1 1000000:1 550000:1", 0.3, 0.1,
          (3, 2, 2), (BHXH, NV, TC)),
    _spec("giao_duc_dao_tao", GD, (72, 80), "20wd:2 15wd:2 10wd:2 5wd:2 3wd:1 1wd:1 8h:1",
          "0:7 150000:1 30000:1 2000000:1", 0.65, 0.05, (4, 3, 2), (TC, NV, XD)),
    _spec("giao_duc_nghe_nghiep", GD, (30, 0), "15wd:2 20wd:1 10wd:1", "0:4 1000000:1", 0.6,
          0.05, (4, 3, 2)),
    _spec("van_hoa", VH, (14, 13), "5wd:3 7wd:2 10wd:1 3wd:1 1wd:1",
          "0:2 2000000:1 1000000:1 300000:1 6000000:1", 0.6, 0.05, (5, 2, 2), (CA, NV, TC)),
    _spec("di_san_van_hoa", VH, (12, 2), "15wd:2 30d:1 10wd:1 2m:1", "0:3 500000:1 1000000:1",
          0.4, 0.1, (3, 2, 3), (XD, NNMT, TC)),
    _spec("gia_dinh", VH, (4, 5), "10wd:2 5wd:1", "0:1 300000:1", 0.5, 0.0, (5, 2, 1)),
    _spec("the_duc_the_thao", VH, (34, 4), "7wd:3 10wd:1 5wd:1", "600000:3 0:1 300000:1",
          0.7, 0.0, (3, 2, 3)),
    _spec("du_lich", VH, (22, 0), "10wd:2 15wd:1 30d:1 5wd:1",
          "650000:1 3000000:1 1500000:1 0:1 2000000:1", 0.7, 0.05, (3, 2, 3)),
    _spec("thong_tin_truyen_thong", VH, (20, 3), "10wd:2 7wd:1 5wd:1 15wd:1 3wd:1",
          "0:2 200000:1 100000:1 800000:1", 0.7, 0.05, (5, 2, 1), (CA, KHCN, TC)),
    _spec("ton_giao", DTTG, (24, 18), "20d:2 30d:1 15wd:1 10wd:1 5wd:1 45d:1", "0:1", 0.4,
          0.1, (5, 3, 1), (CA, NV, VP)),
    _spec("dan_toc", DTTG, (6, 6), "10wd:1 15wd:1 20wd:1", "0:1", 0.4, 0.1, (4, 3, 1),
          (TC, NNMT, NV)),
    _spec("phong_chay_chua_chay", CA, (15, 0), "10wd:2 15wd:1 5wd:1 2wd:1",
          "0:2 500000:1 1000000:1", 0.5, 0.05, (2, 2, 4), (XD, CT, NNMT)),
    _spec("can_cuoc", CA, (12, 0), "7wd:5 5wd:1 15d:1 8h:1", "0:2 30000:2 50000:1 70000:1",
          0.6, 0.0, _DESK),
    _spec("xuat_nhap_canh", CA, (10, 0), "8wd:2 5wd:2 1wd:1 3wd:1",
          "200000:3 100000:1 0:1 145000:1", 0.7, 0.0, _DESK),
    _spec("khieu_nai_to_cao", TTRA, (8, 8), "30d:2 45d:1 10wd:1", "0:1", 0.3, 0.1, (3, 3, 2),
          (NV, NNMT, TP)),
    _spec("ngoai_vu", VP, (9, 0), "5wd:2 7wd:2 10wd:1 15d:1", "0:3 200000:1", 0.7, 0.05,
          _DESK, (CA, NV, TC)),
)

VOCABULARY: Mapping[str, Vocab] = MappingProxyType(
    {
        **vocab_justice.VOCAB,
        **vocab_land.VOCAB,
        **vocab_agri.VOCAB,
        **vocab_build.VOCAB,
        **vocab_economy.VOCAB,
        **vocab_society.VOCAB,
        **vocab_health.VOCAB,
        **vocab_culture.VOCAB,
    }
)

_SPECS_BY_CODE = {spec.code: spec for spec in FIELD_SPECS}


def field_spec(code: str) -> FieldSpec:
    """The generation row of a field; ``CatalogError`` for an unknown code."""
    try:
        return _SPECS_BY_CODE[code]
    except KeyError:
        raise CatalogError(f"no generation row for field {code!r}") from None


def _check_tables() -> None:
    """Fail at import if the table, the vocabularies and geography.FIELDS disagree."""
    codes = [f.code for f in FIELDS]
    if sorted(codes) != sorted(_SPECS_BY_CODE) or set(codes) != set(VOCABULARY):
        raise CatalogError("fields.FIELD_SPECS, the vocabularies and geography.FIELDS differ")


_check_tables()
