"""Reading one cell of an imported procedure list: codes, levels, units, fees, names.

Spreadsheets and the national procedure database (Cơ sở dữ liệu quốc gia về TTHC) write
the same value many ways: "Cấp Tỉnh" or "province", "50.000 đồng/hồ sơ" or 50000, a code
that Excel turned into the number 1.00123. Each parser here returns the value or raises
``ValueError`` with a message fit to show the user; :mod:`bpmn.catalog.importer` turns
those into ``RowError``\\ s.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TypeVar

from bpmn.catalog.geography import AGENCIES, FIELDS, UBND_XA
from bpmn.catalog.model import Archetype, Level, OnlineLevel, TimeUnit

__all__ = [
    "as_list",
    "key_of",
    "norm",
    "parse_agency",
    "parse_archetype",
    "parse_bool",
    "parse_code",
    "parse_fee",
    "parse_field",
    "parse_level",
    "parse_number",
    "parse_online_level",
    "parse_unit",
]

_CODE = re.compile(r"^[12]\.\d{6}(\.H36)?$")
_LONG_CODE = re.compile(r"^([12]\.\d{6})\.000\.00\.00\.H36$")  # the national local form
_AMOUNT = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+")
_FREE_WORDS = ("không", "miễn", "free", "none", "0")
_T = TypeVar("_T")


def norm(text: str) -> str:
    """Compare-ready text: NFC, lower case, one space, ASCII hyphens."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("–", "-").replace("—", "-").replace("’", "'")
    return " ".join(text.split())


def key_of(header: object) -> str:
    """A column or key name reduced to ASCII letters: "Mã TTHC" and "MaTTHC" → "matthc"."""
    text = unicodedata.normalize("NFD", str(header).replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z]", "", text.lower())


def _table(pairs: Mapping[str, _T]) -> dict[str, _T]:
    return {norm(key): value for key, value in pairs.items()}


_LEVELS = _table({
    "province": Level.PROVINCE, "cấp tỉnh": Level.PROVINCE, "tỉnh": Level.PROVINCE,
    "commune": Level.COMMUNE, "cấp xã": Level.COMMUNE, "xã": Level.COMMUNE,
    "cấp xã, phường": Level.COMMUNE,
})
_UNITS = _table({
    "working_days": TimeUnit.WORKING_DAYS, "ngày làm việc": TimeUnit.WORKING_DAYS,
    "days": TimeUnit.DAYS, "ngày": TimeUnit.DAYS, "ngày (theo lịch)": TimeUnit.DAYS,
    "hours": TimeUnit.HOURS, "giờ": TimeUnit.HOURS, "giờ làm việc": TimeUnit.HOURS,
    "months": TimeUnit.MONTHS, "tháng": TimeUnit.MONTHS,
})
_ONLINE = _table({
    "full": OnlineLevel.FULL, "toàn trình": OnlineLevel.FULL, "toan trinh": OnlineLevel.FULL,
    "partial": OnlineLevel.PARTIAL, "một phần": OnlineLevel.PARTIAL,
    "mot phan": OnlineLevel.PARTIAL,
})
_BOOLS = _table({
    "true": True, "1": True, "yes": True, "có": True, "x": True,
    "false": False, "0": False, "no": False, "không": False, "": False,
})
# Names the national database uses for our fields, beyond our own field names and codes.
_FIELD_ALIASES = _table({
    "xây dựng": "xay_dung", "đường bộ": "duong_bo", "giao thông vận tải": "duong_bo",
    "quy hoạch xây dựng, kiến trúc": "quy_hoach_kien_truc", "kiến trúc": "quy_hoach_kien_truc",
    "việc làm": "lao_dong_viec_lam", "lao động, tiền lương": "lao_dong_viec_lam",
    "khoáng sản": "dia_chat_khoang_san", "bảo vệ thực vật": "trong_trot",
    "trồng trọt": "trong_trot", "chăn nuôi": "chan_nuoi_thu_y", "thú y": "chan_nuoi_thu_y",
    "thành lập và hoạt động của hợp tác xã": "hop_tac_xa", "tôn giáo": "ton_giao",
    "tín ngưỡng": "ton_giao", "dược": "duoc_pham", "giáo dục": "giao_duc_dao_tao",
    "văn hóa cơ sở": "van_hoa", "thư viện": "van_hoa", "nghệ thuật biểu diễn": "van_hoa",
    "báo chí": "thong_tin_truyen_thong", "xuất bản, in và phát hành": "thong_tin_truyen_thong",
    "giải quyết khiếu nại": "khieu_nai_to_cao", "giải quyết tố cáo": "khieu_nai_to_cao",
    "tiếp công dân": "khieu_nai_to_cao", "công thương": "cong_thuong",
    "lưu thông hàng hóa trong nước": "cong_thuong", "nội vụ": "noi_vu",
    "tài chính": "tai_chinh", "quản lý công sản": "tai_chinh",
})
_FIELDS = {
    **_table({f.name: f.code for f in FIELDS}),
    **_table({f.code: f.code for f in FIELDS}),
    **_FIELD_ALIASES,
}
_AGENCY_ALIASES = _table({
    "ủy ban nhân dân cấp xã": UBND_XA, "ubnd cấp xã": UBND_XA, "ubnd xã": UBND_XA,
    "ủy ban nhân dân xã": UBND_XA, "chủ tịch ủy ban nhân dân cấp xã": UBND_XA,
    # Decisions of the provincial People's Committee are prepared by its Office.
    "ủy ban nhân dân tỉnh": "000.00.01.H36", "ubnd tỉnh": "000.00.01.H36",
    "chủ tịch ủy ban nhân dân tỉnh": "000.00.01.H36",
})
_AGENCIES = {
    **_table({a.name: a.code for a in AGENCIES}),
    **_table({a.code: a.code for a in AGENCIES}),
    **_AGENCY_ALIASES,
}
_PROVINCE_SUFFIXES = (" tỉnh lâm đồng", " lâm đồng")


