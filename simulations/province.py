"""The province's side of a compiled scenario: centres, days, calendars, staff, levers.

Lifecycle: scenario -> :func:`province_days` (day numbers from ``horizon.start``) ->
:func:`select_centres` -> :func:`build_province_calendars` -> :func:`default_staff` from
the expected load -> :func:`apply_staffing` (the staffing lever) -> :func:`neighbours`
(submitting anywhere) and :func:`flex_policy` -> arrays of :class:`~simulations.model.Network`.

Pools: one per centre and :class:`~simulations.model.PoolKind` (counter, one-stop desk,
specialist, leader, partner). Partner agencies are modelled as a pool at each centre
(the kernel serves a task at the dossier's centre), standing for the departments'
and the police's staff who answer the centre's consultations.

Default staffing (documented modelling, not measured): counters as in
:mod:`bpmn.catalog.geography` (3-7; 20 at the provincial centre), and for every pool
kind at least ``ceil(load / (450 x 0.7))`` staff, where ``load`` is the expected
server-minutes of work a mean working day brings to that pool (demand x expected
visits x mean work time), so baseline utilisations stay near 0.5-0.85 on ordinary
days; at least one of every kind, so dossiers re-routed by submitting anywhere find a
server.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from bpmn.catalog.geography import CENTRES, Centre, CentreKind
from engine.calendar import DEFAULT_OFFICE_HOURS, WorkingCalendar
from engine.calendar.days import epoch_day
from simulations.calendars import build_calendars, office_segments
from simulations.errors import CompileError, ScenarioError
from simulations.model import Calendars, Flex, PoolKind
from simulations.scenario_schema import POOL_NAMES

__all__ = [
    "DRAIN_DAYS",
    "KIND_NAMES",
    "OFFICE_PERIODS",
    "SATURDAY_MORNING",
    "TARGET_UTILISATION",
    "Days",
    "apply_staffing",
    "build_province_calendars",
    "default_staff",
    "flex_policy",
    "haversine_km",
    "neighbours",
    "province_days",
    "saturday_shifts",
    "select_centres",
]

DRAIN_DAYS = 180
DAY_MINUTES = 1440.0
OFFICE_PERIODS = ((450, 690), (810, 1020))
SATURDAY_MORNING = ((450, 690),)
TARGET_UTILISATION = 0.7
WORKDAY_MINUTES = 450.0
KIND_NAMES = POOL_NAMES
DEFAULT_RADIUS_KM = 15.0
I32 = npt.NDArray[np.int32]


@dataclass(frozen=True)
class Days:
    """Day numbers (0 = ``start``) of the simulated period and its drain."""

    start: dt.date
    horizon_days: int
    n_days: int  # horizon plus drain
    working: np.ndarray  # working days (make-up Saturdays included)
    saturdays: np.ndarray  # Saturdays on which a centre with Saturday service opens


def province_days(horizon: Mapping[str, str]) -> Days:
    """The working days and the servable Saturdays from Vietnam's calendar."""
    start = dt.date.fromisoformat(horizon["start"])
    end = dt.date.fromisoformat(horizon["end"])
    horizon_days = (end - start).days + 1
    n_days = horizon_days + DRAIN_DAYS
    last = start + dt.timedelta(days=n_days + 7)
    calendar = WorkingCalendar.vietnam(
        range(start.year, last.year + 1),
        office_hours=DEFAULT_OFFICE_HOURS.with_saturday_morning(),
    )
    days = np.asarray(calendar.epoch_days, dtype=np.int64) - epoch_day(start)
    working = days[(days >= 0) & (days < n_days)]
    saturdays = [
        d
        for d in range((5 - start.weekday()) % 7, n_days, 7)
        if calendar.has_saturday_service(start + dt.timedelta(days=d))
    ]
    return Days(start, horizon_days, n_days, working, np.asarray(saturdays, dtype=np.int64))


def select_centres(codes: Sequence[str]) -> tuple[Centre, ...]:
    """The simulated centres, in the geography's order; empty = the whole province."""
    if not codes:
        return CENTRES
    known = {c.code for c in CENTRES}
    for index, code in enumerate(codes):
        if code not in known:
            raise ScenarioError(
                f"centres.{index}: unknown centre {code!r}; use codes from "
                "bpmn.catalog.geography.CENTRES such as '000.00.00.H36'",
                key=f"centres.{index}",
                value=code,
            )
    wanted = set(codes)
    return tuple(c for c in CENTRES if c.code in wanted)


