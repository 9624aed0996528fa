"""Event logs (CSV or IEEE XES) read into one tidy table for calibration.

Lifecycle: :func:`read_log` opens a file, recognises its columns (or XES attribute keys)
by common names, parses every timestamp and returns an :class:`EventTable` sorted by case
and time; :mod:`simulations.calibration` then pairs and counts its events.

Recognised inputs:

- the engine's own export (:mod:`engine.dossiers.eventlog`): CSV columns ``case_id``,
  ``sequence``, ``activity``, ``action``, ``timestamp``, ``resource``, ``lifecycle``,
  ``status``, ``procedure``, ``centre``; XES traces with ``concept:name``, ``procedure``
  and ``centre`` and events with ``concept:name``, ``time:timestamp``, ``org:resource``,
  ``lifecycle:transition``, ``action``;
- generic process-mining CSV (``case:concept:name`` / ``Case ID``, ``concept:name`` /
  ``Activity``, ``time:timestamp`` / ``Timestamp``, ``lifecycle:transition``), and the
  one-row-per-activity style of Prosimos and Simod (``start_time`` and ``end_time``, with
  an optional ``enable_time``), which is split into schedule, start and complete events.

Timestamps with an offset are converted to Vietnam wall-clock time (UTC+7, no daylight
saving); naive ones are taken as already local. Times are stored as float64 minutes since
1970-01-01 00:00 local, so differences and days of the week are plain arithmetic.

XES is read with :func:`lxml.etree.iterparse` and every trace is cleared once read: a
province-year log never sits in memory as a document tree.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import numpy as np
import numpy.typing as npt
from lxml import etree

from simulations.errors import CalibrationError

__all__ = ["COLUMN_NAMES", "EventTable", "detect_format", "parse_time", "read_log"]

_LOCAL_OFFSET_MINUTES = 7 * 60  # Vietnam: UTC+7 all year
_EPOCH = dt.datetime(1970, 1, 1)
#: field → header names accepted for it (compared lower-case, without spaces, ``_``, ``-``)
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "case": ("case_id", "case:concept:name", "case id", "caseid", "case", "trace_id"),
    "activity": ("activity", "concept:name", "activity name", "task", "event"),
    "time": ("timestamp", "time:timestamp", "complete timestamp", "time"),
    "start": ("start_time", "start timestamp", "start_timestamp", "starttime"),
    "end": ("end_time", "end timestamp", "end_timestamp", "endtime"),
    "enable": ("enable_time", "enabled_time", "enable timestamp"),
    "lifecycle": ("lifecycle", "lifecycle:transition", "event_type", "transition"),
    "action": ("action",),
    "resource": ("resource", "org:resource", "user"),
    "procedure": ("procedure", "case:procedure", "procedure_code"),
    "centre": ("centre", "center", "case:centre", "case:center", "unit"),
    "channel": ("channel", "case:channel"),
    "field": ("field", "case:field", "procedure_field"),
}
_CHUNK = 50_000
#: event column → the XES event attribute that fills it (else the trace's, else "")
_EVENT_KEYS = {
    "case": "",
    "activity": "concept:name",
    "lifecycle": "lifecycle:transition",
    "action": "action",
    "resource": "org:resource",
    "procedure": "procedure",
    "centre": "centre",
    "channel": "channel",
    "field": "field",
}
_XES_VALUES = frozenset({"string", "date", "int", "float", "boolean", "id"})
#: trace attributes that hold for every event of the trace
_TRACE_FIELDS = ("procedure", "centre", "channel", "field")


def _norm(name: str) -> str:
    return "".join(c for c in name.strip().lower() if c not in " _-")


_LOOKUP = {_norm(alias): key for key, aliases in COLUMN_NAMES.items() for alias in aliases}


@dataclass(frozen=True)
class EventTable:
    """Events as parallel columns, sorted by case and then time (file order on ties).

    ``minute`` is local wall-clock minutes since 1970-01-01; text columns are object
    arrays of ``str`` (empty when the log does not record the field).
    """

    case: npt.NDArray[np.object_]
    activity: npt.NDArray[np.object_]
    lifecycle: npt.NDArray[np.object_]
    action: npt.NDArray[np.object_]
    minute: npt.NDArray[np.float64]
    resource: npt.NDArray[np.object_]
    procedure: npt.NDArray[np.object_]
    centre: npt.NDArray[np.object_]
    channel: npt.NDArray[np.object_]
    field: npt.NDArray[np.object_]
    source: str = ""

    def __len__(self) -> int:
        return len(self.minute)

    def case_bounds(self) -> npt.NDArray[np.int64]:
        """Offsets of each case's first row, plus ``len(self)`` (CSR style)."""
        if len(self) == 0:
            return np.zeros(1, dtype=np.int64)
        change = np.flatnonzero(self.case[1:] != self.case[:-1]) + 1
        return np.concatenate(([0], change, [len(self)])).astype(np.int64)


