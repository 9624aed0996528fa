"""The three-call loop of ``benchmarks/api.py`` on the bare stack: the floor it is measured against.

The same HTTP calls, paths and answers as MotCua's (receive a dossier, read the inbox,
complete the reception task), served by the same gunicorn setup against the same
PostgreSQL server, with the same diagram run by the same SpiffWorkflow code
(:class:`~engine.dossiers.workflow.WorkflowStore`: spec from the cache, restricted script
engine, state without the spec). Everything else is as little as the loop can do with:

- a Flask view per call, ``json`` in and out, no schemas;
- one psycopg connection per worker, plain SQL, one transaction per call (begun by the
  token check, committed after the view);
- a bearer token checked by one indexed ``SELECT``; the inbox is the token's one queue;
- a dossier is a code and a JSON state; a task row is its queue, state and Spiff id.

What it leaves out is what MotCua adds to each call: the ORM and its unit of work, roles
and units checked in the services, the procedure's published version looked up, codes
from a per-centre daily counter, the dossier's status life cycle and its hash-chained
audit events, statutory and per-step deadlines on the working calendar, timers, form
validation against the step's schema, the inbox's filters, order and window count,
marshmallow schemas, problem+json errors and the read/write transaction rules.
``benchmarks/api.py`` reports MotCua's rate as a share of this one, which, unlike a loop
rate, can be compared across machines.

Why by hand: it is a measuring stick, the least a loop can cost on this stack; no
library provides one. It is never part of the product.

    gunicorn "benchmarks.bare_api:create_app()"  (MOTCUA_BARE_URL, MOTCUA_BARE_BPMN)
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from flask import Flask, Response, g, request
from SpiffWorkflow.util.task import TaskState as SpiffState

from engine.dossiers.workflow import WORKFLOW_FORMAT, WorkflowStore
from engine.scripting import RestrictedScriptEngine
from engine.specs import SpecCache

SCHEMA = """
CREATE TABLE bare_tokens (token_hash text PRIMARY KEY, username text NOT NULL,
                          queue text NOT NULL);
CREATE TABLE bare_dossiers (id bigserial PRIMARY KEY, code text UNIQUE NOT NULL,
                            procedure_code text NOT NULL, centre text NOT NULL,
                            applicant_name text NOT NULL, state json NOT NULL);
CREATE TABLE bare_tasks (id bigserial PRIMARY KEY,
                         dossier_id bigint NOT NULL REFERENCES bare_dossiers,
                         workflow_task_id uuid NOT NULL, spec_id text NOT NULL,
                         queue text NOT NULL, state text NOT NULL);
CREATE INDEX bare_tasks_inbox ON bare_tasks (queue, state, id);
CREATE SEQUENCE bare_codes;
"""


_CONNECTIONS = "bare_api.connections"


@dataclass(frozen=True)
class _Diagram:
    """What :class:`WorkflowStore` reads of a procedure version."""

    content_hash: str
    bpmn_xml: str


def _diagram(xml: str) -> _Diagram:
    return _Diagram(hashlib.sha256(xml.encode()).hexdigest(), xml)


def setup(connection: psycopg.Connection[Any], tokens: dict[str, str]) -> None:
    """Create the tables and the tokens (plaintext → queue) on ``connection``."""
    connection.execute(SCHEMA)
    for token, queue in tokens.items():
        connection.execute("INSERT INTO bare_tokens VALUES (%s, %s, %s)",
                           (_hash(token), f"user-{queue}", queue))
    connection.commit()


def reception_queue(xml: bytes) -> str:
    """The queue (lane) of the diagram's first user task: the receiver's."""
    store = WorkflowStore(SpecCache(), RestrictedScriptEngine)
    workflow = store.start(_diagram(xml.decode("utf-8")), {"dossier_code": "B-000000"})
    lane: str = workflow.get_tasks(state=SpiffState.READY, manual=True)[0].task_spec.lane
    return lane


def close(app: Flask) -> None:
    """Close the connections ``app`` opened (gunicorn's workers simply exit)."""
    for connection in app.extensions.get(_CONNECTIONS, []):
        connection.close()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status,
                    mimetype="application/json")


