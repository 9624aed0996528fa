"""Every shipped scenario loads, validates and compiles, and says what it claims to."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.model import Procedure
from simulations.compile import compile_scenario
from simulations.model import Model, PoolKind
from simulations.scenario import load_scenario, parse_scenario, shipped_scenarios

SHIPPED = sorted(shipped_scenarios())


@functools.cache
def catalogue() -> tuple[Procedure, ...]:
    return tuple(generate_catalog())


@functools.cache
def compiled(name: str) -> Model:
    return compile_scenario(load_scenario(shipped_scenarios()[name]), procedures=catalogue())


def test_nine_scenarios_are_shipped() -> None:
    assert len(SHIPPED) == 9


@pytest.mark.parametrize("name", SHIPPED)
def test_loads_validates_and_compiles(name: str) -> None:
    scenario = load_scenario(shipped_scenarios()[name])
    assert scenario.name == name
    # what is stored (defaults filled) validates again unchanged: the API re-reads it
    assert parse_scenario(scenario.document).document == scenario.document
    model = compiled(name)
    assert model.name == name
    assert model.demand.day_rate.sum() > 0
    assert len(model.network.proc_start) >= 1


@pytest.mark.parametrize(("name", "rho"), [("mm1", [0.8]), ("mmc", [0.9]), ("tandem", [0.6, 0.75])])
def test_textbook_utilisations(name: str, rho: list[float]) -> None:
    doc = load_scenario(shipped_scenarios()[name]).document
    rate = doc["arrivals"]["rate_per_minute"]
    got = [rate * s["service"]["mean"] / s["servers"] for s in doc["stations"]]
    assert got == pytest.approx(rho)
    assert compiled(name).network.n_kinds == len(doc["stations"])


def test_baseline_is_one_province_year() -> None:
    model = compiled("baseline")
    assert model.network.n_centres == 125
    assert model.network.horizon == 365 * 1440
    assert 1.1e6 < model.demand.day_rate.sum() < 1.35e6


def test_cut30_cuts_land_and_construction_deadlines() -> None:
    base, cut = compiled("baseline").network, compiled("cut30").network
    fields = np.array(base.field_names)[base.proc_field]
    chosen = np.isin(fields, ["dat_dai", "xay_dung"])
    assert np.allclose(cut.proc_deadline[chosen], 0.7 * base.proc_deadline[chosen])
    assert np.array_equal(cut.proc_deadline[~chosen], base.proc_deadline[~chosen])


def test_levers_of_the_other_scenarios() -> None:
    free = compiled("appointment_free").network.meta["appointment_free"]
    assert isinstance(free, list)
    assert len(free) == 120
    saturday = compiled("saturday").network.pool_calendar.reshape(-1, 5)
    assert np.all(saturday[:, PoolKind.COUNTER] == 1)
    assert len(compiled("non_territorial").network.nbr_centre) > 125
    flex = compiled("flexible_staffing").network.flex
    assert flex is not None
    assert np.all(flex.threshold == 8)
