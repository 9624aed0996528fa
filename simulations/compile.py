"""Scenario -> Model: the province compiler, and the dispatch to the other kinds.

Lifecycle of a province scenario::

    catalogue rows (bpmn.catalog.generate, or the API's published procedures)
      -> BPMN diagrams (published XML, or rendered by bpmn.generator.render)
      -> routing graphs, one per diagram shape (simulations.routing)
      -> node arrays with durations, branch probabilities, deadlines (compile_nodes)
      -> demand (simulations.demand), pools, calendars, levers (simulations.province)
      -> Model(Network, Demand)

``kind: queueing`` builds a textbook network (:func:`simulations.queueing.queueing_model`)
and ``kind: prosimos`` reads a Prosimos model (:func:`simulations.prosimos.load_prosimos`).
Compiling is deterministic: the same scenario and catalogue give equal arrays.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.geography import FIELDS, Centre, CentreKind
from bpmn.catalog.model import Archetype, Level, Procedure, TimeUnit
from bpmn.generator import render
from simulations.compile_load import commune_kinds, pool_load
from simulations.compile_nodes import (
    DEFAULT_LAGS,
    DEFAULT_ROUTING,
    STEP_WORK,
    WAITS,
    NodeTable,
    ProcessParams,
)
from simulations.demand import build_demand, day_factors, tet_restarts, volume_weights
from simulations.distributions import DistSpec
from simulations.errors import ScenarioError
from simulations.model import Calendars, Demand, Model, Network, PoolKind
from simulations.province import (
    KIND_NAMES,
    Days,
    apply_staffing,
    build_province_calendars,
    default_staff,
    flex_policy,
    neighbours,
    province_days,
    saturday_shifts,
    select_centres,
)
from simulations.routing import GraphCache, RoutingGraph, structure_key
from simulations.scenario import Scenario

__all__ = ["appointment_free_codes", "compile_scenario"]

_N_KINDS = len(PoolKind)
_SHORT_DAYS = 3


def compile_scenario(
    scenario: Scenario,
    *,
    procedures: Sequence[Procedure] | None = None,
    diagrams: Mapping[str, bytes] | None = None,
) -> Model:
    """The model of ``scenario``; raises ScenarioError or CompileError."""
    doc = scenario.document
    if scenario.kind == "queueing":
        return _queueing(scenario)
    if scenario.kind == "prosimos":
        from simulations.prosimos import load_prosimos  # noqa: PLC0415 - optional reader

        return load_prosimos(scenario)
    procs = list(procedures) if procedures is not None else generate_catalog()
    return _province(scenario.name, doc, procs, diagrams or {})


def _queueing(scenario: Scenario) -> Model:
    from simulations.queueing import Station, queueing_model  # noqa: PLC0415 - kernel side

    doc = scenario.document
    stations = [
        Station(
            s["name"],
            s["servers"],
            DistSpec.from_mapping(s["service"], key=f"stations.{i}.service"),
        )
        for i, s in enumerate(doc["stations"])
    ]
    names = [s.name for s in stations]
    if "horizon_minutes" in doc:
        horizon = float(doc["horizon_minutes"])
    else:
        start = dt.date.fromisoformat(doc["horizon"]["start"])
        end = dt.date.fromisoformat(doc["horizon"]["end"])
        horizon = ((end - start).days + 1) * 1440.0
    return queueing_model(
        stations,
        [names.index(n) for n in doc["route"]],
        rate_per_minute=float(doc["arrivals"]["rate_per_minute"]),
        horizon_minutes=horizon,
        name=scenario.name,
    )


def _check_codes(key: str, codes: Sequence[str], known: set[str], what: str) -> None:
    for i, code in enumerate(codes):
        if code not in known:
            raise ScenarioError(
                f"{key}.{i}: unknown {what} {code!r}; use a code of the catalogue",
                key=f"{key}.{i}",
                value=code,
            )


def _selected(proc: Procedure, lever: Mapping[str, Any]) -> bool:
    procs, fields = lever.get("procedures") or [], lever.get("fields") or []
    if not procs and not fields:
        return True
    return proc.code in procs or proc.field in fields


def _eligible_free(proc: Procedure) -> bool:
    """Could be resolved during the visit: flagged so, or a short counter procedure."""
    short = proc.time_unit is TimeUnit.HOURS or (
        proc.time_unit is TimeUnit.WORKING_DAYS and proc.statutory_time <= _SHORT_DAYS
    )
    return proc.appointment_free or (
        proc.archetype in (Archetype.SAME_DAY, Archetype.STANDARD) and short
    )


def appointment_free_codes(
    procedures: Sequence[Procedure], lever: Mapping[str, Any] | None, volume: np.ndarray
) -> set[str]:
    """The procedures resolved within the visit under the appointment-free lever.

    ``count`` takes the highest-volume eligible procedures (among those selected by
    ``procedures``/``fields``, if given); without ``count``, every selected procedure.
    """
    if lever is None:
        return set()
    chosen = [i for i, p in enumerate(procedures) if _selected(p, lever)]
    if "count" not in lever:
        return {procedures[i].code for i in chosen}
    eligible = [i for i in chosen if _eligible_free(procedures[i])]
    eligible.sort(key=lambda i: (-volume[i], procedures[i].code))
    return {procedures[i].code for i in eligible[: lever["count"]]}


def _graph(cache: GraphCache, proc: Procedure, diagrams: Mapping[str, bytes]) -> RoutingGraph:
    where = f"procedure {proc.code}"
    xml = diagrams.get(proc.code)
    if xml is not None:
        return cache.get(structure_key(xml), lambda: xml, where)
    key = ("generated", proc.archetype.value, len(proc.partner_agencies))
    return cache.get(key, lambda: render(proc), where)


def _params(
    doc: Mapping[str, Any], procs: Sequence[Procedure], free: set[str]
) -> list[ProcessParams]:
    durations = doc.get("durations") or {}
    work = {
        **STEP_WORK,
        **{
            k: DistSpec.from_mapping(v, key=f"durations.{k}")
            for k, v in durations.items()
            if k not in WAITS
        },
    }
    waits = {
        **WAITS,
        **{
            k: DistSpec.from_mapping(v, key=f"durations.{k}")
            for k, v in durations.items()
            if k in WAITS
        },
    }
    given = doc.get("routing") or {}
    routing = {
        **DEFAULT_ROUTING,
        **given,
        "supplement_fields": {
            **DEFAULT_ROUTING["supplement_fields"],
            **given.get("supplement_fields", {}),
        },
    }
    given_lags = doc.get("lags") or {}
    lags = {
        **DEFAULT_LAGS,
        **given_lags,
        "field_share": {**DEFAULT_LAGS["field_share"], **given_lags.get("field_share", {})},
    }
    cut = doc["levers"].get("time_cut")
    out = []
    for proc in procs:
        factor = 1.0
        if cut is not None and _selected(proc, cut):
            factor = 1.0 - cut["percent"] / 100.0
        out.append(
            ProcessParams(
                work,
                waits,
                routing,
                lags,
                cut=factor,
                cut_steps=frozenset(cut.get("tasks") or []) if cut else frozenset(),
                cut_deadline=bool(cut["deadlines"]) if cut else True,
                appointment_free=proc.code in free,
            )
        )
    return out


def _check_levers(doc: Mapping[str, Any], procs: Sequence[Procedure]) -> None:
    codes = {p.code for p in procs}
    fields = {f.code for f in FIELDS}
    for name in ("time_cut", "appointment_free"):
        lever = doc["levers"].get(name)
        if lever:
            _check_codes(
                f"levers.{name}.procedures", lever.get("procedures") or [], codes, "procedure"
            )
            _check_codes(f"levers.{name}.fields", lever.get("fields") or [], fields, "field")
    for key, mapping in (
        ("routing.supplement_fields", (doc.get("routing") or {}).get("supplement_fields", {})),
        ("lags.field_share", (doc.get("lags") or {}).get("field_share", {})),
    ):
        for code in mapping:
            if code not in fields:
                raise ScenarioError(
                    f"{key}.{code}: unknown field {code!r}; use a field code such as "
                    "'dat_dai' (bpmn.catalog.geography.FIELDS)",
                    key=f"{key}.{code}",
                    value=code,
                )


def _mixes(
    centres: Sequence[Centre], procs: Sequence[Procedure], volume: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    by_level = {
        level: np.array([i for i, p in enumerate(procs) if p.level is level], dtype=np.int64)
        for level in Level
    }
    mixes = []
    for c in centres:
        level = Level.PROVINCE if c.kind is CentreKind.PROVINCE else Level.COMMUNE
        members = by_level[level]
        mixes.append((members, volume[members]))
    return mixes


class _Built(NamedTuple):
    table: NodeTable
    arrays: dict[str, np.ndarray]
    calendars: Calendars
    pool_calendar: np.ndarray
    demand: Demand
    load: np.ndarray
    free: set[str]


def _build(
    doc: Mapping[str, Any],
    *,
    procs: list[Procedure],
    diagrams: Mapping[str, bytes],
    cache: GraphCache,
    centres: Sequence[Centre],
    days: Days,
) -> _Built:
    """Node tables, calendars, demand and the work it brings to each pool."""
    levers = doc["levers"]
    volume = volume_weights(procs)
    free = appointment_free_codes(
        procs, levers.get("appointment_free"), _level_volume(procs, volume, doc["demand"])
    )
    table = NodeTable()
    for proc, params in zip(procs, _params(doc, procs, free), strict=True):
        table.add_process(proc, _graph(cache, proc, diagrams), params)
    arrays = table.arrays()
    calendars, pool_calendar, saturday = build_province_calendars(
        centres, days, levers.get("saturday_service")
    )
    mixes = _mixes(centres, procs, volume)
    demand = _demand(doc, centres, days, saturday, mixes)
    n_working = int((days.working < days.horizon_days).sum())
    load = pool_load(table, arrays, demand, mixes, n_working)
    return _Built(table, arrays, calendars, pool_calendar, demand, load, free)


def _as_found(doc: Mapping[str, Any]) -> dict[str, Any]:
    """The document without its levers and demand changes: the province as staffed now.

    Default staffing is sized on this, not on the scenario, so that a scenario that cuts
    processing times or raises demand meets today's staff instead of staff resized for it.
    """
    found = copy.deepcopy(dict(doc))
    found["levers"] = {}
    found["demand"] = {**found["demand"], "scale": 1.0, "online_share": None}
    return found


def _province(
    name: str, doc: Mapping[str, Any], procs: list[Procedure], diagrams: Mapping[str, bytes]
) -> Model:
    _check_levers(doc, procs)
    levers = doc["levers"]
    centres = select_centres(doc["centres"])
    days = province_days(doc["horizon"])
    cache = GraphCache()
    build = functools.partial(
        _build, procs=procs, diagrams=diagrams, cache=cache, centres=centres, days=days
    )
    built = build(doc)
    found = _as_found(doc)
    staffed_for = built.load if found == doc else build(found).load
    nbr_off, nbr_centre = neighbours(centres, levers.get("submit_anywhere"))
    needs = built.load > 0
    if len(nbr_centre):
        needs |= commune_kinds(built.load, centres)
    servers, saturday_rows = apply_staffing(
        centres, default_staff(centres, staffed_for), levers.get("staffing") or [], needs
    )
    shift_time, shift_pool, shift_delta = saturday_shifts(
        centres,
        servers,
        saturday_rows,
        calendars=built.calendars,
        pool_calendar=built.pool_calendar,
        saturdays=days.saturdays,
    )
    field_names = tuple(sorted({p.field for p in procs}))
    network = Network(
        n_centres=len(centres),
        n_kinds=_N_KINDS,
        pool_servers=servers,
        pool_calendar=built.pool_calendar,
        remote_pool_kind=int(PoolKind.DESK),
        nbr_off=nbr_off,
        nbr_centre=nbr_centre,
        proc_field=np.asarray([field_names.index(p.field) for p in procs], dtype=np.int32),
        proc_anywhere=np.asarray([p.level is Level.COMMUNE for p in procs], dtype=np.bool_),
        dists=built.table.distributions(),
        calendars=built.calendars,
        statutory_calendar=0,
        horizon=days.horizon_days * 1440.0,
        n_days=days.n_days,
        flex=flex_policy(centres, levers.get("flexible_staffing")),
        shift_time=shift_time,
        shift_pool=shift_pool,
        shift_delta=shift_delta,
        centre_names=tuple(c.code for c in centres),
        kind_names=KIND_NAMES,
        process_names=tuple(p.code for p in procs),
        field_names=field_names,
        meta={
            "scenario": name,
            "start": days.start.isoformat(),
            "diagram_shapes": cache.parsed,
            "appointment_free": sorted(built.free),
        },
        **built.arrays,
    )
    return Model(network=network, demand=built.demand, name=name)


def _level_volume(
    procs: Sequence[Procedure], volume: np.ndarray, demand: Mapping[str, Any]
) -> np.ndarray:
    """Expected dossiers a day of each procedure across the province (for ranking)."""
    out = np.zeros(len(procs))
    totals = {
        Level.COMMUNE: float(demand["daily_per_commune"]) * 124,
        Level.PROVINCE: float(demand["daily_province"]),
    }
    for level, total in totals.items():
        mask = np.array([p.level is level for p in procs])
        if mask.any():
            out[mask] = volume[mask] / volume[mask].sum() * total
    return out


def _demand(
    doc: Mapping[str, Any],
    centres: Sequence[Centre],
    days: Days,
    saturday: Mapping[int, np.ndarray],
    mixes: Sequence[tuple[np.ndarray, np.ndarray]],
) -> Demand:
    spec = doc["demand"]
    profiles = spec.get("profiles") or {}
    tet = tet_restarts(days.working, days.start, days.horizon_days)
    factors = day_factors(
        days.working,
        days.horizon_days,
        days.start.weekday(),
        profiles,
        tet if spec["seasonal_peaks"] else [],
    )
    if not spec["seasonal_peaks"]:
        factors = (factors > 0).astype(np.float64)
    service = doc["levers"].get("saturday_service") or {}
    return build_demand(
        centre_weights=[c.weight for c in centres],
        centre_is_province=[c.kind is CentreKind.PROVINCE for c in centres],
        factors=factors,
        saturday=saturday,
        mixes=mixes,
        demand=spec,
        saturday_hours=str(service.get("hours", "morning")),
    )
