"""Benchmark: completing a task through the engine's services vs raw SpiffWorkflow.

Measured in one run, on the same standard-archetype procedure and the same task (the
specialist's appraisal):

- raw: SpiffWorkflow alone, load a JSON blob -> complete the task -> save a JSON blob;
- service: ``DossierService.complete_task`` on PostgreSQL, one transaction per task, as a
  request would do it: read the dossier and task rows, validate the form, load the
  workflow (spec from the cache), run it under the restricted script engine, save the
  state, sync the task and timer rows, append the hash-chained event, commit;
- their ratio (target >= 0.5). The two are timed in alternating chunks (``--rounds``,
  default 10) and each rate is taken over all its chunks, so that a slower stretch of a
  shared machine slows both sides instead of one;
- the SQL statements one such completion sends and the round trips they take (counted on
  one more dossier, untimed; BEGIN, COMMIT and the pool's liveness ping are not
  statements of the service; the writes go out together, :mod:`engine.dossiers.writes`);
- process memory with all 2,358 versions published and 100 specs cached.

    python benchmarks/engine.py [--postgres URL] [--tasks N] [--rounds R]

The benchmark creates (and drops) its own database ``motcua_bench`` on the server.
Prints a Markdown table (pasted into the README), the machine, and a final JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState as SpiffState
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

from benchmarks.catalog import machine
from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.model import Archetype
from bpmn.generator import render
from bpmn.parsing import parse_process
from engine.calendar import WorkingCalendar
from engine.catalog.models import ProcedureVersion, VersionStatus
from engine.catalog.services import CatalogService
from engine.db import create_db_engine, session_factory
from engine.dossiers import writes
from engine.dossiers.clock import FixedClock
from engine.dossiers.models import DossierTask, TaskState
from engine.dossiers.services import DossierService
from engine.migrations import upgrade
from engine.specs import SpecCache

VN = dt.timezone(dt.timedelta(hours=7))
RECEIVED = dt.datetime(2026, 3, 3, 9, 0, tzinfo=VN)  # a Tuesday
APPRAISAL = {"appraisal_opinion": "Hồ sơ đầy đủ, đủ điều kiện"}
DATABASE = "motcua_bench"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_database(server_url: str) -> str:
    """Drop and create the benchmark database; return its URL."""
    url = make_url(server_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {DATABASE}"))
    admin.dispose()
    return url.set(database=DATABASE).render_as_string(hide_password=False)


def drop_database(server_url: str) -> None:
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
    admin.dispose()


def raw_runner(xml: bytes) -> Callable[[int], float]:
    """A function that loads, completes the appraisal and saves a JSON blob ``n`` times
    and returns the seconds it took."""
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
    parsed = parse_process(xml)
    workflow = BpmnWorkflow(parsed.spec, parsed.subprocess_specs)
    workflow.do_engine_steps()
    receive = workflow.get_tasks(state=SpiffState.READY, manual=True)[0]
    receive.data.update({"reception_outcome": "accept"})
    receive.run()
    workflow.do_engine_steps()
    blob = serializer.serialize_json(workflow)

    def run(n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            loaded = serializer.deserialize_json(blob)
            task = loaded.get_tasks(state=SpiffState.READY, manual=True)[0]
            assert task.task_spec.name == "Task_appraise"
            task.data.update(APPRAISAL)
            task.run()
            loaded.do_engine_steps()
            serializer.serialize_json(loaded)
        return time.perf_counter() - start

    return run


def raw_rate(xml: bytes, tasks: int) -> float:
    """Raw SpiffWorkflow tasks per second over ``tasks`` tasks (:func:`raw_runner`)."""
    return tasks / raw_runner(xml)(tasks)


@dataclass
class Service:
    """Appraisals ready to be completed through the service, and what one of them sent."""

    run: Callable[[int], float]  # complete the next n appraisals: seconds
    statements: int
    round_trips: int


def service_runner(url: str, code: str, tasks: int) -> Service:
    """Receives ``tasks`` + 1 dossiers and accepts them; counts the statements of
    completing the first one's appraisal. ``run(n)`` times completing the next ``n``."""
    calendar = WorkingCalendar.vietnam(range(2025, 2028))
    specs = SpecCache()
    engine = create_db_engine(url)
    factory = session_factory(engine)

    def service(session: Any) -> DossierService:
        return DossierService(session, clock=FixedClock(RECEIVED), calendar=calendar,
                              specs=specs)

    appraisals = []
    with factory() as session:
        svc = service(session)
        for _ in range(tasks + 1):
            dossier, _receipt = svc.receive(code, centre="000.00.00.H36", channel="1",
                                            applicant_name="Nguyễn Văn A", actor="bench")
            receive = next(t for t in dossier.tasks if t.spec_id == "Task_receive")
            svc.complete_task(receive.id, {"reception_outcome": "accept"}, actor="bench")
            appraisals.append(dossier.id)
        session.commit()
        counted, *task_ids = session.scalars(
            select(DossierTask.id).where(DossierTask.dossier_id.in_(appraisals),
                                         DossierTask.spec_id == "Task_appraise",
                                         DossierTask.state == TaskState.OPEN)
            .order_by(DossierTask.id))
    statements: list[str] = []
    round_trips = [0]

    def count(*args: Any) -> None:
        statements.append(args[2])
        round_trips[0] += 1

    run_batched = writes._run_batched

    def count_batch(connection: Any, batch: list[writes.Write]) -> None:
        statements.extend(str(w.statement) for w in batch for _row in w.rows)
        round_trips[0] += 1
        run_batched(connection, batch)

    event.listen(engine, "before_cursor_execute", count)
    writes._run_batched = count_batch
    try:
        with factory() as session:
            service(session).complete_task(counted, APPRAISAL, actor="bench")
            session.commit()
    finally:
        writes._run_batched = run_batched
        event.remove(engine, "before_cursor_execute", count)
    waiting = iter(task_ids)

    def run(n: int) -> float:
        chunk = [next(waiting) for _ in range(n)]
        start = time.perf_counter()
        for task_id in chunk:
            with factory() as session:
                service(session).complete_task(task_id, APPRAISAL, actor="bench")
                session.commit()
        return time.perf_counter() - start

    return Service(run, len(statements), round_trips[0])


