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
NNNN a per-centre, per-day sequence from 0001. The next number is read from the
database (the highest code with that prefix); two receptions racing for the same number
are separated by the unique constraint on ``dossiers.code``, and the service retries
once with a fresh number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bpmn.catalog.geography import UBND_XA
from engine.calendar import VIETNAM_TZ
from engine.dossiers.errors import CaseError
from engine.dossiers.models import Dossier

__all__ = [
    "CODE_PATTERN",
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


def next_code(session: Session, centre: str, at: dt.datetime) -> str:
    """The next free code of ``centre`` on the day of ``at``."""
    prefix = code_prefix(centre, at)
    last = session.scalar(
        select(func.max(Dossier.code)).where(Dossier.code.startswith(prefix, autoescape=True))
    )
    number = int(last[len(prefix):]) + 1 if last else 1
    if number > _MAX_SEQUENCE:
        raise CaseError(
            f"centre {centre} has received {_MAX_SEQUENCE} dossiers on {prefix[-7:-1]}; "
            "the national code format has four digits for the sequence"
        )
    return f"{prefix}{number:04d}"
