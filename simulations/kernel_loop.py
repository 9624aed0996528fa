"""The compiled event loop: arrivals, routing, pools and flex staff, one step at a time.

One event is handled in three phases. The event itself (an arrival, a service end or a
lag expiry) puts tokens on the routing stack and marks pools to serve; :func:`_route`
moves the stacked tokens through instantaneous nodes (START, XOR, AND_SPLIT, AND_JOIN,
END, TERMINATE) until each rests in a pool queue or a lag; :func:`_serve` then starts
services at the marked pools while servers are idle and applies the flex policy. Tokens
always join the queue first and leave it in the same instant when a server is free, so
the queue bookkeeping has one path. A server that becomes free outside opening hours takes
the next token at once and starts at the next opening; that stretch is counted as queue
wait and queue area, so Little's law holds per pool. Random draws are keyed by (seed,
dossier, the dossier's step counter). A token of a dossier that a TERMINATE end already
finished is dropped wherever it next surfaces.

Compilation: the blocks are separate functions for reading but ``inline="always"`` so that
numba compiles one loop (numba passes array arguments as flattened structs, and per-call
copying otherwise doubles the run time), and ``_nrt=False`` because nothing here allocates:
without it numba reference-counts every array it unpacks, which cost a factor of three on
a province-year (9.1 s against 3.0 s of CPU for 1.2M dossiers). The compiled loop is
cached on disk (``cache=True``, next to this file); numba checks only this file's date
when it reuses the cache, so after editing a block in another module delete the cache
(``make clean``, or ``simulations/__pycache__/kernel_loop*.nb?``).
"""

from __future__ import annotations

import math

from simulations import _heap
from simulations.calendars import CalArrays, advance
from simulations.distributions import DistArrays, draw
from simulations.kernel_parts import (
    D_CENTRE,
    D_CHAN,
    D_DONE,
    D_LIVE,
    D_PROC,
    D_RNG,
    D_TRIPS,
    F_CWAIT,
    F_WAIT,
    N_FLAGS,
    N_JNEED,
    N_JSLOT,
    N_KIND,
    N_POOLK,
    N_WORK,
    P_BUSY,
    P_CAL,
    P_HEAD,
    P_MAXQ,
    P_QLEN,
    P_SERV,
    P_SERVED,
    P_TAIL,
    Q_BUSY,
    Q_LAST,
    Q_WAIT,
    area,
    busy_by_day,
    compiled,
    compiled_inline,
    finish,
    lag_end,
    leave,
)
from simulations.model import F64, I64
from simulations.rng import uniform

__all__ = ["CTR_EVENTS", "CTR_FREE", "CTR_USED", "run"]

# counter slots after the heap's two
CTR_FREE, CTR_USED, CTR_EVENTS, CTR_NEXT, CTR_SP, CTR_KICKS = range(2, 8)
# token columns
T_D, T_NODE, T_NEXT, T_POOL, T_STACK, T_KICK = range(6)
T_AT_POOL, T_ENTER = range(2)
# flex columns
FL_THR, FL_LIM, FL_MOVED, FL_MOVES = range(4)
START, TASK, XOR, AND_SPLIT, AND_JOIN, END, TERMINATE, DELAY = range(8)
COUNTER, TRIP = 1, 2
IN_PERSON = 0

Pools = tuple[I64, F64, F64]  # pool ints, pool floats, per-day (2, pools, days)
Tokens = tuple[I64, F64]
Dossiers = tuple[I64, F64, I64]  # ints, floats, join counters
Graph = tuple[I64, tuple[I64, I64], F64, tuple[I64, F64], I64, I64]
Model = tuple[Graph, DistArrays, CalArrays, I64]  # graph, dists, calendars, cfg


@compiled_inline
def _new_token(toks: Tokens, ctr: I64, d: int, node: int, t: float) -> int:
    tok_i, tok_f = toks
    tok = ctr[CTR_FREE]
    if tok >= 0:
        ctr[CTR_FREE] = tok_i[tok, T_NEXT]
    else:
        tok = ctr[CTR_USED]
        ctr[CTR_USED] += 1
    tok_i[tok, T_D] = d
    tok_i[tok, T_NODE] = node
    tok_f[tok, T_ENTER] = t
    return int(tok)


