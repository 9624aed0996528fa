"""The 124 commune-level units of Lâm Đồng from 1 July 2025, grouped by former district.

Names follow Resolution 1671/NQ-UBTVQH15 (103 xã, 20 phường, đặc khu Phú Quý, merged
from old Lâm Đồng, Đắk Nông and Bình Thuận). Each group is a former district or city with
approximate coordinates of its seat; the first commune listed in a group without wards
is the one that took over the seat. :mod:`bpmn.catalog.geography` builds the centres.
Coordinates are approximate (a few km), good for a travel-time radius, not for a map;
:data:`PLACED` pins units that lie far from their group's seat.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DISTRICTS", "PLACED", "District", "Region"]


class Region(StrEnum):
    """The former province a unit belonged to before 1 July 2025."""

    LAM_DONG = "lam_dong"
    DAK_NONG = "dak_nong"
    BINH_THUAN = "binh_thuan"


@dataclass(frozen=True)
class District:
    """A former district (or city) and the new units carved from it, seat first."""

    name: str
    region: Region
    lat: float
    lon: float
    wards: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    special_zones: tuple[str, ...] = ()


_LD, _DN, _BT = Region.LAM_DONG, Region.DAK_NONG, Region.BINH_THUAN

DISTRICTS: tuple[District, ...] = (
    District("Đà Lạt", _LD, 11.9404, 108.4583, wards=(
        "Xuân Hương - Đà Lạt", "Cam Ly - Đà Lạt", "Lâm Viên - Đà Lạt",
        "Xuân Trường - Đà Lạt", "Lang Biang - Đà Lạt")),
    District("Bảo Lộc", _LD, 11.5480, 107.8077, wards=(
        "1 Bảo Lộc", "2 Bảo Lộc", "3 Bảo Lộc", "B'Lao")),
    District("Lạc Dương", _LD, 12.0900, 108.4100, communes=("Lạc Dương",)),
    District("Đơn Dương", _LD, 11.7520, 108.5480, communes=(
        "Đơn Dương", "D'Ran", "Ka Đô", "Quảng Lập")),
    District("Đức Trọng", _LD, 11.7350, 108.3730, communes=(
        "Đức Trọng", "Hiệp Thạnh", "Tân Hội", "Tà Hine", "Tà Năng", "Ninh Gia")),
    District("Lâm Hà", _LD, 11.7800, 108.2400, communes=(
        "Đinh Văn Lâm Hà", "Nam Ban Lâm Hà", "Phú Sơn Lâm Hà", "Nam Hà Lâm Hà",
        "Tân Hà Lâm Hà", "Phúc Thọ Lâm Hà")),
    District("Đam Rông", _LD, 12.0400, 108.1500, communes=(
        "Đam Rông 2", "Đam Rông 1", "Đam Rông 3", "Đam Rông 4")),
    District("Di Linh", _LD, 11.5800, 108.0700, communes=(
        "Di Linh", "Hòa Ninh", "Hòa Bắc", "Đinh Trang Thượng", "Bảo Thuận", "Sơn Điền",
        "Gia Hiệp")),
    District("Bảo Lâm", _LD, 11.6400, 107.7300, communes=(
        "Bảo Lâm 1", "Bảo Lâm 2", "Bảo Lâm 3", "Bảo Lâm 4", "Bảo Lâm 5")),
    District("Đạ Huoai", _LD, 11.4200, 107.6400, communes=(
        "Đạ Huoai", "Đạ Huoai 2", "Đạ Huoai 3")),
    District("Đạ Tẻh", _LD, 11.5100, 107.4900, communes=("Đạ Tẻh", "Đạ Tẻh 2", "Đạ Tẻh 3")),
    District("Cát Tiên", _LD, 11.5700, 107.3600, communes=(
        "Cát Tiên", "Cát Tiên 2", "Cát Tiên 3")),
    District("Gia Nghĩa", _DN, 11.9950, 107.6900, wards=(
        "Bắc Gia Nghĩa", "Nam Gia Nghĩa", "Đông Gia Nghĩa")),
    District("Cư Jút", _DN, 12.6800, 107.8500, communes=("Cư Jút", "Đắk Wil", "Nam Dong")),
    District("Đắk Mil", _DN, 12.4500, 107.6200, communes=(
        "Đức Lập", "Đắk Mil", "Đắk Sắk", "Thuận An")),
    District("Krông Nô", _DN, 12.4000, 107.9000, communes=(
        "Krông Nô", "Nam Đà", "Nâm Nung", "Quảng Phú")),
    District("Đắk Song", _DN, 12.2400, 107.6100, communes=(
        "Đức An", "Đắk Song", "Thuận Hạnh", "Trường Xuân")),
    District("Đắk Glong", _DN, 12.0200, 107.8500, communes=(
        "Quảng Khê", "Tà Đùng", "Quảng Sơn", "Quảng Hòa")),
    District("Tuy Đức", _DN, 12.1500, 107.4300, communes=(
        "Tuy Đức", "Quảng Tân", "Quảng Trực")),
    District("Đắk R'Lấp", _DN, 11.9600, 107.5100, communes=(
        "Kiến Đức", "Nhân Cơ", "Quảng Tín")),
    District("Phan Thiết", _BT, 10.9280, 108.1020, wards=(
        "Phan Thiết", "Phú Thủy", "Hàm Thắng", "Bình Thuận", "Tiến Thành", "Mũi Né")),
    District("La Gi", _BT, 10.6600, 107.7700, wards=("La Gi", "Phước Hội"),
             communes=("Tân Hải",)),
    District("Tuy Phong", _BT, 11.2300, 108.7200, communes=(
        "Liên Hương", "Phan Rí Cửa", "Vĩnh Hảo", "Tuy Phong")),
    District("Bắc Bình", _BT, 11.2500, 108.3500, communes=(
        "Bắc Bình", "Lương Sơn", "Hồng Thái", "Hải Ninh", "Phan Sơn", "Sông Lũy",
        "Hòa Thắng")),
    District("Hàm Thuận Bắc", _BT, 11.0800, 108.1200, communes=(
        "Hàm Thuận", "Hàm Thuận Bắc", "Đông Giang", "La Dạ", "Hồng Sơn", "Hàm Liêm")),
    District("Hàm Thuận Nam", _BT, 10.8700, 107.9000, communes=(
        "Hàm Thuận Nam", "Hàm Thạnh", "Hàm Kiệm", "Tân Thành", "Tân Lập", "Tuyên Quang")),
    District("Hàm Tân", _BT, 10.7200, 107.6600, communes=("Hàm Tân", "Tân Minh", "Sơn Mỹ")),
    District("Tánh Linh", _BT, 11.1000, 107.6900, communes=(
        "Tánh Linh", "Bắc Ruộng", "Nghị Đức", "Đồng Kho", "Suối Kiết")),
    District("Đức Linh", _BT, 11.1900, 107.5700, communes=(
        "Đức Linh", "Hoài Đức", "Trà Tân", "Nam Thành")),
    District("Phú Quý", _BT, 10.5200, 108.9400, special_zones=("Phú Quý",)),
)

#: Units far from their group's seat, at approximate coordinates of their own.
PLACED: dict[str, tuple[float, float]] = {
    "Lang Biang - Đà Lạt": (12.0000, 108.4300),  # took in the old Lạc Dương town
    "Mũi Né": (10.9450, 108.2850),
    "Tiến Thành": (10.8850, 108.0550),
    "Hàm Thắng": (10.9750, 108.0800),
    "Phan Rí Cửa": (11.1700, 108.5650),
    "Tân Hải": (10.6200, 107.7200),
    "Trường Xuân": (12.1000, 107.7200),
}
