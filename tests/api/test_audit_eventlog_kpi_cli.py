"""``motcua audit verify``, ``motcua eventlog export`` and ``motcua kpi`` on both backends.

The commands run on the test app, whose sessions join the test's rolled-back transaction,
so the dossiers written here through the ``session`` fixture are what the commands read.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from flask import Flask
from lxml import etree
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from api.cli.audit_cmd import audit
from api.cli.context import CliState
from api.cli.eventlog_cmd import eventlog
from api.cli.kpi_cmd import kpi
from engine.dossiers.audit import append_event
from engine.dossiers.eventlog import XES_NS
from engine.dossiers.models import DossierEvent, DossierStatus
from tests.engine.dossier_factory import DossierFactory, vn


@pytest.fixture(autouse=True)
def dossiers(session: Session) -> None:
    make = DossierFactory(session)
    procedure = make.procedure("1.0001", field="ho_tich")
    on_time = make.dossier(procedure, code="H36-A", centre="C01", received_at=vn(2025, 7, 1),
                           due_at=vn(2025, 7, 4, 17), decided_at=vn(2025, 7, 3),
                           status=DossierStatus.DECIDED)  # fmt: skip
    late = make.dossier(procedure, code="H36-B", centre="C02", received_at=vn(2025, 7, 2),
                        due_at=vn(2025, 7, 3, 17), status=DossierStatus.PROCESSING)  # fmt: skip
    for dossier, statuses in ((on_time, ("2", "4", "9")), (late, ("2", "4"))):
        for minute, status in enumerate(statuses):
            append_event(session, dossier, at=vn(2025, 7, 1, 9, minute), actor="officer",
                         action=f"to_{status}", to_status=status)  # fmt: skip
    session.flush()


def _invoke(app: Flask, command: click.Command, *args: str) -> Result:
    state = CliState()
    state._app = app  # the test app: its sessions share the test's transaction
    return CliRunner().invoke(command, list(args), obj=state)


def test_audit_verify_passes_then_reports_a_break(app: Flask, session: Session) -> None:
    result = _invoke(app, audit, "verify")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "5 events of 2 dossiers: every chain is intact"
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE dossier_events DISABLE TRIGGER USER"))
    session.execute(
        update(DossierEvent).where(DossierEvent.sequence == 2, DossierEvent.actor == "officer")
        .values(actor="intruder")
    )  # fmt: skip
    result = _invoke(app, audit, "verify", "--dossier", "H36-B")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("H36-B  #2  edited:")
    as_json = json.loads(_invoke(app, audit, "verify", "--json").output)
    assert as_json["ok"] is False
    assert [(b["dossier"], b["sequence"], b["kind"]) for b in as_json["breaks"]] == [
        ("H36-A", 2, "edited"), ("H36-B", 2, "edited"),
    ]  # fmt: skip


def test_audit_verify_of_an_unknown_dossier_fails(app: Flask) -> None:
    result = _invoke(app, audit, "verify", "--dossier", "H36-NOPE")
    assert result.exit_code == 1
    assert "has no events" in result.output


def test_eventlog_export_csv_to_stdout(app: Flask) -> None:
    result = _invoke(app, eventlog, "export", "--centre", "C01")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["case_id"], r["sequence"], r["status"]) for r in rows] == [
        ("H36-A", "1", "2"), ("H36-A", "2", "4"), ("H36-A", "3", "9"),
    ]  # fmt: skip
    assert "wrote 3 events of 1 dossiers" in result.stderr


def test_eventlog_export_xes_to_a_file(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "july.xes"
    result = _invoke(app, eventlog, "export", "--format", "xes", "--from", "2025-07-02",
                     "--to", "2025-07-02", "-o", str(path))  # fmt: skip
    assert result.exit_code == 0, result.output
    root = etree.parse(str(path)).getroot()
    traces = root.findall(f"{{{XES_NS}}}trace")
    assert len(traces) == 1  # only H36-B was received on 2 July
    assert len(traces[0].findall(f"{{{XES_NS}}}event")) == 2


def test_eventlog_export_xes_to_stdout(app: Flask) -> None:
    result = _invoke(app, eventlog, "export", "--format", "xes")
    assert result.exit_code == 0, result.output
    root = etree.fromstring(result.stdout_bytes)
    assert len(root.findall(f"{{{XES_NS}}}trace")) == 2


def test_eventlog_refuses_a_reversed_period(app: Flask) -> None:
    result = _invoke(app, eventlog, "export", "--from", "2025-07-02", "--to", "2025-07-01")
    assert result.exit_code == 2
    assert "before --from" in result.output


def test_kpi_table_and_json(app: Flask) -> None:
    result = _invoke(app, kpi, "--from", "2025-07-01", "--to", "2025-07-31", "--by", "centre")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "dossiers received 2025-07-01 to 2025-07-31 (Vietnam time), by centre"
    assert lines[1].split()[:3] == ["centre", "received", "finished"]
    assert [line.split()[0] for line in lines[2:]] == ["C01", "C02"]
    result = _invoke(app, kpi, "--from", "2025-07-01", "--to", "2025-07-31", "--json")
    payload = json.loads(result.output)
    [total] = payload["rows"]
    # H36-A decided before due; H36-B open at 1 August and due 3 July: overdue.
    assert (total["received"], total["on_time"], total["overdue"], total["in_progress"]) == (
        2, 1, 1, 1,
    )  # fmt: skip
    assert total["on_time_rate"] == 100.0
    assert total["satisfaction"] == 50.0  # 100 − 50 overdue − 0 complaints
