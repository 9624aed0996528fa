"""What simulation runs need from the job publishers: ``depends_on`` and ``set_progress``,
with the same meaning inline and on rq (real Redis, burst worker)."""

from __future__ import annotations

from typing import Any

import pytest
from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from engine.jobs import InlineJobs, JobStatus, RqJobs, UnknownJobError
from tests.engine.redis_fixtures import (  # noqa: F401 - fixtures used by name
    queue_name_fixture,
    redis_connection_fixture,
)

RAN: list[str] = []


def mark(name: str) -> str:
    RAN.append(name)
    return name


def fail(name: str) -> None:
    RAN.append(name)
    raise ValueError(f"{name} failed")


@pytest.fixture(autouse=True)
def _clear() -> None:
    RAN.clear()


def test_inline_dependent_runs_after_its_dependencies() -> None:
    jobs = InlineJobs()
    first = jobs.enqueue(f"{__name__}.mark", "a", job_id="a")
    second = jobs.enqueue(f"{__name__}.mark", "b", job_id="b")
    final = jobs.enqueue(f"{__name__}.mark", "z", depends_on=[first.id, second.id])
    assert RAN == ["a", "b", "z"]
    assert jobs.status(final.id).result == "z"


@pytest.mark.parametrize(
    ("allow", "status", "ran"),
    [
        (False, JobStatus.QUEUED, ["a", "bad"]),
        (True, JobStatus.FINISHED, ["a", "bad", "z"]),
    ],
)
def test_inline_failed_dependency(allow: bool, status: JobStatus, ran: list[str]) -> None:
    jobs = InlineJobs()
    ids = [jobs.enqueue(f"{__name__}.mark", "a").id, jobs.enqueue(f"{__name__}.fail", "bad").id]
    final = jobs.enqueue(f"{__name__}.mark", "z", depends_on=ids, allow_dependency_failures=allow)
    assert jobs.status(final.id).status is status  # held forever, as rq defers it
    assert ran == RAN


def test_inline_unknown_dependency_and_progress() -> None:
    jobs = InlineJobs()
    with pytest.raises(UnknownJobError):
        jobs.enqueue(f"{__name__}.mark", "z", depends_on=["never"])
    assert RAN == []
    handle = jobs.enqueue(f"{__name__}.mark", "a")
    jobs.set_progress(handle.id, 2, 5, "two of five")
    assert jobs.status(handle.id).progress == {"done": 2, "total": 5, "message": "two of five"}
    with pytest.raises(UnknownJobError):
        jobs.set_progress("never", 1, 1)


def _work(connection: Redis, queue_name: str, **options: Any) -> None:
    worker = SimpleWorker(
        [queue_name], connection=connection, serializer=JSONSerializer, name=queue_name
    )
    worker.work(burst=True, **options)


@pytest.mark.parametrize(
    ("allow", "status"),
    [
        (False, JobStatus.QUEUED),
        (True, JobStatus.FINISHED),
    ],
)
def test_rq_dependent_waits_without_a_worker(
    redis_connection: Redis, queue_name: str, allow: bool, status: JobStatus
) -> None:
    jobs = RqJobs(redis_connection, queue_name)
    ok = jobs.enqueue(f"{__name__}.mark", "a", job_id=f"{queue_name}-a")
    bad = jobs.enqueue(f"{__name__}.fail", "bad", job_id=f"{queue_name}-bad")
    final = jobs.enqueue(
        f"{__name__}.mark",
        "z",
        job_id=f"{queue_name}-z",
        depends_on=[ok.id, bad.id],
        allow_dependency_failures=allow,
    )
    assert jobs.status(final.id).status is JobStatus.QUEUED
    _work(redis_connection, queue_name, max_jobs=1)
    assert jobs.status(final.id).status is JobStatus.QUEUED  # one dependency still open
    jobs.set_progress(final.id, 1, 2, "half")
    assert jobs.status(final.id).progress["done"] == 1
    _work(redis_connection, queue_name)
    assert jobs.status(bad.id).status is JobStatus.FAILED
    assert jobs.status(final.id).status is status


def test_rq_set_progress_of_an_unknown_job(redis_connection: Redis, queue_name: str) -> None:
    with pytest.raises(UnknownJobError):
        RqJobs(redis_connection, queue_name).set_progress(f"{queue_name}-never", 1, 1)
