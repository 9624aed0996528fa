"""Simulation runs below the API: the service's rules and the jobs' bookkeeping.

The jobs run here through an inline publisher and a :class:`JobEnvironment` on the test's
session factory; the simulator's replication is a deterministic fake (the summary is
the simulator's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, sessionmaker

import simulations.jobs
from engine.dossiers.clock import FixedClock
from engine.jobs import InlineJobs, JobEnvironment, JobStatus, job_environment
from engine.scenarios.jobs import run_replication, summarize_run
from engine.scenarios.models import RunStatus, SimulationReplication, SimulationRun
from engine.scenarios.services import (
    MAX_CHOSEN_SEED,
    BaselineNotFound,
    SimulationNotFinished,
    SimulationNotFound,
    SimulationRunService,
)
from simulations.errors import ScenarioError
from simulations.replications import replication_seeds
from simulations.scenario import parse_scenario

NOW = dt.datetime(2026, 3, 3, 2, 0, tzinfo=dt.UTC)
MM1: dict[str, Any] = {
    "kind": "queueing",
    "arrivals": {"rate_per_minute": 0.8},
    "horizon_minutes": 2000,
    "stations": [{"name": "c", "servers": 1, "service": {"dist": "exponential", "mean": 1}}],
    "route": ["c"],
}


def fake_replicate(document: dict[str, Any], seed: int, **_: Any) -> dict[str, Any]:
    return {"seed": seed, "total": {"received": 100 + seed % 11, "late": seed % 3}}


@pytest.fixture
def publisher(connection: Connection, monkeypatch: pytest.MonkeyPatch) -> InlineJobs:
    """An inline publisher whose jobs see the test's transaction and a fixed clock."""
    monkeypatch.setattr(simulations.jobs, "replicate", fake_replicate)
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    holder: list[InlineJobs] = []
    jobs = InlineJobs(
        wrap=lambda: job_environment(
            JobEnvironment(session_factory=factory, publisher=holder[0], clock=FixedClock(NOW))
        )
    )
    holder.append(jobs)
    return jobs


@pytest.fixture
def service(session: Session, publisher: InlineJobs) -> SimulationRunService:
    return SimulationRunService(session, clock=FixedClock(NOW), jobs=publisher, job_prefix="t")


def _create(service: SimulationRunService, **overrides: Any) -> SimulationRun:
    values: dict[str, Any] = {
        "name": "mm1",
        "scenario": MM1,
        "created_by": None,
        "replications": 3,
        "seed": 7,
    }
    values.update(overrides)
    run = service.create(**values)
    service.session.commit()
    return run


def test_create_stores_the_validated_document_and_job_ids(
    service: SimulationRunService,
) -> None:
    run = _create(service)
    assert run.status is RunStatus.QUEUED
    assert run.scenario == parse_scenario(MM1).document  # defaults filled in, with its format
    assert {**MM1, "format": 1}.items() <= run.scenario.items()
    assert run.scenario_format == 1
    assert run.created_at == NOW
    assert run.job_id == f"t-{run.id}-summary"
    assert run.replication_job_ids == [f"t-{run.id}-{i}" for i in range(3)]


def test_a_chosen_seed_stays_exact_in_json(service: SimulationRunService) -> None:
    seeds = {_create(service, seed=None).seed for _ in range(5)}
    assert all(0 <= seed < MAX_CHOSEN_SEED for seed in seeds)
    assert len(seeds) == 5


def test_bad_scenario_or_baseline_stores_nothing(
    service: SimulationRunService, session: Session
) -> None:
    with pytest.raises(ScenarioError) as caught:
        service.create(name="x", scenario={**MM1, "route": []}, created_by=None)
    assert caught.value.key == "route"
    with pytest.raises(BaselineNotFound, match="'ghost'"):
        service.create(name="x", scenario=MM1, created_by=None, baseline_id="ghost")
    assert session.scalar(select(func.count()).select_from(SimulationRun)) == 0


def test_start_runs_every_replication_then_the_summary(
    service: SimulationRunService,
    publisher: InlineJobs,
    session: Session,
) -> None:
    run = _create(service)
    handle = service.start(run)
    session.expire_all()
    assert run.status is RunStatus.FINISHED
    assert run.finished_at == NOW
    assert run.results is not None
    assert run.results["replications"] == 3
    assert [r["seed"] for r in run.results["per_replication"]] == replication_seeds(7, 3)
    assert publisher.status(handle.id).progress["done"] == 3
    assert service.results(run.id) == run.results


def test_results_of_an_open_run_are_refused(service: SimulationRunService) -> None:
    run = _create(service)
    with pytest.raises(SimulationNotFinished, match="queued"):
        service.results(run.id)
    with pytest.raises(SimulationNotFound):
        service.get("nothing")


def test_a_summary_with_replications_missing_fails_the_run(
    service: SimulationRunService,
    publisher: InlineJobs,
    session: Session,
) -> None:
    run = _create(service)
    with publisher._wrap():  # the job environment, as a worker gives it
        run_replication(run.id, 0)
        assert summarize_run(run.id) == {"run": run.id, "status": "failed"}
    session.expire_all()
    assert run.status is RunStatus.FAILED
    assert run.error is not None
    assert "only 1 of 3" in run.error


def test_an_ended_run_is_never_reopened(service: SimulationRunService, session: Session) -> None:
    run = _create(service)
    assert service.record_failure(run.id, "first")
    assert not service.record_summary(run.id, {"groups": {}})
    assert not service.record_failure(run.id, "second")
    session.commit()
    assert (run.status, run.error, run.results) == (RunStatus.FAILED, "first", None)
    assert service.begin_replication(run.id) is None


def test_replications_store_their_own_rows(
    service: SimulationRunService, publisher: InlineJobs, session: Session
) -> None:
    run = _create(service)
    with publisher._wrap():
        for index in (2, 0):
            run_replication(run.id, index)
    rows = session.scalars(
        select(SimulationReplication)
        .where(SimulationReplication.run_id == run.id)
        .order_by(SimulationReplication.index)
    ).all()
    seeds = replication_seeds(7, 3)
    assert [(row.index, row.seed) for row in rows] == [(0, seeds[0]), (2, seeds[2])]
    assert service.progress(run) == {"done": 2, "total": 3}
    session.expire_all()
    assert run.status is RunStatus.RUNNING
    assert run.started_at == NOW


def test_the_jobs_are_json_and_the_summary_waits(
    service: SimulationRunService, publisher: InlineJobs
) -> None:
    run = _create(service)
    handle = service.start(run)
    info = publisher.status(handle.id)
    assert info.status is JobStatus.FINISHED, info.error
    assert info.result == {"run": run.id, "status": "finished"}
    assert publisher.status(run.replication_job_ids[1]).result["index"] == 1
