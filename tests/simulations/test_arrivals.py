"""Arrival sampling: counts, channels, process mix, time of day, order."""

from __future__ import annotations

import numpy as np
import pytest

from simulations.arrivals import sample_arrivals
from simulations.distributions import DistSpec
from simulations.errors import ScenarioError
from simulations.model import Demand
from simulations.queueing import Station, queueing_model


def _demand(n_centres: int = 3, n_days: int = 50, rate: float = 40.0) -> Demand:
    return Demand(
        day_rate=np.full((n_centres, n_days), rate),
        channel_share=np.array([0.5, 0.3, 0.2]),
        tod_edges=np.array([0.0, 450.0, 690.0, 810.0, 1020.0, 1440.0]),
        tod_weights=np.array([[0, 1, 0, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 0, 0]], dtype=np.float64),
        mix_off=np.array([0, 1, 3, 5], dtype=np.int64),
        mix_process=np.array([0, 1, 2, 0, 2], dtype=np.int32),
        mix_cumprob=np.array([1.0, 0.25, 1.0, 0.5, 1.0]),
    )


def test_counts_channels_and_order(rng: np.random.Generator) -> None:
    arr = sample_arrivals(_demand(), rng)
    n = len(arr)
    expected = 3 * 50 * 40.0
    assert abs(n - expected) < 5 * np.sqrt(expected)
    assert np.all(np.diff(arr.time) >= 0)
    share = np.bincount(arr.channel, minlength=3) / n
    assert np.allclose(share, [0.5, 0.3, 0.2], atol=0.02)
    assert arr.time.dtype == np.float64
    assert arr.process.dtype == np.int32
    assert arr.centre.dtype == np.int32
    assert arr.channel.dtype == np.int8


def test_process_mix_per_centre(rng: np.random.Generator) -> None:
    arr = sample_arrivals(_demand(), rng)
    assert set(arr.process[arr.centre == 0].tolist()) == {0}
    c1 = arr.process[arr.centre == 1]
    assert set(c1.tolist()) == {1, 2}
    assert np.mean(c1 == 1) == pytest.approx(0.25, abs=0.03)
    c2 = arr.process[arr.centre == 2]
    assert np.mean(c2 == 0) == pytest.approx(0.5, abs=0.03)


def test_time_of_day_follows_the_channel_histogram(rng: np.random.Generator) -> None:
    arr = sample_arrivals(_demand(), rng)
    minute = arr.time % 1440.0
    in_person = minute[arr.channel == 0]
    assert np.all(
        ((in_person >= 450) & (in_person < 690)) | ((in_person >= 810) & (in_person < 1020))
    )
    postal = minute[arr.channel == 2]
    assert np.all((postal >= 450) & (postal < 690))
    online = minute[arr.channel == 1]
    assert online.min() < 450
    assert online.max() > 1020


def test_same_generator_state_same_arrivals() -> None:
    a = sample_arrivals(_demand(), np.random.default_rng(9))
    b = sample_arrivals(_demand(), np.random.default_rng(9))
    assert np.array_equal(a.time, b.time)
    assert np.array_equal(a.process, b.process)


def test_mix_rows_must_match_the_centres() -> None:
    demand = _demand()
    broken = Demand(**{**demand.__dict__, "mix_off": np.array([0, 1, 3], dtype=np.int64)})
    with pytest.raises(ScenarioError) as info:
        sample_arrivals(broken, np.random.default_rng(1))
    assert info.value.key == "demand.mix"


def test_centre_without_mix_is_named() -> None:
    demand = _demand()
    broken = Demand(**{**demand.__dict__, "mix_off": np.array([0, 1, 1, 5], dtype=np.int64)})
    with pytest.raises(ScenarioError) as info:
        sample_arrivals(broken, np.random.default_rng(1))
    assert info.value.key == "demand.mix.1"


def test_province_year_is_fast() -> None:
    small = _demand()
    demand = Demand(
        **{
            **small.__dict__,
            "day_rate": np.full((125, 365), 26.3),
            "mix_off": np.arange(126, dtype=np.int64),
            "mix_process": np.zeros(125, np.int32),
            "mix_cumprob": np.ones(125),
        }
    )
    arr = sample_arrivals(demand, np.random.default_rng(2))  # timed by benchmarks/simulate.py
    assert len(arr) > 1_100_000
    assert np.all(np.diff(arr.time) >= 0)


def test_queueing_model_demand_is_a_flat_poisson_source(rng: np.random.Generator) -> None:
    model = queueing_model(
        [Station("s", 1, DistSpec.exponential(1.0))],
        [0],
        rate_per_minute=0.5,
        horizon_minutes=2.5 * 1440,
    )
    assert model.demand.day_rate.tolist() == [[720.0, 720.0, 360.0]]
    arr = sample_arrivals(model.demand, rng)
    assert np.all(arr.channel == 0)
    assert np.all(arr.process == 0)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"rate_per_minute": 0.0}, "rate_per_minute"),
        ({"horizon_minutes": -1.0}, "horizon_minutes"),
        ({"route": [3]}, "route.0"),
        ({"stations": [Station("s", 0, DistSpec.fixed(1.0))]}, "stations.0.servers"),
    ],
)
def test_queueing_model_rejects_bad_input(kwargs: dict[str, object], key: str) -> None:
    args: dict[str, object] = {
        "stations": [Station("s", 1, DistSpec.fixed(1.0))],
        "route": [0],
        "rate_per_minute": 1.0,
        "horizon_minutes": 1440.0,
    } | kwargs
    with pytest.raises(ScenarioError) as info:
        queueing_model(
            args["stations"],  # type: ignore[arg-type]
            args["route"],  # type: ignore[arg-type]
            rate_per_minute=args["rate_per_minute"],  # type: ignore[arg-type]
            horizon_minutes=args["horizon_minutes"],  # type: ignore[arg-type]
        )
    assert info.value.key == key


def test_a_horizon_ending_mid_day_keeps_the_rate_to_its_end() -> None:
    model = queueing_model(
        [Station("s", 3, DistSpec.exponential(1.0))],
        [0],
        rate_per_minute=2.4,
        horizon_minutes=4000.0,  # 2 days and 1,120 minutes
    )
    counts = []
    for seed in range(20):
        arrivals = sample_arrivals(model.demand, np.random.default_rng(seed))
        assert arrivals.time.max() < 4000.0
        counts.append(np.sum(arrivals.time >= 2880.0))
    # the last 1,120 minutes get 2.4 a minute, not the partial day's spread over 24 hours
    assert np.mean(counts) == pytest.approx(2.4 * 1120, rel=0.02)
