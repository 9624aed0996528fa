"""Simulation runs: create one, start its jobs, record what the jobs report, read it back.

Lifecycle (the views and :mod:`engine.scenarios.jobs` call these in order):

1. :meth:`SimulationRunService.create` validates the scenario with the simulator's own
   :func:`simulations.scenario.parse_scenario` (so the simulator's schema is the only
   one), checks the baseline exists, chooses a seed when none is given and stores the run
   ``queued`` with the validated document: every default filled in and its ``format``
   version, so a run records the values it ran with even if a default changes later
   (the simulator accepts its own output unchanged when each replication re-validates
   it). Nothing is stored when any of this fails.
2. The caller commits, then :meth:`~SimulationRunService.start` enqueues one job per
   replication and a summarizing job that depends on all of them (committing first
   matters: an inline job or a worker reads the run in its own transaction).
3. The jobs report through :meth:`~SimulationRunService.begin_replication`,
   :meth:`~SimulationRunService.record_replication`,
   :meth:`~SimulationRunService.record_failure` and
   :meth:`~SimulationRunService.record_summary`. The status moves with conditional
   ``UPDATE`` statements (``... WHERE status IN (queued, running)``), so jobs finishing
   at once on several workers never undo a ``failed`` or ``finished``.
4. :meth:`~SimulationRunService.results` and :meth:`~SimulationRunService.compare` read
   finished runs; anything else is :class:`SimulationNotFinished` (the API's 409).

Like every service here it only flushes; the caller owns the transaction.
"""

from __future__ import annotations

import importlib
import secrets
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bpmn.errors import MotcuaError
from engine.dossiers.clock import Clock
from engine.jobs import JobHandle, JobPublisher
from engine.scenarios.models import (
    RESULTS_FORMAT,
    RunStatus,
    SimulationReplication,
    SimulationRun,
)

__all__ = [
    "MAX_CHOSEN_SEED",
    "REPLICATE_JOB",
    "SUMMARIZE_JOB",
    "BaselineNotFound",
    "SimulationNotFinished",
    "SimulationNotFound",
    "SimulationRunError",
    "SimulationRunService",
    "simulator",
]

REPLICATE_JOB = "engine.scenarios.jobs.run_replication"
SUMMARIZE_JOB = "engine.scenarios.jobs.summarize_run"
#: Chosen seeds stay below 2**53 so that a browser's JSON numbers keep them exact.
MAX_CHOSEN_SEED = 2**53
_OPEN = (RunStatus.QUEUED, RunStatus.RUNNING)


class SimulationRunError(MotcuaError):
    """Root of the errors about stored simulation runs."""


class SimulationNotFound(SimulationRunError, LookupError):
    """No run has this id (the API's 404)."""


class BaselineNotFound(SimulationRunError):
    """The ``baseline_id`` of a new run names no run (refused before anything is stored)."""


class SimulationNotFinished(SimulationRunError):
    """Results were asked of a run that is queued, running or failed (the API's 409)."""


def simulator(module: str) -> Any:
    """A module of the simulator (``"scenario"``, ``"jobs"``, ...), imported when first used.

    The simulator pulls in numpy, scipy and numba; the web process and the database
    migrations must not pay for that at import time.
    """
    return importlib.import_module(f"simulations.{module}")


def new_run_id() -> str:
    """A random, URL-safe id (it appears in URLs and, prefixed, in job ids)."""
    return secrets.token_urlsafe(12)


