"""Benchmark: the three-call user-task loop over HTTP, against gunicorn, vs the bare stack.

One loop is what a counter officer's client does for each applicant:

1. ``POST /api/v1/dossiers``: receive a dossier (as the receiver, bearer token);
2. ``GET /api/v1/tasks?view=groups``: the receiver's inbox, to find its reception task;
3. ``POST /api/v1/tasks/{id}/complete`` with ``{"data": {"reception_outcome": "accept"}}``.

It is measured in loops per second for 1, 4 and 16 concurrent clients (a thread with its
own ``http.client`` connection each), for a fixed time per level after a warm-up at the
same concurrency, capped at ``--max-loops`` per level. The server is gunicorn (``--workers``
sync workers, default 2) on ``api:create_app()``, started as a subprocess on a free
127.0.0.1 port with ``MOTCUA_DATABASE_URL`` pointing at a fresh PostgreSQL database
``motcua_bench_api`` (created, migrated and seeded here: reference data, a handful of
published standard procedures, one receiver and one specialist with tokens for the
procedure's centre and agency; dropped at the end).

Two baselines come from the same run, because the machines these figures are taken on
differ by a factor of two and drift within a run:

- the bare stack (:mod:`benchmarks.bare_api`): the same loop, paths and answers on Flask,
  psycopg and the same SpiffWorkflow code and nothing else, under the same gunicorn, on
  its own database ``motcua_bench_bare``. Each level runs on both servers in
  ``--rounds`` alternating slices, and MotCua's rate is also given as a share of the
  bare stack's;
- the raw engine rate of :func:`benchmarks.engine.raw_rate` on the same procedure
  (SpiffWorkflow alone: load JSON, complete a task, save JSON).

Reference: jBPM 7.8 published 16-72 loops/s on a 4-core laptop; the target here is
>= 100 loops/s on 2 cores.

    python benchmarks/api.py [--postgres URL] [--duration S] [--rounds N] [--clients 1,4,16]

Needs gunicorn (the ``bench`` extra). Prints a Markdown table, the machine, and a final
JSON line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks import bare_api
from benchmarks.catalog import machine
from benchmarks.engine import raw_rate
from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.model import Archetype, Procedure
from bpmn.generator import render
from engine.accounts.services import AccountService
from engine.catalog.services import CatalogService
from engine.db import create_db_engine, session_factory
from engine.dossiers.clock import SystemClock
from engine.migrations import upgrade

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "motcua_bench_api"
BARE_DATABASE = "motcua_bench_bare"  # the bare stack's (benchmarks/bare_api.py)
CENTRE = "000.00.00.H36"
PROCEDURES = 5  # published standard procedures; the loop uses the first
RECEIVE = {"reception_outcome": "accept"}


# -- database and server -------------------------------------------------------------------


def _admin(server_url: str) -> Any:
    return create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")


def fresh_database(server_url: str, name: str = DATABASE) -> str:
    """Drop and create the benchmark database ``name``; return its URL."""
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str = DATABASE) -> None:
    admin = _admin(server_url)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def seed(url: str) -> tuple[Procedure, dict[str, str]]:
    """Migrate, load reference data and the standard procedures, create the two officers:
    (the procedure of the loop, username → token)."""
    upgrade(url)
    standard = [p for p in generate_catalog() if p.archetype is Archetype.STANDARD]
    chosen = standard[:PROCEDURES]
    db_engine = create_db_engine(url)
    with session_factory(db_engine)() as session:
        catalog = CatalogService(session)
        catalog.seed_reference_data()
        catalog.build(chosen)
        accounts = AccountService(session, clock=SystemClock())
        tokens = {}
        for name, role, unit in (("bench-receiver", "receiver", CENTRE),
                                 ("bench-specialist", "specialist", chosen[0].agency)):
            user = accounts.create_user(name, roles=[role], units=[unit])
            tokens[name], _row = accounts.issue_token(user, "benchmark")
        session.commit()
    db_engine.dispose()
    return chosen[0], tokens


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(app: str, env: dict[str, str], port: int, workers: int, *,
                 ready: int = 200) -> subprocess.Popen[bytes]:
    """gunicorn serving ``app`` on 127.0.0.1:``port`` with ``env`` added to the
    environment, once ``/api/v1/health`` answers ``ready`` (the bare app asks every
    call for a token: 401)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", app],
        cwd=ROOT, env={**os.environ, **env})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; is it installed "
                               "(pip install -e '.[bench]')?")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/health")
            if connection.getresponse().status == ready:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"gunicorn ({app}) did not answer /api/v1/health within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# -- clients -------------------------------------------------------------------------------


