"""The jobs of a simulation run: one per replication, then one that summarizes.

Lifecycle (enqueued by :meth:`engine.scenarios.services.SimulationRunService.start`):

- :func:`run_replication` ``(run_id, index)``: marks the run ``running``, computes the
  replication's seed (``replication_seeds(seed, n)[index]``, so any replication can be
  rerun alone), calls the simulator (:func:`simulations.jobs.replicate`) on the
  published catalogue (:mod:`engine.scenarios.catalogue`) outside any database
  transaction, stores the indicators in their own row and reports the count
  done on the summary job (``GET /jobs/{job_id}``). A failure marks the run ``failed``
  with the error's last line (no traceback reaches the API) and re-raises, so the job is
  failed too. Once the run has failed, the remaining replications return at once.
- :func:`summarize_run` ``(run_id)``: runs when every replication has ended (rq
  ``depends_on``, so no worker waits for the others), summarizes the stored results
  (:func:`simulations.jobs.summarize_job`) and finishes the run; with a replication
  missing (a worker that died) it fails the run instead.

Both take ids and return small JSON values; the run's document and results live in the
database, not in Redis, so nothing is lost when job records expire.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from engine.jobs import UnknownJobError, current_environment, report_progress
from engine.scenarios.catalogue import published_catalogue
from engine.scenarios.models import RunStatus
from engine.scenarios.services import SimulationRunService, simulator

__all__ = ["run_replication", "summarize_run"]


@contextmanager
def _service() -> Iterator[SimulationRunService]:
    """A service over a new session, committed when the block succeeds."""
    environment = current_environment()
    with environment.session_factory() as session:
        yield SimulationRunService(session, clock=environment.clock, jobs=environment.publisher)
        session.commit()


def _last_line(error: BaseException) -> str:
    return traceback.format_exception_only(error)[-1].strip()


def run_replication(run_id: str, index: int) -> dict[str, Any]:
    """Replication ``index`` of run ``run_id`` (module docstring)."""
    with _service() as service:
        run = service.begin_replication(run_id)
        if run is None:
            return {"run": run_id, "index": index, "skipped": "the run has already ended"}
        document, total, summary_job = dict(run.scenario), run.replications, run.job_id
        seed = simulator("replications").replication_seeds(run.seed, total)[index]
        catalogue = published_catalogue(service.session, current_environment().session_factory)
    try:
        result = simulator("jobs").replicate(document, seed, catalogue=catalogue)
    except Exception as error:
        with _service() as service:
            service.record_failure(
                run_id,
                f"replication {index + 1} of {total} (seed {seed}) failed: {_last_line(error)}",
            )
        raise
    with _service() as service:
        done = service.record_replication(run_id, index, seed, dict(result))
    _report(summary_job, done, total)
    return {"run": run_id, "index": index, "seed": seed}


def _report(summary_job: str | None, done: int, total: int) -> None:
    """Progress on the summary job, which a replication may outrun (not enqueued yet)."""
    report_progress(1, 1, "replication stored")
    if summary_job is None:
        return
    with suppress(UnknownJobError):
        current_environment().publisher.set_progress(
            summary_job, done, total, f"{done} of {total} replications done"
        )


def summarize_run(run_id: str) -> dict[str, Any]:
    """Summarize run ``run_id`` once its replications have ended (module docstring)."""
    with _service() as service:
        run = service.get(run_id)
        if run.status in (RunStatus.FINISHED, RunStatus.FAILED):
            return {"run": run_id, "status": run.status.value}
        name, seed, total = run.name, run.seed, run.replications
        results = service.replication_results(run_id)
    if len(results) < total:
        with _service() as service:
            service.record_failure(
                run_id,
                f"only {len(results)} of {total} replications "
                "finished (a worker stopped?); run it again",
            )
        return {"run": run_id, "status": "failed"}
    try:
        summary = simulator("jobs").summarize_job(name, seed, results)
    except Exception as error:
        with _service() as service:
            service.record_failure(run_id, f"the summary failed: {_last_line(error)}")
        raise
    with _service() as service:
        service.record_summary(run_id, dict(summary))
    report_progress(total, total, f"{total} replications summarized")
    return {"run": run_id, "status": "finished"}
