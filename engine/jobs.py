"""Background jobs: one publisher interface, two implementations (rq on Redis, or inline).

Why two: a laptop or a small centre runs MotCua without Redis (``REDIS_URL`` unset), and
then work that would go to a worker runs at once, in-process; production hands it to rq
workers. Callers see the same :class:`JobPublisher` either way and never learn which.

The rules both implementations enforce, so code that works inline works on rq:

- a job is a plain module-level function named by its dotted path
  (``"engine.dossiers.jobs.fire_due_timers"``) and takes ids and JSON values only; the
  arguments and the result go through JSON even inline (rq's ``JSONSerializer``), so a
  ``datetime`` or a model object fails in a unit test, not in production;
- a job id, when given, uses letters, digits, ``_`` and ``-`` only (rq's rule);
- a failing job does not raise into the code that enqueued it: its status becomes
  ``failed`` and ``error`` holds the exception's last traceback line.

Lifecycle of a job: ``queued`` → ``started`` → ``finished`` | ``failed``; while it runs it
calls :func:`report_progress`, readable through ``status(job_id).progress``. Another job may
write a job's progress with ``set_progress`` (a fan-out of jobs reporting on the job that
gathers them).

Dependencies: ``enqueue(..., depends_on=[ids])`` holds a job (status ``queued``) until
every job it depends on has ended. By default it runs only if they all finished; with
``allow_dependency_failures=True`` it runs once they have all ended either way (it then
checks for itself what they left). rq implements this with ``depends_on`` (the waiting
job takes no worker); inline, the dependencies have already run when the dependent is
enqueued, so it runs at once, or never when a dependency failed and failures are not
allowed (its status stays ``queued``, as on rq).

Jobs need a database session and a clock but must not import Flask: whoever runs the job
(``api.jobs.job_app_context`` in a worker, or around an inline job) installs a
:class:`JobEnvironment` and the job reads it with :func:`current_environment`.
"""

from __future__ import annotations

import importlib
import json
import logging
import re
import threading
import traceback
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from bpmn.errors import MotcuaError

if TYPE_CHECKING:
    from redis import Redis
    from sqlalchemy.orm import Session

    from engine.calendar import WorkingCalendar
    from engine.dossiers.clock import Clock
    from engine.specs import SpecCache

__all__ = [
    "DEFAULT_QUEUE",
    "InlineJobs",
    "JobEnvironment",
    "JobError",
    "JobHandle",
    "JobInfo",
    "JobPublisher",
    "JobStatus",
    "RqJobs",
    "UnknownJobError",
    "current_environment",
    "job_environment",
    "make_publisher",
    "report_progress",
    "resolve",
]

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "motcua"
_JOB_ID = re.compile(r"[A-Za-z0-9_-]+")  # rq.job.JOB_ID_PATTERN


class JobError(MotcuaError):
    """A job cannot be enqueued or looked up (bad path, arguments or id)."""


class UnknownJobError(JobError, LookupError):
    """No job has this id (never enqueued, or its record has expired); the API's 404."""


