"""``GET /api/v1/eventlog``: the dossier events for process mining, as CSV or IEEE XES.

The export is :mod:`engine.dossiers.eventlog`'s (the same as ``motcua eventlog export``):
the filters select dossiers and all their events go out. It is written to a spooled
temporary file (memory up to 8 MB, then disk) while the request's session is open, then
streamed from it, so a province-year log never sits in memory and the database
connection is released before the client has read the whole body. Analysts and
administrators only: the log names the officers who acted.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from flask import Response, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, fields, validate

from api.extensions import get_session
from api.kpis.schemas import PeriodArgsSchema
from api.kpis.views import require_any_role
from engine.accounts.models import Role
from engine.dossiers.eventlog import LogFilter, write_csv, write_xes
from engine.kpis.periods import as_instant

__all__ = ["EventLogQuerySchema", "blp"]

_CHUNK = 64 * 1024
_SPOOL = 8 * 1024 * 1024
MIMETYPES = {"csv": "text/csv", "xes": "application/xml"}

blp = Blueprint("eventlog", __name__, url_prefix="/api/v1",
                description="The dossier event log for process mining (CSV, XES).")


class EventLogQuerySchema(PeriodArgsSchema):
    format = fields.String(load_default="csv", validate=validate.OneOf(tuple(MIMETYPES)),
                           metadata={"description": "csv (one row per event) or xes"})
    procedure = fields.String(validate=validate.Length(min=1, max=64), metadata={
        "description": "Only dossiers of this procedure code"})
    centre = fields.String(validate=validate.Length(min=1, max=64), metadata={
        "description": "Only dossiers received at this centre code"})


def _filters(args: dict[str, Any]) -> LogFilter:
    first, last = args.get("first"), args.get("last")
    return LogFilter(
        start=None if first is None else as_instant(first),
        end=None if last is None else as_instant(last + dt.timedelta(days=1)),
        procedure=args.get("procedure"),
        centre=args.get("centre"),
    )


def _export(fmt: str, filters: LogFilter) -> IO[bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115 - streamed later
    if fmt == "xes":
        write_xes(get_session(), spool, filters)
    else:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        write_csv(get_session(), text, filters)
        text.flush()
        text.detach()
    spool.seek(0)
    return spool


def _chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


@blp.route("/eventlog")
class EventLog(MethodView):
    @blp.doc(security=[{"bearerAuth": []}, {"cookieAuth": []}])
    @blp.arguments(EventLogQuerySchema(), location="query", unknown=RAISE)
    @blp.response(200, description="The log as a file (Content-Disposition: attachment)",
                  content_type="text/csv")
    def get(self, args: dict[str, Any]) -> Response:
        """Export the events of the dossiers received from ``from`` to ``to`` (both days
        included, Vietnam time), of a ``procedure``, at a ``centre``; all optional."""
        require_any_role((Role.ANALYST, Role.ADMIN), "exporting the event log")
        fmt = args["format"]
        handle = _export(fmt, _filters(args))
        response = Response(stream_with_context(_chunks(handle)), mimetype=MIMETYPES[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="motcua-events.{fmt}"'
        response.headers["Cache-Control"] = "no-store"
        return response
