"""The bare-stack app that ``benchmarks/api.py`` measures MotCua against runs the same loop:
the same paths and answers, the workflow moving on, tokens checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from benchmarks import bare_api
from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.model import Archetype
from bpmn.generator import render
from tests.conftest import fresh_database

TOKEN = "bare-test-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, str]]:
    """(a test client of the bare app on a fresh PostgreSQL schema, its libpq URL)."""
    procedure = next(p for p in generate_catalog() if p.archetype is Archetype.STANDARD)
    xml = render(procedure)
    diagram = tmp_path / "bare.bpmn"
    diagram.write_bytes(xml)
    with fresh_database("postgresql", tmp_path) as url:
        libpq = make_url(url).set(drivername="postgresql").render_as_string(
            hide_password=False)
        with psycopg.connect(libpq) as connection:
            bare_api.setup(connection, {TOKEN: bare_api.reception_queue(xml)})
        monkeypatch.setenv("MOTCUA_BARE_URL", libpq)
        monkeypatch.setenv("MOTCUA_BARE_BPMN", str(diagram))
        app = bare_api.create_app()
        try:
            yield app.test_client(), libpq
        finally:
            bare_api.close(app)


def _receive(client: Any) -> str:
    answer = client.post("/api/v1/dossiers", headers=BEARER, json={
        "procedure_code": "1.000001", "centre": "000.00.00.H36", "channel": "1",
        "applicant_name": "Nguyễn Văn A"})
    assert answer.status_code == 201, answer.data
    code: str = answer.json["code"]
    return code


def test_the_loop_moves_the_workflow_on(bare: tuple[Any, str]) -> None:
    client, libpq = bare
    first, second = _receive(client), _receive(client)
    inbox = client.get("/api/v1/tasks?view=groups", headers=BEARER).json
    assert [t["dossier_code"] for t in inbox] == [first, second]
    task = inbox[0]
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=BEARER,
                       json={"data": {"reception_outcome": "accept"}})
    assert done.status_code == 200, done.data
    # The reception left the receiver's queue; the appraisal opened in another one.
    assert [t["dossier_code"] for t in
            client.get("/api/v1/tasks", headers=BEARER).json] == [second]
    assert client.post(f"/api/v1/tasks/{task['id']}/complete", headers=BEARER,
                       json={"data": {}}).status_code == 404
    with psycopg.connect(libpq) as connection:
        rows = connection.execute(
            "SELECT t.spec_id, t.state, t.queue = r.queue FROM bare_tasks t "
            "JOIN bare_dossiers d ON d.id = t.dossier_id, bare_tokens r "
            "WHERE d.code = %s ORDER BY t.id", (first,)).fetchall()
    assert rows[0] == ("Task_receive", "done", True)
    assert [(spec, state, mine) for spec, state, mine in rows[1:]] == [
        ("Task_appraise", "open", False)]


def test_an_unknown_token_is_refused_and_writes_nothing(bare: tuple[Any, str]) -> None:
    client, libpq = bare
    refused = client.post("/api/v1/dossiers", headers={"Authorization": "Bearer nope"},
                          json={"procedure_code": "1.000001", "centre": "x",
                                "applicant_name": "A"})
    assert refused.status_code == 401
    assert client.get("/api/v1/tasks").status_code == 401
    with psycopg.connect(libpq) as connection:
        assert connection.execute("SELECT count(*) FROM bare_dossiers").fetchone() == (0,)
