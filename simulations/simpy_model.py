"""A SimPy implementation of a :class:`~simulations.model.Network`, for cross-checks.

The kernel (:mod:`simulations.kernel`) is a hand-written event loop compiled with numba;
this module runs the same network with SimPy's processes and resources, written the
obvious way, so that the two can be compared (``tests/simulations/test_simpy_crosscheck``)
and timed against each other (``benchmarks/simulate.py``). It is not used by the product,
and SimPy is imported inside :func:`run_simpy` so that :mod:`simulations` imports without
it.

Semantics, as in the kernel: each dossier enters at its process's ``START`` node at its
arrival time; a ``TASK`` queues first-come first-served for a server of its pool (the
dossier's home centre; ``COUNTER`` nodes of online and postal dossiers go to
``remote_pool_kind``), holds it for the work drawn from ``node_work_dist`` measured in open
minutes of the pool's calendar (a server taken while the pool is closed starts at the
next opening, and that time counts as waiting; a service running past closing pauses
until the next opening), then waits its lag holding no server (working minutes on the
statutory calendar, or elapsed minutes with ``LAG_ELAPSED``); ``XOR`` draws one
successor, ``AND_SPLIT`` forks, ``AND_JOIN`` waits for ``node_join_need`` tokens, ``END``
finishes the dossier with its last token and ``TERMINATE`` at once. Not modelled here:
flexible staffing and reception at a neighbouring centre (every dossier is served at
home).

Events are counted as the benchmark counts them for every tool: arrivals plus service
starts plus service completions.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np

from simulations.calendars import advance
from simulations.calendars import arrays as calendar_arrays
from simulations.distributions import DistSpec, sample
from simulations.model import (
    Arrivals,
    Channel,
    DistKind,
    Distributions,
    Network,
    NodeFlag,
    NodeKind,
)

#: plain ints: enum attribute lookups and numpy scalars cost more than the events here
TASK, DELAY, XOR = int(NodeKind.TASK), int(NodeKind.DELAY), int(NodeKind.XOR)
AND_SPLIT, AND_JOIN = int(NodeKind.AND_SPLIT), int(NodeKind.AND_JOIN)
END, TERMINATE = int(NodeKind.END), int(NodeKind.TERMINATE)
COUNTER, LAG_ELAPSED = int(NodeFlag.COUNTER), int(NodeFlag.LAG_ELAPSED)

__all__ = ["run_simpy"]

_BLOCK = 4096


class _Sampler:
    """Draws of each distribution row, pre-sampled with numpy in blocks."""

    def __init__(self, dists: Distributions, rng: np.random.Generator) -> None:
        self.rng = rng
        self.specs = [
            DistSpec(
                DistKind(int(dists.kind[i])),
                float(dists.p1[i]),
                float(dists.p2[i]),
                float(dists.p3[i]),
                tuple(dists.emp_values[dists.emp_off[i] : dists.emp_off[i + 1]].tolist()),
            )
            for i in range(len(dists.kind))
        ]
        self.buffers: list[list[float]] = [[] for _ in self.specs]

    def draw(self, row: int) -> float:
        if row < 0:
            return 0.0
        buffer = self.buffers[row]
        if not buffer:
            buffer.extend(sample(self.specs[row], self.rng, _BLOCK).tolist())
        return buffer.pop()


class _Run:
    """The state of one SimPy run (an ``Environment`` and the counters it fills)."""

    def __init__(self, network: Network, arrivals: Arrivals, seed: int) -> None:
        import simpy  # noqa: PLC0415 - a benchmark and test dependency only

        self.net = network
        self.arrivals = arrivals
        self.kind = network.node_kind.tolist()
        self.flags = network.node_flags.tolist()
        self.pool_kind = network.node_pool_kind.tolist()
        self.work = network.node_work_dist.tolist()
        self.lags = network.node_lag_dist.tolist()
        self.succ_off = network.succ_off.tolist()
        self.succ = network.succ_node.tolist()
        self.cum = network.succ_cumprob.tolist()
        self.pool_cal = network.pool_calendar.tolist()
        self.remote = (arrivals.channel != Channel.IN_PERSON).tolist()
        self.home = arrivals.centre.tolist()
        self.env = simpy.Environment()
        self.rng = np.random.default_rng(seed)
        self.sampler = _Sampler(network.dists, self.rng)
        self.cal = calendar_arrays(network.calendars)
        self.pools = [
            simpy.Resource(self.env, capacity=max(1, int(s))) for s in network.pool_servers
        ]
        n = len(arrivals)
        self.live = [1] * n
        self.done = [False] * n
        self.finish = np.full(n, np.nan)
        self.wait_total = np.zeros(n)
        self.joins = np.zeros((n, max(1, int(network.proc_n_joins.max(initial=0)))), np.int64)
        self.pool_served = np.zeros(network.n_pools, np.int64)
        self.pool_wait_sum = np.zeros(network.n_pools)
        self.events = 0

    def source(self) -> Generator[Any, Any, None]:
        env, times = self.env, self.arrivals.time.tolist()
        starts, processes = self.net.proc_start.tolist(), self.arrivals.process.tolist()
        for d, at in enumerate(times):
            yield env.timeout(max(0.0, at - env.now))
            self.events += 1
            env.process(self.token(d, starts[processes[d]]))

    def _pool(self, d: int, node: int) -> int:
        kind = self.pool_kind[node]
        remote_kind = self.net.remote_pool_kind
        if self.remote[d] and remote_kind >= 0 and self.flags[node] & COUNTER:
            kind = remote_kind
        return int(self.home[d] * self.net.n_kinds + kind)

    def serve(self, d: int, node: int) -> Generator[Any, Any, None]:
        env, pool = self.env, self._pool(d, node)
        queued = env.now
        with self.pools[pool].request() as request:
            yield request
            self.events += 1
            calendar = self.pool_cal[pool]
            opening = advance(self.cal, calendar, env.now, 0.0)  # a closed pool waits
            wait = opening - queued
            self.pool_wait_sum[pool] += wait
            self.wait_total[d] += wait
            work = self.sampler.draw(self.work[node])
            end = advance(self.cal, calendar, opening, work)
            yield env.timeout(max(0.0, end - env.now))
            self.events += 1
            self.pool_served[pool] += 1

    def lag(self, node: int) -> Generator[Any, Any, None]:
        row = self.lags[node]
        if row < 0:
            return
        lag = self.sampler.draw(row)
        if self.flags[node] & LAG_ELAPSED:
            yield self.env.timeout(lag)
        else:
            end = advance(self.cal, int(self.net.statutory_calendar), self.env.now, lag)
            yield self.env.timeout(max(0.0, end - self.env.now))

    def _next(self, node: int) -> int:
        lo, hi = self.succ_off[node], self.succ_off[node + 1]
        if self.kind[node] == XOR and hi - lo > 1:
            u = self.rng.random()
            while lo < hi - 1 and self.cum[lo] <= u:
                lo += 1
        return int(self.succ[lo])

    def _end(self, d: int, terminate: bool) -> None:
        self.live[d] -= 1
        if (terminate or self.live[d] == 0) and not self.done[d]:
            self.done[d] = True
            self.finish[d] = self.env.now

    def token(self, d: int, node: int) -> Generator[Any, Any, None]:
        while not self.done[d]:
            kind = self.kind[node]
            if kind == TASK:
                yield from self.serve(d, node)
            if kind in (TASK, DELAY):
                yield from self.lag(node)
            if kind in (END, TERMINATE):
                self._end(d, kind == TERMINATE)
                return
            if kind == AND_SPLIT:
                lo, hi = self.succ_off[node], self.succ_off[node + 1]
                self.live[d] += hi - lo - 1
                for s in self.succ[lo + 1 : hi]:
                    self.env.process(self.token(d, s))
            if kind == AND_JOIN:
                slot = int(self.net.node_join_slot[node])
                self.joins[d, slot] += 1
                if self.joins[d, slot] < self.net.node_join_need[node]:
                    self.live[d] -= 1
                    return
                self.joins[d, slot] = 0
            node = self._next(node)


def run_simpy(network: Network, arrivals: Arrivals, seed: int) -> dict[str, Any]:
    """Run ``arrivals`` through ``network`` with SimPy until every dossier is done.

    Returns per dossier ``finish`` and ``wait_total`` (queue waits summed over its
    services), per pool ``pool_served`` and ``pool_wait_sum``, ``mean_wait`` (per service),
    ``events`` and ``end_time``.
    """
    run = _Run(network, arrivals, seed)
    run.env.process(run.source())
    run.env.run()
    served = int(run.pool_served.sum())
    return {
        "finish": run.finish,
        "wait_total": run.wait_total,
        "pool_served": run.pool_served,
        "pool_wait_sum": run.pool_wait_sum,
        "mean_wait": float(run.pool_wait_sum.sum() / served) if served else 0.0,
        "events": run.events,
        "end_time": float(run.env.now),
    }