def create_app() -> Flask:
    """The bare app over ``MOTCUA_BARE_URL`` (a libpq URL) running the diagram in the file
    ``MOTCUA_BARE_BPMN``."""
    url = os.environ["MOTCUA_BARE_URL"]
    xml = Path(os.environ["MOTCUA_BARE_BPMN"]).read_text(encoding="utf-8")
    diagram = _diagram(xml)
    store = WorkflowStore(SpecCache(), RestrictedScriptEngine)
    local = threading.local()  # a connection per worker, opened after gunicorn's fork
    app = Flask("bare")
    opened: list[psycopg.Connection[Any]] = app.extensions.setdefault(_CONNECTIONS, [])

    def connection() -> psycopg.Connection[Any]:
        found: psycopg.Connection[Any] | None = getattr(local, "connection", None)
        if found is None or found.closed:
            found = local.connection = psycopg.connect(url)
            opened.append(found)
        return found

    @app.before_request
    def authenticate() -> Response | None:
        """The caller's queue from its token: the call's first statement, which opens its
        transaction (committed or rolled back after the view)."""
        header = request.headers.get("Authorization", "")
        row = connection().execute("SELECT queue FROM bare_tokens WHERE token_hash = %s",
                                   (_hash(header.removeprefix("Bearer ")),)).fetchone()
        if row is None:
            return _json({"title": "Unauthorized"}, 401)
        g.queue = row[0]
        return None

    @app.after_request
    def end_transaction(response: Response) -> Response:
        db = connection()
        (db.commit if response.status_code < 400 else db.rollback)()
        return response

    @app.teardown_request
    def roll_back(error: BaseException | None) -> None:
        if error is not None:
            connection().rollback()

    def open_tasks(db: psycopg.Connection[Any], dossier_id: int, workflow: Any) -> None:
        for task in workflow.get_tasks(state=SpiffState.READY, manual=True):
            db.execute("INSERT INTO bare_tasks (dossier_id, workflow_task_id, spec_id, queue,"
                       " state) VALUES (%s, %s, %s, %s, 'open')",
                       (dossier_id, task.id, task.task_spec.name, task.task_spec.lane))

    @app.post("/api/v1/dossiers")
    def receive() -> Response:
        db = connection()
        body = request.get_json()
        (number,) = db.execute("SELECT nextval('bare_codes')").fetchone() or (0,)
        code = f"B-{number:06d}"
        workflow = store.start(diagram, {"dossier_code": code})
        (dossier_id,) = db.execute(
            "INSERT INTO bare_dossiers (code, procedure_code, centre, applicant_name, state) "
            "VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (code, body["procedure_code"], body["centre"], body["applicant_name"],
             json.dumps(store.dump(workflow)))).fetchone() or (0,)
        open_tasks(db, dossier_id, workflow)
        return _json({"code": code}, 201)

    @app.get("/api/v1/tasks")
    def inbox() -> Response:
        rows = connection().execute(
            "SELECT t.id, d.code, t.spec_id FROM bare_tasks t JOIN bare_dossiers d "
            "ON d.id = t.dossier_id WHERE t.queue = %s AND t.state = 'open' "
            "ORDER BY t.id LIMIT 50", (g.queue,)).fetchall()
        return _json([{"id": i, "dossier_code": c, "spec_id": s} for i, c, s in rows])

    @app.post("/api/v1/tasks/<int:task_id>/complete")
    def complete(task_id: int) -> Response:
        db = connection()
        found = db.execute(
            "SELECT t.dossier_id, t.workflow_task_id, d.state FROM bare_tasks t "
            "JOIN bare_dossiers d ON d.id = t.dossier_id WHERE t.id = %s "
            "AND t.queue = %s AND t.state = 'open' FOR UPDATE", (task_id, g.queue)).fetchone()
        if found is None:
            return _json({"title": "Not Found"}, 404)
        dossier_id, workflow_task_id, state = found
        workflow = store.load(diagram, state, WORKFLOW_FORMAT)
        task = workflow.get_task_from_id(workflow_task_id)
        task.data.update(request.get_json()["data"])
        task.run()
        workflow.do_engine_steps()
        db.execute("UPDATE bare_dossiers SET state = %s WHERE id = %s",
                   (json.dumps(store.dump(workflow)), dossier_id))
        db.execute("UPDATE bare_tasks SET state = 'done' WHERE id = %s", (task_id,))
        open_tasks(db, dossier_id, workflow)
        return _json({"id": task_id, "state": "done"})

    return app
