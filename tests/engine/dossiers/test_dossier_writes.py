"""What an action sends to the database: one read, one versioned UPDATE, batched inserts.

These pin the write path of :mod:`engine.dossiers.recording` (and the read of
:mod:`engine.dossiers.loading`), which the engine benchmark depends on: a statement more
per task costs about 5% of a task on PostgreSQL. Statements are recorded on the
test's connection as the driver receives them, and those PostgreSQL receives together in
one round trip (:mod:`engine.dossiers.writes`) as they are sent, each batch also counted
in ``statements.batches``; savepoints of the test harness are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import Connection, event, inspect, select, update
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype
from engine.dossiers import writes
from engine.dossiers.models import DossierTimer
from engine.dossiers.services import DossierService
from engine.dossiers.timers import plan_timer_sync, waiting_timers
from engine.dossiers.tracking import check_tracking_secret
from engine.dossiers.workflow import WorkflowStore
from tests.engine.dossiers.conftest import (
    ANSWERS,
    CENTRE,
    OFFICER,
    Publish,
    at_appraisal,
    check_reload,
    received,
    task_named,
)

Statement = tuple[str, str]  # (verb, table)


def _kind(sql: str) -> Statement:
    """(verb, table) of a statement; subqueries (in parentheses) are skipped."""
    depth, top = 0, []
    for word in sql.replace("(", " ( ").replace(")", " ) ").split():
        depth += {"(": 1, ")": -1}.get(word, 0)
        if depth == 0 and word not in "()":
            top.append(word)
    verb = top[0].upper()
    marker = {"SELECT": "FROM", "UPDATE": "UPDATE", "INSERT": "INTO", "DELETE": "FROM"}[verb]
    return verb, top[[w.upper() for w in top].index(marker) + 1]


class Sent(list[Statement]):
    """Statements in the order sent, and the number of batches among them."""

    batches = 0

    def clear(self) -> None:
        super().clear()
        self.batches = 0


@pytest.fixture
def statements(session: Session, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sent]:
    """The statements the session sends from now on, as (verb, first table)."""
    seen = Sent()
    connection = session.connection()

    def record(*args: object) -> None:
        sql = str(args[2]).lstrip()
        if not sql.upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            seen.append(_kind(sql))

    run_batched = writes._run_batched

    def record_batch(conn: Connection, batch: list[writes.Write]) -> None:
        seen.batches += 1
        for write in batch:
            seen.extend([_kind(str(write.statement))] * len(write.rows))
        run_batched(conn, batch)

    monkeypatch.setattr(writes, "_run_batched", record_batch)
    event.listen(connection, "before_cursor_execute", record)
    yield seen
    event.remove(connection, "before_cursor_execute", record)


def test_a_task_completion_is_one_read_and_one_update_of_the_dossier(
    session: Session, service: DossierService, publish: Publish, statements: Sent,
) -> None:
    dossier = at_appraisal(service, publish)
    row, version = task_named(dossier, "Task_appraise"), dossier.lock_version
    statements.clear()
    service.complete_task(row.id, ANSWERS["Task_appraise"], actor=OFFICER)
    # the task, its dossier, the other rows, the version's facts and the chain head
    assert statements[0] == ("SELECT", "dossier_tasks")
    # the versioned UPDATE comes first: a concurrent change shows before anything else
    assert statements[1] == ("UPDATE", "dossiers")
    assert sorted(statements[2:]) == [
        ("DELETE", "dossier_timers"),  # the appraisal's warning timer, gone with it
        ("INSERT", "dossier_events"),
        ("INSERT", "dossier_tasks"),  # Task_approve opened
        ("UPDATE", "dossier_tasks"),  # Task_appraise completed
    ]
    assert dossier.lock_version == version + 1
    # PostgreSQL receives the writes together: one round trip after the read
    assert statements.batches == (1 if session.get_bind().dialect.name == "postgresql" else 0)


def test_every_event_of_an_action_goes_in_one_insert(
    session: Session, service: DossierService, publish: Publish,
    statements: Sent,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    version = dossier.lock_version
    statements.clear()
    service.complete_task(task_named(dossier, "Task_receive").id, ANSWERS["Task_receive"],
                          actor=OFFICER)
    assert [e.action for e in service.history(dossier.code)][-2:] == [
        "complete_task", "process"]
    # one per event: sent together on PostgreSQL; on SQLite, which hands back the ids of a
    # multi-row INSERT in no promised order, SQLAlchemy inserts them row by row
    assert statements.count(("INSERT", "dossier_events")) == 2
    assert statements.batches == (1 if session.get_bind().dialect.name == "postgresql" else 0)
    assert statements.count(("UPDATE", "dossiers")) == 1
    assert dossier.lock_version == version + 1  # one bump for the step and its transition


def test_timers_are_left_alone_when_the_workflow_waits_on_the_same_ones(
    service: DossierService, publish: Publish, statements: Sent,
) -> None:
    dossier = at_appraisal(service, publish)
    service.complete_task(task_named(dossier, "Task_appraise").id, ANSWERS["Task_appraise"],
                          actor=OFFICER)
    statements.clear()
    service.complete_task(task_named(dossier, "Task_approve").id, ANSWERS["Task_approve"],
                          actor=OFFICER)
    assert [s for s in statements if s[1] == "dossier_timers"] == []


def test_a_dropped_timer_row_held_by_the_session_leaves_it(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    (held,) = session.scalars(select(DossierTimer).where(DossierTimer.dossier_id == dossier.id))
    service.complete_task(task_named(dossier, "Task_appraise").id, ANSWERS["Task_appraise"],
                          actor=OFFICER)
    assert inspect(held).detached
    assert session.scalars(select(DossierTimer).where(
        DossierTimer.dossier_id == dossier.id)).all() == []


def test_a_claim_writes_the_dossier_row_even_though_no_column_changes(
    service: DossierService, publish: Publish, statements: Sent,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    row = task_named(dossier, "Task_receive")
    statements.clear()
    service.claim(row.id, "an")
    service.unclaim(row.id, "an")
    writes = [s for s in statements if s[0] != "SELECT"]
    for action in (writes[:3], writes[3:]):  # the claim, then the release
        assert action[0] == ("UPDATE", "dossiers")
        assert sorted(action[1:]) == [("INSERT", "dossier_events"), ("UPDATE", "dossier_tasks")]
    assert len(writes) == 6


def test_reading_a_task_then_completing_it_reads_it_once(
    service: DossierService, publish: Publish, statements: Sent,
) -> None:
    dossier = at_appraisal(service, publish)
    row = task_named(dossier, "Task_appraise")
    statements.clear()
    assert service.task(row.id) is row  # a view checks the officer's rights on the row
    service.complete_task(row.id, ANSWERS["Task_appraise"], actor=OFFICER)
    assert statements.count(("SELECT", "dossier_tasks")) == 1
    assert row.state == "completed"


def test_a_recorded_action_in_between_makes_the_completion_read_again(
    service: DossierService, publish: Publish, statements: Sent,
) -> None:
    dossier = at_appraisal(service, publish)
    row = task_named(dossier, "Task_appraise")
    service.task(row.id)
    service.claim(row.id, OFFICER)  # appends an event: the chain head read before is stale
    statements.clear()
    service.complete_task(row.id, ANSWERS["Task_appraise"], actor=OFFICER)
    assert statements.count(("SELECT", "dossier_tasks")) == 1
    assert [e.action for e in service.history(dossier.code)][-2:] == ["claim", "complete_task"]


def test_receiving_reads_neither_task_rows_nor_timers_of_the_new_dossier(
    service: DossierService, publish: Publish, statements: Sent,
) -> None:
    code = publish(Archetype.STANDARD).code
    statements.clear()
    dossier = received(service, code)
    assert ("SELECT", "dossier_tasks") not in statements
    assert ("SELECT", "dossier_timers") not in statements
    assert [row.spec_id for row in dossier.tasks] == ["Task_receive"]


def test_the_reception_inserts_its_dossier_without_a_savepoint(
    session: Session, service: DossierService, publish: Publish, statements: Sent,
) -> None:
    code = publish(Archetype.STANDARD).code
    savepoints: list[str] = []

    def record(*args: object) -> None:
        if str(args[2]).lstrip().upper().startswith("SAVEPOINT"):
            savepoints.append(str(args[2]))

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", record)
    try:
        statements.clear()
        dossier = received(service, code)
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert savepoints == []
    assert statements.count(("INSERT", "dossiers")) == 1
    assert inspect(dossier).persistent
    assert session.get(type(dossier), dossier.id) is dossier


def test_the_reception_dumps_its_workflow_once_and_writes_it_with_the_insert(
    session: Session, service: DossierService, publish: Publish,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = publish(Archetype.STANDARD).code
    dumped: list[object] = []
    dump = WorkflowStore.dump

    def counting(workflow: BpmnWorkflow) -> dict[str, Any]:
        dumped.append(workflow)
        return dump(workflow)

    monkeypatch.setattr(WorkflowStore, "dump", staticmethod(counting))
    dossier = received(service, code)
    assert len(dumped) == 1
    assert not inspect(dossier).attrs.workflow_state.history.has_changes()
    monkeypatch.undo()
    check_reload(session, service, dossier)  # the inserted state is the workflow's
    service.complete_task(task_named(dossier, "Task_receive").id, ANSWERS["Task_receive"],
                          actor=OFFICER)
    check_reload(session, service, dossier)  # and the next action writes its own


def test_the_tracking_secret_is_stored_with_the_reception_write(
    session: Session, service: DossierService, publish: Publish, statements: Sent,
) -> None:
    code = publish(Archetype.STANDARD).code
    statements.clear()
    dossier, receipt = service.receive(code, centre=CENTRE, channel="1",
                                       applicant_name="Nguyễn Văn An", actor=OFFICER,
                                       tracking_key=b"k" * 32)
    assert receipt.tracking_secret is not None
    assert check_tracking_secret(dossier, receipt.tracking_secret, b"k" * 32)
    assert not session.dirty  # nothing left for the commit to write
    assert statements.count(("UPDATE", "dossiers")) == 1


def test_a_timer_that_appears_is_written_without_reading_the_timer_rows(
    session: Session, service: DossierService, publish: Publish, statements: Sent,
) -> None:
    dossier = received(service, publish(Archetype.STANDARD).code)
    statements.clear()
    service.complete_task(task_named(dossier, "Task_receive").id, ANSWERS["Task_receive"],
                          actor=OFFICER)
    assert ("SELECT", "dossier_timers") not in statements
    assert statements.count(("INSERT", "dossier_timers")) == 1
    (row,) = session.scalars(select(DossierTimer).where(DossierTimer.dossier_id == dossier.id))
    assert row.fired_at is None
    assert [row.workflow_task_id] == [
        t.workflow_task_id for t in waiting_timers(service.workflow(dossier))]


def test_a_fired_timer_waiting_again_gets_its_row_back(
    session: Session, service: DossierService, publish: Publish,
) -> None:
    dossier = at_appraisal(service, publish)
    (row,) = session.scalars(select(DossierTimer).where(DossierTimer.dossier_id == dossier.id))
    due = row.due_at
    session.execute(update(DossierTimer).where(DossierTimer.id == row.id)
                    .values(fired_at=due, due_at=due - dt.timedelta(days=1)))
    # the workflow waits on the timer again, as if it had waited on nothing before
    plan = plan_timer_sync(session, dossier, service.workflow(dossier), loaded=())
    writes.run_writes(session.connection(), list(plan.writes))
    session.expire_all()
    (again,) = session.scalars(select(DossierTimer).where(DossierTimer.dossier_id == dossier.id))
    assert (again.id, again.fired_at, again.due_at) == (row.id, None, due)
