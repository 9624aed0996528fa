"""``/api/v1/procedures/{code}/versions/...``: save a draft, lint, publish, diff.

Lifecycle (engine/catalog/models.py): a planner ``PUT``\\ s the diagram to
``.../versions/draft``; each save whose XML differs writes a new immutable draft version.
Optimistic concurrency uses the content hash as ETag: when a draft exists, the save must
send ``If-Match: "<hash of that draft>"`` (missing: 428, stale: 412), so two planners
cannot overwrite each other's edits unseen. Without a draft, ``If-Match`` is optional and,
when sent, must name the newest version (the one the edit started from).

Saving lints and parses the diagram and returns the findings without refusing errors (a
draft is a work in progress); publishing refuses any error-level finding (422 listing the
element ids). Reads (lint, diff) are public like the rest of the catalogue; writes need
the planner or admin role.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response, current_app, json, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api.auth import current_principal
from api.auth.loading import auth_state
from api.errors import TYPE_PREFIX, problem
from api.extensions import get_session
from api.procedures.schemas import VersionSchema
from engine.catalog.collaborators import content_hash
from engine.catalog.diff import diff_diagrams
from engine.catalog.models import Procedure, ProcedureVersion, VersionStatus
from engine.catalog.services import CatalogService

from .schemas import DiffSchema, LintReportSchema, SavedDraftSchema
from .services import LintReport, check, current_draft, latest_version

__all__ = ["DEFAULT_MAX_BYTES", "blp"]

#: Largest diagram accepted (``BPMN_MAX_BYTES``); generated ones are ~20-60 KB.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
XML_TYPES = frozenset({"application/xml", "text/xml", "application/bpmn+xml"})
_ETAG = {"ETag": {"schema": {"type": "string"}, "description": "Content hash of the XML"}}

blp = Blueprint(
    "versions",
    __name__,
    url_prefix="/api/v1",
    description="Editing diagrams: save drafts, lint, publish, compare versions.",
)


def _fail(status: int, message: str) -> NoReturn:
    """flask-smorest's ``abort``, typed as never returning."""
    abort(status, message=message)
    raise AssertionError("abort returned")  # pragma: no cover


def _service() -> CatalogService:
    return CatalogService(get_session())


def _procedure(code: str) -> Procedure:
    procedure = get_session().scalar(select(Procedure).where(Procedure.code == code))
    if procedure is None:
        _fail(404, f"No procedure has the code {code!r}; search the catalogue "
              "with GET /api/v1/procedures?q=...")
    return procedure


def _version(code: str, number: int) -> ProcedureVersion:
    procedure = _procedure(code)
    version = get_session().scalar(select(ProcedureVersion).where(
        ProcedureVersion.procedure_id == procedure.id, ProcedureVersion.number == number))
    if version is None:
        _fail(404, f"Procedure {code!r} has no version {number}; list its versions "
              f"with GET /api/v1/procedures/{code}/versions")
    return version


def _require_editor() -> str:
    principal = current_principal()
    auth_state().policy.can_edit_diagram(principal).enforce()
    return principal.username


def _read_body() -> bytes:
    limit = int(current_app.config.get("BPMN_MAX_BYTES") or DEFAULT_MAX_BYTES)
    too_big = (f"The diagram is larger than {limit:,} bytes; remove embedded images or "
               "split the procedure into called processes")
    if request.content_length is not None and request.content_length > limit:
        _fail(413, too_big)
    if request.mimetype not in XML_TYPES:
        _fail(415, f"Send the diagram as application/xml (BPMN 2.0 XML), not "
              f"{request.mimetype or 'a body without Content-Type'}")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        _fail(413, too_big)
    if not body.strip():
        _fail(400, "The body is empty: send the BPMN 2.0 XML of the diagram")
    return body


def _check_precondition(draft: ProcedureVersion | None, base: ProcedureVersion | None) -> None:
    """428 without If-Match over a draft; 412 when If-Match names another version."""
    if draft is not None and not request.headers.get("If-Match"):
        _fail(428, f"Version {draft.number} is a draft being edited: send "
              f'If-Match: "{draft.content_hash}" (its ETag) to replace it, '
              "so that nobody's edits are overwritten unseen")
    expected = draft or base
    if request.headers.get("If-Match") and expected is not None and not (
            request.if_match.contains(expected.content_hash) or request.if_match.star_tag):
        _fail(412, f"The diagram changed since you loaded it: version "
              f"{expected.number} has the ETag \"{expected.content_hash}\". "
              "Reload it, merge your edits and save again")


def _with_etag(body: Any, schema: Any, status: int, etag: str) -> Response:
    response = Response(json.dumps(schema.dump(body)), status=status,
                        mimetype="application/json")
    response.set_etag(etag)
    return response


