"""Reading what an action on a dossier needs, in as few round trips as possible.

Why: on PostgreSQL each statement of a task completion costs 0.1 to 0.4 ms with
SQLAlchemy's work around it, of about 4 ms for the whole completion, and reading the task,
its dossier, the dossier's other task rows, the version's facts and the chain head one by
one took five of them (the version twice more: the identity map had let it go).

:func:`load_task` reads, in one ``SELECT``, every task row of the dossier that the asked
task belongs to, the dossier itself, the facts of its procedure version and the head of
its event chain. The dossier and the rest are outer-joined to the asked task's row only,
so the other rows carry ``NULL`` there and the workflow state crosses the wire once::

    SELECT dossier_tasks.*, dossiers.*, procedure_versions.content_hash,
           procedures.code, procedures.partner_agencies,
           (SELECT sequence FROM dossier_events WHERE dossier_id = dossiers.id
             ORDER BY sequence DESC LIMIT 1)  -- and the same for its hash
    FROM dossier_tasks
    LEFT JOIN dossiers ON dossiers.id = dossier_tasks.dossier_id
                      AND dossier_tasks.id = :task_id
    LEFT JOIN procedure_versions ... LEFT JOIN procedures ...
    WHERE dossier_tasks.dossier_id = (SELECT dossier_id FROM dossier_tasks WHERE id = :task_id)

The rows become the dossier's ``tasks`` collection (unless the session already holds it,
which then says the same: the query's autoflush wrote whatever was pending), and each
row's ``dossier``, which keeps the dossier alive as long as the caller holds the row
(SQLAlchemy's identity map holds objects weakly).

:class:`VersionFacts` is what an action needs of the procedure version a dossier runs
on; versions are immutable once created (:mod:`engine.catalog.models`), so the facts are
read once and the XML only when the spec cache misses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, inspect, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from engine.catalog.models import Procedure, ProcedureVersion
from engine.dossiers.audit import EMPTY_CHAIN
from engine.dossiers.models import Dossier, DossierEvent, DossierTask

__all__ = ["LoadedTask", "VersionFacts", "load_task", "version_facts"]


@dataclass(frozen=True)
class VersionFacts:
    """What actions read of a dossier's procedure version (module docstring); the XML is
    fetched only if the spec cache misses."""

    id: int
    content_hash: str
    procedure_code: str
    partner_agencies: tuple[str, ...]
    xml: Callable[[], str] = field(repr=False, compare=False)

    @property
    def bpmn_xml(self) -> str:
        return self.xml()


@dataclass(frozen=True)
class LoadedTask:
    """A task row with its dossier (``tasks`` loaded), version facts and chain head."""

    row: DossierTask
    facts: VersionFacts
    head: tuple[int, str]  # (sequence, hash) of the last event, or EMPTY_CHAIN


def _xml(session: Session, version_id: int) -> Callable[[], str]:
    return lambda: session.scalars(
        select(ProcedureVersion.bpmn_xml).where(ProcedureVersion.id == version_id)).one()


_FACTS = (select(ProcedureVersion.content_hash, Procedure.code, Procedure.partner_agencies)
          .join(Procedure, Procedure.id == ProcedureVersion.procedure_id)
          .where(ProcedureVersion.id == bindparam("version_id")))


def version_facts(session: Session, version_id: int) -> VersionFacts:
    """The facts of version ``version_id`` (one ``SELECT``)."""
    content_hash, code, partners = session.execute(_FACTS, {"version_id": version_id}).one()
    return VersionFacts(version_id, content_hash, code, tuple(partners),
                        _xml(session, version_id))


def _task_query() -> Select[Any]:
    """The query of :func:`load_task`, built once: building it (an alias, joins and
    subqueries) costs more than running it."""
    task_id = bindparam("task_id", type_=Integer)
    asked = aliased(DossierTask)
    last = (select(DossierEvent.sequence).where(DossierEvent.dossier_id == Dossier.id)
            .order_by(DossierEvent.sequence.desc()).limit(1))
    return (
        select(DossierTask, Dossier, ProcedureVersion.content_hash, Procedure.code,
               Procedure.partner_agencies, last.scalar_subquery(),
               last.with_only_columns(DossierEvent.hash).scalar_subquery())
        .outerjoin(Dossier, and_(Dossier.id == DossierTask.dossier_id,
                                 DossierTask.id == task_id))
        .outerjoin(ProcedureVersion, ProcedureVersion.id == Dossier.version_id)
        .outerjoin(Procedure, Procedure.id == Dossier.procedure_id)
        .where(DossierTask.dossier_id == select(asked.dossier_id)
               .where(asked.id == task_id).scalar_subquery())
        .order_by(DossierTask.id)
    )


_TASK_QUERY = _task_query()


def load_task(session: Session, task_id: int) -> LoadedTask | None:
    """Task ``task_id`` and all an action on it reads first (module docstring)."""
    rows = session.execute(_TASK_QUERY, {"task_id": task_id}).all()
    found = next((r for r in rows if r[1] is not None), None)
    if found is None:
        return None
    row, dossier, content_hash, code, partners, sequence, head_hash = found
    if "tasks" not in inspect(dossier).dict:
        set_committed_value(dossier, "tasks", [r[0] for r in rows])
    for task, *_ in rows:  # the rows hold their dossier: the identity map is weak
        if "dossier" not in inspect(task).dict:
            set_committed_value(task, "dossier", dossier)
    facts = VersionFacts(dossier.version_id, content_hash, code, tuple(partners),
                         _xml(session, dossier.version_id))
    return LoadedTask(row, facts, EMPTY_CHAIN if sequence is None else (sequence, head_hash))