def interleaved(raw: Callable[[int], float], service: Callable[[int], float], tasks: int,
                rounds: int) -> tuple[float, float, int]:
    """Tasks per second of ``raw`` and ``service``, measured in alternating chunks so
    that both see the same machine (a slower minute slows both, not one), and the tasks
    each side ran (``tasks`` rounded down to whole chunks)."""
    chunk = tasks // rounds
    raw_seconds = service_seconds = 0.0
    for _ in range(rounds):
        raw_seconds += raw(chunk)
        service_seconds += service(chunk)
    done = chunk * rounds
    return done / raw_seconds, done / service_seconds, done


def memory_with_catalogue(url: str) -> dict[str, float]:
    """RSS before and after caching 100 specs, with all 2,358 versions published."""
    factory = session_factory(create_db_engine(url))
    before = rss_mb()
    cache = SpecCache(capacity=100)
    with factory() as session:
        published = session.execute(
            select(ProcedureVersion.content_hash, ProcedureVersion.bpmn_xml)
            .where(ProcedureVersion.status == VersionStatus.PUBLISHED).limit(100)).all()
        count = session.scalar(select(ProcedureVersion.id).order_by(
            ProcedureVersion.id.desc()).limit(1))
    for digest, xml in published:
        cache.get(digest, lambda xml=xml: xml.encode("utf-8"))
    return {"published_versions": float(count or 0), "rss_before_cache_mb": before,
            "rss_with_100_specs_mb": rss_mb(), "cached_specs": float(cache.stats.size)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10,
                        help="alternating chunks of raw and service tasks")
    args = parser.parse_args()
    if not 0 < args.rounds <= args.tasks:
        parser.error(f"--rounds must be between 1 and --tasks ({args.tasks})")
    url = fresh_database(args.postgres)
    try:
        upgrade(url)
        procedures = generate_catalog()
        with session_factory(create_db_engine(url))() as session:
            catalog = CatalogService(session)
            catalog.seed_reference_data()
            catalog.build(procedures)
            session.commit()
        standard = next(p for p in procedures if p.archetype is Archetype.STANDARD)
        service = service_runner(url, standard.code, args.tasks)
        raw, served, done = interleaved(raw_runner(render(standard)), service.run,
                                        args.tasks, args.rounds)
        statements, round_trips = service.statements, service.round_trips
        memory = memory_with_catalogue(url)
    finally:
        drop_database(args.postgres)
    summary = {
        "machine": machine(),
        "procedure": standard.code,
        "tasks": done,
        "raw_spiffworkflow_tasks_per_s": round(raw, 1),
        "service_postgresql_tasks_per_s": round(served, 1),
        "ratio": round(served / raw, 2),
        "target_ratio": 0.5,
        "statements_per_task": statements,
        "round_trips_per_task": round_trips,
        "published_versions": int(memory["published_versions"]),
        "rss_before_cache_mb": round(memory["rss_before_cache_mb"], 1),
        "rss_with_100_specs_mb": round(memory["rss_with_100_specs_mb"], 1),
    }
    print(f"Machine: {summary['machine']}; PostgreSQL; {done} tasks of {standard.code}\n")
    print("| measure | value |")
    print("|---|---:|")
    print(f"| raw SpiffWorkflow: load JSON → complete task → save | {raw:.0f} tasks/s |")
    print(f"| DossierService.complete_task on PostgreSQL (commit each) | {served:.0f} tasks/s |")
    print(f"| ratio service / raw (target ≥ 0.5) | {served / raw:.2f} |")
    print(f"| SQL statements per completion (besides BEGIN, COMMIT) | {statements} |")
    print(f"| round trips they take | {round_trips} |")
    print(f"| peak RSS, all {summary['published_versions']:,} versions published "
          f"| {memory['rss_before_cache_mb']:.0f} MB |")
    print(f"| peak RSS with 100 specs cached | {memory['rss_with_100_specs_mb']:.0f} MB |")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
