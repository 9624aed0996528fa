"""Write one process of one centre as a Prosimos model (BPMN + JSON parameters).

Lifecycle: a compiled :class:`~simulations.model.Model` -> :func:`export_prosimos` ->
``<name>.bpmn`` and ``<name>.json`` that Prosimos 2.1 runs natively and that
:func:`simulations.prosimos.read_prosimos` reads back into the same routing nodes and
means. Used to compare our results and speed with Prosimos on one model.

What is written and what is approximated:

- every pool kind the process uses becomes a resource profile with the centre's servers;
  its calendar is, for each weekday, the most frequent day of the pool's calendar over
  the simulated days (public holidays drop out);
- a task's work distribution is written in seconds (triangular and empirical ones as a
  gamma of the same mean and variance, Prosimos 2.1 having no sampler for them);
- a lag becomes an intermediate timer event after its node; Prosimos timers count
  elapsed time, so a lag in statutory working minutes is stretched by the statutory
  calendar's elapsed-to-open ratio over the horizon (the same mean delay, not the same
  weekend pattern);
- all ``END``/``TERMINATE`` nodes share Prosimos's single end event;
- arrivals are exponential inter-arrival times over an arrival calendar made of the
  in-person time-of-day bins, each weekday open long enough to receive its mean volume
  of the process at the centre (seasonal peaks average out). Every dossier is treated
  as in person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree

from simulations.distributions import DistSpec
from simulations.errors import InteropError
from simulations.model import Channel, DistKind, Model, Network, NodeFlag, NodeKind
from simulations.prosimos_bpmn import BPMN_NS
from simulations.prosimos_params import DAY, Week, dist_to_prosimos, merge_segments, week_to_slots

__all__ = ["calendar_week", "export_prosimos"]

K = NodeKind


def _spec(network: Network, row: int) -> DistSpec:
    d = network.dists
    values = tuple(d.emp_values[d.emp_off[row] : d.emp_off[row + 1]].tolist())
    return DistSpec(DistKind(int(d.kind[row])), float(d.p1[row]), float(d.p2[row]),
                    float(d.p3[row]), values)  # fmt: skip


def calendar_week(network: Network, calendar: int, start_weekday: int) -> Week:
    """The most frequent open hours of each weekday of one calendar."""
    cal = network.calendars
    lo, hi = int(cal.off[calendar]), int(cal.off[calendar + 1])
    if hi == lo:
        return [[(0.0, DAY)] for _ in range(7)]
    days: dict[int, list[tuple[float, float]]] = {d: [] for d in range(network.n_days)}
    for start, end in zip(cal.seg_start[lo:hi], cal.seg_end[lo:hi], strict=True):
        for d in range(int(start // DAY), min(int(np.ceil(end / DAY)), network.n_days)):
            b, e = max(start, d * DAY) - d * DAY, min(end, (d + 1) * DAY) - d * DAY
            if e > b:
                days[d].append((round(b, 3), round(e, 3)))
    counts: list[Counter[tuple[tuple[float, float], ...]]] = [Counter() for _ in range(7)]
    for d, segments in days.items():
        counts[(start_weekday + d) % 7][tuple(merge_segments(segments))] += 1
    return [list(c.most_common(1)[0][0]) if c else [] for c in counts]


def _start_weekday(network: Network) -> int:
    """Weekday (Monday 0) of day 0: from the model's meta, Monday when it is not known."""
    value = network.meta.get("start_weekday")
    if isinstance(value, int):
        return value
    start = network.meta.get("start")
    if isinstance(start, dt.date):
        return start.weekday()
    if isinstance(start, str):
        return dt.date.fromisoformat(start[:10]).weekday()
    return 0


def _reachable(network: Network, start: int) -> list[int]:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        for s in network.succ_node[network.succ_off[node] : network.succ_off[node + 1]]:
            if int(s) not in seen:
                seen.add(int(s))
                stack.append(int(s))
    return sorted(seen)