class _Rows:
    """Column lists filled while a file is read, then sorted into an :class:`EventTable`."""

    FIELDS = tuple(_EVENT_KEYS)

    def __init__(self) -> None:
        self.text: dict[str, list[str]] = {name: [] for name in self.FIELDS}
        self.minute: list[float] = []

    def table(self, source: str) -> EventTable:
        minute = np.asarray(self.minute, dtype=np.float64)
        cols = {name: np.asarray(values, dtype=object) for name, values in self.text.items()}
        cols["lifecycle"][cols["lifecycle"] == ""] = "complete"  # XES's default transition
        # Stable sort: by case (in first-appearance order), then time, then file order.
        cases = self.text["case"]
        rank = {case: i for i, case in enumerate(dict.fromkeys(cases))}
        case_rank = np.fromiter(map(rank.__getitem__, cases), dtype=np.int64, count=len(cases))
        order = np.lexsort((np.arange(len(minute)), minute, case_rank))
        sorted_cols = {name: column[order] for name, column in cols.items()}
        return EventTable(minute=minute[order], source=source, **sorted_cols)


def _minutes(text: str) -> float | None:
    """Local minutes since 1970-01-01 of an ISO 8601 timestamp, or None if it is not one."""
    value = text.strip()
    if value[-1:] in ("Z", "z"):
        value = value[:-1] + "+00:00"
    elif " +" in value or " -" in value[10:]:
        value = value[:10] + value[10:].replace(" +", "+").replace(" -", "-")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return (moment - _EPOCH).total_seconds() / 60.0
    return moment.timestamp() / 60.0 + _LOCAL_OFFSET_MINUTES


def parse_time(text: str, *, where: str) -> float:
    """Local wall-clock minutes since 1970-01-01 of an ISO 8601 timestamp."""
    minute = _minutes(text)
    if minute is None:
        raise CalibrationError(
            f"{where}: timestamp {text!r} is not an ISO 8601 date and time "
            "(e.g. 2025-07-01T08:30:00+07:00)"
        )
    return minute


def detect_format(path: Path, fmt: str | None) -> str:
    """``csv`` or ``xes``: as given, else from the suffix (``.xes``, ``.xes.gz``, ``.csv``)."""
    if fmt is not None:
        if fmt not in ("csv", "xes"):
            raise CalibrationError(f"format {fmt!r} is not supported; use 'csv' or 'xes'")
        return fmt
    name = path.name.lower()
    if name.endswith((".xes", ".xes.gz", ".xml")):
        return "xes"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise CalibrationError(
        f"cannot tell the format of {path.name!r} from its suffix; pass fmt='csv' or 'xes'"
    )


