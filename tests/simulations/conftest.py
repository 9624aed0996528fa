"""Shared fixtures for the simulator tests: seeded generators and small textbook models."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulations.calendars import always_open, build_calendars
from simulations.distributions import DistSpec, pack
from simulations.model import Arrivals, Flex, Model, Network, NodeKind
from simulations.queueing import Station, queueing_model


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20250701)


@pytest.fixture
def mm1_model() -> Model:
    """An M/M/1 queue at load 0.5 over two days."""
    return queueing_model(
        [Station("server", 1, DistSpec.exponential(1.0))],
        [0],
        rate_per_minute=0.5,
        horizon_minutes=2 * 1440.0,
    )


#: one node of a hand-built process: kind, flags, pool kind, work dist, lag dist,
#: successors, XOR probabilities (or None), join need
Node = tuple[NodeKind, int, int, int, int, list[int], list[float] | None, int]


def tiny_network(
    nodes: list[Node],
    dists: list[DistSpec],
    *,
    servers: list[int],
    n_centres: int = 1,
    calendar: list[tuple[float, float]] | None = None,
    deadline: float = np.inf,
    deadline_elapsed: bool = False,
    remote: int = -1,
    nbr: list[list[int]] | None = None,
    anywhere: bool = False,
    flex: Flex | None = None,
    n_days: int = 10,
) -> Network:
    """A one-process network from a node list; every centre has ``servers`` per kind."""
    n_kinds = len(servers)
    slots = np.cumsum([n[0] == NodeKind.AND_JOIN for n in nodes]) - 1
    cum: list[float] = []
    for n in nodes:
        probs = n[6] or [1.0] * len(n[5])
        cum += (np.cumsum(probs) / sum(probs)).tolist() if n[5] else []
    rows = nbr or [[] for _ in range(n_centres)]
    cal = calendar or always_open(n_days)
    return Network(
        n_centres=n_centres,
        n_kinds=n_kinds,
        pool_servers=np.tile(np.array(servers, np.int32), n_centres),
        pool_calendar=np.zeros(n_centres * n_kinds, np.int32),
        remote_pool_kind=remote,
        nbr_off=np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64),
        nbr_centre=np.array([c for r in rows for c in r], np.int32),
        proc_start=np.array([0], np.int32),
        proc_deadline=np.array([deadline]),
        proc_deadline_elapsed=np.array([deadline_elapsed]),
        proc_field=np.zeros(1, np.int32),
        proc_anywhere=np.array([anywhere]),
        proc_n_joins=np.array([int(slots[-1]) + 1], np.int32),
        node_kind=np.array([int(n[0]) for n in nodes], np.int8),
        node_flags=np.array([int(n[1]) for n in nodes], np.int32),
        node_pool_kind=np.array([n[2] for n in nodes], np.int32),
        node_work_dist=np.array([n[3] for n in nodes], np.int32),
        node_lag_dist=np.array([n[4] for n in nodes], np.int32),
        node_join_slot=np.where([n[0] == NodeKind.AND_JOIN for n in nodes], slots, -1).astype(
            np.int32
        ),
        node_join_need=np.array([n[7] for n in nodes], np.int32),
        succ_off=np.concatenate([[0], np.cumsum([len(n[5]) for n in nodes])]).astype(np.int64),
        succ_node=np.array([s for n in nodes for s in n[5]], np.int32),
        succ_cumprob=np.array(cum),
        dists=pack(dists),
        calendars=build_calendars([cal]),
        statutory_calendar=0,
        horizon=n_days * 1440.0,
        n_days=n_days,
        flex=flex,
    )


def arrivals_at(
    times: list[float], *, channel: list[int] | None = None, centre: list[int] | None = None
) -> Arrivals:
    """Dossiers of process 0 at the given (sorted) minutes."""
    n = len(times)
    return Arrivals(
        time=np.array(times, dtype=np.float64),
        process=np.zeros(n, np.int32),
        centre=np.array(centre or [0] * n, np.int32),
        channel=np.array(channel or [0] * n, np.int8),
    )


def erlang_c_wait(lam: float, mean_service: float, c: int) -> float:
    """Mean wait in queue of M/M/c with arrival rate ``lam`` (Erlang C)."""
    a = lam * mean_service
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait * mean_service / (c * (1 - rho))
