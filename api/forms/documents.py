"""The printable forms of a dossier (Forms 01-04), as one structure rendered to HTML (and
to PDF by :mod:`api.forms.pdf`), so the wording exists once.

Which form applies when (the dossier lifecycle is in :mod:`engine.dossiers.models`):

====  =====================================================  =================================
form  what it is                                             applies once
====  =====================================================  =================================
01    receipt with the appointment date (giấy tiếp nhận hồ   the dossier is received
      sơ và hẹn trả kết quả)                                 (``received_at`` set)
02    supplement request (phiếu yêu cầu bổ sung, hoàn thiện  a ``request_supplement`` event;
      hồ sơ)                                                 the latest one is printed
03    refusal with reasons (phiếu từ chối tiếp nhận giải     a ``refuse`` event
      quyết hồ sơ)
04    apology and new appointment (phiếu xin lỗi và hẹn lại  an ``extend`` event
      ngày trả kết quả)
====  =====================================================  =================================

Every form reads what the audit event recorded at the time (the request, the reasons,
the new date), not the dossier's current columns, so a reprint says what was decided.

The tracking secret is printed only once, on the receipt handed over at reception:
:func:`render_receipt` takes it from the receive view, which has just issued it
(:func:`engine.dossiers.tracking.issue_tracking_secret`); a reprint (the GET endpoint)
masks it, since only its hash is stored. The receipt's QR code leads to the public
tracking page, which then asks for the secret.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.extensions import get_session
from api.public.labels import moment
from api.public.qr import make_qr, public_url
from engine.calendar import VIETNAM_TZ
from engine.catalog.models import Agency, Centre, Procedure
from engine.dossiers.clock import EXTEND_ACTION
from engine.dossiers.models import Dossier, DossierEvent
from engine.dossiers.services import Receipt
from engine.dossiers.tracking import format_secret

__all__ = [
    "FORMS",
    "FormContent",
    "FormNotApplicable",
    "build_form",
    "build_receipt",
    "render_form",
    "render_html",
    "render_receipt",
]

MASK = "••••-••••"
#: Form number → (title, the event action it prints, or None for the receipt).
FORMS: dict[str, tuple[str, str | None]] = {
    "01": ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", None),
    "02": ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "request_supplement"),
    "03": ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "refuse"),
    "04": ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", EXTEND_ACTION),
}
_RECEIVER = ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)")


class FormNotApplicable(LookupError):
    """The form does not apply to the dossier (yet): e.g. Form 03 for a dossier that
    was not refused. Views answer 404."""


@dataclass(frozen=True)
class Tracking:
    """The receipt's tracking box: where to look the dossier up, and with what."""

    url: str
    secret: str
    masked: bool


@dataclass(frozen=True)
class FormContent:
    """Everything a form prints, in reading order, independent of the output format."""

    number: str
    title: str
    agency_name: str
    centre_name: str
    code: str
    date_line: str
    before: tuple[str, ...]  # paragraphs before the facts
    facts: tuple[tuple[str, str], ...]  # (label, value) rows, values in bold
    after: tuple[str, ...]
    signatures: tuple[tuple[str, str], ...]  # (role, hint); an empty role leaves a gap
    tracking: Tracking | None = None


def _date_line(at: dt.datetime | None) -> str:
    """``Lâm Đồng, ngày 03 tháng 03 năm 2026``: an official document's place and date."""
    local = (at or dt.datetime.now(dt.UTC)).astimezone(VIETNAM_TZ)
    return f"Lâm Đồng, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _parse(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


def _latest_event(session: Session, dossier: Dossier, action: str) -> DossierEvent:
    event = session.scalar(select(DossierEvent)
                           .where(DossierEvent.dossier_id == dossier.id,
                                  DossierEvent.action == action)
                           .order_by(DossierEvent.sequence.desc()).limit(1))
    if event is None:
        raise FormNotApplicable(action)
    return event


def _names(session: Session, dossier: Dossier) -> tuple[str, str, Procedure]:
    procedure = session.get_one(Procedure, dossier.procedure_id)
    agency = session.scalar(select(Agency.name).where(Agency.code == dossier.competent_agency))
    centre = session.scalar(select(Centre.name).where(Centre.code == dossier.received_centre))
    return agency or dossier.competent_agency, centre or dossier.received_centre, procedure


def receipt_of(session: Session, dossier: Dossier) -> Receipt:
    """The receipt of a received dossier, as :meth:`DossierService.receipt` builds it."""
    if dossier.received_at is None:
        raise FormNotApplicable("receive")
    procedure = session.get_one(Procedure, dossier.procedure_id)
    return Receipt(dossier.code, procedure.code, procedure.name, dossier.applicant_name,
                   dossier.received_centre, dossier.received_at, dossier.appointment_at)


