"""Indicators of one run, computed from hand-built networks and kernel outputs."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np
import pytest

from simulations.model import (
    Arrivals,
    Calendars,
    Demand,
    Distributions,
    Model,
    Network,
    NodeFlag,
    RunOutput,
)
from simulations.results import METRIC_INFO, METRICS, indicators, metric_info, open_minutes

DAY = 1440.0


def _calendars(segments: list[tuple[float, float]]) -> Calendars:
    cum = np.concatenate([[0.0], np.cumsum([b - a for a, b in segments])[:-1]])
    return Calendars(
        off=np.array([0, len(segments)], dtype=np.int64),
        seg_start=np.array([a for a, _ in segments]),
        seg_end=np.array([b for _, b in segments]),
        seg_cum=cum.astype(np.float64),
    )


def network(
    servers: tuple[int, ...] = (2, 1),
    *,
    n_kinds: int = 1,
    days: int = 2,
    segments: list[tuple[float, float]] | None = None,
) -> Network:
    """Two centres, one pool kind each, open 8:00-16:00 (480 min) on every day."""
    n_centres = len(servers) // n_kinds
    segs = segments or [(d * DAY + 480.0, d * DAY + 960.0) for d in range(days + 1)]
    empty_f = np.zeros(0, dtype=np.float64)
    return Network(
        n_centres=n_centres,
        n_kinds=n_kinds,
        pool_servers=np.array(servers, dtype=np.int32),
        pool_calendar=np.zeros(len(servers), dtype=np.int32),
        remote_pool_kind=-1,
        nbr_off=np.zeros(n_centres + 1, dtype=np.int64),
        nbr_centre=np.zeros(0, dtype=np.int32),
        proc_start=np.array([0, 0], dtype=np.int32),
        proc_deadline=np.array([100.0, 100.0]),
        proc_deadline_elapsed=np.array([False, False]),
        proc_field=np.array([0, 1], dtype=np.int32),
        proc_anywhere=np.array([False, False]),
        proc_n_joins=np.zeros(2, dtype=np.int32),
        node_kind=np.zeros(1, dtype=np.int8),
        node_flags=np.array([NodeFlag.COUNTER], dtype=np.int32),
        node_pool_kind=np.zeros(1, dtype=np.int32),
        node_work_dist=np.zeros(1, dtype=np.int32),
        node_lag_dist=np.zeros(1, dtype=np.int32),
        node_join_slot=np.zeros(1, dtype=np.int32),
        node_join_need=np.zeros(1, dtype=np.int32),
        succ_off=np.zeros(2, dtype=np.int64),
        succ_node=np.zeros(0, dtype=np.int32),
        succ_cumprob=empty_f,
        dists=Distributions(
            kind=np.zeros(0, dtype=np.int8),
            p1=empty_f,
            p2=empty_f,
            p3=empty_f,
            emp_off=np.zeros(1, dtype=np.int64),
            emp_values=empty_f,
        ),
        calendars=_calendars(segs),
        statutory_calendar=0,
        horizon=days * DAY,
        n_days=days,
        centre_names=("north", "south")[:n_centres],
        kind_names=("counter", "specialist")[:n_kinds],
        process_names=("p0", "p1"),
        field_names=("land", "civil"),
    )


def model(net: Network) -> Model:
    demand = Demand(
        day_rate=np.ones((net.n_centres, net.n_days)),
        channel_share=np.array([1.0, 0.0, 0.0]),
        tod_edges=np.array([0.0, DAY]),
        tod_weights=np.ones((3, 1)),
        mix_off=np.arange(net.n_centres + 1, dtype=np.int64),
        mix_process=np.zeros(net.n_centres, dtype=np.int32),
        mix_cumprob=np.ones(net.n_centres),
    )
    return Model(network=net, demand=demand, name="tiny")


def arrivals(process: list[int], channel: list[int]) -> Arrivals:
    n = len(process)
    return Arrivals(
        time=np.linspace(500.0, 900.0, n),
        process=np.array(process, dtype=np.int32),
        centre=np.zeros(n, dtype=np.int32),
        channel=np.array(channel, dtype=np.int8),
    )


def output(net: Network, **per_dossier: Any) -> RunOutput:
    """A kernel output with the given per-dossier arrays and zero pool statistics."""
    n_pools, n_days = net.n_pools, net.n_days
    fields: dict[str, Any] = {
        "pool_served": np.zeros(n_pools, dtype=np.int64),
        "pool_wait_sum": np.zeros(n_pools),
        "pool_busy": np.zeros(n_pools),
        "pool_area": np.zeros(n_pools),
        "pool_max_queue": np.zeros(n_pools, dtype=np.int64),
        "pool_day_queue_area": np.zeros((n_pools, n_days)),
        "pool_day_busy": np.zeros((n_pools, n_days)),
        "wip_day": np.zeros(n_days, dtype=np.int64),
        "centre_wip_day": np.zeros((net.n_centres, n_days), dtype=np.int64),
        "flex_moves": np.zeros(net.n_centres, dtype=np.int64),
        "events": 42,
        "end_time": 2 * DAY,
    }
    fields.update(per_dossier)
    return RunOutput(**fields)


def _six() -> tuple[Network, Arrivals, RunOutput]:
    """Six dossiers: four in person at north, two online at south; one late, one open."""
    net = network()
    arr = arrivals([0, 0, 1, 0, 1, 1], [0, 0, 0, 0, 1, 1])
    out = output(
        net,
        served_centre=np.array([0, 0, 0, 0, 1, 1], dtype=np.int32),
        finish=np.array([600.0, 700.0, 800.0, 900.0, 1000.0, np.inf]),
        counter_wait=np.array([0.0, 10.0, 20.0, 30.0, np.nan, np.nan]),
        wait_total=np.zeros(6),
        trips=np.array([2, 1, 1, 2, 0, 0], dtype=np.int8),
        working_elapsed=np.array([450.0, 900.0, 450.0, 1350.0, 225.0, np.nan]),
        on_time=np.array([True, True, False, True, True, False]),
    )
    return net, arr, out


def test_dossier_counts_on_time_rate_and_waits_follow_decision_766() -> None:
    net, arr, out = _six()
    total = indicators(model(net), arr, out)["total"]
    assert total["received"] == 6
    assert total["completed"] == 5  # the last dossier never finished
    assert total["on_time_rate"] == pytest.approx(4 / 5)  # over completed dossiers only
    assert total["late"] == 1
    # counter waits: the four in-person dossiers only, not the online ones (NaN)
    assert total["counter_wait_mean"] == pytest.approx(15.0)
    assert total["counter_wait_p50"] == pytest.approx(np.percentile([0, 10, 20, 30], 50))
    assert total["counter_wait_p90"] == pytest.approx(np.percentile([0, 10, 20, 30], 90))
    assert total["counter_wait_p99"] == pytest.approx(np.percentile([0, 10, 20, 30], 99))
    # working days are 450 working minutes
    cycle = np.array([1.0, 2.0, 1.0, 3.0, 0.5])
    assert total["cycle_days_mean"] == pytest.approx(cycle.mean())
    assert total["cycle_days_p90"] == pytest.approx(np.percentile(cycle, 90))
    assert total["trips_per_dossier"] == pytest.approx(1.0)
    assert total["events"] == 42


def test_centres_and_fields_split_the_dossiers() -> None:
    net, arr, out = _six()
    result = indicators(model(net), arr, out)
    north, south = result["centres"]["north"], result["centres"]["south"]
    assert (north["received"], south["received"]) == (4, 2)
    assert north["on_time_rate"] == pytest.approx(3 / 4)
    assert south["on_time_rate"] == 1.0
    assert south["counter_wait_p90"] is None  # nobody queued in person there
    assert set(result["fields"]) == {"land", "civil"}
    assert result["fields"]["land"]["received"] == 3
    assert result["fields"]["civil"]["completed"] == 2


def test_utilization_and_staff_hours_use_open_server_minutes() -> None:
    net = network((2, 1), days=2)
    arr = arrivals([0, 0], [0, 0])
    # run ends at the end of day 1: 2 open days x 480 min; north has 2 servers
    out = output(
        net,
        served_centre=np.array([0, 1], dtype=np.int32),
        finish=np.array([600.0, 700.0]),
        counter_wait=np.zeros(2),
        wait_total=np.zeros(2),
        trips=np.ones(2, dtype=np.int8),
        working_elapsed=np.ones(2),
        on_time=np.ones(2, dtype=np.bool_),
        pool_busy=np.array([960.0, 240.0]),
        pool_served=np.array([4, 2], dtype=np.int64),
        pool_wait_sum=np.array([40.0, 2.0]),
        pool_day_busy=np.array([[960.0, 0.0], [240.0, 0.0]]),
        pool_day_queue_area=np.array([[960.0, 0.0], [0.0, 0.0]]),
        wip_day=np.array([3, 1], dtype=np.int64),
    )
    result = indicators(model(net), arr, out)
    assert result["centres"]["north"]["utilization_counter"] == pytest.approx(960 / (2 * 960))
    assert result["centres"]["south"]["utilization_counter"] == pytest.approx(240 / 960)
    assert result["centres"]["north"]["wait_mean_counter"] == pytest.approx(10.0)
    assert result["pools"]["counter"]["utilization"] == pytest.approx(1200 / (3 * 960))
    assert result["pools"]["counter"]["served"] == 6
    # 3 servers x 960 open minutes over the two-day horizon = 48 h, for 2 dossiers
    assert result["total"]["staff_hours_per_dossier"] == pytest.approx(24.0)
    assert result["total"]["backlog_mean"] == pytest.approx(2.0)
    series = result["series"]
    assert series["backlog"] == [3, 1]
    assert series["utilization_counter"][0] == pytest.approx(1200 / (3 * 480))
    # queue area 960 over 480 open minutes at north, 0 at south -> mean 1 per counter
    assert series["counter_queue"][0] == pytest.approx(1.0)


def test_the_document_is_strict_json() -> None:
    net, arr, out = _six()
    text = json.dumps(indicators(model(net), arr, out), allow_nan=False)
    assert json.loads(text)["total"]["received"] == 6


def test_open_minutes_counts_segments_and_beyond_the_last() -> None:
    net = network(segments=[(480.0, 960.0), (DAY + 480.0, DAY + 960.0)])
    got = open_minutes(net, 0, [0.0, 600.0, 1000.0, DAY + 500.0, DAY + 1000.0])
    assert got.tolist() == [0.0, 120.0, 480.0, 500.0, 1000.0]


def test_every_metric_has_a_label_unit_and_direction() -> None:
    assert set(METRICS) == set(METRIC_INFO)
    assert metric_info("on_time_rate")[2] is True
    assert metric_info("counter_wait_p90")[2] is False
    assert metric_info("utilization_station2")[1] == "share"


def test_without_counter_nodes_the_queue_wait_is_the_counter_wait() -> None:
    net, arr, out = _six()
    textbook = dataclasses.replace(net, node_flags=np.zeros(1, dtype=np.int32))
    waits = np.array([1.0, 2.0, 3.0, 4.0, 9.0, 9.0])
    out = dataclasses.replace(out, wait_total=waits)
    total = indicators(model(textbook), arr, out)["total"]
    assert total["counter_wait_mean"] == pytest.approx(2.5)  # in-person dossiers only
    assert indicators(model(net), arr, out)["total"]["counter_wait_mean"] == pytest.approx(15)
