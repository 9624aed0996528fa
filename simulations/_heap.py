"""The kernel's event heap: a binary min-heap over preallocated arrays.

Entries are ordered by ``(time, sequence number)``, so events at the same moment come out
in the order they were scheduled and a run does not depend on heap layout. Written by hand
because numba cannot call :mod:`heapq` on arrays of several columns; the caller grows the
arrays (:func:`grow`) before a push could overflow them.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from simulations.model import F64, I64

__all__ = ["HEAP_SEQ", "HEAP_SIZE", "Heap", "grow", "pop", "push"]

#: counter slots (in the kernel's shared int64 counter array)
HEAP_SIZE = 0
HEAP_SEQ = 1

Heap = tuple[F64, I64, I64]


@njit(cache=True)
def push(heap: Heap, ctr: I64, t: float, value: int) -> None:
    """Schedule ``value`` at ``t`` (sift up)."""
    h_time, h_seq, h_val = heap
    i = ctr[HEAP_SIZE]
    ctr[HEAP_SIZE] += 1
    s = ctr[HEAP_SEQ]
    ctr[HEAP_SEQ] += 1
    while i > 0:
        p = (i - 1) >> 1
        if h_time[p] < t or (h_time[p] == t and h_seq[p] < s):
            break
        h_time[i] = h_time[p]
        h_seq[i] = h_seq[p]
        h_val[i] = h_val[p]
        i = p
    h_time[i] = t
    h_seq[i] = s
    h_val[i] = value


@njit(cache=True)
def pop(heap: Heap, ctr: I64) -> tuple[float, int]:
    """Remove and return the earliest ``(time, value)`` (sift down)."""
    h_time, h_seq, h_val = heap
    t0 = h_time[0]
    v0 = h_val[0]
    n = ctr[HEAP_SIZE] - 1
    ctr[HEAP_SIZE] = n
    if n > 0:
        t, s, v = h_time[n], h_seq[n], h_val[n]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            r = c + 1
            if r < n and (
                h_time[r] < h_time[c] or (h_time[r] == h_time[c] and h_seq[r] < h_seq[c])
            ):
                c = r
            if t < h_time[c] or (t == h_time[c] and s < h_seq[c]):
                break
            h_time[i] = h_time[c]
            h_seq[i] = h_seq[c]
            h_val[i] = h_val[c]
            i = c
        h_time[i] = t
        h_seq[i] = s
        h_val[i] = v
    return float(t0), int(v0)


def grow(heap: Heap) -> Heap:  # called between compiled slices of the run
    """The same heap in arrays of twice the capacity."""
    return tuple(np.concatenate([a, np.empty_like(a)]) for a in heap)  # type: ignore[return-value]
