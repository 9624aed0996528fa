"""The compiled simulation model: everything the kernel reads, as flat numpy arrays.

Lifecycle of one simulation::

    scenario (YAML/JSON, simulations.scenario)
      -> Network           compiled once per scenario (simulations.compile / .queueing)
      -> Arrivals          sampled per replication from the network's demand (simulations.arrivals)
      -> RunOutput         one kernel run (simulations.kernel.simulate)
      -> KPIs, intervals   (simulations.results, simulations.replications)

Why flat arrays rather than objects: the kernel is compiled with numba, which reads
contiguous numpy arrays at native speed and Python objects not at all. Every table below
is indexed by a small integer (node, pool, centre, process, calendar, distribution) and
the variable-length ones are stored CSR-style (an ``*_off`` array of ``n + 1`` offsets
into a flat value array).

Time is in minutes since midnight of the first simulated day (day 0), a float64.

Routing graph
    A process is a graph of nodes. ``START`` hands the token to its single successor;
    ``TASK`` waits for a server of its pool (the pool of the dossier's centre whose kind is
    ``node_pool_kind``), works ``node_work_dist`` minutes of the pool's open time, then
    waits ``node_lag_dist`` more (working minutes on the statutory calendar, or elapsed
    minutes with ``LAG_ELAPSED``) holding no server; ``DELAY`` is a node with a lag and no
    pool; ``XOR`` takes one successor, drawn from ``succ_cumprob``; ``AND_SPLIT`` sends a
    token down every successor; ``AND_JOIN`` waits for ``node_join_need`` tokens (counted
    per dossier in slot ``node_join_slot``) and then sends one on; ``END`` finishes the
    dossier when its last token arrives there (a ``TERMINATE`` end finishes it at once).

Pools
    Pool ``centre * n_kinds + kind``: the servers of one kind (counter, one-stop desk,
    specialist, leader, partner agency; or a textbook station) at one centre, open on
    ``pool_calendar``. A service that starts inside opening hours and would run past
    closing pauses and resumes at the next opening (computed from the calendar's
    cumulative open minutes, not with extra events).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import IntEnum, IntFlag

import numpy as np
import numpy.typing as npt

__all__ = [
    "Arrivals",
    "Calendars",
    "Channel",
    "Demand",
    "DistKind",
    "Distributions",
    "Flex",
    "Model",
    "Network",
    "NodeFlag",
    "NodeKind",
    "PoolKind",
    "RunOutput",
]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]


class NodeKind(IntEnum):
    START = 0
    TASK = 1
    XOR = 2
    AND_SPLIT = 3
    AND_JOIN = 4
    END = 5
    TERMINATE = 6
    DELAY = 7


class NodeFlag(IntFlag):
    NONE = 0
    #: the citizen is present: an in-person dossier queues at the counter here (counter
    #: wait is measured); online and postal dossiers are served by ``remote_pool_kind``.
    COUNTER = 1
    #: an in-person dossier's citizen makes a trip to the centre for this node.
    TRIP = 2
    #: the statutory clock is paused while the token is here (waiting on the citizen).
    PAUSE = 4
    #: the lag is elapsed (calendar) minutes rather than working minutes.
    LAG_ELAPSED = 8


class DistKind(IntEnum):
    """Duration distributions; parameters ``p1, p2, p3`` in minutes unless noted."""

    FIXED = 0  # p1 = value
    EXPONENTIAL = 1  # p1 = mean
    LOGNORMAL = 2  # p1 = mu, p2 = sigma of the underlying normal
    GAMMA = 3  # p1 = shape k, p2 = scale theta
    TRIANGULAR = 4  # p1 = low, p2 = mode, p3 = high
    UNIFORM = 5  # p1 = low, p2 = high
    EMPIRICAL = 6  # values emp_values[emp_off[i]:emp_off[i+1]], sorted; inverse CDF


class Channel(IntEnum):
    IN_PERSON = 0
    ONLINE = 1
    POSTAL = 2


class PoolKind(IntEnum):
    """The pool kinds of the province model (textbook networks number their stations)."""

    COUNTER = 0
    DESK = 1
    SPECIALIST = 2
    LEADER = 3
    PARTNER = 4


@dataclass(frozen=True)
class Distributions:
    kind: I8
    p1: F64
    p2: F64
    p3: F64
    emp_off: I64  # n + 1 offsets into emp_values (only EMPIRICAL rows have values)
    emp_values: F64


@dataclass(frozen=True)
class Calendars:
    """Opening hours as sorted, disjoint open segments per calendar, CSR by calendar.

    ``seg_cum[i]`` is the open minutes of the same calendar before segment ``i``, so the
    open time between two moments is a difference of two binary searches. Calendar
    segments must reach past the end of the drain (the compiler adds a margin).
    """

    off: I64  # n_calendars + 1
    seg_start: F64
    seg_end: F64
    seg_cum: F64


@dataclass(frozen=True)
class Flex:
    """Flexible staffing: a threshold policy per centre (threshold < 0: off).

    When more than ``threshold[c]`` dossiers wait at pool kind ``to_kind`` of centre ``c``
    and a server of ``from_kind`` there is idle, it moves to ``to_kind``; it moves back
    when it finishes a service and nobody waits at ``to_kind``. At most ``limit[c]``
    servers are moved at once.
    """

    threshold: I32
    limit: I32
    from_kind: int = PoolKind.SPECIALIST
    to_kind: int = PoolKind.COUNTER


@dataclass(frozen=True)
class Network:
    # -- centres and pools
    n_centres: int
    n_kinds: int
    pool_servers: I32  # n_centres * n_kinds
    pool_calendar: I32
    #: the kind that serves COUNTER nodes of online and postal dossiers (-1: same kind).
    remote_pool_kind: int
    # -- non-territorial reception: candidate centres per home centre, nearest first
    #: (CSR; an empty row or a process with ``proc_anywhere`` False keeps the home centre)
    nbr_off: I64
    nbr_centre: I32
    # -- processes
    proc_start: I32
    proc_deadline: F64  # minutes
    proc_deadline_elapsed: B  # True: elapsed minutes, False: statutory working minutes
    proc_field: I32
    proc_anywhere: B
    proc_n_joins: I32
    # -- nodes
    node_kind: I8
    node_flags: I32
    node_pool_kind: I32  # -1: no pool
    node_work_dist: I32  # -1: no work
    node_lag_dist: I32  # -1: no lag
    node_join_slot: I32
    node_join_need: I32
    succ_off: I64
    succ_node: I32
    succ_cumprob: F64  # XOR only; the last successor's value is 1.0
    dists: Distributions
    calendars: Calendars
    statutory_calendar: int
    #: arrivals come during [0, horizon); the run continues until every dossier is done
    horizon: float
    n_days: int  # days covered by per-day outputs (horizon plus drain)
    flex: Flex | None = None
    #: staff changes by shift (a smaller Saturday team, say): at ``shift_time[i]`` pool
    #: ``shift_pool[i]`` gains ``shift_delta[i]`` servers (negative: loses them; a busy
    #: server finishes its service first). Times are sorted; a change is placed at the
    #: close before the shift it starts, so no service is promised to staff not there.
    shift_time: F64 | None = None
    shift_pool: I32 | None = None
    shift_delta: I32 | None = None
    #: names for reports (not read by the kernel)
    centre_names: tuple[str, ...] = ()
    kind_names: tuple[str, ...] = ()
    process_names: tuple[str, ...] = ()
    field_names: tuple[str, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def n_pools(self) -> int:
        return self.n_centres * self.n_kinds

    def pool(self, centre: int, kind: int) -> int:
        return centre * self.n_kinds + kind

    def arrays(self) -> dict[str, np.ndarray]:
        """Every array field by name (for hashing and for shipping to a worker)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }


