"""Compiled building blocks of the kernel loop: calendars of dossiers, pools and tokens.

The state is a handful of 2D arrays whose columns are named below (row-major, so one
dossier's or one pool's fields sit together in memory). The loop in
:mod:`simulations.kernel_loop` passes only the arrays each block needs: numba passes every
array argument as a flattened struct, so one big tuple of state would be copied on every
call and dominate the run time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from numba import njit

from simulations.calendars import CalArrays, advance, open_minutes_before
from simulations.distributions import DistArrays, draw
from simulations.model import F64, I64

__all__ = [
    "D_CENTRE",
    "D_CHAN",
    "D_DONE",
    "D_LIVE",
    "D_PROC",
    "D_RNG",
    "D_TRIPS",
    "F_ARR",
    "F_CWAIT",
    "F_FINISH",
    "F_ONTIME",
    "F_PAUSE_E",
    "F_PAUSE_W",
    "F_WAIT",
    "F_WORK",
    "N_FLAGS",
    "N_JNEED",
    "N_JSLOT",
    "N_KIND",
    "N_LAG",
    "N_POOLK",
    "N_WORK",
    "PAUSE",
    "P_BUSY",
    "P_CAL",
    "P_HEAD",
    "P_MAXQ",
    "P_QLEN",
    "P_SERV",
    "P_SERVED",
    "P_TAIL",
    "Q_AREA",
    "Q_BUSY",
    "Q_LAST",
    "Q_WAIT",
    "area",
    "busy_by_day",
    "compiled",
    "compiled_inline",
    "finish",
    "lag_end",
    "leave",
]

# dossier int columns
D_PROC, D_CHAN, D_LIVE, D_DONE, D_RNG, D_CENTRE, D_TRIPS = range(7)
# dossier float columns
F_ARR, F_PAUSE_W, F_PAUSE_E, F_FINISH, F_CWAIT, F_WAIT, F_WORK, F_ONTIME = range(8)
# pool int columns
P_SERV, P_BUSY, P_HEAD, P_TAIL, P_QLEN, P_CAL, P_SERVED, P_MAXQ = range(8)
# pool float columns
Q_LAST, Q_WAIT, Q_BUSY, Q_AREA = range(4)
# node int columns
N_KIND, N_FLAGS, N_POOLK, N_WORK, N_LAG, N_JSLOT, N_JNEED = range(7)
# node flags (NodeFlag)
PAUSE, LAG_ELAPSED = 4, 8

DAY = 1440.0
EPS = 1e-9

_F = TypeVar("_F", bound=Callable[..., Any])
#: nothing in the loop allocates, so numba's reference counting is switched off (see
#: :mod:`simulations.kernel_loop`); numpy's error model drops the division-by-zero checks
#: (divisors are kind counts and server counts, never zero where they divide)
_OPTIONS: dict[str, Any] = {"cache": True, "_nrt": False, "error_model": "numpy"}


def compiled(fn: _F) -> _F:
    """Compile a kernel block (``njit`` with caching and without reference counting)."""
    return cast(_F, njit(**_OPTIONS)(fn))


def compiled_inline(fn: _F) -> _F:
    """As :func:`compiled`, and inlined into its caller (one loop for LLVM)."""
    return cast(_F, njit(**_OPTIONS, inline="always")(fn))


@compiled
def _day(t: float, n_days: int) -> int:
    return min(max(int(t // DAY), 0), n_days - 1)


@compiled
def area(  # noqa: PLR0917 - numba takes its arguments positionally
    pool_f: F64, pool_day: F64, pool: int, t0: float, t1: float, weight: float
) -> None:
    """Add ``weight`` waiting tokens over ``[t0, t1)`` to a pool's queue area, by day."""
    n_days = pool_day.shape[2]
    pool_f[pool, Q_AREA] += weight * (t1 - t0)
    cur = t0
    while cur < t1:
        d = _day(cur, n_days)
        end = t1 if d == n_days - 1 else min(t1, (d + 1) * DAY)
        pool_day[0, pool, d] += weight * (end - cur)
        cur = end


@compiled
def busy_by_day(  # noqa: PLR0917 - numba takes its arguments positionally
    pool_day: F64, cal: CalArrays, calendar: int, pool: int, s: float, f: float, work: float
) -> None:
    """Credit a service's work on ``[s, f]`` to the days its open minutes fall in."""
    n_days = pool_day.shape[2]
    d = _day(s, n_days)
    if d == _day(f, n_days):
        pool_day[1, pool, d] += work
        return
    off, seg_start, seg_end, seg_cum = cal
    cur = s
    while True:
        d = _day(cur, n_days)
        end = f if d == n_days - 1 else min(f, (d + 1) * DAY)
        before = open_minutes_before(off, seg_start, seg_end, seg_cum, calendar, cur)
        after = open_minutes_before(off, seg_start, seg_end, seg_cum, calendar, end)
        pool_day[1, pool, d] += after - before
        if end >= f:
            return
        cur = end


@compiled
def leave(  # noqa: PLR0917 - numba takes its arguments positionally
    node_i: I64,
    succ: tuple[I64, I64],
    dos_f: F64,
    cal: CalArrays,
    stat: int,
    d: int,
    node: int,
    entered: float,
    t: float,
) -> int:
    """A token leaves its TASK or DELAY at ``t``: book a pause, return the next node."""
    if node_i[node, N_FLAGS] & PAUSE:
        off, seg_start, seg_end, seg_cum = cal
        dos_f[d, F_PAUSE_W] += open_minutes_before(off, seg_start, seg_end, seg_cum, stat, t)
        dos_f[d, F_PAUSE_W] -= open_minutes_before(off, seg_start, seg_end, seg_cum, stat, entered)
        dos_f[d, F_PAUSE_E] += t - entered
    succ_off, succ_node = succ
    return int(succ_node[succ_off[node]])


@compiled
def lag_end(  # noqa: PLR0917 - numba takes its arguments positionally
    node_i: I64,
    dos_i: I64,
    dists: DistArrays,
    cal: CalArrays,
    cfg: I64,
    d: int,
    node: int,
    t: float,
) -> float:
    """When the node's lag started at ``t`` ends (-1: the node has no lag)."""
    row = node_i[node, N_LAG]
    if row < 0:
        return -1.0
    lag = draw(dists, row, cfg[0], d, dos_i[d, D_RNG])
    dos_i[d, D_RNG] += 1
    if node_i[node, N_FLAGS] & LAG_ELAPSED:
        return t + lag
    return advance(cal, cfg[3], t, lag)


@compiled
def finish(  # noqa: PLR0917 - numba takes its arguments positionally
    dos_i: I64, dos_f: F64, proc: tuple[I64, F64], cal: CalArrays, stat: int, d: int, t: float
) -> None:
    """Close dossier ``d`` at ``t``: its statutory working time and deadline check."""
    proc_i, deadline = proc
    off, seg_start, seg_end, seg_cum = cal
    a = dos_f[d, F_ARR]
    work = open_minutes_before(off, seg_start, seg_end, seg_cum, stat, t)
    work -= open_minutes_before(off, seg_start, seg_end, seg_cum, stat, a)
    work -= dos_f[d, F_PAUSE_W]
    p = dos_i[d, D_PROC]
    dos_i[d, D_DONE] = 1
    dos_f[d, F_FINISH] = t
    dos_f[d, F_WORK] = work
    used = t - a - dos_f[d, F_PAUSE_E] if proc_i[p, 1] else work
    dos_f[d, F_ONTIME] = 1.0 if used <= deadline[p] + EPS else 0.0