class SimulationRunService:
    """Runs in ``session``; ``jobs`` enqueues their work, ``clock`` stamps them.

    ``job_prefix`` starts every job id, so that an operator can tell a run's jobs on a
    shared Redis (``<prefix>-<run id>-<index>`` and ``<prefix>-<run id>-summary``).
    """

    def __init__(
        self, session: Session, *, clock: Clock, jobs: JobPublisher, job_prefix: str = "simulation"
    ) -> None:
        self.session = session
        self.clock = clock
        self.jobs = jobs
        self.job_prefix = job_prefix

    # -- creating and starting ---------------------------------------------------------------

    def create(
        self,
        *,
        name: str,
        scenario: Mapping[str, Any],
        created_by: int | None,
        description: str = "",
        replications: int = 10,
        seed: int | None = None,
        baseline_id: str | None = None,
    ) -> SimulationRun:
        """Validate and store a ``queued`` run (ScenarioError names the bad key)."""
        if baseline_id is not None and self.session.get(SimulationRun, baseline_id) is None:
            raise BaselineNotFound(
                f"baseline_id {baseline_id!r}: no simulation has this id; "
                "give the id of an earlier run, or leave it out"
            )
        document = dict(simulator("scenario").parse_scenario(scenario).document)
        run = SimulationRun(
            id=new_run_id(),
            name=name,
            description=description,
            scenario=document,
            scenario_format=int(document.get("format", 1)),
            seed=secrets.randbelow(MAX_CHOSEN_SEED) if seed is None else seed,
            replications=replications,
            baseline_id=baseline_id,
            status=RunStatus.QUEUED,
            created_by=created_by,
            created_at=self.clock.now(),
        )
        run.job_id = self.summary_job_id(run.id)
        run.replication_job_ids = [
            self.replication_job_id(run.id, index) for index in range(replications)
        ]
        self.session.add(run)
        self.session.flush()
        return run

    def replication_job_id(self, run_id: str, index: int) -> str:
        return f"{self.job_prefix}-{run_id}-{index}"

    def summary_job_id(self, run_id: str) -> str:
        return f"{self.job_prefix}-{run_id}-summary"

    def start(self, run: SimulationRun) -> JobHandle:
        """Enqueue the replications, then the summary that waits for all of them.

        Call it after the run is committed. The summary job runs even when a replication
        fails (``allow_dependency_failures``): it is the one that notices missing
        replications, e.g. of a worker that died. Inline, everything runs here, in order.
        """
        for index, job_id in enumerate(run.replication_job_ids):
            self.jobs.enqueue(
                REPLICATE_JOB,
                run.id,
                index,
                job_id=job_id,
                description=f"simulation {run.id}: replication {index + 1} of {run.replications}",
            )
        return self.jobs.enqueue(
            SUMMARIZE_JOB,
            run.id,
            job_id=run.job_id,
            description=f"simulation {run.id}: summary of {run.replications} replications",
            depends_on=list(run.replication_job_ids),
            allow_dependency_failures=True,
        )

    # -- reading -----------------------------------------------------------------------------

    def get(self, run_id: str) -> SimulationRun:
        run = self.session.get(SimulationRun, run_id)
        if run is None:
            raise SimulationNotFound(f"no simulation {run_id!r}")
        return run

    def page(self, *, offset: int = 0, limit: int = 20) -> tuple[list[SimulationRun], int]:
        """A page of runs, newest first, and how many there are in all."""
        total = self.session.scalar(select(func.count()).select_from(SimulationRun)) or 0
        rows = self.session.scalars(
            select(SimulationRun)
            .order_by(SimulationRun.created_at.desc(), SimulationRun.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total

    def done(self, run_id: str) -> int:
        """How many replications of the run have stored their indicators."""
        return (
            self.session.scalar(
                select(func.count())
                .select_from(SimulationReplication)
                .where(SimulationReplication.run_id == run_id)
            )
            or 0
        )

    def progress(self, run: SimulationRun) -> dict[str, int]:
        return {"done": self.done(run.id), "total": run.replications}

    def results(self, run_id: str) -> dict[str, Any]:
        """The stored summary of a finished run."""
        run = self.get(run_id)
        if run.status is not RunStatus.FINISHED or run.results is None:
            why = f": {run.error}" if run.error else ""
            raise SimulationNotFinished(
                f"simulation {run_id} is {run.status.value}{why}; results exist once it is "
                "finished (follow GET /simulations/{id} or its job)"
            )
        return run.results

    def compare(self, run_id: str, baseline_id: str) -> dict[str, Any]:
        """Scenario minus baseline for every indicator both runs have."""
        replications = simulator("replications")
        scenario = replications.Summary.from_dict(self.results(run_id))
        baseline = replications.Summary.from_dict(self.results(baseline_id))
        return cast(dict[str, Any], simulator("compare").compare(scenario, baseline))

    # -- what the jobs report ----------------------------------------------------------------

    def begin_replication(self, run_id: str) -> SimulationRun | None:
        """Mark the run running (first replication only); None if it already failed."""
        self.session.execute(
            update(SimulationRun)
            .where(SimulationRun.id == run_id, SimulationRun.status == RunStatus.QUEUED)
            .values(status=RunStatus.RUNNING, started_at=self.clock.now())
        )
        run = self.get(run_id)
        self.session.refresh(run)
        return run if run.status in _OPEN else None

    def record_replication(self, run_id: str, index: int, seed: int, result: dict[str, Any]) -> int:
        """Store one replication's indicators; the number done so far."""
        self.session.add(
            SimulationReplication(
                run_id=run_id, index=index, seed=seed, result=result, finished_at=self.clock.now()
            )
        )
        self.session.flush()
        return self.done(run_id)

    def replication_results(self, run_id: str) -> list[dict[str, Any]]:
        return [
            row.result
            for row in self.session.scalars(
                select(SimulationReplication)
                .where(SimulationReplication.run_id == run_id)
                .order_by(SimulationReplication.index)
            )
        ]

    def record_failure(self, run_id: str, message: str) -> bool:
        """Mark an open run failed with ``message``; False if it had already ended."""
        return self._close(run_id, status=RunStatus.FAILED, error=message[:2000])

    def record_summary(self, run_id: str, summary: dict[str, Any]) -> bool:
        """Store the summary and mark the run finished; False if it had already ended."""
        return self._close(
            run_id, status=RunStatus.FINISHED, results=summary, results_format=RESULTS_FORMAT
        )

    def _close(self, run_id: str, **values: Any) -> bool:
        result = self.session.execute(
            update(SimulationRun)
            .where(SimulationRun.id == run_id, SimulationRun.status.in_(_OPEN))
            .values(finished_at=self.clock.now(), **values)
        )
        self.session.expire_all()
        return bool(getattr(result, "rowcount", 0))
