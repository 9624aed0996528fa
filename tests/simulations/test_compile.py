"""The province compiler: node arrays, deadlines, levers, determinism."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest

from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.geography import CENTRES, PROVINCE_CENTRE
from bpmn.catalog.model import Procedure, TimeUnit
from bpmn.generator import render
from simulations import compile as compile_module
from simulations.arrivals import sample_arrivals
from simulations.compile import compile_scenario
from simulations.distributions import DistSpec
from simulations.errors import CompileError, ScenarioError
from simulations.model import Channel, Model, NodeFlag, NodeKind, PoolKind
from simulations.province import haversine_km
from simulations.scenario import parse_scenario

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


@functools.cache
def catalogue() -> tuple[Procedure, ...]:
    return tuple(generate_catalog())


@functools.cache
def small_catalogue() -> tuple[Procedure, ...]:
    """A few procedures of every shape and level, for the lever tests."""
    seen: dict[tuple[str, int, str], int] = {}
    out = []
    for proc in catalogue():
        key = (proc.archetype.value, len(proc.partner_agencies), proc.level.value)
        if seen.get(key, 0) < 6 or proc.field in ("dat_dai", "xay_dung"):
            seen[key] = seen.get(key, 0) + 1
            out.append(proc)
    return tuple(out)


def build(levers: dict[str, Any] | None = None, *, full: bool = False, **extra: Any) -> Model:
    scenario = parse_scenario({"horizon": dict(YEAR), "levers": levers or {}, **extra})
    procs = catalogue() if full else small_catalogue()
    return compile_scenario(scenario, procedures=procs)


@functools.cache
def baseline() -> Model:
    return build(full=True)


@functools.cache
def small() -> Model:
    return build()


def test_the_whole_catalogue_compiles_from_seven_parses() -> None:
    """What keeps a province compile fast: one parse per diagram shape, not per procedure
    (the time itself is measured by benchmarks/simulate.py)."""
    model = compile_scenario(parse_scenario({"horizon": dict(YEAR)}))
    assert len(model.network.proc_start) == 2358
    assert model.network.meta["diagram_shapes"] == 7


def test_csr_arrays_are_consistent() -> None:
    net = baseline().network
    n_nodes = len(net.node_kind)
    assert net.succ_off[0] == 0
    assert np.all(np.diff(net.succ_off) >= 0)
    assert net.succ_off[-1] == len(net.succ_node) == len(net.succ_cumprob)
    assert net.succ_node.min() >= 0
    assert net.succ_node.max() < n_nodes
    n_dists = len(net.dists.kind)
    assert net.node_work_dist.max() < n_dists
    assert net.node_lag_dist.max() < n_dists
    assert np.all(net.node_kind[net.proc_start] == NodeKind.START)
    assert len(net.pool_servers) == len(net.pool_calendar) == net.n_centres * net.n_kinds


def test_xor_probabilities_end_at_one() -> None:
    net = baseline().network
    for node in np.flatnonzero(net.node_kind == NodeKind.XOR):
        cum = net.succ_cumprob[net.succ_off[node] : net.succ_off[node + 1]]
        assert cum[-1] == 1.0
        assert np.all(np.diff(cum) >= 0)
        assert cum[0] >= 0


def test_joins_have_their_need() -> None:
    net = baseline().network
    incoming = np.bincount(net.succ_node, minlength=len(net.node_kind))
    joins = np.flatnonzero(net.node_kind == NodeKind.AND_JOIN)
    assert len(joins) > 0
    assert np.all(net.node_join_need[joins] == incoming[joins])
    assert net.proc_n_joins.sum() == len(joins)
    assert np.all(net.node_join_slot[joins] >= 0)


def test_tasks_and_waits() -> None:
    net = baseline().network
    tasks = net.node_kind == NodeKind.TASK
    assert np.all(net.node_pool_kind[tasks] >= 0)
    assert np.all(net.node_work_dist[tasks] >= 0)
    counter = (net.node_flags & NodeFlag.COUNTER) > 0
    assert np.all(net.node_pool_kind[counter] == PoolKind.COUNTER)
    assert np.all((net.node_flags[counter] & NodeFlag.TRIP) > 0)
    delays = net.node_kind == NodeKind.DELAY
    assert np.all(net.node_pool_kind[delays] == -1)
    assert np.all((net.node_flags[delays] & NodeFlag.PAUSE) > 0)
    kinds = set(net.node_pool_kind[tasks].tolist())
    assert kinds == {int(k) for k in PoolKind}
    assert net.remote_pool_kind == PoolKind.DESK


@pytest.mark.parametrize(
    ("unit", "factor", "elapsed"),
    [
        (TimeUnit.WORKING_DAYS, 450, False),
        (TimeUnit.HOURS, 60, False),
        (TimeUnit.DAYS, 1440, True),
        (TimeUnit.MONTHS, 30 * 1440, True),
    ],
)
def test_deadlines(unit: TimeUnit, factor: float, elapsed: bool) -> None:
    net = baseline().network
    procs = catalogue()
    index = next(i for i, p in enumerate(procs) if p.time_unit is unit)
    assert net.proc_deadline[index] == pytest.approx(procs[index].statutory_time * factor)
    assert bool(net.proc_deadline_elapsed[index]) is elapsed


def _proc_nodes(model: Model, index: int) -> slice:
    starts = np.append(model.network.proc_start, len(model.network.node_kind))
    return slice(int(starts[index]), int(starts[index + 1]))


def _work_means(model: Model, index: int) -> np.ndarray:
    net = model.network
    rows = net.node_work_dist[_proc_nodes(model, index)]
    specs = [DistSpec(net.dists.kind[r], net.dists.p1[r], net.dists.p2[r]) for r in rows if r >= 0]
    return np.array([s.mean() for s in specs])


def test_time_cut_changes_land_only() -> None:
    cut = build({"time_cut": {"percent": 30, "fields": ["dat_dai"]}})
    base = small()
    procs = small_catalogue()
    land = [i for i, p in enumerate(procs) if p.field == "dat_dai"]
    other = [i for i, p in enumerate(procs) if p.field != "dat_dai"]
    assert land
    assert other
    ratio = cut.network.proc_deadline[land] / base.network.proc_deadline[land]
    assert np.allclose(ratio, 0.7)
    assert np.array_equal(cut.network.proc_deadline[other], base.network.proc_deadline[other])
    assert np.allclose(_work_means(cut, land[0]), 0.7 * _work_means(base, land[0]))
    assert np.allclose(_work_means(cut, other[0]), _work_means(base, other[0]))


def test_time_cut_without_deadlines_and_by_task() -> None:
    cut = build({"time_cut": {"percent": 50, "tasks": ["appraise"], "deadlines": False}})
    base = small()
    assert np.array_equal(cut.network.proc_deadline, base.network.proc_deadline)
    net = cut.network
    index = next(i for i, p in enumerate(small_catalogue()) if p.archetype.value == "standard")
    nodes = _proc_nodes(cut, index)
    changed = _work_means(cut, index) / _work_means(base, index)
    assert sorted(np.round(changed, 6).tolist()) == [0.5, 1.0, 1.0, 1.0]
    assert np.any(net.node_kind[nodes] == NodeKind.TASK)


def test_staffing_override() -> None:
    code = CENTRES[3].code
    model = build(
        {
            "staffing": [
                {"centre": "*", "pool": "leader", "staff": 4},
                {"centre": code, "pool": "counter", "staff": 9},
            ]
        }
    )
    net, base = model.network, small().network
    assert net.pool_servers[net.pool(3, PoolKind.COUNTER)] == 9
    leaders = net.pool_servers.reshape(-1, net.n_kinds)[:, PoolKind.LEADER]
    assert np.all(leaders == 4)
    counters = net.pool_servers.reshape(-1, net.n_kinds)[:, PoolKind.COUNTER]
    base_counters = base.pool_servers.reshape(-1, base.n_kinds)[:, PoolKind.COUNTER]
    assert np.array_equal(np.delete(counters, 3), np.delete(base_counters, 3))


def test_zero_staff_where_needed_is_refused() -> None:
    code = CENTRES[5].code
    with pytest.raises(CompileError, match=code) as caught:
        build({"staffing": [{"centre": code, "pool": "specialist", "staff": 0}]})
    assert "specialist" in str(caught.value)


def test_staffing_unknown_centre() -> None:
    with pytest.raises(ScenarioError) as caught:
        build({"staffing": [{"centre": "nowhere", "pool": "desk", "staff": 1}]})
    assert caught.value.key == "levers.staffing.0.centre"
    assert caught.value.value == "nowhere"


def test_default_staffing_is_plausible() -> None:
    net = baseline().network
    servers = net.pool_servers.reshape(-1, net.n_kinds)
    assert np.all(servers >= 1)
    assert np.array_equal(
        servers[:, PoolKind.COUNTER] >= [c.counters for c in CENTRES], np.ones(len(CENTRES), bool)
    )


def test_appointment_free_graph() -> None:
    model = build({"appointment_free": {"count": 120}}, full=True)
    net = model.network
    chosen = model.network.meta["appointment_free"]
    assert isinstance(chosen, list)
    assert len(chosen) == 120
    index = list(net.process_names).index(chosen[0])
    nodes = _proc_nodes(model, index)
    assert net.node_kind[nodes].tolist() == [
        NodeKind.START,
        NodeKind.TASK,
        NodeKind.TASK,
        NodeKind.END,
    ]
    assert net.node_pool_kind[nodes].tolist() == [-1, PoolKind.COUNTER, PoolKind.LEADER, -1]
    assert net.node_flags[nodes][1] & NodeFlag.COUNTER
    # one trip only: no other TRIP node in the process
    assert sum(bool(f & NodeFlag.TRIP) for f in net.node_flags[nodes]) == 1
    other = next(i for i, name in enumerate(net.process_names) if name not in chosen)
    assert len(net.node_kind[_proc_nodes(model, other)]) > 4


def test_saturday_segments_on_counters_only() -> None:
    centre = CENTRES[7].code
    model = build({"saturday_service": {"centres": [centre]}})
    net = model.network
    calendars = net.pool_calendar.reshape(-1, net.n_kinds)
    assert calendars[7, PoolKind.COUNTER] == 1
    calendars[7, PoolKind.COUNTER] = 0
    assert np.all(calendars == 0)
    assert net.statutory_calendar == 0
    cal = net.calendars
    days = [np.floor(cal.seg_start[cal.off[i] : cal.off[i + 1]] / 1440).astype(int) for i in (0, 1)]
    saturdays = set(days[1].tolist()) - set(days[0].tolist())
    # 2026-01-01 is a Thursday: day 2 is the first Saturday
    assert saturdays
    assert all(d % 7 == 2 for d in saturdays)
    seg = cal.seg_start[cal.off[1] : cal.off[1 + 1]]
    ends = cal.seg_end[cal.off[1] : cal.off[1 + 1]]
    on_saturday = np.isin(np.floor(seg / 1440).astype(int), list(saturdays))
    assert np.all(ends[on_saturday] - seg[on_saturday] == 240)  # mornings only
    assert cal.seg_end[cal.off[1] - 1] > (365 + 90) * 1440  # reaches past the horizon


def test_saturday_demand_keeps_the_week() -> None:
    model = build({"saturday_service": {"centres": [CENTRES[7].code]}})
    base = small()
    rates, base_rates = model.demand.day_rate[7], base.demand.day_rate[7]
    assert rates[2::7].sum() > 0  # Saturdays
    assert rates.sum() == pytest.approx(base_rates.sum(), rel=1e-9)
    assert np.array_equal(model.demand.day_rate[8], base.demand.day_rate[8])


@pytest.mark.parametrize(("hours", "latest"), [("morning", 690), ("full", 1020)])
def test_saturday_visitors_come_in_person_within_service_hours(hours: str, latest: int) -> None:
    centre = 7
    model = build({"saturday_service": {"centres": [CENTRES[centre].code], "hours": hours}})
    base = small()
    arrivals = sample_arrivals(model.demand, np.random.default_rng(5))
    here = arrivals.centre == centre
    day, minute = np.divmod(arrivals.time[here], 1440)
    # service days: closed in the baseline (a make-up working Saturday is a weekday)
    opened = (base.demand.day_rate[centre] == 0) & (model.demand.day_rate[centre] > 0)
    assert np.all(np.flatnonzero(opened) % 7 == 2)  # 2026-01-01 is a Thursday
    saturday = np.isin(day, np.flatnonzero(opened))
    assert saturday.sum() > 0
    assert np.all(arrivals.channel[here][saturday] == Channel.IN_PERSON)
    assert np.all((minute[saturday] >= 450) & (minute[saturday] <= latest))
    # the Saturday's in-person visitors come out of that week's: in-person dossiers as a
    # whole keep their expected number, online ones are not moved
    in_person = arrivals.channel[here] == Channel.IN_PERSON
    expected = base.demand.day_rate[centre].sum() * base.demand.channel_share[Channel.IN_PERSON]
    assert in_person.sum() == pytest.approx(expected, rel=0.1)
    online = arrivals.channel[here] == Channel.ONLINE
    expected_online = base.demand.day_rate[centre].sum() * base.demand.channel_share[Channel.ONLINE]
    assert online.sum() == pytest.approx(expected_online, rel=0.1)
    other = arrivals.centre == 8
    assert not np.any(np.isin(arrivals.time[other] // 1440, np.flatnonzero(opened)))


def test_neighbours_within_radius() -> None:
    model = build({"submit_anywhere": {"enabled": True, "max_distance_km": 12}})
    net = model.network
    assert len(net.nbr_off) == net.n_centres + 1
    for home in range(net.n_centres):
        row = net.nbr_centre[net.nbr_off[home] : net.nbr_off[home + 1]]
        assert row[0] == home
        dists = [
            haversine_km(CENTRES[home].lat, CENTRES[home].lon, CENTRES[j].lat, CENTRES[j].lon)
            for j in row[1:]
        ]
        assert all(d <= 12 for d in dists)
        assert dists == sorted(dists)
    assert net.proc_anywhere.any()
    assert not small().network.nbr_centre.size


def test_flexible_staffing() -> None:
    net = build({"flexible_staffing": {"threshold": 8, "centres": [CENTRES[1].code]}}).network
    assert net.flex is not None
    assert net.flex.threshold[1] == 8
    assert net.flex.limit[1] == 2
    assert np.all(np.delete(net.flex.threshold, 1) == -1)
    assert small().network.flex is None


def test_unknown_centre_is_named() -> None:
    with pytest.raises(ScenarioError, match=r"000\.99\.99\.H36") as caught:
        build(centres=[PROVINCE_CENTRE.code, "000.99.99.H36"])
    assert caught.value.key == "centres.1"


def test_centre_subset() -> None:
    model = build(centres=[CENTRES[2].code, PROVINCE_CENTRE.code])
    assert model.network.centre_names == (PROVINCE_CENTRE.code, CENTRES[2].code)
    assert model.demand.day_rate.shape[0] == 2


def test_unknown_field_in_a_lever() -> None:
    with pytest.raises(ScenarioError) as caught:
        build({"time_cut": {"percent": 10, "fields": ["dat"]}})
    assert caught.value.key == "levers.time_cut.fields.0"


def test_compile_is_deterministic() -> None:
    first, second = small().network, build().network
    for name, array in first.arrays().items():
        assert np.array_equal(array, second.arrays()[name]), name
    assert np.array_equal(small().demand.day_rate, build().demand.day_rate)


def test_given_diagrams_are_used() -> None:
    procs = small_catalogue()
    diagrams = {procs[0].code: render(procs[0])}
    scenario = parse_scenario({"horizon": dict(YEAR)})
    model = compile_scenario(scenario, procedures=procs, diagrams=diagrams)
    for name, array in model.network.arrays().items():
        assert np.array_equal(array, small().network.arrays()[name]), name


def test_routing_overrides_change_probabilities() -> None:
    model = build(routing={"refusal": 0.2})
    net, base = model.network, small().network
    xor = np.flatnonzero(net.node_kind == NodeKind.XOR)
    firsts = net.succ_cumprob[net.succ_off[xor]]
    assert not np.array_equal(firsts, base.succ_cumprob[base.succ_off[xor]])
    # the refusal branch of the reception gateway carries exactly the given chance
    first_xor = int(xor[0])
    cum = net.succ_cumprob[net.succ_off[first_xor] : net.succ_off[first_xor + 1]]
    probs = np.diff(np.concatenate([[0.0], cum]))
    assert sorted(np.round(probs, 9).tolist()) == [0.2, 0.8]


def test_unknown_field_in_a_mapping() -> None:
    with pytest.raises(ScenarioError) as caught:
        build(lags={"field_share": {"land": 0.5}})
    assert caught.value.key == "lags.field_share.land"


def _first_lag_median(model: Model, index: int) -> float:
    net = model.network
    lags = net.node_lag_dist[_proc_nodes(model, index)]
    return float(np.exp(net.dists.p1[lags[lags >= 0][0]]))


@pytest.mark.parametrize(("field", "share"), [("dat_dai", 0.39), ("ho_tich", 0.35)])
def test_lag_medians_by_field(field: str, share: float) -> None:
    procs = small_catalogue()
    index = next(
        i for i, p in enumerate(procs) if p.field == field and p.time_unit is TimeUnit.WORKING_DAYS
    )
    receive = next(s.budget for s in procs[index].steps if s.step == "receive")
    assert _first_lag_median(small(), index) == pytest.approx(share * receive * 450)


def test_saturday_service_keeps_the_staff() -> None:
    model = build({"saturday_service": {"centres": []}})
    assert np.array_equal(model.network.pool_servers, small().network.pool_servers)


@pytest.mark.parametrize(
    ("levers", "demand"),
    [
        ({"time_cut": {"percent": 30}}, {}),
        ({}, {"scale": 1.5, "online_share": 0.5}),
    ],
)
def test_a_scenario_meets_todays_staff(
    levers: dict[str, Any], demand: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Default staff is sized on the province as found, not resized for the scenario."""
    changed = build(levers, demand=demand)
    assert np.array_equal(changed.network.pool_servers, small().network.pool_servers)
    # sized on the scenario itself, the same lever would have changed the staff
    monkeypatch.setattr(compile_module, "_as_found", lambda doc: doc)
    resized = build(levers, demand=demand)
    assert not np.array_equal(resized.network.pool_servers, small().network.pool_servers)


