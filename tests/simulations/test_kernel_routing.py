"""Routing and policies: gateways, joins, TERMINATE, pauses, channels, reception, flex."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulations.distributions import DistSpec
from simulations.kernel import simulate
from simulations.model import Channel, Flex, NodeFlag, NodeKind
from tests.simulations.conftest import arrivals_at, tiny_network

K, F = NodeKind, NodeFlag
ELAPSED = int(F.LAG_ELAPSED)


def test_xor_frequencies_within_binomial_bounds() -> None:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.XOR, 0, -1, -1, -1, [2, 3], [0.3, 0.7], 0),
        (K.TASK, 0, 0, 0, -1, [4], None, 0),
        (K.TASK, 0, 1, 0, -1, [4], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    net = tiny_network(nodes, [DistSpec.fixed(1.0)], servers=[5, 5], n_days=20)
    n = 20_000
    out = simulate(net, arrivals_at([float(i) for i in range(n)]), seed=4)
    sd = math.sqrt(n * 0.3 * 0.7)
    assert abs(out.pool_served[0] - 0.3 * n) < 4 * sd
    assert out.pool_served.sum() == n
    other = simulate(net, arrivals_at([float(i) for i in range(n)]), seed=5)
    assert other.pool_served[0] != out.pool_served[0]


def test_and_join_waits_for_the_slowest_branch() -> None:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.AND_SPLIT, 0, -1, -1, -1, [2, 3], None, 0),
        (K.DELAY, ELAPSED, -1, -1, 0, [4], None, 0),
        (K.DELAY, ELAPSED, -1, -1, 1, [4], None, 0),
        (K.AND_JOIN, 0, -1, -1, -1, [5], None, 2),
        (K.TASK, 0, 0, 2, -1, [6], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    dists = [DistSpec.fixed(10.0), DistSpec.fixed(50.0), DistSpec.fixed(5.0)]
    net = tiny_network(nodes, dists, servers=[1])
    out = simulate(net, arrivals_at([0.0, 20.0]), seed=1)
    assert out.finish.tolist() == [55.0, 75.0]
    assert out.pool_served.tolist() == [2]  # one token leaves each join


def test_terminate_ends_the_dossier_at_once() -> None:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.AND_SPLIT, 0, -1, -1, -1, [2, 3], None, 0),
        (K.DELAY, ELAPSED, -1, -1, 0, [4], None, 0),
        (K.DELAY, ELAPSED, -1, -1, 1, [5], None, 0),
        (K.TERMINATE, 0, -1, -1, -1, [], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    net = tiny_network(nodes, [DistSpec.fixed(10.0), DistSpec.fixed(100.0)], servers=[1])
    out = simulate(net, arrivals_at([0.0]), seed=1)
    assert out.finish.tolist() == [10.0]
    assert out.events == 3  # the other branch's lag still surfaces and is dropped
    assert out.end_time == 100.0


@pytest.mark.parametrize(("pause", "on_time"), [(True, True), (False, False)])
def test_pause_is_excluded_from_the_statutory_clock(pause: bool, on_time: bool) -> None:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.TASK, 0, 0, 0, -1, [2], None, 0),
        (K.DELAY, int(F.PAUSE) if pause else 0, -1, -1, 1, [3], None, 0),
        (K.TASK, 0, 0, 0, -1, [4], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    dists = [DistSpec.fixed(30.0), DistSpec.fixed(200.0)]
    for elapsed in (False, True):
        net = tiny_network(nodes, dists, servers=[1], deadline=100.0, deadline_elapsed=elapsed)
        out = simulate(net, arrivals_at([0.0]), seed=1)
        assert out.finish.tolist() == [260.0]
        assert out.working_elapsed.tolist() == [60.0 if pause else 260.0]
        assert out.on_time.tolist() == [on_time]


def test_online_dossiers_use_the_remote_pool() -> None:
    visit = int(F.COUNTER | F.TRIP)
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.TASK, visit, 0, 0, -1, [2], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    net = tiny_network(nodes, [DistSpec.fixed(5.0)], servers=[1, 1], remote=1)
    channels = [Channel.IN_PERSON, Channel.ONLINE, Channel.POSTAL]
    out = simulate(net, arrivals_at([0.0, 0.0, 1.0], channel=channels), seed=1)
    assert out.pool_served.tolist() == [1, 2]
    assert out.counter_wait[0] == 0.0
    assert np.isnan(out.counter_wait[1:]).all()
    assert out.trips.tolist() == [1, 0, 0]
    assert out.wait_total.tolist() == [0.0, 0.0, 4.0]  # the postal one waits at the desk


@pytest.mark.parametrize("anywhere", [True, False])
def test_non_territorial_reception_picks_the_lighter_counter(anywhere: bool) -> None:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.TASK, int(F.COUNTER), 0, 0, -1, [2], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    net = tiny_network(
        nodes,
        [DistSpec.fixed(100.0)],
        servers=[1],
        n_centres=2,
        nbr=[[0, 1], [1, 0]],
        anywhere=anywhere,
    )
    channels = [Channel.IN_PERSON, Channel.IN_PERSON, Channel.IN_PERSON, Channel.ONLINE]
    out = simulate(net, arrivals_at([0.0, 1.0, 2.0, 3.0], channel=channels), seed=1)
    if anywhere:
        assert out.served_centre.tolist() == [0, 1, 0, 0]  # ties go to the nearest
        assert out.counter_wait.tolist()[:3] == [0.0, 0.0, 98.0]
    else:
        assert out.served_centre.tolist() == [0, 0, 0, 0]


def _flex_run(threshold: int) -> tuple[list[float], int]:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.TASK, 0, 0, 0, -1, [2], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    flex = Flex(threshold=np.array([threshold], np.int32), limit=np.array([1], np.int32))
    net = tiny_network(nodes, [DistSpec.fixed(10.0)], servers=[1, 0, 2], flex=flex)
    times = [0.0] * 6 + [1000.0] * 6
    out = simulate(net, arrivals_at(times), seed=1)
    return out.finish.tolist(), int(out.flex_moves[0])


def test_flex_lends_a_server_above_the_threshold_and_returns_it() -> None:
    finish, moves = _flex_run(threshold=2)
    assert finish[:6] == [10.0, 10.0, 20.0, 20.0, 30.0, 30.0]
    assert moves == 2  # returned after the first burst, so it can be lent again (limit 1)
    assert finish[6:] == [t + 1000.0 for t in finish[:6]]


def test_flex_stays_off_below_the_threshold() -> None:
    finish, moves = _flex_run(threshold=100)
    assert moves == 0
    assert finish[:6] == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]


def test_token_capacity_grows_past_its_start() -> None:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.DELAY, ELAPSED, -1, -1, 0, [2], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    net = tiny_network(nodes, [DistSpec.fixed(5000.0)], servers=[1])
    n = 10_000  # all in their lag at once: more live tokens than the initial capacity
    out = simulate(net, arrivals_at([i * 0.1 for i in range(n)]), seed=1)
    assert np.allclose(out.finish, np.arange(n) * 0.1 + 5000.0)
    assert out.wip_day[0] == n