def _centre_indices(centres: Sequence[Centre], codes: Sequence[str], key: str) -> list[int]:
    """Indices of ``codes`` among the simulated centres (empty or ``*``: all)."""
    if not codes or "*" in codes:
        return list(range(len(centres)))
    index = {c.code: i for i, c in enumerate(centres)}
    out = []
    for n, code in enumerate(codes):
        if code not in index:
            raise ScenarioError(
                f"{key}.{n}: centre {code!r} is not simulated in this scenario; use one of "
                "the scenario's centres (or leave 'centres' empty for the whole province)",
                key=f"{key}.{n}",
                value=code,
            )
        out.append(index[code])
    return out


def _one_centre(centres: Sequence[Centre], code: str, key: str) -> list[int]:
    """The index of ``code`` (``*``: every centre), the error naming ``key``."""
    if code == "*":
        return list(range(len(centres)))
    for i, centre in enumerate(centres):
        if centre.code == code:
            return [i]
    raise ScenarioError(
        f"{key}: centre {code!r} is not simulated in this scenario; use one of the "
        "scenario's centres, or '*' for all of them",
        key=key,
        value=code,
    )


def build_province_calendars(
    centres: Sequence[Centre], days: Days, saturday: Mapping[str, Any] | None
) -> tuple[Calendars, I32, dict[int, np.ndarray]]:
    """Calendars (0: office hours on working days, the statutory one; 1: plus Saturday).

    Returns the calendars, each pool's calendar and, per centre with Saturday service,
    its Saturday day numbers (for the demand). Saturday service opens only the counters.
    """
    office = office_segments(days.working, OFFICE_PERIODS)
    periods = OFFICE_PERIODS if saturday and saturday.get("hours") == "full" else (SATURDAY_MORNING)
    with_saturday = sorted(office + office_segments(days.saturdays, periods))
    pool_calendar = np.zeros(len(centres) * len(PoolKind), dtype=np.int32)
    open_saturday: dict[int, np.ndarray] = {}
    if saturday is not None:
        for c in _centre_indices(
            centres, saturday.get("centres") or [], "levers.saturday_service.centres"
        ):
            pool_calendar[c * len(PoolKind) + PoolKind.COUNTER] = 1
            open_saturday[c] = days.saturdays[days.saturdays < days.horizon_days]
    return build_calendars([office, with_saturday]), pool_calendar, open_saturday


def default_staff(centres: Sequence[Centre], load: np.ndarray) -> I32:
    """Staff per pool from ``load[c, kind]`` (server-minutes a mean working day)."""
    needed = np.ceil(load / (WORKDAY_MINUTES * TARGET_UTILISATION)).astype(np.int64)
    servers = np.maximum(needed, 1)
    counters = np.array([c.counters for c in centres])
    servers[:, PoolKind.COUNTER] = np.maximum(servers[:, PoolKind.COUNTER], counters)
    return servers.reshape(-1).astype(np.int32)


