"""The ``simulation_runs`` and ``simulation_replications`` tables: scenario runs and
what each replication produced.

Lifecycle of a run (:class:`RunStatus`): ``queued`` when stored and its jobs enqueued;
``running`` once the first replication starts; ``finished`` when the summarizing job has
stored :attr:`SimulationRun.results`, or ``failed`` with :attr:`SimulationRun.error` (a
replication raised, or a worker died). Nothing moves a run out of ``finished`` or
``failed``: a new run is a new row.

Why a table per replication rather than a list in the run's row: replications finish in
parallel on several workers, and each inserts its own row, so no two workers ever
rewrite the same JSON value (no lost update, no row lock held while simulating). The
number of rows is the run's progress; the summarizing job reads them in index order.

Blobs carry their format version: ``scenario_format`` is the scenario document's
``format`` and ``results_format`` the version of the summary layout.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base, UTCDateTime, str_enum, utcnow

__all__ = ["RESULTS_FORMAT", "RunStatus", "SimulationReplication", "SimulationRun"]

#: The version of the ``results`` blob written today (the simulator's summary).
RESULTS_FORMAT = 1


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class SimulationRun(Base):
    """One scenario run: the document, the seed, the jobs and, once done, the summary."""

    __tablename__ = "simulation_runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    scenario: Mapped[dict[str, Any]] = mapped_column(JSON)
    scenario_format: Mapped[int] = mapped_column(Integer, default=1)
    seed: Mapped[int] = mapped_column(BigInteger)
    replications: Mapped[int] = mapped_column(Integer)
    baseline_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("simulation_runs.id", ondelete="SET NULL")
    )
    status: Mapped[RunStatus] = mapped_column(
        str_enum(RunStatus, length=16), default=RunStatus.QUEUED, index=True
    )
    job_id: Mapped[str | None] = mapped_column(String(128))
    replication_job_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    results_format: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<SimulationRun {self.id} {self.status.value} {self.name!r}>"


class SimulationReplication(Base):
    """The indicators of one replication (``index`` 0..n-1, run from ``seed``)."""

    __tablename__ = "simulation_replications"

    run_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("simulation_runs.id", ondelete="CASCADE"), primary_key=True
    )
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<SimulationReplication {self.run_id}/{self.index}>"
