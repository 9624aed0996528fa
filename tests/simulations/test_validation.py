"""The kernel against closed-form queueing results, on the province code path.

Mean waits are estimated from independent replications (fixed seeds, the first tenth of
each run discarded as warm-up) and must bracket the exact value with a 95% t-interval.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulations.arrivals import sample_arrivals
from simulations.distributions import DistSpec
from simulations.kernel import simulate
from simulations.model import Model, RunOutput
from simulations.queueing import Station, queueing_model
from tests.simulations.conftest import erlang_c_wait

DAY = 1440.0
REPLICATIONS = 8


def _replicate(model: Model, seeds: range) -> list[tuple[RunOutput, np.ndarray]]:
    runs = []
    for seed in seeds:
        arrivals = sample_arrivals(model.demand, np.random.default_rng(seed))
        runs.append((simulate(model.network, arrivals, seed=seed), arrivals.time))
    return runs


def _interval(values: list[float]) -> tuple[float, float]:
    m = float(np.mean(values))
    half = (
        stats.t.ppf(0.975, len(values) - 1) * float(np.std(values, ddof=1)) / math.sqrt(len(values))
    )
    return m - half, m + half


@pytest.mark.parametrize("c", [1, 3, 5])
@pytest.mark.parametrize("rho", [0.5, 0.8, 0.95])
def test_mmc_mean_wait_matches_erlang_c(c: int, rho: float) -> None:
    customers = 60_000 if rho > 0.9 else 15_000
    lam = rho * c  # service mean 1 minute
    horizon = math.ceil(customers / lam / DAY) * DAY
    model = queueing_model(
        [Station("s", c, DistSpec.exponential(1.0))],
        [0],
        rate_per_minute=lam,
        horizon_minutes=horizon,
    )
    means = []
    for out, time in _replicate(model, range(REPLICATIONS)):
        keep = time >= 0.1 * horizon  # warm-up discarded
        means.append(float(out.wait_total[keep].mean()))
        assert out.pool_area[0] == pytest.approx(out.pool_wait_sum[0], rel=1e-9)
    low, high = _interval(means)
    exact = erlang_c_wait(lam, 1.0, c)
    assert low <= exact <= high, f"Erlang C {exact:.4f} outside [{low:.4f}, {high:.4f}]"


def test_littles_law_queue_length_equals_rate_times_wait() -> None:
    lam, c = 2.4, 3
    horizon = 20 * DAY
    model = queueing_model(
        [Station("s", c, DistSpec.exponential(1.0))],
        [0],
        rate_per_minute=lam,
        horizon_minutes=horizon,
    )
    lengths, rate_waits = [], []
    for out, _time in _replicate(model, range(100, 100 + REPLICATIONS)):
        assert out.pool_area[0] == pytest.approx(out.pool_wait_sum[0], rel=1e-9)
        assert out.pool_day_queue_area.sum() == pytest.approx(out.pool_area[0], rel=1e-9)
        days = slice(2, 19)  # whole days inside the horizon, past the warm-up
        lengths.append(out.pool_day_queue_area[0, days].sum() / (17 * DAY))
        rate_waits.append(lam * erlang_c_wait(lam, 1.0, c))
    low, high = _interval(lengths)
    assert low <= rate_waits[0] <= high


def test_tandem_matches_jackson_product_form() -> None:
    lam = 1.0
    stations = [
        Station("a", 1, DistSpec.exponential(0.7)),
        Station("b", 2, DistSpec.exponential(1.5)),
    ]
    horizon = 14 * DAY
    model = queueing_model(stations, [0, 1], rate_per_minute=lam, horizon_minutes=horizon)
    exact = [
        erlang_c_wait(lam, 0.7, 1) + 0.7,  # M/M/1: 1 / (mu - lambda)
        erlang_c_wait(lam, 1.5, 2) + 1.5,
    ]
    sojourns: list[list[float]] = [[], []]
    for out, _time in _replicate(model, range(200, 200 + REPLICATIONS)):
        for k in range(2):
            sojourns[k].append((out.pool_wait_sum[k] + out.pool_busy[k]) / out.pool_served[k])
    for k in range(2):
        low, high = _interval(sojourns[k])
        assert low <= exact[k] <= high, (
            f"station {k}: {exact[k]:.3f} outside [{low:.3f}, {high:.3f}]"
        )


def test_same_seed_is_bit_identical_and_seeds_differ(mm1_model: Model) -> None:
    arrivals = sample_arrivals(mm1_model.demand, np.random.default_rng(5))
    a = simulate(mm1_model.network, arrivals, seed=11)
    b = simulate(mm1_model.network, arrivals, seed=11)
    c = simulate(mm1_model.network, arrivals, seed=12)
    for name in ("finish", "wait_total", "pool_area", "pool_day_busy", "wip_day"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert a.events == b.events
    assert not np.array_equal(a.finish, c.finish)
    again = sample_arrivals(mm1_model.demand, np.random.default_rng(5))
    assert np.array_equal(again.time, arrivals.time)
    other = sample_arrivals(mm1_model.demand, np.random.default_rng(6))
    assert len(other) != len(arrivals) or not np.array_equal(other.time, arrivals.time)
