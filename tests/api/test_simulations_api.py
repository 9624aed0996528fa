"""``/simulations``: create → run (inline, or rq with a burst worker) → results → compare.

The simulator's replication is replaced by :func:`fake_replicate` (a deterministic
function of the seed, shaped like :func:`simulations.results.indicators`) so these tests
check the API, the storage and the orchestration in milliseconds; the scenario validation,
the summary and the comparison are the simulator's own. One test runs the real kernel on
a small M/M/1 document when the kernel is installed.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

import simulations.jobs
from api.auth.loading import EXTENSION_KEY, AuthState
from api.jobs import EXTENSION_KEY as JOBS_KEY
from api.jobs import app_worker_class
from api.simulations.views import JOB_PREFIX_SETTING
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.services import AccountService
from engine.dossiers.clock import SystemClock
from engine.jobs import RqJobs
from engine.scenarios.models import SimulationRun
from engine.scenarios.services import MAX_CHOSEN_SEED
from simulations.replications import replication_seeds
from simulations.scenario import parse_scenario
from tests.engine.redis_fixtures import (  # noqa: F401 - fixtures used by name
    queue_name_fixture,
    redis_connection_fixture,
)

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
URL = "/api/v1/simulations"
MM1: dict[str, Any] = {
    "kind": "queueing",
    "arrivals": {"rate_per_minute": 0.8},
    "horizon_minutes": 2000,
    "stations": [
        {"name": "counter", "servers": 1, "service": {"dist": "exponential", "mean": 1.0}}
    ],
    "route": ["counter"],
}
VALID: dict[str, Any] = {
    "name": "M/M/1 ρ 0.8",
    "replications": 3,
    "seed": 20250701,
    "scenario": MM1,
}


def fake_replicate(scenario_document: dict[str, Any], seed: int) -> dict[str, Any]:
    """Indicators that depend on the seed and on the scenario's arrival rate."""
    rate = float(scenario_document["arrivals"]["rate_per_minute"])
    wait = rate * 10 + (seed % 97) / 97
    return {
        "seed": seed,
        "total": {"received": 1000 + seed % 13, "counter_wait_mean": wait},
        "centres": {"A": {"received": 500 + seed % 5}},
        "series": {"backlog": [float(seed % 3), float(seed % 5)]},
    }


@pytest.fixture
def replications(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dict[str, Any], int]]:
    """The (document, seed) of every replication run, with the fake simulator."""
    calls: list[tuple[dict[str, Any], int]] = []

    def replicate(document: dict[str, Any], seed: int, *, catalogue: Any = None) -> dict[str, Any]:
        calls.append((document, seed))
        return fake_replicate(document, seed)

    monkeypatch.setattr(simulations.jobs, "replicate", replicate)
    return calls


@pytest.fixture
def tokens(app: Flask, session: Session) -> dict[str, str]:
    state: AuthState = app.extensions[EXTENSION_KEY]
    state.hasher = FAST
    service = AccountService(session, clock=SystemClock(), hasher=FAST)
    headers = {}
    for role in ("analyst", "admin", "specialist", "leader"):
        user = service.create_user(f"s_{role}", roles=[role], units=["000.00.10.H36"])
        headers[role] = f"Bearer {service.issue_token(user, 'test')[0]}"
    session.commit()
    return headers


def _as(tokens: dict[str, str], role: str = "analyst") -> dict[str, str]:
    return {"Authorization": tokens[role]}


def _ok(response: TestResponse, status: int = 200) -> Any:
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def _problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    return body


def _with(path: str, value: Any) -> dict[str, Any]:
    """VALID with the dotted ``path`` set to ``value``."""
    body = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = body
    for key in parents:
        target = target[key] if not key.isdigit() else target[int(key)]
    target[last] = value
    return body


def _runs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SimulationRun)) or 0


