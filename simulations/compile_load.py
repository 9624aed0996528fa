"""The work a scenario's demand brings to each pool, from which default staff is sized.

Expected server-minutes per pool and mean working day: each process's expected work per
pool kind (visits x mean work, :func:`~simulations.compile_nodes.expected_work`) weighted
by the centre's procedure mix and daily volume, with the counter work of online and postal
dossiers moved to the one-stop desk that receives them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from bpmn.catalog.geography import Centre, CentreKind
from simulations.compile_nodes import NodeTable, expected_work
from simulations.model import Demand, PoolKind

__all__ = ["commune_kinds", "pool_load"]

_N_KINDS = len(PoolKind)


def pool_load(
    table: NodeTable,
    arrays: Mapping[str, np.ndarray],
    demand: Demand,
    mixes: Sequence[tuple[np.ndarray, np.ndarray]],
    n_working: int,
) -> np.ndarray:
    """Server-minutes of work a mean working day brings to each pool ``[centre, kind]``.

    The mean is the horizon's dossiers over its working days, so moving demand to
    Saturdays does not lower the staff sized for the week.
    """
    means = np.array([spec.mean() for spec in table.dists])
    work, counter = expected_work(arrays, means, _N_KINDS)
    remote = 1.0 - float(demand.channel_share[0])
    load = np.zeros((len(mixes), _N_KINDS))
    for c, (procs, weights) in enumerate(mixes):
        if len(procs) == 0 or n_working == 0:
            continue
        daily = float(demand.day_rate[c].sum()) / n_working
        share = weights / weights.sum()
        load[c] = daily * (share @ work[procs])
        moved = daily * float(share @ counter[procs]) * remote
        load[c, PoolKind.COUNTER] -= moved
        load[c, PoolKind.DESK] += moved
    return load


def commune_kinds(load: np.ndarray, centres: Sequence[Centre]) -> np.ndarray:
    """Pools any commune centre uses: a re-routed dossier may need them anywhere."""
    commune = np.array([c.kind is not CentreKind.PROVINCE for c in centres])
    used = (load[commune] > 0).any(axis=0) if commune.any() else np.zeros(_N_KINDS, bool)
    return np.broadcast_to(used & commune[:, None], load.shape)
