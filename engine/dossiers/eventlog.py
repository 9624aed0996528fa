"""The dossier events as a process-mining log: CSV, or IEEE XES (1849-2016).

Why: the simulator is calibrated from real event logs, and analysts open the same logs in
ProM, Disco, Celonis or pm4py. One case is one dossier (case id = dossier code); one event
is one row of ``dossier_events``, named after its human task when it has one and after its
action otherwise.

Choices worth knowing:

- The period, procedure and centre filters select *dossiers* (received in the period, of
  that procedure, at that reception centre) and export all their events: a log cut at a
  date boundary would show half-finished cases and understate throughput times. A dossier
  never received (submitted online, still waiting) is placed by its submission time.
- Timestamps are UTC with an explicit offset, exactly as stored.
- ``lifecycle`` uses the XES standard transitional model. Instantaneous actions (receive,
  decide, ...) are ``complete``; task actions map as in :data:`LIFECYCLE_BY_ACTION`, and an
  event may name its own transition in ``detail["lifecycle"]``.
- ``status`` is the dossier status *after* the event: the event's ``to_status``, else the
  last status recorded earlier in the same case.
- The output streams: the query is read in batches (``yield_per``) and the XES file is
  written with :class:`lxml.etree.xmlfile`, one trace at a time, so a province-year log
  never sits in memory. The ``<log>`` element declares the XES namespace as the default;
  the elements written inside it are built with plain tags so that they inherit it instead
  of each repeating the declaration.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

from lxml import etree
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from engine.catalog.models import Procedure
from engine.dossiers.models import Dossier, DossierEvent

__all__ = [
    "CSV_COLUMNS",
    "LIFECYCLE_BY_ACTION",
    "XES_NS",
    "ExportReport",
    "LogEvent",
    "LogFilter",
    "iter_events",
    "write_csv",
    "write_xes",
]

XES_NS = "http://www.xes-standard.org/"
CSV_COLUMNS = (
    "case_id",
    "sequence",
    "activity",
    "action",
    "timestamp",
    "resource",
    "lifecycle",
    "status",
    "procedure",
    "centre",
)
#: XES lifecycle transition of task actions; any other action is ``complete``.
LIFECYCLE_BY_ACTION = {
    "create_task": "schedule",
    "assign_task": "assign",
    "claim_task": "assign",
    "reassign_task": "reassign",
    "start_task": "start",
    "complete_task": "complete",
    "cancel_task": "ate_abort",
}
_XES_TRANSITIONS = frozenset(
    {
        "schedule",
        "assign",
        "reassign",
        "start",
        "suspend",
        "resume",
        "pi_abort",
        "ate_abort",
        "complete",
        "autoskip",
        "manualskip",
        "withdraw",
        "unknown",
    }
)
_EXTENSIONS = (
    ("Concept", "concept"),
    ("Time", "time"),
    ("Lifecycle", "lifecycle"),
    ("Organizational", "org"),
)
_BATCH = 2000


@dataclass(frozen=True)
class LogFilter:
    """Which dossiers to export: received in ``[start, end)``, of a procedure, at a centre."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    procedure: str | None = None
    centre: str | None = None


@dataclass(frozen=True)
class LogEvent:
    """One event of the log, in the vocabulary of process mining."""

    case_id: str
    sequence: int
    activity: str
    action: str
    timestamp: dt.datetime
    resource: str
    lifecycle: str
    status: str
    procedure: str
    centre: str

    def csv_row(self) -> list[str]:
        return [
            self.case_id,
            str(self.sequence),
            self.activity,
            self.action,
            self.timestamp.isoformat(timespec="microseconds"),
            self.resource,
            self.lifecycle,
            self.status,
            self.procedure,
            self.centre,
        ]


@dataclass(frozen=True)
class ExportReport:
    """How much was written."""

    traces: int
    events: int


def _statement(filters: LogFilter) -> Select[Any]:
    placed_at = func.coalesce(Dossier.received_at, Dossier.submitted_at)
    stmt = (
        select(
            Dossier.code,
            Procedure.code.label("procedure"),
            Dossier.received_centre,
            DossierEvent.sequence,
            DossierEvent.at,
            DossierEvent.actor,
            DossierEvent.action,
            DossierEvent.to_status,
            DossierEvent.task_name,
            DossierEvent.detail,
        )
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .order_by(DossierEvent.dossier_id, DossierEvent.sequence)
        .execution_options(yield_per=_BATCH)
    )
    if filters.start is not None:
        stmt = stmt.where(placed_at >= filters.start)
    if filters.end is not None:
        stmt = stmt.where(placed_at < filters.end)
    if filters.procedure is not None:
        stmt = stmt.where(Procedure.code == filters.procedure)
    if filters.centre is not None:
        stmt = stmt.where(Dossier.received_centre == filters.centre)
    return stmt


