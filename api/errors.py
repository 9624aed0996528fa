"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Every error answers ``{"type", "title", "status", "detail"}``, plus ``errors``
(field → messages) when a request did not validate. Sources:

- HTTP errors (``abort(404)``, an unknown URL, a wrong method): their status and message.
- Request validation by webargs/marshmallow: 422 with the messages per field.
- :class:`~bpmn.errors.MotcuaError`: the status of the nearest class in
  :data:`STATUS_BY_ERROR` (a not-found error is any ``MotcuaError`` that is also a
  ``LookupError``: 404). Other packages add their branch with :func:`register_status`.
- Anything else: 500 with a generic detail; the exception is logged, never sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, json, request
from flask_smorest import Api
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from bpmn.errors import CatalogError, ImportRowsError, MotcuaError, ProcedureError

__all__ = [
    "PROBLEM_MIMETYPE",
    "STATUS_BY_ERROR",
    "MotcuaApi",
    "ProblemSchema",
    "problem",
    "register_error_handlers",
    "register_status",
]

PROBLEM_MIMETYPE = "application/problem+json"
TYPE_PREFIX = "urn:motcua:problem:"

#: The HTTP status of each error branch; the nearest class in an error's MRO wins.
STATUS_BY_ERROR: dict[type[BaseException], int] = {
    MotcuaError: 400,
    ProcedureError: 422,
    CatalogError: 422,
    LookupError: 404,  # checked first: a not-found error is a LookupError of any branch
}


def register_status(error_class: type[MotcuaError], status: int) -> None:
    """Map another package's error branch to an HTTP status (e.g. ``CaseError`` → 409)."""
    STATUS_BY_ERROR[error_class] = status


class ProblemSchema(Schema):
    """The error body (documentation only: responses are built by :func:`problem`)."""

    type = fields.String(metadata={"description": "URI naming the kind of problem"})
    title = fields.String(metadata={"description": "Short summary of the status"})
    status = fields.Integer(metadata={"description": "HTTP status code"})
    detail = fields.String(metadata={"description": "What went wrong and what to do"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per field, for validation errors"},
    )


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


class MotcuaApi(Api):
    """flask-smorest's ``Api`` answering HTTP errors as problems, and documenting them so."""

    ERROR_SCHEMA = ProblemSchema

    def handle_http_exception(self, error: HTTPException) -> Response:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        detail = data.get("message") or error.description
        messages = data.get("errors") or data.get("messages")
        kind = "validation" if status == 422 and messages else None
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


def register_error_handlers(app: Flask) -> None:
    """Install the handlers for everything that is not an ``HTTPException``."""
    app.register_error_handler(MotcuaError, handle_motcua_error)
    app.register_error_handler(Exception, handle_unexpected)
