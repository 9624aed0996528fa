"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Every error answers ``{"type", "title", "status", "detail"}``, plus ``errors``
(field → messages) when a request did not validate. Sources:

- HTTP errors (``abort(404)``, an unknown URL, a wrong method, a body over
  ``MAX_CONTENT_LENGTH``: 413): their status and message.
- Numbers the database cannot hold: an integer in the URL path above :data:`MAX_INT`
  matches no route (404; the path parameters document the maximum), a ``page`` above it
  is a 422 (:func:`bounded_numbers`), instead of an overflow deep in the driver; and NUL
  characters, which PostgreSQL text cannot hold, in the path, the query or a JSON string
  are a 422 naming where (:func:`no_nul_characters`) on both backends.
- A body that is not JSON (400, ``invalid-json``), or sent with another content type to an
  endpoint that reads JSON (415, checked by :func:`require_json_bodies` before the view).
- Request validation by webargs/marshmallow: 422 with the messages per field (nested
  fields: an object of the same shape, ``{"scenario": {"horizon": {"end": [...]}}}``).
- :class:`~bpmn.errors.MotcuaError`: the status of the nearest class in
  :data:`STATUS_BY_ERROR` (a not-found error is any ``MotcuaError`` that is also a
  ``LookupError``: 404). Other packages add their branch with :func:`register_status`.
- Anything else: 500 with a generic detail; the exception is logged, never sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, json, request
from flask_smorest import Api, abort
from flask_smorest.utils import prepare_response
from marshmallow import INCLUDE, Schema, fields
from werkzeug.exceptions import HTTPException, UnsupportedMediaType
from werkzeug.routing import IntegerConverter, Map

from api import docs
from bpmn.errors import CatalogError, ImportRowsError, MotcuaError, ProcedureError
from engine.scenarios.services import SimulationNotFinished
from simulations.errors import CalibrationError, CompileError, InteropError, ScenarioError

__all__ = [
    "MAX_INT",
    "PROBLEM_MIMETYPE",
    "STATUS_BY_ERROR",
    "BoundedIntConverter",
    "MotcuaApi",
    "ProblemSchema",
    "bounded_numbers",
    "no_nul_characters",
    "problem",
    "register_error_handlers",
    "register_status",
    "require_json_bodies",
]

PROBLEM_MIMETYPE = "application/problem+json"
TYPE_PREFIX = "urn:motcua:problem:"
#: The largest integer taken from a URL: PostgreSQL's INTEGER, the type of every id column.
MAX_INT = 2**31 - 1

#: The HTTP status of each error branch; the nearest class in an error's MRO wins.
STATUS_BY_ERROR: dict[type[BaseException], int] = {
    MotcuaError: 400,
    ProcedureError: 422,
    CatalogError: 422,
    ScenarioError: 422,  # the simulator's branches (simulations/errors.py)
    CalibrationError: 422,
    InteropError: 422,
    CompileError: 409,
    SimulationNotFinished: 409,  # results of a run that is not finished
    LookupError: 404,  # checked first: a not-found error is a LookupError of any branch
}


def register_status(error_class: type[MotcuaError], status: int) -> None:
    """Map another package's error branch to an HTTP status (e.g. ``CaseError`` → 409)."""
    STATUS_BY_ERROR[error_class] = status


class ProblemSchema(Schema):
    """The error body (documentation only: responses are built by :func:`problem`).

    Open to extension members (RFC 9457 section 3.2): the ones some errors add are listed,
    and a client must ignore those it does not know.
    """

    class Meta:
        unknown = INCLUDE  # documented as additionalProperties: true

    type = fields.String(metadata={"description": "URI naming the kind of problem"})
    title = fields.String(metadata={"description": "Short summary of the status"})
    status = fields.Integer(metadata={"description": "HTTP status code"})
    detail = fields.String(metadata={"description": "What went wrong and what to do"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "Messages per field, for validation errors: a list of "
                                 "strings, or for a nested field an object of the same "
                                 "shape (list items by index)"},
    )
    element_id = fields.String(metadata={"description": "The BPMN element at fault"})
    required_roles = fields.List(fields.String(), metadata={
        "description": "Roles that would allow the refused action (403)"})
    unit = fields.String(metadata={"description": "The unit the refused action is about"})


