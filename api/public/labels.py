"""Vietnamese labels of the codes a citizen sees (status, level, time unit, online level).

Kept apart from the schemas because the printable forms (:mod:`api.forms`) print the same
words: a status must read the same on the tracking page and on paper.
"""

from __future__ import annotations

import datetime as dt

from bpmn.catalog.model import Level, OnlineLevel, TimeUnit
from engine.calendar import vietnamese_moment
from engine.dossiers.models import DossierStatus

__all__ = [
    "LEVEL_LABELS",
    "ONLINE_LABELS",
    "STATUS_LABELS",
    "STEP_LABELS",
    "UNIT_LABELS",
    "moment",
    "money",
    "statutory_time",
]

S = DossierStatus
#: The national status codes (Circular 03/2025/TT-VPCP) as the citizen reads them.
STATUS_LABELS: dict[DossierStatus, str] = {
    S.SUBMITTED: "Đã nộp trực tuyến, chờ tiếp nhận",
    S.RECEIVED: "Đã tiếp nhận",
    S.REFUSED: "Từ chối tiếp nhận",
    S.PROCESSING: "Đang xử lý",
    S.SUPPLEMENT: "Yêu cầu bổ sung hồ sơ",
    S.AWAITING_PAYMENT: "Chờ thực hiện nghĩa vụ tài chính",
    S.WITHDRAWN: "Đã rút hồ sơ",
    S.STOPPED: "Dừng xử lý",
    S.DECIDED: "Đã có kết quả",
    S.RETURNED: "Đã trả kết quả",
}
LEVEL_LABELS = {Level.PROVINCE: "Cấp tỉnh", Level.COMMUNE: "Cấp xã"}
UNIT_LABELS = {TimeUnit.WORKING_DAYS: "ngày làm việc", TimeUnit.DAYS: "ngày",
               TimeUnit.HOURS: "giờ làm việc", TimeUnit.MONTHS: "tháng"}
ONLINE_LABELS = {OnlineLevel.FULL: "Dịch vụ công trực tuyến toàn trình",
                 OnlineLevel.PARTIAL: "Dịch vụ công trực tuyến một phần"}

#: The catalogue's step keys (``bpmn.catalog.model.ARCHETYPE_STEPS``) in plain words.
STEP_LABELS = {
    "receive": "Tiếp nhận, kiểm tra hồ sơ",
    "resolve": "Giải quyết hồ sơ",
    "appraise": "Thẩm định hồ sơ",
    "inspect": "Kiểm tra thực tế",
    "consult": "Lấy ý kiến cơ quan phối hợp",
    "approve": "Phê duyệt kết quả",
    "sign": "Ký duyệt kết quả",
    "return": "Trả kết quả",
}


def statutory_time(amount: float, unit: TimeUnit) -> str:
    """``"3 ngày làm việc"``, ``"0,5 ngày làm việc"`` (Vietnamese decimal comma)."""
    number = f"{amount:g}".replace(".", ",")
    return f"{number} {UNIT_LABELS[unit]}"


def moment(value: dt.datetime | None) -> str:
    """A date as the forms print it (``17:00 thứ Ba, 10/03/2026``), ``—`` when unset."""
    return "—" if value is None else vietnamese_moment(value)


def money(amount: int) -> str:
    """``50.000 đồng`` (Vietnamese thousands separator); ``Không thu phí`` for 0."""
    return "Không thu phí" if not amount else f"{amount:,} đồng".replace(",", ".")
