"""Lâm Đồng's fields (lĩnh vực), agencies and Public Administration Service Centres.

Reference data the catalogue, the engine (routing a dossier to its competent authority)
and the simulator (centres, their counters and their share of the dossiers) all share.

Sources and what is made up:

- Centres: the 124 commune-level units are those of Resolution 1671/NQ-UBTVQH15 for the
  province merged from old Lâm Đồng, Đắk Nông and Bình Thuận on 1 July 2025 (103 xã,
  20 phường, đặc khu Phú Quý), listed by former district in
  :mod:`bpmn.catalog.geography_units`. Coordinates are the former district seat plus a
  small offset derived from the unit's name (stable across runs), except units pinned
  there: good enough for a travel-time radius, not for a map. Codes (``000.GG.NN.H36``,
  GG the former district, NN the unit) are in the national identifier style but our own
  numbering, as are the agency codes.
- ``weight`` (relative dossier volume) and ``counters`` are modelled, not measured:
  wards (the city's central ward most), then former district seats, then other communes,
  each ±15 % by name. Weights compare centres of the same level: mean 1 (±0.005 from
  rounding) over the 124 commune-level centres; the provincial centre, alone at its
  level, has 1. Commune centres staff 3-7 counters; the provincial centre, which hosts
  the counters of every department, 20.
- Agencies are the provincial departments after the 2025 reorganisation (the regional
  State Treasury's number is a guess) plus one People's Committee (UBND) per
  commune-level unit, coded as its centre, and :data:`UBND_XA`, the placeholder a
  commune-level catalogue row names: "the People's Committee of whichever commune
  receives the dossier".
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from enum import StrEnum

from bpmn.catalog.geography_units import DISTRICTS, PLACED, District, Region
from bpmn.catalog.model import Level
from bpmn.errors import CatalogError

__all__ = [
    "AGENCIES",
    "CENTRES",
    "FIELDS",
    "PROVINCE_CENTRE",
    "UBND_XA",
    "Agency",
    "Centre",
    "CentreKind",
    "Field",
    "Region",
    "agency",
    "centre",
    "field",
]

#: Competent authority of every commune-level row: the receiving commune's UBND.
UBND_XA = "UBND_XA"


class CentreKind(StrEnum):
    """What a centre serves; all kinds except ``PROVINCE`` are commune-level units."""

    PROVINCE = "province"
    COMMUNE = "commune"  # xã
    WARD = "ward"  # phường
    SPECIAL_ZONE = "special_zone"  # đặc khu


@dataclass(frozen=True)
class Field:
    code: str  # ascii snake_case, e.g. "ho_tich"
    name: str  # as the announced lists print it


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    level: Level


@dataclass(frozen=True)
class Centre:
    code: str
    name: str  # "Trung tâm Phục vụ hành chính công xã Di Linh"
    kind: CentreKind
    region: Region
    lat: float
    lon: float
    weight: float  # relative dossier volume among centres of the same level
    counters: int  # reception counters staffed on a normal day
    unit_name: str  # "xã Di Linh"


FIELDS: tuple[Field, ...] = tuple(
    Field(code, name)
    for code, name in (
        ("ho_tich", "Hộ tịch"),
        ("chung_thuc", "Chứng thực"),
        ("nuoi_con_nuoi", "Nuôi con nuôi"),
        ("quoc_tich", "Quốc tịch"),
        ("ly_lich_tu_phap", "Lý lịch tư pháp"),
        ("cong_chung", "Công chứng"),
        ("luat_su", "Luật sư"),
        ("dau_gia_tai_san", "Đấu giá tài sản"),
        ("giam_dinh_tu_phap", "Giám định tư pháp"),
        ("tro_giup_phap_ly", "Trợ giúp pháp lý"),
        ("trong_tai_thuong_mai", "Trọng tài thương mại"),
        ("thua_phat_lai", "Thừa phát lại"),
        ("hoa_giai_co_so", "Hòa giải ở cơ sở"),
        ("pho_bien_phap_luat", "Phổ biến, giáo dục pháp luật"),
        ("boi_thuong_nha_nuoc", "Bồi thường nhà nước"),
        ("dat_dai", "Đất đai"),
        ("do_dac_ban_do", "Đo đạc và bản đồ"),
        ("tai_nguyen_nuoc", "Tài nguyên nước"),
        ("moi_truong", "Môi trường"),
        ("dia_chat_khoang_san", "Địa chất và khoáng sản"),
        ("khi_tuong_thuy_van", "Khí tượng thủy văn"),
        ("bien_hai_dao", "Biển và hải đảo"),
        ("trong_trot", "Trồng trọt và bảo vệ thực vật"),
        ("chan_nuoi_thu_y", "Chăn nuôi và thú y"),
        ("lam_nghiep", "Lâm nghiệp"),
        ("thuy_san", "Thủy sản"),
        ("thuy_loi", "Thủy lợi"),
        ("phong_chong_thien_tai", "Phòng, chống thiên tai"),
        ("phat_trien_nong_thon", "Kinh tế hợp tác và phát triển nông thôn"),
        ("chat_luong_nong_san", "Quản lý chất lượng nông lâm sản và thủy sản"),
        ("xay_dung", "Hoạt động xây dựng"),
        ("quy_hoach_kien_truc", "Quy hoạch - kiến trúc"),
        ("nha_o", "Nhà ở"),
        ("kinh_doanh_bat_dong_san", "Kinh doanh bất động sản"),
        ("ha_tang_ky_thuat", "Hạ tầng kỹ thuật"),
        ("duong_bo", "Giao thông vận tải - đường bộ"),
        ("duong_thuy_noi_dia", "Đường thủy nội địa"),
        ("doanh_nghiep", "Thành lập và hoạt động doanh nghiệp"),
        ("ho_kinh_doanh", "Thành lập và hoạt động hộ kinh doanh"),
        ("hop_tac_xa", "Thành lập và hoạt động hợp tác xã"),
        ("dau_tu", "Đầu tư tại Việt Nam"),
        ("tai_chinh", "Tài chính - quản lý công sản và giá"),
        ("thue", "Thuế"),
        ("noi_vu", "Nội vụ - chính quyền địa phương, công chức, viên chức"),
        ("to_chuc_phi_chinh_phu", "Tổ chức phi chính phủ"),
        ("van_thu_luu_tru", "Văn thư và lưu trữ"),
        ("thi_dua_khen_thuong", "Thi đua, khen thưởng"),
        ("lao_dong_viec_lam", "Lao động - việc làm"),
        ("an_toan_lao_dong", "An toàn, vệ sinh lao động"),
        ("nguoi_co_cong", "Người có công"),
        ("bao_tro_xa_hoi", "Bảo trợ xã hội"),
        ("tre_em", "Trẻ em"),
        ("phong_chong_te_nan", "Phòng, chống tệ nạn xã hội"),
        ("kham_chua_benh", "Khám bệnh, chữa bệnh"),
        ("duoc_pham", "Dược phẩm"),
        ("an_toan_thuc_pham", "An toàn thực phẩm và dinh dưỡng"),
        ("y_te_du_phong", "Y tế dự phòng"),
        ("trang_thiet_bi_y_te", "Trang thiết bị y tế"),
        ("giam_dinh_y_khoa", "Giám định y khoa"),
        ("giao_duc_dao_tao", "Giáo dục và đào tạo"),
        ("giao_duc_nghe_nghiep", "Giáo dục nghề nghiệp"),
        ("van_hoa", "Văn hóa"),
        ("di_san_van_hoa", "Di sản văn hóa"),
        ("gia_dinh", "Gia đình"),
        ("the_duc_the_thao", "Thể dục thể thao"),
        ("du_lich", "Du lịch"),
        ("thong_tin_truyen_thong", "Thông tin và truyền thông"),
        ("cong_thuong", "Công thương - lưu thông hàng hóa và xúc tiến thương mại"),
        ("dien", "Điện"),
        ("hoa_chat", "Hóa chất và vật liệu nổ công nghiệp"),
        ("khoa_hoc_cong_nghe", "Khoa học và công nghệ"),
        ("tieu_chuan_do_luong", "Tiêu chuẩn, đo lường, chất lượng"),
        ("an_toan_buc_xa", "Năng lượng nguyên tử, an toàn bức xạ và hạt nhân"),
        ("buu_chinh_vien_thong", "Bưu chính, viễn thông"),
        ("ton_giao", "Tôn giáo, tín ngưỡng"),
        ("dan_toc", "Công tác dân tộc"),
        ("phong_chay_chua_chay", "Phòng cháy, chữa cháy"),
        ("can_cuoc", "Căn cước"),
        ("xuat_nhap_canh", "Xuất nhập cảnh"),
        ("khieu_nai_to_cao", "Giải quyết khiếu nại, tố cáo"),
        ("ngoai_vu", "Ngoại vụ"),
    )
)

_DEPARTMENTS: tuple[tuple[int, str], ...] = (
    (1, "Văn phòng Ủy ban nhân dân tỉnh"),
    (2, "Sở Tư pháp"),
    (3, "Sở Xây dựng"),
    (4, "Sở Nông nghiệp và Môi trường"),
    (5, "Sở Tài chính"),
    (6, "Sở Nội vụ"),
    (7, "Sở Y tế"),
    (8, "Sở Giáo dục và Đào tạo"),
    (9, "Sở Công Thương"),
    (10, "Sở Văn hóa, Thể thao và Du lịch"),
    (11, "Sở Khoa học và Công nghệ"),
    (12, "Sở Dân tộc và Tôn giáo"),
    (13, "Thanh tra tỉnh"),
    (14, "Ban Quản lý các khu công nghiệp tỉnh"),
    (15, "Công an tỉnh"),
    (16, "Thuế tỉnh Lâm Đồng"),
    (17, "Văn phòng Đăng ký đất đai tỉnh"),
    (18, "Bảo hiểm xã hội tỉnh Lâm Đồng"),
    (19, "Bộ Chỉ huy Quân sự tỉnh"),
    (20, "Kho bạc Nhà nước khu vực XIV"),
)

PROVINCE_CENTRE = Centre(
    code="000.00.00.H36",
    name="Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
    kind=CentreKind.PROVINCE,
    region=Region.LAM_DONG,
    lat=11.9404,
    lon=108.4583,
    weight=1.0,
    counters=20,
    unit_name="tỉnh Lâm Đồng",
)


# Relative volume before normalisation: central wards and former district seats see more.
_BASE_WEIGHT = {"ward": 1.7, "seat": 1.35, "commune": 0.8, "special_zone": 1.0}
_PREFIX = {
    CentreKind.COMMUNE: "xã",
    CentreKind.WARD: "phường",
    CentreKind.SPECIAL_ZONE: "đặc khu",
}


def _unit(name: str, scale: float) -> float:
    """A number in [-scale, scale] fixed by the name (crc32 is stable across runs)."""
    return (zlib.crc32(name.encode()) % 2001 - 1000) / 1000 * scale


def _build_centres() -> tuple[Centre, ...]:
    rows: list[tuple[str, CentreKind, District, int, float, float]] = []
    raws: list[float] = []
    for district in DISTRICTS:
        members = [(n, CentreKind.WARD, "ward") for n in district.wards]
        members += [
            (n, CentreKind.COMMUNE, "seat" if i == 0 and not district.wards else "commune")
            for i, n in enumerate(district.communes)
        ]
        members += [(n, CentreKind.SPECIAL_ZONE, "special_zone") for n in district.special_zones]
        for index, (name, kind, tier) in enumerate(members, start=1):
            # The seat sits on the district's coordinates; others nearby (wards closer).
            spread = 0.0 if tier in ("seat", "special_zone") else 0.02 if tier == "ward" else 0.08
            lat, lon = PLACED.get(name, (
                round(district.lat + _unit(name + "lat", spread), 4),
                round(district.lon + _unit(name + "lon", spread), 4),
            ))
            raw = _BASE_WEIGHT[tier] * (1 + _unit(name + "weight", 0.15))
            if tier == "ward" and index == 1:
                raw *= 1.2  # the city's central ward
            rows.append((name, kind, district, index, lat, lon))
            raws.append(raw)
    groups = {d.name: g for g, d in enumerate(DISTRICTS, start=21)}
    centres = [
        Centre(
            code=f"000.{groups[district.name]:02d}.{index:02d}.H36",
            name=f"Trung tâm Phục vụ hành chính công {_PREFIX[kind]} {name}",
            kind=kind,
            region=district.region,
            lat=lat,
            lon=lon,
            weight=weight,
            counters=min(7, max(3, round(1.5 + 2.6 * weight))),
            unit_name=f"{_PREFIX[kind]} {name}",
        )
        for (name, kind, district, index, lat, lon), weight in zip(
            rows, _weights(raws), strict=True
        )
    ]
    return (PROVINCE_CENTRE, *centres)


def _weights(raw: list[float]) -> list[float]:
    """Scale to mean 1 and round to two decimals (the mean stays within 0.005 of 1)."""
    mean = sum(raw) / len(raw)
    return [round(value / mean, 2) for value in raw]


CENTRES: tuple[Centre, ...] = _build_centres()

AGENCIES: tuple[Agency, ...] = (
    *(Agency(f"000.00.{n:02d}.H36", name, Level.PROVINCE) for n, name in _DEPARTMENTS),
    Agency(UBND_XA, "Ủy ban nhân dân cấp xã", Level.COMMUNE),
    *(
        Agency(c.code, f"Ủy ban nhân dân {c.unit_name}", Level.COMMUNE)
        for c in CENTRES
        if c.kind is not CentreKind.PROVINCE
    ),
)

_CENTRES_BY_CODE = {c.code: c for c in CENTRES}
_AGENCIES_BY_CODE = {a.code: a for a in AGENCIES}
_FIELDS_BY_CODE = {f.code: f for f in FIELDS}


def centre(code: str) -> Centre:
    """The centre with this code; ``CatalogError`` if there is none."""
    try:
        return _CENTRES_BY_CODE[code]
    except KeyError:
        raise CatalogError(
            f"unknown centre code {code!r}: use one of the {len(CENTRES)} codes in "
            "bpmn.catalog.geography.CENTRES, e.g. '000.00.00.H36' for the provincial centre"
        ) from None


def agency(code: str) -> Agency:
    """The agency with this code; ``CatalogError`` if there is none."""
    try:
        return _AGENCIES_BY_CODE[code]
    except KeyError:
        raise CatalogError(
            f"unknown agency code {code!r}: use a department code such as '000.00.02.H36' "
            f"(Sở Tư pháp), a commune centre's code, or {UBND_XA!r}"
        ) from None


def field(code: str) -> Field:
    """The field (lĩnh vực) with this code; ``CatalogError`` if there is none."""
    try:
        return _FIELDS_BY_CODE[code]
    except KeyError:
        raise CatalogError(
            f"unknown field code {code!r}: use one of the {len(FIELDS)} codes in "
            "bpmn.catalog.geography.FIELDS, e.g. 'ho_tich' or 'dat_dai'"
        ) from None