@compiled_inline
def _push(toks: Tokens, ctr: I64, tok: int) -> None:
    toks[0][ctr[CTR_SP], T_STACK] = tok
    ctr[CTR_SP] += 1


@compiled_inline
def _kick(toks: Tokens, ctr: I64, pool: int) -> None:
    toks[0][ctr[CTR_KICKS], T_KICK] = pool
    ctr[CTR_KICKS] += 1


@compiled_inline
def _drop(toks: Tokens, ctr: I64, dos_i: I64, tok: int) -> None:
    tok_i = toks[0]
    dos_i[tok_i[tok, T_D], D_LIVE] -= 1
    tok_i[tok, T_NEXT] = ctr[CTR_FREE]
    ctr[CTR_FREE] = tok


@compiled_inline
def _touch(pools: Pools, pool: int, t: float) -> None:
    """Integrate the pool's queue length up to ``t`` before it changes."""
    pool_i, pool_f, pool_day = pools
    q = pool_i[pool, P_QLEN]
    if q > 0 and t > pool_f[pool, Q_LAST]:
        area(pool_f, pool_day, pool, pool_f[pool, Q_LAST], t, float(q))
    pool_f[pool, Q_LAST] = t


@compiled_inline
def _enqueue(  # noqa: PLR0917 - numba takes its arguments positionally
    pools: Pools, toks: Tokens, ctr: I64, tok: int, pool: int, t: float
) -> None:
    pool_i = pools[0]
    tok_i, tok_f = toks
    _touch(pools, pool, t)
    tok_i[tok, T_POOL] = pool
    tok_i[tok, T_NEXT] = -1
    tok_f[tok, T_AT_POOL] = t
    if pool_i[pool, P_QLEN] == 0:
        pool_i[pool, P_HEAD] = tok
    else:
        tok_i[pool_i[pool, P_TAIL], T_NEXT] = tok
    pool_i[pool, P_TAIL] = tok
    pool_i[pool, P_QLEN] += 1
    _kick(toks, ctr, pool)


@compiled_inline
def _at_task(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model, pools: Pools, toks: Tokens, dos: Dossiers, ctr: I64, tok: int, t: float
) -> None:
    node_i, cfg = model[0][0], model[3]
    dos_i = dos[0]
    d, node = toks[0][tok, T_D], toks[0][tok, T_NODE]
    flags = node_i[node, N_FLAGS]
    in_person = dos_i[d, D_CHAN] == IN_PERSON
    if flags & TRIP and in_person:
        dos_i[d, D_TRIPS] += 1
    kind = node_i[node, N_POOLK]
    if flags & COUNTER and not in_person and cfg[4] >= 0:
        kind = cfg[4]
    _enqueue(pools, toks, ctr, tok, dos_i[d, D_CENTRE] * cfg[1] + kind, t)


@compiled_inline
def _xor(model: Model, dos_i: I64, d: int, node: int) -> int:
    succ_off, succ_node = model[0][1]
    cum = model[0][2]
    u = uniform(model[3][0], d, dos_i[d, D_RNG], 0)
    dos_i[d, D_RNG] += 1
    j = succ_off[node]
    last = succ_off[node + 1] - 1
    while j < last and u >= cum[j]:
        j += 1
    return int(succ_node[j])


@compiled_inline
def _join(model: Model, dos: Dossiers, d: int, node: int) -> bool:
    node_i = model[0][0]
    slot = d * model[3][7] + node_i[node, N_JSLOT]
    join = dos[2]
    join[slot] += 1
    if join[slot] < node_i[node, N_JNEED]:
        return False
    join[slot] = 0
    return True