@dataclass(frozen=True)
class Demand:
    """Expected arrivals, from which :func:`simulations.arrivals.sample_arrivals` draws.

    Counts per centre and day are Poisson with mean ``day_rate[c, d]`` (day-of-week,
    seasonal peaks and closed days are already folded in); each dossier's channel is drawn
    from ``channel_share``, its process from the centre's mix, and its minute within the
    day from the channel's time-of-day histogram (``tod_edges`` minutes after midnight,
    ``tod_weights[channel]`` one weight per bin). A textbook Poisson source is one centre
    with a flat 24-hour histogram.
    """

    day_rate: F64  # (n_centres, n_arrival_days)
    channel_share: F64  # (3,) in Channel order, sums to 1
    tod_edges: F64  # (n_bins + 1,) minutes after midnight, 0 .. 1440
    tod_weights: F64  # (3, n_bins) per channel
    mix_off: I64  # n_centres + 1
    mix_process: I32
    mix_cumprob: F64  # per centre, cumulative, the row's last value 1.0
    #: optional day profiles, for days whose visitors differ (a Saturday service day sees
    #: only in-person dossiers, in the morning): the profile of each centre and day, and
    #: per profile the channel shares and time-of-day weights; profile 0 is the two
    #: fields above. None: every day is profile 0.
    day_profile: I8 | None = None  # (n_centres, n_arrival_days)
    profile_channel_share: F64 | None = None  # (n_profiles, 3)
    profile_tod_weights: F64 | None = None  # (n_profiles, 3, n_bins)


@dataclass(frozen=True)
class Model:
    """A compiled scenario: the network the kernel runs and the demand that feeds it."""

    network: Network
    demand: Demand
    name: str = ""


@dataclass(frozen=True)
class Arrivals:
    """One replication's dossiers in arrival order (dossier ``i`` is row ``i``)."""

    time: F64
    process: I32
    centre: I32  # home centre
    channel: I8

    def __len__(self) -> int:
        return len(self.time)


@dataclass(frozen=True)
class RunOutput:
    """What one kernel run returns; :mod:`simulations.results` turns it into KPIs."""

    # per dossier (arrival order)
    served_centre: I32
    finish: F64  # minutes
    counter_wait: F64  # queue wait at the first COUNTER node (NaN: none, e.g. online)
    wait_total: F64  # queue waits at every pool
    trips: I8
    working_elapsed: F64  # statutory working minutes arrival -> finish, pauses excluded
    on_time: B
    # per pool
    pool_served: I64
    pool_wait_sum: F64
    pool_busy: F64  # server-minutes of work done
    pool_area: F64  # integral of the queue length (waiting, not in service) over time
    pool_max_queue: I64
    # per pool and day; per day; per centre and day
    pool_day_queue_area: F64  # (n_pools, n_days)
    pool_day_busy: F64  # (n_pools, n_days)
    wip_day: I64  # (n_days,) dossiers in the system at the end of each day
    centre_wip_day: I64  # (n_centres, n_days)
    flex_moves: I64  # (n_centres,)
    events: int
    end_time: float
