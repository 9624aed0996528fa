"""The app's job publisher, the context jobs run in, and the timer ticker.

Lifecycle: :func:`init_jobs` (called by :func:`api.create_app`) puts a
:class:`~engine.jobs.JobPublisher` on ``app.extensions``: rq on ``REDIS_URL`` when it is
set, otherwise inline. Views and commands enqueue through :func:`jobs`. Every job runs
inside :func:`job_app_context`, whoever runs it: an rq worker (the worker class from
:func:`app_worker_class` wraps each job in it), the inline publisher (passed to it as
``wrap``), or a command calling a job function directly. Engine jobs cannot import Flask;
the context gives them what they need as a :class:`~engine.jobs.JobEnvironment`.

Timers: :func:`engine.dossiers.jobs.fire_due_timers` must run every minute or so. With
Redis, one ``motcua timers tick`` (or ``motcua worker --with-timers``) enqueues it; without
Redis, ``motcua serve`` starts :func:`start_timer_ticker`, a daemon thread that runs it
inline. Running two tickers is harmless (firing is idempotent), only wasteful.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask

from api.extensions import database
from engine.jobs import (
    DEFAULT_QUEUE,
    JobEnvironment,
    JobHandle,
    JobPublisher,
    JobStatus,
    UnknownJobError,
    job_environment,
    make_publisher,
)

__all__ = [
    "CLOCK_KEY",
    "FIRE_DUE_TIMERS",
    "Ticker",
    "TimerTicks",
    "app_worker_class",
    "init_jobs",
    "job_app_context",
    "jobs",
    "start_timer_ticker",
]

log = logging.getLogger(__name__)

EXTENSION_KEY = "motcua.jobs"
CLOCK_KEY = "motcua.clock"
FIRE_DUE_TIMERS = "engine.dossiers.jobs.fire_due_timers"


def init_jobs(app: Flask) -> JobPublisher:
    """Choose the publisher from ``REDIS_URL`` (``JOBS_QUEUE``, default ``motcua``)."""
    publisher = make_publisher(
        app.config.get("REDIS_URL"),
        queue_name=app.config.get("JOBS_QUEUE") or DEFAULT_QUEUE,
        wrap=lambda: job_app_context(app),
    )
    app.extensions[EXTENSION_KEY] = publisher
    return publisher


def jobs(app: Flask) -> JobPublisher:
    """The publisher of ``app`` (made on first use if ``create_app`` did not)."""
    publisher: JobPublisher | None = app.extensions.get(EXTENSION_KEY)
    return publisher if publisher is not None else init_jobs(app)


@contextmanager
def job_app_context(app: Flask) -> Iterator[JobEnvironment]:
    """An app context plus the engine's job environment: sessions, publisher, settings.

    The clock is the real one unless ``app.extensions["motcua.clock"]`` holds another
    (tests and demos that run the app at a fixed instant).
    """
    with app.app_context():
        from api.dossiers.services import runtime  # noqa: PLC0415 - avoids an import cycle

        shared = runtime(app)
        environment = JobEnvironment(
            session_factory=database(app).factory, publisher=jobs(app), settings=app.config,
            specs=shared.specs, calendar=shared.calendar,
        )
        clock = app.extensions.get(CLOCK_KEY)
        if clock is not None:
            environment = environment.with_clock(clock)
        with job_environment(environment):
            yield environment


def app_worker_class(base: type[Any]) -> type[Any]:
    """An rq worker class (``Worker``, ``SimpleWorker``) running each job in the app.

    Set ``flask_app`` on the instance. A forking worker runs the job in a child process:
    its first act there is to drop the database connections inherited from the parent
    (SQLAlchemy's advice for ``fork``), so no socket is shared between processes.
    """

    class AppWorker(base):  # type: ignore[misc]
        flask_app: Flask

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._parent_pid = os.getpid()

        def perform_job(self, job: Any, queue: Any) -> bool:
            if os.getpid() != self._parent_pid:
                database(self.flask_app).engine.dispose(close=False)
            with job_app_context(self.flask_app):
                return bool(super().perform_job(job, queue))

    AppWorker.__name__ = AppWorker.__qualname__ = f"App{base.__name__}"
    return AppWorker


class TimerTicks:
    """One tick: enqueue ``fire_due_timers`` unless the previous one is still waiting.

    Skipping keeps a slow or stopped worker from finding hundreds of identical jobs
    queued when it comes back.
    """

    def __init__(self, publisher: JobPublisher, *, limit: int = 500) -> None:
        self.publisher = publisher
        self.limit = limit
        self.last: JobHandle | None = None

    def __call__(self) -> JobHandle | None:
        if self.last is not None:
            try:
                status = self.publisher.status(self.last.id).status
            except UnknownJobError:
                status = None
            if status in (JobStatus.QUEUED, JobStatus.STARTED):
                return None
        self.last = self.publisher.enqueue(
            FIRE_DUE_TIMERS, self.limit, description="fire due dossier timers"
        )
        return self.last


class Ticker:
    """Calls ``action`` now and then every ``every`` seconds until :meth:`stop`.

    :meth:`run` blocks (``motcua timers tick``); :meth:`start` runs it on a daemon thread
    (``motcua serve``). An action that raises is logged and the ticking goes on.
    """

    def __init__(self, every: float, action: Callable[[], object], *,
                 name: str = "motcua-ticker") -> None:
        if every <= 0:
            raise ValueError(f"a ticker needs a positive interval, not {every}")
        self.every = every
        self.action = action
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self.action()
            except Exception:  # the next tick may well succeed (database back, say)
                log.exception("%s: tick failed", self.name)
            self._stop.wait(max(0.0, self.every - (time.monotonic() - started)))

    def start(self) -> Ticker:
        self._thread = threading.Thread(target=self.run, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the ticker to stop and wait for a running tick to finish."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


def start_timer_ticker(app: Flask, *, every: float = 60.0, limit: int = 500) -> Ticker:
    """Fire due timers every ``every`` seconds from a daemon thread of this process."""
    return Ticker(every, TimerTicks(jobs(app), limit=limit), name="motcua-timers").start()
