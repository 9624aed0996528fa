"""``motcua demo``: users for every role, dossiers in every state, idempotent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.cli import CliState
from api.cli.demo_cmd import DEMO_PASSWORD, MARKER, DemoSeeder, demo
from bpmn.catalog.geography import UBND_XA
from bpmn.catalog.model import Archetype, Level
from bpmn.catalog.model import Procedure as CatalogRow
from engine import migrations
from engine.accounts.models import Role, User
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.calendar import WorkingCalendar
from engine.catalog.services import CatalogService
from engine.db import create_db_engine, session_factory
from engine.dossiers.models import Dossier, DossierEvent
from engine.kpis import KpiService
from engine.specs import SpecCache
from tests.bpmn.factories import procedure

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)


def small_catalogue() -> list[CatalogRow]:
    """One procedure per archetype used by the demo, at commune and province level."""
    rows = []
    for n, archetype in enumerate((Archetype.STANDARD, Archetype.SUPPLEMENT,
                                   Archetype.SAME_DAY), start=1):
        rows.append(procedure(archetype, code=f"1.90000{n}"))
        rows.append(dataclasses.replace(procedure(archetype, code=f"1.90001{n}"),
                                        level=Level.COMMUNE, agency=UBND_XA))
    return rows


@pytest.fixture
def seeded(session: Session) -> DemoSeeder:
    catalog = CatalogService(session)
    catalog.seed_reference_data()
    catalog.build(small_catalogue())
    return DemoSeeder(session, now=NOW, rng=random.Random(7),
                      calendar=WorkingCalendar.vietnam(range(2025, 2028)), specs=SpecCache(),
                      hasher=FAST)


def test_seeds_every_role_and_state(session: Session, seeded: DemoSeeder) -> None:
    report = seeded.seed(80, 60)
    assert not report.skipped
    roles = {Role(u.role) for u in report.users}
    assert roles == set(Role)
    for username in ("demo.tinh.receiver", "demo.lacduong.specialist", "demo.donduong.leader",
                     "demo.planner", "demo.analyst", MARKER):
        assert any(u.username == username for u in report.users)
    assert session.scalar(select(func.count()).select_from(User)) == len(report.users)
    statuses = report.by_status
    for status in ("received", "processing", "supplement", "decided", "returned", "refused",
                   "withdrawn"):
        assert statuses.get(status, 0) > 0, statuses
    assert statuses["overdue (processing past due)"] > 0
    total = session.scalar(select(func.count()).select_from(Dossier))
    assert total == 80
    received = session.scalars(select(Dossier.received_at)).all()
    assert min(received) >= NOW - dt.timedelta(days=61)
    assert max(received) <= NOW
    events = session.scalar(select(func.count()).select_from(DossierEvent))
    assert events > 3 * total  # real histories, not bare rows

    (kpis,) = KpiService(session).indicators(NOW - dt.timedelta(days=62),
                                              NOW + dt.timedelta(days=1))
    assert kpis.received == total - statuses.get("submitted", 0)
    assert kpis.finished > 0
    assert kpis.overdue > 0

    again = seeded.seed(80, 60)
    assert again.skipped
    assert session.scalar(select(func.count()).select_from(Dossier)) == total


def test_command_prints_logins_and_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrations.upgrade(url)
    engine = create_db_engine(url)
    with session_factory(engine)() as session:
        catalog = CatalogService(session)
        catalog.seed_reference_data()
        catalog.build(small_catalogue())
        session.commit()
    engine.dispose()
    state = CliState(config={"DATABASE_URL": url, "VAR_DIR": str(tmp_path),
                             "SECRET_KEY": "demo-test"})
    try:
        first = CliRunner().invoke(demo, ["--dossiers", "12"], obj=state)
        assert first.exit_code == 0, first.output
        assert "FOR DEMONSTRATION ONLY" in first.output
        assert DEMO_PASSWORD in first.output
        assert "demo.tinh.receiver" in first.output
        second = CliRunner().invoke(demo, ["--dossiers", "12"], obj=state)
        assert second.exit_code == 0, second.output
        assert "already present" in second.output
    finally:
        state.close()
    engine = create_db_engine(url)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 12
    engine.dispose()
