"""The smallest staffing per centre that meets the service targets.

Lifecycle: start from the model's staffing (or one server per searched pool), run a few
replications, and at every centre that misses a target add one server to the searched
pool whose queue causes it: the counter when the counter wait misses, otherwise (and in
textbook networks, where every queue counts) the searched pool with the longest mean
wait. Repeat until every centre meets the targets. Then walk back: try one server fewer
at each centre that meets its targets, keep the cut where the targets still hold, and
stop trying a pool once a cut fails. Every round uses the same seed (common random
numbers), so two staffings are compared on the same dossiers and the
search is reproducible.

Centres are treated as independent (they are, except through non-territorial reception),
so one round changes every centre at once rather than one at a time.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from simulations.errors import ScenarioError
from simulations.model import Model
from simulations.replications import Summary, run_replications
from simulations.results import counter_kind, has_counters, kind_names

__all__ = ["StaffingPlan", "StaffingRow", "search_staffing", "with_servers"]

Evaluate = Callable[[Model], Summary]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class StaffingRow:
    centre: str
    pool: str
    servers_from: int
    servers_to: int
    on_time: float | None
    p90_wait: float | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class StaffingPlan:
    """The result: one row per centre and searched pool, and whether every target holds."""

    rows: list[StaffingRow]
    met: bool
    rounds: int
    on_time: float
    p90_counter_wait: float
    pool_servers: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "met": self.met,
            "rounds": self.rounds,
            "targets": {"on_time": self.on_time, "p90_counter_wait": self.p90_counter_wait},
            "rows": [row.to_dict() for row in self.rows],
            "pool_servers": self.pool_servers,
        }

    def to_text(self) -> str:
        head = f"{'centre':<24} {'pool':<12} {'from':>5} {'to':>5} {'on time':>8} {'p90 wait':>9}"
        lines = [head, "-" * len(head)]
        for r in self.rows:
            on_time = "-" if r.on_time is None else f"{r.on_time:.1%}"
            wait = "-" if r.p90_wait is None else f"{r.p90_wait:.1f}"
            lines.append(
                f"{r.centre:<24} {r.pool:<12} {r.servers_from:>5} {r.servers_to:>5} "
                f"{on_time:>8} {wait:>9}"
            )
        verdict = "every centre meets" if self.met else "NOT every centre meets"
        lines.append(
            f"{verdict} on time >= {self.on_time:.1%} and p90 counter wait <= "
            f"{self.p90_counter_wait:g} min ({self.rounds} rounds)"
        )
        return "\n".join(lines)


def with_servers(model: Model, servers: np.ndarray) -> Model:
    """A copy of ``model`` whose pools have ``servers`` servers (the model is unchanged)."""
    network = dataclasses.replace(model.network, pool_servers=servers.astype(np.int32).copy())
    return dataclasses.replace(model, network=network)


@dataclass
class _Search:
    model: Model
    kinds: list[int]
    on_time: float
    p90_wait: float
    evaluate: Evaluate
    centre_names: tuple[str, ...]
    rounds: int = 0

    def run(self, servers: np.ndarray) -> Summary:
        self.rounds += 1
        return self.evaluate(with_servers(self.model, servers))

    def metrics(self, summary: Summary, c: int) -> tuple[float | None, float | None]:
        group = summary.groups.get(f"centre:{self.centre_names[c]}", {})
        on_time, wait = group.get("on_time_rate"), group.get("counter_wait_p90")
        return (
            on_time.mean if on_time is not None and math.isfinite(on_time.mean) else None,
            wait.mean if wait is not None and math.isfinite(wait.mean) else None,
        )

    def misses(self, summary: Summary, c: int) -> tuple[bool, bool]:
        on_time, wait = self.metrics(summary, c)
        return (
            on_time is not None and on_time < self.on_time,
            wait is not None and wait > self.p90_wait,
        )

    def culprit(self, summary: Summary, c: int, wait_missed: bool) -> int:
        """The searched kind to grow at centre ``c``: counter for waits, else longest wait."""
        counter = counter_kind(self.model.network)
        if wait_missed and counter in self.kinds and has_counters(self.model.network):
            return counter
        names = kind_names(self.model.network)
        group = summary.groups.get(f"centre:{self.centre_names[c]}", {})

        def wait(kind: int) -> float:
            iv = group.get(f"wait_mean_{names[kind]}")
            return iv.mean if iv is not None and math.isfinite(iv.mean) else -1.0

        return max(self.kinds, key=wait)


def _kinds(model: Model, pools: Sequence[str]) -> list[int]:
    names = kind_names(model.network)
    unknown = [p for p in pools if p not in names]
    if unknown or not pools:
        raise ScenarioError(
            f"staffing pools {list(pools)!r} are not all pool kinds of this model; "
            f"allowed: {', '.join(names)}",
            key="pools",
            value=list(pools),
        )
    return [names.index(p) for p in pools]


def _grow(
    search: _Search, servers: np.ndarray, max_rounds: int, progress: Progress | None
) -> tuple[np.ndarray, Summary]:
    net = search.model.network
    summary = search.run(servers)
    while search.rounds < max_rounds:
        failing = [(c, search.misses(summary, c)) for c in range(net.n_centres)]
        failing = [(c, m) for c, m in failing if any(m)]
        if not failing:
            break
        servers = servers.copy()
        for c, (_, wait_missed) in failing:
            servers[net.pool(c, search.culprit(summary, c, wait_missed))] += 1
        summary = search.run(servers)
        if progress is not None:
            progress(search.rounds, max_rounds)
    return servers, summary


def _shrink(
    search: _Search,
    servers: np.ndarray,
    summary: Summary,
    max_rounds: int,
    progress: Progress | None,
) -> tuple[np.ndarray, Summary]:
    net = search.model.network
    frozen: set[int] = set()
    while search.rounds < max_rounds:
        trial = servers.copy()
        tried: dict[int, int] = {}
        for c in range(net.n_centres):
            if any(search.misses(summary, c)):
                continue
            pools = [net.pool(c, k) for k in search.kinds]
            pools = [p for p in pools if p not in frozen and servers[p] > 1]
            if pools:
                pool = min(pools, key=lambda p: (-int(servers[p]), p))
                trial[pool] -= 1
                tried[c] = pool
        if not tried:
            break
        result = search.run(trial)
        for c, pool in tried.items():
            if any(search.misses(result, c)):
                trial[pool] += 1
                frozen.add(pool)
        if not np.array_equal(trial, servers):
            servers = trial
            summary = (
                result
                if all(not any(search.misses(result, c)) for c in tried)
                else (search.run(servers))
            )
        if progress is not None:
            progress(search.rounds, max_rounds)
    return servers, summary


def search_staffing(
    model: Model,
    *,
    on_time: float = 0.98,
    p90_counter_wait: float = 20.0,
    pools: Sequence[str] = ("counter",),
    replications: int = 3,
    seed: int = 0,
    max_rounds: int = 20,
    progress: Progress | None = None,
    from_minimum: bool = False,
    evaluate: Evaluate | None = None,
) -> StaffingPlan:
    """Search the smallest staffing meeting the targets (see the module docstring).

    ``max_rounds`` bounds the number of evaluations (each is ``replications`` runs);
    ``evaluate`` replaces the replications (a model -> Summary function) for tests and
    for callers that run replications elsewhere.
    """
    kinds = _kinds(model, pools)
    net = model.network
    names = (
        tuple(net.centre_names)
        if len(net.centre_names) == net.n_centres
        else tuple(f"c{c}" for c in range(net.n_centres))
    )
    run = evaluate or (lambda m: run_replications(m, replications=replications, seed=seed))
    search = _Search(model, kinds, on_time, p90_counter_wait, run, names)
    start = net.pool_servers.astype(np.int64).copy()
    if from_minimum:
        for c in range(net.n_centres):
            for k in kinds:
                start[net.pool(c, k)] = 1
    servers, summary = _grow(search, start, max_rounds, progress)
    servers, summary = _shrink(search, servers, summary, max_rounds, progress)
    rows: list[StaffingRow] = []
    for c, centre in enumerate(names):
        on, wait = search.metrics(summary, c)
        rows.extend(
            StaffingRow(centre, kind_names(net)[k], int(net.pool_servers[net.pool(c, k)]),
                        int(servers[net.pool(c, k)]), on, wait)
            for k in kinds
        )  # fmt: skip
    met = not any(any(search.misses(summary, c)) for c in range(net.n_centres))
    return StaffingPlan(rows, met, search.rounds, on_time, p90_counter_wait,
                        [int(v) for v in servers])  # fmt: skip
