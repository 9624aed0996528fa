"""Staffing search: reaches the targets, is minimal, and names bad pool kinds."""

from __future__ import annotations

import numpy as np
import pytest

from simulations.distributions import DistSpec
from simulations.errors import ScenarioError
from simulations.model import Model
from simulations.queueing import Station, queueing_model
from simulations.replications import Interval, Summary, run_replications
from simulations.staffing import search_staffing, with_servers
from tests.simulations.test_results import model, network

#: minutes of p90 counter wait a centre would have with one server (wait = load / servers)
LOADS = {"north": 100.0, "south": 50.0}


def point(value: float) -> Interval:
    return Interval(value, 0.0, value, value, 3)


def evaluate(calls: list[list[int]]) -> object:
    """A stand-in for replications: waits fall as 1/servers, on time needs 2 specialists."""

    def run(m: Model) -> Summary:
        net = m.network
        servers = [int(s) for s in net.pool_servers]
        calls.append(servers)
        groups = {}
        for c, name in enumerate(net.centre_names):
            counter = servers[net.pool(c, 0)]
            specialist = servers[net.pool(c, 1)] if net.n_kinds > 1 else 2
            groups[f"centre:{name}"] = {
                "counter_wait_p90": point(LOADS[name] / max(counter, 1)),
                "on_time_rate": point(0.99 if specialist >= 2 else 0.5),
                "wait_mean_counter": point(1.0),
                "wait_mean_specialist": point(50.0 if specialist < 2 else 0.0),
            }
        return Summary(m.name, 3, 0, groups)

    return run


def _meets(servers: list[int], n_kinds: int) -> bool:
    for c, name in enumerate(LOADS):
        if LOADS[name] / servers[c * n_kinds] > 20.0:
            return False
        if n_kinds > 1 and servers[c * n_kinds + 1] < 2:
            return False
    return True


@pytest.mark.parametrize("start", [(2, 1), (9, 12), (5, 3)])
def test_search_reaches_the_smallest_staffing_from_below_or_above(start: tuple[int, int]) -> None:
    calls: list[list[int]] = []
    plan = search_staffing(model(network(start)), evaluate=evaluate(calls))  # type: ignore[arg-type]
    assert plan.met
    assert plan.pool_servers == [5, 3]  # 100/5 = 20 and 50/3 <= 20; one fewer misses
    assert [(r.centre, r.servers_from, r.servers_to) for r in plan.rows] == [
        ("north", start[0], 5), ("south", start[1], 3)
    ]  # fmt: skip
    assert plan.rows[0].p90_wait == pytest.approx(20.0)
    for pool in range(2):  # minimal: one server fewer anywhere breaks a target
        fewer = list(plan.pool_servers)
        fewer[pool] -= 1
        assert not _meets(fewer, 1)
    assert plan.rounds == len(calls)
    assert "north" in plan.to_text()
    assert plan.to_dict()["rows"][1]["servers_to"] == 3


def test_on_time_misses_grow_the_pool_with_the_longest_wait() -> None:
    net = network((6, 1, 3, 1), n_kinds=2)
    plan = search_staffing(model(net), pools=("counter", "specialist"),
                           evaluate=evaluate([]))  # type: ignore[arg-type]  # fmt: skip
    assert plan.met
    assert plan.pool_servers == [5, 2, 3, 2]
    assert _meets(plan.pool_servers, 2)


def test_from_minimum_starts_at_one_server() -> None:
    calls: list[list[int]] = []
    search_staffing(model(network((9, 9))), from_minimum=True,
                    evaluate=evaluate(calls))  # type: ignore[arg-type]  # fmt: skip
    assert calls[0] == [1, 1]


def test_max_rounds_bounds_the_search_and_reports_a_miss() -> None:
    plan = search_staffing(model(network((1, 1))), max_rounds=2,
                           evaluate=evaluate([]))  # type: ignore[arg-type]  # fmt: skip
    assert not plan.met
    assert plan.rounds == 2
    assert "NOT" in plan.to_text()


def test_unknown_pool_kind_is_a_scenario_error() -> None:
    with pytest.raises(ScenarioError, match="allowed: counter") as caught:
        search_staffing(model(network()), pools=("clerk",))
    assert caught.value.key == "pools"


def test_with_servers_leaves_the_model_alone() -> None:
    m = model(network((2, 1)))
    other = with_servers(m, np.array([7, 7]))
    assert m.network.pool_servers.tolist() == [2, 1]
    assert other.network.pool_servers.tolist() == [7, 7]


def test_on_a_real_queue_the_plan_is_the_smallest_that_meets_the_wait() -> None:
    station = Station("counter", 1, DistSpec.exponential(3.0))
    busy = queueing_model([station], [0], rate_per_minute=1.0, horizon_minutes=2000.0)
    plan = search_staffing(busy, p90_counter_wait=2.0, replications=2, seed=4)
    assert plan.met
    servers = plan.pool_servers[0]
    assert servers > 3  # 3 servers would be saturated (rho = 1)
    assert plan.rows[0].p90_wait is not None
    assert plan.rows[0].p90_wait <= 2.0

    def p90(n: int) -> float:
        fewer = with_servers(busy, np.array([n]))
        return (
            run_replications(fewer, replications=2, seed=4).groups["total"]["counter_wait_p90"].mean
        )

    assert p90(servers) == pytest.approx(plan.rows[0].p90_wait)
    assert p90(servers - 1) > 2.0  # one server fewer misses the target
