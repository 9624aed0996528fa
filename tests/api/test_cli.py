"""The ``motcua`` command line, driven through click's CliRunner on a fresh database."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from api.cli import CliState, main
from bpmn.catalog.model import Procedure
from bpmn.errors import ImportRowsError, RowError
from engine.catalog.services import CatalogService
from tests.engine.test_catalog_service import fake_lint, fake_parse, fake_render

MakeProcedure = Callable[..., Procedure]


class Cli:
    """Runs ``motcua`` with a config pointing at one test database and fake collaborators."""

    def __init__(self, url: str, var_dir: Path, make_procedure: MakeProcedure) -> None:
        self.url = url
        self.var_dir = var_dir
        self.make_procedure = make_procedure
        self.catalogue = [make_procedure(f"1.00000{i}") for i in range(1, 6)]

    def state(self, **config: Any) -> CliState:
        return CliState(
            config={
                "DATABASE_URL": self.url,
                "VAR_DIR": str(self.var_dir),
                "SECRET_KEY": "cli-test",
                **config,
            },
            make_service=self.service,
            generate=lambda seed: self.catalogue,
            read_procedures=self.read,
        )

    @staticmethod
    def service(session: Session) -> CatalogService:
        return CatalogService(session, render=fake_render, lint=fake_lint, parse=fake_parse)

    def read(self, path: Path) -> Sequence[Procedure]:
        """A stand-in importer: ``code[:name]`` per line; lines starting ``bad`` are invalid."""
        lines = path.read_text().split()
        bad = [
            RowError(n, "code", f"{line!r} is not a code")
            for n, line in enumerate(lines, 1)
            if line.startswith("bad")
        ]
        if bad:
            raise ImportRowsError(bad)
        pairs = [(*line.split(":", 1), "")[:2] for line in lines]
        return [self.make_procedure(code, name=name or f"imported {code}") for code, name in pairs]

    def __call__(self, *args: str, **config: Any) -> Result:
        return CliRunner().invoke(main, list(args), obj=self.state(**config))


@pytest.fixture
def cli(empty_db_url: str, tmp_path: Path, make_procedure: MakeProcedure) -> Cli:
    return Cli(empty_db_url, tmp_path / "var", make_procedure)


@pytest.fixture
def built(cli: Cli) -> Cli:
    assert cli("db", "upgrade").exit_code == 0
    assert cli("catalog", "build").exit_code == 0
    return cli


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["db"],
        ["db", "upgrade"],
        ["catalog"],
        ["catalog", "build"],
        ["catalog", "stats"],
        ["catalog", "validate"],
        ["catalog", "import"],
        ["catalog", "export"],
        ["setup"],
        ["serve"],
        ["worker"],
    ],
)
def test_every_command_has_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def test_serve_help_names_host_and_port() -> None:
    result = CliRunner().invoke(main, ["serve", "-h"])
    assert "--host" in result.output
    assert "--port" in result.output


def test_db_upgrade_current_downgrade(cli: Cli) -> None:
    assert "(empty)" in _ok(cli("db", "current")).output
    assert "at revision" in _ok(cli("db", "upgrade")).output
    assert "up to date" in _ok(cli("db", "current")).output
    assert "(empty)" in _ok(cli("db", "downgrade", "base")).output


def test_bad_revision_is_a_message(cli: Cli) -> None:
    result = cli("db", "upgrade", "nope")
    assert result.exit_code == 1
    assert "alembic:" in result.stderr
    assert "Traceback" not in result.output


def test_commands_refuse_an_unmigrated_database(cli: Cli) -> None:
    result = cli("catalog", "stats")
    assert result.exit_code == 1
    assert "run `motcua db upgrade`" in result.stderr


def test_build_prints_counts_and_is_idempotent(cli: Cli) -> None:
    _ok(cli("db", "upgrade"))
    first = _ok(cli("catalog", "build", "--seed", "7")).output
    assert "5 created, 0 already present" in first
    assert "done in" in first
    assert "0 created, 5 already present" in _ok(cli("catalog", "build")).output


def test_stats_json_shape(built: Cli) -> None:
    stats = json.loads(_ok(built("catalog", "stats", "--json")).stdout)
    assert stats["total"] == 5
    assert stats["by_level"] == {"province": 5}
    assert stats["by_field"] == {"ho_tich": 5}
    assert stats["by_archetype"] == {"standard": 5}
    assert stats["versions_by_status"] == {"published": 5}
    assert "procedures: 5" in _ok(built("catalog", "stats")).output


def test_import_with_bad_rows_imports_nothing(built: Cli, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("1.000100\n1.000101\n")
    bad.write_text("1.000102\nbad-code\n")
    result = built("catalog", "import", str(good), str(bad))
    assert result.exit_code == 1
    assert "1 bad row(s); nothing was imported" in result.stderr
    assert "bad.txt  2" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(built("catalog", "stats", "--json").stdout)["total"] == 5


def test_import_adds_and_versions(built: Cli, tmp_path: Path) -> None:
    file = tmp_path / "list.txt"
    file.write_text("1.000001\n1.000200\n")
    result = _ok(built("catalog", "import", str(file), "--author", "planner"))
    assert "1 new, 1 changed, 0 unchanged; 2 diagram version(s) published" in result.output
    stats = json.loads(built("catalog", "stats", "--json").stdout)
    assert stats["versions_by_status"] == {"published": 6, "retired": 1}


def test_import_error_from_the_service_is_one_line(built: Cli, tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("1.000300\n")
    two.write_text("1.000300\n")
    result = built("catalog", "import", str(one), str(two))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: procedure codes repeated")
    assert "Traceback" not in result.output


def test_validate_exit_status_follows_errors(built: Cli, tmp_path: Path) -> None:
    report = json.loads(_ok(built("catalog", "validate", "--json")).stdout)
    assert (report["total"], report["parsed"], report["ok"]) == (5, 5, True)
    broken = tmp_path / "broken.txt"
    broken.write_text("1.000400:unparseable\n")
    _ok(built("catalog", "import", str(broken)))
    result = built("catalog", "validate")
    assert result.exit_code == 1
    assert "1.000400" in result.output
    assert "Gateway_1" in result.output


def test_export_writes_files(built: Cli, tmp_path: Path) -> None:
    result = _ok(built("catalog", "export", str(tmp_path / "out")))
    assert "wrote 5 diagram(s)" in result.output
    assert len(list((tmp_path / "out").glob("*.bpmn"))) == 5


def test_setup_is_idempotent(cli: Cli) -> None:
    first = _ok(cli("setup")).output
    assert "5 created" in first
    second = _ok(cli("setup")).output
    assert "5 procedures already built" in second
    assert "reference data added" not in second


def test_worker_without_redis_exits_2(cli: Cli) -> None:
    result = cli("worker", REDIS_URL=None)
    assert result.exit_code == 2
    assert "REDIS_URL is not configured" in result.stderr


def test_worker_with_unreachable_redis_is_a_message(cli: Cli) -> None:
    result = cli("worker", REDIS_URL="redis://127.0.0.1:1/0")
    assert result.exit_code == 1
    assert "cannot reach Redis" in result.stderr


def test_serve_prints_its_url(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("flask.Flask.run", lambda self, **kw: calls.append(kw))
    result = _ok(cli("serve", "--port", "5055"))
    assert "MotCua is serving http://127.0.0.1:5055/" in result.output
    assert calls[0]["host"] == "127.0.0.1"
    assert calls[0]["port"] == 5055


def test_bpmn_commands_are_registered() -> None:
    pytest.importorskip("api.cli.bpmn_cmd")
    assert "bpmn" in CliRunner().invoke(main, ["--help"]).output
    result = CliRunner().invoke(main, ["bpmn", "--help"])
    assert result.exit_code == 0, result.output


def app_name_job() -> str:
    """Run by the worker test: only works inside an app context."""
    from flask import current_app  # noqa: PLC0415

    return str(current_app.config["SECRET_KEY"])


def test_worker_runs_jobs_in_an_app_context(cli: Cli) -> None:
    redis = pytest.importorskip("redis")
    rq = pytest.importorskip("rq")
    from rq.serializers import JSONSerializer  # noqa: PLC0415

    url = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(f"Redis at {url} is unreachable")
    name = f"motcua-test-{uuid.uuid4().hex[:8]}"
    queue = rq.Queue(name, connection=connection, serializer=JSONSerializer)
    job = queue.enqueue(f"{__name__}.app_name_job")
    try:
        _ok(cli("worker", "--burst", "-q", name, REDIS_URL=url))
        job.refresh()
        assert job.return_value() == "cli-test"
    finally:
        job.delete()
        queue.delete(delete_jobs=True)
        connection.close()


def _real(cli: Cli) -> CliState:
    """A state with the real generator, importer and catalogue service."""
    return CliState(
        config={"DATABASE_URL": cli.url, "VAR_DIR": str(cli.var_dir), "SECRET_KEY": "x"}
    )


def test_real_importer_bad_file_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    pytest.importorskip("bpmn.catalog.importer")
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            [
                {
                    "MaTTHC": "1.009999.H36",
                    "TenTTHC": "Cấp giấy phép thử nghiệm",
                    "CapThucHien": "Cấp Tỉnh",
                    "LinhVuc": "Hộ tịch",
                    "ThoiGian": 5,
                }
            ]
        ),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"MaTTHC": "", "TenTTHC": "x", "ThoiGian": "abc"}]))
    _ok(cli("db", "upgrade"))
    result = CliRunner().invoke(main, ["catalog", "import", str(good), str(bad)], obj=_real(cli))
    assert result.exit_code == 1
    assert "nothing was imported" in result.stderr
    assert "bad.json" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(cli("catalog", "stats", "--json").stdout)["total"] == 0
    result = CliRunner().invoke(main, ["catalog", "import", str(good)], obj=_real(cli))
    assert "1 new" in _ok(result).output


@pytest.mark.slow
def test_setup_builds_the_whole_catalogue_once(cli: Cli) -> None:
    pytest.importorskip("bpmn.catalog.generate")
    first = _ok(CliRunner().invoke(main, ["setup"], obj=_real(cli))).output
    assert "2358 created" in first
    second = _ok(CliRunner().invoke(main, ["setup"], obj=_real(cli))).output
    assert "2358 procedures already built" in second
    stats = json.loads(cli("catalog", "stats", "--json").stdout)
    assert stats["total"] == 2358
    assert stats["versions_by_status"] == {"published": 2358}