@blp.route("/procedures/<code>/versions/draft")
class Draft(MethodView):
    @blp.response(200, content_type="application/xml", description="The draft's XML",
                  headers=_ETAG)
    def get(self, code: str) -> Response:
        """The draft being edited (the newest version when it is a draft), with its ETag."""
        draft = current_draft(get_session(), _procedure(code).id)
        if draft is None:
            _fail(404, f"Procedure {code!r} has no draft; PUT a diagram to "
                  f"/api/v1/procedures/{code}/versions/draft to start one")
        response = Response(draft.bpmn_xml, mimetype="application/xml")
        response.set_etag(draft.content_hash)
        response.headers["Content-Location"] = url_for(
            "procedures.ProcedureVersionBpmn", code=code, number=draft.number)
        return response

    @blp.doc(requestBody={"required": True, "content": {"application/xml": {
        "schema": {"type": "string", "format": "binary"}}}}, security=[
        {"bearerAuth": []}, {"cookieAuth": []}])
    @blp.response(201, SavedDraftSchema, description="A new draft version", headers=_ETAG)
    @blp.alt_response(200, schema=SavedDraftSchema, description="Same XML as the draft")
    @blp.alt_response(412, description="If-Match names an older version")
    @blp.alt_response(413, description="The diagram is too large")
    @blp.alt_response(428, description="A draft exists and If-Match is missing")
    def put(self, code: str) -> Response:
        """Save a diagram as the procedure's draft; lint findings come back, not refused.

        Body: BPMN 2.0 XML (``application/xml``, at most ``BPMN_MAX_BYTES``, 2 MB by
        default), read with the safe parser (no DTD, entities or network). XML that is not
        a BPMN document is refused (422); a diagram with lint errors is saved and the
        errors listed, since they block publishing only.
        """
        author = _require_editor()
        body = _read_body()
        procedure = _procedure(code)
        session = get_session()
        draft = current_draft(session, procedure.id)
        _check_precondition(draft, latest_version(session, procedure.id))
        findings = check(body)
        syntax = [f for f in findings if f.rule == "xml-syntax"]
        if syntax:
            return problem(422, syntax[0].message, type_=f"{TYPE_PREFIX}bpmn-parse")
        created = draft is None or draft.content_hash != content_hash(body)
        version = _service().save_draft(code, body, author=author) if created else draft
        assert version is not None
        session.commit()
        report = LintReport(version.number, version.content_hash, findings)
        response = _with_etag({**report.as_dict(), "created": created, "version": version},
                              SavedDraftSchema(), 201 if created else 200,
                              version.content_hash)
        response.headers["Location"] = url_for(
            "procedures.ProcedureVersionDetail", code=code, number=version.number)
        return response


@blp.route("/procedures/<code>/versions/<int:number>/lint")
class VersionLint(MethodView):
    @blp.response(200, LintReportSchema)
    def get(self, code: str, number: int) -> dict[str, Any]:
        """Lint and parse a version: every finding with the element it is about."""
        version = _version(code, number)
        xml = version.bpmn_xml.encode("utf-8")
        return LintReport(version.number, version.content_hash, check(xml)).as_dict()


@blp.route("/procedures/<code>/versions/<int:number>/publish")
class VersionPublish(MethodView):
    @blp.doc(security=[{"bearerAuth": []}, {"cookieAuth": []}])
    @blp.response(200, VersionSchema, headers=_ETAG)
    @blp.alt_response(409, description="The version is not a draft")
    @blp.alt_response(412, description="If-Match does not match the version")
    @blp.alt_response(422, description="Lint errors: listed per element id in `errors`")
    def post(self, code: str, number: int) -> Response:
        """Publish a draft: new dossiers run on it; the version published before retires.

        Refused (422) while the diagram has error-level findings; ``errors`` maps each
        element id to its messages and ``findings`` lists them in full. ``If-Match`` is
        optional and, when sent, must be the version's ETag.
        """
        _require_editor()
        version = _version(code, number)
        if request.headers.get("If-Match") and not request.if_match.contains(
                version.content_hash):
            _fail(412, f"Version {number} has the ETag \"{version.content_hash}\", "
                  "not the one sent in If-Match")
        if version.status is not VersionStatus.DRAFT:
            _fail(409, f"Version {number} of {code} is {version.status}; only a "
                  "draft can be published (save the XML again as a new draft)")
        report = LintReport(number, version.content_hash,
                            check(version.bpmn_xml.encode("utf-8")))
        if not report.publishable:
            return problem(
                422, f"Version {number} of {code} has {report.errors} error(s); fix the "
                     "elements listed in `errors`, save a new draft and publish that",
                type_=f"{TYPE_PREFIX}lint", errors=report.by_element(),
                findings=LintReportSchema().dump(report.as_dict())["findings"])
        published = _service().publish(code, number)
        get_session().commit()
        return _with_etag(published, VersionSchema(), 200, published.content_hash)


@blp.route("/procedures/<code>/versions/<int:a>/diff/<int:b>")
class VersionDiff(MethodView):
    @blp.response(200, DiffSchema)
    def get(self, code: str, a: int, b: int) -> dict[str, Any]:
        """What changed from version ``a`` to version ``b``: elements, flows, properties
        (``motcua.budget``, ``formJsonSchema``...), timers and lanes, by element id."""
        old, new = _version(code, a), _version(code, b)
        diff = diff_diagrams(old.bpmn_xml.encode("utf-8"), new.bpmn_xml.encode("utf-8"))
        return {"procedure": code, "a": a, "b": b, **diff.as_dict()}
