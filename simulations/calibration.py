"""Calibration: a province scenario fitted to an event log, with a goodness-of-fit report.

Lifecycle::

    event log (CSV or XES)  -> simulations.eventlogs.read_log      tidy event table
                            -> simulations.calibration_extract     paired durations, cases
                            -> simulations.calibration_fit         one fit per step
                            -> calibrate()                         Calibration(scenario, report)

The scenario is a ``kind: province`` document that :func:`simulations.scenario.parse_scenario`
accepts: ``durations`` holds the processing time of every officer's step with enough
observations (office minutes, best of lognormal / gamma / exponential by AIC) and the
citizen's waits (supplement, fee; elapsed minutes), ``routing`` the refusal share and the
supplement chance per pass through the gateway (overall and per procedure field),
``demand`` the arrivals per working day with the day-of-week profile and the online share
(:mod:`simulations.calibration_demand`), ``horizon`` the period the log covers. Quantities
with too few observations are left out, so the model's defaults apply, and the report
says so. Queue waits are reported but not written: in the simulator they are an outcome
of staffing, not an input.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from bpmn.catalog.geography import FIELDS
from bpmn.catalog.model import Archetype
from simulations.calibration_demand import fit_demand, horizon, note, share
from simulations.calibration_extract import WAIT_STEPS, CaseFacts, Samples, extract
from simulations.calibration_fit import MIN_OBSERVATIONS, fit_sample
from simulations.errors import CalibrationError
from simulations.eventlogs import read_log
from simulations.scenario_schema import DIST_STEPS, MAX_HORIZON_DAYS

__all__ = ["Calibration", "calibrate"]

_FIELDS = frozenset(field.code for field in FIELDS)
_COLUMNS = ("what", "n", "chosen", "params", "ks", "p_value", "aic", "warning")


@dataclass(frozen=True)
class Calibration:
    """A fitted province scenario and one report row per fitted quantity."""

    scenario: dict[str, Any]
    report: list[dict[str, Any]]

    def to_text(self) -> str:
        """The report as a fixed-width table, one row per fitted quantity."""
        cells = [list(_COLUMNS)] + [[_cell(row, name) for name in _COLUMNS] for row in self.report]
        widths = [max(len(line[i]) for line in cells) + 2 for i in range(len(_COLUMNS) - 1)]
        lines = ["".join(c.ljust(w) for c, w in zip(line, widths, strict=False)) + line[-1]
                 for line in cells]  # fmt: skip
        return "\n".join(line.rstrip() for line in lines) + "\n"

    def to_yaml(self) -> str:
        """The scenario document as YAML (what ``--out scenario.yaml`` writes)."""
        return yaml.safe_dump(self.scenario, sort_keys=False, allow_unicode=True)


def _cell(row: dict[str, Any], name: str) -> str:
    value = row.get(name)
    if value is None or value in ({}, ""):
        return "-"
    if isinstance(value, dict):
        return " ".join(f"{k}={_short(v)}" for k, v in value.items())
    return _short(value)


def _short(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def calibrate(path: Path, *, fmt: str | None = None) -> Calibration:
    """Fit a province scenario to the event log at ``path`` (``fmt``: csv, xes or by suffix)."""
    table = read_log(Path(path), fmt)
    samples = extract(table)
    if not samples.cases:
        raise CalibrationError(f"event log {Path(path).name!r} holds no cases")
    report: list[dict[str, Any]] = []
    durations = _durations(samples, report)
    routing = _routing(samples.cases, report)
    demand, centres = fit_demand(samples, report)
    scenario: dict[str, Any] = {
        "format": 1,
        "kind": "province",
        "name": f"calibrated from {Path(path).name}"[:200],
        "description": (
            f"Fitted to {len(samples.cases)} cases and {len(table)} events of "
            f"{Path(path).name}; officers' durations are office minutes, the citizen's "
            "waits (supplement, fee) elapsed minutes."
        ),
        "horizon": horizon(samples.cases, MAX_HORIZON_DAYS),
    }
    if centres:
        scenario["centres"] = centres
    scenario |= {"demand": demand, "routing": routing}
    if durations:
        scenario["durations"] = durations
    return Calibration(scenario=scenario, report=report)


# -- durations ------------------------------------------------------------------------------


def _durations(samples: Samples, report: list[dict[str, Any]]) -> dict[str, Any]:
    """Processing times of officers' steps and elapsed times of the citizen's waits."""
    durations: dict[str, Any] = {}
    steps = sorted(set(samples.processing) | set(samples.unpaired), key=_step_order)
    for step in steps:
        wait = step in WAIT_STEPS
        if wait and not samples.processing.get(step):
            continue  # the citizen's step, recorded by its completion only
        what = f"work.{step}" if wait else f"durations.{step}"
        fit = fit_sample(what, np.asarray(samples.processing.get(step, [])))
        unpaired = samples.unpaired.get(step, 0)
        notes = [fit.row["warning"]]
        if unpaired:
            notes.append(f"{unpaired} completions without a start or assign event")
        if wait:
            notes.append("reported only: the simulator's step is the citizen's wait")
        fit.row["warning"] = "; ".join(filter(None, notes))
        report.append(fit.row)
        if fit.mapping is not None and step in DIST_STEPS and not wait:
            durations[step] = fit.mapping
    for step in sorted(samples.waits, key=_step_order):
        fit = fit_sample(f"durations.{step}", np.asarray(samples.waits[step]))
        fit.row["warning"] = "; ".join(filter(None, ("elapsed minutes", fit.row["warning"])))
        report.append(fit.row)
        if fit.mapping is not None:
            durations[step] = fit.mapping
    for step in sorted(samples.waiting, key=_step_order):
        row = fit_sample(f"waiting.{step}", np.asarray(samples.waiting[step])).row
        row["warning"] = "; ".join(filter(None, ("queue wait, reported only", row["warning"])))
        report.append(row)
    if samples.unmapped:
        names = ", ".join(sorted(samples.unmapped)[:8])
        skipped = f"events of activities that are no step were skipped: {names}"
        report.append(note("activities", sum(samples.unmapped.values()), skipped))
    return durations


def _step_order(step: str) -> int:
    return DIST_STEPS.index(step) if step in DIST_STEPS else len(DIST_STEPS)


# -- routing --------------------------------------------------------------------------------


@functools.cache
def _catalogue() -> dict[str, tuple[str, Archetype]]:
    """Procedure code → (field, archetype) in the generated catalogue."""
    from bpmn.catalog.generate import generate_catalog  # noqa: PLC0415 - only when needed

    return {p.code: (p.field, p.archetype) for p in generate_catalog()}


def _per_pass(requests: int, cases: int) -> float:
    """Supplement chance at each pass through the gateway: every request sends the dossier
    back to appraisal once more, so ``cases`` dossiers pass ``cases + requests`` times."""
    return share(requests, cases + requests)


def _routing(cases: list[CaseFacts], report: list[dict[str, Any]]) -> dict[str, Any]:
    """Refusal share at reception; supplement chance per pass, overall and per field.

    The supplement gateway exists in the supplement archetype only, so dossiers of
    catalogue procedures of other archetypes do not count for it (unknown ones do).
    """
    refused = sum(case.refused for case in cases)
    eligible: dict[str, list[int]] = {}
    for case in cases:
        if case.refused:
            continue
        field, archetype = _catalogue().get(case.procedure, (case.field, Archetype.SUPPLEMENT))
        if archetype is Archetype.SUPPLEMENT:
            eligible.setdefault(case.field or field, []).append(case.supplements)
    counts = [n for per_field in eligible.values() for n in per_field]
    routing: dict[str, Any] = {
        "refusal": share(refused, len(cases)),
        "supplement": _per_pass(sum(counts), len(counts)),
    }
    report.append(note("routing.refusal", len(cases), "", chosen="share",
                       params={"p": routing["refusal"]}))  # fmt: skip
    report.append(note("routing.supplement", len(counts), "per pass through the gateway",
                       chosen="share", params={"p": routing["supplement"]}))  # fmt: skip
    fields: dict[str, float] = {}
    for field, per_field in sorted(eligible.items()):
        if not field:
            continue
        p = _per_pass(sum(per_field), len(per_field))
        enough = len(per_field) >= MIN_OBSERVATIONS and field in _FIELDS
        warning = "" if enough else f"only {len(per_field)} cases: the overall share applies"
        if field not in _FIELDS:
            warning = "not a catalogue field: the overall share applies"
        report.append(note(f"routing.supplement_fields.{field}", len(per_field), warning,
                           chosen="share", params={"p": p}))  # fmt: skip
        if enough:
            fields[field] = p
    if fields:
        routing["supplement_fields"] = fields
    return routing
