"""The discrete-event kernel: one replication of a compiled network.

Lifecycle of :func:`simulate`: the network and arrivals are copied into state arrays of
fixed dtypes (so one compiled signature serves every model), the compiled loop
:func:`simulations.kernel_loop.run` processes events until every dossier is done, and the
per-dossier, per-pool and per-day arrays become a :class:`~simulations.model.RunOutput`.

Events: arrivals are read in order from the pre-sorted :class:`Arrivals` arrays; service
ends and lag expiries wait in a binary heap (:mod:`simulations._heap`); at equal times
heap events go first, so a server freed at ``t`` serves a dossier arriving at ``t``.
Each token has at most one heap entry, so the heap, the token table and the routing stack
share one capacity; when a step could exhaust it the loop returns, the arrays are doubled
here and the loop resumes where it stopped.
"""

from __future__ import annotations

import numpy as np

from simulations import _heap
from simulations.kernel_loop import CTR_EVENTS, Dossiers, Model, Pools, Tokens, run
from simulations.model import F64, I64, Arrivals, Network, RunOutput

__all__ = ["simulate"]

DAY = 1440.0
_START_CAPACITY = 4096


def _i64(a: np.ndarray) -> I64:
    return np.ascontiguousarray(a, dtype=np.int64)


def _f64(a: np.ndarray) -> F64:
    return np.ascontiguousarray(a, dtype=np.float64)


def _model(net: Network, seed: int) -> Model:
    node_i = np.stack(
        [
            net.node_kind,
            net.node_flags,
            net.node_pool_kind,
            net.node_work_dist,
            net.node_lag_dist,
            net.node_join_slot,
            net.node_join_need,
        ],
        axis=1,
    ).astype(np.int64)
    proc_i = np.stack(
        [net.proc_start, net.proc_deadline_elapsed, net.proc_anywhere], axis=1
    ).astype(np.int64)
    graph = (
        node_i,
        (_i64(net.succ_off), _i64(net.succ_node)),
        _f64(net.succ_cumprob),
        (proc_i, _f64(net.proc_deadline)),
        _i64(net.nbr_off),
        _i64(net.nbr_centre),
    )
    d, c = net.dists, net.calendars
    kind = np.ascontiguousarray(d.kind, np.int8)
    dists = (kind, _f64(d.p1), _f64(d.p2), _f64(d.p3), _i64(d.emp_off), _f64(d.emp_values))
    cal = (_i64(c.off), _f64(c.seg_start), _f64(c.seg_end), _f64(c.seg_cum))
    n_joins = int(net.proc_n_joins.max()) if len(net.proc_n_joins) else 0
    flex = net.flex
    cfg = [
        seed & 0x7FFF_FFFF_FFFF_FFFF,
        net.n_kinds,
        net.n_days,
        net.statutory_calendar,
        net.remote_pool_kind,
        -1 if flex is None else int(flex.from_kind),
        -1 if flex is None else int(flex.to_kind),
        max(n_joins, 1),
    ]
    return graph, dists, cal, np.array(cfg, dtype=np.int64)


def _pools(net: Network) -> Pools:
    n = net.n_pools
    pool_i = np.zeros((n, 8), np.int64)
    pool_i[:, 0] = net.pool_servers
    pool_i[:, 2:4] = -1
    pool_i[:, 5] = net.pool_calendar
    return pool_i, np.zeros((n, 4)), np.zeros((2, n, net.n_days))


def _dossiers(arrivals: Arrivals, net: Network) -> Dossiers:
    n = len(arrivals)
    dos_i = np.zeros((n, 7), np.int64)
    dos_i[:, 0] = arrivals.process
    dos_i[:, 1] = arrivals.channel
    dos_i[:, 5] = arrivals.centre
    dos_f = np.zeros((n, 8))
    dos_f[:, 0] = arrivals.time
    dos_f[:, 3:5] = np.nan
    n_joins = int(net.proc_n_joins.max()) if len(net.proc_n_joins) else 0
    return dos_i, dos_f, np.zeros(max(n * n_joins, 1), np.int64)


def _flex(net: Network) -> I64:
    flex = np.zeros((net.n_centres, 4), np.int64)
    flex[:, 0] = -1 if net.flex is None else net.flex.threshold
    if net.flex is not None:
        flex[:, 1] = net.flex.limit
    return flex


