"""The province's demand: how many dossiers arrive where, when, by which channel, for what.

Lifecycle: scenario ``demand`` section + the compiled centres and processes ->
:func:`build_demand` -> :class:`simulations.model.Demand` -> sampled per replication by
:func:`simulations.arrivals.sample_arrivals`.

Everything here is modelled on DESIGN.md's calibration facts, not fitted to a log:

- a commune-level centre receives ``daily_per_commune`` (29) x its geography weight x
  ``scale`` dossiers a working day; the provincial centre, which hosts the departments'
  counters, ``daily_province`` (1,200), which brings a province-year to ~1.2M dossiers;
- day of week: Monday 1.3, Tuesday 1.05, Wednesday 1.0, Thursday 0.9, Friday 0.75 (mean
  1); a make-up working Saturday 1.0; non-working days 0;
- after Tết (the longest run of days off in January-March) the first working days reach
  ``tet_peak`` (2.5) times the mean, decaying exponentially over ``tet_days`` (10) working
  days, when ``seasonal_peaks``;
- Saturday service moves ``saturday_share`` (15 %) of a centre's in-person dossiers of
  the week to its Saturday, keeping the weekly total: the Saturday sees in-person
  visitors only, within its service hours, and that week's working days see fewer
  (their own day profile, :attr:`Demand.day_profile`);
- channels: 80 % online, 3 % postal, the rest in person (``online_share`` overrides the
  online share; postal stays 3 % while room is left);
- time of day in 30-minute bins: in person within office hours (to 16:30) with a morning
  peak 08:00-10:00; online over 24 hours with the bulk 07:00-22:00; postal office hours;
- procedure mix: commune centres draw the commune-level procedures, the provincial
  centre the province-level ones, with deterministic weights :func:`volume_weights`.
"""

from __future__ import annotations

import datetime as dt
import math
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from bpmn.catalog.model import Level, Procedure
from simulations.model import Demand

__all__ = [
    "CHANNEL_SHARE",
    "FIELD_BOOST",
    "SATURDAY_SHARE",
    "TET_PEAK",
    "WEEKDAY_FACTORS",
    "build_demand",
    "channel_share",
    "day_factors",
    "tet_restarts",
    "time_of_day",
    "volume_weights",
]

F64 = npt.NDArray[np.float64]
WEEKDAY_FACTORS = {"mon": 1.3, "tue": 1.05, "wed": 1.0, "thu": 0.9, "fri": 0.75, "sat": 1.0}
_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CHANNEL_SHARE = (0.17, 0.80, 0.03)  # in person, online, postal
#: share of a week's in-person dossiers that come on the Saturday when a centre opens then
SATURDAY_SHARE = 0.15
_SHIFTED_WEEK, _SATURDAY = 1, 2  # day profiles (profile 0: an ordinary day)
#: high-volume fields (civil status, certification, land, business, ID and tax) weigh more
FIELD_BOOST = {
    "ho_tich": 8.0,
    "chung_thuc": 8.0,
    "dat_dai": 6.0,
    "ho_kinh_doanh": 3.0,
    "bao_tro_xa_hoi": 2.0,
    "nguoi_co_cong": 1.5,
    "doanh_nghiep": 4.0,
    "duong_bo": 4.0,
    "thue": 3.0,
    "can_cuoc": 3.0,
    "xay_dung": 2.0,
    "lao_dong_viec_lam": 2.0,
}
#: a commune's busiest day after Tết reaches 10-15x its mean in the reports, but the
#: offices then work overtime, which the model has no notion of; a 2.5x surge keeps the
#: backlog it leaves (late dossiers into March) at the size the yearly on-time rates show
TET_PEAK = 2.5
_ZIPF_EXPONENT = 0.8
_BIN = 30
_TET_WINDOW_DAYS = 75  # a Tết break starts in the first 75 days of a year
_TET_MIN_GAP = 4


