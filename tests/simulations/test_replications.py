"""Replications: t-intervals, independent seeds, reproducible summaries."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import stats

from simulations.distributions import DistSpec
from simulations.model import Model
from simulations.queueing import Station, queueing_model
from simulations.replications import (
    Interval,
    Summary,
    interval,
    replication_seeds,
    run_replications,
    summarize,
)


@pytest.mark.parametrize("sample", [[1.0, 2.0, 4.0], [0.91, 0.93, 0.95, 0.9, 0.97, 0.92]])
def test_interval_is_the_student_t_interval(sample: list[float]) -> None:
    got = interval(sample)
    low, high = stats.t.interval(0.95, len(sample) - 1, loc=np.mean(sample),
                                 scale=stats.sem(sample))  # fmt: skip
    assert got.n == len(sample)
    assert got.mean == pytest.approx(np.mean(sample))
    assert got.std == pytest.approx(np.std(sample, ddof=1))
    assert (got.ci_low, got.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_one_replication_is_a_point_and_missing_values_are_skipped() -> None:
    point = interval([3.0])
    assert point.is_point
    assert (point.ci_low, point.mean, point.ci_high, point.std) == (3.0, 3.0, 3.0, 0.0)
    assert interval([None, 2.0, math.nan, 4.0]).n == 2
    empty = interval([None])
    assert empty.n == 0
    assert math.isnan(empty.mean)


def test_seeds_are_reproducible_and_distinct() -> None:
    seeds = replication_seeds(7, 5)
    assert seeds == replication_seeds(7, 5)
    assert len(set(seeds)) == 5
    assert replication_seeds(7, 3) == seeds[:3]  # spawning more keeps the first streams
    assert set(seeds).isdisjoint(replication_seeds(8, 5))
    assert all(0 <= s < 2**63 for s in seeds)


def _result(seed: int, late: float | None, backlog: list[int]) -> dict[str, object]:
    return {
        "seed": seed,
        "total": {"late": late, "received": 10.0},
        "centres": {"north": {"late": late}},
        "fields": {},
        "pools": {"counter": {"utilization": 0.5, "served": 10.0}},
        "series": {"backlog": backlog},
    }


def test_summarize_groups_series_and_round_trip() -> None:
    results = [_result(1, 2.0, [1, 3]), _result(2, 4.0, [3, 5]), _result(3, None, [2])]
    summary = summarize("s", 9, results)
    assert list(summary.groups) == ["total", "centre:north", "pool:counter"]
    assert summary.groups["total"]["late"].n == 2
    assert summary.groups["total"]["late"].mean == 3.0
    assert summary.series["backlog"] == [2.0, 4.0]  # mean of the replications that reach a day
    assert summary.per_replication[0] == {"seed": 1, "total": {"late": 2.0, "received": 10.0}}
    document = json.loads(json.dumps(summary.to_dict(), allow_nan=False))
    assert Summary.from_dict(document) == summary


def test_from_dict_restores_missing_values_as_nan() -> None:
    summary = Summary("s", 1, 0, {"total": {"x": Interval(math.nan, 0, math.nan, math.nan, 0)}})
    back = Summary.from_dict(json.loads(json.dumps(summary.to_dict(), allow_nan=False)))
    assert math.isnan(back.groups["total"]["x"].mean)


def test_run_replications_rejects_zero() -> None:
    from simulations.errors import ScenarioError  # noqa: PLC0415

    with pytest.raises(ScenarioError, match="replications"):
        run_replications(object(), replications=0, seed=0)  # type: ignore[arg-type]


def small_mm1(horizon: float = 3000.0) -> Model:
    station = Station("server", 1, DistSpec.exponential(1.0))
    return queueing_model([station], [0], rate_per_minute=0.8, horizon_minutes=horizon,
                          name="mm1-small")  # fmt: skip


def test_replications_are_reproducible_and_independent() -> None:
    calls: list[tuple[int, int]] = []
    first = run_replications(small_mm1(), replications=3, seed=11,
                             progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    again = run_replications(small_mm1(), replications=3, seed=11)
    assert first.to_dict() == again.to_dict()
    assert calls == [(1, 3), (2, 3), (3, 3)]
    totals = [r["total"] for r in first.per_replication]
    assert len({t["received"] for t in totals}) == 3  # each replication its own stream
    assert len({t["counter_wait_mean"] for t in totals}) == 3
    assert [r["seed"] for r in first.per_replication] == replication_seeds(11, 3)
    other = run_replications(small_mm1(), replications=3, seed=12)
    assert other.groups["total"]["received"] != first.groups["total"]["received"]


def test_a_queue_without_counters_reports_its_queue_wait_as_the_counter_wait() -> None:
    summary = run_replications(small_mm1(20_000.0), replications=2, seed=3)
    total = summary.groups["total"]
    # one station: the customer's whole queue wait is the wait at that station
    assert total["counter_wait_mean"].mean == pytest.approx(total["wait_mean_server"].mean)
    assert total["counter_wait_p90"].mean > total["counter_wait_p50"].mean > 0
    assert total["on_time_rate"].mean == 1.0  # textbook customers have no deadline