class LoopFailed(Exception):
    """A call of the loop answered something else than expected."""


class Client:
    """One officer's HTTP client: its own connection, reopened when the server closes it
    (gunicorn's sync workers close after each response)."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = {"Authorization": f"Bearer {token}", "Accept": "application/json",
                        "Content-Type": "application/json"}
        self.connection: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, expected: int, body: Any = None) -> Any:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        payload = None if body is None else json.dumps(body).encode()
        self.connection.request(method, path, body=payload, headers=self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.will_close:
            self.connection.close()
            self.connection = None
        if response.status != expected:
            raise LoopFailed(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None

    def loop(self, procedure_code: str) -> None:
        receipt = self.call("POST", "/api/v1/dossiers", 201, {
            "procedure_code": procedure_code, "centre": CENTRE, "channel": "1",
            "applicant_name": "Nguyễn Văn A"})
        inbox = self.call("GET", "/api/v1/tasks?view=groups", 200)
        task = next((t for t in inbox if t["dossier_code"] == receipt["code"]), None)
        if task is None:
            raise LoopFailed(f"the reception task of {receipt['code']} is not in the inbox")
        self.call("POST", f"/api/v1/tasks/{task['id']}/complete", 200, {"data": RECEIVE})


@dataclass
class Level:
    """What one concurrency level measured."""

    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Level) -> None:
        """Count ``other`` (a slice of the same level) into this one."""
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.errors += other.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100)[q - 1]


def run_level(port: int, token: str, code: str, *, clients: int, duration: float,
              max_loops: int) -> Level:
    """``clients`` threads looping until ``duration`` passed or ``max_loops`` were done."""
    level = Level(clients)
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    deadline = [0.0]

    def work() -> None:
        client = Client(port, token)
        start_gate.wait()
        while time.perf_counter() < deadline[0]:
            with lock:
                if len(level.latencies) + len(level.errors) >= max_loops:
                    return
            began = time.perf_counter()
            try:
                client.loop(code)
            except (LoopFailed, OSError, http.client.HTTPException) as error:
                client.connection = None
                with lock:
                    level.errors.append(str(error))
                continue
            with lock:
                level.latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + duration
    start_gate.wait()
    for thread in threads:
        thread.join()
    level.seconds = time.perf_counter() - started
    return level


# -- report --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--clients", default="1,4,16", help="concurrency levels")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per level")
    parser.add_argument("--rounds", type=int, default=5,
                        help="slices per level, MotCua's and the bare stack's alternating")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each level")
    parser.add_argument("--max-loops", type=int, default=20_000, help="cap per level")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--raw-tasks", type=int, default=300)
    args = parser.parse_args()
    levels_wanted = [int(n) for n in args.clients.split(",")]
    args.load_before = os.getloadavg()[0]  # other work on the machine skews every figure
    levels: list[Level] = []
    bare_levels: list[Level] = []
    servers: list[subprocess.Popen[bytes]] = []
    try:
        url = fresh_database(args.postgres)
        bare_url = fresh_database(args.postgres, BARE_DATABASE)
        procedure, tokens = seed(url)
        xml = render(procedure)
        raw = raw_rate(xml, args.raw_tasks)
        token = tokens["bench-receiver"]
        with tempfile.TemporaryDirectory(prefix="motcua-bench-") as var_dir:
            bpmn = Path(var_dir, "bare.bpmn")
            bpmn.write_bytes(xml)
            libpq_url = make_url(bare_url).set(drivername="postgresql").render_as_string(
                hide_password=False)
            with psycopg.connect(libpq_url) as connection:
                bare_api.setup(connection, {token: bare_api.reception_queue(xml)})
            port, bare_port = free_port(), free_port()
            servers.append(start_server("api:create_app()", {
                "MOTCUA_DATABASE_URL": url, "MOTCUA_VAR_DIR": var_dir,
                "MOTCUA_SECRET_KEY": secrets.token_urlsafe(32)}, port, args.workers))
            servers.append(start_server("benchmarks.bare_api:create_app()", {
                "MOTCUA_BARE_URL": libpq_url, "MOTCUA_BARE_BPMN": str(bpmn)},
                bare_port, args.workers, ready=401))
            for clients in levels_wanted:
                pair = Level(clients), Level(clients)
                for at in (port, bare_port):
                    run_level(at, token, procedure.code, clients=clients,
                              duration=args.warmup, max_loops=args.max_loops)
                # Both in alternating slices: a slower stretch of a shared machine then
                # slows both, and their ratio holds still where their rates do not.
                for _slice in range(args.rounds):
                    for into, at in zip(pair, (port, bare_port), strict=True):
                        into.add(run_level(at, token, procedure.code, clients=clients,
                                           duration=args.duration / args.rounds,
                                           max_loops=args.max_loops // args.rounds))
                levels.append(pair[0])
                bare_levels.append(pair[1])
    finally:
        for server in servers:
            stop_server(server)
        drop_database(args.postgres)
        drop_database(args.postgres, BARE_DATABASE)
    report(levels, bare_levels, raw, procedure.code, args)


def _level(level: Level) -> dict[str, Any]:
    return {"clients": level.clients, "loops": len(level.latencies),
            "loops_per_s": round(level.rate, 1),
            "p50_ms": round(level.percentile(50) * 1000, 1),
            "p95_ms": round(level.percentile(95) * 1000, 1), "errors": len(level.errors)}


def report(levels: list[Level], bare_levels: list[Level], raw: float, code: str,
           args: argparse.Namespace) -> None:
    best = max(level.rate for level in levels)
    bare_best = max(level.rate for level in bare_levels)
    summary = {
        "machine": machine(),
        "procedure": code,
        "server": f"gunicorn, {args.workers} sync workers, PostgreSQL",
        "seconds_per_level": args.duration,
        "levels": [_level(level) for level in levels],
        "best_loops_per_s": round(best, 1),
        "target_loops_per_s": 100,
        "raw_spiffworkflow_tasks_per_s": round(raw, 1),
        # machines differ: the best level as a share of the raw engine rate of the run
        "best_loops_per_raw_task": round(best / raw, 3) if raw else None,
        # and as a share of the bare stack's best level in the same run
        "bare_stack_levels": [_level(level) for level in bare_levels],
        "bare_stack_best_loops_per_s": round(bare_best, 1),
        "best_share_of_bare_stack": round(best / bare_best, 3) if bare_best else None,
        "jbpm_7_8_reference_loops_per_s": [16, 72],
        "load_average_1min_before": round(args.load_before, 2),
    }
    print(f"Machine: {summary['machine']}; {summary['server']}; procedure {code}\n")
    print("| clients | loops | loops/s | p50 loop | p95 loop | errors | bare stack loops/s "
          "| share |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for level, bare in zip(levels, bare_levels, strict=True):
        share = f"{level.rate / bare.rate:.2f}" if bare.rate else "–"
        print(f"| {level.clients} | {len(level.latencies)} | {level.rate:.1f} "
              f"| {level.percentile(50) * 1000:.0f} ms | {level.percentile(95) * 1000:.0f} ms "
              f"| {len(level.errors)} | {bare.rate:.1f} | {share} |")
    print(f"\nBare stack (benchmarks/bare_api.py: the same calls on Flask, psycopg and the "
          f"same SpiffWorkflow code, nothing else), same run: best {bare_best:.1f} loops/s; "
          f"MotCua's best level is {summary['best_share_of_bare_stack']} of it. "
          f"Raw SpiffWorkflow (load JSON → complete task → save), same procedure: "
          f"{raw:.0f} tasks/s; the best level is {summary['best_loops_per_raw_task']} loops per "
          "raw task. "
          f"Target ≥ 100 loops/s on 2 cores; jBPM 7.8: 16–72 loops/s on 4 cores. "
          f"Load average before the run: {args.load_before:.2f} (anything "
          "else running on the machine lowers every rate).")
    for name, measured in (("MotCua", levels), ("bare stack", bare_levels)):
        for level in measured:
            if level.errors:
                print(f"first error of the {name} at {level.clients} clients: "
                      f"{level.errors[0]}")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
