"""Independent replications of a model and their 95% confidence intervals.

Lifecycle: :func:`replication_seeds` spawns one independent stream per replication from
the run's seed (numpy ``SeedSequence``), :func:`run_replication` samples arrivals and runs
the kernel once per stream and computes :func:`~simulations.results.indicators`, and
:func:`summarize` turns the list of indicator documents into a :class:`Summary` of
Student-t intervals. The replications can run anywhere (in-process or as rq jobs): a
replication is a pure function of the model and its seed, so the same model and seed give
the same :class:`Summary` bit for bit.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulations.errors import ScenarioError
from simulations.model import Model
from simulations.results import METRICS, indicators

__all__ = [
    "Interval",
    "Summary",
    "interval",
    "replication_seeds",
    "run_replication",
    "run_replications",
    "summarize",
    "t_quantile",
]

CONFIDENCE = 0.95


def t_quantile(probability: float, dof: float) -> float:
    """Student's t quantile (``scipy.stats.t.ppf``) for any, even fractional, dof.

    scipy ships no type information, so it is imported by name here and its one
    answer typed, rather than letting untyped calls spread through the simulator.
    """
    stats = importlib.import_module("scipy.stats")
    return float(stats.t.ppf(probability, dof))


def _json_float(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _float(value: Any) -> float:
    return math.nan if value is None else float(value)


@dataclass(frozen=True)
class Interval:
    """Mean and 95% t-interval of one metric over ``n`` replications.

    With ``n == 1`` there is no spread to estimate: ``std`` is 0 and the interval is the
    point itself (:attr:`is_point`); with ``n == 0`` (the metric never had a value, e.g.
    counter waits of an all-online model) every number is NaN.
    """

    mean: float
    std: float
    ci_low: float
    ci_high: float
    n: int

    @property
    def is_point(self) -> bool:
        """True when the interval is a single replication's value, not an estimate."""
        return self.n < 2

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": _json_float(self.mean),
            "std": _json_float(self.std),
            "ci_low": _json_float(self.ci_low),
            "ci_high": _json_float(self.ci_high),
            "n": self.n,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Interval:
        return cls(
            mean=_float(data["mean"]),
            std=_float(data["std"]),
            ci_low=_float(data["ci_low"]),
            ci_high=_float(data["ci_high"]),
            n=int(data["n"]),
        )


def interval(values: Sequence[float | None]) -> Interval:
    """The 95% Student-t interval of the mean of the finite values (None/NaN are skipped)."""
    sample = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    n = int(sample.size)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, math.nan, 0)
    mean = float(sample.mean())
    if n == 1:
        return Interval(mean, 0.0, mean, mean, 1)
    std = float(sample.std(ddof=1))
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * std / math.sqrt(n)
    return Interval(mean, std, mean - half, mean + half, n)


