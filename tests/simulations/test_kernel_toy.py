"""A fully deterministic model checked against a hand calculation.

One centre, a counter (kind 0) and a specialist (kind 1), one server each, open
07:30-11:30 and 13:30-17:00. Process: counter 30 min (citizen present) -> specialist
60 min then a 120 working-minute lag -> counter 10 min (citizen returns) -> end.
Deadline 250 working minutes.

Hand calculation (minutes after midnight of day 0):

* A arrives 440, before opening: counter 450-480 (wait 10); specialist 480-540;
  lag to 660; counter 660-670. Working time 450..670 = 220.
* B arrives 460: counter 480-510 (wait 20); specialist waits for A until 540, 540-600
  (wait 30); lag 600->690 (90) + lunch + 810->840 (30); counter 840-850.
  Working time 460..690 + 810..850 = 270 > 250: late.
* C arrives 675: counter 675-690 + 810-825 (service pauses over lunch); specialist
  825-885; lag to 1005; counter 1005-1015. Working time 15 + 205 = 220.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulations.distributions import DistSpec
from simulations.kernel import simulate
from simulations.model import NodeFlag, NodeKind, RunOutput
from tests.simulations.conftest import arrivals_at, tiny_network

K, F = NodeKind, NodeFlag
VISIT = int(F.COUNTER | F.TRIP)
OFFICE = [(d * 1440.0 + a, d * 1440.0 + b) for d in range(10) for a, b in ((450, 690), (810, 1020))]


@pytest.fixture(scope="module")
def out() -> RunOutput:
    nodes = [
        (K.START, 0, -1, -1, -1, [1], None, 0),
        (K.TASK, VISIT, 0, 0, -1, [2], None, 0),
        (K.TASK, 0, 1, 1, 2, [3], None, 0),
        (K.TASK, VISIT, 0, 3, -1, [4], None, 0),
        (K.END, 0, -1, -1, -1, [], None, 0),
    ]
    dists = [DistSpec.fixed(30), DistSpec.fixed(60), DistSpec.fixed(120), DistSpec.fixed(10)]
    net = tiny_network(nodes, dists, servers=[1, 1], calendar=OFFICE, deadline=250.0)
    return simulate(net, arrivals_at([440.0, 460.0, 675.0]), seed=1)


def test_finish_times(out: RunOutput) -> None:
    assert out.finish.tolist() == [670.0, 850.0, 1015.0]


def test_waits(out: RunOutput) -> None:
    assert out.counter_wait.tolist() == [10.0, 20.0, 0.0]
    assert out.wait_total.tolist() == [10.0, 50.0, 0.0]


def test_statutory_clock_and_deadline(out: RunOutput) -> None:
    assert out.working_elapsed.tolist() == [220.0, 270.0, 220.0]
    assert out.on_time.tolist() == [True, False, True]


def test_trips(out: RunOutput) -> None:
    assert out.trips.tolist() == [2, 2, 2]


def test_pool_statistics(out: RunOutput) -> None:
    assert out.pool_served.tolist() == [6, 3]
    assert out.pool_wait_sum.tolist() == [30.0, 30.0]
    assert out.pool_busy.tolist() == [120.0, 180.0]
    assert out.pool_area.tolist() == [30.0, 30.0]  # B queues 460-480; A held 440-450
    assert out.pool_max_queue.tolist() == [1, 1]
    assert out.pool_day_busy[:, 0].tolist() == [120.0, 180.0]


def test_run_totals(out: RunOutput) -> None:
    assert out.events == 3 + 9 + 3  # arrivals, service ends, lag ends
    assert out.end_time == 1015.0
    assert out.wip_day.tolist() == [0] * 10
    assert np.array_equal(out.served_centre, [0, 0, 0])