def volume_weights(procedures: Sequence[Procedure]) -> F64:
    """Relative volume of each procedure among those of its level.

    A Zipf law over a stable order (crc32 of the code: the same catalogue gives the same
    weights on every machine), times the field's boost: a handful of procedures carry
    most dossiers, as in the published statistics.
    """
    weights = np.zeros(len(procedures))
    for level in Level:
        members = [i for i, p in enumerate(procedures) if p.level is level]
        members.sort(key=lambda i: (zlib.crc32(procedures[i].code.encode()), i))
        for rank, index in enumerate(members):
            boost = FIELD_BOOST.get(procedures[index].field, 1.0)
            weights[index] = boost / (rank + 1) ** _ZIPF_EXPONENT
    return weights


def channel_share(online_share: float | None) -> F64:
    if online_share is None:
        return np.array(CHANNEL_SHARE)
    postal = min(CHANNEL_SHARE[2], 1.0 - online_share)
    return np.array([1.0 - online_share - postal, online_share, postal])


def time_of_day() -> tuple[F64, F64]:
    """Edges (minutes) and per-channel weights of the arrival time-of-day histogram."""
    edges = np.arange(0, 1440 + _BIN, _BIN, dtype=np.float64)
    mids = edges[:-1] + _BIN / 2
    office = ((mids > 450) & (mids < 690)) | ((mids > 810) & (mids < 990))
    in_person = office * np.where((mids > 480) & (mids < 600), 2.0, 1.0)
    online = np.where((mids > 420) & (mids < 1320), 3.0, 0.5)
    postal = office * 1.0
    weights = np.vstack([in_person, online, postal]).astype(np.float64)
    return edges, weights / weights.sum(axis=1, keepdims=True)


def tet_restarts(working: np.ndarray, day0: dt.date, n: int) -> list[int]:
    """The first working day after each Tết break, as day numbers in ``0 .. n - 1``.

    A Tết break is the longest run of at least four consecutive days off starting in
    the first 75 days of a year; it is found from the working calendar, so no lunar
    table is needed.
    """
    is_working = np.zeros(n + 60, dtype=bool)
    inside = working[(working >= 0) & (working < n + 60)]
    is_working[inside] = True
    restarts = []
    for year in range(day0.year, (day0 + dt.timedelta(days=n)).year + 1):
        first = (dt.date(year, 1, 1) - day0).days
        best, best_len, run = -1, 0, -1
        for d in range(max(0, first), min(n + 60, first + _TET_WINDOW_DAYS + 15)):
            if not is_working[d]:
                run = d if run < 0 else run
                continue
            if run >= 0 and d - run > best_len and run < first + _TET_WINDOW_DAYS:
                best, best_len = d, d - run
            run = -1
        if best_len >= _TET_MIN_GAP and best < n:
            restarts.append(best)
    return restarts


def day_factors(
    working: np.ndarray,
    n: int,
    start_weekday: int,
    profiles: Mapping[str, Any],
    tet: Sequence[int],
) -> F64:
    """Demand factor of each of ``n`` days: day of week x Tết surge, 0 on days off."""
    weekday = {**WEEKDAY_FACTORS, **(profiles.get("weekday") or {})}
    factors = np.zeros(n)
    days = working[(working >= 0) & (working < n)]
    names = [_WEEKDAY_NAMES[(start_weekday + int(d)) % 7] for d in days]
    factors[days] = [weekday.get(name, 1.0) for name in names]
    peak = float(profiles.get("tet_peak", TET_PEAK))
    span = int(profiles.get("tet_days", 10))
    order = {int(d): i for i, d in enumerate(days)}
    for restart in tet:
        first = order.get(restart)
        if first is None:
            continue
        for i, d in enumerate(days[first : first + span]):
            factors[d] *= 1.0 + (peak - 1.0) * math.exp(-3.0 * i / span)
    return factors


