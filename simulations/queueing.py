"""Textbook queueing networks (M/M/c, tandem lines) as compiled models.

Lifecycle: a scenario of ``kind: queueing`` (or a test) lists stations and a route;
:func:`queueing_model` builds the same :class:`~simulations.model.Model` a province
compiles to, with one centre whose pool kinds are the stations, an always-open calendar
and a Poisson source, so the kernel is validated against closed-form results on exactly
the code path that runs province scenarios.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simulations.calendars import always_open, build_calendars
from simulations.distributions import DistSpec, pack
from simulations.errors import ScenarioError
from simulations.model import Demand, Model, Network, NodeFlag, NodeKind

__all__ = ["Station", "queueing_model"]

DAY = 1440.0
#: days of calendar and per-day outputs kept after the last arrival for the queue to drain
DRAIN_DAYS = 30


@dataclass(frozen=True)
class Station:
    name: str
    servers: int
    service: DistSpec


def _check(stations: Sequence[Station], route: Sequence[int], rate: float, horizon: float) -> None:
    if not stations:
        raise ScenarioError("a queueing network needs at least one station", key="stations")
    for i, s in enumerate(stations):
        if s.servers < 1:
            raise ScenarioError(
                f"stations.{i}.servers must be at least 1, got {s.servers!r}",
                key=f"stations.{i}.servers",
                value=s.servers,
            )
    for i, r in enumerate(route):
        if not 0 <= r < len(stations):
            raise ScenarioError(
                f"route.{i} must name a station 0..{len(stations) - 1}, got {r!r}",
                key=f"route.{i}",
                value=r,
            )
    if not route:
        raise ScenarioError("route must visit at least one station", key="route", value=[])
    if not (rate > 0 and math.isfinite(rate)):
        raise ScenarioError(
            f"arrival rate must be a positive number per minute, got {rate!r}",
            key="rate_per_minute",
            value=rate,
        )
    if not (horizon > 0 and math.isfinite(horizon)):
        raise ScenarioError(
            f"horizon must be a positive number of minutes, got {horizon!r}",
            key="horizon_minutes",
            value=horizon,
        )


def _demand(rate: float, horizon: float) -> Demand:
    """A Poisson source at one centre, flat over the day, stopping at ``horizon``.

    A partial last day gets its share of the day's rate, and its own day profile whose
    time-of-day histogram ends at the horizon, so the rate stays ``rate`` throughout.
    """
    days = math.ceil(horizon / DAY)
    rest = horizon - (days - 1) * DAY
    per_day = np.full(days, rate * DAY)
    per_day[-1] *= rest / DAY
    whole = np.array([rest / DAY, 1.0 - rest / DAY])
    profile = np.zeros((1, days), dtype=np.int8)
    profile[0, -1] = 1
    partial = rest < DAY
    return Demand(
        day_rate=per_day[None, :],
        channel_share=np.array([1.0, 0.0, 0.0]),
        tod_edges=np.array([0.0, rest, DAY]) if partial else np.array([0.0, DAY]),
        tod_weights=np.tile(whole if partial else [1.0], (3, 1)),
        mix_off=np.array([0, 1], dtype=np.int64),
        mix_process=np.array([0], dtype=np.int32),
        mix_cumprob=np.array([1.0]),
        day_profile=profile if partial else None,
        profile_channel_share=np.tile([1.0, 0.0, 0.0], (2, 1)) if partial else None,
        profile_tod_weights=(
            np.stack([np.tile(whole, (3, 1)), np.tile([1.0, 0.0], (3, 1))]) if partial else None
        ),
    )


def queueing_model(
    stations: Sequence[Station],
    route: Sequence[int],
    *,
    rate_per_minute: float,
    horizon_minutes: float,
    name: str = "",
) -> Model:
    """START -> TASK(route[0]) -> ... -> END at one always-open centre."""
    _check(stations, route, rate_per_minute, horizon_minutes)
    n_route = len(route)
    n_nodes = n_route + 2
    kinds = [NodeKind.START, *([NodeKind.TASK] * n_route), NodeKind.END]
    n_days = math.ceil(horizon_minutes / DAY) + DRAIN_DAYS
    i32 = np.int32
    network = Network(
        n_centres=1,
        n_kinds=len(stations),
        pool_servers=np.array([s.servers for s in stations], dtype=i32),
        pool_calendar=np.zeros(len(stations), dtype=i32),
        remote_pool_kind=-1,
        nbr_off=np.zeros(2, dtype=np.int64),
        nbr_centre=np.zeros(0, dtype=i32),
        proc_start=np.array([0], dtype=i32),
        proc_deadline=np.array([np.inf]),
        proc_deadline_elapsed=np.array([True]),
        proc_field=np.zeros(1, dtype=i32),
        proc_anywhere=np.array([False]),
        proc_n_joins=np.zeros(1, dtype=i32),
        node_kind=np.array([int(k) for k in kinds], dtype=np.int8),
        node_flags=np.full(n_nodes, int(NodeFlag.NONE), dtype=i32),
        node_pool_kind=np.array([-1, *route, -1], dtype=i32),
        node_work_dist=np.array([-1, *route, -1], dtype=i32),
        node_lag_dist=np.full(n_nodes, -1, dtype=i32),
        node_join_slot=np.full(n_nodes, -1, dtype=i32),
        node_join_need=np.zeros(n_nodes, dtype=i32),
        succ_off=np.array([*range(n_nodes), n_nodes - 1], dtype=np.int64),
        succ_node=np.arange(1, n_nodes, dtype=i32),
        succ_cumprob=np.ones(n_nodes - 1),
        dists=pack([s.service for s in stations]),
        calendars=build_calendars([always_open(n_days)]),
        statutory_calendar=0,
        horizon=float(horizon_minutes),
        n_days=n_days,
        kind_names=tuple(s.name for s in stations),
        process_names=("queue",),
        centre_names=("centre",),
    )
    return Model(network=network, demand=_demand(rate_per_minute, horizon_minutes), name=name)
