"""A scenario against its baseline: per metric, the difference and whether it is real.

Lifecycle: both sides are :class:`~simulations.replications.Summary` objects;
:func:`compare` pairs every metric that both have in the same group and puts a 95%
interval around ``scenario - baseline``. When both sides ran the same replication seeds
(common random numbers: the same arrivals and the same draws for each dossier, which is
what ``motcua simulate --compare`` and the API do), the province totals are compared
replication by replication (a paired t-interval on the differences: the noise both runs
share cancels, so the interval is much narrower); otherwise, and for the centre and
field groups whose per-replication values are not kept, a Welch interval (unequal
variances, Welch-Satterthwaite degrees of freedom). A difference is *significant* when that 95%
interval excludes zero, and *better* says which way it goes for the reader
(:func:`~simulations.results.metric_info`; ``None`` when not significant or when neither
direction is better, e.g. dossiers received).
"""

from __future__ import annotations

import math
from typing import Any

from simulations.replications import CONFIDENCE, Interval, Summary, t_quantile
from simulations.results import metric_info

__all__ = ["compare", "difference", "paired_difference"]


def difference(scenario: Interval, baseline: Interval) -> Interval:
    """Welch interval of ``scenario.mean - baseline.mean``.

    With fewer than two replications on a side there is no variance to estimate: the
    result is the point difference (``n`` is the smaller side's count). Two sides without
    spread give a point too; it is then exact rather than estimated.
    """
    diff = scenario.mean - baseline.mean
    n = min(scenario.n, baseline.n)
    if n < 2 or not math.isfinite(diff):
        return Interval(diff, math.nan, diff, diff, n)
    va, vb = scenario.std**2 / scenario.n, baseline.std**2 / baseline.n
    se = math.sqrt(va + vb)
    if se == 0.0:
        return Interval(diff, 0.0, diff, diff, n)
    dof = (va + vb) ** 2 / (va**2 / (scenario.n - 1) + vb**2 / (baseline.n - 1))
    half = t_quantile(0.5 + CONFIDENCE / 2, dof) * se
    return Interval(diff, se, diff - half, diff + half, n)


def paired_difference(scenario: list[float], baseline: list[float]) -> Interval:
    """t-interval of the mean of ``scenario[i] - baseline[i]`` (same seeds, in order)."""
    diffs = [a - b for a, b in zip(scenario, baseline, strict=True)]
    n = len(diffs)
    mean = math.fsum(diffs) / n
    if n < 2:
        return Interval(mean, math.nan, mean, mean, n)
    std = math.sqrt(math.fsum((d - mean) ** 2 for d in diffs) / (n - 1))
    half = t_quantile(0.5 + CONFIDENCE / 2, n - 1) * std / math.sqrt(n)
    return Interval(mean, std, mean - half, mean + half, n)


def _paired_totals(
    scenario: Summary, baseline: Summary
) -> dict[str, tuple[list[float], list[float]]]:
    """Per-replication province totals of both sides, when they ran the same seeds."""
    seeds = [r.get("seed") for r in scenario.per_replication]
    if (
        len(seeds) < 2
        or None in seeds
        or seeds != [r.get("seed") for r in baseline.per_replication]
    ):
        return {}
    out: dict[str, tuple[list[float], list[float]]] = {}
    for metric in scenario.groups.get("total", {}):
        sides = zip(scenario.per_replication, baseline.per_replication, strict=True)
        pairs = [(a.get("total", {}).get(metric), b.get("total", {}).get(metric)) for a, b in sides]
        if all(_finite(x) and _finite(y) for x, y in pairs):
            out[metric] = ([float(x) for x, _ in pairs], [float(y) for _, y in pairs])
    return out


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _significant(delta: Interval) -> bool:
    if delta.n < 2 or not math.isfinite(delta.mean):
        return False
    if delta.ci_low == delta.ci_high:  # both sides without spread: the point is exact
        return delta.mean != 0.0
    return delta.ci_low > 0.0 or delta.ci_high < 0.0


def _row(
    group: str,
    metric: str,
    scenario: Interval,
    baseline: Interval,
    paired: tuple[list[float], list[float]] | None = None,
) -> dict[str, Any]:
    delta = difference(scenario, baseline) if paired is None else paired_difference(*paired)
    significant = _significant(delta)
    label, unit, higher_is_better = metric_info(metric)
    better: bool | None = None
    if significant and higher_is_better is not None:
        better = (delta.mean > 0) == higher_is_better
    relative = delta.mean / baseline.mean if baseline.mean != 0.0 else math.nan
    return {
        "group": group,
        "metric": metric,
        "label": label,
        "unit": unit,
        "baseline": baseline.to_dict(),
        "scenario": scenario.to_dict(),
        "difference": delta.to_dict(),
        "relative": relative if math.isfinite(relative) else None,
        "significant": significant,
        "better": better,
        "paired": paired is not None,
    }


def compare(scenario: Summary, baseline: Summary) -> dict[str, Any]:
    """Rows for every (group, metric) both summaries have, in the scenario's order."""
    rows: list[dict[str, Any]] = []
    paired = _paired_totals(scenario, baseline)
    for group, metrics in scenario.groups.items():
        base = baseline.groups.get(group)
        if base is None:
            continue
        rows.extend(
            _row(
                group,
                metric,
                interval,
                base[metric],
                paired.get(metric) if group == "total" else None,
            )
            for metric, interval in metrics.items()
            if metric in base
        )
    return {
        "scenario": scenario.name,
        "baseline": baseline.name,
        "replications": {"scenario": scenario.replications, "baseline": baseline.replications},
        "confidence": CONFIDENCE,
        "rows": rows,
    }