class _Writer:
    """Builds the BPMN elements, flows and JSON sections of one process."""

    def __init__(self, model: Model, process: int) -> None:
        self.net = model.network
        self.nodes = _reachable(self.net, int(self.net.proc_start[process]))
        self.elements: list[tuple[str, str, str]] = []  # tag, id, name
        self.flows: list[tuple[str, str, str]] = []  # id, source, target
        self.branching: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.tasks: dict[str, tuple[int, DistSpec]] = {}
        self.preds = Counter(
            int(s)
            for n in self.nodes
            for s in self.net.succ_node[self.net.succ_off[n] : self.net.succ_off[n + 1]]
        )
        stat = int(self.net.statutory_calendar)
        lo, hi = self.net.calendars.off[stat], self.net.calendars.off[stat + 1]
        open_min = float(
            np.sum(self.net.calendars.seg_end[lo:hi] - self.net.calendars.seg_start[lo:hi])
        )
        span = float(self.net.calendars.seg_end[hi - 1]) if hi > lo else 1.0
        self.stretch = span / open_min if open_min > 0 else 1.0

    def _timer(self, node: int, ident: str) -> None:
        """Append the timer element ``ident`` that waits the node's lag."""
        spec = _spec(self.net, int(self.net.node_lag_dist[node]))
        if not self.net.node_flags[node] & NodeFlag.LAG_ELAPSED:
            spec = spec.scaled(self.stretch)
        self.elements.append(("intermediateCatchEvent", ident, f"wait {node}"))
        self.events.append({"event_id": ident, **dist_to_prosimos(spec)})

    def node(self, node: int) -> tuple[str, str]:
        """Append a node's elements; return its (entry, exit) element ids."""
        net, ident = self.net, f"n{node}"
        kind = int(net.node_kind[node])
        has_lag = net.node_lag_dist[node] >= 0
        if kind in (K.END, K.TERMINATE):
            return "end", "end"
        entry = ident
        if kind == K.AND_SPLIT and self.preds[node] > 1:  # a parallel gateway would join
            entry = f"n{node}_merge"
            self.elements.append(("exclusiveGateway", entry, entry))
            self.flows.append((f"f{node}_merge", entry, ident))
        if kind == K.START:
            self.elements.append(("startEvent", ident, "start"))
        elif kind == K.TASK:
            pool_kind, row = int(net.node_pool_kind[node]), int(net.node_work_dist[node])
            self.elements.append(("task", ident, f"{self.kind_name(pool_kind)} {node}"))
            self.tasks[ident] = (pool_kind, _spec(net, row) if row >= 0 else DistSpec.fixed(0.0))
            if has_lag:
                self._timer(node, f"{ident}_lag")
                self.flows.append((f"f{node}_lag", ident, f"{ident}_lag"))
                return entry, f"{ident}_lag"
        elif kind == K.DELAY and has_lag:
            self._timer(node, ident)
        elif kind in (K.XOR, K.DELAY):
            self.elements.append(("exclusiveGateway", ident, ident))
        else:
            self.elements.append(("parallelGateway", ident, ident))
        return entry, ident

    def kind_name(self, kind: int) -> str:
        names = self.net.kind_names
        return names[kind] if kind < len(names) else f"pool{kind}"

    def build(self) -> None:
        ends = {i: self.node(i) for i in self.nodes}
        net = self.net
        for i in self.nodes:
            lo, hi = int(net.succ_off[i]), int(net.succ_off[i + 1])
            cum = [0.0, *net.succ_cumprob[lo:hi].tolist()]
            probs = []
            for k in range(lo, hi):
                flow = f"f{i}_{k - lo}"
                self.flows.append((flow, ends[i][1], ends[int(net.succ_node[k])][0]))
                probs.append({"path_id": flow, "value": cum[k - lo + 1] - cum[k - lo]})
            if net.node_kind[i] == K.XOR and hi - lo > 1:
                self.branching.append({"gateway_id": ends[i][1], "probabilities": probs})
        terminate = all(net.node_kind[i] == K.TERMINATE for i in self.nodes
                        if net.node_kind[i] in (K.END, K.TERMINATE))  # fmt: skip
        self.elements.append(("endEvent", "end", "terminate" if terminate else "end"))


def _bpmn(writer: _Writer, process_id: str) -> bytes:
    ns = f"{{{BPMN_NS}}}"
    root = etree.Element(ns + "definitions", nsmap={None: BPMN_NS})
    root.set("id", f"{process_id}_definitions")
    root.set("targetNamespace", "http://motcua.example/prosimos")
    process = etree.SubElement(root, ns + "process", id=process_id, isExecutable="true")
    for tag, ident, name in writer.elements:
        element = etree.SubElement(process, ns + tag, id=ident, name=name)
        if tag == "intermediateCatchEvent":
            etree.SubElement(element, ns + "timerEventDefinition")
        if tag == "endEvent" and name == "terminate":
            etree.SubElement(element, ns + "terminateEventDefinition")
    for ident, source, target in writer.flows:
        etree.SubElement(process, ns + "sequenceFlow", id=ident, sourceRef=source, targetRef=target)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out


