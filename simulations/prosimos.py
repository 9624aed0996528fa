"""Run a Prosimos (Simod) model as a scenario: BPMN + JSON parameters -> :class:`Model`.

Lifecycle: a ``kind: prosimos`` scenario names ``model: {bpmn, parameters}`` (paths
relative to the scenario file) -> :func:`load_prosimos` -> a one-centre
:class:`~simulations.model.Network` and its :class:`~simulations.model.Demand` -> the
usual kernel runs. :func:`simulations.prosimos_export.export_prosimos` goes the other way.

What maps to what:

- each entry of ``resource_profiles`` is one pool; its servers are the summed ``amount``
  of its ``resource_list`` and its calendar is the first resource's calendar (weekly
  slots laid over the horizon, day 0 being the weekday of ``horizon.start``, Monday
  without dates);
- a task is served by the pool of the first resource listed for it in
  ``task_resource_distribution``, with that resource's duration distribution (other
  profiles or other distributions are reported in ``network.meta["warnings"]``);
- arrivals are a Poisson approximation of Prosimos's renewal process: each day's rate is
  the day's open minutes of ``arrival_time_calendar`` divided by the mean inter-arrival
  time, and the minute of day follows the open minutes of the calendar summed over the
  week (so a weekday-dependent calendar is averaged within the day);
- the routing follows :mod:`simulations.prosimos_bpmn`.

- an intermediate timer event waits its ``event_distribution`` in elapsed minutes.

Batching, prioritisation, branch rules, fuzzy calendars and multitasking are refused
with :class:`InteropError`: their behaviour has no counterpart in the kernel.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from simulations.calendars import always_open, build_calendars
from simulations.distributions import DistSpec, pack
from simulations.errors import InteropError, ScenarioError
from simulations.model import Demand, Model, Network, NodeFlag, NodeKind
from simulations.prosimos_bpmn import BpmnProcess, GraphNode, build_nodes, parse_bpmn
from simulations.prosimos_params import (
    DAY,
    Week,
    dist_from_prosimos,
    mean_seconds,
    merge_segments,
    week_from_slots,
    week_segments,
)
from simulations.scenario import Scenario

__all__ = ["DRAIN_DAYS", "load_prosimos", "read_prosimos"]

#: days simulated after the last arrival so that every dossier can finish
DRAIN_DAYS = 60
_REFUSED = ("batch_processing", "prioritisation_rules", "branch_rules", "multitask")


@dataclass
class _Pool:
    name: str
    servers: int
    calendar: str


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InteropError(f"cannot read the Prosimos parameters {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise InteropError(f"{path} must hold a JSON object of simulation parameters")
    for key in _REFUSED:
        if data.get(key):
            raise InteropError(f"{path}: {key!r} is not supported by the simulator; remove it")
    if data.get("model_type", "CRISP") == "FUZZY":
        raise InteropError(f"{path}: fuzzy calendars (model_type FUZZY) are not supported")
    return data


def _section(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        raise InteropError(f"the Prosimos parameters need a list {key!r}, got {value!r}")
    return value


def _branching(data: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for entry in _section(data, "gateway_branching_probabilities"):
        gateway = str(entry.get("gateway_id"))
        out[gateway] = {}
        for prob in entry.get("probabilities") or []:
            if "condition_id" in prob:
                raise InteropError(f"gateway {gateway!r} uses branch conditions; not supported")
            value = prob.get("value")
            out[gateway][str(prob.get("path_id"))] = None if value is None else float(value)
    return out


def _pools(data: dict[str, Any], warnings: list[str]) -> tuple[list[_Pool], dict[str, int]]:
    """Pools (one per profile) and the pool of each resource id."""
    pools: list[_Pool] = []
    of_resource: dict[str, int] = {}
    for index, profile in enumerate(_section(data, "resource_profiles")):
        resources = profile.get("resource_list") or []
        if not resources:
            raise InteropError(f"resource_profiles.{index} ({profile.get('id')}) has no resources")
        calendars = {str(r.get("calendar")) for r in resources}
        if len(calendars) > 1:
            warnings.append(
                f"profile {profile.get('id')!r}: resources on calendars {sorted(calendars)}; "
                f"the pool uses {resources[0].get('calendar')!r}"
            )
        servers = sum(int(r.get("amount", 1)) for r in resources)
        name = str(profile.get("name") or profile.get("id"))
        pools.append(_Pool(name, servers, str(resources[0].get("calendar"))))
        for resource in resources:
            of_resource[str(resource.get("id"))] = len(pools) - 1
    return pools, of_resource


def _task_rows(
    data: dict[str, Any], process: BpmnProcess, of_resource: dict[str, int], warnings: list[str]
) -> dict[str, tuple[int, DistSpec]]:
    """Pool and duration distribution of every task of the process."""
    rows: dict[str, tuple[int, DistSpec]] = {}
    for index, entry in enumerate(_section(data, "task_resource_distribution")):
        task, resources = str(entry.get("task_id")), entry.get("resources") or []
        key = f"task_resource_distribution.{index}"
        if task not in process.elements or not resources:
            raise InteropError(f"{key}: task {task!r} is not in the BPMN or has no resources")
        first = resources[0]
        if str(first.get("resource_id")) not in of_resource:
            raise InteropError(f"{key}: resource {first.get('resource_id')!r} is in no profile")
        pools = {of_resource.get(str(r.get("resource_id")), -1) for r in resources}
        if len(pools) > 1:
            warnings.append(f"task {task!r} names several profiles; it uses the first")
        dists = {json.dumps(r.get("distribution_params")) for r in resources}
        if len(dists) > 1:
            warnings.append(f"task {task!r}: resources differ in duration; the first is used")
        spec = dist_from_prosimos(first, f"{key}.resources.0", warnings)
        rows[task] = (of_resource[str(first.get("resource_id"))], spec)
    for element in process.tasks():
        if element.id not in rows:
            raise InteropError(f"task {element.id!r} has no task_resource_distribution entry")
    return rows


def _timer_rows(
    data: dict[str, Any], nodes: list[GraphNode], warnings: list[str]
) -> dict[str, DistSpec]:
    """Elapsed-time lag of every timer event (``DELAY`` node)."""
    given = {
        str(entry.get("event_id")): (index, entry)
        for index, entry in enumerate(data.get("event_distribution") or [])
    }
    rows: dict[str, DistSpec] = {}
    for node in nodes:
        if node.kind != NodeKind.DELAY:
            continue
        if node.element not in given:
            raise InteropError(f"timer event {node.element!r} has no event_distribution entry")
        index, entry = given[node.element]
        rows[node.element] = dist_from_prosimos(entry, f"event_distribution.{index}", warnings)
    return rows


def _horizon(document: Any) -> tuple[int, int]:
    """Days of arrivals and the weekday (Monday 0) of day 0."""
    horizon = document.get("horizon")
    if horizon:
        start = dt.date.fromisoformat(horizon["start"])
        days = (dt.date.fromisoformat(horizon["end"]) - start).days + 1
        return days, start.weekday()
    minutes = document.get("horizon_minutes")
    if minutes:
        return max(1, math.ceil(float(minutes) / DAY)), 0
    raise ScenarioError(
        "a prosimos scenario needs 'horizon' (start and end dates) or 'horizon_minutes'",
        key="horizon",
        value=None,
    )


def _calendar_weeks(data: dict[str, Any]) -> dict[str, Week]:
    weeks: dict[str, Week] = {}
    for index, entry in enumerate(_section(data, "resource_calendars")):
        key = f"resource_calendars.{index}.time_periods"
        weeks[str(entry.get("id"))] = week_from_slots(entry.get("time_periods") or [], key)
    return weeks


def _arrival_week(data: dict[str, Any], weeks: dict[str, Week], first_pools: list[_Pool]) -> Week:
    """The arrival calendar, or (as Prosimos does) the union of the first tasks' calendars."""
    if data.get("arrival_time_calendar"):
        return week_from_slots(data["arrival_time_calendar"], "arrival_time_calendar")
    return [
        merge_segments([s for pool in first_pools for s in weeks[pool.calendar][d]])
        for d in range(7)
    ]


