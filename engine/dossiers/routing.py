"""Where a dossier goes and what it is called: competent authority, task units, the code.

Routing (phi địa giới, Decree 118/2025): any centre of the province may receive any
dossier; the dossier is then worked by the competent authority.

- A province-level procedure names its agency (a department code): that agency.
- A commune-level procedure names :data:`~bpmn.catalog.geography.UBND_XA`, "the People's
  Committee of the commune concerned": the applicant's home commune when the receiving
  officer records it, otherwise the commune whose centre received the dossier. Commune
  agencies are coded as their centres, so the code is the centre's.

Task units: the one-stop counter tasks (role ``receiver``) are worked where the dossier
was received; specialist and leader tasks at the competent authority; a consultation
``Task_consult_N`` at the N-th partner agency of the procedure. Inbox queues are
``"<unit>:<role>"``.

Dossier code: ``<received centre code>-YYMMDD-NNNN``, the date in Vietnam time and
NNNN a per-centre, per-day sequence from 0001, handed out by a counter row per
``(centre, day)`` (:class:`~engine.dossiers.models.DossierCodeCounter`) with one atomic
statement::

    INSERT INTO dossier_code_counters (centre, day, last) VALUES (:centre, :day, 1)
    ON CONFLICT (centre, day) DO UPDATE SET last = dossier_code_counters.last + 1
    RETURNING last

Semantics of the numbers:

- Never twice. The UPSERT locks the counter row (PostgreSQL; SQLite locks the whole
  database for the writer) until the receiving transaction commits or rolls back, so
  receptions at the same centre on the same day are serialized from their allocation to
  their end: the next one waits, then reads the committed value. Other centres and other
  days do not wait (PostgreSQL). This relies on READ COMMITTED, PostgreSQL's default and
  the app's: under REPEATABLE READ or SERIALIZABLE the waiting UPSERT fails with a
  serialization error once the first commits.
- No gap from a rollback. The counter moves in the same transaction as the dossier row:
  a reception that fails and is rolled back (by its caller, or by a savepoint around it)
  gives its number back, and the next reception takes it.
- Gaps are still possible, never duplicates: (1) a committed dossier that is deleted
  later keeps its number used; (2) a caller that catches an error of
  ``DossierService.receive`` *after* the number was taken and commits anyway (instead of
  rolling back, as the service contract says) leaves that number unused; (3) the
  service's safety-net retry (a code found taken by a row the counter did not know
  about, e.g. dossiers restored or imported without their counters) moves past it;
  (4) days before this counter existed were seeded from the highest code of each
  ``(centre, day)``, so their earlier gaps remain.
- A transaction that receives dossiers at several centres holds several counter rows;
  two such transactions taking them in opposite orders can deadlock, and PostgreSQL
  then aborts one of them (the caller retries). Single receptions take one row.
- The day is the Vietnamese date of the reception instant (``at``), so a back-dated
  reception counts on that day's counter; a number past 9999 is refused
  (:class:`~engine.dossiers.errors.CaseError`; the caller rolls back, so it is not burnt).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.orm import Session

from bpmn.catalog.geography import UBND_XA
from engine.calendar import VIETNAM_TZ
from engine.db import UPSERT_DIALECTS, dialect_insert, mark_written
from engine.dossiers.errors import CaseError
from engine.dossiers.models import DossierCodeCounter

__all__ = [
    "CODE_PATTERN",
    "allocate_number",
    "candidate_group",
    "code_prefix",
    "competent_agency",
    "next_code",
    "task_unit",
]

#: What every dossier code looks like.
CODE_PATTERN = re.compile(r"^[\w.]+-\d{6}-\d{4}$")
_CONSULT = re.compile(r"^Task_consult_(\d+)$")
_MAX_SEQUENCE = 9999


def competent_agency(agency: str, *, received_centre: str, home_centre: str | None) -> str:
    """The agency that resolves a dossier of a procedure whose catalogue agency is ``agency``."""
    if agency != UBND_XA:
        return agency
    return home_centre or received_centre


def task_unit(
    role: str,
    spec_id: str,
    *,
    received_centre: str,
    competent: str,
    partner_agencies: Sequence[str],
) -> str:
    """The centre or agency whose officers work task ``spec_id`` (module docstring)."""
    if role == "receiver":
        return received_centre
    if role == "partner":
        match = _CONSULT.match(spec_id)
        if match is not None and 1 <= int(match.group(1)) <= len(partner_agencies):
            return partner_agencies[int(match.group(1)) - 1]
    return competent


def candidate_group(unit: str, role: str) -> str:
    return f"{unit}:{role}"


def code_prefix(centre: str, at: dt.datetime) -> str:
    """``<centre>-YYMMDD-`` for a dossier received at ``at`` (the Vietnamese date)."""
    return f"{centre}-{at.astimezone(VIETNAM_TZ):%y%m%d}-"


def allocate_number(session: Session, centre: str, day: dt.date) -> int:
    """Bump the ``(centre, day)`` counter and return its new value (1 on a new day).

    One UPSERT ... RETURNING (PostgreSQL, SQLite >= 3.35): the counter row stays locked
    until the session's transaction ends (module docstring). The statement is built once
    per dialect and sent on the session's connection (one reception each: the ORM's
    handling of it cost more than the server's).
    """
    connection = session.connection()
    mark_written(session)
    number = connection.execute(_COUNTER_UPSERTS[connection.dialect.name],
                                {"centre": centre, "day": day}).scalar_one()
    return int(number)


def _counter_upsert(dialect: str) -> Any:
    values = {"centre": bindparam("centre"), "day": bindparam("day"), "last": 1}
    return dialect_insert(dialect, DossierCodeCounter).values(values).on_conflict_do_update(
        index_elements=["centre", "day"], set_={"last": DossierCodeCounter.last + 1},
    ).returning(DossierCodeCounter.last)


_COUNTER_UPSERTS = {name: _counter_upsert(name) for name in UPSERT_DIALECTS}


def next_code(session: Session, centre: str, at: dt.datetime) -> str:
    """Take the next code of ``centre`` on the (Vietnamese) day of ``at``."""
    prefix = code_prefix(centre, at)
    number = allocate_number(session, centre, at.astimezone(VIETNAM_TZ).date())
    if number > _MAX_SEQUENCE:
        raise CaseError(
            f"centre {centre} has received {_MAX_SEQUENCE} dossiers on {prefix[-7:-1]}; "
            "the national code format has four digits for the sequence"
        )
    return f"{prefix}{number:04d}"
