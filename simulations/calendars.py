"""Opening hours as arrays, and the calendar arithmetic the kernel does in compiled code.

Lifecycle: the compiler describes each calendar as sorted, disjoint ``(start, end)`` open
segments in minutes (:func:`always_open`, :func:`office_segments`, or its own holiday-aware
list), :func:`build_calendars` packs them CSR-style with each segment's cumulative open
minutes, and the kernel asks three questions of them: how many open minutes lie before a
moment (:func:`open_minutes_before`), when a given amount of open time has passed
(:func:`time_at_open_minutes`), and when work started at ``t`` finishes (:func:`advance`).
A service that runs past closing therefore pauses and resumes without any extra event.
Past the last segment a calendar counts as always open, so a drain that outlasts the
compiled margin still finishes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

from simulations.errors import ScenarioError
from simulations.model import F64, I64, Calendars

__all__ = [
    "CalArrays",
    "advance",
    "always_open",
    "arrays",
    "build_calendars",
    "office_segments",
    "open_minutes_before",
    "time_at_open_minutes",
]

DAY = 1440.0

CalArrays = tuple[I64, F64, F64, F64]


def always_open(n_days: int) -> list[tuple[float, float]]:
    """One segment covering ``n_days`` whole days."""
    return [(0.0, float(n_days) * DAY)]


def office_segments(
    open_days: Sequence[int] | np.ndarray, periods: Sequence[tuple[int, int]]
) -> list[tuple[float, float]]:
    """The ``periods`` (minutes after midnight) of every day in ``open_days``."""
    days = sorted({int(d) for d in open_days})
    spans = sorted((float(a), float(b)) for a, b in periods)
    return [(d * DAY + a, d * DAY + b) for d in days for a, b in spans if b > a]


def build_calendars(calendars: Sequence[Sequence[tuple[float, float]]]) -> Calendars:
    """Pack calendars; each must be sorted, disjoint ``(start, end)`` segments."""
    off = [0]
    starts: list[float] = []
    ends: list[float] = []
    cums: list[float] = []
    for c, segments in enumerate(calendars):
        total = 0.0
        last_end = -np.inf
        for i, (start, end) in enumerate(segments):
            if not (start >= last_end and end > start):
                raise ScenarioError(
                    f"calendars[{c}][{i}] = ({start}, {end}) must end after it starts and "
                    f"not overlap the segment before it (which ends at {last_end})",
                    key=f"calendars.{c}.{i}",
                    value=(start, end),
                )
            starts.append(float(start))
            ends.append(float(end))
            cums.append(total)
            total += float(end) - float(start)
            last_end = end
        off.append(len(starts))
    return Calendars(
        off=np.array(off, dtype=np.int64),
        seg_start=np.array(starts, dtype=np.float64),
        seg_end=np.array(ends, dtype=np.float64),
        seg_cum=np.array(cums, dtype=np.float64),
    )


def arrays(calendars: Calendars) -> CalArrays:
    """The tuple form the compiled helpers take."""
    return (calendars.off, calendars.seg_start, calendars.seg_end, calendars.seg_cum)


@njit(cache=True)
def _last_starting(seg_start: F64, lo: int, hi: int, t: float) -> int:
    """Index of the last segment in ``[lo, hi)`` starting at or before ``t`` (lo - 1: none)."""
    a, b = lo, hi
    while a < b:
        mid = (a + b) >> 1
        if seg_start[mid] <= t:
            a = mid + 1
        else:
            b = mid
    return a - 1


@njit(cache=True)
def open_minutes_before(  # noqa: PLR0917 - numba takes the arrays positionally
    off: I64, seg_start: F64, seg_end: F64, seg_cum: F64, cal: int, t: float
) -> float:
    """Open minutes of calendar ``cal`` in ``[0, t)``; beyond the last segment, all open."""
    lo, hi = off[cal], off[cal + 1]
    if hi == lo:
        return t
    i = _last_starting(seg_start, lo, hi, t)
    if i < lo:
        return 0.0
    if i == hi - 1 and t > seg_end[i]:
        return float(seg_cum[i] + (seg_end[i] - seg_start[i]) + (t - seg_end[i]))
    return float(seg_cum[i] + min(t, seg_end[i]) - seg_start[i])


@njit(cache=True)
def time_at_open_minutes(  # noqa: PLR0917 - numba takes the arrays positionally
    off: I64, seg_start: F64, seg_end: F64, seg_cum: F64, cal: int, minutes: float
) -> float:
    """The earliest moment with ``minutes`` open minutes before it (a segment's end, not
    the next opening, when it falls on a boundary): the inverse of open_minutes_before."""
    lo, hi = off[cal], off[cal + 1]
    if hi == lo:
        return minutes
    a, b = lo, hi
    while a < b:  # first segment whose cumulative end reaches ``minutes``
        mid = (a + b) >> 1
        if seg_cum[mid] + seg_end[mid] - seg_start[mid] < minutes:
            a = mid + 1
        else:
            b = mid
    if a == hi:
        last = hi - 1
        return float(seg_end[last] + minutes - (seg_cum[last] + seg_end[last] - seg_start[last]))
    return float(max(seg_start[a] + minutes - seg_cum[a], seg_start[a]))


@njit(cache=True)
def advance(cal_arrays: CalArrays, cal: int, t: float, work: float) -> float:
    """When ``work`` open minutes started at ``t`` finish; a closed ``t`` waits for the
    next opening (so ``advance(.., t, 0.0)`` is the next open moment)."""
    off, seg_start, seg_end, seg_cum = cal_arrays
    lo, hi = off[cal], off[cal + 1]
    if hi == lo:
        return t + work
    i = _last_starting(seg_start, lo, hi, t)
    if i < lo or t >= seg_end[i]:
        i += 1  # closed at t: the next segment
    i = max(i, lo)
    if i == hi:
        return t + work
    start = max(t, seg_start[i])
    if start + work <= seg_end[i]:
        return float(start + work)
    target = seg_cum[i] + (start - seg_start[i]) + work
    return time_at_open_minutes(off, seg_start, seg_end, seg_cum, cal, target)
