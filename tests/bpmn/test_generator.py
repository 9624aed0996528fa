"""The generator writes stable, fully laid-out BPMN that keeps the catalogue's numbers."""

from __future__ import annotations

import itertools
import json

import pytest
from lxml import etree

from bpmn.archetypes import warning_duration
from bpmn.catalog.model import Archetype, TimeUnit
from bpmn.generator import NS, render
from bpmn.layout import Bounds
from tests.bpmn.factories import PARTNER_NAMES, procedure

ARCHETYPES = list(Archetype)


def tree(archetype: Archetype, **kwargs: object) -> etree._Element:
    return etree.fromstring(render(procedure(archetype, **kwargs), PARTNER_NAMES))  # type: ignore[arg-type]


def bounds(shape: etree._Element) -> Bounds:
    box = shape.find("dc:Bounds", NS)
    assert box is not None
    return Bounds(*(int(box.get(k, "0")) for k in ("x", "y", "width", "height")))


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_same_row_gives_the_same_bytes(archetype: Archetype) -> None:
    assert render(procedure(archetype), PARTNER_NAMES) == render(procedure(archetype),
                                                                 PARTNER_NAMES)


def test_different_rows_give_different_diagrams() -> None:
    assert render(procedure(Archetype.STANDARD)) != render(procedure(Archetype.STANDARD,
                                                                     budget=2.0))


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_every_flow_element_has_diagram_interchange(archetype: Archetype) -> None:
    root = tree(archetype)
    process = root.find("bpmn:process", NS)
    assert process is not None
    elements = {e.get("id") for e in process if e.get("id") and not e.tag.endswith(
        ("laneSet", "extensionElements"))}
    drawn = {s.get("bpmnElement") for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    drawn |= {s.get("bpmnElement") for s in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    assert elements
    assert elements <= drawn


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_shapes_do_not_overlap_except_boundary_events_on_their_task(
        archetype: Archetype) -> None:
    root = tree(archetype)
    attached = {b.get("id"): b.get("attachedToRef")
                for b in root.iterfind(".//bpmn:boundaryEvent", NS)}
    shapes = {s.get("bpmnElement"): bounds(s) for s in root.iterfind(".//bpmndi:BPMNShape", NS)
              if not str(s.get("bpmnElement")).startswith(("Lane_", "Participant_"))}

    def overlap(a: Bounds, b: Bounds) -> bool:
        return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom

    clashes = [(a, b) for a in shapes for b in shapes if str(a) < str(b)
               and overlap(shapes[a], shapes[b])
               and attached.get(a) != b and attached.get(b) != a]
    assert clashes == []


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_edges_start_and_end_on_their_shapes(archetype: Archetype) -> None:
    root = tree(archetype)
    shapes = {s.get("bpmnElement"): bounds(s) for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    flows = {f.get("id"): f for f in root.iterfind(".//bpmn:sequenceFlow", NS)}

    def touches(box: Bounds, x: int, y: int) -> bool:
        on_x = box.x <= x <= box.right and y in (box.y, box.bottom)
        on_y = box.y <= y <= box.bottom and x in (box.x, box.right)
        return on_x or on_y

    for edge in root.iterfind(".//bpmndi:BPMNEdge", NS):
        flow = flows[edge.get("bpmnElement")]
        points = [(int(p.get("x", 0)), int(p.get("y", 0)))
                  for p in edge.iterfind("di:waypoint", NS)]
        assert touches(shapes[flow.get("sourceRef")], *points[0]), flow.get("id")
        assert touches(shapes[flow.get("targetRef")], *points[-1]), flow.get("id")
        for (x1, y1), (x2, y2) in itertools.pairwise(points):
            assert x1 == x2 or y1 == y2, f"{flow.get('id')} has a diagonal segment"


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_step_budgets_and_forms_are_written_on_the_tasks(archetype: Archetype) -> None:
    root = tree(archetype, budget=2.5)
    props = {}
    for task in root.iterfind(".//bpmn:userTask", NS):
        values = {p.get("name"): p.get("value")
                  for p in task.iterfind(".//spiffworkflow:property", NS)}
        props[task.get("id")] = values
        json.loads(values["formJsonSchema"])  # every user task has a valid form
    budgets = [float(v["motcua.budget"]) for v in props.values() if "motcua.budget" in v]
    assert budgets
    assert set(budgets) == {2.5}
    process = root.find("bpmn:process", NS)
    assert process is not None
    assert process.get("isExecutable") == "true"


def test_inter_agency_draws_one_branch_per_partner() -> None:
    for partners in (2, 3):
        root = tree(Archetype.INTER_AGENCY, partners=partners)
        consult = [t for t in root.iterfind(".//bpmn:userTask", NS)
                   if str(t.get("id")).startswith("Task_consult_")]
        assert len(consult) == partners
        assert "Sở Tài chính" in str(consult[0].get("name"))


def test_timer_expressions_are_quoted_iso_durations() -> None:
    root = tree(Archetype.STANDARD, budget=4.0)
    durations = [d.text for d in root.iterfind(".//bpmn:timeDuration", NS)]
    assert durations == ['"P3D"']


@pytest.mark.parametrize(("budget", "unit", "expected"), [
    (4.0, TimeUnit.WORKING_DAYS, '"P3D"'),
    (0.25, TimeUnit.WORKING_DAYS, '"PT1H30M"'),
    (8.0, TimeUnit.HOURS, '"PT6H"'),
    (1.0, TimeUnit.MONTHS, '"P22DT12H"'),
    (10.0, TimeUnit.DAYS, '"P7DT12H"'),
])
def test_warning_fires_at_three_quarters_of_the_budget(budget: float, unit: TimeUnit,
                                                       expected: str) -> None:
    assert warning_duration(budget, unit) == expected


def test_ids_never_collide_with_the_engine_reserved_names() -> None:
    for archetype in ARCHETYPES:
        ids = {e.get("id") for e in tree(archetype).iter() if e.get("id")}
        assert not ids & {"Start", "End"}
