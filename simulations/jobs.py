"""rq job functions of the simulator: JSON in, JSON out, no web framework, no database.

Lifecycle of a simulation run through the job queue: the API enqueues one
:func:`replicate` per replication (each with its own seed from
:func:`~simulations.replications.replication_seeds`), then one :func:`summarize_job` that
receives their results and returns the :class:`~simulations.replications.Summary`
document. The rules of :mod:`engine.jobs` apply: module-level functions, plain JSON
arguments and results (a NaN would not survive strict JSON, so none is returned).

A worker runs many replications of the same scenario in a row, and compiling a province
takes longer than simulating it, so compiled models are kept in a small in-process LRU
keyed by a hash of the scenario document.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bpmn.catalog.model import Procedure
from engine.jobs import report_progress
from simulations.model import Model
from simulations.replications import run_replication, summarize

__all__ = [
    "MODEL_CACHE_SIZE",
    "CatalogueLoader",
    "Published",
    "compiled_model",
    "replicate",
    "summarize_job",
]

MODEL_CACHE_SIZE = 4
_MODELS: OrderedDict[str, Model] = OrderedDict()
_LOCK = threading.Lock()


def _key(document: Mapping[str, Any]) -> str:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


#: what a worker reads from its database for a province scenario: the procedures and
#: their published diagrams (code -> BPMN XML), loaded only when the model is compiled
Published = tuple[Sequence[Procedure], Mapping[str, bytes]]
CatalogueLoader = Callable[[], Published]


def compiled_model(
    scenario_document: Mapping[str, Any],
    *,
    catalogue: tuple[str, CatalogueLoader] | None = None,
) -> Model:
    """The compiled model of a scenario document, from the LRU when seen recently.

    ``catalogue`` is (fingerprint, loader) of the published catalogue to compile a
    province scenario from (a worker passes it; without it the generated catalogue is
    used); the fingerprint is part of the cache key, so publishing a new version makes
    the next replication compile again.
    """
    key = _key(scenario_document) + (catalogue[0] if catalogue else "")
    with _LOCK:
        cached = _MODELS.get(key)
        if cached is not None:
            _MODELS.move_to_end(key)
            return cached
    from simulations.compile import compile_scenario  # noqa: PLC0415 - loads the catalogue
    from simulations.scenario import parse_scenario  # noqa: PLC0415

    scenario = parse_scenario(scenario_document)
    if catalogue is not None and scenario.kind == "province":
        procedures, diagrams = catalogue[1]()
        model: Model = compile_scenario(scenario, procedures=procedures, diagrams=diagrams)
    else:
        model = compile_scenario(scenario)
    with _LOCK:
        _MODELS[key] = model
        _MODELS.move_to_end(key)
        while len(_MODELS) > MODEL_CACHE_SIZE:
            _MODELS.popitem(last=False)
    return model


def _strict(value: Any) -> Any:
    """The value with every non-finite float replaced by None (strict JSON)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return value


def replicate(
    scenario_document: dict[str, Any],
    seed: int,
    *,
    catalogue: tuple[str, CatalogueLoader] | None = None,
) -> dict[str, Any]:
    """One replication of a scenario: its indicators (see :mod:`simulations.results`)."""
    report_progress(0, 1, "compiling")
    model = compiled_model(scenario_document, catalogue=catalogue)
    report_progress(0, 1, "simulating")
    result = _strict(run_replication(model, int(seed)))
    report_progress(1, 1, "done")
    return dict(result)


def summarize_job(name: str, seed: int, results: list[dict[str, Any]]) -> dict[str, Any]:
    """The :class:`~simulations.replications.Summary` document of finished replications."""
    return dict(_strict(summarize(name, int(seed), results).to_dict()))
