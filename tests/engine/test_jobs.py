"""The job publisher: inline and on rq (a real Redis and a real rq worker), same contract."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from engine.jobs import (
    InlineJobs,
    JobEnvironment,
    JobError,
    JobStatus,
    RqJobs,
    UnknownJobError,
    current_environment,
    job_environment,
    make_publisher,
    report_progress,
)
from tests.engine.redis_fixtures import (  # noqa: F401 - fixtures used by name
    queue_name_fixture,
    redis_connection_fixture,
)

HERE = __name__


# Jobs: module-level functions taking JSON, found by dotted path like any production job.

def count_to(total: int, label: str) -> dict[str, Any]:
    for done in range(1, total + 1):
        report_progress(done, total, f"{label} {done}")
    return {"counted": total, "label": label}


def explode(dossier_id: int) -> None:
    raise ValueError(f"dossier {dossier_id} is broken")


def read_environment() -> str:
    return str(current_environment().settings["NAME"])


# -- inline ---------------------------------------------------------------------------


def test_inline_job_runs_at_once_and_records_progress_and_result() -> None:
    jobs = InlineJobs()
    handle = jobs.enqueue(f"{HERE}.count_to", 3, "hồ sơ", description="count")
    info = jobs.status(handle.id)
    assert info.status is JobStatus.FINISHED
    assert info.progress == {"done": 3, "total": 3, "message": "hồ sơ 3"}
    assert info.result == {"counted": 3, "label": "hồ sơ"}
    assert (info.error, info.description) == (None, "count")


def test_inline_failure_is_a_status_not_an_exception(caplog: pytest.LogCaptureFixture) -> None:
    jobs = InlineJobs()
    handle = jobs.enqueue(f"{HERE}.explode", 42, job_id="explode-42")
    info = jobs.status("explode-42")
    assert handle.id == "explode-42"
    assert info.status is JobStatus.FAILED
    assert info.error == "ValueError: dossier 42 is broken"
    assert "explode-42" in caplog.text  # the traceback goes to the log


def test_inline_job_runs_inside_the_wrap_and_environment() -> None:
    entered: list[str] = []

    @contextmanager
    def wrap() -> Iterator[None]:
        entered.append("in")
        environment = JobEnvironment(session_factory=lambda: None,  # type: ignore[arg-type,return-value]
                                     publisher=jobs, settings={"NAME": "thử"})
        with job_environment(environment):
            yield
        entered.append("out")

    jobs = InlineJobs(wrap=wrap)
    handle = jobs.enqueue(f"{HERE}.read_environment")
    assert jobs.status(handle.id).result == "thử"
    assert entered == ["in", "out"]


@pytest.mark.parametrize(
    ("args", "job_id", "message"),
    [
        ((object(),), None, "must be JSON values"),
        ((1,), "has space", "letters, digits"),
        ((1,), "a:b", "letters, digits"),
    ],
)
def test_arguments_and_ids_are_checked_before_anything_runs(
    args: tuple[Any, ...], job_id: str | None, message: str
) -> None:
    with pytest.raises(JobError, match=message):
        InlineJobs().enqueue(f"{HERE}.explode", *args, job_id=job_id)


def test_a_function_that_does_not_exist_fails_the_job() -> None:
    jobs = InlineJobs()
    info = jobs.status(jobs.enqueue(f"{HERE}.no_such_job").id)
    assert info.status is JobStatus.FAILED
    assert "is not an importable function" in (info.error or "")


def test_a_result_that_is_not_json_fails_the_job_as_on_rq() -> None:
    jobs = InlineJobs()
    info = jobs.status(jobs.enqueue("builtins.object").id)
    assert info.status is JobStatus.FAILED
    assert "TypeError" in (info.error or "")


def test_inline_keeps_the_newest_records_only() -> None:
    jobs = InlineJobs(keep=2)
    ids = [jobs.enqueue(f"{HERE}.count_to", 1, str(n)).id for n in range(3)]
    with pytest.raises(UnknownJobError, match=ids[0]):
        jobs.status(ids[0])
    assert jobs.status(ids[2]).status is JobStatus.FINISHED


def test_progress_outside_a_job_goes_nowhere() -> None:
    report_progress(1, 2, "nobody listens")  # no error, no effect


def test_a_job_run_bare_is_told_where_its_environment_comes_from() -> None:
    with pytest.raises(JobError, match="motcua worker"):
        current_environment()


def test_publisher_follows_the_redis_url() -> None:
    assert isinstance(make_publisher(None), InlineJobs)
    assert isinstance(make_publisher(""), InlineJobs)
    publisher = make_publisher("redis://127.0.0.1:1/0", queue_name="q")  # no connection yet
    assert isinstance(publisher, RqJobs)
    assert publisher.queue.name == "q"


# -- rq on a real Redis ---------------------------------------------------------------------


def _work(connection: Redis, queue: str) -> None:
    worker = SimpleWorker([queue], connection=connection, serializer=JSONSerializer,
                          name=queue)
    worker.work(burst=True)


def test_rq_job_reports_progress_and_result(redis_connection: Redis,
                                            queue_name: str) -> None:
    jobs = RqJobs(redis_connection, queue_name)
    handle = jobs.enqueue(f"{HERE}.count_to", 4, "hồ sơ", job_id=f"{queue_name}-count",
                          description="count to four")
    queued = jobs.status(handle.id)
    assert (queued.status, queued.progress, queued.result) == (JobStatus.QUEUED, {}, None)
    _work(redis_connection, queue_name)
    info = jobs.status(handle.id)
    assert info.status is JobStatus.FINISHED
    assert info.progress == {"done": 4, "total": 4, "message": "hồ sơ 4"}
    assert info.result == {"counted": 4, "label": "hồ sơ"}
    assert info.description == "count to four"


def test_rq_failure_is_visible_in_the_status(redis_connection: Redis,
                                             queue_name: str) -> None:
    jobs = RqJobs(redis_connection, queue_name)
    handle = jobs.enqueue(f"{HERE}.explode", 7, job_id=f"{queue_name}-explode")
    _work(redis_connection, queue_name)
    info = jobs.status(handle.id)
    assert info.status is JobStatus.FAILED
    assert info.error == "ValueError: dossier 7 is broken"
    assert info.result is None


def test_rq_unknown_job(redis_connection: Redis, queue_name: str) -> None:
    with pytest.raises(UnknownJobError, match="never enqueued"):
        RqJobs(redis_connection, queue_name).status(f"{queue_name}-nothing")


def test_rq_refuses_what_inline_refuses(redis_connection: Redis,
                                        queue_name: str) -> None:
    with pytest.raises(JobError, match="must be JSON values"):
        RqJobs(redis_connection, queue_name).enqueue(f"{HERE}.explode", {1, 2})
    assert redis_connection.llen(f"rq:queue:{queue_name}") == 0