@compiled_inline
def _delay(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model, toks: Tokens, dos: Dossiers, heap: _heap.Heap, ctr: I64, tok: int, t: float
) -> None:
    graph, dists, cal, cfg = model
    d, node = toks[0][tok, T_D], toks[0][tok, T_NODE]
    end = lag_end(graph[0], dos[0], dists, cal, cfg, d, node, t)
    if end >= 0:
        _heap.push(heap, ctr, end, tok * 2 + 1)
        return
    toks[0][tok, T_NODE] = leave(graph[0], graph[1], dos[1], cal, cfg[3], d, node, t, t)
    _push(toks, ctr, tok)


@compiled_inline
def _route(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model, pools: Pools, toks: Tokens, dos: Dossiers, heap: _heap.Heap, ctr: I64, t: float
) -> None:
    """Move every stacked token until it rests at a pool or a lag."""
    graph, cal, cfg = model[0], model[2], model[3]
    node_i, (succ_off, succ_node) = graph[0], graph[1]
    tok_i, tok_f = toks
    dos_i = dos[0]
    while ctr[CTR_SP] > 0:
        ctr[CTR_SP] -= 1
        tok = tok_i[ctr[CTR_SP], T_STACK]
        d, node = tok_i[tok, T_D], tok_i[tok, T_NODE]
        if dos_i[d, D_DONE]:
            _drop(toks, ctr, dos_i, tok)
            continue
        k = node_i[node, N_KIND]
        tok_f[tok, T_ENTER] = t
        if k == TASK:
            _at_task(model, pools, toks, dos, ctr, tok, t)
        elif k == DELAY:
            _delay(model, toks, dos, heap, ctr, tok, t)
        elif k in (END, TERMINATE):
            _drop(toks, ctr, dos_i, tok)
            if k == TERMINATE or dos_i[d, D_LIVE] == 0:
                finish(dos_i, dos[1], graph[3], cal, cfg[3], d, t)
        elif k == AND_JOIN and not _join(model, dos, d, node):
            _drop(toks, ctr, dos_i, tok)
        else:
            first = succ_off[node]
            tok_i[tok, T_NODE] = _xor(model, dos_i, d, node) if k == XOR else succ_node[first]
            _push(toks, ctr, tok)
            if k == AND_SPLIT:
                for j in range(first + 1, succ_off[node + 1]):
                    dos_i[d, D_LIVE] += 1
                    _push(toks, ctr, _new_token(toks, ctr, d, succ_node[j], t))


@compiled_inline
def _start(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model,
    pools: Pools,
    toks: Tokens,
    dos: Dossiers,
    heap: _heap.Heap,
    ctr: I64,
    tok: int,
    t: float,
) -> None:
    """Take a server for ``tok`` at ``t``; its service starts at the next opening."""
    graph, dists, cal, cfg = model
    node_i = graph[0]
    pool_i, pool_f, pool_day = pools
    dos_i, dos_f = dos[0], dos[1]
    pool, d, node = toks[0][tok, T_POOL], toks[0][tok, T_D], toks[0][tok, T_NODE]
    c = pool_i[pool, P_CAL]
    s = advance(cal, c, t, 0.0)
    if s > t:
        area(pool_f, pool_day, pool, t, s, 1.0)
    wait = s - toks[1][tok, T_AT_POOL]
    work = 0.0
    if node_i[node, N_WORK] >= 0:
        work = draw(dists, node_i[node, N_WORK], cfg[0], d, dos_i[d, D_RNG])
        dos_i[d, D_RNG] += 1
    f = advance(cal, c, s, work)
    pool_i[pool, P_BUSY] += 1
    pool_i[pool, P_SERVED] += 1
    pool_f[pool, Q_WAIT] += wait
    pool_f[pool, Q_BUSY] += work
    busy_by_day(pool_day, cal, c, pool, s, f, work)
    dos_f[d, F_WAIT] += wait
    counter = node_i[node, N_FLAGS] & COUNTER and dos_i[d, D_CHAN] == IN_PERSON
    if counter and math.isnan(dos_f[d, F_CWAIT]):
        dos_f[d, F_CWAIT] = wait
    _heap.push(heap, ctr, f, tok * 2)


