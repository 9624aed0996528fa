"""Job functions: JSON in and out, a compiled-model LRU, the same numbers as in-process."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simulations import jobs
from simulations.replications import Summary, replication_seeds, run_replication, summarize

MM1: dict[str, Any] = {
    "name": "mm1-small",
    "kind": "queueing",
    "horizon_minutes": 3000,
    "arrivals": {"rate_per_minute": 0.5},
    "stations": [{"name": "desk", "servers": 1, "service": {"dist": "exponential", "mean": 1.6}}],
    "route": ["desk"],
}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    jobs._MODELS.clear()


def test_replicate_round_trips_through_json_and_matches_in_process() -> None:
    seed = replication_seeds(3, 1)[0]
    document = json.loads(json.dumps(MM1))
    result = jobs.replicate(document, seed)
    assert json.loads(json.dumps(result, allow_nan=False)) == result
    assert result["seed"] == seed
    assert result["total"]["received"] > 0
    direct = json.loads(json.dumps(run_replication(jobs.compiled_model(MM1), seed)))
    assert result["total"] == direct["total"]


def test_summarize_job_returns_the_summary_document() -> None:
    results = [jobs.replicate(MM1, s) for s in replication_seeds(5, 3)]
    document = jobs.summarize_job("mm1-small", 5, json.loads(json.dumps(results)))
    assert json.loads(json.dumps(document, allow_nan=False)) == document
    summary = Summary.from_dict(document)
    assert summary.replications == 3
    assert summary.groups["total"]["received"].n == 3
    assert document == summarize("mm1-small", 5, results).to_dict()


def test_models_are_compiled_once_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    import simulations.compile as compile_module  # noqa: PLC0415

    real = compile_module.compile_scenario

    def counting(scenario: Any, **kwargs: Any) -> Any:
        compiled.append(scenario.name)
        return real(scenario, **kwargs)

    monkeypatch.setattr(compile_module, "compile_scenario", counting)
    first = jobs.compiled_model(MM1)
    assert jobs.compiled_model(dict(reversed(list(MM1.items())))) is first  # key order
    assert len(compiled) == 1
    for i in range(jobs.MODEL_CACHE_SIZE):
        jobs.compiled_model({**MM1, "name": f"other-{i}"})
    assert jobs.compiled_model(MM1) is not first  # evicted, least recently used
    assert len(compiled) == jobs.MODEL_CACHE_SIZE + 2


def test_a_bad_document_raises_a_scenario_error() -> None:
    from simulations.errors import ScenarioError  # noqa: PLC0415

    with pytest.raises(ScenarioError, match="rate_per_minute"):
        jobs.replicate({**MM1, "arrivals": {"rate_per_minute": -1}}, 1)
