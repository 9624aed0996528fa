"""Reading event logs: column names, time zones, one-row-per-activity logs, XES, errors."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from simulations.errors import CalibrationError
from simulations.eventlogs import detect_format, parse_time, read_log

ENGINE_CSV = """\
case_id,sequence,activity,action,timestamp,resource,lifecycle,status,procedure,centre
B,1,receive,receive,2025-07-01T03:00:00.000000+00:00,r1,complete,2,2.0002,C02
A,1,submit,submit,2025-07-01T01:00:00.000000+00:00,citizen,complete,1,1.0001,C01
A,3,Thẩm định hồ sơ,complete_task,2025-07-01T02:30:00.000000+00:00,s1,complete,4,1.0001,C01
A,2,Thẩm định hồ sơ,claim,2025-07-01T02:00:00.000000+00:00,s1,complete,2,1.0001,C01
"""
XES = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" {ns}>
  <string key="concept:name" value="a log"/>
  <trace>
    <string key="concept:name" value="T1"/>
    <string key="centre" value="C07"/>
    <event>
      <string key="concept:name" value="Task_appraise"/>
      <string key="lifecycle:transition" value="start"/>
      <date key="time:timestamp" value="2025-07-01T08:00:00.000+07:00"/>
      <string key="org:resource" value="s1"/>
    </event>
    <event>
      <string key="concept:name" value="Task_appraise"/>
      <date key="time:timestamp" value="2025-07-01T08:45:00.000+07:00"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="T2"/>
    <event>
      <string key="concept:name" value="receive"/>
      <date key="time:timestamp" value="2025-07-02T09:00:00Z"/>
    </event>
  </trace>
</log>
"""
JULY_1 = (dt.datetime(2025, 7, 1) - dt.datetime(1970, 1, 1)).total_seconds() / 60


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_engine_csv_sorted_by_case_and_time_in_local_time(tmp_path: Path) -> None:
    table = read_log(_write(tmp_path, "log.csv", ENGINE_CSV))
    assert list(table.case) == ["B", "A", "A", "A"]  # cases in order of first appearance
    assert list(table.action) == ["receive", "submit", "claim", "complete_task"]
    # 01:00 UTC is 08:00 in Vietnam
    assert table.minute[1] == pytest.approx(JULY_1 + 8 * 60)
    assert list(table.centre) == ["C02", "C01", "C01", "C01"]
    assert list(table.procedure[:2]) == ["2.0002", "1.0001"]
    assert list(table.case_bounds()) == [0, 1, 4]
    assert table.source == "log.csv"


def test_generic_headers_are_recognised(tmp_path: Path) -> None:
    text = "Case ID;x\n"  # a semicolon file is one column: refused below
    with pytest.raises(CalibrationError, match="lacks a column for case"):
        read_log(_write(tmp_path, "semi.csv", text))
    text = (
        "Case ID,Activity,Complete Timestamp,Resource,Lifecycle:Transition\n"
        "7,Approve,2025-07-01 10:00:00,l1,start\n"
    )
    table = read_log(_write(tmp_path, "generic.csv", text))
    assert (table.case[0], table.activity[0], table.lifecycle[0]) == ("7", "Approve", "start")
    assert table.minute[0] == pytest.approx(JULY_1 + 600)  # naive: already local
    assert table.channel[0] == ""


def test_one_row_per_activity_becomes_three_events(tmp_path: Path) -> None:
    text = (
        "case_id,activity,enable_time,start_time,end_time,resource\n"
        "1,Appraise,2025-07-01T08:00:00+07:00,2025-07-01T08:10:00+07:00,"
        "2025-07-01T08:40:00+07:00,r\n"
        "1,Approve,,2025-07-01T09:00:00+07:00,2025-07-01T09:05:00+07:00,r\n"
    )
    table = read_log(_write(tmp_path, "prosimos.csv", text))
    assert list(table.lifecycle) == ["schedule", "start", "complete", "start", "complete"]
    assert list(table.minute - JULY_1) == [480, 490, 520, 540, 545]


@pytest.mark.parametrize("ns", ['xmlns="http://www.xes-standard.org/"', ""])
def test_xes_with_and_without_namespace(tmp_path: Path, ns: str) -> None:
    table = read_log(_write(tmp_path, "log.xes", XES.format(ns=ns)))
    assert list(table.case) == ["T1", "T1", "T2"]
    assert list(table.lifecycle) == ["start", "complete", "complete"]  # default: complete
    assert list(table.centre) == ["C07", "C07", ""]  # trace attributes reach every event
    assert list(table.resource) == ["s1", "", ""]
    assert table.minute[1] - table.minute[0] == pytest.approx(45)
    assert table.minute[2] == pytest.approx(JULY_1 + 1440 + 16 * 60)  # 09:00Z is 16:00 local


def test_gzipped_xes_by_suffix(tmp_path: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(XES.format(ns="").encode()))
    assert len(read_log(path)) == 3


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.csv", "case_id,activity,timestamp\nA,x,2025-07-01T08:00\nA,y,soon\n",
         r"bad.csv: row 3, column 'timestamp': timestamp 'soon' is not an ISO 8601"),
        ("short.csv", "case_id,activity,timestamp\nA,x\n", r"row 2 has 2 fields, the header has 3"),
        ("blank.csv", "case_id,activity,timestamp\n,x,2025-07-01T08:00\n",
         r"row 2, column 'case_id' is empty"),
        ("empty.csv", "", "the file is empty"),
        ("header.csv", "case_id,activity,timestamp\n", "holds no events"),
        ("nocase.csv", "activity,timestamp\nx,2025-07-01T08:00\n", "lacks a column for case"),
        ("broken.xes", "<log><trace><string key='concept:name' value='A'/></log>",
         r"not well-formed XML at line 1"),
        ("notime.xes", "<log><trace><string key='concept:name' value='A'/>\n<event>"
         "<string key='concept:name' value='x'/></event></trace></log>",
         r"<event> at line 2 of trace 'A' has no time:timestamp"),
        ("nocase.xes", "<log><trace><event/></trace></log>",
         r"<trace> number 1 \(line 1\) has no concept:name"),
    ],
)  # fmt: skip
def test_malformed_logs_name_the_place(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(CalibrationError, match=message):
        read_log(_write(tmp_path, name, text))


def test_formats_and_missing_files(tmp_path: Path) -> None:
    assert detect_format(Path("a.XES"), None) == "xes"
    assert detect_format(Path("a.txt"), "xes") == "xes"
    assert detect_format(Path("a.csv"), None) == "csv"
    with pytest.raises(CalibrationError, match="pass fmt='csv' or 'xes'"):
        detect_format(Path("a.parquet"), None)
    with pytest.raises(CalibrationError, match="does not exist"):
        read_log(tmp_path / "missing.csv")


def test_parse_time_accepts_common_iso_forms() -> None:
    utc = parse_time("2025-07-01T01:00:00Z", where="t")
    assert utc == parse_time("2025-07-01 08:00:00+07:00", where="t")
    assert utc == parse_time("2025-07-01T08:00:00.000", where="t")
    with pytest.raises(CalibrationError, match="where: timestamp '1/7/2025'"):
        parse_time("1/7/2025", where="where")
