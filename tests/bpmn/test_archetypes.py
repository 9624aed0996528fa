"""Every archetype runs to completion on every path, in SpiffWorkflow itself."""

from __future__ import annotations

from typing import Any

import pytest

from bpmn.archetypes import build_diagram
from bpmn.catalog.model import Archetype
from bpmn.diagram import BoundaryKind
from bpmn.generator import render
from tests.bpmn.factories import PARTNER_NAMES, procedure
from tests.bpmn.walk import Path, ended_at, walk

ACCEPT = {"reception_outcome": "accept"}
MAIN_TASK = {Archetype.SAME_DAY: "Task_resolve"}


def happy_answers(archetype: Archetype) -> dict[str, list[dict[str, Any]]]:
    answers: dict[str, list[dict[str, Any]]] = {
        "Task_receive": [ACCEPT],
        "Task_approve": [{"decision": "approve"}],
        "Task_sign": [{"decision": "approve"}],
        "Task_return": [{"return_channel": "counter"}],
        "Task_inspect": [{"inspection_passed": True}],
        "Task_fee": [{"fee_paid": True, "fee_receipt": "BL-0001"}],
        "Task_appraise": [{"appraisal_opinion": "Đủ điều kiện"}],
        "Task_resolve": [{}],
        "Task_supplement": [{"supplement_note": "Bản sao sổ hộ khẩu"}],
    }
    for index in (1, 2, 3):
        answers[f"Task_consult_{index}"] = [{f"opinion_{index}": "agree"}]
    if archetype is Archetype.SUPPLEMENT:
        answers["Task_appraise"] = [{"appraisal_outcome": "complete"}]
    return answers


def paths(archetype: Archetype) -> list[tuple[str, Path, set[str]]]:
    diagram = build_diagram(procedure(archetype), PARTNER_NAMES)
    answers = happy_answers(archetype)
    main = MAIN_TASK.get(archetype, "Task_appraise")
    result = [
        ("done", Path(answers), {"Event_done"}),
        ("refused", Path({"Task_receive": [{"reception_outcome": "refuse"}]}), {"Event_refused"}),
        ("warned", Path(answers, warn_at=main),
         {"Event_done", f"Event_warned_{main.removeprefix('Task_')}"}),
    ]
    for boundary in diagram.boundaries:
        if boundary.kind is BoundaryKind.WITHDRAW and boundary.attached_to != "Task_supplement":
            result.append((f"withdrawn at {boundary.attached_to}",
                           Path(answers, withdraw_at=boundary.attached_to), {boundary.target}))
    if archetype is Archetype.SUPPLEMENT:
        twice = dict(answers, Task_appraise=[{"appraisal_outcome": "supplement"},
                                             {"appraisal_outcome": "complete"}])
        result.append(("one supplement round", Path(twice), {"Event_done"}))
        withdraw = dict(twice)
        result.append(("withdrawn while supplementing",
                       Path(withdraw, withdraw_at="Task_supplement"),
                       {"Event_withdrawn_supplement"}))
    return result


CASES = [
    pytest.param(archetype, path, ends, id=f"{archetype.value}: {name}")
    for archetype in Archetype
    for name, path, ends in paths(archetype)
]


@pytest.mark.parametrize(("archetype", "path", "ends"), CASES)
def test_every_path_runs_to_completion(archetype: Archetype, path: Path, ends: set[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    workflow = walk(render(procedure(archetype), PARTNER_NAMES), path, monkeypatch)
    assert workflow.is_completed(), f"stuck after {path.visited}"
    ended = ended_at(workflow)
    if path.withdraw_at:
        # withdraw is a broadcast signal: every open task's withdrawal fires, nothing else
        assert ends <= ended
        assert all(end.startswith("Event_withdrawn_") for end in ended)
    else:
        assert ended == ends


def test_withdrawal_during_consultation_stops_every_partner(
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(happy_answers(Archetype.INTER_AGENCY), withdraw_at="Task_consult_1")
    workflow = walk(render(procedure(Archetype.INTER_AGENCY), PARTNER_NAMES), path,
                    monkeypatch)
    assert ended_at(workflow) == {f"Event_withdrawn_consult_{i}" for i in (1, 2, 3)}
    assert "Task_approve" not in path.visited


def test_supplement_loop_revisits_appraisal(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths(Archetype.SUPPLEMENT)[-2][1]
    walk(render(procedure(Archetype.SUPPLEMENT)), path, monkeypatch)
    assert path.visited.count("Task_appraise") == 2
    assert path.visited.index("Task_supplement") < path.visited.index("Task_approve")


def test_warning_timer_throws_the_deadline_escalation(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = happy_answers(Archetype.STANDARD)
    path = Path({"Task_receive": answers["Task_receive"]}, warn_at="Task_appraise")
    workflow = walk(render(procedure(Archetype.STANDARD)), path, monkeypatch)
    thrown = [event.event_definition.name for event in workflow.get_events()]
    assert thrown == ["deadline_warning"]
    assert not workflow.is_completed()  # non-interrupting: appraisal still open


def test_inter_agency_waits_for_every_partner(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = happy_answers(Archetype.INTER_AGENCY)
    del answers["Task_consult_3"]  # the third partner never answers
    path = Path(answers)
    workflow = walk(render(procedure(Archetype.INTER_AGENCY), PARTNER_NAMES), path,
                    monkeypatch, limit=10)
    assert not workflow.is_completed()
    assert "Task_approve" not in path.visited
