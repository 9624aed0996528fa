"""``/api/v1/dossiers/<code>/forms/<01-04>.html`` (and ``.pdf``): a dossier's printable
forms.

For officers only: a form carries the applicant's name, so the caller must be logged in
and allowed to view the dossier (:meth:`engine.accounts.policy.Policy.can_view_dossier`:
an officer of one of its units, or an admin). An unknown dossier, an unknown form number
and a form that does not apply (Form 03 for a dossier never refused) are 404 problems;
a server without the PDF library or font answers the PDF with 503 (the HTML still works).
Answers are ``no-store``: personal data must not stay in shared caches.
"""

from __future__ import annotations

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api.auth import current_principal
from api.auth.loading import auth_state
from api.errors import problem
from api.extensions import get_session
from engine.dossiers.errors import DossierNotFound
from engine.dossiers.models import Dossier

from .documents import FORMS, FormContent, FormNotApplicable, build_form, render_html
from .pdf import PdfUnavailable, render_pdf

__all__ = ["blp"]

blp = Blueprint(
    "forms",
    __name__,
    url_prefix="/api/v1",
    template_folder="templates",
    description="Printable forms 01-04 of a dossier (receipt, supplement request, "
                "refusal, apology and new date), as HTML to print or as PDF.",
)

_MEANING = {"01": "the dossier has not been received yet",
            "02": "no supplement was requested",
            "03": "the dossier was not refused",
            "04": "the deadline was never extended"}
_ERRORS = {401: "Not logged in", 403: "Not an officer of the dossier's units",
           404: "No such dossier or form, or the form does not apply"}


def _content(code: str, number: str) -> FormContent:
    """Authorize, then build the form (see the module docstring for the answers)."""
    principal = current_principal()
    if number not in FORMS:
        abort(404, message=f"There is no form {number!r}; forms are 01, 02, 03 and 04")
    session = get_session()
    dossier = session.scalar(select(Dossier).where(Dossier.code == code))
    if dossier is None:
        raise DossierNotFound(f"no dossier has the code {code!r}; check the receipt")
    auth_state().policy.can_view_dossier(principal, dossier).enforce()
    try:
        return build_form(session, dossier, number)
    except FormNotApplicable:
        abort(404, message=f"Form {number} does not apply to dossier {code}: "
                           f"{_MEANING[number]}")
        raise  # unreachable: abort raises


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/dossiers/<code>/forms/<number>.html")
class DossierFormHtml(MethodView):
    @blp.response(200, content_type="text/html", description="The form, ready to print")
    @blp.alt_response(401, description=_ERRORS[401])
    @blp.alt_response(403, description=_ERRORS[403])
    @blp.alt_response(404, description=_ERRORS[404])
    def get(self, code: str, number: str) -> Response:
        """Form 01 (receipt; its tracking secret masked), 02, 03 or 04 of a dossier."""
        return _private(Response(render_html(_content(code, number)), mimetype="text/html"))


@blp.route("/dossiers/<code>/forms/<number>.pdf")
class DossierFormPdf(MethodView):
    @blp.response(200, content_type="application/pdf", description="The form as A4 PDF")
    @blp.alt_response(401, description=_ERRORS[401])
    @blp.alt_response(403, description=_ERRORS[403])
    @blp.alt_response(404, description=_ERRORS[404])
    @blp.alt_response(503, description="PDF output is not installed on this server")
    def get(self, code: str, number: str) -> Response:
        """The same form as a PDF, with its Vietnamese text and QR code embedded."""
        content = _content(code, number)
        try:
            data = render_pdf(content, current_app.config.get("PDF_FONT_DIR"))
        except PdfUnavailable as error:
            return problem(503, str(error))
        response = Response(data, mimetype="application/pdf")
        response.headers["Content-Disposition"] = (
            f'inline; filename="{code}-mau-{number}.pdf"')
        return _private(response)