def test_inline_run_then_results_and_job(
    client: FlaskClient, tokens: dict[str, str], replications: list[Any]
) -> None:
    created = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    assert created["status"] == "finished"  # no Redis: everything ran before the answer
    assert created["progress"] == {"done": 3, "total": 3}
    assert created["scenario"]["kind"] == "queueing"
    # validated: defaults filled in (name, description, ...) and its format version
    assert created["scenario"] == parse_scenario(MM1).document
    assert created["scenario"]["format"] == 1
    assert [seed for _, seed in replications] == replication_seeds(20250701, 3)
    results = _ok(client.get(f"{URL}/{created['id']}/results", headers=_as(tokens)))
    total = next(row for row in results["rows"] if row["group"] == "total")
    waits = [
        fake_replicate(MM1, seed)["total"]["counter_wait_mean"]
        for seed in replication_seeds(20250701, 3)
    ]
    metric = total["metrics"]["counter_wait_mean"]
    assert metric["mean"] == pytest.approx(sum(waits) / 3)
    assert metric["ci_low"] < metric["mean"] < metric["ci_high"]
    assert metric["n"] == 3
    assert {row["group"] for row in results["rows"]} == {"total", "centre:A"}
    job = _ok(client.get(f"/api/v1/jobs/{created['job_id']}", headers=_as(tokens)))
    assert job["status"] == "finished"
    assert job["progress"]["done"] == job["progress"]["total"] == 3


def test_chosen_seed_is_recorded_and_reproduces(
    client: FlaskClient, tokens: dict[str, str], replications: list[Any]
) -> None:
    first = _ok(client.post(URL, json=_with("seed", None), headers=_as(tokens)), 202)
    assert 0 <= first["seed"] < MAX_CHOSEN_SEED
    again = _ok(client.post(URL, json=_with("seed", first["seed"]), headers=_as(tokens)), 202)
    assert replications[:3] == replications[3:]
    one = _ok(client.get(f"{URL}/{first['id']}/results", headers=_as(tokens)))
    two = _ok(client.get(f"{URL}/{again['id']}/results", headers=_as(tokens)))
    assert one["rows"] == two["rows"]


def test_compare_with_a_baseline(
    client: FlaskClient, tokens: dict[str, str], replications: list[Any]
) -> None:
    base = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    busier = _with("scenario.arrivals.rate_per_minute", 0.95)
    busier["baseline_id"] = base["id"]
    run = _ok(client.post(URL, json=busier, headers=_as(tokens, "admin")), 202)
    assert run["baseline_id"] == base["id"]
    comparison = _ok(client.get(f"{URL}/{run['id']}/compare/{base['id']}", headers=_as(tokens)))
    row = next(
        r
        for r in comparison["rows"]
        if r["group"] == "total" and r["metric"] == "counter_wait_mean"
    )
    assert row["difference"]["mean"] == pytest.approx(1.5)  # 10 × (0.95 − 0.8)
    assert row["significant"] is True
    same = next(r for r in comparison["rows"] if r["metric"] == "received")
    assert same["difference"]["mean"] == pytest.approx(0.0)
    assert same["significant"] is False


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        ("scenario.arrivals.rate_per_minute", -1, "arrivals.rate_per_minute"),
        ("scenario.stations.0.servers", "two", "stations.0.servers"),
        ("scenario.teleport", True, "teleport"),
        ("scenario.kind", "magic", "kind"),
    ],
)
def test_bad_scenario_is_422_naming_the_key_and_stores_nothing(
    *,
    client: FlaskClient,
    tokens: dict[str, str],
    session: Session,
    replications: list[Any],
    path: str,
    value: Any,
    key: str,
) -> None:
    body = _problem(client.post(URL, json=_with(path, value), headers=_as(tokens)), 422)
    assert key.rsplit(".", maxsplit=1)[-1] in str(body["errors"]["scenario"])
    assert key.rsplit(".", maxsplit=1)[-1] in body["detail"]
    assert _runs(session) == 0
    assert replications == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("replications", 0),
        ("name", ""),
        ("colour", "blue"),
        ("seed", -1),
    ],
)
def test_bad_request_fields_are_422(
    client: FlaskClient, tokens: dict[str, str], path: str, value: Any
) -> None:
    body = _problem(client.post(URL, json=_with(path, value), headers=_as(tokens)), 422)
    assert path in body["errors"]