def build_receipt(session: Session, dossier: Dossier, receipt: Receipt,
                  secret: str | None) -> FormContent:
    """Form 01; ``secret`` in clear at reception, None on a reprint (masked)."""
    agency, centre, _ = _names(session, dossier)
    return FormContent(
        "01", FORMS["01"][0], agency, centre, dossier.code, _date_line(receipt.received_at),
        before=(f"{centre} đã tiếp nhận hồ sơ của: {receipt.applicant_name}",),
        facts=(("Nội dung yêu cầu giải quyết",
                f"{receipt.procedure_name} ({receipt.procedure_code})"),
               ("Thời gian nhận hồ sơ", moment(receipt.received_at)),
               ("Thời gian trả kết quả giải quyết hồ sơ", receipt.appointment or "—"),
               ("Cơ quan giải quyết", agency),
               ("Nơi trả kết quả", centre)),
        after=(),
        signatures=(("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)"), _RECEIVER),
        tracking=Tracking(public_url("public_pages.dossier", code=dossier.code),
                          format_secret(secret) if secret else MASK, not secret))


def build_form(session: Session, dossier: Dossier, number: str) -> FormContent:
    """Form ``number`` of ``dossier`` (Form 01 masked); :class:`FormNotApplicable` when it
    does not apply, :class:`KeyError` for an unknown number."""
    title, action = FORMS[number]
    if action is None:
        return build_receipt(session, dossier, receipt_of(session, dossier), None)
    event = _latest_event(session, dossier, action)
    detail: Mapping[str, Any] = event.detail or {}
    agency, centre, procedure = _names(session, dossier)
    subject = (f"{centre} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục: {procedure.name} "
               f"({procedure.code}), tiếp nhận lúc {moment(dossier.received_at)}.")
    head = (number, title, agency, centre, dossier.code, _date_line(event.at))
    if number == "02":
        return FormContent(
            *head, before=(subject, "Sau khi xem xét, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị "
                                    "bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"),
            facts=(("Nội dung yêu cầu bổ sung", str(detail.get("request") or "—")),
                   ("Ngày yêu cầu", moment(event.at)),
                   ("Lần yêu cầu", str(detail.get("supplement_count") or 1))),
            after=("Thời gian giải quyết tạm dừng từ ngày yêu cầu cho đến khi nhận đủ hồ sơ "
                   f"bổ sung. Nếu có vướng mắc, xin liên hệ {centre}.",),
            signatures=(("", ""), _RECEIVER))
    if number == "03":
        return FormContent(
            *head, before=(subject, "Qua xem xét, cơ quan, đơn vị từ chối tiếp nhận giải "
                                    "quyết hồ sơ với lý do sau:"),
            facts=(("Lý do từ chối", str(detail.get("reason") or "—")),
                   ("Ngày từ chối", moment(event.at))),
            after=("Xin thông báo để tổ chức, cá nhân được biết và thực hiện.",),
            signatures=(("", ""), _RECEIVER))
    previous = _parse(detail.get("previous_due")) or dossier.appointment_at
    new_due = _parse(detail.get("new_due")) or dossier.due_at
    return FormContent(
        *head, before=(f"{subject[:-1]}, hẹn trả kết quả {moment(previous)}.",
                       "Tuy nhiên, đến nay cơ quan chưa trả kết quả giải quyết hồ sơ đúng "
                       "hẹn. Lý do:"),
        facts=(("Lý do chậm trả kết quả",
                str(detail.get("reason") or dossier.extension_reason or "—")),
               ("Thời gian hẹn trả kết quả mới", moment(new_due))),
        after=(f"Sự chậm trễ này đã gây phiền hà cho tổ chức, cá nhân. {agency} xin lỗi và "
               "hẹn trả kết quả vào thời gian nêu trên.",),
        signatures=(("", ""), ("THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)")))


def _qr_svg(url: str) -> Markup:
    """The receipt's QR code, inline (printing needs no second request)."""
    svg = make_qr(url).svg_inline(scale=3, border=2, title="Mã QR tra cứu hồ sơ",
                                  svgclass="qr")
    return Markup(svg)  # segno escapes the title; the rest is its own markup


def render_html(content: FormContent) -> str:
    qr = _qr_svg(content.tracking.url) if content.tracking else None
    return render_template("forms/form.html", f=content, qr=qr)


def render_receipt(dossier: Dossier, receipt: Receipt, secret: str | None, *,
                   session: Session | None = None) -> str:
    """Form 01 as HTML with the clear ``secret``: for the receive view, which has just
    issued it (a reprint passes None and prints it masked)."""
    return render_html(build_receipt(session or get_session(), dossier, receipt, secret))


def render_form(session: Session, dossier: Dossier, number: str) -> str:
    """Form ``number`` as HTML (see :func:`build_form`)."""
    return render_html(build_form(session, dossier, number))