class JobStatus(StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"


@dataclass(frozen=True)
class JobHandle:
    """What enqueuing returns: enough to ask for the status later."""

    id: str
    func_path: str
    description: str | None = None


@dataclass(frozen=True)
class JobInfo:
    """A snapshot of one job. ``progress`` is ``{}`` or ``{"done", "total", "message"}``."""

    id: str
    status: JobStatus
    progress: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str | None = None
    description: str | None = None


class JobPublisher(Protocol):
    """Enqueues jobs by dotted path and reports on them (rq or inline)."""

    def enqueue(
        self, func_path: str, *args: Any, job_id: str | None = None,
        description: str | None = None, depends_on: Sequence[str] = (),
        allow_dependency_failures: bool = False,
    ) -> JobHandle: ...

    def status(self, job_id: str) -> JobInfo: ...

    def set_progress(self, job_id: str, done: int, total: int, message: str = "") -> None:
        """Write the progress of job ``job_id`` (UnknownJobError when there is none)."""


def resolve(func_path: str) -> Callable[..., Any]:
    """The function named ``package.module.function`` (how rq finds it, too)."""
    module_name, _, name = func_path.rpartition(".")
    try:
        function = getattr(importlib.import_module(module_name), name) if module_name else None
    except (ImportError, AttributeError):
        function = None
    if not callable(function):
        raise JobError(f"{func_path!r} is not an importable function; give "
                       "'package.module.function' of a module-level function")
    return function  # type: ignore[no-any-return]


def _checked(func_path: str, args: tuple[Any, ...], job_id: str | None) -> list[Any]:
    if job_id is not None and not _JOB_ID.fullmatch(job_id):
        raise JobError(f"job id {job_id!r}: use letters, digits, '_' and '-' only")
    try:
        return list(json.loads(json.dumps(args)))
    except (TypeError, ValueError) as error:
        raise JobError(f"{func_path}: job arguments must be JSON values (pass ids, not "
                       f"objects): {error}") from error


def _progress(done: int, total: int, message: str) -> dict[str, Any]:
    return {"done": done, "total": total, "message": message}


# -- inline ------------------------------------------------------------------------------


@dataclass
class _InlineRecord:
    id: str
    description: str | None
    status: JobStatus = JobStatus.QUEUED
    progress: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str | None = None


_INLINE_RECORD: ContextVar[_InlineRecord | None] = ContextVar("motcua_inline_job", default=None)


class InlineJobs:
    """Runs each job at once, in the caller's thread, and remembers the last ``keep``.

    ``wrap`` gives the context a job runs in (``api.jobs`` passes one that pushes an app
    context and installs the :class:`JobEnvironment`), the same one an rq worker uses.
    The job runs in its own transaction: a web request should commit before enqueuing,
    or on SQLite the job waits for the request's write lock.
    """

    def __init__(self, *, wrap: Callable[[], AbstractContextManager[object]] | None = None,
                 keep: int = 1000) -> None:
        self._wrap = wrap or nullcontext
        self._keep = keep
        self._records: OrderedDict[str, _InlineRecord] = OrderedDict()
        self._lock = threading.Lock()

    def enqueue(
        self, func_path: str, *args: Any, job_id: str | None = None,
        description: str | None = None, depends_on: Sequence[str] = (),
        allow_dependency_failures: bool = False,
    ) -> JobHandle:
        arguments = _checked(func_path, args, job_id)
        ready = self._dependencies_met(depends_on, allow_dependency_failures)
        record = _InlineRecord(job_id or str(uuid.uuid4()), description)
        with self._lock:
            self._records[record.id] = record
            self._records.move_to_end(record.id)
            while len(self._records) > self._keep:
                self._records.popitem(last=False)
        if ready:
            self._run(record, func_path, arguments)
        return JobHandle(record.id, func_path, description)

    def set_progress(self, job_id: str, done: int, total: int, message: str = "") -> None:
        with self._lock:
            record = self._records.get(job_id)
            if record is None:
                raise UnknownJobError(f"no inline job {job_id!r} to report progress on")
            record.progress = _progress(done, total, message)

    def _dependencies_met(self, depends_on: Sequence[str], allow_failures: bool) -> bool:
        """Whether a job depending on ``depends_on`` may run (they have all run by now)."""
        statuses = [self.status(job_id).status for job_id in depends_on]
        allowed = {JobStatus.FINISHED, JobStatus.FAILED} if allow_failures else {
            JobStatus.FINISHED}
        return all(status in allowed for status in statuses)

    def status(self, job_id: str) -> JobInfo:
        with self._lock:
            record = self._records.get(job_id)
            if record is None:
                raise UnknownJobError(f"no inline job {job_id!r} (this process keeps the "
                                      f"last {self._keep})")
            return JobInfo(record.id, record.status, dict(record.progress), record.result,
                           record.error, record.description)

    def _run(self, record: _InlineRecord, func_path: str, arguments: list[Any]) -> None:
        token = _INLINE_RECORD.set(record)
        record.status = JobStatus.STARTED
        try:
            with self._wrap():
                result = resolve(func_path)(*arguments)
            record.result = json.loads(json.dumps(result))
            record.status = JobStatus.FINISHED
        except Exception as error:  # a job's failure is its status, as on rq
            log.exception("inline job %s (%s) failed", record.id, func_path)
            record.error = traceback.format_exception_only(error)[-1].strip()
            record.status = JobStatus.FAILED
        finally:
            _INLINE_RECORD.reset(token)


# -- rq ----------------------------------------------------------------------------------


_RQ_STATUS = {
    "created": JobStatus.QUEUED,
    "queued": JobStatus.QUEUED,
    "deferred": JobStatus.QUEUED,
    "scheduled": JobStatus.QUEUED,
    "started": JobStatus.STARTED,
    "finished": JobStatus.FINISHED,
    "failed": JobStatus.FAILED,
    "stopped": JobStatus.FAILED,
    "canceled": JobStatus.FAILED,
}


class RqJobs:
    """Jobs on an rq queue, serialized as JSON; progress lives in ``job.meta["progress"]``.

    The connection is passed in (never rq's implicit global one) and the worker must use
    the same queue name and ``JSONSerializer`` (``motcua worker -q motcua``).
    """

    def __init__(self, connection: Redis, queue_name: str = DEFAULT_QUEUE) -> None:
        from rq import Queue  # noqa: PLC0415 - inline deployments never load rq
        from rq.serializers import JSONSerializer  # noqa: PLC0415

        self.connection = connection
        self.serializer = JSONSerializer
        self.queue = Queue(queue_name, connection=connection, serializer=JSONSerializer)

    def enqueue(
        self, func_path: str, *args: Any, job_id: str | None = None,
        description: str | None = None, depends_on: Sequence[str] = (),
        allow_dependency_failures: bool = False,
    ) -> JobHandle:
        from rq.job import Dependency  # noqa: PLC0415

        arguments = _checked(func_path, args, job_id)
        dependency = Dependency(jobs=list(depends_on), allow_failure=allow_dependency_failures
                                ) if depends_on else None
        job = self.queue.enqueue_call(func_path, args=arguments, job_id=job_id,
                                      description=description, depends_on=dependency)
        return JobHandle(job.id, func_path, description)

    def set_progress(self, job_id: str, done: int, total: int, message: str = "") -> None:
        """Saves only the ``progress`` key of the job's meta; writers racing on one job
        each leave a consistent snapshot, the last one written wins."""
        job = self._fetch(job_id)
        job.meta["progress"] = _progress(done, total, message)
        job.save_meta()

    def _fetch(self, job_id: str) -> Any:
        from rq.exceptions import NoSuchJobError  # noqa: PLC0415
        from rq.job import Job  # noqa: PLC0415

        try:
            return Job.fetch(job_id, connection=self.connection, serializer=self.serializer)
        except NoSuchJobError:
            raise UnknownJobError(f"no job {job_id!r} on Redis (never enqueued, or its "
                                  "record expired)") from None

    def status(self, job_id: str) -> JobInfo:
        from rq.results import Result  # noqa: PLC0415

        job = self._fetch(job_id)
        rq_status = job.get_status(refresh=False)
        status = _RQ_STATUS.get(getattr(rq_status, "value", str(rq_status)), JobStatus.QUEUED)
        latest = job.latest_result() if status in (JobStatus.FINISHED, JobStatus.FAILED) else None
        error = None
        if latest is not None and latest.type == Result.Type.FAILED and latest.exc_string:
            error = latest.exc_string.strip().splitlines()[-1]
        result = latest.return_value if latest is not None else None
        progress = dict(job.meta.get("progress") or {})
        return JobInfo(job.id, status, progress, result, error, job.description)


def report_progress(done: int, total: int, message: str = "") -> None:
    """Tell whoever watches the current job how far it got; a no-op outside a job.

    Inline jobs write their in-memory record; under an rq worker the job's meta is saved
    to Redis (one small write: call it per batch, not per row).
    """
    progress = _progress(done, total, message)
    record = _INLINE_RECORD.get()
    if record is not None:
        record.progress = progress
        return
    from rq import get_current_job  # noqa: PLC0415

    job = get_current_job()
    if job is not None:
        job.meta["progress"] = progress
        job.save_meta()  # type: ignore[no-untyped-call]


def make_publisher(redis_url: str | None, *, queue_name: str = DEFAULT_QUEUE,
                   wrap: Callable[[], AbstractContextManager[object]] | None = None,
                   ) -> JobPublisher:
    """rq on ``redis_url`` when set, else inline (``wrap`` is for the inline runner).

    Opens no connection: Redis is first contacted by the first enqueue.
    """
    if not redis_url:
        return InlineJobs(wrap=wrap)
    from redis import Redis  # noqa: PLC0415

    return RqJobs(Redis.from_url(redis_url), queue_name)


# -- what a running job may use ------------------------------------------------------------


def _system_clock() -> Clock:
    from engine.dossiers.clock import SystemClock  # noqa: PLC0415 - keeps this module light

    return SystemClock()


@dataclass(frozen=True)
class JobEnvironment:
    """What a job gets from the process running it, instead of importing Flask.

    ``session_factory`` opens a new session (a job decides its own transactions: one per
    dossier, say); ``clock`` tells the current instant (the real one unless a test fixes
    it); ``settings`` is the app's configuration, read-only. ``specs`` and ``calendar`` are
    the process's shared spec cache and working calendar when the process has them (the
    web process), so a job run in-process does not parse every procedure a second time.
    """

    session_factory: Callable[[], Session]
    publisher: JobPublisher
    clock: Clock = field(default_factory=_system_clock)
    settings: Mapping[str, Any] = field(default_factory=dict)
    specs: SpecCache | None = None
    calendar: WorkingCalendar | None = None

    def with_clock(self, clock: Clock) -> JobEnvironment:
        return replace(self, clock=clock)


_ENVIRONMENT: ContextVar[JobEnvironment | None] = ContextVar("motcua_job_env", default=None)


@contextmanager
def job_environment(environment: JobEnvironment) -> Iterator[JobEnvironment]:
    """Install ``environment`` for jobs run inside the block (nests; thread-local)."""
    token = _ENVIRONMENT.set(environment)
    try:
        yield environment
    finally:
        _ENVIRONMENT.reset(token)


def current_environment() -> JobEnvironment:
    """The environment installed by the process running this job."""
    environment = _ENVIRONMENT.get()
    if environment is None:
        raise JobError("this job needs a job environment: run it with `motcua worker` or "
                       "through the app's job publisher (api.jobs.job_app_context), not "
                       "by calling it bare")
    return environment
