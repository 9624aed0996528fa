"""A province-like network (125 centres x 5 pool kinds, office hours) at scale.

The test runs a tenth of a province-year and checks the bookkeeping that must hold at
any scale; speed is measured by ``benchmarks/simulate.py``, not asserted here (a timed
assertion fails on a busy machine). Run as a script for a quick throughput figure
(``python -m tests.simulations.test_kernel_perf``).
"""

from __future__ import annotations

import time

import numpy as np

from simulations.arrivals import sample_arrivals
from simulations.calendars import build_calendars, office_segments
from simulations.distributions import DistSpec, pack
from simulations.kernel import simulate
from simulations.model import Demand, Model, Network, NodeFlag, NodeKind, RunOutput

DAY = 1440.0
OFFICE = [(450, 690), (810, 1020)]


def _graph() -> dict[str, np.ndarray]:
    """START -> counter -> XOR(specialist + lag | leader) -> leader signs -> 60-minute
    transfer -> partner agency -> counter (return) -> END: about eight events a dossier."""
    k, f = NodeKind, NodeFlag
    visit = int(f.COUNTER | f.TRIP)
    kinds = [k.START, k.TASK, k.XOR, k.TASK, k.TASK, k.TASK, k.DELAY, k.TASK, k.TASK, k.END]
    flags = [0, visit, 0, 0, 0, 0, int(f.LAG_ELAPSED), 0, visit, 0]
    succ = [[1], [2], [3, 4], [5], [5], [6], [7], [8], [9], []]
    lens = [len(s) for s in succ]
    return {
        "node_kind": np.array([int(x) for x in kinds], np.int8),
        "node_flags": np.array(flags, np.int32),
        "node_pool_kind": np.array([-1, 0, -1, 2, 3, 3, -1, 4, 0, -1], np.int32),
        "node_work_dist": np.array([-1, 0, -1, 1, 2, 3, -1, 2, 3, -1], np.int32),
        "node_lag_dist": np.array([-1, -1, -1, 4, -1, -1, 5, -1, -1, -1], np.int32),
        "succ_off": np.concatenate([[0], np.cumsum(lens)]).astype(np.int64),
        "succ_node": np.array([n for s in succ for n in s], np.int32),
        "succ_cumprob": np.array([1.0, 1.0, 0.85, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
    }


def province_like(n_centres: int = 125, days: int = 365, per_day: float = 26.3) -> Model:
    """A synthetic province: every centre open office hours on weekdays."""
    n_days = days + 60
    open_days = [d for d in range(n_days) if d % 7 < 5]
    n_kinds = 5
    n_nodes = 10
    graph = _graph()
    net = Network(
        n_centres=n_centres,
        n_kinds=n_kinds,
        pool_servers=np.tile(np.array([4, 2, 3, 1, 2], np.int32), n_centres),
        pool_calendar=np.zeros(n_centres * n_kinds, np.int32),
        remote_pool_kind=1,
        nbr_off=np.zeros(n_centres + 1, np.int64),
        nbr_centre=np.zeros(0, np.int32),
        proc_start=np.array([0], np.int32),
        proc_deadline=np.array([5 * 450.0]),
        proc_deadline_elapsed=np.array([False]),
        proc_field=np.zeros(1, np.int32),
        proc_anywhere=np.array([False]),
        proc_n_joins=np.zeros(1, np.int32),
        node_join_slot=np.full(n_nodes, -1, np.int32),
        node_join_need=np.zeros(n_nodes, np.int32),
        dists=pack(
            [
                DistSpec.lognormal(12.0, 0.6),
                DistSpec.gamma(40.0, 0.8),
                DistSpec.exponential(15.0),
                DistSpec.fixed(5.0),
                DistSpec.triangular(450.0, 900.0, 1800.0),
                DistSpec.fixed(60.0),
            ]
        ),
        calendars=build_calendars([office_segments(open_days, OFFICE)]),
        statutory_calendar=0,
        horizon=days * DAY,
        n_days=n_days,
        **graph,
    )
    weekday = np.array([1.0 if d % 7 < 5 else 0.0 for d in range(days)]) * 7 / 5
    demand = Demand(
        day_rate=np.outer(np.full(n_centres, per_day), weekday),
        channel_share=np.array([0.4, 0.55, 0.05]),
        tod_edges=np.array([450.0, 690.0, 810.0, 1020.0]),
        tod_weights=np.array([[1.0, 0.0, 0.8], [1.0, 0.0, 0.8], [1.0, 0.0, 0.8]]),
        mix_off=np.arange(n_centres + 1, dtype=np.int64),
        mix_process=np.zeros(n_centres, np.int32),
        mix_cumprob=np.ones(n_centres),
    )
    return Model(network=net, demand=demand, name="province-like")


def _measure(model: Model) -> tuple[RunOutput, int, float]:
    arrivals = sample_arrivals(model.demand, np.random.default_rng(3))
    start = time.process_time()
    out = simulate(model.network, arrivals, seed=3)
    return out, len(arrivals), time.process_time() - start


def test_province_like_bookkeeping_at_scale() -> None:
    out, n, _seconds = _measure(province_like(n_centres=13))
    assert out.events >= 7 * n
    # Little's law per pool under office hours, closures and lunch breaks included
    assert np.allclose(out.pool_area, out.pool_wait_sum, rtol=1e-9, atol=1e-6)
    assert np.allclose(out.pool_day_queue_area.sum(axis=1), out.pool_area, rtol=1e-9, atol=1e-6)
    assert np.allclose(out.pool_day_busy.sum(axis=1), out.pool_busy, rtol=1e-9, atol=1e-6)
    assert np.all(np.isfinite(out.finish))
    assert out.wip_day[-1] == 0


if __name__ == "__main__":
    for size in (13, 125):
        out, n, seconds = _measure(province_like(n_centres=size))
        rate = out.events / seconds
        print(
            f"{size} centres: {n:,} dossiers, {out.events:,} events, {seconds:.2f} s, {rate:,.0f}/s"
        )
