"""``motcua calendar``: due dates from a shell; bad input is exit 2 with one message."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from api.cli import main
from api.cli.calendar_cmd import calendar
from bpmn.catalog.geography import CENTRES, PROVINCE_CENTRE


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(calendar, list(args))
    return result.exit_code, result.output


def test_due_prints_iso_and_the_receipt_line() -> None:
    # Friday 13 February 2026 16:10, 3 working days: Tết, then Mon 23, Tue 24, Wed 25.
    code, output = run("due", "--received", "2026-02-13T16:10", "--time", "3",
                       "--unit", "working_days")  # fmt: skip
    assert code == 0
    assert output.splitlines() == [
        "2026-02-25T17:00:00",
        "Hạn trả kết quả: 17:00 thứ Tư, 25/02/2026",
    ]


def test_due_as_json_with_a_centre() -> None:
    code, output = run("due", "--received", "2026-03-04T14:00", "--time", "8", "--unit",
                       "hours", "--centre", PROVINCE_CENTRE.code, "--json")  # fmt: skip
    assert code == 0
    # 14:00-17:00, 07:30-11:30, then 1 h after lunch.
    assert json.loads(output) == {
        "received": "2026-03-04T14:00:00",
        "time": 8.0,
        "unit": "hours",
        "centre": PROVINCE_CENTRE.code,
        "due": "2026-03-05T14:30:00",
        "text": "Hạn trả kết quả: 14:30 thứ Năm, 05/03/2026",
    }


def test_the_unit_defaults_to_working_days() -> None:
    # Wed 4 March 14:59, one working day: before 15:00, so due the same day.
    code, output = run("due", "--received", "2026-03-04T14:59", "--time", "1")
    assert (code, output.splitlines()[0]) == (0, "2026-03-04T17:00:00")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--received", "2026-02-30T16:10", "--time", "3"), "is not a date-time"),
        (("--received", "yesterday", "--time", "3"), "write it like 2026-02-13T16:10"),
        (("--received", "1900-01-01T10:00", "--time", "3"), "the calendar knows the years"),
        (("--received", "2026-02-13T16:10", "--time", "-1"), "not a positive number"),
        (("--received", "2026-02-13T16:10", "--time", "0"), "not a positive number"),
        (("--received", "2026-02-13T16:10", "--time", "nan"), "not a positive number"),
        (("--received", "2026-02-13T16:10", "--time", "three"), "is not a valid float"),
        (("--received", "2026-02-13T16:10", "--time", "1e9"), "runs past 50 years"),
        (("--received", "2026-02-13T16:10", "--time", "3", "--unit", "weeks"), "'weeks'"),
        (
            ("--received", "2026-02-13T16:10", "--time", "3", "--centre", "H36"),
            "unknown centre code 'H36'; `motcua calendar centres` lists",
        ),
        (("--time", "3"), "Missing option '--received'"),
    ],
)
def test_bad_input_is_a_usage_error(args: tuple[str, ...], message: str) -> None:
    code, output = run("due", *args)
    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_centres_lists_every_code() -> None:
    code, output = run("centres")
    assert code == 0
    lines = output.splitlines()
    assert len(lines) == len(CENTRES)
    assert lines[0] == f"{PROVINCE_CENTRE.code}\t{PROVINCE_CENTRE.name}"


def test_registered_under_motcua() -> None:
    if main.get_command(click.Context(main), "calendar") is None:
        pytest.skip("not registered yet: add 'calendar' to api.cli.LAZY_COMMANDS")
    result = CliRunner().invoke(
        main, ["calendar", "due", "--received", "2026-02-13T16:10", "--time", "3"]
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "2026-02-25T17:00:00"
