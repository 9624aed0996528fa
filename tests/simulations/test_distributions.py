"""Distributions: scenario form, scaling, and both samplers against the exact means."""

from __future__ import annotations

import numpy as np
import pytest

from simulations.distributions import DistSpec, arrays, draw, pack, sample
from simulations.errors import ScenarioError
from simulations.model import DistKind

SPECS = [
    DistSpec.fixed(4.0),
    DistSpec.exponential(5.0),
    DistSpec.lognormal(12.0, 0.6),
    DistSpec.gamma(10.0, 0.5),
    DistSpec.gamma(3.0, 2.0),  # shape 0.25 exercises the small-shape boost
    DistSpec.triangular(1.0, 2.0, 9.0),
    DistSpec.uniform(2.0, 4.0),
    DistSpec.empirical([5.0, 1.0, 2.0, 9.0]),
]
N = 40_000


def _tolerance(spec: DistSpec, draws: np.ndarray) -> float:
    """Five standard errors of the sample mean (and a floor for fixed values)."""
    return 5 * float(draws.std()) / np.sqrt(len(draws)) + 1e-12


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind.name)
def test_numba_sampler_mean(spec: DistSpec) -> None:
    packed = arrays(pack([DistSpec.fixed(0.0), spec]))
    draws = np.array([draw(packed, 1, 42, i, 3) for i in range(N)])
    assert abs(draws.mean() - spec.mean()) < _tolerance(spec, draws)
    assert draws.min() >= 0


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind.name)
def test_numpy_sampler_mean(spec: DistSpec, rng: np.random.Generator) -> None:
    draws = sample(spec, rng, N)
    assert draws.shape == (N,)
    assert abs(draws.mean() - spec.mean()) < _tolerance(spec, draws)


def test_lognormal_and_gamma_have_the_requested_cv(rng: np.random.Generator) -> None:
    for spec in (DistSpec.lognormal(12.0, 0.6), DistSpec.gamma(12.0, 0.6)):
        draws = sample(spec, rng, 200_000)
        assert draws.std() / draws.mean() == pytest.approx(0.6, rel=0.03)


def test_draw_is_a_pure_function_of_its_key() -> None:
    packed = arrays(pack([DistSpec.gamma(10.0, 0.5)]))
    assert draw(packed, 0, 1, 7, 2) == draw(packed, 0, 1, 7, 2)
    assert draw(packed, 0, 1, 7, 2) != draw(packed, 0, 2, 7, 2)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind.name)
def test_scaled_multiplies_the_mean(spec: DistSpec) -> None:
    assert spec.scaled(0.7).mean() == pytest.approx(0.7 * spec.mean())
    assert spec.scaled(0.7).kind == spec.kind


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind.name)
def test_mapping_round_trip(spec: DistSpec) -> None:
    again = DistSpec.from_mapping(spec.to_mapping(), key="x")
    assert again.kind == spec.kind
    assert again.mean() == pytest.approx(spec.mean())


@pytest.mark.parametrize(
    ("data", "mean"),
    [
        ({"dist": "fixed", "value": 5}, 5.0),
        ({"dist": "exponential", "mean": 5}, 5.0),
        ({"dist": "lognormal", "mean": 12, "cv": 0.6}, 12.0),
        ({"dist": "lognormal", "mu": 1.0, "sigma": 0.0}, np.e),
        ({"dist": "gamma", "mean": 8, "cv": 0.5}, 8.0),
        ({"dist": "gamma", "shape": 2, "scale": 3}, 6.0),
        ({"dist": "triangular", "low": 1, "mode": 2, "high": 6}, 3.0),
        ({"dist": "uniform", "low": 2, "high": 4}, 3.0),
        ({"dist": "empirical", "values": [3, 1, 2]}, 2.0),
    ],
)
def test_from_mapping_forms(data: dict[str, object], mean: float) -> None:
    assert DistSpec.from_mapping(data, key="service").mean() == pytest.approx(mean)


@pytest.mark.parametrize(
    ("data", "bad_key"),
    [
        ({"dist": "weibull", "mean": 3}, "svc.dist"),
        ({"mean": 3}, "svc.dist"),
        ({"dist": "exponential"}, "svc.mean"),
        ({"dist": "exponential", "mean": -1}, "svc.mean"),
        ({"dist": "exponential", "mean": "five"}, "svc.mean"),
        ({"dist": "exponential", "mean": 5, "cv": 1}, "svc.cv"),
        ({"dist": "triangular", "low": 3, "mode": 1, "high": 6}, "svc.mode"),
        ({"dist": "uniform", "low": 5, "high": 1}, "svc.high"),
        ({"dist": "empirical", "values": []}, "svc.values"),
        ({"dist": "empirical", "values": [1, "x"]}, "svc.values.1"),
        ({"dist": "gamma", "mean": 5, "cv": 0}, "svc.cv"),
    ],
)
def test_from_mapping_errors_name_the_key(data: dict[str, object], bad_key: str) -> None:
    with pytest.raises(ScenarioError) as info:
        DistSpec.from_mapping(data, key="svc")
    assert info.value.key == bad_key
    assert bad_key in str(info.value)


def test_pack_lays_out_rows_and_empirical_values() -> None:
    packed = pack([DistSpec.empirical([2.0, 1.0]), DistSpec.fixed(3.0), DistSpec.empirical([4.0])])
    assert packed.kind.tolist() == [DistKind.EMPIRICAL, DistKind.FIXED, DistKind.EMPIRICAL]
    assert packed.emp_off.tolist() == [0, 2, 2, 3]
    assert packed.emp_values.tolist() == [1.0, 2.0, 4.0]
    assert packed.p1[1] == 3.0
