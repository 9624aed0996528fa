"""BPMN diagram -> routing graph: every archetype, checked against the diagram it came from."""

from __future__ import annotations

import functools

import pytest

from bpmn.archetypes import ROLE_OF_LANE, build_diagram
from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.model import Archetype, Procedure
from bpmn.diagram import NodeKind as DiagramKind
from bpmn.generator import render
from bpmn.parsing import parse_process
from simulations.errors import CompileError
from simulations.model import NodeKind
from simulations.routing import GraphCache, RoutingGraph, structure_key, walk_spec


@functools.cache
def shapes() -> dict[tuple[str, int], list[Procedure]]:
    out: dict[tuple[str, int], list[Procedure]] = {}
    for proc in generate_catalog():
        out.setdefault((proc.archetype.value, len(proc.partner_agencies)), []).append(proc)
    return out


def graph_of(proc: Procedure) -> RoutingGraph:
    return walk_spec(parse_process(render(proc)).spec, proc.code)


SHAPES = sorted(shapes())


@pytest.mark.parametrize("shape", SHAPES)
def test_tasks_map_to_pools_by_lane(shape: tuple[str, int]) -> None:
    proc = shapes()[shape][0]
    diagram = build_diagram(proc, ["p"] * len(proc.partner_agencies))
    graph = graph_of(proc)
    by_id = {n.bpmn_id: n for n in graph.nodes}
    tasks = [
        n
        for n in diagram.nodes.values()
        if n.kind in (DiagramKind.USER_TASK, DiagramKind.SERVICE_TASK)
    ]
    for task in tasks:
        node = by_id[task.id]
        if task.id in ("Task_supplement", "Task_fee"):
            assert node.kind is NodeKind.DELAY
        else:
            assert node.kind is NodeKind.TASK
            assert node.role == ROLE_OF_LANE[task.lane]
            assert node.step in (task.step, "eresult")
    # boundary events and the ends only they reach are left out
    assert not any(
        n.bpmn_id.startswith(("Boundary_", "Event_withdrawn", "Event_warned")) for n in graph.nodes
    )
    assert graph.nodes[graph.start].kind is NodeKind.START
    ends = [n for n in graph.nodes if n.kind is NodeKind.END]
    assert {n.bpmn_id for n in ends} == {"Event_done", "Event_refused"}


@pytest.mark.parametrize("shape", SHAPES)
def test_every_node_is_reachable_and_outputs_are_in_range(shape: tuple[str, int]) -> None:
    graph = graph_of(shapes()[shape][0])
    seen, stack = set(), [graph.start]
    while stack:
        i = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        stack.extend(graph.nodes[i].outputs)
    assert seen == set(range(len(graph.nodes)))


def test_reception_refusal_is_an_end_branch() -> None:
    graph = graph_of(shapes()[("standard", 0)][0])
    gateway = next(n for n in graph.nodes if n.bpmn_id == "Gateway_valid")
    assert gateway.kind is NodeKind.XOR
    assert sorted(gateway.branches) == ["default", "end"]


def test_supplement_loop() -> None:
    graph = graph_of(shapes()[("supplement", 0)][0])
    ids = [n.bpmn_id for n in graph.nodes]
    complete = graph.nodes[ids.index("Gateway_complete")]
    wait = graph.nodes[ids.index("Task_supplement")]
    assert (
        dict(zip(complete.branches, (ids[o] for o in complete.outputs), strict=True))["supplement"]
        == "Task_supplement"
    )
    assert wait.step == "supplement"
    # the wait leads back to appraisal through the resuming gateway
    assert ids[wait.outputs[0]] == "Gateway_resume"


@pytest.mark.parametrize("partners", [2, 3])
def test_consultations_split_and_join(partners: int) -> None:
    graph = graph_of(shapes()[("inter_agency", partners)][0])
    split = next(n for n in graph.nodes if n.kind is NodeKind.AND_SPLIT)
    join = next(n for n in graph.nodes if n.kind is NodeKind.AND_JOIN)
    assert len(split.outputs) == partners
    assert join.join_need == partners
    assert all(graph.nodes[o].role == "partner" for o in split.outputs)


def test_fee_and_electronic_result() -> None:
    graph = graph_of(shapes()[("fee_eresult", 0)][0])
    by_id = {n.bpmn_id: n for n in graph.nodes}
    assert by_id["Task_fee"].kind is NodeKind.DELAY
    assert by_id["Task_return"].step == "eresult"


def test_structure_key_ignores_names_and_budgets() -> None:
    first, second = shapes()[("standard", 0)][:2]
    assert first.steps != second.steps or first.name != second.name
    assert structure_key(render(first)) == structure_key(render(second))
    other = shapes()[("inspection", 0)][0]
    assert structure_key(render(first)) != structure_key(render(other))


def test_cache_parses_each_shape_once() -> None:
    cache = GraphCache()
    procs = shapes()[("standard", 0)][:5]
    graphs = {id(cache.get("k", lambda p=p: render(p), p.code)) for p in procs}
    assert cache.parsed == 1
    assert len(graphs) == 1


def test_unreadable_diagram_is_a_compile_error() -> None:
    cache = GraphCache()
    with pytest.raises(CompileError, match=r"1\.999"):
        cache.get("bad", lambda: b"<not bpmn", "procedure 1.999")


def test_unsupported_element_is_a_compile_error() -> None:
    proc = shapes()[("standard", 0)][0]
    xml = render(proc).replace(b"exclusiveGateway", b"inclusiveGateway")
    with pytest.raises(CompileError, match="Gateway_valid"):
        GraphCache().get("inclusive", lambda: xml, proc.code)


def test_archetypes_are_all_covered() -> None:
    assert {a for a, _ in SHAPES} == {a.value for a in Archetype}