def as_list(value: object) -> list[object]:
    """A cell that may hold one item, a list, or items separated by ';', '|' or lines."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [item for item in value if item not in (None, "")]
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;|\n]", value) if part.strip()]
    return [value]


def _text(value: object, keys: tuple[str, ...] = ()) -> str:
    """The text of a cell; from a dict, the first of ``keys`` present (e.g. TenLinhVuc)."""
    if isinstance(value, dict):
        for key in keys:
            if value.get(key) not in (None, ""):
                return str(value[key])
        raise ValueError(f"none of {', '.join(keys)} in {value!r}")
    return str(value).strip()


def parse_code(value: object) -> str:
    """A procedure code; a float from Excel (1.00123) gets its six decimals back."""
    text = f"{value:.6f}" if isinstance(value, float) else _text(value)
    long = _LONG_CODE.match(text)
    if long:
        text = f"{long.group(1)}.H36"
    if not _CODE.match(text):
        raise ValueError(
            f"bad code {text!r}: expected a national code like 1.001234 or 2.000459, "
            "optionally ending in .H36"
        )
    return text


def _lookup(table: Mapping[str, _T], value: object, what: str, hint: str) -> _T:
    key = norm(_text(value))
    if key not in table:
        raise ValueError(f"unknown {what} {_text(value)!r}: use {hint}")
    return table[key]


def parse_level(value: object) -> Level:
    hint = "'Cấp Tỉnh', 'Cấp Xã', province or commune"
    levels = {_lookup(_LEVELS, item, "level", hint) for item in as_list(value)}
    if len(levels) != 1:
        raise ValueError("give exactly one level per row (import each level as its own row)")
    return levels.pop()


def parse_unit(value: object) -> TimeUnit:
    return _lookup(_UNITS, value, "time unit",
                   "'Ngày làm việc', 'Ngày', 'Giờ', 'Tháng' or working_days/days/hours/months")


def parse_online_level(value: object) -> OnlineLevel:
    return _lookup(_ONLINE, value, "online level", "'Toàn trình', 'Một phần', full or partial")


def parse_archetype(value: object) -> Archetype:
    names = ", ".join(a.value for a in Archetype)
    return _lookup(_table({a.value: a for a in Archetype}), value, "archetype", names)


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return _lookup(_BOOLS, value, "yes/no value", "true/false, 1/0 or có/không")


def parse_field(value: object) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    text = _text(value, ("MaLinhVuc", "TenLinhVuc", "code", "name"))
    if isinstance(value, dict) and norm(text) not in _FIELDS:
        text = _text(value, ("TenLinhVuc", "name"))
    return _lookup(_FIELDS, text, "field",
                   "a field code such as 'dat_dai' or a name such as 'Đất đai'")


def parse_agency(value: object) -> str:
    """An agency by code, name ("Sở Tư pháp tỉnh Lâm Đồng" too) or 'UBND cấp xã'."""
    text = _text(value, ("MaCoQuan", "TenCoQuan", "code", "name"))
    key = norm(text)
    for suffix in _PROVINCE_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in _AGENCIES:
            key = key[: -len(suffix)]
    if key not in _AGENCIES:
        raise ValueError(
            f"unknown agency {text!r}: use a code from bpmn.catalog.geography.AGENCIES, a "
            "department name such as 'Sở Tư pháp', or 'Ủy ban nhân dân cấp xã'"
        )
    return _AGENCIES[key]


def parse_number(value: object) -> float:
    """A positive statutory time in quarters: 3, 3.5, "3", "2,5"."""
    if isinstance(value, bool):
        raise ValueError(f"bad number {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(_text(value).replace(",", "."))
        except ValueError:
            raise ValueError(f"bad number {value!r}: write digits, e.g. 15 or 0.5") from None
    if number <= 0:
        raise ValueError(f"statutory time must be positive, got {number:g}")
    if number * 4 != int(number * 4):
        raise ValueError(f"statutory time {number:g} is not a multiple of 0.25 (e.g. 0.5, 1, "
                         "2.75): step budgets are counted in quarters")
    return number


def parse_fee(value: object) -> int:
    """VND. Text takes its first amount ("50.000 đồng"); a list of fees is summed."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError(f"bad fee {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"fee must not be negative, got {value:g}")
        return round(value)
    if isinstance(value, list):
        return sum(parse_fee(_fee_item(item)) for item in value)
    if isinstance(value, dict):
        return parse_fee(_fee_item(value))
    text = _text(value)
    match = _AMOUNT.search(text)
    if match is None:
        if norm(text).startswith(_FREE_WORDS):
            return 0
        raise ValueError(f"cannot read a fee from {text!r}: write an amount in VND or 0")
    return int(re.sub(r"[.,]", "", match.group()))


def _fee_item(item: object) -> object:
    if isinstance(item, dict):
        for key in ("SoTien", "MucPhi", "amount", "fee"):
            if key in item:
                return item[key]
        return 0
    return item
