"""Staff changes by shift: a pool's servers drop and rise at set times."""

from __future__ import annotations

import dataclasses

import numpy as np

from simulations.distributions import DistSpec
from simulations.kernel import simulate
from simulations.model import Network, NodeKind
from tests.simulations.conftest import arrivals_at, tiny_network

K = NodeKind
ONE_TASK = [
    (K.START, 0, -1, -1, -1, [1], None, 0),
    (K.TASK, 0, 0, 0, -1, [2], None, 0),
    (K.END, 0, -1, -1, -1, [], None, 0),
]


def _network(service: float, changes: list[tuple[float, int]]) -> Network:
    net = tiny_network(ONE_TASK, [DistSpec.fixed(service)], servers=[2])
    return dataclasses.replace(
        net,
        shift_time=np.array([t for t, _ in changes], np.float64),
        shift_pool=np.zeros(len(changes), np.int32),
        shift_delta=np.array([d for _, d in changes], np.int32),
    )


def test_fewer_staff_serve_one_at_a_time() -> None:
    times = [101.0] * 4
    both = simulate(_network(10.0, []), arrivals_at(times), seed=1)
    one = simulate(_network(10.0, [(100.0, -1), (200.0, +1)]), arrivals_at(times), seed=1)
    assert sorted(both.finish) == [111.0, 111.0, 121.0, 121.0]
    assert sorted(one.finish) == [111.0, 121.0, 131.0, 141.0]  # by hand: one server


def test_staff_arriving_take_the_queue_at_once() -> None:
    out = simulate(_network(60.0, [(100.0, -1), (200.0, +1)]), arrivals_at([150.0] * 3), seed=1)
    # the first starts at 150; the second when the second server comes back at 200, not
    # when the first finishes at 210; the third at 210
    assert sorted(out.finish) == [210.0, 260.0, 270.0]
    assert out.pool_wait_sum[0] == 50.0 + 60.0


def test_a_busy_server_finishes_before_leaving() -> None:
    times = [95.0, 95.0, 101.0, 101.0]
    out = simulate(_network(10.0, [(100.0, -1)]), arrivals_at(times), seed=1)
    # both started at 95 finish at 105 although one of them is off shift from 100; the
    # two who came at 101 then share the one server left
    assert sorted(out.finish) == [105.0, 105.0, 115.0, 125.0]
    assert sorted(simulate(_network(10.0, []), arrivals_at(times), seed=1).finish) == [
        105.0,
        105.0,
        115.0,
        115.0,
    ]