def test_unknown_baseline_is_refused_before_storing(
    client: FlaskClient, tokens: dict[str, str], session: Session
) -> None:
    body = _problem(client.post(URL, json=_with("baseline_id", "nope"), headers=_as(tokens)), 422)
    assert "nope" in body["detail"]
    assert "baseline_id" in body["errors"]
    assert _runs(session) == 0


@pytest.mark.parametrize("role", ["specialist", "leader"])
def test_only_analysts_and_admins(client: FlaskClient, tokens: dict[str, str], role: str) -> None:
    _problem(client.post(URL, json=VALID), 401)
    denied = _problem(client.post(URL, json=VALID, headers=_as(tokens, role)), 403)
    assert "analyst" in denied["detail"]
    _problem(client.get(URL, headers=_as(tokens, role)), 403)
    _problem(client.get(f"{URL}/scenarios", headers=_as(tokens, role)), 403)


def test_a_failing_replication_fails_the_run(
    client: FlaskClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(document: dict[str, Any], seed: int, **_: Any) -> dict[str, Any]:
        raise RuntimeError(f"no servers at seed {seed}")

    monkeypatch.setattr(simulations.jobs, "replicate", explode)
    run = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    assert run["status"] == "failed"
    assert "RuntimeError: no servers at seed" in run["error"]
    assert "Traceback" not in run["error"]
    assert run["progress"]["done"] == 0
    problem = _problem(client.get(f"{URL}/{run['id']}/results", headers=_as(tokens)), 409)
    assert "failed" in problem["detail"]


def test_results_before_finish_are_409_and_progress_shows(
    *,
    app: Flask,
    client: FlaskClient,
    tokens: dict[str, str],
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    replications: list[Any],
) -> None:
    """A publisher that holds the jobs: the run stays queued with nothing done."""
    held: list[tuple[str, tuple[Any, ...]]] = []

    class Holding:
        def enqueue(self, func_path: str, *args: Any, **_options: Any) -> Any:
            held.append((func_path, args))
            return None

    app.extensions[JOBS_KEY] = Holding()
    run = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    assert run["status"] == "queued"
    assert run["progress"] == {"done": 0, "total": 3}
    assert [path.rsplit(".", 1)[-1] for path, _ in held] == ["run_replication"] * 3 + [
        "summarize_run"
    ]
    problem = _problem(client.get(f"{URL}/{run['id']}/results", headers=_as(tokens)), 409)
    assert "queued" in problem["detail"]
    base = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    _problem(client.get(f"{URL}/{run['id']}/compare/{base['id']}", headers=_as(tokens)), 409)


def test_enqueue_failure_fails_the_run_with_503(
    app: Flask, client: FlaskClient, tokens: dict[str, str]
) -> None:
    class Down:
        def enqueue(self, *_args: Any, **_options: Any) -> Any:
            raise ConnectionError("Redis is down")

    app.extensions[JOBS_KEY] = Down()
    _problem(client.post(URL, json=VALID, headers=_as(tokens)), 503)
    runs = _ok(client.get(URL, headers=_as(tokens)))
    assert runs[0]["status"] == "failed"
    assert "Redis is down" in runs[0]["error"]


def test_list_newest_first_paginated_and_404(
    client: FlaskClient, tokens: dict[str, str], replications: list[Any]
) -> None:
    ids = [
        _ok(client.post(URL, json=_with("name", f"run {i}"), headers=_as(tokens)), 202)["id"]
        for i in range(3)
    ]
    response = client.get(f"{URL}?page_size=2", headers=_as(tokens))
    page = _ok(response)
    assert [run["id"] for run in page] == ids[::-1][:2]
    assert '"total": 3' in response.headers["X-Pagination"]
    _problem(client.get(f"{URL}/unknown", headers=_as(tokens)), 404)
    _problem(client.get(f"{URL}/unknown/results", headers=_as(tokens)), 404)


def test_shipped_scenarios_are_listed_with_their_documents(
    client: FlaskClient,
    tokens: dict[str, str],
) -> None:
    from simulations.scenario import shipped_scenarios  # noqa: PLC0415

    listed = _ok(client.get(f"{URL}/scenarios", headers=_as(tokens)))
    assert [item["name"] for item in listed] == list(shipped_scenarios())
    for item in listed:
        assert item["document"]["format"] == 1
        assert item["kind"] in ("province", "queueing", "prosimos")


# -- rq ----------------------------------------------------------------------------------


@pytest.fixture
def rq_app(app: Flask, redis_connection: Redis, queue_name: str) -> Flask:
    """The app publishing on a test queue; job ids start with the queue name."""
    app.extensions[JOBS_KEY] = RqJobs(redis_connection, queue_name)
    app.config[JOB_PREFIX_SETTING] = queue_name
    return app


def _worker(app: Flask, connection: Redis, queue_name: str) -> Any:
    worker = app_worker_class(SimpleWorker)(
        [queue_name], connection=connection, serializer=JSONSerializer, name=queue_name
    )
    worker.flask_app = app
    return worker


def test_a_run_on_redis_with_a_burst_worker(
    *,
    rq_app: Flask,
    client: FlaskClient,
    tokens: dict[str, str],
    redis_connection: Redis,
    queue_name: str,
    replications: list[Any],
) -> None:
    run = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    assert run["status"] == "queued"
    assert run["job_id"].startswith(queue_name)
    worker = _worker(rq_app, redis_connection, queue_name)
    worker.work(burst=True, max_jobs=2)  # two replications, the summary still waits
    halfway = _ok(client.get(f"{URL}/{run['id']}", headers=_as(tokens)))
    assert halfway["status"] == "running"
    assert halfway["progress"] == {"done": 2, "total": 3}
    job = _ok(client.get(f"/api/v1/jobs/{run['job_id']}", headers=_as(tokens)))
    assert job["status"] == "queued"  # deferred: waiting for the third replication
    assert job["progress"]["done"] == 2  # written by the replications on the summary job
    _problem(client.get(f"{URL}/{run['id']}/results", headers=_as(tokens)), 409)
    worker.work(burst=True)
    done = _ok(client.get(f"{URL}/{run['id']}", headers=_as(tokens)))
    assert done["status"] == "finished"
    assert done["finished_at"] is not None
    job = _ok(client.get(f"/api/v1/jobs/{run['job_id']}", headers=_as(tokens)))
    assert job["status"] == "finished"
    assert job["progress"]["done"] == 3
    results = _ok(client.get(f"{URL}/{run['id']}/results", headers=_as(tokens)))
    assert results["replications"] == 3
    assert sorted(seed for _, seed in replications) == sorted(replication_seeds(20250701, 3))


def test_a_failed_replication_on_redis_fails_the_run(
    *,
    rq_app: Flask,
    client: FlaskClient,
    tokens: dict[str, str],
    redis_connection: Redis,
    queue_name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def second_fails(document: dict[str, Any], seed: int, **_: Any) -> dict[str, Any]:
        calls.append(seed)
        if len(calls) == 2:
            raise ValueError("station counter has no servers")
        return fake_replicate(document, seed)

    monkeypatch.setattr(simulations.jobs, "replicate", second_fails)
    run = _ok(client.post(URL, json=VALID, headers=_as(tokens)), 202)
    _worker(rq_app, redis_connection, queue_name).work(burst=True)
    failed = _ok(client.get(f"{URL}/{run['id']}", headers=_as(tokens)))
    assert failed["status"] == "failed"
    assert "replication 2 of 3" in failed["error"]
    assert "ValueError: station counter has no servers" in failed["error"]
    assert len(calls) == 2  # the third replication saw the run had failed and stopped
    job = _ok(client.get(f"/api/v1/jobs/{run['job_id']}", headers=_as(tokens)))
    assert job["status"] == "finished"  # the summary ran despite the failure, and left it


# -- the real simulator ------------------------------------------------------------------


def test_mm1_on_the_real_kernel(client: FlaskClient, tokens: dict[str, str]) -> None:
    pytest.importorskip("simulations.kernel")
    pytest.importorskip("simulations.queueing")
    run = _ok(client.post(URL, json=_with("replications", 2), headers=_as(tokens)), 202)
    assert run["status"] == "finished", run["error"]
    results = _ok(client.get(f"{URL}/{run['id']}/results", headers=_as(tokens)))
    total = next(row for row in results["rows"] if row["group"] == "total")
    assert total["metrics"]["received"]["mean"] > 0
