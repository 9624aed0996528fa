"""A scenario against its baseline: per metric, the difference and whether it is real.

Lifecycle: both sides are :class:`~simulations.replications.Summary` objects of
independent replications; :func:`compare` pairs every metric that both have in the same
group and puts a Welch interval (unequal variances, Welch-Satterthwaite degrees of
freedom) around ``scenario - baseline``. A difference is *significant* when that 95%
interval excludes zero, and *better* says which way it goes for the reader
(:func:`~simulations.results.metric_info`; ``None`` when not significant or when neither
direction is better, e.g. dossiers received).
"""

from __future__ import annotations

import math
from typing import Any

from simulations.replications import CONFIDENCE, Interval, Summary, t_quantile
from simulations.results import metric_info

__all__ = ["compare", "difference"]


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


def _significant(delta: Interval) -> bool:
    if delta.n < 2 or not math.isfinite(delta.mean):
        return False
    if delta.ci_low == delta.ci_high:  # both sides without spread: the point is exact
        return delta.mean != 0.0
    return delta.ci_low > 0.0 or delta.ci_high < 0.0


def _row(group: str, metric: str, scenario: Interval, baseline: Interval) -> dict[str, Any]:
    delta = difference(scenario, baseline)
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
    }


def compare(scenario: Summary, baseline: Summary) -> dict[str, Any]:
    """Rows for every (group, metric) both summaries have, in the scenario's order."""
    rows: list[dict[str, Any]] = []
    for group, metrics in scenario.groups.items():
        base = baseline.groups.get(group)
        if base is None:
            continue
        rows.extend(
            _row(group, metric, interval, base[metric])
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