def _saturday_shift(rates: F64, profile: np.ndarray, saturdays: np.ndarray, moved: float) -> None:
    """Move ``moved`` (the share of in-person dossiers x the in-person share) of each
    week's dossiers to that week's Saturday, in place; mark the days' profiles."""
    for sat in saturdays:
        week = slice(max(0, int(sat) - 5), int(sat))
        total = rates[week].sum()
        if total <= 0:
            continue
        rates[week] *= 1.0 - moved
        rates[int(sat)] += moved * total
        profile[week] = _SHIFTED_WEEK
        profile[int(sat)] = _SATURDAY


def _saturday_profiles(
    shares: F64, weights: F64, edges: F64, moved: float, hours: str
) -> tuple[F64, F64]:
    """Channel shares and time-of-day weights of the three day profiles."""
    shifted = shares.copy()
    shifted[0] -= moved
    shifted /= shifted.sum()
    mids = edges[:-1] + np.diff(edges) / 2
    end = 690 if hours == "morning" else 990
    saturday = ((mids > 450) & (mids < 690)) | ((mids > 810) & (mids < end))
    sat_weights = np.zeros_like(weights)
    sat_weights[0] = saturday / saturday.sum()
    sat_weights[1:] = weights[1:]  # no dossier of these channels on the Saturday
    return (
        np.vstack([shares, shifted, [1.0, 0.0, 0.0]]),
        np.stack([weights, weights, sat_weights]),
    )


def build_demand(
    *,
    centre_weights: Sequence[float],
    centre_is_province: Sequence[bool],
    factors: F64,
    saturday: Mapping[int, np.ndarray],
    mixes: Sequence[tuple[np.ndarray, F64]],
    demand: Mapping[str, Any],
    saturday_hours: str = "morning",
) -> Demand:
    """Assemble :class:`Demand`; ``saturday`` maps a centre index to its Saturday days.

    ``mixes[c]`` is centre ``c``'s (process indices, weights); ``factors`` comes from
    :func:`day_factors` (or ones on working days when ``seasonal_peaks`` is off).
    """
    scale = float(demand["scale"])
    profiles = demand.get("profiles") or {}
    shares = channel_share(demand.get("online_share"))
    moved = float(profiles.get("saturday_share", SATURDAY_SHARE)) * float(shares[0])
    n_centres, n_days = len(centre_weights), len(factors)
    day_rate = np.zeros((n_centres, n_days))
    day_profile = np.zeros((n_centres, n_days), dtype=np.int8)
    for c in range(n_centres):
        base = (
            float(demand["daily_province"])
            if centre_is_province[c]
            else float(demand["daily_per_commune"]) * float(centre_weights[c])
        )
        day_rate[c] = base * scale * factors
        if c in saturday:
            _saturday_shift(day_rate[c], day_profile[c], saturday[c], moved)
    edges, weights = time_of_day()
    off = np.zeros(n_centres + 1, dtype=np.int64)
    processes, cumprob = [], []
    for c, (procs, w) in enumerate(mixes):
        if len(procs) == 0:
            day_rate[c] = 0.0
        total = float(w.sum()) or 1.0
        cum = np.cumsum(w) / total
        if len(cum):
            cum[-1] = 1.0
        processes.append(procs.astype(np.int32))
        cumprob.append(cum)
        off[c + 1] = off[c] + len(procs)
    profiles = (
        _saturday_profiles(shares, weights, edges, moved, saturday_hours)
        if day_profile.any()
        else None
    )
    return Demand(
        day_rate=day_rate,
        channel_share=shares,
        tod_edges=edges,
        tod_weights=weights,
        mix_off=off,
        mix_process=np.concatenate(processes) if processes else np.zeros(0, np.int32),
        mix_cumprob=np.concatenate(cumprob) if cumprob else np.zeros(0),
        day_profile=day_profile if profiles else None,
        profile_channel_share=profiles[0] if profiles else None,
        profile_tod_weights=profiles[1] if profiles else None,
    )
