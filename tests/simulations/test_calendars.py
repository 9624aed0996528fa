"""Calendar arithmetic: open minutes, their inverse, and work that pauses over closures."""

from __future__ import annotations

import numpy as np
import pytest

from simulations.calendars import (
    advance,
    always_open,
    arrays,
    build_calendars,
    office_segments,
    open_minutes_before,
    time_at_open_minutes,
)
from simulations.errors import ScenarioError

OFFICE = [(450, 690), (810, 1020)]  # 07:30-11:30, 13:30-17:00


@pytest.fixture
def cals() -> tuple[np.ndarray, ...]:
    office = office_segments([0, 1, 3], OFFICE)  # day 2 closed
    return arrays(build_calendars([office, always_open(2)]))


def test_office_segments_repeat_the_periods_on_open_days() -> None:
    segs = office_segments([1, 0], OFFICE)
    assert segs == [(450.0, 690.0), (810.0, 1020.0), (1890.0, 2130.0), (2250.0, 2460.0)]


@pytest.mark.parametrize(
    ("t", "work", "finish"),
    [
        (500.0, 30.0, 530.0),  # inside the morning
        (680.0, 20.0, 820.0),  # pauses over lunch
        (0.0, 10.0, 460.0),  # before opening: starts at 07:30
        (700.0, 0.0, 810.0),  # zero work at lunch: the next opening
        (1010.0, 30.0, 1440.0 + 470.0),  # runs into the next morning
        (1440.0 + 1000.0, 40.0, 3 * 1440.0 + 470.0),  # skips the closed day 2
        (680.0, 10.0, 690.0),  # finishes exactly at closing
    ],
)
def test_advance(cals: tuple[np.ndarray, ...], t: float, work: float, finish: float) -> None:
    assert advance(cals, 0, t, work) == pytest.approx(finish)


def test_always_open_is_plain_addition(cals: tuple[np.ndarray, ...]) -> None:
    assert advance(cals, 1, 700.0, 95.5) == 795.5


def test_open_minutes_and_inverse_agree(cals: tuple[np.ndarray, ...]) -> None:
    off, start, end, cum = cals
    assert open_minutes_before(off, start, end, cum, 0, 1440.0) == 450.0
    assert open_minutes_before(off, start, end, cum, 0, 700.0) == 240.0
    assert open_minutes_before(off, start, end, cum, 0, 3 * 1440.0) == 900.0
    for m in (0.5, 240.0, 300.0, 899.0):
        t = time_at_open_minutes(off, start, end, cum, 0, m)
        assert open_minutes_before(off, start, end, cum, 0, t) == pytest.approx(m)
    assert time_at_open_minutes(off, start, end, cum, 0, 240.0) == 690.0  # closing, not 13:30


def test_past_the_last_segment_counts_as_open(cals: tuple[np.ndarray, ...]) -> None:
    off, start, end, cum = cals
    last_end = 3 * 1440.0 + 1020.0
    assert open_minutes_before(off, start, end, cum, 0, last_end + 60) == 1350.0 + 60
    assert advance(cals, 0, last_end + 5, 10.0) == last_end + 15


def test_build_rejects_overlaps() -> None:
    with pytest.raises(ScenarioError) as info:
        build_calendars([[(0.0, 100.0), (50.0, 200.0)]])
    assert info.value.key == "calendars.0.1"
