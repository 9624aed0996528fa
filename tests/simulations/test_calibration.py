"""Calibration from event logs: fitted values come back from synthetic logs of known law.

The synthetic logs are drawn with a seeded numpy Generator: lognormal appraisal times of
known mean and coefficient of variation, exponential reception times, a known refusal and
supplement share and a Monday peak. Completion times are placed with the engine's own
working calendar (office time only), which is what the calibration measures back.
Tolerances are a few standard errors of the estimate, not values copied from a run.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import yaml
from lxml import etree
from sqlalchemy.orm import Session

from bpmn.catalog.generate import generate_catalog
from bpmn.catalog.geography import CENTRES, CentreKind
from bpmn.catalog.model import Archetype
from engine.calendar import WorkingCalendar
from engine.catalog.models import Procedure
from engine.dossiers.audit import append_event
from simulations.calibration import Calibration, calibrate
from simulations.calibration_extract import OfficeClock, step_of
from simulations.calibration_fit import MIN_OBSERVATIONS, fit_sample
from simulations.compile import compile_scenario
from simulations.distributions import DistSpec
from simulations.errors import CalibrationError
from simulations.eventlogs import parse_time
from simulations.scenario import parse_scenario
from tests.engine.dossier_factory import DossierFactory

CALENDAR = WorkingCalendar.vietnam(range(2025, 2027))
ICT = dt.timezone(dt.timedelta(hours=7))
APPRAISE_MEAN, APPRAISE_CV = 45.0, 0.6
RECEIVE_MEAN = 12.0
REFUSAL, SUPPLEMENT = 0.1, 0.3
DAILY, MONDAY_FACTOR = 12.0, 2.0
SUPPLEMENT_WAIT = 4 * 1440.0  # elapsed minutes
#: a catalogue procedure of the supplement archetype, and two commune centres
PROCEDURE = next(p for p in generate_catalog() if p.archetype is Archetype.SUPPLEMENT)
COMMUNES = [c for c in CENTRES if c.kind is not CentreKind.PROVINCE][:2]


@dataclass(frozen=True)
class Event:
    case: str
    activity: str
    lifecycle: str
    at: dt.datetime
    centre: str
    procedure: str
    channel: str


def _lognormal(rng: np.random.Generator, mean: float, cv: float) -> float:
    sigma2 = math.log1p(cv**2)
    return float(rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2)))


def _after(moment: dt.datetime, minutes: float) -> dt.datetime:
    return CALENDAR.add_working_seconds(moment, minutes * 60)


def _case(rng: np.random.Generator, code: str, arrival: dt.datetime, centre: str) -> list[Event]:
    """One dossier as the supplement archetype runs it: receive, then refusal, or
    appraise (sent back for a supplement with chance SUPPLEMENT after each pass) and
    approve."""
    channel = "online" if rng.random() < 0.25 else "in_person"

    def event(activity: str, lifecycle: str, at: dt.datetime) -> Event:
        return Event(code, activity, lifecycle, at, centre, PROCEDURE.code, channel)

    received = _after(arrival, rng.exponential(RECEIVE_MEAN))
    events = [event("receive", "start", arrival), event("receive", "complete", received)]
    if rng.random() < REFUSAL:
        return [*events, event("refuse", "complete", received)]
    created = received
    while True:
        started = _after(created, rng.exponential(30))
        done = _after(started, _lognormal(rng, APPRAISE_MEAN, APPRAISE_CV))
        events += [event("Task_appraise", kind, at) for kind, at in
                   (("schedule", created), ("start", started), ("complete", done))]  # fmt: skip
        if rng.random() >= SUPPLEMENT:
            break
        back = done + dt.timedelta(minutes=_lognormal(rng, SUPPLEMENT_WAIT, 0.5))  # elapsed
        events += [event("request_supplement", "complete", done),
                   event("Task_supplement", "complete", back)]  # fmt: skip
        created = back
    signed = _after(done, _lognormal(rng, 10, 0.5))
    return [*events, event("Phê duyệt kết quả", "start", done),
            event("Phê duyệt kết quả", "complete", signed)]  # fmt: skip


def synthetic_events(seed: int = 7, days: int = 42, centres: int = 2) -> Iterator[Event]:
    """Dossiers arriving at office times of the working days of ``days`` from 1 Sep 2025."""
    rng = np.random.default_rng(seed)
    first = dt.date(2025, 9, 1)
    number = 0
    for offset in range(days):
        day = first + dt.timedelta(offset)
        if not CALENDAR.is_working_day(day):
            continue
        for centre in (c.code for c in COMMUNES[:centres]):
            mean = DAILY * (MONDAY_FACTOR if day.weekday() == 0 else 1.0)
            for _ in range(rng.poisson(mean)):
                office = rng.uniform(0, 450 - 60)
                at = _after(dt.datetime.combine(day, dt.time(7, 30), ICT), office)
                number += 1
                yield from _case(rng, f"D{number:05d}", at, centre)


def write_csv(path: Path, events: Iterator[Event]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["case:concept:name", "concept:name", "lifecycle:transition",
                         "time:timestamp", "case:centre", "procedure", "channel"])  # fmt: skip
        for e in events:
            writer.writerow([e.case, e.activity, e.lifecycle, e.at.isoformat(), e.centre,
                             e.procedure, e.channel])  # fmt: skip
    return path


def write_xes(path: Path, events: Iterator[Event]) -> Path:
    ns = "http://www.xes-standard.org/"
    root = etree.Element("log", nsmap={None: ns})
    traces: dict[str, etree._Element] = {}
    for e in events:
        trace = traces.get(e.case)
        if trace is None:
            trace = traces[e.case] = etree.SubElement(root, "trace")
            for key, value in (("concept:name", e.case), ("centre", e.centre),
                               ("procedure", e.procedure), ("channel", e.channel)):  # fmt: skip
                etree.SubElement(trace, "string", key=key, value=value)
        node = etree.SubElement(trace, "event")
        etree.SubElement(node, "string", key="concept:name", value=e.activity)
        etree.SubElement(node, "string", key="lifecycle:transition", value=e.lifecycle)
        etree.SubElement(node, "date", key="time:timestamp", value=e.at.isoformat())
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("logs")
    events = list(synthetic_events())
    return {
        "csv": write_csv(folder / "log.csv", iter(events)),
        "xes": write_xes(folder / "log.xes", iter(events)),
    }


@pytest.fixture(scope="module", params=["csv", "xes"])
def fitted(request: pytest.FixtureRequest, logs: dict[str, Path]) -> Calibration:
    return calibrate(logs[request.param])


def _row(calibration: Calibration, what: str) -> dict[str, object]:
    return next(row for row in calibration.report if row["what"] == what)


# -- fitting one sample -------------------------------------------------------------------


def test_lognormal_data_choose_lognormal_with_its_mean_and_cv() -> None:
    rng = np.random.default_rng(11)
    values = np.array([_lognormal(rng, 30.0, 1.0) for _ in range(1000)])
    fit = fit_sample("durations.appraise", values)
    assert fit.row["chosen"] == "lognormal"
    assert fit.aic["lognormal"] < min(fit.aic["gamma"], fit.aic["exponential"]) - 10
    assert fit.mapping is not None
    assert fit.mapping["mean"] == pytest.approx(30.0, rel=0.1)  # SE ~3%
    assert fit.mapping["cv"] == pytest.approx(1.0, rel=0.15)
    assert 0.01 < float(fit.row["p_value"]) <= 1  # type: ignore[arg-type]
    assert 0 < float(fit.row["ks"]) < 0.1  # type: ignore[arg-type]


def test_exponential_data_do_not_choose_lognormal() -> None:
    values = np.random.default_rng(12).exponential(12.0, 800)
    fit = fit_sample("durations.receive", values)
    assert fit.row["chosen"] in {"exponential", "gamma"}
    # exponential is gamma with cv 1: AIC may prefer either by at most its penalty of 2
    assert fit.aic["exponential"] <= fit.aic["gamma"] + 2
    assert fit.aic["lognormal"] > fit.aic["exponential"] + 10
    assert fit.mapping is not None
    assert fit.mapping["mean"] == pytest.approx(12.0, rel=0.1)
    assert fit.mapping.get("cv", 1.0) == pytest.approx(1.0, abs=0.1)


def test_too_few_observations_keep_the_default_and_warn() -> None:
    values = np.array([5.0, 0.0, -1.0, *range(1, MIN_OBSERVATIONS - 2)])
    fit = fit_sample("durations.sign", values)
    assert fit.mapping is None
    assert fit.row["chosen"] is None
    assert fit.row["n"] == MIN_OBSERVATIONS - 2  # the zero and the negative are left out
    assert "2 zero or negative" in str(fit.row["warning"])
    assert "default distribution is kept" in str(fit.row["warning"])


# -- office time and step names -------------------------------------------------------------


def test_office_clock_matches_the_working_calendar() -> None:
    rng = np.random.default_rng(3)
    base = dt.datetime(2025, 8, 25, tzinfo=ICT)  # spans 2 Sep (national day)
    moments = sorted(base + dt.timedelta(minutes=float(m)) for m in rng.uniform(0, 20000, 60))
    minutes = np.array([parse_time(m.isoformat(), where="test") for m in moments])
    clock = OfficeClock(int(minutes.min() // 1440), int(minutes.max() // 1440))
    ours = np.diff(clock.position(minutes))
    theirs = [CALENDAR.working_seconds_between(a, b) / 60 for a, b in itertools.pairwise(moments)]
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


@pytest.mark.parametrize(
    ("activity", "step"),
    [("Thẩm định hồ sơ", "appraise"), ("Task_consult_2", "consult"),
     ("Cho ý kiến: Sở Xây dựng", "consult"), ("Trả kết quả tại quầy", "return"),
     ("APPROVE", "approve"), ("Task_supplement", "supplement"), ("submit", None)],
)  # fmt: skip
def test_activities_map_to_step_names(activity: str, step: str | None) -> None:
    assert step_of(activity) == step


# -- whole logs ----------------------------------------------------------------------------


def test_durations_come_back_from_the_log(fitted: Calibration) -> None:
    durations = fitted.scenario["durations"]
    appraise = durations["appraise"]
    passes = int(_row(fitted, "durations.appraise")["n"])  # type: ignore[call-overload]
    supplements = int(_row(fitted, "durations.supplement")["n"])  # type: ignore[call-overload]
    assert appraise["dist"] in {"lognormal", "gamma"}
    assert appraise["mean"] == pytest.approx(APPRAISE_MEAN, rel=4 * APPRAISE_CV / passes**0.5)
    assert appraise["cv"] == pytest.approx(APPRAISE_CV, rel=0.15)
    assert durations["receive"]["mean"] == pytest.approx(RECEIVE_MEAN, rel=4 / passes**0.5)
    assert durations["receive"]["dist"] != "lognormal"
    assert durations["supplement"]["mean"] == pytest.approx(
        SUPPLEMENT_WAIT, rel=4 * 0.5 / supplements**0.5
    )
    # every supplement sends the dossier through appraisal once more
    accepted = int(_row(fitted, "routing.supplement")["n"])  # type: ignore[call-overload]
    assert passes == accepted + supplements
    row = _row(fitted, "durations.appraise")
    assert row["p_value"] is not None
    assert 0 <= float(row["p_value"]) <= 1  # type: ignore[arg-type]
    assert set(row["aic"]) == {"lognormal", "gamma", "exponential"}  # type: ignore[arg-type]
    waiting = _row(fitted, "waiting.appraise")
    assert waiting["mean"] == pytest.approx(30, rel=4 / passes**0.5)
    assert "approve" in durations  # a Vietnamese task name mapped to its step


def test_branch_shares_and_demand_come_back(fitted: Calibration) -> None:
    routing, demand = fitted.scenario["routing"], fitted.scenario["demand"]
    cases = int(_row(fitted, "routing.refusal")["n"])  # type: ignore[call-overload]
    passes = int(_row(fitted, "durations.appraise")["n"])  # type: ignore[call-overload]
    assert routing["refusal"] == pytest.approx(REFUSAL, abs=4 * math.sqrt(0.09 / cases))
    assert routing["supplement"] == pytest.approx(SUPPLEMENT, abs=4 * math.sqrt(0.21 / passes))
    assert routing["supplement_fields"] == {PROCEDURE.field: routing["supplement"]}
    assert demand["online_share"] == pytest.approx(0.25, abs=4 * math.sqrt(0.19 / cases))
    assert fitted.scenario["centres"] == sorted(c.code for c in COMMUNES)
    weekday = demand["profiles"]["weekday"]
    assert weekday["mon"] == pytest.approx(2 * weekday["wed"], rel=0.3)
    assert np.mean([weekday[d] for d in ("mon", "tue", "wed", "thu", "fri")]) == pytest.approx(
        1, rel=0.1
    )
    days = [dt.date(2025, 9, 1) + dt.timedelta(n) for n in range(42)]
    working = [day for day in days if CALENDAR.is_working_day(day)]  # 1-2 Sep: holidays
    per_centre = DAILY * np.mean([MONDAY_FACTOR if d.weekday() == 0 else 1 for d in working])
    weights = sum(c.weight for c in COMMUNES)  # a centre's rate is the commune rate x weight
    expected = 2 * per_centre / weights
    assert demand["daily_per_commune"] == pytest.approx(expected, rel=4 / (cases**0.5))
    assert fitted.scenario["horizon"]["start"] == working[0].isoformat()


def test_the_scenario_is_accepted_and_keeps_the_fitted_means(fitted: Calibration) -> None:
    parsed = parse_scenario(yaml.safe_load(fitted.to_yaml()))
    assert parsed.kind == "province"
    for step, mapping in fitted.scenario["durations"].items():
        spec = DistSpec.from_mapping(mapping, key=f"durations.{step}")
        assert spec.mean() == pytest.approx(mapping["mean"], rel=1e-6)
        assert _row(fitted, f"durations.{step}")["mean"] == pytest.approx(spec.mean(), rel=1e-6)


def test_the_compiled_scenario_expects_the_log_s_arrivals(fitted: Calibration) -> None:
    model = compile_scenario(parse_scenario(fitted.scenario))
    assert model.network.centre_names == tuple(fitted.scenario["centres"])
    cases = int(_row(fitted, "routing.refusal")["n"])  # type: ignore[call-overload]
    # weights, weekday profile and working days undo what the calibration divided out
    assert model.demand.day_rate.sum() == pytest.approx(cases, rel=0.05)


def test_text_report_lists_every_row(fitted: Calibration) -> None:
    text = fitted.to_text()
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["what", "n", "chosen"]
    assert len(lines) == len(fitted.report) + 1
    assert any(line.startswith("durations.appraise") and "lognormal" in line for line in lines)
    assert yaml.safe_load(fitted.to_yaml()) == fitted.scenario


def test_one_row_per_activity_logs_are_split_into_events(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    path = tmp_path / "prosimos.csv"
    start = dt.datetime(2025, 9, 2, 8, 0)  # a holiday: the office clock starts on the 3rd
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["case_id", "activity", "enable_time", "start_time", "end_time",
                         "resource"])  # fmt: skip
        for case in range(60):
            enable = CALENDAR.add_working_seconds(start, case * 600.0)
            begin = _after(enable, 20.0)
            end = _after(begin, _lognormal(rng, 40.0, 0.5))
            writer.writerow([f"c{case}", "Appraise", enable, begin, end, "r1"])
    fitted = calibrate(path)
    assert fitted.scenario["durations"]["appraise"]["mean"] == pytest.approx(40, rel=0.12)
    assert _row(fitted, "waiting.appraise")["mean"] == pytest.approx(20, rel=1e-6)
    assert "centres" not in fitted.scenario  # no centre column


def test_a_malformed_log_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("case_id,activity,timestamp\nA,receive,2025-09-01T08:00:00\n"
                    "A,appraise,yesterday\n")  # fmt: skip
    with pytest.raises(CalibrationError, match=r"row 3, column 'timestamp'.*'yesterday'"):
        calibrate(path)
    with pytest.raises(CalibrationError, match="format 'json' is not supported"):
        calibrate(path, fmt="json")


def test_few_cases_warn_and_leave_the_defaults(tmp_path: Path) -> None:
    events = [e for e in synthetic_events(seed=1, days=5, centres=1) if e.case <= "D00010"]
    fitted = calibrate(write_csv(tmp_path / "small.csv", iter(events)))
    assert "durations" not in fitted.scenario or "appraise" not in fitted.scenario["durations"]
    assert "default distribution is kept" in str(_row(fitted, "durations.appraise")["warning"])


# -- a log exported by the engine -----------------------------------------------------------


def _engine_dossier(session: Session, make: DossierFactory, procedure: Procedure, n: int) -> None:
    """Dossier ``n``: online every 4th, refused every 10th, a supplement every 3rd."""
    day = dt.date(2025, 7, 1) + dt.timedelta(n // 6)
    while not CALENDAR.is_working_day(day):
        day += dt.timedelta(1)
    at = dt.datetime.combine(day, dt.time(8, 0), ICT)
    centre = COMMUNES[0].code if n % 5 else "C99"  # every 5th at a centre unknown here
    dossier = make.dossier(procedure, centre=centre, code=f"H36-CAL-{n:04d}", received_at=at)
    events: list[tuple[float, str, str | None, str | None]] = []
    if n % 4 == 0:
        events.append((-30, "submit", "1", None))
    events.append((0, "receive", "2", None))
    if n % 10 == 0:
        events.append((5, "refuse", "3", None))
    else:
        task = "Thẩm định hồ sơ"
        events += [(10, "process", "4", None), (30, "claim", None, task),
                   (30 + 40 + n, "complete_task", None, task)]  # fmt: skip
        if n % 3 == 0:
            events += [(80 + n, "request_supplement", "5", None),
                       (200, "complete_task", None, "Tiếp nhận hồ sơ bổ sung (Mẫu 02)"),
                       (200, "resume", "4", None)]  # fmt: skip
    for minute, action, status, task_name in events:
        append_event(session, dossier, at=at + dt.timedelta(minutes=minute), actor="officer",
                     action=action, to_status=status, task_name=task_name)  # fmt: skip


def test_calibrating_a_log_exported_by_the_engine(session: Session, tmp_path: Path) -> None:
    from engine.dossiers.eventlog import write_csv as export_csv  # noqa: PLC0415
    from engine.dossiers.eventlog import write_xes as export_xes  # noqa: PLC0415

    make = DossierFactory(session)
    procedure = make.procedure(PROCEDURE.code)
    numbers = range(1, 31)
    for n in numbers:
        _engine_dossier(session, make, procedure, n)
    session.flush()
    with (tmp_path / "engine.csv").open("w", newline="", encoding="utf-8") as out:
        export_csv(session, out)
    export_xes(session, tmp_path / "engine.xes")
    accepted = [n for n in numbers if n % 10]
    appraisal = [40.0 + n for n in accepted]
    for name in ("engine.csv", "engine.xes"):
        fitted = calibrate(tmp_path / name)
        routing = fitted.scenario["routing"]
        assert routing["refusal"] == pytest.approx(3 / 30, rel=1e-5)
        requests = sum(n % 3 == 0 for n in accepted)
        assert routing["supplement"] == pytest.approx(requests / (27 + requests), rel=1e-5)
        assert routing["supplement_fields"] == {PROCEDURE.field: routing["supplement"]}
        assert fitted.scenario["demand"]["online_share"] == pytest.approx(7 / 30, rel=1e-5)
        assert fitted.scenario["centres"] == [COMMUNES[0].code]
        assert "C99" in str(_row(fitted, "centres")["warning"])
        assert _row(fitted, "durations.supplement")["n"] == requests  # too few: warned
        assert "supplement" not in fitted.scenario["durations"]
        row = _row(fitted, "durations.appraise")  # claim -> complete, in office minutes
        assert row["n"] == len(appraisal)
        assert row["mean"] == pytest.approx(np.mean(appraisal), rel=1e-6)
        assert fitted.scenario["durations"]["appraise"]["mean"] == pytest.approx(
            np.mean(appraisal), rel=1e-5
        )


def test_citizen_waits_are_elapsed_minutes_and_fields_are_checked(tmp_path: Path) -> None:
    """Payment requested -> paid (engine actions) is the fee wait, weekends included."""
    path = tmp_path / "fee.csv"
    waits = [600.0 + 97 * n for n in range(25)]
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["case_id", "activity", "action", "timestamp", "field"])
        for n, wait in enumerate(waits):
            asked = dt.datetime(2025, 9, 5, 16, 0, tzinfo=ICT)  # a Friday afternoon
            paid = asked + dt.timedelta(minutes=wait)
            field = "no_such_field" if n % 2 else "dat_dai"
            writer.writerows([
                [f"F{n}", "receive", "receive", asked - dt.timedelta(hours=2), field],
                [f"F{n}", "await_payment", "await_payment", asked, field],
                [f"F{n}", "Xác nhận nộp phí, lệ phí", "complete_task", paid, field],
            ])  # fmt: skip
    fitted = calibrate(path)
    fee = _row(fitted, "durations.fee")
    assert fee["n"] == len(waits)
    assert fee["mean"] == pytest.approx(np.mean(waits), rel=1e-6)
    assert fitted.scenario["durations"]["fee"]["mean"] == pytest.approx(np.mean(waits), rel=1e-6)
    assert "not a catalogue field" in str(
        _row(fitted, "routing.supplement_fields.no_such_field")["warning"]
    )
    assert "supplement_fields" not in fitted.scenario["routing"]  # 13 dat_dai cases: too few
    parse_scenario(fitted.scenario)
