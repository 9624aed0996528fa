"""Scenario against baseline: Welch intervals, significance both ways, direction."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy import stats

from simulations.compare import compare, difference
from simulations.replications import Interval, Summary, interval


def summary(name: str, **samples: list[float]) -> Summary:
    return Summary(
        name=name,
        replications=max(len(v) for v in samples.values()),
        seed=0,
        groups={"total": {metric: interval(values) for metric, values in samples.items()}},
    )


def _row(result: dict[str, object], metric: str) -> dict[str, object]:
    rows = [r for r in result["rows"] if r["metric"] == metric]  # type: ignore[index,attr-defined]
    assert len(rows) == 1
    return rows[0]  # type: ignore[no-any-return]


def test_difference_is_welchs_interval() -> None:
    a, b = [10.0, 12.0, 11.0, 13.0, 12.5], [8.0, 9.5, 9.0, 7.0]
    delta = difference(interval(a), interval(b))
    welch = stats.ttest_ind(a, b, equal_var=False)
    low, high = welch.confidence_interval(0.95)
    assert delta.mean == pytest.approx(np.mean(a) - np.mean(b))
    assert (delta.ci_low, delta.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_a_clear_improvement_is_significant_and_better() -> None:
    base = summary("baseline", on_time_rate=[0.80, 0.81, 0.79, 0.80],
                   counter_wait_p90=[30.0, 31.0, 29.0, 30.5])  # fmt: skip
    scen = summary("cut30", on_time_rate=[0.95, 0.96, 0.94, 0.95],
                   counter_wait_p90=[12.0, 13.0, 12.5, 11.0])  # fmt: skip
    result = compare(scen, base)
    on_time, wait = _row(result, "on_time_rate"), _row(result, "counter_wait_p90")
    assert on_time["significant"] is True
    assert on_time["better"] is True  # higher on-time is better
    assert wait["significant"] is True
    assert wait["better"] is True  # a lower wait is better
    assert compare(base, scen)["rows"][0]["better"] is False  # the other way round: worse
    json.dumps(result, allow_nan=False)


def test_overlapping_noise_is_not_significant() -> None:
    base = summary("baseline", counter_wait_p90=[20.0, 25.0, 15.0, 22.0])
    scen = summary("scenario", counter_wait_p90=[21.0, 16.0, 24.0, 19.0])
    row = _row(compare(scen, base), "counter_wait_p90")
    assert row["significant"] is False
    assert row["better"] is None
    delta = row["difference"]
    assert delta["ci_low"] < 0 < delta["ci_high"]  # type: ignore[index,operator]


def test_single_replications_are_never_significant() -> None:
    row = _row(compare(summary("s", late=[5.0]), summary("b", late=[9.0])), "late")
    assert row["difference"]["mean"] == -4.0  # type: ignore[index]
    assert row["significant"] is False


def test_only_metrics_and_groups_both_have_are_compared() -> None:
    base = Summary("b", 2, 0, {"total": {"late": interval([1.0, 2.0])},
                               "centre:x": {"late": interval([1.0, 1.0])}})  # fmt: skip
    scen = Summary("s", 2, 0, {"total": {"late": interval([1.0, 2.0]),
                                         "events": Interval(1.0, 0.0, 1.0, 1.0, 2)}})  # fmt: skip
    rows = compare(scen, base)["rows"]
    assert [(r["group"], r["metric"]) for r in rows] == [("total", "late")]


def _seeded(name: str, seeds: list[int], **samples: list[float]) -> Summary:
    base = summary(name, **samples)
    rows = [
        {"seed": seed, "total": {m: v[i] for m, v in samples.items()}}
        for i, seed in enumerate(seeds)
    ]
    return Summary(base.name, base.replications, 0, base.groups, base.series, rows)


def test_runs_on_the_same_seeds_are_compared_pair_by_pair() -> None:
    # replication noise shared by both runs (common random numbers) hides a steady gain
    # from an unpaired interval and not from the paired one
    noise = [0.0, 0.04, -0.03, 0.02, -0.05]
    base_values = [0.90 + e for e in noise]
    scen_values = [
        0.91 + e + d for e, d in zip(noise, [0.001, -0.001, 0.0, 0.002, -0.002], strict=True)
    ]
    base = _seeded("baseline", [1, 2, 3, 4, 5], on_time_rate=base_values)
    scen = _seeded("scenario", [1, 2, 3, 4, 5], on_time_rate=scen_values)
    row = _row(compare(scen, base), "on_time_rate")
    paired = stats.ttest_rel(scen_values, base_values).confidence_interval(0.95)
    assert row["paired"] is True
    assert row["significant"] is True
    assert (row["difference"]["ci_low"], row["difference"]["ci_high"]) == (  # type: ignore[index]
        pytest.approx(paired.low),
        pytest.approx(paired.high),
    )
    assert (
        difference(
            scen.groups["total"]["on_time_rate"], base.groups["total"]["on_time_rate"]
        ).ci_low
        < 0
    )
    other = _seeded("scenario", [6, 7, 8, 9, 10], on_time_rate=scen_values)
    unpaired = _row(compare(other, base), "on_time_rate")
    assert unpaired["paired"] is False
    assert unpaired["significant"] is False
