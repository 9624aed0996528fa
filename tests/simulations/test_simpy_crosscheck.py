"""The SimPy implementation and the numba kernel agree on the same networks and arrivals."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from simulations.arrivals import sample_arrivals
from simulations.calendars import build_calendars, office_segments
from simulations.compile import compile_scenario
from simulations.distributions import DistSpec, pack
from simulations.kernel import simulate
from simulations.model import Arrivals, Model
from simulations.prosimos import load_prosimos
from simulations.queueing import Station, queueing_model
from simulations.scenario import SCENARIO_DIR, load_scenario, parse_scenario
from simulations.simpy_model import run_simpy
from tests.simulations.conftest import erlang_c_wait

DATA = Path(__file__).parent / "data" / "prosimos"
SEEDS = (11, 12, 13, 14)


def _paired(model: Model, metric: Callable[[object], float]) -> tuple[np.ndarray, np.ndarray]:
    ours, simpy = [], []
    for seed in SEEDS:
        arrivals = sample_arrivals(model.demand, np.random.default_rng(seed))
        ours.append(metric(simulate(model.network, arrivals, seed)))
        simpy.append(metric(run_simpy(model.network, arrivals, seed + 1000)))
    return np.array(ours), np.array(simpy)


def _mean_wait(result: object) -> float:
    if isinstance(result, dict):
        return float(result["pool_wait_sum"].sum() / result["pool_served"].sum())
    return float(result.pool_wait_sum.sum() / result.pool_served.sum())  # type: ignore[attr-defined]


def _interval_overlap(ours: np.ndarray, simpy: np.ndarray) -> tuple[float, float]:
    """The difference of the means and its 99% half-width (Welch, per-seed means)."""
    se = math.sqrt(ours.var(ddof=1) / len(ours) + simpy.var(ddof=1) / len(simpy))
    return float(ours.mean() - simpy.mean()), float(stats.t.ppf(0.995, len(ours) - 1) * se)


def test_mm3_waits_agree_with_each_other_and_erlang_c() -> None:
    model = queueing_model(
        [Station("servers", 3, DistSpec.exponential(1.0))],
        [0],
        rate_per_minute=2.4,
        horizon_minutes=2880.0,  # whole days: the arrival rate is exact
    )
    ours, simpy = _paired(model, _mean_wait)
    diff, half = _interval_overlap(ours, simpy)
    assert abs(diff) <= half
    theory = erlang_c_wait(2.4, 1.0, 3)
    for values in (ours, simpy):
        t_half = stats.t.ppf(0.995, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))
        assert abs(values.mean() - theory) <= t_half + 0.05 * theory


def test_prosimos_example_agrees() -> None:
    model = load_prosimos(load_scenario(DATA / "permit.yaml"))
    ours, simpy = _paired(model, _mean_wait)
    diff, half = _interval_overlap(ours, simpy)
    assert abs(diff) <= half


@pytest.mark.slow
def test_province_slice_agrees() -> None:
    document = load_scenario(SCENARIO_DIR / "baseline.yaml").document
    codes = ["000.21.01.H36", "000.22.01.H36"]
    sliced = {**document, "centres": codes, "horizon": {"start": "2026-03-02", "end": "2026-03-29"}}
    model = compile_scenario(parse_scenario(sliced))
    ours, simpy = _paired(model, _mean_wait)
    diff, half = _interval_overlap(ours, simpy)
    assert abs(diff) <= half + 0.05 * abs(ours.mean())


def test_office_hours_pause_in_both() -> None:
    """Work that would run past closing resumes at the next opening, in both engines."""
    model = queueing_model(
        [Station("desk", 1, DistSpec.fixed(60.0))], [0], rate_per_minute=1.0, horizon_minutes=1440.0
    )
    office = office_segments(range(model.network.n_days), [(450, 690), (810, 1020)])
    network = dataclasses.replace(
        model.network,
        calendars=build_calendars([office]),
        dists=pack([DistSpec.fixed(60.0)]),
    )
    arrivals = Arrivals(
        time=np.array([660.0, 670.0]),
        process=np.zeros(2, np.int32),
        centre=np.zeros(2, np.int32),
        channel=np.zeros(2, np.int8),
    )
    ours = simulate(network, arrivals, 1)
    simpy = run_simpy(network, arrivals, 1)
    # 30 minutes before lunch, 30 after 13:30; the second dossier then works 14:00-15:00
    assert ours.finish.tolist() == [840.0, 900.0]
    assert simpy["finish"].tolist() == [840.0, 900.0]
    assert simpy["events"] == 2 + 2 * 2
