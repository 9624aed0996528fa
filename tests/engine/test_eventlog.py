"""The event log export: CSV and XES round trips, ordering, filters, XES structure.

pm4py is deliberately not a dependency: the XES checks parse the document back with lxml
and check what IEEE 1849-2016 requires of it (namespace, version, extensions declared
before use, globals, classifiers and attributes before traces, typed attributes).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy.orm import Session

from engine.dossiers.audit import append_event
from engine.dossiers.eventlog import CSV_COLUMNS, XES_NS, LogFilter, write_csv, write_xes
from engine.dossiers.models import Dossier
from engine.kpis import day_period
from tests.engine.dossier_factory import DossierFactory, vn

X = f"{{{XES_NS}}}"

#: code → (procedure, centre, received day, events: (minute, actor, action, to, task name))
CASES = {
    "H36-250701-0001": ("1.0001", "C01", 1, [
        (0, "citizen", "submit", "1", None),
        (5, "receiver", "receive", "2", None),
        (30, "specialist", "start_task", None, "Thẩm định hồ sơ"),
        (90, "specialist", "complete_task", "4", "Thẩm định hồ sơ"),
        (120, "leader", "decide", "9", "Phê duyệt"),
    ]),
    "H36-250702-0002": ("2.0002", "C02", 2, [
        (0, "receiver", "receive", "2", None),
        (10, "receiver", "request_supplement", "5", None),
    ]),
    "H36-250710-0003": ("1.0001", "C02", 10, [
        (0, "receiver", "receive", "2", None),
        (60, "specialist", "complete_task", "4", "Thẩm định hồ sơ"),
        (61, "system", "note", None, None),
    ]),
}  # fmt: skip


@pytest.fixture
def session_with_log(session: Session) -> Session:
    make = DossierFactory(session)
    procedures = {code: make.procedure(code) for code in ("1.0001", "2.0002")}
    # Inserted in reverse so that the log's order cannot come from insertion order alone.
    dossiers: list[tuple[Dossier, list[tuple[int, str, str, str | None, str | None]]]] = []
    for code, (procedure, centre, day, events) in CASES.items():
        dossier = make.dossier(procedures[procedure], centre=centre, code=code,
                               received_at=vn(2025, 7, day))  # fmt: skip
        dossiers.append((dossier, events))
    for dossier, events in reversed(dossiers):
        for minute, actor, action, to_status, task in events:
            append_event(session, dossier, at=vn(2025, 7, 1) + dt.timedelta(minutes=minute),
                         actor=actor, action=action, to_status=to_status,
                         task_name=task)  # fmt: skip
    session.flush()
    return session


def _csv(session: Session, filters: LogFilter | None = None) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    report = write_csv(session, out, filters)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert report.events == len(rows)
    assert report.traces == len({row["case_id"] for row in rows})
    return rows


def test_csv_round_trip(session_with_log: Session) -> None:
    out = io.StringIO(newline="")
    write_csv(session_with_log, out)
    assert out.getvalue().splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = _csv(session_with_log)
    assert len(rows) == 10
    # Case by case, in sequence order within each case.
    assert [(r["case_id"], int(r["sequence"])) for r in rows] == [
        (code, n) for code, case in CASES.items() for n in range(1, len(case[3]) + 1)
    ]
    first = rows[2]
    assert first == {
        "case_id": "H36-250701-0001", "sequence": "3", "activity": "Thẩm định hồ sơ",
        "action": "start_task", "timestamp": "2025-07-01T02:30:00.000000+00:00",
        "resource": "specialist", "lifecycle": "start", "status": "2",
        "procedure": "1.0001", "centre": "C01",
    }  # fmt: skip  # status carried over from "receive"; activity is the task's name
    assert rows[0]["activity"] == "submit"  # no task: the action names the activity
    assert rows[-1]["status"] == "4"  # the "note" event has no to_status
    assert {r["lifecycle"] for r in rows} == {"complete", "start"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (LogFilter(procedure="2.0002"), {"H36-250702-0002"}),
        (LogFilter(centre="C02"), {"H36-250702-0002", "H36-250710-0003"}),
        (LogFilter(*day_period(dt.date(2025, 7, 2), dt.date(2025, 7, 10))),
         {"H36-250702-0002", "H36-250710-0003"}),
        (LogFilter(*day_period(dt.date(2025, 7, 1), dt.date(2025, 7, 9))),
         {"H36-250701-0001", "H36-250702-0002"}),
        (LogFilter(procedure="1.0001", centre="C01"), {"H36-250701-0001"}),
        (LogFilter(procedure="9.9999"), set()),
    ],
)  # fmt: skip
def test_filters_select_whole_dossiers(
    session_with_log: Session, filters: LogFilter, expected: set[str]
) -> None:
    rows = _csv(session_with_log, filters)
    assert {r["case_id"] for r in rows} == expected
    # Whole traces: every event of a selected dossier, even those outside the period.
    assert len(rows) == sum(len(CASES[code][3]) for code in expected)


def _xes(session: Session, filters: LogFilter | None = None) -> etree._Element:
    out = io.BytesIO()
    report = write_xes(session, out, filters)
    root = etree.fromstring(out.getvalue())
    assert report.traces == len(root.findall(f"{X}trace"))
    assert report.events == len(root.findall(f"{X}trace/{X}event"))
    return root


def _attributes(element: etree._Element) -> dict[str, tuple[str, str]]:
    """key → (type tag, value) of an element's direct attribute children."""
    return {
        str(child.get("key")): (etree.QName(child).localname, str(child.get("value")))
        for child in element
        if etree.QName(child).localname in {"string", "date", "int", "float", "boolean", "id"}
    }


