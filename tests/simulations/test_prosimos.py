"""Prosimos interop: reading the shipped example, distributions, refusals, round trip."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pix_framework.statistics.distribution import DurationDistribution
from prosimos.simulation_engine import run_simulation

from simulations.arrivals import sample_arrivals
from simulations.compile import compile_scenario
from simulations.errors import InteropError, ScenarioError
from simulations.kernel import simulate
from simulations.model import DistKind, Model, NodeKind
from simulations.prosimos import load_prosimos, read_prosimos
from simulations.prosimos_export import export_prosimos
from simulations.prosimos_params import dist_from_prosimos, dist_to_prosimos
from simulations.scenario import load_scenario

DATA = Path(__file__).parent / "data" / "prosimos"
K = NodeKind


@pytest.fixture(scope="module")
def permit() -> Model:
    return load_prosimos(load_scenario(DATA / "permit.yaml"))


def _copy(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    bpmn, params = tmp_path / "m.bpmn", tmp_path / "m.json"
    shutil.copy(DATA / "permit.bpmn", bpmn)
    return bpmn, params, json.loads((DATA / "permit.json").read_text())


def _node(model: Model, element: str) -> int:
    elements = model.network.meta["node_elements"]
    assert isinstance(elements, list)
    return elements.index(element)


def _succ(model: Model, node: int) -> list[int]:
    net = model.network
    return net.succ_node[net.succ_off[node] : net.succ_off[node + 1]].tolist()


def test_example_routing(permit: Model) -> None:
    net = permit.network
    kinds = {e: int(net.node_kind[_node(permit, e)]) for e in ("start", "receive", "end")}
    assert kinds == {"start": K.START, "receive": K.TASK, "end": K.END}
    complete = _node(permit, "complete")
    assert net.node_kind[complete] == K.XOR
    assert [permit.network.meta["node_elements"][s] for s in _succ(permit, complete)] == [
        "fork",
        "reject",
    ]
    lo = net.succ_off[complete]
    assert net.succ_cumprob[lo] == pytest.approx(0.8)
    assert net.succ_cumprob[lo + 1] == 1.0
    sync = _node(permit, "sync")
    assert (net.node_kind[sync], net.node_join_need[sync]) == (K.AND_JOIN, 2)
    assert len(_succ(permit, _node(permit, "fork"))) == 2
    assert net.proc_n_joins.tolist() == [1]


def test_example_pools_and_durations(permit: Model) -> None:
    net = permit.network
    assert net.kind_names == ("clerk", "specialist", "leader")
    assert net.pool_servers.tolist() == [3, 2, 1]
    pools = {e: int(net.node_pool_kind[_node(permit, e)]) for e in ("fee", "appraise", "sign")}
    assert pools == {"fee": 0, "appraise": 1, "sign": 2}
    row = net.node_work_dist[_node(permit, "appraise")]
    assert net.dists.kind[row] == DistKind.LOGNORMAL
    assert math.exp(net.dists.p1[row] + net.dists.p2[row] ** 2 / 2) == pytest.approx(20.0)
    assert net.meta["warnings"] == []


def test_example_arrivals(permit: Model) -> None:
    rate = permit.demand.day_rate[0]
    # 2026-03-02 is a Monday: 450 open minutes / 10-minute gaps; Saturday 240; Sunday none
    assert rate[:7].tolist() == pytest.approx([45, 45, 45, 45, 45, 24, 0])
    edges, weights = permit.demand.tod_edges, permit.demand.tod_weights[0]
    lunch = (edges[:-1] >= 690) & (edges[1:] <= 810)
    assert weights[lunch].sum() == 0.0
    assert weights.sum() == pytest.approx(1.0)


def test_example_runs_with_the_kernel(permit: Model) -> None:
    arrivals = sample_arrivals(permit.demand, np.random.default_rng(3))
    out = simulate(permit.network, arrivals, 3)
    n = len(arrivals)
    assert not np.isnan(out.finish).any()
    clerk, specialist, leader = out.pool_served.tolist()
    assert clerk == 2 * n  # every dossier is received, then either pays or is returned
    assert specialist == leader
    assert specialist / n == pytest.approx(0.8, abs=4 * math.sqrt(0.16 / n))


def test_compile_scenario_reads_prosimos(permit: Model) -> None:
    model = compile_scenario(load_scenario(DATA / "permit.yaml"))
    assert model.network.node_kind.tolist() == permit.network.node_kind.tolist()


PROSIMOS_DISTS = [
    ("fix", [300]),
    ("expon", [900, 0, 90000]),
    ("norm", [600, 400, 0, 100000]),
    ("lognorm", [1200, 360000, 0, 1e7]),
    ("gamma", [480, 57600, 0, 1e7]),
    ("uniform", [120, 480]),
]


@pytest.mark.parametrize(("name", "params"), PROSIMOS_DISTS)
def test_durations_match_prosimos_sampling(name: str, params: list[float]) -> None:
    entry = {"distribution_name": name, "distribution_params": [{"value": v} for v in params]}
    draws = np.array(DurationDistribution.from_dict(entry).generate_sample(40_000)) / 60.0
    spec = dist_from_prosimos(entry, "d", [])
    tolerance = 5 * draws.std() / math.sqrt(len(draws)) + 1e-9
    assert spec.mean() == pytest.approx(draws.mean(), abs=tolerance)


def test_truncated_normal_keeps_variance() -> None:
    entry = {
        "distribution_name": "norm",
        "distribution_params": [{"value": v} for v in (60, 90, 0, 1e6)],
    }
    draws = np.array(DurationDistribution.from_dict(entry).generate_sample(40_000)) / 60.0
    warnings: list[str] = []
    spec = dist_from_prosimos(entry, "d", warnings)
    assert spec.kind == DistKind.GAMMA
    assert spec.p1 * spec.p2**2 == pytest.approx(draws.var(), rel=0.05)
    assert warnings


@pytest.mark.parametrize(("name", "params"), PROSIMOS_DISTS)
def test_distribution_round_trip(name: str, params: list[float]) -> None:
    entry = {"distribution_name": name, "distribution_params": [{"value": v} for v in params]}
    spec = dist_from_prosimos(entry, "d", [])
    again = dist_from_prosimos(dist_to_prosimos(spec), "d", [])
    assert again.mean() == pytest.approx(spec.mean())


def test_triangular_is_refused() -> None:
    entry = {"distribution_name": "triang", "distribution_params": [{"value": 1}] * 3}
    with pytest.raises(InteropError, match="triang"):
        dist_from_prosimos(entry, "task_resource_distribution.0", [])


def test_unsupported_gateway_names_the_element(tmp_path: Path) -> None:
    bpmn, params, data = _copy(tmp_path)
    bpmn.write_text(
        bpmn.read_text().replace('exclusiveGateway id="merge"', 'inclusiveGateway id="merge"')
    )
    params.write_text(json.dumps(data))
    with pytest.raises(InteropError, match="'merge' is a inclusiveGateway"):
        read_prosimos(bpmn, params, days=7)


@pytest.mark.parametrize(
    ("section", "value", "match"),
    [
        ("batch_processing", [{"task_id": "sign"}], "batch_processing"),
        ("gateway_branching_probabilities", [], "'complete'"),
        ("model_type", "FUZZY", "FUZZY"),
    ],
)
def test_unsupported_parameters_are_refused(
    tmp_path: Path, section: str, value: object, match: str
) -> None:
    bpmn, params, data = _copy(tmp_path)
    data[section] = value
    params.write_text(json.dumps(data))
    with pytest.raises(InteropError, match=match):
        read_prosimos(bpmn, params, days=7)


def test_task_without_resources_is_refused(tmp_path: Path) -> None:
    bpmn, params, data = _copy(tmp_path)
    data["task_resource_distribution"] = data["task_resource_distribution"][:-1]
    params.write_text(json.dumps(data))
    with pytest.raises(InteropError, match="'reject'"):
        read_prosimos(bpmn, params, days=7)


def test_several_profiles_are_reported(tmp_path: Path) -> None:
    bpmn, params, data = _copy(tmp_path)
    resources = data["task_resource_distribution"][0]["resources"]
    resources.append({**resources[0], "resource_id": "leader"})
    params.write_text(json.dumps(data))
    model = read_prosimos(bpmn, params, days=7)
    assert any("'receive'" in w for w in model.network.meta["warnings"])  # type: ignore[attr-defined]


def test_scenario_needs_a_horizon_and_files(tmp_path: Path) -> None:
    for name in ("permit.bpmn", "permit.json"):
        shutil.copy(DATA / name, tmp_path / name)
    text = (DATA / "permit.yaml").read_text()
    no_horizon = tmp_path / "a.yaml"
    no_horizon.write_text(text.split("horizon:")[0])
    with pytest.raises(ScenarioError, match="horizon"):
        load_prosimos(load_scenario(no_horizon))
    missing = tmp_path / "b.yaml"
    missing.write_text(text.replace("permit.json", "absent.json"))
    with pytest.raises(ScenarioError) as error:
        load_prosimos(load_scenario(missing))
    assert error.value.key == "model.parameters"


def test_export_round_trip(permit: Model, tmp_path: Path) -> None:
    bpmn, params = export_prosimos(permit, 0, 0, tmp_path)
    back = read_prosimos(bpmn, params, days=28)
    a, b = permit.network, back.network
    assert b.node_kind.tolist() == a.node_kind.tolist()
    assert b.succ_off.tolist() == a.succ_off.tolist()
    assert b.succ_cumprob.tolist() == pytest.approx(a.succ_cumprob.tolist())
    assert b.pool_servers.tolist() == a.pool_servers.tolist()
    assert [b.kind_names[k] if k >= 0 else "" for k in b.node_pool_kind] == [
        a.kind_names[k] if k >= 0 else "" for k in a.node_pool_kind
    ]
    for row_a, row_b in zip(a.node_work_dist, b.node_work_dist, strict=True):
        assert (row_a < 0) == (row_b < 0)
        if row_a >= 0:
            assert b.dists.p1[row_b] * (b.dists.p2[row_b] or 1) == pytest.approx(
                a.dists.p1[row_a] * (a.dists.p2[row_a] or 1)
            )
    assert back.demand.day_rate[0, :7].tolist() == pytest.approx(permit.demand.day_rate[0, :7])
    assert b.calendars.seg_start[:10].tolist() == a.calendars.seg_start[:10].tolist()


def test_prosimos_runs_the_export(permit: Model, tmp_path: Path) -> None:
    bpmn, params = export_prosimos(permit, 0, 0, tmp_path)
    _, log = run_simulation(str(bpmn), str(params), 60, starting_at="2026-03-02T07:30:00+00:00")
    tasks = {event.task_id for trace in log.trace_list for event in trace.event_list}
    assert len(log.trace_list) == 60
    assert tasks <= {f"n{i}" for i in np.flatnonzero(permit.network.node_kind == K.TASK)}
    assert "n1" in tasks
