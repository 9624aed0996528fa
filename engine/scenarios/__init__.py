"""Simulation runs stored in the database and driven by background jobs.

:mod:`.models` holds the runs and their replications, :mod:`.services` creates and reads
them (:class:`~engine.scenarios.services.SimulationRunService`), :mod:`.jobs` are the job
functions a worker (or the inline publisher) runs. The simulator itself
(``simulations/``) knows nothing of the database: these modules hand it JSON documents
and store the JSON it returns.
"""

from engine.scenarios.models import RunStatus, SimulationReplication, SimulationRun

__all__ = ["RunStatus", "SimulationReplication", "SimulationRun"]
