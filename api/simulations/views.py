"""``/api/v1/simulations``: run a scenario, follow it, read its results, compare two runs.

Lifecycle: ``POST`` validates the request and the scenario (the simulator's schema), stores
the run ``queued``, commits, then enqueues one job per replication and a summarizing job
(:class:`~engine.scenarios.services.SimulationRunService`); the answer is ``202`` with the
run, its ``job_id`` (``GET /jobs/{id}``) and ``progress``. With Redis the replications run
in parallel on the workers; without, they all run inline before the answer, which then
already says ``finished`` (or ``failed``). ``.../results`` and ``.../compare/{baseline_id}``
answer 409 until the runs are finished. Analysts and admins only.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api.auth import current_principal
from api.auth.loading import auth_state, clock
from api.dossiers.services import unit_of_work
from api.extensions import get_session
from api.jobs import jobs
from engine.scenarios.models import RunStatus, SimulationRun
from engine.scenarios.services import (
    BaselineNotFound,
    SimulationRunService,
    simulator,
)
from simulations.errors import ScenarioError

from .schemas import (
    ComparisonSchema,
    ScenarioInfoSchema,
    SimulationCreateSchema,
    SimulationResultsSchema,
    SimulationSchema,
)

__all__ = ["JOB_PREFIX_SETTING", "blp", "present", "service"]

log = logging.getLogger(__name__)

#: The setting naming the prefix of the run's job ids (default ``simulation``).
JOB_PREFIX_SETTING = "SIMULATION_JOB_PREFIX"
_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"cookieAuth": []}]

blp = Blueprint(
    "simulations",
    __name__,
    url_prefix="/api/v1",
    description="Scenario simulations of the centre network: replications with "
    "confidence intervals, and comparisons with a baseline.",
)


@blp.before_request
def _authorize() -> None:
    """Analysts and admins only, checked before the body is read."""
    auth_state().policy.can_run_simulation(current_principal()).enforce()


def service() -> SimulationRunService:
    """The run service of this request: its session, the app's clock and job publisher."""
    return SimulationRunService(
        get_session(),
        clock=clock(),
        jobs=jobs(current_app),
        job_prefix=current_app.config.get(JOB_PREFIX_SETTING) or "simulation",
    )


def present(runs: SimulationRunService, run: SimulationRun) -> dict[str, Any]:
    """A run as :class:`SimulationSchema` shows it; ``progress`` counts stored replications."""
    done = run.replications if run.status is RunStatus.FINISHED else runs.done(run.id)
    fields = (
        "id",
        "name",
        "description",
        "replications",
        "seed",
        "baseline_id",
        "job_id",
        "error",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "scenario_format",
        "scenario",
    )
    return {
        **{name: getattr(run, name) for name in fields},
        "status": run.status.value,
        "progress": {"done": done, "total": run.replications},
    }


def _scenario_problem(error: ScenarioError) -> NoReturn:
    key = error.key or "_schema"
    abort(
        422, message=f"The scenario is not valid: {error}", errors={"scenario": {key: [str(error)]}}
    )
    raise AssertionError("abort returned")  # pragma: no cover


def _create(runs: SimulationRunService, body: dict[str, Any]) -> SimulationRun:
    try:
        with unit_of_work():
            return runs.create(created_by=current_principal().user_id, **body)
    except ScenarioError as error:
        _scenario_problem(error)
    except BaselineNotFound as error:
        abort(422, message=str(error), errors={"baseline_id": [str(error)]})
    raise AssertionError("abort returned")  # pragma: no cover


def _start(runs: SimulationRunService, run: SimulationRun) -> None:
    """Enqueue the run's jobs; when the queue cannot take them, the run fails (503)."""
    try:
        runs.start(run)
    except Exception as error:  # Redis down or refusing: the run must not stay queued
        log.exception("simulation %s: its jobs could not be enqueued", run.id)
        with unit_of_work():
            runs.record_failure(run.id, f"its jobs could not be enqueued: {error}")
        abort(
            503,
            message="The job queue cannot take the simulation now; the run is "
            "marked failed. Try again later.",
        )
    get_session().refresh(run)


@blp.route("/simulations")
class Simulations(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, SimulationSchema(many=True))
    @blp.paginate(page_size=20, max_page_size=100)
    def get(self, pagination_parameters: Any) -> list[dict[str, Any]]:
        """Simulation runs, newest first (``X-Pagination``: the total)."""
        runs = service()
        rows, total = runs.page(
            offset=pagination_parameters.first_item, limit=pagination_parameters.page_size
        )
        pagination_parameters.item_count = total
        return [present(runs, row) for row in rows]

    @blp.doc(security=_SECURITY)
    @blp.arguments(SimulationCreateSchema())
    @blp.response(
        202, SimulationSchema, description="Accepted: the run is queued (inline: already run)"
    )
    @blp.alt_response(422, description="The request or the scenario is not valid")
    @blp.alt_response(503, description="The job queue cannot be reached")
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Run a scenario ``replications`` times from ``seed``; unknown keys are refused."""
        runs = service()
        run = _create(runs, body)
        _start(runs, run)
        return present(runs, run)


@blp.route("/simulations/scenarios")
class ShippedScenarios(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, ScenarioInfoSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """The scenarios shipped with the simulator, validated, to start a run from."""
        scenario = simulator("scenario")
        shipped = scenario.shipped_scenarios().items()
        return [
            {"name": name, "kind": loaded.kind, "document": dict(loaded.document)}
            for name, loaded in ((name, scenario.load_scenario(path)) for name, path in shipped)
        ]


@blp.route("/simulations/<simulation_id>")
class Simulation(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, SimulationSchema)
    @blp.alt_response(404, description="No simulation has this id")
    def get(self, simulation_id: str) -> dict[str, Any]:
        """A simulation: its scenario, seed, status and progress."""
        runs = service()
        return present(runs, runs.get(simulation_id))


@blp.route("/simulations/<simulation_id>/results")
class SimulationResults(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, SimulationResultsSchema)
    @blp.alt_response(404, description="No simulation has this id")
    @blp.alt_response(409, description="The simulation is not finished (or failed)")
    def get(self, simulation_id: str) -> dict[str, Any]:
        """Indicators per group (total, centres, fields, pools): mean, std and 95 %
        interval over the replications, and the daily series."""
        summary = service().results(simulation_id)
        return {
            "id": simulation_id,
            "name": summary.get("name"),
            "replications": summary.get("replications"),
            "seed": summary.get("seed"),
            "confidence": summary.get("confidence"),
            "series": summary.get("series", {}),
            "rows": [
                {"group": group, "metrics": metrics}
                for group, metrics in summary.get("groups", {}).items()
            ],
        }


@blp.route("/simulations/<simulation_id>/compare/<baseline_id>")
class SimulationComparison(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, ComparisonSchema)
    @blp.alt_response(404, description="No simulation has one of these ids")
    @blp.alt_response(409, description="One of the simulations is not finished")
    def get(self, simulation_id: str, baseline_id: str) -> dict[str, Any]:
        """Scenario minus baseline for every indicator, with whether it is significant."""
        comparison = service().compare(simulation_id, baseline_id)
        return {
            "id": simulation_id,
            "baseline_id": baseline_id,
            "confidence": comparison.get("confidence"),
            "rows": comparison["rows"],
        }