@dataclass(frozen=True)
class Summary:
    """Replications of one model: intervals per group and metric, mean daily series.

    ``groups`` is keyed ``"total"``, ``"centre:<name>"``, ``"field:<code>"`` and
    ``"pool:<kind>"``; ``per_replication`` keeps each replication's seed and province
    totals so a reader can see the spread behind an interval.
    """

    name: str
    replications: int
    seed: int
    groups: dict[str, dict[str, Interval]]
    series: dict[str, list[float]] = field(default_factory=dict)
    per_replication: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A strict-JSON document (NaN becomes null); :meth:`from_dict` reads it back."""
        return {
            "name": self.name,
            "replications": self.replications,
            "seed": self.seed,
            "confidence": CONFIDENCE,
            "groups": {
                group: {metric: iv.to_dict() for metric, iv in metrics.items()}
                for group, metrics in self.groups.items()
            },
            "series": {
                key: [_json_float(v) for v in values] for key, values in self.series.items()
            },
            "per_replication": self.per_replication,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Summary:
        return cls(
            name=str(data["name"]),
            replications=int(data["replications"]),
            seed=int(data["seed"]),
            groups={
                group: {metric: Interval.from_dict(iv) for metric, iv in metrics.items()}
                for group, metrics in data["groups"].items()
            },
            series={key: [_float(v) for v in values] for key, values in data["series"].items()},
            per_replication=list(data.get("per_replication", [])),
        )


def replication_seeds(seed: int, replications: int) -> list[int]:
    """One independent 63-bit seed per replication, spawned from ``seed``."""
    children = np.random.SeedSequence(seed).spawn(replications)
    return [int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for child in children]


def run_replication(model: Model, seed: int) -> dict[str, Any]:
    """Sample one replication's arrivals and run it: the indicators plus the seed used."""
    from simulations.arrivals import sample_arrivals  # noqa: PLC0415 - kernel is heavy
    from simulations.kernel import simulate  # noqa: PLC0415

    arrivals = sample_arrivals(model.demand, np.random.default_rng(seed))
    output = simulate(model.network, arrivals, seed)
    result = indicators(model, arrivals, output)
    result["seed"] = seed
    return result


def _groups_of(result: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    groups: dict[str, Mapping[str, Any]] = {"total": result.get("total", {})}
    for prefix, key in (("centre", "centres"), ("field", "fields"), ("pool", "pools")):
        for name, metrics in result.get(key, {}).items():
            groups[f"{prefix}:{name}"] = metrics
    return groups


def _mean_series(results: Sequence[Mapping[str, Any]]) -> dict[str, list[float]]:
    keys = sorted({key for r in results for key in r.get("series", {})})
    out: dict[str, list[float]] = {}
    for key in keys:
        rows = [
            [_float(v) for v in r["series"][key]] for r in results if key in r.get("series", {})
        ]
        width = max(len(row) for row in rows)
        table = np.full((len(rows), width), np.nan)
        for i, row in enumerate(rows):
            table[i, : len(row)] = row
        counts = np.isfinite(table).sum(axis=0)
        sums = np.nansum(table, axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[key] = [float(v) for v in np.where(counts > 0, sums / counts, np.nan)]
    return out


def summarize(name: str, seed: int, results: Sequence[Mapping[str, Any]]) -> Summary:
    """Intervals over replications' indicator documents (from :func:`run_replication`)."""
    per_group = [_groups_of(r) for r in results]
    names = sorted({group for groups in per_group for group in groups}, key=_group_order)
    groups: dict[str, dict[str, Interval]] = {}
    for group in names:
        metrics = sorted({m for g in per_group for m in g.get(group, {})}, key=_metric_order)
        groups[group] = {
            metric: interval([_value(g.get(group, {}).get(metric)) for g in per_group])
            for metric in metrics
        }
    per_replication = [{"seed": r.get("seed"), "total": dict(r.get("total", {}))} for r in results]
    return Summary(
        name=name,
        replications=len(results),
        seed=seed,
        groups=groups,
        series=_mean_series(results),
        per_replication=per_replication,
    )


def _value(value: Any) -> float | None:
    return None if value is None else float(value)


def _metric_order(metric: str) -> tuple[int, str]:
    return (METRICS.index(metric) if metric in METRICS else len(METRICS), metric)


def _group_order(group: str) -> tuple[int, str]:
    kind = group.split(":", 1)[0]
    return ({"total": 0, "centre": 1, "field": 2, "pool": 3}.get(kind, 4), group)


def run_replications(
    model: Model,
    *,
    replications: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Run ``replications`` independent replications in this process and summarise them."""
    if replications < 1:
        raise ScenarioError(
            f"replications must be at least 1, not {replications}",
            key="replications",
            value=replications,
        )
    results = []
    for done, child in enumerate(replication_seeds(seed, replications), start=1):
        results.append(run_replication(model, child))
        if progress is not None:
            progress(done, replications)
    return summarize(model.name, seed, results)