def _demand(week: Week, mean_gap: float, days: int, start_weekday: int) -> Demand:
    open_per_day = [sum(e - b for b, e in day) for day in week]
    rate = np.array(
        [[open_per_day[(start_weekday + d) % 7] / mean_gap for d in range(days)]], np.float64
    )
    edges = np.unique(np.array([0.0, DAY] + [t for day in week for s in day for t in s]))
    weights = np.zeros(len(edges) - 1)
    for day in week:
        for begin, end in day:
            weights += np.clip(np.minimum(edges[1:], end) - np.maximum(edges[:-1], begin), 0, None)
    if weights.sum() <= 0.0:
        raise InteropError("the arrival calendar has no open time")
    return Demand(
        day_rate=rate,
        channel_share=np.array([1.0, 0.0, 0.0]),
        tod_edges=edges,
        tod_weights=np.tile(weights / weights.sum(), (3, 1)),
        mix_off=np.array([0, 1], np.int64),
        mix_process=np.array([0], np.int32),
        mix_cumprob=np.array([1.0]),
    )


def _first_tasks(nodes: list[GraphNode]) -> list[str]:
    """BPMN ids of the tasks a new case enables, walking through gateways."""
    seen, stack, found = {0}, list(nodes[0].succ), []
    while stack:
        index = stack.pop()
        if index in seen:
            continue
        seen.add(index)
        if nodes[index].kind == NodeKind.TASK:
            found.append(nodes[index].element)
        elif nodes[index].kind in (NodeKind.XOR, NodeKind.AND_SPLIT, NodeKind.AND_JOIN):
            stack.extend(nodes[index].succ)
    return found


