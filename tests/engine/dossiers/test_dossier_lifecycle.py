"""The status derivation table and the injected clock, on their own."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from engine.dossiers.clock import FixedClock, SystemClock
from engine.dossiers.lifecycle import STATUS_RULES, Move, transitions
from engine.dossiers.models import DossierStatus

S = DossierStatus


def test_the_table_is_the_documented_one() -> None:
    assert [(r.action, r.target.value) for r in STATUS_RULES] == [
        ("receive", "2"), ("refuse", "3"), ("process", "4"), ("request_supplement", "5"),
        ("resume", "4"), ("decide", "9"), ("pay", "9"), ("pay", "4"), ("await_payment", "6"),
        ("return", "10"), ("withdraw", "7"),
    ]


def fired(move: Move, status: DossierStatus, decided: bool = False) -> list[str]:
    """Walk the rules as the service does, applying each target before the next rule;
    ``action:target`` of each rule that fired."""
    moment = dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    dossier: Any = SimpleNamespace(status=status, decided_at=moment if decided else None)
    actions = []
    for rule in transitions(move, dossier):
        actions.append(f"{rule.action}:{rule.target.value}")
        dossier.status = rule.target
        if rule.action == "decide":
            dossier.decided_at = moment
    return actions


@pytest.mark.parametrize(("move", "status", "expected"), [
    (Move("Task_receive", {"reception_outcome": "accept"}), S.RECEIVED, ["process:4"]),
    (Move("Task_receive", {"reception_outcome": "accept"}), S.SUBMITTED,
     ["receive:2", "process:4"]),
    (Move("Task_receive", {"reception_outcome": "refuse"}), S.SUBMITTED, ["refuse:3"]),
    (Move("Task_appraise", {"appraisal_outcome": "supplement"}), S.PROCESSING,
     ["request_supplement:5"]),
    (Move("Task_appraise", {"appraisal_outcome": "complete"}), S.PROCESSING, []),
    (Move("Task_supplement", {}), S.SUPPLEMENT, ["resume:4"]),
    (Move("Task_approve", {"decision": "approve"}, frozenset({"Task_fee"})), S.PROCESSING,
     ["decide:9", "await_payment:6"]),
    (Move("Task_fee", {"fee_paid": True}, ended=frozenset({"Event_done"})),
     S.AWAITING_PAYMENT, ["pay:9", "return:10"]),
    (Move("Task_return", {"return_channel": "postal"}), S.DECIDED, ["return:10"]),
    (Move(ended=frozenset({"Event_withdrawn_appraise"})), S.PROCESSING, ["withdraw:7"]),
    (Move(ended=frozenset({"Event_withdrawn_appraise"})), S.RETURNED, []),  # final: nothing
])
def test_rules_fire_in_order(move: Move, status: DossierStatus, expected: list[str]) -> None:
    assert fired(move, status, decided=status is S.AWAITING_PAYMENT) == expected


def test_fee_paid_before_a_decision_goes_back_to_processing() -> None:
    assert fired(Move("Task_fee", {"fee_paid": True}), S.AWAITING_PAYMENT) == ["pay:4"]


def test_clocks() -> None:
    start = dt.datetime(2026, 3, 3, 2, 0, tzinfo=dt.UTC)
    clock = FixedClock(start)
    assert clock.now() == start
    assert clock.advance(dt.timedelta(minutes=5)) == start + dt.timedelta(minutes=5)
    with pytest.raises(ValueError, match="naive"):
        FixedClock(dt.datetime(2026, 3, 3))
    assert SystemClock().now().tzinfo is not None
