"""``/api/v1/simulations``: run a scenario, read its results, compare it with a baseline.

Planned lifecycle: ``POST`` validates the scenario, stores it and enqueues a job (the
answer is ``202`` with the simulation and its ``job_id``; ``GET /jobs/{id}`` follows it);
the job runs the replications and stores the results; ``.../results`` and
``.../compare/{baseline_id}`` read them. Until the simulator is built every endpoint
answers ``501`` as a problem, after authorization (analyst or admin) and after the body
is validated, so clients can already be tested against the documents.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from api.auth import current_principal
from api.auth.loading import auth_state

from .schemas import (
    ComparisonSchema,
    SimulationCreateSchema,
    SimulationResultsSchema,
    SimulationSchema,
)

__all__ = ["NOT_BUILT", "blp"]

NOT_BUILT = ("The simulator is not built yet: the scenario is valid, but nothing can run "
             "it in this release. Keep the document; it will be accepted unchanged.")
_SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"cookieAuth": []}]

blp = Blueprint("simulations", __name__, url_prefix="/api/v1",
                description="Scenario simulations of the centre network (not built yet: "
                            "501).")


@blp.before_request
def _authorize() -> None:
    """Analysts and admins only, checked before the body is read."""
    auth_state().policy.can_run_simulation(current_principal()).enforce()


def _not_built() -> NoReturn:
    abort(501, message=NOT_BUILT)
    raise AssertionError("abort returned")  # pragma: no cover


@blp.route("/simulations")
class Simulations(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.arguments(SimulationCreateSchema)
    @blp.response(202, SimulationSchema, description="Accepted: the run is queued")
    @blp.alt_response(501, description="The simulator is not built yet")
    def post(self, _payload: dict[str, Any]) -> NoReturn:
        """Run a scenario ``replications`` times from ``seed``; unknown keys are refused."""
        _not_built()


@blp.route("/simulations/<simulation_id>")
class Simulation(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, SimulationSchema)
    @blp.alt_response(501, description="The simulator is not built yet")
    def get(self, simulation_id: str) -> NoReturn:
        """A simulation: its scenario, seed and status."""
        _not_built()


@blp.route("/simulations/<simulation_id>/results")
class SimulationResults(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, SimulationResultsSchema)
    @blp.alt_response(501, description="The simulator is not built yet")
    def get(self, simulation_id: str) -> NoReturn:
        """Indicators per centre and in total: mean and 95 % interval over replications."""
        _not_built()


@blp.route("/simulations/<simulation_id>/compare/<baseline_id>")
class SimulationComparison(MethodView):
    @blp.doc(security=_SECURITY)
    @blp.response(200, ComparisonSchema)
    @blp.alt_response(501, description="The simulator is not built yet")
    def get(self, simulation_id: str, baseline_id: str) -> NoReturn:
        """Scenario minus baseline for every indicator, with whether it is significant."""
        _not_built()
