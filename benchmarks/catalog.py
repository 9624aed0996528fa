"""Benchmark: build and validate the whole 2,358-procedure catalogue; parse cold vs cached.

Each phase runs in a fresh process, so its peak memory (max RSS) is its own; a process
that only imports the same modules is the memory baseline. Times are compared with
baselines measured in the same run (raw SpiffWorkflow parsing for validation, a cold
parse for the cache), since the machines this runs on are noisy.

    python benchmarks/catalog.py [--database-url URL] [--json-only]

Prints a Markdown table (pasted into the README), the machine it ran on, and a final
JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SAMPLE = 200  # procedures timed one by one for the cold/cached parse


def _imports() -> None:
    import bpmn.generator  # noqa: PLC0415
    import bpmn.lint  # noqa: F401, PLC0415
    import engine.catalog.services  # noqa: F401, PLC0415


def phase_baseline(url: str) -> dict[str, Any]:
    return {}


def phase_generate(url: str) -> dict[str, Any]:
    from bpmn.catalog.generate import generate_catalog  # noqa: PLC0415

    return {"procedures": len(generate_catalog())}


def phase_build(url: str) -> dict[str, Any]:
    from bpmn.catalog.generate import generate_catalog  # noqa: PLC0415
    from engine.catalog.services import CatalogService  # noqa: PLC0415
    from engine.db import create_db_engine, session_factory  # noqa: PLC0415
    from engine.migrations import upgrade  # noqa: PLC0415

    upgrade(url)
    with session_factory(create_db_engine(url))() as session:
        service = CatalogService(session)
        service.seed_reference_data()
        report = service.build(generate_catalog())
        session.commit()
    return {"procedures": report.created}


def phase_validate(url: str) -> dict[str, Any]:
    from engine.catalog.services import CatalogService  # noqa: PLC0415
    from engine.db import create_db_engine, session_factory  # noqa: PLC0415

    with session_factory(create_db_engine(url))() as session:
        report = CatalogService(session).validate()
    return {"procedures": report.total, "failures": len(report.failures)}


def _diagrams() -> list[bytes]:
    from bpmn.catalog.generate import generate_catalog  # noqa: PLC0415
    from bpmn.generator import render  # noqa: PLC0415

    return [render(p) for p in generate_catalog()]


def phase_raw_parse(url: str) -> dict[str, Any]:
    from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser  # noqa: PLC0415

    diagrams = _diagrams()
    start = time.perf_counter()
    for xml in diagrams:
        parser = SpiffBpmnParser()
        parser.add_bpmn_str(xml)
        parser.get_spec(parser.get_process_ids()[0])
    return {"procedures": len(diagrams), "seconds_override": time.perf_counter() - start}


def phase_cache(url: str) -> dict[str, Any]:
    from bpmn.parsing import parse_process  # noqa: PLC0415
    from engine.specs import SpecCache  # noqa: PLC0415

    everything = _diagrams()
    diagrams = everything[:: len(everything) // SAMPLE][:SAMPLE]
    cache = SpecCache(capacity=SAMPLE)
    cold, warm = [], []
    for xml in diagrams:
        digest = hashlib.sha256(xml).hexdigest()
        start = time.perf_counter()
        cache.get(digest, lambda xml=xml: xml)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        cache.get(digest, lambda: b"")
        warm.append(time.perf_counter() - start)
    assert parse_process(diagrams[0]).process_id  # the cached object is a real parse
    return {
        "procedures": len(diagrams),
        "cold_ms": statistics.median(cold) * 1000,
        "cached_ms": statistics.median(warm) * 1000,
    }


def _child(phase: Callable[[str], dict[str, Any]], url: str, queue: Any) -> None:
    _imports()  # every phase starts from the baseline's modules, so RSS ratios compare
    start = time.perf_counter()
    result = phase(url)
    seconds = result.pop("seconds_override", time.perf_counter() - start)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"seconds": seconds, "peak_rss_mb": rss_mb, **result})


def run(phase: Callable[[str], dict[str, Any]], url: str) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(phase, url, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--json-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.db"
        results = {
            name: run(phase, url)
            for name, phase in [
                ("baseline", phase_baseline),
                ("generate", phase_generate),
                ("build", phase_build),
                ("validate", phase_validate),
                ("raw_parse", phase_raw_parse),
                ("cache", phase_cache),
            ]
        }
    base_rss = results["baseline"]["peak_rss_mb"]
    summary = {
        "machine": machine(),
        "database": "sqlite" if url.startswith("sqlite") else url.split(":", 1)[0],
        "procedures": results["build"]["procedures"],
        "build_s": round(results["build"]["seconds"], 2),
        "build_peak_rss_mb": round(results["build"]["peak_rss_mb"], 1),
        "validate_s": round(results["validate"]["seconds"], 2),
        "validate_peak_rss_mb": round(results["validate"]["peak_rss_mb"], 1),
        "validate_failures": results["validate"]["failures"],
        "raw_spiff_parse_s": round(results["raw_parse"]["seconds"], 2),
        "validate_vs_raw_parse": round(
            results["validate"]["seconds"] / results["raw_parse"]["seconds"], 2),
        "baseline_rss_mb": round(base_rss, 1),
        "parse_cold_ms": round(results["cache"]["cold_ms"], 3),
        "parse_cached_ms": round(results["cache"]["cached_ms"], 4),
        "cold_vs_cached": round(results["cache"]["cold_ms"] / results["cache"]["cached_ms"]),
    }
    if not args.json_only:
        print(f"Machine: {summary['machine']}; database: {summary['database']}\n")
        print("| phase | seconds | peak RSS (MB) | vs baseline |")
        print("|---|---:|---:|---|")
        print(f"| import only (baseline) | – | {base_rss:.0f} | 1.0× RSS |")
        for label, key in [("generate 2,358 rows", "generate"),
                           ("build: migrate, seed, render, insert", "build"),
                           ("validate: lint + parse every version", "validate"),
                           ("raw SpiffWorkflow parse, all diagrams", "raw_parse")]:
            row = results[key]
            print(f"| {label} | {row['seconds']:.2f} | {row['peak_rss_mb']:.0f} | "
                  f"{row['peak_rss_mb'] / base_rss:.1f}× RSS |")
        print(f"| parse one procedure, cold (median of {SAMPLE}) | "
              f"{summary['parse_cold_ms']:.2f} ms | – | – |")
        print(f"| parse one procedure, from cache | {summary['parse_cached_ms']:.4f} ms | – | "
              f"{summary['cold_vs_cached']}× faster |")
        print(f"\nvalidate / raw parse: {summary['validate_vs_raw_parse']}× "
              f"(validation adds lint and database reads to the parse)")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