def test_a_saturday_team_replaces_the_weekday_one_on_saturdays() -> None:
    code = CENTRES[7].code
    model = build(
        {
            "saturday_service": {"centres": [code]},
            "staffing": [{"centre": code, "pool": "counter", "staff": 1, "shift": "saturday"}],
        }
    )
    net = model.network
    pool = net.pool(7, PoolKind.COUNTER)
    weekday = int(net.pool_servers[pool])
    assert weekday > 1
    assert net.shift_time is not None
    assert net.shift_pool is not None
    assert net.shift_delta is not None
    assert set(net.shift_pool.tolist()) == {pool}
    opened = np.flatnonzero(
        (small().demand.day_rate[7] == 0) & (model.demand.day_rate[7] > 0)
    )  # the Saturdays the counters open
    drops = net.shift_time[net.shift_delta < 0]
    rises = net.shift_time[net.shift_delta > 0]
    assert len(drops) == len(rises) >= len(opened)
    assert np.all(net.shift_delta[net.shift_delta < 0] == 1 - weekday)
    # the team shrinks at a close before each Saturday and is back at its noon close
    assert np.all(np.isin(rises % 1440, [690.0]))
    assert np.all(np.isin(drops % 1440, [1020.0]))
    assert set((rises // 1440).astype(int).tolist()) >= set(opened.tolist())
    assert np.all(np.sort(net.shift_time) == net.shift_time)


def test_a_saturday_team_needs_saturday_service() -> None:
    code = CENTRES[7].code
    with pytest.raises(CompileError, match="not open on Saturdays"):
        build({"staffing": [{"centre": code, "pool": "counter", "staff": 1, "shift": "saturday"}]})
