"""Benchmark: the numba kernel vs SimPy vs Prosimos on the same model, and a province-year.

Measured in one run:

- one process of one commune centre, exported with
  :func:`simulations.prosimos_export.export_prosimos` so that Prosimos runs it natively,
  and read back with :func:`simulations.prosimos.read_prosimos` for the kernel and for
  :func:`simulations.simpy_model.run_simpy`: events per second of each tool (each run
  sized to take a few seconds; Prosimos's to some tens of seconds);
- a slice of the province model (10 commune centres x 30 days): the kernel vs SimPy;
- one province-year replication of ``baseline.yaml`` with the kernel, with compiling the
  scenario, sampling the arrivals and simulating timed separately, and numba's compile
  (warm-up on a small model) reported apart.

Events are counted the same way for every tool: arrivals + service starts + service
completions (for Prosimos, one start and one completion per task instance in its log).

    python benchmarks/simulate.py [--prosimos-cases N] [--simpy-days N] [--json-only]

Prints the machine, a Markdown table and a final JSON line. Targets: a province-year
replication in at most 10 s, the kernel at least 50x Prosimos and 10x SimPy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.catalog import machine
from simulations.arrivals import sample_arrivals
from simulations.compile import compile_scenario
from simulations.kernel import simulate
from simulations.model import Arrivals, Model, NodeKind
from simulations.prosimos import read_prosimos
from simulations.prosimos_export import export_prosimos
from simulations.scenario import SCENARIO_DIR, load_scenario, parse_scenario
from simulations.simpy_model import run_simpy

SEED = 20260301
START = "2026-03-02T00:00:00+00:00"  # a Monday, day 0 of the read-back model


def _events(arrivals: Arrivals, pool_served: np.ndarray) -> int:
    return len(arrivals) + 2 * int(pool_served.sum())


def _row(model: str, tool: str, dossiers: int, events: int, seconds: float) -> dict[str, Any]:
    return {"model": model, "tool": tool, "dossiers": dossiers, "events": events,
            "seconds": seconds, "events_per_s": events / seconds}  # fmt: skip


def _kernel(name: str, model: Model, seed: int) -> dict[str, Any]:
    arrivals = sample_arrivals(model.demand, np.random.default_rng(seed))
    started = time.perf_counter()
    out = simulate(model.network, arrivals, seed)
    seconds = time.perf_counter() - started
    return _row(name, "kernel", len(arrivals), _events(arrivals, out.pool_served), seconds)


def _simpy(name: str, model: Model, seed: int) -> dict[str, Any]:
    arrivals = sample_arrivals(model.demand, np.random.default_rng(seed))
    started = time.perf_counter()
    out = run_simpy(model.network, arrivals, seed)
    seconds = time.perf_counter() - started
    return _row(name, "SimPy", len(arrivals), _events(arrivals, out["pool_served"]), seconds)


def _prosimos(name: str, bpmn: Path, params: Path, cases: int, tasks: set[str]) -> dict[str, Any]:
    from prosimos.simulation_engine import run_simulation  # noqa: PLC0415 - benchmark only

    started = time.perf_counter()
    _, log = run_simulation(str(bpmn), str(params), cases, starting_at=START)
    seconds = time.perf_counter() - started
    instances = sum(1 for t in log.trace_list for e in t.event_list if e.task_id in tasks)
    n = len(log.trace_list)
    return _row(name, "Prosimos", n, n + 2 * instances, seconds)


def _busiest(model: Model) -> tuple[int, int]:
    """The commune centre and process with the most expected dossiers."""
    demand, best = model.demand, (0.0, 1, 0)
    for centre in range(1, model.network.n_centres):
        lo, hi = int(demand.mix_off[centre]), int(demand.mix_off[centre + 1])
        cum = np.diff(np.concatenate([[0.0], demand.mix_cumprob[lo:hi]]))
        k = int(np.argmax(cum))
        volume = float(demand.day_rate[centre].sum() * cum[k])
        best = max(best, (volume, centre, int(demand.mix_process[lo + k])))
    return best[1], best[2]


def _per_day(model: Model) -> float:
    return float(model.demand.day_rate[0].sum() / model.demand.day_rate.shape[1])


def same_model(baseline: Model, args: argparse.Namespace, tmp: Path) -> list[dict[str, Any]]:
    centre, process = _busiest(baseline)
    bpmn, params = export_prosimos(baseline, process, centre, tmp)
    probe = read_prosimos(bpmn, params, days=28)
    per_day = _per_day(probe)
    name = f"1 commune, 1 process ({baseline.network.process_names[process][:24]})"
    elements = probe.network.meta["node_elements"]
    assert isinstance(elements, list)
    tasks = {str(elements[i]) for i in np.flatnonzero(probe.network.node_kind == NodeKind.TASK)}
    rows = [_prosimos(name, bpmn, params, args.prosimos_cases, tasks)]
    simpy_days = max(28, int(args.simpy_cases / per_day))
    rows.append(_simpy(name, read_prosimos(bpmn, params, days=simpy_days), SEED))
    kernel_days = max(28, int(args.kernel_cases / per_day))
    rows.append(_kernel(name, read_prosimos(bpmn, params, days=kernel_days), SEED))
    return rows


def province_slice(document: dict[str, Any], codes: list[str]) -> list[dict[str, Any]]:
    sliced = {**document, "centres": codes, "horizon": {"start": "2026-03-02", "end": "2026-03-31"}}
    model = compile_scenario(parse_scenario(sliced))
    name = f"province slice ({len(codes)} centres x 30 days)"
    return [_simpy(name, model, SEED), _kernel(name, model, SEED)]


def province_year(document: dict[str, Any]) -> tuple[dict[str, Any], Model]:
    started = time.perf_counter()
    model = compile_scenario(parse_scenario(document))
    compiled = time.perf_counter()
    arrivals = sample_arrivals(model.demand, np.random.default_rng(SEED))
    sampled = time.perf_counter()
    out = simulate(model.network, arrivals, SEED)
    done = time.perf_counter()
    timing = {"compile_s": compiled - started, "sample_s": sampled - compiled,
              "simulate_s": done - sampled, "total_s": done - started}  # fmt: skip
    row = _row("province-year (baseline)", "kernel", len(arrivals),
               _events(arrivals, out.pool_served), done - sampled)  # fmt: skip
    return {**row, **timing}, model


def warm_up() -> float:
    """Numba compile (or cache load) of the kernel, on a tiny model."""
    model = compile_scenario(load_scenario(SCENARIO_DIR / "mm1.yaml"))
    arrivals = sample_arrivals(model.demand, np.random.default_rng(1))
    started = time.perf_counter()
    simulate(model.network, arrivals, 1)
    return time.perf_counter() - started


def _ratio(rows: list[dict[str, Any]], model_prefix: str, tool: str) -> float:
    mine = [r for r in rows if r["model"].startswith(model_prefix)]
    ours = next(r for r in mine if r["tool"] == "kernel")["events_per_s"]
    other = next(r for r in mine if r["tool"] == tool)["events_per_s"]
    return float(ours / other)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prosimos-cases", type=int, default=6000)
    parser.add_argument("--simpy-cases", type=int, default=20_000)
    parser.add_argument("--kernel-cases", type=int, default=1_000_000)
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    warm = warm_up()
    document = dict(load_scenario(SCENARIO_DIR / "baseline.yaml").document)
    year, baseline = province_year(document)
    rows = [year]
    with tempfile.TemporaryDirectory() as tmp:
        rows += same_model(baseline, args, Path(tmp))
    codes = list(baseline.network.centre_names[1:11])
    rows += province_slice(document, codes)
    summary = {
        "machine": machine(),
        "numba_warmup_s": round(warm, 2),
        "province_year": {k: round(v, 3) if isinstance(v, float) else v for k, v in year.items()},
        "kernel_vs_prosimos": round(_ratio(rows, "1 commune", "Prosimos"), 1),
        "kernel_vs_simpy": round(_ratio(rows, "1 commune", "SimPy"), 1),
        "kernel_vs_simpy_slice": round(_ratio(rows, "province slice", "SimPy"), 1),
        "rows": [
            {k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()} for r in rows
        ],
    }
    if not args.json_only:
        print(f"Machine: {summary['machine']}\n")
        print("| model | tool | dossiers | events | seconds | events/s | ours ÷ this |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for r in rows:
            kernel = next(x for x in rows if x["model"] == r["model"] and x["tool"] == "kernel")
            ratio = kernel["events_per_s"] / r["events_per_s"]
            print(f"| {r['model']} | {r['tool']} | {r['dossiers']:,} | {r['events']:,} | "
                  f"{r['seconds']:.2f} | {r['events_per_s']:,.0f} | {ratio:.1f}× |")  # fmt: skip
        print(
            f"\nprovince-year: compile {year['compile_s']:.2f} s, sample {year['sample_s']:.2f} s, "
            f"simulate {year['simulate_s']:.2f} s (total {year['total_s']:.2f} s); numba "
            f"compile/cache load, excluded: {warm:.2f} s"
        )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
