"""The national dossier status, derived from what the workflow just did.

The diagram decides what happens; the status (Circular 03/2025 codes) is read off it.
After every action the service describes the workflow's move as a :class:`Move` (the
task completed and its form data, the user tasks that opened, the end events reached)
and walks :data:`STATUS_RULES` in order. A rule fires when its condition holds and its
target differs from the current status; its effect (timestamps, clock) is applied at
once, so later rules see it (``pay`` looks at ``decided_at`` set by ``decide``). A final
status (3, 7, 8, 10) ends the walk. Every transition is one audit event
``action: from → to``.

======================  =======================================  ====  =============================
action                  when                                     to    effect
======================  =======================================  ====  =============================
``receive``             ``Task_receive`` accepted a dossier      2     clock starts: received_at,
                        still in status 1 (submitted online)           appointment_at = due_at
``refuse``              ``reception_outcome == "refuse"``        3     finished_at; Form 03
``process``             ``reception_outcome == "accept"``: the   4
                        first back-office task opens
``request_supplement``  ``appraisal_outcome == "supplement"``    5     clock paused: paused_since,
                                                                       supplement_count + 1; Form 02
``resume``              ``Task_supplement`` completed            4     pause closed: its office
                                                                       time added to paused_seconds
                                                                       and to due_at (Deadline)
``decide``              a form with ``decision`` completed       9     decided_at; the decision
                        (``Task_approve``, ``Task_sign``)
``pay``                 ``Task_fee`` completed                   9/4   9 if decided, else 4
``await_payment``       ``Task_fee`` opened                      6
``return``              ``return_channel`` submitted             10    returned_at, return_channel
                        (``Task_return``) or ``Event_done``            ("electronic" if none)
                        reached (the e-result service task)
``withdraw``            an ``Event_withdrawn_*`` end reached     7     finished_at; the reason
======================  =======================================  ====  =============================

Not driven by the workflow: ``submit`` (status 1, online), ``receive`` at the counter
(2), ``stop`` (8, ``workflow.cancel()``) and ``extend`` (no status change), which the
service applies directly. Leaving status 5 any other way than ``resume`` (withdrawal,
stop) closes the pause too, so ``paused_seconds`` always covers every pause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.calendar import Deadline, WorkingCalendar, vietnamese_moment
from engine.dossiers.clock import statutory_clock
from engine.dossiers.models import Dossier, DossierEvent, DossierStatus
from engine.dossiers.workflow import ProcedureSpec

__all__ = ["STATUS_RULES", "Effects", "Move", "Rule", "transitions"]

S = DossierStatus
RECEIVE_TASK, SUPPLEMENT_TASK, FEE_TASK = "Task_receive", "Task_supplement", "Task_fee"
DONE_EVENT, WITHDRAWN_PREFIX = "Event_done", "Event_withdrawn_"


@dataclass(frozen=True)
class Move:
    """What one action did to the workflow: the input of the status rules."""

    completed: str | None = None  # BPMN id of the user task completed
    data: Mapping[str, Any] = field(default_factory=dict)  # its submitted form data
    opened: frozenset[str] = frozenset()  # BPMN ids of user tasks that became ready
    ended: frozenset[str] = frozenset()  # end events reached by this action
    note: str | None = None  # the officer's reason (withdrawal, stop)


@dataclass(frozen=True)
class Rule:
    action: str
    target: DossierStatus
    when: Callable[[Move, Dossier], bool]


def _accepted(move: Move, _: Dossier) -> bool:
    return move.completed == RECEIVE_TASK and move.data.get("reception_outcome") == "accept"


STATUS_RULES: tuple[Rule, ...] = (
    Rule("receive", S.RECEIVED, lambda m, d: d.status is S.SUBMITTED and _accepted(m, d)),
    Rule("refuse", S.REFUSED, lambda m, d: m.data.get("reception_outcome") == "refuse"),
    Rule("process", S.PROCESSING, _accepted),
    Rule("request_supplement", S.SUPPLEMENT,
         lambda m, d: m.data.get("appraisal_outcome") == "supplement"),
    Rule("resume", S.PROCESSING, lambda m, d: m.completed == SUPPLEMENT_TASK),
    Rule("decide", S.DECIDED, lambda m, d: "decision" in m.data),
    Rule("pay", S.DECIDED, lambda m, d: m.completed == FEE_TASK and d.decided_at is not None),
    Rule("pay", S.PROCESSING, lambda m, d: m.completed == FEE_TASK and d.decided_at is None),
    Rule("await_payment", S.AWAITING_PAYMENT, lambda m, d: FEE_TASK in m.opened),
    Rule("return", S.RETURNED, lambda m, d: "return_channel" in m.data or DONE_EVENT in m.ended),
    Rule("withdraw", S.WITHDRAWN,
         lambda m, d: any(end.startswith(WITHDRAWN_PREFIX) for end in m.ended)),
)


def transitions(move: Move, dossier: Dossier) -> Iterator[Rule]:
    """The rules that fire, in order; apply each before asking for the next."""
    for rule in STATUS_RULES:
        if dossier.status.is_final:
            return
        if rule.target is not dossier.status and rule.when(move, dossier):
            yield rule


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


class Effects:
    """The side effects of transitions on one dossier, at one instant.

    Each effect updates the dossier's columns and returns the event detail. The statutory
    clock is the :class:`~engine.calendar.Deadline` replayed from the dossier's events
    (:func:`~engine.dossiers.clock.statutory_clock`).
    """

    def __init__(self, session: Session, *, now: dt.datetime, calendar: WorkingCalendar,
                 spec: ProcedureSpec) -> None:
        self.session = session
        self.now = now
        self.calendar = calendar
        self.spec = spec

    def apply(self, action: str, dossier: Dossier, move: Move) -> dict[str, Any]:
        detail: dict[str, Any] = {}
        if dossier.status is S.SUPPLEMENT and action != "resume":
            detail["pause"] = self._close_pause(dossier)
        effect = getattr(self, f"_{action}", None)
        if effect is not None:
            detail.update(effect(dossier, move))
        if move.note is not None:
            detail.setdefault("reason", move.note)
        return detail

    def deadline(self, dossier: Dossier) -> Deadline:
        events = self.session.scalars(
            select(DossierEvent)
            .where(DossierEvent.dossier_id == dossier.id)
            .order_by(DossierEvent.sequence)
        )
        return statutory_clock(
            dossier, events, time=self.spec.statutory_time, unit=self.spec.time_unit
        )

    def _receive(self, dossier: Dossier, _: Move) -> dict[str, Any]:
        dossier.received_at = self.now
        deadline = Deadline(self.now, self.spec.statutory_time, self.spec.time_unit,
                            centre=dossier.received_centre)
        dossier.due_at = dossier.appointment_at = deadline.statutory_due(self.calendar)
        return {
            "form": "01",
            "received_at": _iso(self.now),
            "appointment_at": _iso(dossier.appointment_at),
            "appointment": vietnamese_moment(dossier.appointment_at),
        }

    def _refuse(self, dossier: Dossier, move: Move) -> dict[str, Any]:
        dossier.finished_at = self.now
        return {"form": "03", "reason": move.data.get("refusal_reason")}

    def _request_supplement(self, dossier: Dossier, move: Move) -> dict[str, Any]:
        dossier.paused_since = self.now
        dossier.supplement_count = (dossier.supplement_count or 0) + 1
        return {
            "form": "02",
            "request": move.data.get("supplement_request"),
            "supplement_count": dossier.supplement_count,
        }

    def _resume(self, dossier: Dossier, _: Move) -> dict[str, Any]:
        return self._close_pause(dossier)

    def _close_pause(self, dossier: Dossier) -> dict[str, Any]:
        deadline = self.deadline(dossier)
        if not deadline.is_paused:  # pragma: no cover - status 5 always has an open pause
            return {}
        resumed = deadline.resume(self.now)
        before = dossier.paused_seconds or 0
        dossier.paused_seconds = round(resumed.paused_seconds(self.calendar))
        dossier.due_at = resumed.due(self.calendar)
        dossier.paused_since = None
        return {
            "paused_since": _iso(resumed.pauses[-1].start),
            "paused_seconds": dossier.paused_seconds - before,
            "due_at": _iso(dossier.due_at),
        }

    def _decide(self, dossier: Dossier, move: Move) -> dict[str, Any]:
        dossier.decided_at = self.now
        return {"decision": move.data.get("decision"), "note": move.data.get("decision_note")}

    def _pay(self, _: Dossier, move: Move) -> dict[str, Any]:
        return {"fee_paid": move.data.get("fee_paid"), "receipt": move.data.get("fee_receipt")}

    def _await_payment(self, dossier: Dossier, _: Move) -> dict[str, Any]:
        return {"fee": dossier.fee}

    def _return(self, dossier: Dossier, move: Move) -> dict[str, Any]:
        dossier.returned_at = self.now
        dossier.return_channel = str(move.data.get("return_channel") or "electronic")
        return {"return_channel": dossier.return_channel}

    def _withdraw(self, dossier: Dossier, _: Move) -> dict[str, Any]:
        dossier.finished_at = self.now
        return {}

    def _stop(self, dossier: Dossier, _: Move) -> dict[str, Any]:
        dossier.finished_at = self.now
        return {}
