"""The app side of jobs: publisher choice, the job context, rq workers, the timer ticker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, current_app
from redis import Redis
from rq import Worker
from rq.serializers import JSONSerializer
from sqlalchemy import text

from api.app import create_app
from api.dossiers.services import runtime
from api.extensions import database
from api.jobs import (
    CLOCK_KEY,
    Ticker,
    TimerTicks,
    app_worker_class,
    init_jobs,
    job_app_context,
    jobs,
    start_timer_ticker,
)
from engine import migrations
from engine.dossiers.clock import FixedClock, SystemClock
from engine.jobs import (
    InlineJobs,
    JobHandle,
    JobInfo,
    JobStatus,
    RqJobs,
    current_environment,
)
from tests.engine.redis_fixtures import (  # noqa: F401 - fixtures used by name
    queue_name_fixture,
    redis_connection_fixture,
    redis_url,
)


def environment_report() -> dict[str, Any]:
    """A job: what it sees of its environment, and one query through its session."""
    environment = current_environment()
    with environment.session_factory() as session:
        one = session.execute(text("SELECT 1")).scalar_one()
    return {"secret": environment.settings["SECRET_KEY"], "app": current_app.name,
            "query": one, "clock": type(environment.clock).__name__}


@pytest.fixture
def migrated_app(empty_db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on its own migrated database (jobs here commit and run in other threads)."""
    migrations.upgrade(empty_db_url)
    app = create_app({"DATABASE_URL": empty_db_url, "VAR_DIR": str(tmp_path / "var"),
                      "SECRET_KEY": "jobs-wiring", "REDIS_URL": None})
    yield app
    database(app).engine.dispose()


def test_the_publisher_follows_redis_url(tmp_path: Path) -> None:
    base = {"VAR_DIR": str(tmp_path), "SECRET_KEY": "x"}
    assert isinstance(init_jobs(create_app({**base, "REDIS_URL": None})), InlineJobs)
    app = create_app({**base, "REDIS_URL": "redis://127.0.0.1:1/0", "JOBS_QUEUE": "q"})
    publisher = init_jobs(app)  # opens no connection
    assert isinstance(publisher, RqJobs)
    assert publisher.queue.name == "q"
    assert jobs(app) is publisher


def test_job_context_gives_app_sessions_settings_and_clock(migrated_app: Flask) -> None:
    with job_app_context(migrated_app) as environment:
        assert current_app.name == migrated_app.name
        assert environment.settings["SECRET_KEY"] == "jobs-wiring"
        assert isinstance(environment.clock, SystemClock)
        assert environment.publisher is jobs(migrated_app)
    fixed = FixedClock(SystemClock().now())
    migrated_app.extensions[CLOCK_KEY] = fixed
    with job_app_context(migrated_app) as environment:
        assert environment.clock is fixed


def test_jobs_in_the_web_process_share_its_spec_cache_and_calendar(migrated_app: Flask) -> None:
    shared = runtime(migrated_app)
    with job_app_context(migrated_app) as environment:
        assert environment.specs is shared.specs  # no second parse of every procedure
        assert environment.calendar is shared.calendar


def test_inline_jobs_of_the_app_run_in_the_job_context(migrated_app: Flask) -> None:
    publisher = jobs(migrated_app)
    info = publisher.status(publisher.enqueue(f"{__name__}.environment_report").id)
    assert info.status is JobStatus.FINISHED, info.error
    assert info.result == {"secret": "jobs-wiring", "app": "api", "query": 1,
                           "clock": "SystemClock"}


def test_a_forking_rq_worker_runs_the_job_in_the_app(
    migrated_app: Flask, redis_connection: Redis, queue_name: str,
) -> None:
    migrated_app.config["REDIS_URL"] = redis_url()
    publisher = RqJobs(redis_connection, queue_name)
    handle = publisher.enqueue(f"{__name__}.environment_report", job_id=f"{queue_name}-env")
    worker = app_worker_class(Worker)([queue_name], connection=redis_connection,
                                      serializer=JSONSerializer, name=queue_name)
    worker.flask_app = migrated_app
    worker.work(burst=True)  # the job runs in a forked work horse
    info = publisher.status(handle.id)
    assert info.status is JobStatus.FINISHED, info.error
    assert info.result["secret"] == "jobs-wiring"
    assert info.result["query"] == 1


class FakePublisher:
    def __init__(self, status: JobStatus) -> None:
        self.enqueued: list[tuple[str, tuple[Any, ...]]] = []
        self._status = status

    def enqueue(self, func_path: str, *args: Any, job_id: str | None = None,
                description: str | None = None) -> JobHandle:
        self.enqueued.append((func_path, args))
        return JobHandle(f"job-{len(self.enqueued)}", func_path, description)

    def status(self, job_id: str) -> JobInfo:
        return JobInfo(job_id, self._status)


@pytest.mark.parametrize(("previous", "enqueued"), [
    (JobStatus.QUEUED, 1), (JobStatus.STARTED, 1),
    (JobStatus.FINISHED, 2), (JobStatus.FAILED, 2),
])
def test_a_tick_is_skipped_while_the_previous_job_waits(previous: JobStatus,
                                                        enqueued: int) -> None:
    publisher = FakePublisher(previous)
    ticks = TimerTicks(publisher, limit=20)
    assert ticks() is not None
    ticks()
    assert len(publisher.enqueued) == enqueued
    assert publisher.enqueued[0] == ("engine.dossiers.jobs.fire_due_timers", (20,))


def test_ticker_keeps_going_after_a_failed_tick_and_stops_cleanly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []
    enough = threading.Event()

    def action() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        if len(calls) >= 3:
            enough.set()

    ticker = Ticker(0.01, action).start()
    assert enough.wait(5)
    ticker.stop()
    assert not ticker.running
    assert "database away" in caplog.text
    with pytest.raises(ValueError, match="positive interval"):
        Ticker(0, action)


def test_serve_ticker_fires_due_timers_inline(migrated_app: Flask) -> None:
    ticker = start_timer_ticker(migrated_app, every=3600)  # first tick at once
    try:
        ticks = ticker.action
        assert isinstance(ticks, TimerTicks)
        for _ in range(500):
            if ticks.last is not None:
                break
            threading.Event().wait(0.01)
        assert ticks.last is not None
    finally:
        ticker.stop()
    assert not ticker.running
    info = jobs(migrated_app).status(ticks.last.id)
    assert info.status is JobStatus.FINISHED, info.error
    assert info.result["due"] == 0