def _first_minutes(bins: list[tuple[float, float]], minutes: float) -> list[tuple[float, float]]:
    """The first ``minutes`` open minutes of a day's bins."""
    out: list[tuple[float, float]] = []
    for begin, end in bins:
        take = min(end - begin, minutes - sum(e - b for b, e in out))
        if take > 1e-9:
            out.append((begin, begin + take))
    return out


def _arrivals(model: Model, process: int, centre: int, weekday0: int) -> dict[str, Any]:
    """Exponential gaps at the busiest weekday's rate; quieter weekdays open shorter.

    Prosimos draws arrivals at one rate over the open minutes of one weekly calendar, so
    each weekday's mean volume is kept by opening it for the matching share of the
    in-person time-of-day bins (from the morning on).
    """
    demand = model.demand
    rate = demand.day_rate[centre]
    lo, hi = int(demand.mix_off[centre]), int(demand.mix_off[centre + 1])
    cum = [0.0, *demand.mix_cumprob[lo:hi].tolist()]
    share = sum(
        cum[k + 1] - cum[k] for k in range(hi - lo) if demand.mix_process[lo + k] == process
    )
    weekday = (np.arange(len(rate)) + weekday0) % 7
    by_day = [float(rate[weekday == w].mean()) * share if (weekday == w).any() else 0.0
              for w in range(7)]  # fmt: skip
    edges, weights = demand.tod_edges, demand.tod_weights[Channel.IN_PERSON]
    bins = merge_segments([(float(edges[i]), float(edges[i + 1])) for i in range(len(weights))
                           if weights[i] > 0])  # fmt: skip
    daily = sum(e - b for b, e in bins)
    busiest = max(by_day)
    if busiest <= 0.0 or daily <= 0.0:
        raise InteropError(f"centre {centre} receives no dossiers of process {process}")
    week: Week = [_first_minutes(bins, daily * v / busiest) for v in by_day]
    return {
        "arrival_time_distribution": dist_to_prosimos(DistSpec.exponential(daily / busiest)),
        "arrival_time_calendar": week_to_slots(week),
    }


def _parameters(writer: _Writer, model: Model, process: int, centre: int) -> dict[str, Any]:
    net, weekday0 = model.network, _start_weekday(model.network)
    kinds = sorted({k for k, _ in writer.tasks.values()})
    profiles, calendars = [], []
    for kind in kinds:
        name, pool = writer.kind_name(kind), net.pool(centre, kind)
        if net.pool_servers[pool] <= 0:
            raise InteropError(f"pool {name!r} of centre {centre} has no servers to export")
        assigned = [t for t, (k, _) in writer.tasks.items() if k == kind]
        profiles.append({"id": f"{name}_profile", "name": name, "resource_list": [
            {"id": name, "name": name, "cost_per_hour": 1, "amount": int(net.pool_servers[pool]),
             "calendar": f"{name}_calendar", "assignedTasks": assigned}]})  # fmt: skip
        week = calendar_week(net, int(net.pool_calendar[pool]), weekday0)
        calendars.append({"id": f"{name}_calendar", "name": f"{name} hours",
                          "time_periods": week_to_slots(week)})  # fmt: skip
    return {
        "resource_profiles": profiles,
        **_arrivals(model, process, centre, weekday0),
        "gateway_branching_probabilities": writer.branching,
        "task_resource_distribution": [
            {
                "task_id": t,
                "resources": [{"resource_id": writer.kind_name(k), **dist_to_prosimos(s)}],
            }
            for t, (k, s) in writer.tasks.items()
        ],
        "event_distribution": writer.events,
        "resource_calendars": calendars,
    }


def export_prosimos(model: Model, process: int, centre: int, out_dir: Path) -> tuple[Path, Path]:
    """Write ``process`` as run at ``centre``; returns the BPMN and JSON paths."""
    net = model.network
    if not 0 <= process < len(net.proc_start) or not 0 <= centre < net.n_centres:
        raise InteropError(
            f"process {process} / centre {centre} out of range: the model has "
            f"{len(net.proc_start)} processes and {net.n_centres} centres"
        )
    names = net.process_names
    stem = names[process] if process < len(names) else f"process{process}"
    stem = "".join(c if c.isalnum() else "_" for c in stem) or f"process{process}"
    writer = _Writer(model, process)
    writer.build()
    out_dir.mkdir(parents=True, exist_ok=True)
    bpmn, params = out_dir / f"{stem}.bpmn", out_dir / f"{stem}.json"
    bpmn.write_bytes(_bpmn(writer, stem))
    params.write_text(json.dumps(_parameters(writer, model, process, centre), indent=1))
    return bpmn, params
