"""``motcua simulate``: tables, JSON, comparisons, charts, staffing and bad scenarios."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from api.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _mm1(servers: int = 1, mean: float = 1.6) -> dict[str, Any]:
    return {
        "name": f"mm1-{servers}x{mean}",
        "kind": "queueing",
        "horizon_minutes": 3000,
        "arrivals": {"rate_per_minute": 0.5},
        "stations": [
            {
                "name": "counter",
                "servers": servers,
                "service": {"dist": "exponential", "mean": mean},
            }
        ],
        "route": ["counter"],
    }


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "mm1.yaml"
    path.write_text(yaml.safe_dump(_mm1()), encoding="utf-8")
    return path


@pytest.fixture
def faster(tmp_path: Path) -> Path:
    path = tmp_path / "faster.yaml"
    path.write_text(yaml.safe_dump(_mm1(mean=0.8)), encoding="utf-8")
    return path


def simulate(*args: str) -> Result:
    return CliRunner().invoke(main, ["simulate", *args])


def test_table_lists_indicators_with_intervals(scenario: Path) -> None:
    result = simulate(str(scenario), "--replications", "3", "--seed", "4")
    assert result.exit_code == 0, result.output
    assert "3 replications, seed 4" in result.output
    assert "dossiers received" in result.output
    assert "[" in result.output  # an interval


def test_json_is_the_whole_document_and_reproducible(scenario: Path) -> None:
    first = simulate(str(scenario), "-n", "2", "--seed", "9", "--json")
    again = simulate(str(scenario), "-n", "2", "--seed", "9", "--json")
    assert first.exit_code == 0, first.output
    document = json.loads(first.output)  # nothing else on stdout
    assert document == json.loads(again.output)
    assert document["scenario"]["replications"] == 2
    assert document["scenario"]["groups"]["total"]["received"]["n"] == 2


def test_compare_reports_a_significant_improvement(scenario: Path, faster: Path) -> None:
    result = simulate(str(faster), "--compare", str(scenario), "-n", "4", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["metric"]: r for r in json.loads(result.output)["comparison"]["rows"]
            if r["group"] == "total"}  # fmt: skip
    wait = rows["wait_mean_counter"]
    assert wait["difference"]["mean"] < 0
    assert wait["significant"] is True
    assert wait["better"] is True
    table = simulate(str(faster), "--compare", str(scenario), "-n", "3")
    assert "significant" in table.output
    assert "yes, better" in table.output


def test_plot_writes_a_png(scenario: Path, faster: Path, tmp_path: Path) -> None:
    for name, extra in (("one.png", []), ("two.png", ["--compare", str(scenario)])):
        out = tmp_path / name
        result = simulate(str(faster), "-n", "2", "--plot", str(out), *extra)
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        assert data.startswith(PNG_SIGNATURE)
        assert len(data) > 10_000


def test_a_bad_scenario_exits_2_naming_the_key(tmp_path: Path) -> None:
    bad = _mm1()
    bad["arrivals"] = {"rate_per_minute": "fast"}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    result = simulate(str(path))
    assert result.exit_code == 2
    assert "Error:" in result.output
    assert "arrivals.rate_per_minute" in result.output
    assert "Traceback" not in result.output


def test_an_unknown_scenario_lists_the_shipped_ones() -> None:
    result = simulate("no-such-scenario")
    assert result.exit_code == 2
    assert "neither a scenario file nor a shipped scenario" in result.output


def test_staffing_finds_servers_for_the_wait_target(tmp_path: Path) -> None:
    path = tmp_path / "busy.yaml"
    path.write_text(yaml.safe_dump(_mm1(servers=1, mean=3.6)), encoding="utf-8")
    result = simulate("staffing", str(path), "--p90-wait", "5", "--json", "-n", "2")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["met"] is True
    assert plan["rows"][0]["servers_to"] > 1
    assert plan["rows"][0]["p90_wait"] <= 5
    bad = simulate("staffing", str(path), "--pools", "clerk")
    assert bad.exit_code == 2
    assert "pools" in bad.output


def test_a_shipped_scenario_runs_by_name() -> None:
    result = simulate("mm1", "-n", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("mm1: 1 replication, seed 0")
    assert "(1 replication: no interval)" in result.output


def _log(path: Path) -> Path:
    lines = ["case_id,activity,timestamp"]
    for case in range(30):
        day = 1 + case % 4
        for minute, activity in ((0, "receive"), (90, "return")):
            lines.append(f"C{case},{activity},2025-07-0{day}T08:{case:02d}:00")
            lines[-1] = lines[-1].replace("08:", f"{8 + minute // 60:02d}:")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_calibrate_writes_a_scenario_that_loads(tmp_path: Path) -> None:
    from simulations.scenario import load_scenario  # noqa: PLC0415

    out = tmp_path / "fitted.yaml"
    result = simulate("calibrate", str(_log(tmp_path / "log.csv")), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "demand.daily_per_commune" in result.output  # the goodness-of-fit report
    assert load_scenario(out).kind == "province"


def test_calibrate_a_log_without_the_columns_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = simulate("calibrate", str(path))
    assert result.exit_code == 2
    assert result.output.startswith("Error:")
    assert "case_id" in result.output