def test_xes_structure(session_with_log: Session) -> None:
    root = _xes(session_with_log)
    assert root.tag == f"{X}log"
    assert root.get("xes.version") == "1849-2016"
    assert all(etree.QName(e).namespace == XES_NS for e in root.iter(etree.Element))
    order = [etree.QName(child).localname for child in root]
    # extension* global* classifier* attribute* trace*, in that order
    kinds = ["extension", "global", "classifier", "attribute", "trace"]
    ranks = [kinds.index(name if name in kinds else "attribute") for name in order]
    assert ranks == sorted(ranks)
    extensions = {e.get("prefix"): e.get("uri") for e in root.findall(f"{X}extension")}
    assert extensions == {p: f"{XES_NS}{p}.xesext" for p in ("concept", "time", "lifecycle", "org")}
    scopes = {g.get("scope"): set(_attributes(g)) for g in root.findall(f"{X}global")}
    assert scopes == {
        "trace": {"concept:name"},
        "event": {"concept:name", "time:timestamp", "org:resource", "lifecycle:transition"},
    }
    # Every key with a prefix uses a declared extension; globals hold on every element.
    for scope, path in (("trace", f"{X}trace"), ("event", f"{X}trace/{X}event")):
        for element in root.findall(path):
            keys = set(_attributes(element))
            assert scopes[scope] <= keys
            assert {k.split(":")[0] for k in keys if ":" in k} <= set(extensions)


def test_xes_round_trip_counts_order_and_values(session_with_log: Session) -> None:
    root = _xes(session_with_log)
    traces = root.findall(f"{X}trace")
    assert [_attributes(t)["concept:name"][1] for t in traces] == list(CASES)
    for trace, (procedure, centre, _day, events) in zip(traces, CASES.values(), strict=True):
        attributes = _attributes(trace)
        assert attributes["procedure"] == ("string", procedure)
        assert attributes["centre"] == ("string", centre)
        written = [_attributes(e) for e in trace.findall(f"{X}event")]
        assert [int(e["sequence"][1]) for e in written] == list(range(1, len(events) + 1))
        assert [e["org:resource"][1] for e in written] == [actor for _, actor, *_ in events]
        times = [dt.datetime.fromisoformat(e["time:timestamp"][1]) for e in written]
        assert times == [vn(2025, 7, 1) + dt.timedelta(minutes=minute) for minute, *_ in events]
        assert all(e["time:timestamp"][0] == "date" for e in written)
    first_case = [_attributes(e) for e in traces[0].findall(f"{X}event")]
    assert [e["concept:name"][1] for e in first_case] == [
        "submit", "receive", "Thẩm định hồ sơ", "Thẩm định hồ sơ", "Phê duyệt",
    ]  # fmt: skip
    assert [e["lifecycle:transition"][1] for e in first_case] == [
        "complete", "complete", "start", "complete", "complete",
    ]  # fmt: skip


def test_xes_to_a_file_and_an_empty_log(session_with_log: Session, tmp_path: Path) -> None:
    path = tmp_path / "log.xes"
    report = write_xes(session_with_log, path, LogFilter(centre="C01"))
    assert (report.traces, report.events) == (1, 5)
    assert len(etree.parse(str(path)).getroot().findall(f"{X}trace")) == 1
    empty = _xes(session_with_log, LogFilter(centre="nowhere"))
    assert empty.findall(f"{X}trace") == []
    assert len(empty.findall(f"{X}extension")) == 4