@compiled_inline
def _serve_pool(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model,
    pools: Pools,
    toks: Tokens,
    dos: Dossiers,
    heap: _heap.Heap,
    ctr: I64,
    pool: int,
    t: float,
) -> None:
    """Start queued tokens while the pool has idle servers."""
    pool_i = pools[0]
    tok_i = toks[0]
    dos_i = dos[0]
    while pool_i[pool, P_BUSY] < pool_i[pool, P_SERV] and pool_i[pool, P_QLEN] > 0:
        _touch(pools, pool, t)
        tok = pool_i[pool, P_HEAD]
        pool_i[pool, P_HEAD] = tok_i[tok, T_NEXT]
        pool_i[pool, P_QLEN] -= 1
        if dos_i[tok_i[tok, T_D], D_DONE]:
            _drop(toks, ctr, dos_i, tok)
        else:
            _start(model, pools, toks, dos, heap, ctr, tok, t)
    pool_i[pool, P_MAXQ] = max(pool_i[pool, P_MAXQ], pool_i[pool, P_QLEN])


@compiled_inline
def _flex(  # noqa: PLR0917 - numba takes its arguments positionally
    cfg: I64, pool_i: I64, flex: I64, toks: Tokens, ctr: I64, pool: int
) -> None:
    """Lend one idle ``from`` server to the ``to`` pool while its queue is over threshold."""
    nk = cfg[1]
    c, k = pool // nk, pool % nk
    if flex[c, FL_THR] < 0 or (k != cfg[5] and k != cfg[6]):
        return
    to, fr = c * nk + cfg[6], c * nk + cfg[5]
    over = pool_i[to, P_QLEN] > flex[c, FL_THR]
    if over and flex[c, FL_MOVED] < flex[c, FL_LIM] and pool_i[fr, P_BUSY] < pool_i[fr, P_SERV]:
        pool_i[fr, P_SERV] -= 1
        pool_i[to, P_SERV] += 1
        flex[c, FL_MOVED] += 1
        flex[c, FL_MOVES] += 1
        _kick(toks, ctr, to)


@compiled_inline
def _serve(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model,
    pools: Pools,
    toks: Tokens,
    dos: Dossiers,
    heap: _heap.Heap,
    ctr: I64,
    flex: I64,
    t: float,
) -> None:
    """Serve every pool marked during this event (the list may grow as flex lends staff)."""
    i = 0
    while i < ctr[CTR_KICKS]:
        pool = toks[0][i, T_KICK]
        i += 1
        _serve_pool(model, pools, toks, dos, heap, ctr, pool, t)
        _flex(model[3], pools[0], flex, toks, ctr, pool)
    ctr[CTR_KICKS] = 0


@compiled_inline
def _service_end(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model,
    pools: Pools,
    toks: Tokens,
    dos: Dossiers,
    heap: _heap.Heap,
    ctr: I64,
    flex: I64,
    tok: int,
    t: float,
) -> None:
    """Free the server (back to its home kind if it was lent and nobody waits), then the
    token's lag or next node."""
    graph, dists, cal, cfg = model
    pool_i = pools[0]
    pool = toks[0][tok, T_POOL]
    pool_i[pool, P_BUSY] -= 1
    nk = cfg[1]
    c = pool // nk
    if pool % nk == cfg[6] and flex[c, FL_MOVED] > 0 and pool_i[pool, P_QLEN] == 0:
        pool_i[pool, P_SERV] -= 1
        pool_i[c * nk + cfg[5], P_SERV] += 1
        flex[c, FL_MOVED] -= 1
        pool = c * nk + cfg[5]
    _kick(toks, ctr, pool)
    d, node = toks[0][tok, T_D], toks[0][tok, T_NODE]
    if dos[0][d, D_DONE]:
        _drop(toks, ctr, dos[0], tok)
        return
    end = lag_end(graph[0], dos[0], dists, cal, cfg, d, node, t)
    if end >= 0:
        _heap.push(heap, ctr, end, tok * 2 + 1)
        return
    entered = toks[1][tok, T_ENTER]
    toks[0][tok, T_NODE] = leave(graph[0], graph[1], dos[1], cal, cfg[3], d, node, entered, t)
    _push(toks, ctr, tok)