def _lifecycle(action: str, detail: dict[str, Any] | None) -> str:
    named = (detail or {}).get("lifecycle")
    if isinstance(named, str) and named in _XES_TRANSITIONS:
        return named
    return LIFECYCLE_BY_ACTION.get(action, "complete")


def iter_events(session: Session, filters: LogFilter | None = None) -> Iterator[LogEvent]:
    """The selected events, case by case and in sequence order within a case."""
    rows = session.execute(_statement(filters or LogFilter()))
    for _code, case in itertools.groupby(rows, key=lambda row: row.code):
        status = ""
        for row in case:
            status = row.to_status or status
            yield LogEvent(
                case_id=row.code,
                sequence=row.sequence,
                activity=row.task_name or row.action,
                action=row.action,
                timestamp=row.at,
                resource=row.actor,
                lifecycle=_lifecycle(row.action, row.detail),
                status=status,
                procedure=row.procedure,
                centre=row.received_centre,
            )


def write_csv(session: Session, out: TextIO, filters: LogFilter | None = None) -> ExportReport:
    """Write the log as CSV with a header row (:data:`CSV_COLUMNS`) to ``out``.

    Open ``out`` with ``newline=""`` (the csv module writes its own line ends).
    """
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    traces = events = 0
    last_case = None
    for event in iter_events(session, filters):
        writer.writerow(event.csv_row())
        events += 1
        if event.case_id != last_case:
            traces, last_case = traces + 1, event.case_id
    return ExportReport(traces=traces, events=events)


def _attribute(parent: etree._Element, kind: str, key: str, value: str) -> None:
    etree.SubElement(parent, kind, key=key, value=value)


def _xes_time(moment: dt.datetime) -> str:
    # Milliseconds: OpenXES (ProM) parses those; the CSV keeps the stored microseconds.
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _header() -> list[etree._Element]:
    """Extensions, globals, classifiers and log attributes, in the order the schema wants."""
    elements = [
        etree.Element(
            "extension",
            name=name,
            prefix=prefix,
            uri=f"{XES_NS}{prefix}.xesext",
        )
        for name, prefix in _EXTENSIONS
    ]
    trace_globals = etree.Element("global", scope="trace")
    _attribute(trace_globals, "string", "concept:name", "__INVALID__")
    event_globals = etree.Element("global", scope="event")
    _attribute(event_globals, "string", "concept:name", "__INVALID__")
    _attribute(event_globals, "date", "time:timestamp", "1970-01-01T00:00:00.000+00:00")
    _attribute(event_globals, "string", "org:resource", "__INVALID__")
    _attribute(event_globals, "string", "lifecycle:transition", "complete")
    elements += [trace_globals, event_globals]
    for name, keys in (
        ("Activity", "concept:name"),
        ("Activity and transition", "concept:name lifecycle:transition"),
        ("Resource", "org:resource"),
    ):
        elements.append(etree.Element("classifier", name=name, keys=keys))
    for key, value in (("concept:name", "MotCua dossier events"), ("lifecycle:model", "standard")):
        elements.append(etree.Element("string", key=key, value=value))
    return elements


def _trace(case: list[LogEvent]) -> etree._Element:
    first = case[0]
    trace = etree.Element("trace")
    _attribute(trace, "string", "concept:name", first.case_id)
    _attribute(trace, "string", "procedure", first.procedure)
    _attribute(trace, "string", "centre", first.centre)
    for event in case:
        node = etree.SubElement(trace, "event")
        _attribute(node, "string", "concept:name", event.activity)
        _attribute(node, "date", "time:timestamp", _xes_time(event.timestamp))
        _attribute(node, "string", "org:resource", event.resource)
        _attribute(node, "string", "lifecycle:transition", event.lifecycle)
        _attribute(node, "string", "action", event.action)
        _attribute(node, "string", "status", event.status)
        _attribute(node, "int", "sequence", str(event.sequence))
    return trace


def write_xes(
    session: Session, out: str | Path | IO[bytes], filters: LogFilter | None = None
) -> ExportReport:
    """Write the log as an IEEE 1849-2016 XES document to a path or binary file."""
    traces = events = 0
    target = str(out) if isinstance(out, Path) else out
    with etree.xmlfile(target, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element(
            "log", {"xes.version": "1849-2016", "xes.features": ""}, nsmap={None: XES_NS}
        ):
            for element in _header():
                xml.write("\n", element)
            cases = itertools.groupby(iter_events(session, filters), key=lambda e: e.case_id)
            for _code, case in cases:
                events_of_case = list(case)
                xml.write("\n", _trace(events_of_case))
                traces, events = traces + 1, events + len(events_of_case)
            xml.write("\n")
    return ExportReport(traces=traces, events=events)
