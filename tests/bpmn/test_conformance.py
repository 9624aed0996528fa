"""``motcua bpmn check`` over the BPMN MIWG reference files: odd, vendor-made, real.

These files were drawn by other tools for other engines; most are not executable here.
The point is robustness: every file gets findings or none, each finding names an element
or the file, the exit code is 0 or 1, never a traceback, and the same file always gives
the same findings. The directory is ``shared/conformance/miwg`` beside the repository, or
``$MOTCUA_CONFORMANCE_DIR``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli.bpmn_cmd import bpmn
from bpmn.lint import RULES, lint
from tests.bpmn.lint_fixtures import CLEAN_BODY, bpmn_file


def conformance_dir() -> Path:
    configured = os.environ.get("MOTCUA_CONFORMANCE_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "miwg"


FILES = sorted(conformance_dir().glob("*.bpmn"))
needs_files = pytest.mark.skipif(not FILES, reason=f"no BPMN files in {conformance_dir()}")


@needs_files
def test_the_conformance_suite_is_there() -> None:
    assert len(FILES) >= 1


@needs_files
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_check_reports_without_crashing(path: Path) -> None:
    result = CliRunner().invoke(bpmn, ["check", "--json", str(path)])

    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    findings = json.loads(result.output)
    assert (result.exit_code == 1) == any(f["severity"] == "error" for f in findings)
    for finding in findings:
        assert finding["file"] == str(path)
        assert finding["rule"] in RULES
        assert finding["severity"] in ("error", "warning")
        assert finding["message"].strip()
        if finding["element_id"] is not None:
            assert finding["element_id"] in path.read_text(encoding="utf-8", errors="replace")


@needs_files
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_human_output_names_the_file_and_summarises(path: Path) -> None:
    result = CliRunner().invoke(bpmn, ["check", str(path)])

    lines = result.output.splitlines()
    assert "Traceback" not in result.output
    assert lines[-1].startswith("1 file(s) checked")
    assert all(line.startswith(f"{path}") for line in lines[:-1])


@needs_files
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_lint_is_deterministic(path: Path) -> None:
    xml = path.read_bytes()

    assert lint(xml) == lint(xml)


def test_directory_can_be_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MOTCUA_CONFORMANCE_DIR", str(tmp_path))

    assert conformance_dir() == tmp_path


# -- the command's own contract, on small files written here ----------------------------


def write(tmp_path: Path, name: str, xml: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(xml)
    return path


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "clean.bpmn", bpmn_file(CLEAN_BODY))

    result = CliRunner().invoke(bpmn, ["check", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 file(s) checked: no findings."


def test_findings_exit_one_with_file_element_severity_rule_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "late.bpmn", bpmn_file(CLEAN_BODY.replace('"P3D"', "P3D")))

    result = CliRunner().invoke(bpmn, ["check", str(path)])

    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        f"{path}:Boundary_late: error motcua/timer-unquoted The timer of boundary event"
    )
    assert "1 error(s), 0 warning(s) in 1 file(s)" in result.output


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    body = CLEAN_BODY.replace('id="Flow_1" sourceRef', 'id="Flow_1" name="go" sourceRef')
    path = write(tmp_path, "warn.bpmn", bpmn_file(body))

    result = CliRunner().invoke(bpmn, ["check", "--json", str(path)])

    assert result.exit_code == 0
    assert [(f["rule"], f["severity"]) for f in json.loads(result.output)] == [
        ("superfluous-label", "warning")
    ]


def test_engine_rejection_is_a_parse_finding(tmp_path: Path) -> None:
    # Two executable processes: the engine cannot tell which one to run.
    xml = bpmn_file(CLEAN_BODY).replace(
        b"<bpmndi:BPMNDiagram",
        b'<bpmn:process id="Process_2" isExecutable="true"/><bpmndi:BPMNDiagram',
    )
    path = write(tmp_path, "two.bpmn", xml)

    result = CliRunner().invoke(bpmn, ["check", "--json", str(path)])

    findings = json.loads(result.output)
    assert result.exit_code == 1
    assert ("motcua/parse", "Process_2") in {(f["rule"], f["element_id"]) for f in findings}


def test_unreadable_xml_is_reported_once(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.bpmn", b"<bpmn:definitions")

    result = CliRunner().invoke(bpmn, ["check", "--json", str(path)])

    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.output)] == ["xml-syntax"]


@pytest.mark.parametrize("arguments", [["check"], ["check", "does-not-exist.bpmn"]])
def test_usage_errors_exit_two_without_traceback(arguments: list[str]) -> None:
    result = CliRunner().invoke(bpmn, arguments)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Error:" in result.output


def test_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(bpmn, ["check", str(tmp_path)])

    assert result.exit_code == 2


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(bpmn, ["check", "--rules"])

    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.splitlines()}
    assert listed == set(RULES)
