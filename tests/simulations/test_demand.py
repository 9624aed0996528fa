"""The province's demand: volumes, calendar shape, channels, time of day, procedure mix."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import numpy as np
import pytest

from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.geography import CENTRES, CentreKind
from bpmn.catalog.model import Level, Procedure
from simulations.compile import compile_scenario
from simulations.demand import channel_share, time_of_day, volume_weights
from simulations.model import Channel, Model
from simulations.scenario import parse_scenario

START = dt.date(2026, 1, 1)


@functools.cache
def catalogue() -> tuple[Procedure, ...]:
    return tuple(generate_catalog())


@functools.cache
def model(**demand: Any) -> Model:
    scenario = parse_scenario(
        {"horizon": {"start": "2026-01-01", "end": "2026-12-31"}, "demand": demand}
    )
    return compile_scenario(scenario, procedures=catalogue())


def day(date: str) -> int:
    return (dt.date.fromisoformat(date) - START).days


def test_province_year_is_about_1_2_million() -> None:
    total = model().demand.day_rate.sum()
    assert 1.1e6 < total < 1.35e6


def test_a_plain_wednesday_is_29_times_the_weight() -> None:
    rates = model().demand.day_rate
    wednesday = day("2026-04-15")
    for c, centre in enumerate(CENTRES):
        expected = 1200 if centre.kind is CentreKind.PROVINCE else 29 * centre.weight
        assert rates[c, wednesday] == pytest.approx(expected)


def test_commune_mean_per_working_day() -> None:
    rates = model(seasonal_peaks=False).demand.day_rate
    communes = rates[1:]
    per_day = communes[:, communes.sum(axis=0) > 0].mean()
    assert per_day == pytest.approx(29, rel=0.02)


def test_closed_days_and_mondays() -> None:
    rates = model().demand.day_rate[1]
    assert rates[day("2026-04-19")] == 0  # Sunday
    assert rates[day("2026-04-18")] == 0  # Saturday
    assert rates[day("2026-09-02")] == 0  # National Day
    assert rates[day("2026-04-20")] > rates[day("2026-04-21")] > rates[day("2026-04-24")]


def test_tet_surge() -> None:
    rates = model().demand.day_rate[1]
    working = rates[rates > 0]
    after_tet = rates[day("2026-02-23")]
    assert after_tet > 2 * np.median(working)
    assert rates[day("2026-02-17")] == 0  # Tết itself
    flat = model(seasonal_peaks=False).demand.day_rate[1]
    assert set(np.unique(flat[flat > 0]).round(9)) == {round(CENTRES[1].weight * 29, 9)}


def test_scale_multiplies() -> None:
    assert model(scale=1.5).demand.day_rate.sum() == pytest.approx(
        1.5 * model().demand.day_rate.sum()
    )


def test_channels() -> None:
    share = model().demand.channel_share
    assert share.sum() == pytest.approx(1)
    assert share[Channel.ONLINE] == pytest.approx(0.8)
    assert share[Channel.POSTAL] == pytest.approx(0.03)
    override = channel_share(0.5)
    assert override[Channel.ONLINE] == 0.5
    assert override.sum() == pytest.approx(1)
    assert channel_share(1.0).tolist() == [0.0, 1.0, 0.0]


def test_time_of_day() -> None:
    edges, weights = time_of_day()
    assert edges[0] == 0
    assert edges[-1] == 1440
    assert np.allclose(weights.sum(axis=1), 1)
    mids = (edges[:-1] + edges[1:]) / 2
    closed = (mids < 450) | ((mids > 690) & (mids < 810)) | (mids > 1020)
    assert np.all(weights[Channel.IN_PERSON][closed] == 0)
    morning = weights[Channel.IN_PERSON][(mids > 480) & (mids < 600)]
    afternoon = weights[Channel.IN_PERSON][(mids > 840) & (mids < 960)]
    assert morning.min() > afternoon.max()
    night = weights[Channel.ONLINE][mids < 300]
    assert np.all(night > 0)
    assert night.max() < weights[Channel.ONLINE][(mids > 600) & (mids < 900)].min()


def test_mix_by_level() -> None:
    demand, procs = model().demand, catalogue()
    for c, centre in enumerate(CENTRES[:4]):
        row = demand.mix_process[demand.mix_off[c] : demand.mix_off[c + 1]]
        cum = demand.mix_cumprob[demand.mix_off[c] : demand.mix_off[c + 1]]
        level = Level.PROVINCE if centre.kind is CentreKind.PROVINCE else Level.COMMUNE
        assert {procs[p].level for p in row} == {level}
        assert cum[-1] == 1.0
        assert np.all(np.diff(cum) >= 0)


def test_volume_weights_are_stable_and_boosted() -> None:
    procs = catalogue()
    weights = volume_weights(procs)
    assert np.array_equal(weights, volume_weights(procs))
    assert np.all(weights > 0)
    by_field: dict[str, list[float]] = {}
    for proc, w in zip(procs, weights, strict=True):
        by_field.setdefault(proc.field, []).append(w)
    assert np.mean(by_field["ho_tich"]) > 3 * np.mean(by_field["van_hoa"])
    assert np.mean(by_field["dat_dai"]) > 2 * np.mean(by_field["van_hoa"])
