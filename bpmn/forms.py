"""The completion forms of archetype tasks, as JSON Schema.

A form says what an officer submits when completing a task; the engine validates the data
against it before SpiffWorkflow sees it, the linter checks that gateway conditions use
only variables some form defines, and the UI renders it. Variable names are ASCII; titles
are the Vietnamese labels officers read.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "approve_form",
    "choice",
    "consult_form",
    "fee_form",
    "form",
    "inspect_form",
    "receive_form",
    "return_form",
    "supplement_form",
    "text",
    "work_form",
]

Schema = dict[str, Any]


def choice(title: str, options: dict[str, str]) -> Schema:
    """A string field whose allowed values carry their own labels."""
    return {
        "type": "string",
        "title": title,
        "oneOf": [{"const": value, "title": label} for value, label in options.items()],
    }


def text(title: str) -> Schema:
    return {"type": "string", "title": title, "maxLength": 2000}


def form(title: str, fields: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    schema: Schema = {"type": "object", "title": title, "properties": fields}
    if required:
        schema["required"] = list(required)
    schema["additionalProperties"] = False
    return schema


def receive_form() -> Schema:
    return form(
        "Tiếp nhận, kiểm tra hồ sơ",
        {
            "reception_outcome": choice(
                "Kết quả kiểm tra",
                {"accept": "Hồ sơ hợp lệ, tiếp nhận", "refuse": "Từ chối tiếp nhận"},
            ),
            "refusal_reason": text("Lý do từ chối (Mẫu 03)"),
        },
        ("reception_outcome",),
    )


def work_form(title: str, *, with_supplement: bool = False) -> Schema:
    fields: dict[str, Schema] = {"appraisal_opinion": text("Ý kiến thẩm định")}
    required: tuple[str, ...] = ()
    if with_supplement:
        fields["appraisal_outcome"] = choice(
            "Kết quả thẩm định",
            {"complete": "Hồ sơ đầy đủ", "supplement": "Yêu cầu bổ sung hồ sơ (Mẫu 02)"},
        )
        fields["supplement_request"] = text("Nội dung cần bổ sung")
        required = ("appraisal_outcome",)
    return form(title, fields, required)


def supplement_form() -> Schema:
    return form(
        "Tiếp nhận hồ sơ bổ sung",
        {"supplement_note": text("Giấy tờ công dân đã bổ sung")},
    )


def inspect_form() -> Schema:
    return form(
        "Kiểm tra thực địa",
        {
            "inspection_passed": {"type": "boolean", "title": "Hiện trạng phù hợp hồ sơ"},
            "inspection_report": text("Biên bản kiểm tra"),
        },
        ("inspection_passed",),
    )


def consult_form(variable: str, agency_name: str) -> Schema:
    return form(
        f"Ý kiến của {agency_name}",
        {
            variable: choice("Ý kiến", {"agree": "Thống nhất", "disagree": "Không thống nhất"}),
            f"{variable}_note": text("Nội dung ý kiến"),
        },
        (variable,),
    )


def approve_form() -> Schema:
    return form(
        "Phê duyệt kết quả",
        {
            "decision": choice(
                "Quyết định",
                {"approve": "Đồng ý, ký kết quả", "reject": "Từ chối giải quyết (nêu lý do)"},
            ),
            "decision_note": text("Ghi chú, lý do"),
        },
        ("decision",),
    )


def fee_form() -> Schema:
    return form(
        "Xác nhận nộp phí, lệ phí",
        {
            "fee_paid": {"type": "boolean", "title": "Công dân đã nộp phí, lệ phí"},
            "fee_receipt": text("Số biên lai"),
        },
        ("fee_paid",),
    )


def return_form() -> Schema:
    return form(
        "Trả kết quả",
        {
            "return_channel": choice(
                "Hình thức trả",
                {"counter": "Tại quầy", "postal": "Qua bưu chính", "electronic": "Điện tử"},
            ),
        },
        ("return_channel",),
    )
