"""``/api/v1/procedures``: the procedure catalogue and its diagram versions, read-only.

Versions are immutable once written (engine/catalog/models.py), so a version's SHA-256
``content_hash`` is a strong ETag for both its metadata and its XML; a client that sends
it back in ``If-None-Match`` gets ``304 Not Modified`` without a body.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api.extensions import get_session
from engine.catalog.models import Procedure, ProcedureVersion

from .schemas import (
    FieldSchema,
    ProcedureDetailSchema,
    ProcedureQueryArgsSchema,
    ProcedureSummarySchema,
    VersionSchema,
)
from .services import CatalogEntry, CatalogQueries, ProcedureFilters

__all__ = ["blp"]

blp = Blueprint(
    "procedures",
    __name__,
    url_prefix="/api/v1",
    description="The procedure catalogue and the BPMN diagram versions of each procedure.",
)


def _queries() -> CatalogQueries:
    return CatalogQueries(get_session())


def _entry(code: str) -> CatalogEntry:
    entry = _queries().get(code)
    if entry is None:
        abort(404, message=f"No procedure has the code {code!r}; search the catalogue "
                           "with GET /api/v1/procedures?q=...")
    return entry


def _version(procedure: Procedure, number: int, *, with_xml: bool = False) -> ProcedureVersion:
    version = _queries().version(procedure, number, with_xml=with_xml)
    if version is None:
        abort(404, message=f"Procedure {procedure.code!r} has no version {number}; "
                           f"list its versions with GET /api/v1/procedures/{procedure.code}"
                           "/versions")
    return version


def _conditional(response: Response, version: ProcedureVersion) -> Response:
    response.set_etag(version.content_hash)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@blp.route("/procedures")
class Procedures(MethodView):
    @blp.arguments(ProcedureQueryArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, ProcedureSummarySchema(many=True))
    @blp.paginate(page_size=20, max_page_size=100)
    def get(self, pagination_parameters: Any, **filters: Any) -> list[CatalogEntry]:
        """Search the catalogue.

        ``q`` matches every word in the code or the name, ignoring diacritics and case
        ("ho tich" finds "Hộ tịch"); the other arguments filter exactly. Ordered by code;
        the ``X-Pagination`` header gives the total and the page numbers.
        """
        entries, total = _queries().search(
            ProcedureFilters(**filters),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return entries


@blp.route("/procedures/<code>")
class ProcedureDetail(MethodView):
    @blp.response(200, ProcedureDetailSchema)
    def get(self, code: str) -> CatalogEntry:
        """One procedure with its step budgets and the number of its published version."""
        return _entry(code)


@blp.route("/procedures/<code>/versions")
class ProcedureVersions(MethodView):
    @blp.response(200, VersionSchema(many=True))
    def get(self, code: str) -> Any:
        """Every diagram version of a procedure, oldest first, drafts and retired included."""
        return _queries().versions(_entry(code).procedure)


@blp.route("/procedures/<code>/versions/<int:number>")
class ProcedureVersionDetail(MethodView):
    @blp.response(200, VersionSchema, headers={"ETag": {"schema": {"type": "string"}}})
    @blp.alt_response(304, description="Not modified: If-None-Match holds the content hash")
    def get(self, code: str, number: int) -> Response:
        """A version's metadata; its ETag is the content hash of its XML."""
        version = _version(_entry(code).procedure, number)
        response = Response(
            VersionSchema().dumps(version), mimetype="application/json"
        )
        return _conditional(response, version)


@blp.route("/procedures/<code>/versions/<int:number>/bpmn")
class ProcedureVersionBpmn(MethodView):
    @blp.response(200, content_type="application/xml", description="The BPMN 2.0 XML")
    @blp.alt_response(304, description="Not modified: If-None-Match holds the content hash")
    def get(self, code: str, number: int) -> Response:
        """The diagram itself, as stored (BPMN 2.0 with DI), with the content hash as ETag."""
        version = _version(_entry(code).procedure, number, with_xml=True)
        response = Response(version.bpmn_xml, mimetype="application/xml")
        response.headers["Content-Disposition"] = (
            f'inline; filename="{code}-v{number}.bpmn"'
        )
        return _conditional(response, version)


@blp.route("/fields")
class Fields(MethodView):
    @blp.response(200, FieldSchema(many=True))
    def get(self) -> Any:
        """Fields of activity (lĩnh vực) with their procedure counts, for filter menus."""
        return _queries().fields()
