"""``/api/v1/public``: what anyone may read without logging in.

- ``GET /public/procedures/<code>``: a procedure's citizen-facing facts;
- ``GET /public/procedures/<code>/qr.png`` and ``qr.svg``: a QR code to its public page
  (``/p/<code>``, :mod:`api.public.pages`), for posters at the counters;
- ``GET /public/dossiers/<code>?secret=...``: a dossier's progress, with the tracking
  secret of the receipt as the second factor.

The dossier lookup is the only place a guess can be tried, so it is rate limited per
client address (:data:`LOOKUP_LIMIT` a minute, the login's in-memory
:class:`~api.auth.ratelimit.SlidingWindow`; 429 with ``Retry-After``), and an unknown
code and a wrong secret get byte-identical 404 answers. Its answers are ``no-store`` and
``Referrer-Policy: no-referrer``: the secret is in the URL, which must not end up in a
shared cache or in another site's logs. Behind a reverse proxy, the client address is
only right once the proxy's ``X-Forwarded-For`` is trusted (werkzeug's ``ProxyFix``).
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.exceptions import NotFound

from api.auth.ratelimit import SlidingWindow
from api.errors import problem
from api.extensions import get_session

from .qr import public_url, qr_png, qr_svg
from .schemas import (
    PublicDossierSchema,
    PublicProcedureSchema,
    QrArgsSchema,
    TrackingArgsSchema,
)
from .services import PublicDossier, PublicProcedure, PublicQueries
from .tracking import tracking_key

__all__ = ["LIMITER_KEY", "LOOKUP_LIMIT", "blp", "lookup_limiter", "tracking_lookup"]

LIMITER_KEY = "motcua.public.lookups"
LOOKUP_LIMIT = 20  # per minute and address
PROCEDURE_MAX_AGE = 300
QR_MAX_AGE = 86_400
NOT_FOUND = ("No dossier matches this code and tracking secret; check both on the "
             "receipt (Form 01, giấy tiếp nhận và hẹn trả kết quả)")
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

blp = Blueprint(
    "public",
    __name__,
    url_prefix="/api/v1/public",
    description="For citizens, without login: procedure information, QR codes, and the "
                "progress of a dossier (with the receipt's tracking secret).",
)


@blp.record_once
def _install_limiter(state: Any) -> None:
    state.app.extensions.setdefault(LIMITER_KEY, SlidingWindow(LOOKUP_LIMIT, 60))


def lookup_limiter() -> SlidingWindow:
    """The app's limiter of dossier lookups (tests replace it with a tight one)."""
    limiter: SlidingWindow = current_app.extensions[LIMITER_KEY]
    return limiter


def tracking_lookup(code: str, secret: str) -> PublicDossier | Response:
    """Rate-limit, then look up: the dossier, or the 429/404 problem to answer with.

    Shared by this API and the HTML tracking page, so one limit covers both doors.
    """
    wait = lookup_limiter().hit(request.remote_addr or "unknown")
    if wait is not None:
        return problem(429, f"Too many dossier lookups from this address; try again in "
                            f"{wait} seconds", headers={"Retry-After": str(wait), **PRIVATE})
    found = PublicQueries(get_session()).dossier(code, secret, tracking_key())
    if found is None:
        return problem(404, NOT_FOUND, headers=PRIVATE)
    return found


def _procedure(code: str) -> PublicProcedure:
    found = PublicQueries(get_session()).procedure(code)
    if found is None:
        raise NotFound(f"No procedure has the code {code!r}; search the catalogue with "
                       "GET /api/v1/procedures?q=...")
    return found


@blp.route("/procedures/<code>")
class PublicProcedureView(MethodView):
    @blp.response(200, PublicProcedureSchema)
    def get(self, code: str) -> Response:
        """What a citizen needs to know before submitting a dossier of this procedure."""
        body = PublicProcedureSchema().dumps(_procedure(code))
        response = Response(body, mimetype="application/json")
        response.headers["Cache-Control"] = f"public, max-age={PROCEDURE_MAX_AGE}"
        return response


def _qr(code: str, scale: int, kind: str) -> Response:
    url = public_url("public_pages.procedure", code=_procedure(code).code)
    if kind == "png":
        response = Response(qr_png(url, scale), mimetype="image/png")
    else:
        response = Response(qr_svg(url, scale), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = f"public, max-age={QR_MAX_AGE}"
    response.headers["Content-Disposition"] = f'inline; filename="{code}.{kind}"'
    return response


@blp.route("/procedures/<code>/qr.png")
class PublicProcedureQrPng(MethodView):
    @blp.arguments(QrArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, content_type="image/png", description="A QR code (PNG)")
    def get(self, code: str, scale: int) -> Response:
        """A QR code linking to the procedure's public page, for posters and leaflets."""
        return _qr(code, scale, "png")


@blp.route("/procedures/<code>/qr.svg")
class PublicProcedureQrSvg(MethodView):
    @blp.arguments(QrArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, content_type="image/svg+xml", description="A QR code (SVG)")
    def get(self, code: str, scale: int) -> Response:
        """The same QR code as a scalable SVG, for print."""
        return _qr(code, scale, "svg")


@blp.route("/dossiers/<code>")
class PublicDossierView(MethodView):
    @blp.arguments(TrackingArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, PublicDossierSchema)
    @blp.alt_response(404, description="No dossier with this code and secret")
    @blp.alt_response(429, description="Too many lookups from this address")
    def get(self, code: str, secret: str) -> Response:
        """A dossier's status and dates, for whoever holds its receipt.

        The receipt's tracking secret is required; a wrong secret and an unknown code
        answer the same 404. No personal data is ever included.
        """
        found = tracking_lookup(code, secret)
        if isinstance(found, Response):
            return found
        response = Response(PublicDossierSchema().dumps(found), mimetype="application/json")
        response.headers.update(PRIVATE)
        return response
