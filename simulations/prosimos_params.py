"""The JSON half of a Prosimos model: durations, weekly calendars, resources, branching.

Prosimos 2.1 (``prosimos.simulation_properties_parser`` and
``pix_framework.statistics.distribution.DurationDistribution``) writes every duration in
seconds as ``{"distribution_name": ..., "distribution_params": [{"value": ...}, ...]}``:

========  ===========================  ============================================
name      params (seconds)             how Prosimos samples it
========  ===========================  ============================================
fix       value                        the value
expon     mean, min, max               ``min`` + exponential of mean ``mean - min``
norm      mean, std, min, max          normal, redrawn until in ``[max(0, min), max]``
lognorm   mean, var, min, max          lognormal with that mean and variance
gamma     mean, var, min, max          gamma with that mean and variance
uniform   min, max                     uniform
========  ===========================  ============================================

Every draw outside ``[max(0, min), max]`` is redrawn. The kernel's distributions have no
shift or truncation, so a conversion keeps the mean (and the variance where the family
allows) and records a warning when the shape changes: a shifted exponential becomes a
plain one of the same mean, a (truncated) normal a gamma of the truncated normal's mean
and variance. ``triang`` is named by Prosimos but has neither parameters nor a sampler in
version 2.1, so it is refused.

Calendars are weekly slots ``{"from": "MONDAY", "to": "FRIDAY", "beginTime": "07:30:00",
"endTime": "11:30:00"}``; :func:`week_segments` lays them over the simulated days.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from simulations.distributions import DistSpec
from simulations.errors import InteropError
from simulations.model import DistKind

__all__ = [
    "DAY",
    "WEEKDAYS",
    "Week",
    "dist_from_prosimos",
    "dist_to_prosimos",
    "mean_seconds",
    "merge_segments",
    "week_from_slots",
    "week_segments",
    "week_to_slots",
]

DAY = 1440.0
WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
#: one list of (begin, end) minutes after midnight per weekday, Monday first
Week = list[list[tuple[float, float]]]


def _params(entry: Mapping[str, Any], key: str, count: int) -> list[float]:
    raw = entry.get("distribution_params")
    try:
        values = [float(p["value"]) for p in raw or []]
    except (TypeError, KeyError, ValueError):
        raise InteropError(
            f"{key}.distribution_params must be a list of {{'value': number}}, got {raw!r}"
        ) from None
    if len(values) < count:
        raise InteropError(
            f"{key}: {entry.get('distribution_name')!r} needs {count} distribution_params, "
            f"got {len(values)}"
        )
    return values


def _truncated_normal(mean: float, std: float, low: float, high: float) -> tuple[float, float]:
    """Mean and variance of a normal redrawn until it falls in ``[max(0, low), high]``."""

    def pdf(z: float) -> float:
        return 0.0 if math.isinf(z) else math.exp(-z * z / 2) / math.sqrt(2 * math.pi)

    def cdf(z: float) -> float:
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2)))

    a, b = (max(low, 0.0) - mean) / std, (high - mean) / std
    mass = cdf(b) - cdf(a)
    if mass <= 1e-12:
        raise InteropError(f"norm({mean}, {std}) has no mass in [{max(low, 0.0)}, {high}]")
    shift = (pdf(a) - pdf(b)) / mass
    za = 0.0 if math.isinf(a) else a * pdf(a)
    zb = 0.0 if math.isinf(b) else b * pdf(b)
    return mean + std * shift, std * std * (1.0 + (za - zb) / mass - shift * shift)


def _from_mean_var(mean: float, var: float, family: str) -> DistSpec:
    if var <= 0.0:
        return DistSpec.fixed(mean)
    cv = math.sqrt(var) / mean
    return DistSpec.lognormal(mean, cv) if family == "lognorm" else DistSpec.gamma(mean, cv)


def dist_from_prosimos(entry: Mapping[str, Any], key: str, warnings: list[str]) -> DistSpec:
    """A Prosimos duration (seconds) as a kernel distribution in minutes."""
    name = str(entry.get("distribution_name", "")).lower()
    if name in ("fix", "fixed"):
        (value,) = _params(entry, key, 1)[:1]
        return DistSpec.fixed(value / 60.0)
    if name == "uniform":
        low, high = _params(entry, key, 2)[:2]
        return DistSpec.uniform(low / 60.0, high / 60.0)
    if name in ("expon", "exponential"):
        mean, low, _high = _params(entry, key, 3)[:3]
        if low > 0.0:
            warnings.append(f"{key}: expon shifted by min={low} s read as a plain exponential")
        return DistSpec.exponential(mean / 60.0)
    if name in ("norm", "normal"):
        mean, std, low, high = _params(entry, key, 4)[:4]
        if std <= 0.0:
            return DistSpec.fixed(mean / 60.0)
        t_mean, t_var = _truncated_normal(mean, std, low, high)
        warnings.append(f"{key}: norm read as a gamma of the same (truncated) mean and variance")
        return _from_mean_var(t_mean / 60.0, t_var / 3600.0, "gamma")
    if name in ("lognorm", "gamma"):
        mean, var = _params(entry, key, 4)[:2]
        if mean <= 0.0:
            raise InteropError(f"{key}: {name} needs a positive mean, got {mean}")
        return _from_mean_var(mean / 60.0, var / 3600.0, name)
    raise InteropError(
        f"{key}.distribution_name is {name!r}; supported: fix, expon, norm, lognorm, gamma, "
        "uniform (Prosimos 2.1 cannot sample 'triang')"
    )


def mean_seconds(entry: Mapping[str, Any], key: str) -> float:
    """Mean of an arrival distribution in seconds (histograms included)."""
    if entry.get("distribution_name") == "histogram_sampling":
        data = entry.get("histogram_data") or {}
        cdf, mids = list(data.get("cdf") or []), list(data.get("bin_midpoints") or [])
        if not cdf or len(cdf) != len(mids):
            raise InteropError(f"{key}.histogram_data needs cdf and bin_midpoints of one length")
        steps = [c - p for c, p in zip(cdf, [0.0, *cdf[:-1]], strict=True)]
        return float(sum(s * float(m) for s, m in zip(steps, mids, strict=True)))
    return dist_from_prosimos(entry, key, []).mean() * 60.0


def _var_of(spec: DistSpec) -> float:
    p1, p2, p3 = spec.p1, spec.p2, spec.p3
    if spec.kind == DistKind.TRIANGULAR:
        return (p1 * p1 + p2 * p2 + p3 * p3 - p1 * p2 - p1 * p3 - p2 * p3) / 18.0
    values = spec.values
    mean = spec.mean()
    return sum((v - mean) ** 2 for v in values) / max(len(values) - 1, 1)


def _prosimos(name: str, *values: float) -> dict[str, Any]:
    return {"distribution_name": name, "distribution_params": [{"value": float(v)} for v in values]}


def dist_to_prosimos(spec: DistSpec) -> dict[str, Any]:
    """A kernel distribution (minutes) as a Prosimos duration (seconds).

    Triangular and empirical durations have no Prosimos 2.1 sampler: they are written as
    a gamma of the same mean and variance. ``max`` bounds are set far in the tail.
    """
    s = 60.0
    mean = spec.mean() * s
    tail = mean * 1000.0
    if spec.kind == DistKind.FIXED:
        return _prosimos("fix", spec.p1 * s)
    if spec.kind == DistKind.UNIFORM:
        return _prosimos("uniform", spec.p1 * s, spec.p2 * s)
    if spec.kind == DistKind.EXPONENTIAL:
        return _prosimos("expon", mean, 0.0, tail)
    if spec.kind == DistKind.LOGNORMAL:
        var = (math.exp(spec.p2**2) - 1.0) * math.exp(2 * spec.p1 + spec.p2**2) * s * s
        return _prosimos("lognorm", mean, var, 0.0, tail)
    var = (
        spec.p1 * spec.p2 * spec.p2 * s * s
        if spec.kind == DistKind.GAMMA
        else _var_of(spec) * s * s
    )
    if var <= 0.0 or mean <= 0.0:
        return _prosimos("fix", mean)
    return _prosimos("gamma", mean, var, 0.0, tail)


def _clock(text: object, key: str) -> float:
    parts = str(text).split(":")
    try:
        hours, minutes = int(parts[0]), int(parts[1])
        seconds = float(parts[2]) if len(parts) > 2 else 0.0
    except (ValueError, IndexError):
        raise InteropError(f"{key} is {text!r}; expected a time of day like 07:30:00") from None
    value = hours * 60 + minutes + seconds / 60.0
    return DAY if value >= DAY - 1.0 / 60.0 - 1e-9 else value  # 23:59:59 means midnight


def merge_segments(segments: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted, disjoint segments; touching or overlapping ones are joined."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(s for s in segments if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def week_from_slots(slots: Sequence[Mapping[str, Any]], key: str) -> Week:
    """Prosimos weekly slots as open minutes per weekday."""
    week: Week = [[] for _ in WEEKDAYS]
    for index, slot in enumerate(slots):
        where = f"{key}.{index}"
        try:
            first = WEEKDAYS.index(str(slot["from"]).upper())
            last = WEEKDAYS.index(str(slot["to"]).upper())
        except (KeyError, ValueError):
            raise InteropError(
                f"{where}: 'from' and 'to' must be weekdays ({', '.join(WEEKDAYS)}), got {slot!r}"
            ) from None
        begin = _clock(slot.get("beginTime"), f"{where}.beginTime")
        end = _clock(slot.get("endTime"), f"{where}.endTime")
        day = first
        while True:
            week[day].append((begin, end))
            if day == last:
                break
            day = (day + 1) % 7
    return [merge_segments(day) for day in week]


def week_segments(week: Week, n_days: int, start_weekday: int) -> list[tuple[float, float]]:
    """The week laid over days ``0 .. n_days - 1`` (day 0 is ``start_weekday``)."""
    segments = [
        (d * DAY + begin, d * DAY + end)
        for d in range(n_days)
        for begin, end in week[(start_weekday + d) % 7]
    ]
    return merge_segments(segments)


def _hhmmss(minutes: float) -> str:
    seconds = round(minutes * 60.0)
    if seconds >= 86400:
        return "23:59:59"
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def week_to_slots(week: Week) -> list[dict[str, str]]:
    """Open minutes per weekday as Prosimos weekly slots (one slot per day and segment)."""
    return [
        {"from": WEEKDAYS[d], "to": WEEKDAYS[d], "beginTime": _hhmmss(b), "endTime": _hhmmss(e)}
        for d, day in enumerate(week)
        for b, e in day
    ]