def apply_staffing(
    centres: Sequence[Centre],
    servers: I32,
    rows: Sequence[Mapping[str, Any]],
    needs: np.ndarray,
) -> tuple[I32, list[dict[str, Any]]]:
    """The staffing lever: later rows win; Saturday-shift rows are returned for
    :func:`saturday_shifts`. ``needs[c, kind]`` says whether a process served at centre
    ``c`` uses that kind: zero staff there is a CompileError.
    """
    out = servers.copy()
    saturday_rows = []
    for n, row in enumerate(rows):
        key = f"levers.staffing.{n}"
        if "centres" in row:
            targets = _centre_indices(centres, row["centres"], f"{key}.centres")
        else:
            targets = _one_centre(centres, row["centre"], f"{key}.centre")
        if row.get("shift") == "saturday":
            saturday_rows.append(dict(row))
            continue
        kind = POOL_NAMES.index(row["pool"])
        for c in targets:
            if row["staff"] == 0 and needs[c, kind]:
                raise CompileError(
                    f"{key}: centre {centres[c].code} cannot have 0 {row['pool']} staff: "
                    "its dossiers need that pool; give at least 1"
                )
            out[c * len(PoolKind) + kind] = row["staff"]
    return out, saturday_rows


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def neighbours(
    centres: Sequence[Centre], lever: Mapping[str, Any] | None
) -> tuple[npt.NDArray[np.int64], I32]:
    """CSR rows of candidate centres within the radius, home first then by distance.

    Candidates are commune-level centres (the provincial centre does not receive
    commune-level dossiers); the radius defaults to 15 km; distances are great-circle
    (haversine) between the geography's coordinates.
    """
    off = np.zeros(len(centres) + 1, dtype=np.int64)
    if not lever or not lever.get("enabled"):
        return off, np.zeros(0, dtype=np.int32)
    radius = lever.get("max_distance_km") or DEFAULT_RADIUS_KM
    rows: list[int] = []
    for i, home in enumerate(centres):
        near = sorted(
            (haversine_km(home.lat, home.lon, other.lat, other.lon), j)
            for j, other in enumerate(centres)
            if j != i and other.kind is not CentreKind.PROVINCE
        )
        rows += [i] + [j for dist, j in near if dist <= radius]
        off[i + 1] = len(rows)
    return off, np.asarray(rows, dtype=np.int32)


def flex_policy(centres: Sequence[Centre], lever: Mapping[str, Any] | None) -> Flex | None:
    if lever is None:
        return None
    threshold = np.full(len(centres), -1, dtype=np.int32)
    limit = np.zeros(len(centres), dtype=np.int32)
    for c in _centre_indices(
        centres, lever.get("centres") or [], "levers.flexible_staffing.centres"
    ):
        threshold[c] = lever["threshold"]
        limit[c] = lever["limit"]
    return Flex(threshold=threshold, limit=limit)


def saturday_shifts(
    centres: Sequence[Centre],
    servers: I32,
    rows: Sequence[Mapping[str, Any]],
    *,
    calendars: Calendars,
    pool_calendar: I32,
    saturdays: np.ndarray,
) -> tuple[npt.NDArray[np.float64], I32, I32]:
    """Staff changes for the ``shift: saturday`` staffing rows (later rows win).

    A Saturday team of ``staff`` replaces the weekday team of a pool open on Saturdays:
    the change is placed at the close before each Saturday (Friday's, or the last
    working day's) and undone at the Saturday's close, so a service is never promised
    at the Saturday opening to staff who are not there.
    """
    staff: dict[int, tuple[int, str]] = {}
    for n, row in enumerate(rows):
        key = f"levers.staffing.{n}"
        if "centres" in row:
            targets = _centre_indices(centres, row["centres"], f"{key}.centres")
        else:
            targets = _one_centre(centres, row["centre"], f"{key}.centre")
        for c in targets:
            staff[c * len(PoolKind) + POOL_NAMES.index(row["pool"])] = (row["staff"], key)
    times: list[float] = []
    pools: list[int] = []
    deltas: list[int] = []
    for pool, (count, key) in sorted(staff.items()):
        cal = int(pool_calendar[pool])
        ends = calendars.seg_end[calendars.off[cal] : calendars.off[cal + 1]]
        opens = calendars.seg_start[calendars.off[cal] : calendars.off[cal + 1]]
        served = [d for d in saturdays if np.any((opens >= d * 1440) & (opens < (d + 1) * 1440))]
        if not served:
            centre, kind = divmod(pool, len(PoolKind))
            raise CompileError(
                f"{key}: the {POOL_NAMES[kind]} pool of centre {centres[centre].code} is not "
                "open on Saturdays; list the centre in levers.saturday_service.centres "
                "(Saturday service opens the counters)"
            )
        delta = int(count) - int(servers[pool])
        for d in served if delta else []:
            before = ends[np.searchsorted(ends, d * 1440.0, side="right") - 1]
            after = ends[np.searchsorted(ends, (d + 1) * 1440.0, side="right") - 1]
            times += [float(before), float(after)]
            pools += [pool, pool]
            deltas += [delta, -delta]
    order = np.argsort(np.array(times), kind="stable")
    return (
        np.array(times, np.float64)[order],
        np.array(pools, np.int32)[order],
        np.array(deltas, np.int32)[order],
    )