def problem(
    status: int,
    detail: str | None = None,
    *,
    type_: str = "about:blank",
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A ``application/problem+json`` response."""
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    body["detail"] = detail or title
    if errors:
        body["errors"] = dict(errors)
    body.update({key: value for key, value in extra.items() if value is not None})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    response.headers.update(dict(headers or {}))
    return response


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` with :data:`MAX_INT` as its default maximum, so that a 30-digit task id
    is an unknown URL rather than an overflow when the database is asked for it."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_INT, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


class MotcuaApi(Api):
    """flask-smorest's ``Api`` answering HTTP errors as problems, and documenting them so."""

    ERROR_SCHEMA = ProblemSchema

    def init_app(self, app: Flask, *args: Any, **kwargs: Any) -> None:
        app.url_map.converters["int"] = BoundedIntConverter  # before any route is added
        super().init_app(app, *args, **kwargs)

    def _register_doc_blueprint(self) -> None:
        """The OpenAPI document, and next to it the Swagger UI page :mod:`api.docs`
        (flask-smorest's own pages need a CDN, so none is configured)."""
        super()._register_doc_blueprint()
        self._app.register_blueprint(docs.blp)

    def _register_responses(self) -> None:
        """flask-smorest's error responses (``DEFAULT_ERROR``, one per status), documented
        with the media type they are really sent with."""
        for status in HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "An error (application/problem+json)",
                   "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)

    def handle_http_exception(self, error: HTTPException) -> Response:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        detail = data.get("message") or error.description
        messages = data.get("errors") or data.get("messages")
        kind = "validation" if status == 422 and messages else None
        exc = getattr(error, "exc", None)
        if status == 400 and isinstance(exc, ValueError):
            # webargs could not decode the body (JSONDecodeError, UnicodeDecodeError).
            detail = f"The request body is not valid JSON: {exc}"
            kind, messages = "invalid-json", None
        elif status == 413 and not data:
            limit = current_app.config.get("MAX_CONTENT_LENGTH")
            detail = (f"The request body is larger than the limit of {limit:,} bytes"
                      if limit else detail)
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        headers.update(data.get("headers") or {})
        return problem(
            status,
            detail,
            type_=f"{TYPE_PREFIX}{kind}" if kind else "about:blank",
            errors=_flatten(messages) if messages else None,
            headers=headers,
        )


def _flatten(messages: Mapping[str, Any]) -> dict[str, Any]:
    """webargs nests messages by location (``{"json": {"name": [...]}}``): drop that level."""
    locations = {
        "json",
        "query",
        "querystring",
        "path",
        "view_args",
        "form",
        "headers",
        "files",
        "cookies",
    }
    if not set(messages) <= locations:
        return dict(messages)
    flat: dict[str, Any] = {}
    for nested in messages.values():
        flat.update(nested if isinstance(nested, Mapping) else {"_schema": nested})
    return flat


def _status_of(error: MotcuaError) -> int:
    if isinstance(error, LookupError):  # before the MRO: NotFoundError(CatalogError, ...)
        return STATUS_BY_ERROR[LookupError]
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400  # pragma: no cover - MotcuaError itself is in the table


def _kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-")


def handle_motcua_error(error: MotcuaError) -> Response:
    errors = None
    if isinstance(error, ImportRowsError):
        errors = {f"row {e.row}: {e.field}": [e.message] for e in error.errors}
    return problem(
        _status_of(error),
        str(error),
        type_=f"{TYPE_PREFIX}{_kebab(type(error).__name__).removesuffix('-error')}",
        errors=errors,
        element_id=getattr(error, "element_id", None),
    )


def handle_unexpected(error: Exception) -> Response:
    current_app.logger.error(
        "unexpected error in %s %s", request.method, request.path, exc_info=error
    )
    return problem(500, "An unexpected error occurred; it has been logged.")


def _reads_json(view: Any, method: str) -> bool:
    """Whether the view function (or MethodView method) takes a JSON body: flask-smorest
    records each ``@blp.arguments`` location in the function's ``_apidoc``."""
    view_class = getattr(view, "view_class", None)
    func = getattr(view_class, method.lower(), None) if view_class else view
    arguments = getattr(func, "_apidoc", {}).get("arguments", {})
    return any(p.get("in") == "json" for p in arguments.get("parameters", ()))


def require_json_bodies() -> None:
    """415 for a body sent to a JSON endpoint as anything but JSON (a form post, text).

    webargs would read such a body as missing and answer 422 "Missing data", which hides
    the real mistake. A request without a body and without Content-Type is left to
    validation (422 naming the required fields).
    """
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or request.is_json or not _reads_json(view, request.method):
        return
    if request.content_length or request.mimetype or request.headers.get(
            "Transfer-Encoding"):
        sent = request.mimetype or "a body without Content-Type"
        raise UnsupportedMediaType(f"This endpoint reads JSON: send the body as "
                                   f"application/json, not {sent}")


def bounded_numbers() -> None:
    """422 for a ``page`` beyond :data:`MAX_INT` (flask-smorest's pagination sets no
    maximum, and the offset it computes would overflow the database's integers)."""
    page = request.args.get("page", "")
    try:
        number = int(page)
    except ValueError:
        return  # not a number: the pagination schema's 422
    if number > MAX_INT:
        abort(422, message=f"page={page} is beyond the last page",
              errors={"page": [f"Must be less than or equal to {MAX_INT}."]})


NUL_MESSAGE = "NUL characters (\\u0000) are not allowed."


def _nul_paths(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _nul_paths(item, f"{path}.{key}" if path else str(key))
            if "\x00" in str(key):
                yield f"{path}.{key}" if path else str(key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}.{index}" if path else str(index))


def no_nul_characters() -> None:
    """422 naming each path parameter, query argument or JSON field holding a NUL."""
    sources: list[tuple[str, Any]] = [
        *(request.view_args or {}).items(),
        *((name, "".join(request.args.getlist(name))) for name in request.args),
    ]
    if request.is_json and request.content_length:
        sources.append(("", request.get_json(silent=True)))
    found = sorted({path or "_schema" for name, value in sources
                    for path in _nul_paths(value, name)})
    if found:
        abort(422, message=f"{', '.join(found)}: {NUL_MESSAGE}",
              errors={path: [NUL_MESSAGE] for path in found})


def register_error_handlers(app: Flask) -> None:
    """Install the handlers for everything that is not an ``HTTPException``, and the
    request checks that run before any view (JSON content type, page bound)."""
    app.register_error_handler(MotcuaError, handle_motcua_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.before_request(require_json_bodies)
    app.before_request(bounded_numbers)
    app.before_request(no_nul_characters)