def _shifts(net: Network) -> tuple[F64, I64, I64, I64]:
    """Staff changes (time, pool, delta) and the index of the next one to apply."""
    if net.shift_time is None or net.shift_pool is None or net.shift_delta is None:
        return np.zeros(0), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(1, np.int64)
    order = np.argsort(net.shift_time, kind="stable")
    return (
        np.ascontiguousarray(net.shift_time[order], np.float64),
        np.ascontiguousarray(net.shift_pool[order], np.int64),
        np.ascontiguousarray(net.shift_delta[order], np.int64),
        np.zeros(1, np.int64),
    )


def _tokens(cap: int) -> Tokens:
    return np.zeros((cap, 6), np.int64), np.zeros((cap, 2))


def _heap_arrays(cap: int) -> _heap.Heap:
    return np.zeros(cap), np.zeros(cap, np.int64), np.zeros(cap, np.int64)


def _grow(toks: Tokens, heap: _heap.Heap) -> tuple[Tokens, _heap.Heap]:
    """Double the token table and the heap, keeping their live contents."""
    cap = 2 * len(toks[0])
    new_toks, new_heap = _tokens(cap), _heap_arrays(cap)
    for old, new in zip((*toks, *heap), (*new_toks, *new_heap), strict=True):
        new[: len(old)] = old
    return new_toks, new_heap


def _wip(arrival: F64, finish: F64, group: I64, n_groups: int, n_days: int) -> I64:
    """Dossiers arrived by and not finished at each day's end, per group (a difference
    array over the days each dossier is open at midnight)."""
    first = np.maximum(np.ceil(arrival / DAY) - 1, 0)
    done = np.where(np.isnan(finish), np.inf, finish)
    last = np.minimum(np.ceil(done / DAY) - 2, n_days - 1)
    keep = last >= first
    diff = np.zeros((n_groups, n_days + 1), np.int64)
    np.add.at(diff, (group[keep], first[keep].astype(np.int64)), 1)
    np.add.at(diff, (group[keep], last[keep].astype(np.int64) + 1), -1)
    out: I64 = np.cumsum(diff, axis=1)[:, :n_days]
    return out


def simulate(network: Network, arrivals: Arrivals, seed: int) -> RunOutput:
    """Run one replication; the same seed and arrivals give bit-identical output."""
    model, pools, dos = _model(network, seed), _pools(network), _dossiers(arrivals, network)
    toks, heap, flex = _tokens(_START_CAPACITY), _heap_arrays(_START_CAPACITY), _flex(network)
    ctr = np.array([0, 0, -1, 0, 0, 0, 0, 0], dtype=np.int64)  # free list empty: -1
    clock = np.zeros(1)
    shifts = _shifts(network)
    while run(model, pools, toks, dos, heap, ctr, flex, clock, shifts):
        toks, heap = _grow(toks, heap)
    events, end = int(ctr[CTR_EVENTS]), float(clock[0])
    return _output(network, pools, dos, flex, events=events, end=end)


def _output(
    net: Network,
    pools: Pools,
    dos: Dossiers,
    flex: I64,
    *,
    events: int,
    end: float,
) -> RunOutput:
    pool_i, pool_f, pool_day = pools
    dos_i, dos_f = dos[0], dos[1]
    centre = dos_i[:, 5].copy()
    finish = dos_f[:, 3].copy()
    everyone = np.zeros(len(finish), np.int64)
    return RunOutput(
        served_centre=centre.astype(np.int32),
        finish=finish,
        counter_wait=dos_f[:, 4].copy(),
        wait_total=dos_f[:, 5].copy(),
        trips=np.minimum(dos_i[:, 6], 127).astype(np.int8),
        working_elapsed=dos_f[:, 6].copy(),
        on_time=dos_f[:, 7] > 0.5,
        pool_served=pool_i[:, 6].copy(),
        pool_wait_sum=pool_f[:, 1].copy(),
        pool_busy=pool_f[:, 2].copy(),
        pool_area=pool_f[:, 3].copy(),
        pool_max_queue=pool_i[:, 7].copy(),
        pool_day_queue_area=pool_day[0].copy(),
        pool_day_busy=pool_day[1].copy(),
        wip_day=_wip(dos_f[:, 0], finish, everyone, 1, net.n_days)[0],
        centre_wip_day=_wip(dos_f[:, 0], finish, centre, net.n_centres, net.n_days),
        flex_moves=flex[:, 3].copy(),
        events=events,
        end_time=end,
    )
