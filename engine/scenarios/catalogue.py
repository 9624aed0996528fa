"""The published catalogue a province simulation is compiled from.

The simulator runs the diagrams officers work with: a worker compiles a province
scenario from the procedures in the database and their *published* BPMN versions (an
edited, republished diagram changes the routing the simulation sees), not from the
generated catalogue the CLI falls back to.

Reading 2,358 diagrams (about 50 MB) for every replication would cost more than the
replication, so :func:`published_catalogue` first reads only the (code, content hash)
pairs, which identify the catalogue's state; the compiled model is cached under that
fingerprint (:func:`simulations.jobs.compiled_model`) and the rows and XML are read
only when the cache misses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.models import Procedure, ProcedureVersion, VersionStatus

if TYPE_CHECKING:  # the simulator loads numpy and numba: not at the engine's import time
    from simulations.jobs import Published

__all__ = ["published_catalogue"]


def published_catalogue(
    session: Session, factory: Callable[[], Session]
) -> tuple[str, Callable[[], Published]] | None:
    """The fingerprint of the published catalogue and a loader of it; None when empty.

    The loader opens its own session from ``factory``: it runs later, outside the
    transaction that read the fingerprint.
    """
    pairs = session.execute(
        select(Procedure.code, ProcedureVersion.content_hash)
        .join(ProcedureVersion, ProcedureVersion.procedure_id == Procedure.id)
        .where(ProcedureVersion.status == VersionStatus.PUBLISHED)
        .order_by(Procedure.code, ProcedureVersion.id)
    ).all()
    if not pairs:
        return None
    digest = hashlib.sha256()
    for code, content_hash in pairs:
        digest.update(f"{code}\t{content_hash}\n".encode())

    def load() -> Published:
        with factory() as reader:
            rows = reader.execute(
                select(Procedure, ProcedureVersion.bpmn_xml)
                .join(ProcedureVersion, ProcedureVersion.procedure_id == Procedure.id)
                .where(ProcedureVersion.status == VersionStatus.PUBLISHED)
                .order_by(Procedure.code, ProcedureVersion.id)
            ).all()
            procedures = {procedure.code: procedure.as_row() for procedure, _xml in rows}
            diagrams = {procedure.code: xml.encode("utf-8") for procedure, xml in rows}
        return list(procedures.values()), diagrams

    return "catalogue:" + digest.hexdigest(), load
