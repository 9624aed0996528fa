"""One replication's dossiers, drawn from a :class:`~simulations.model.Demand`.

Lifecycle: called once per replication with that replication's ``numpy.random.Generator``;
the result is sorted by time so that the kernel can feed arrivals from the array instead of
its event heap, and dossier ``i`` is row ``i`` everywhere downstream. Everything is drawn
in whole-array numpy operations (a province-year is about 1.2M rows).
"""

from __future__ import annotations

import numpy as np

from simulations.errors import ScenarioError
from simulations.model import Arrivals, Channel, Demand

__all__ = ["sample_arrivals"]

DAY = 1440.0


def _processes(demand: Demand, centre: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each dossier's process from its centre's mix, one vectorised search.

    Row ``c`` of the mix is shifted by ``c`` so that all rows form one increasing key and
    ``centre + u`` falls inside its own row.
    """
    n_centres = demand.day_rate.shape[0]
    if len(demand.mix_off) != n_centres + 1:
        raise ScenarioError(
            f"demand.mix has {len(demand.mix_off) - 1} rows for {n_centres} centres",
            key="demand.mix",
            value=len(demand.mix_off) - 1,
        )
    rows = np.diff(demand.mix_off)
    empty = np.flatnonzero(rows[centre] == 0) if len(centre) else np.array([], dtype=np.int64)
    if len(empty):
        bad = int(centre[empty[0]])
        raise ScenarioError(
            f"centre {bad} receives dossiers but has no process mix",
            key=f"demand.mix.{bad}",
            value=[],
        )
    owner = np.repeat(np.arange(len(rows)), rows)
    keys = owner + demand.mix_cumprob
    pos = np.searchsorted(keys, centre + rng.random(len(centre)), side="right")
    pos = np.minimum(pos, demand.mix_off[centre + 1] - 1)
    process: np.ndarray = demand.mix_process[pos].astype(np.int32)
    return process


def _profiles(demand: Demand) -> tuple[np.ndarray, np.ndarray]:
    """Channel shares (n_profiles, 3) and time-of-day weights (n_profiles, 3, n_bins)."""
    if demand.day_profile is None:
        return demand.channel_share[None, :], demand.tod_weights[None, :, :]
    if demand.profile_channel_share is None or demand.profile_tod_weights is None:
        raise ScenarioError(
            "demand.day_profile needs profile_channel_share and profile_tod_weights",
            key="demand.day_profile",
            value=None,
        )
    return demand.profile_channel_share, demand.profile_tod_weights


def _channels(shares: np.ndarray, profile: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each dossier's channel from its day profile's channel shares."""
    channel = np.zeros(len(profile), dtype=np.int8)
    for p in range(len(shares)):
        rows = np.flatnonzero(profile == p)
        share = np.cumsum(shares[p])
        drawn = np.searchsorted(share / share[-1], rng.random(len(rows)), side="right")
        channel[rows] = np.minimum(drawn, len(Channel) - 1)
    return channel


def _minutes_of_day(
    demand: Demand,
    weights_by_profile: np.ndarray,
    profile: np.ndarray,
    channel: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """A minute after midnight per dossier from its channel's time-of-day histogram."""
    out = np.empty(len(channel))
    for p in range(len(weights_by_profile)):
        for ch in Channel:
            rows = np.flatnonzero((channel == ch) & (profile == p))
            if len(rows):
                out[rows] = _minutes(
                    demand.tod_edges, weights_by_profile[p][int(ch)], ch, rows, rng
                )
    return out


def _minutes(
    edges: np.ndarray, weights: np.ndarray, ch: Channel, rows: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Minutes after midnight for ``rows`` from one channel's time-of-day histogram."""
    cum = np.cumsum(weights)
    if cum[-1] <= 0:
        raise ScenarioError(
            f"channel {ch.name.lower()} has dossiers but no time-of-day weight",
            key=f"demand.time_of_day.{ch.name.lower()}",
            value=weights.tolist(),
        )
    bins = np.searchsorted(cum / cum[-1], rng.random(len(rows)), side="right")
    bins = np.minimum(bins, len(weights) - 1)
    width = edges[bins + 1] - edges[bins]
    minutes: np.ndarray = edges[bins] + rng.random(len(rows)) * width
    return minutes


def sample_arrivals(demand: Demand, rng: np.random.Generator) -> Arrivals:
    """Poisson counts per centre and day, then channel, process and minute per dossier."""
    counts = rng.poisson(demand.day_rate)
    n_centres, n_days = counts.shape
    flat = counts.ravel()
    centre = np.repeat(np.repeat(np.arange(n_centres), n_days), flat)
    day = np.repeat(np.tile(np.arange(n_days), n_centres), flat)
    shares, weights = _profiles(demand)
    profile = (
        np.zeros(len(centre), dtype=np.int8)
        if demand.day_profile is None
        else demand.day_profile[centre, day]
    )
    channel8 = _channels(shares, profile, rng)
    process = _processes(demand, centre, rng)
    time = day * DAY + _minutes_of_day(demand, weights, profile, channel8, rng)
    order = np.argsort(time, kind="stable")
    return Arrivals(
        time=time[order],
        process=process[order],
        centre=centre[order].astype(np.int32),
        channel=channel8[order],
    )