@compiled_inline
def _choose_centre(model: Model, pool_i: I64, dos_i: I64, d: int) -> int:
    """Non-territorial reception: the candidate centre with the lightest counter load."""
    graph, cfg = model[0], model[3]
    proc_i = graph[3][0]
    nbr_off, nbr_centre = graph[4], graph[5]
    home = dos_i[d, D_CENTRE]
    p = dos_i[d, D_PROC]
    if dos_i[d, D_CHAN] != IN_PERSON or not proc_i[p, 2] or nbr_off[home + 1] == nbr_off[home]:
        return int(home)
    best, best_score = int(home), math.inf
    for j in range(nbr_off[home], nbr_off[home + 1]):
        pool = nbr_centre[j] * cfg[1]
        if pool_i[pool, P_SERV] > 0:
            score = (pool_i[pool, P_QLEN] + pool_i[pool, P_BUSY]) / pool_i[pool, P_SERV]
            if score < best_score:
                best, best_score = int(nbr_centre[j]), score
    return best


@compiled
def run(  # noqa: PLR0917 - numba takes its arguments positionally
    model: Model,
    pools: Pools,
    toks: Tokens,
    dos: Dossiers,
    heap: _heap.Heap,
    ctr: I64,
    flex: I64,
    clock: F64,
    shifts: tuple[F64, I64, I64, I64],
) -> int:
    """Process events; 0 when every dossier is done, 1 when the token arrays must grow.

    Three sources feed it, earliest first: staff changes by shift (first on ties, so a
    server freed at a closing time sees the next shift's staff), the heap of service ends
    and lag expiries, and the arrivals.
    """
    shift_time, shift_pool, shift_delta, shift_next = shifts
    n_shifts = len(shift_time)
    margin = len(model[0][1][1]) + 8
    cap = len(toks[0])
    dos_i, dos_f = dos[0], dos[1]
    arrival = dos_f[:, 0]
    n = len(arrival)
    while True:
        if ctr[CTR_USED] + margin > cap:
            return 1
        ai = ctr[CTR_NEXT]
        if ctr[_heap.HEAP_SIZE] == 0 and ai >= n:
            return 0
        si = shift_next[0]
        if si < n_shifts and (ai >= n or shift_time[si] <= arrival[ai]) and (
            ctr[_heap.HEAP_SIZE] == 0 or shift_time[si] <= heap[0][0]
        ):
            t = shift_time[si]
            shift_next[0] += 1
            pools[0][shift_pool[si], P_SERV] += shift_delta[si]
            _kick(toks, ctr, shift_pool[si])
        elif ctr[_heap.HEAP_SIZE] > 0 and (ai >= n or heap[0][0] <= arrival[ai]):
            t, value = _heap.pop(heap, ctr)
            tok = value >> 1
            if value & 1 == 0:
                _service_end(model, pools, toks, dos, heap, ctr, flex, tok, t)
            elif dos_i[toks[0][tok, T_D], D_DONE]:
                _drop(toks, ctr, dos_i, tok)
            else:
                d, node = toks[0][tok, T_D], toks[0][tok, T_NODE]
                entered = toks[1][tok, T_ENTER]
                graph, cal, cfg = model[0], model[2], model[3]
                toks[0][tok, T_NODE] = leave(
                    graph[0], graph[1], dos_f, cal, cfg[3], d, node, entered, t
                )
                _push(toks, ctr, tok)
        else:
            t = arrival[ai]
            ctr[CTR_NEXT] += 1
            dos_i[ai, D_CENTRE] = _choose_centre(model, pools[0], dos_i, ai)
            dos_i[ai, D_LIVE] = 1
            start = model[0][3][0][dos_i[ai, D_PROC], 0]
            _push(toks, ctr, _new_token(toks, ctr, ai, start, t))
        _route(model, pools, toks, dos, heap, ctr, t)
        _serve(model, pools, toks, dos, heap, ctr, flex, t)
        ctr[CTR_EVENTS] += 1
        clock[0] = t
