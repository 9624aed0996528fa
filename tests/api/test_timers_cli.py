"""``motcua timers due|fire|tick`` on a fresh, migrated database (both backends)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.cli import CliState
from api.cli.timers_cmd import timers
from api.jobs import CLOCK_KEY
from engine import migrations
from engine.db import create_db_engine, session_factory
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import DossierEvent, DossierTimer
from tests.engine.dossier_factory import DossierFactory
from tests.engine.dossiers.timer_fixtures import (
    dossier_service,
    received_for_appraisal,
    spiff_clock,
)


@pytest.fixture
def db(empty_db_url: str) -> Iterator[tuple[str, Session]]:
    migrations.upgrade(empty_db_url)
    engine = create_db_engine(empty_db_url)
    with session_factory(engine)() as session:
        yield empty_db_url, session
    engine.dispose()


def _state(url: str, tmp_path: Path) -> CliState:
    return CliState(config={"DATABASE_URL": url, "VAR_DIR": str(tmp_path / "var"),
                            "SECRET_KEY": "timers-cli", "REDIS_URL": None})


def _run(state: CliState, *args: str) -> Result:
    try:
        return CliRunner().invoke(timers, list(args), obj=state)
    finally:
        state.close()


def test_due_lists_pending_timers_whose_time_has_come(db: tuple[str, Any],
                                                      tmp_path: Path) -> None:
    url, session = db
    factory = DossierFactory(session)
    dossier = factory.dossier(factory.procedure("1.000501"))
    past = datetime.now(UTC) - timedelta(hours=1)
    for task_id, due_at in (("a", past), ("b", past + timedelta(days=2))):
        session.add(DossierTimer(dossier_id=dossier.id, workflow_task_id=task_id,
                                 spec_id="Boundary_timer_appraise", due_at=due_at))
    session.commit()
    result = _run(_state(url, tmp_path), "due", "--json")
    assert result.exit_code == 0, result.output
    (listed,) = json.loads(result.output)
    assert (listed["dossier"], listed["timer"]) == (dossier.code, "Boundary_timer_appraise")
    text = _run(_state(url, tmp_path), "due").output
    assert text.splitlines()[-1] == "1 due timer(s)"


def test_fire_runs_the_job_here_and_records_the_warning(db: tuple[str, Any],
                                                        tmp_path: Path) -> None:
    url, session = db
    dossier = received_for_appraisal(session, dossier_service(session))
    session.commit()
    (row,) = session.scalars(select(DossierTimer))
    later = row.due_at + timedelta(minutes=1)
    state = _state(url, tmp_path)
    state.app.extensions[CLOCK_KEY] = FixedClock(later)
    with spiff_clock(later):
        result = _run(state, "fire")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 timer(s) fired in 1 dossier(s), 1 warning(s)")
    session.rollback()  # end the read snapshot: see what the command committed
    assert session.get_one(DossierTimer, row.id).fired_at == later
    actions = session.scalars(select(DossierEvent.action).where(
        DossierEvent.dossier_id == dossier.id)).all()
    assert actions[-1] == "deadline_warning"


def test_tick_once_without_redis_runs_inline(db: tuple[str, Any], tmp_path: Path) -> None:
    url, _ = db
    result = _run(_state(url, tmp_path), "tick", "--once")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("inline job ")
    assert "0 timer(s) fired in 0 dossier(s)" in result.output


def test_commands_need_a_current_schema(empty_db_url: str, tmp_path: Path) -> None:
    result = _run(_state(empty_db_url, tmp_path), "due")
    assert result.exit_code == 1
    assert "motcua db upgrade" in result.output
