"""The public HTML pages the QR codes point at (server-rendered, no JavaScript).

- ``/p/<code>``: a procedure's information, where the procedure poster's QR code leads;
- ``/p/ho-so/<code>``: a dossier's progress, where the receipt's QR code leads; it asks
  for the tracking secret (the QR code never carries it, so a photographed receipt QR
  reveals nothing) and shares the API's rate limit and its identical "not found" answer.

Why server-rendered: citizens open these on any phone, often on a slow connection; a
page of plain HTML in Vietnamese, with landmarks, labels and sufficient contrast, is the
most accessible and the fastest answer. Not part of the OpenAPI document (HTML pages).
"""

from __future__ import annotations

from flask import Response, render_template, request

from api.extensions import get_session
from api.ui import PageBlueprint

from . import labels
from .services import PublicQueries
from .views import PRIVATE, tracking_lookup

__all__ = ["pages"]

NOT_FOUND_VI = ("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Vui lòng kiểm tra lại "
                "trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")

pages = PageBlueprint("public_pages", __name__, url_prefix="/p",
                      template_folder="templates",
                      description="Public HTML pages (not part of the API).")


def _html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    response.headers.update(headers or {})
    return response


@pages.get("/<code>", endpoint="procedure")
def procedure_page(code: str) -> Response:
    found = PublicQueries(get_session()).procedure(code)
    if found is None:
        body = render_template("public/missing.html", code=code)
        return _html(body, 404)
    body = render_template("public/procedure.html", p=found, money=labels.money)
    return _html(body, headers={"Cache-Control": "public, max-age=300"})


@pages.get("/ho-so/<code>", endpoint="dossier")
def dossier_page(code: str) -> Response:
    secret = request.args.get("secret", "").strip()[:32]
    if not secret:
        return _html(render_template("public/dossier.html", code=code, d=None, error=None),
                     headers=PRIVATE)
    found = tracking_lookup(code, secret)
    if isinstance(found, Response):
        error = (NOT_FOUND_VI if found.status_code == 404 else
                 "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
        body = render_template("public/dossier.html", code=code, d=None, error=error)
        headers = {**PRIVATE, **({"Retry-After": found.headers["Retry-After"]}
                                 if "Retry-After" in found.headers else {})}
        return _html(body, found.status_code, headers)
    body = render_template("public/dossier.html", code=code, d=found, error=None,
                           moment=labels.moment)
    return _html(body, headers=PRIVATE)