def read_log(path: Path, fmt: str | None = None) -> EventTable:
    """The events of the log at ``path`` (module docstring lists what is recognised)."""
    if not path.is_file():
        raise CalibrationError(f"event log {str(path)!r} does not exist or is not a file")
    rows = _Rows()
    if detect_format(path, fmt) == "xes":
        _read_xes(path, rows)
    else:
        _read_csv(path, rows)
    if not rows.minute:
        raise CalibrationError(f"event log {path.name!r} holds no events")
    return rows.table(path.name)


# -- CSV ----------------------------------------------------------------------------------


def _columns(header: list[str], path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _LOOKUP.get(_norm(name))
        if key is not None and key not in found:
            found[key] = index
    missing = [k for k in ("case", "activity") if k not in found]
    if "time" not in found and not ("start" in found and "end" in found):
        missing.append("time")
    if missing:
        wanted = "; ".join(f"{k}: one of {', '.join(COLUMN_NAMES[k][:4])}" for k in missing)
        raise CalibrationError(
            f"{path.name}: header {header!r} lacks a column for {wanted} "
            "(or start_time and end_time for one row per activity)"
        )
    return found


def _read_csv(path: Path, rows: _Rows) -> None:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise CalibrationError(f"{path.name}: the file is empty (no header row)") from None
        except (csv.Error, UnicodeDecodeError) as error:
            raise CalibrationError(f"{path.name}: row 1 cannot be read: {error}") from None
        source = _CsvSource(path, header, _columns(header, path), rows)
        numbers: list[int] = []
        chunk: list[list[str]] = []
        for number, record in _records(reader, path):
            numbers.append(number)
            chunk.append(record)
            if len(chunk) == _CHUNK:
                source.add(numbers, chunk)
                numbers, chunk = [], []
        if chunk:
            source.add(numbers, chunk)


def _records(reader: Iterator[list[str]], path: Path) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with their row numbers (the header is row 1)."""
    number = 1
    try:
        for number, record in enumerate(reader, start=2):
            if record:
                yield number, record
    except (csv.Error, UnicodeDecodeError) as error:
        raise CalibrationError(f"{path.name}: row {number + 1} cannot be read: {error}") from None


class _CsvSource:
    """The recognised columns of one CSV file and the event columns its rows fill.

    Rows are taken a chunk at a time and turned into columns (``zip``), so that the work
    per row is a few list operations: a province-year log has millions of rows.
    Text is interned so that equal values (a case's id on each of its events, activity
    names, centres) share one string object: a log of millions of events then holds a few
    hundred megabytes rather than gigabytes.
    """

    def __init__(self, path: Path, header: list[str], found: dict[str, int], rows: _Rows):
        self.path, self.header, self.found, self.rows = path, header, found, rows
        self.split = "start" in found and "end" in found
        text = [key for key in _Rows.FIELDS if not (self.split and key == "lifecycle")]
        self.present = [(key, found[key]) for key in text if key in found]
        self.absent = [key for key in text if key not in found]
        self.strings: dict[str, str] = {}

    def where(self, number: int, key: str) -> str:
        return f"{self.path.name}: row {number}, column {self.header[self.found[key]]!r}"

    def times(self, numbers: list[int], column: Sequence[str], key: str) -> list[float]:
        minutes = list(map(_minutes, column))
        if None in minutes:
            i = minutes.index(None)
            parse_time(column[i], where=self.where(numbers[i], key))  # raises
        return minutes  # type: ignore[return-value]

    def events(self, columns: list[tuple[str, ...]], rows: list[int] | None, minutes: list[float],
               lifecycle: str | None = None) -> None:  # fmt: skip
        """Append one event per row of ``rows`` (None: every row) of the chunk."""
        intern = self.strings.setdefault
        for key, index in self.present:
            values = columns[index] if rows is None else [columns[index][i] for i in rows]
            stripped = list(map(str.strip, values))
            # case ids are many: interned within the chunk only, other text for the file
            share = dict[str, str]().setdefault if key == "case" else intern
            self.rows.text[key].extend(map(share, stripped, stripped))
        for key in self.absent:
            self.rows.text[key].extend([""] * len(minutes))
        if lifecycle is not None:
            self.rows.text["lifecycle"].extend([lifecycle] * len(minutes))
        self.rows.minute.extend(minutes)

    def add(self, numbers: list[int], chunk: list[list[str]]) -> None:
        """Rows of the file: one event each, or schedule/start/complete of one activity."""
        width = len(self.header)
        if set(map(len, chunk)) != {width}:
            i = next(i for i, record in enumerate(chunk) if len(record) != width)
            raise CalibrationError(
                f"{self.path.name}: row {numbers[i]} has {len(chunk[i])} fields, "
                f"the header has {width}"
            )
        columns = list(zip(*chunk, strict=True))
        for key in ("case", "activity"):
            column = columns[self.found[key]]
            if not all(map(str.strip, column)):
                number = numbers[next(i for i, v in enumerate(column) if not v.strip())]
                raise CalibrationError(f"{self.where(number, key)} is empty")
        if not self.split:
            self.events(columns, None, self.times(numbers, columns[self.found["time"]], "time"))
            return
        if "enable" in self.found:
            enable = columns[self.found["enable"]]
            rows = [i for i, value in enumerate(enable) if value.strip()]
            at = self.times([numbers[i] for i in rows], [enable[i] for i in rows], "enable")
            self.events(columns, rows, at, "schedule")
        for key, lifecycle in (("start", "start"), ("end", "complete")):
            at = self.times(numbers, columns[self.found[key]], key)
            self.events(columns, None, at, lifecycle)


# -- XES ----------------------------------------------------------------------------------


def _local(tag: object) -> str:
    """Local name of an element tag (comments and processing instructions have none)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _attributes(element: etree._Element) -> dict[str, str]:
    return {
        str(child.get("key")): str(child.get("value", ""))
        for child in element
        if _local(child.tag) in _XES_VALUES and child.get("key") is not None
    }


def _read_xes(path: Path, rows: _Rows) -> None:
    traces = 0
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            elements = etree.iterparse(handle, events=("end",), tag="{*}trace", huge_tree=True)
            for _event, element in elements:
                traces += 1
                _xes_trace(element, traces, rows, path)
                element.clear(keep_tail=False)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except (OSError, EOFError) as error:
        raise CalibrationError(f"{path.name}: cannot be read: {error}") from None
    except etree.XMLSyntaxError as error:
        line = error.lineno
        raise CalibrationError(
            f"{path.name}: not well-formed XML at line {line}: {error.msg}"
        ) from None


def _xes_trace(trace: etree._Element, number: int, rows: _Rows, path: Path) -> None:
    attributes = _attributes(trace)
    case = attributes.get("concept:name", "")
    if not case:
        raise CalibrationError(
            f"{path.name}: <trace> number {number} (line {trace.sourceline}) has no "
            "concept:name string attribute (the case id)"
        )
    shared = {"case": case} | {key: attributes[key] for key in _TRACE_FIELDS if key in attributes}
    text = rows.text
    for child in trace:
        if _local(child.tag) != "event":
            continue
        event = _attributes(child)
        name, stamp = event.get("concept:name"), event.get("time:timestamp")
        minute = _minutes(stamp) if stamp else None
        if not name or minute is None:
            _bad_event(path, child, case, event)
        for field, column in text.items():
            column.append(event.get(_EVENT_KEYS[field]) or shared.get(field, ""))
        rows.minute.append(minute)


def _bad_event(path: Path, event: etree._Element, case: str, values: dict[str, str]) -> NoReturn:
    where = f"{path.name}: <event> at line {event.sourceline} of trace {case!r}"
    for key in ("concept:name", "time:timestamp"):
        if not values.get(key):
            raise CalibrationError(f"{where} has no {key} attribute")
    parse_time(values["time:timestamp"], where=f"{where}, time:timestamp")
    raise CalibrationError(f"{where} cannot be read")  # not reached: parse_time raised