def _routing_arrays(nodes: list[GraphNode]) -> dict[str, np.ndarray]:
    kinds = [n.kind for n in nodes]
    join_slots = np.cumsum([k == NodeKind.AND_JOIN for k in kinds]) - 1
    cum: list[float] = []
    for node in nodes:
        total = sum(node.prob) or 1.0
        running = np.cumsum(node.prob) / total
        cum.extend([*running[:-1].tolist(), 1.0] if node.succ else [])
    return {
        "kind": np.array(kinds, np.int8),
        "join_slot": np.where(np.array(kinds) == NodeKind.AND_JOIN, join_slots, -1).astype(
            np.int32
        ),
        "join_need": np.array([n.join_need for n in nodes], np.int32),
        "off": np.concatenate([[0], np.cumsum([len(n.succ) for n in nodes])]).astype(np.int64),
        "node": np.array([s for n in nodes for s in n.succ], np.int32),
        "cumprob": np.array(cum, np.float64),
    }


def read_prosimos(
    bpmn: Path, parameters: Path, *, days: int, start_weekday: int = 0, name: str = ""
) -> Model:
    """Read a Prosimos model from its two files (see the module docstring)."""
    data = _read_json(parameters)
    process = parse_bpmn(bpmn)
    nodes, _ = build_nodes(process, _branching(data))
    warnings: list[str] = []
    pools, of_resource = _pools(data, warnings)
    tasks = _task_rows(data, process, of_resource, warnings)
    weeks = _calendar_weeks(data)
    for pool in pools:
        if pool.calendar not in weeks:
            raise InteropError(f"profile {pool.name!r}: calendar {pool.calendar!r} is undefined")
    n_days = days + DRAIN_DAYS
    cal_ids = sorted({p.calendar for p in pools})
    calendars = [week_segments(weeks[c], n_days, start_weekday) for c in cal_ids]
    timers = _timer_rows(data, nodes, warnings)
    specs = [tasks[n.element][1] for n in nodes if n.kind == NodeKind.TASK]
    specs += [timers[n.element] for n in nodes if n.kind == NodeKind.DELAY]
    is_task = np.array([n.kind == NodeKind.TASK for n in nodes])
    is_timer = np.array([n.kind == NodeKind.DELAY for n in nodes])
    task_rows = np.cumsum(is_task) - 1
    timer_rows = int(is_task.sum()) + np.cumsum(is_timer) - 1
    node_pool = [tasks[n.element][0] if n.kind == NodeKind.TASK else -1 for n in nodes]
    routing = _routing_arrays(nodes)
    network = Network(
        n_centres=1,
        n_kinds=len(pools),
        pool_servers=np.array([p.servers for p in pools], np.int32),
        pool_calendar=np.array([cal_ids.index(p.calendar) for p in pools], np.int32),
        remote_pool_kind=-1,
        nbr_off=np.zeros(2, np.int64),
        nbr_centre=np.zeros(0, np.int32),
        proc_start=np.zeros(1, np.int32),
        proc_deadline=np.array([np.inf]),
        proc_deadline_elapsed=np.ones(1, np.bool_),
        proc_field=np.zeros(1, np.int32),
        proc_anywhere=np.zeros(1, np.bool_),
        proc_n_joins=np.array([int((routing["kind"] == NodeKind.AND_JOIN).sum())], np.int32),
        node_kind=routing["kind"],
        node_join_slot=routing["join_slot"],
        node_join_need=routing["join_need"],
        succ_off=routing["off"],
        succ_node=routing["node"],
        succ_cumprob=routing["cumprob"],
        node_flags=np.where(is_timer, int(NodeFlag.LAG_ELAPSED), int(NodeFlag.NONE)).astype(
            np.int32
        ),
        node_pool_kind=np.array(node_pool, np.int32),
        node_work_dist=np.where(is_task, task_rows, -1).astype(np.int32),
        node_lag_dist=np.where(is_timer, timer_rows, -1).astype(np.int32),
        dists=pack(specs),
        calendars=build_calendars([*calendars, always_open(n_days)]),
        statutory_calendar=len(calendars),
        horizon=days * DAY,
        n_days=n_days,
        centre_names=("prosimos",),
        kind_names=tuple(p.name for p in pools),
        process_names=(process.id or bpmn.stem,),
        field_names=("prosimos",),
        meta={
            "warnings": warnings,
            "source": "prosimos",
            "start_weekday": start_weekday,
            "node_elements": [n.element for n in nodes],
        },
    )
    first = [pools[tasks[t][0]] for t in _first_tasks(nodes)]
    arrival = data.get("arrival_time_distribution")
    if not isinstance(arrival, dict):
        raise InteropError("the Prosimos parameters need an 'arrival_time_distribution'")
    gap = mean_seconds(arrival, "arrival_time_distribution") / 60.0
    if gap <= 0.0:
        raise InteropError(f"arrival_time_distribution has mean {gap} minutes; must be > 0")
    demand = _demand(_arrival_week(data, weeks, first), gap, days, start_weekday)
    return Model(network=network, demand=demand, name=name or bpmn.stem)


def load_prosimos(scenario: Scenario) -> Model:
    """The model of a ``kind: prosimos`` scenario."""
    model = scenario.document.get("model") or {}
    base = Path(scenario.source).parent if scenario.source else Path.cwd()
    days, start_weekday = _horizon(scenario.document)
    paths = {}
    for key in ("bpmn", "parameters"):
        path = base / str(model.get(key, ""))
        if not path.is_file():
            raise ScenarioError(
                f"model.{key}: {model.get(key)!r} is not a file (paths are relative to the "
                "scenario file)",
                key=f"model.{key}",
                value=model.get(key),
            )
        paths[key] = path
    return read_prosimos(
        paths["bpmn"], paths["parameters"], days=days, start_weekday=start_weekday,
        name=scenario.name,
    )  # fmt: skip
