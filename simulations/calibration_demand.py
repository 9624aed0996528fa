"""Demand fitted to a log's arrivals, in the vocabulary of :mod:`simulations.demand`.

Lifecycle: :func:`simulations.calibration.calibrate` hands the cases found by
:mod:`simulations.calibration_extract` to :func:`fit_demand`, which returns the scenario's
``demand`` section, the centres to simulate and report rows.

A case arrives at its first event (the online submission or the counter reception), on
that local day. The estimates mirror how the simulator builds demand:

- ``daily_per_commune``: arrivals on working days at commune-level centres, per working
  day and per unit of the geography's centre weight (a centre's base rate is the
  commune rate times its weight); ``daily_province``: the provincial centre's arrivals
  per working day. Centres the geography does not know count with weight 1 and are left
  out of ``centres`` (the compiler refuses unknown codes).
- ``profiles.weekday``: each weekday's mean arrivals over the mean working day (Monday to
  Friday, holidays excluded), so the factors average 1 as the defaults do; ``sat`` is a
  make-up working Saturday, when the log has one. ``saturday_share``: the share of a
  week's arrivals that came on its (non-working) Saturday, when there was Saturday
  service.
- ``online_share``: the recorded channel, else the engine's sign of an online dossier
  (its first event is ``submit``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from bpmn.catalog.geography import CENTRES, CentreKind
from simulations.calibration_extract import CaseFacts, OfficeClock, Samples

__all__ = ["fit_demand", "note", "share"]

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat")
_SATURDAY = 5
_GEOGRAPHY = {centre.code: centre for centre in CENTRES}
_NONE = "(none)"


def note(what: str, n: int, warning: str, **extra: Any) -> dict[str, Any]:
    """A report row for a quantity that is counted rather than fitted."""
    row: dict[str, Any] = {"what": what, "n": n, "chosen": None, "params": None,
                           "ks": None, "p_value": None, "aic": {}, "warning": warning}  # fmt: skip
    return row | extra


def share(part: float, whole: float) -> float:
    return float(f"{part / whole:.6g}") if whole else 0.0


def day_of(minute: float) -> int:
    return int(minute // 1440)


def _weekday(day: int) -> int:
    return (day + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0


class _Counts:
    """Arrivals per (centre, day) and per day, over the log's span of days."""

    def __init__(self, cases: list[CaseFacts], clock: OfficeClock) -> None:
        self.clock = clock
        self.by_centre: Counter[tuple[str, int]] = Counter()
        self.by_day: Counter[int] = Counter()
        for case in cases:
            day = day_of(case.arrival)
            self.by_centre[case.centre or _NONE, day] += 1
            self.by_day[day] += 1
        self.span = range(min(self.by_day), max(self.by_day) + 1)
        self.working = [d for d in self.span if clock.is_working_day(d)]
        self.centres = sorted({centre for centre, _day in self.by_centre})

    def on_working_days(self, centre: str) -> int:
        return sum(self.by_centre[centre, d] for d in self.working)

    def by_weekday(self, centre: str | None) -> dict[int, tuple[int, int]]:
        """Weekday → (arrivals, days counted): working weekdays and make-up Saturdays."""
        out: dict[int, tuple[int, int]] = {}
        for day in self.working:
            n = self.by_day[day] if centre is None else self.by_centre[centre, day]
            arrivals, seen = out.get(_weekday(day), (0, 0))
            out[_weekday(day)] = (arrivals + n, seen + 1)
        return out

    def saturday_share(self) -> tuple[float, int]:
        """Mean share of a week's arrivals on its non-working Saturday, and the weeks seen."""
        shares = []
        for day in self.span:
            if _weekday(day) != _SATURDAY or self.clock.is_working_day(day):
                continue
            week = sum(self.by_day[d] for d in range(day - 5, day + 1))
            if self.by_day[day] and week:
                shares.append(self.by_day[day] / week)
        return (sum(shares) / len(shares) if shares else 0.0), len(shares)


def _rates(counts: _Counts, report: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """``daily_per_commune`` / ``daily_province`` and the known centres."""
    working = max(len(counts.working), 1)
    known = [c for c in counts.centres if c in _GEOGRAPHY]
    unknown = [c for c in counts.centres if c not in _GEOGRAPHY]
    province = [c for c in known if _GEOGRAPHY[c].kind is CentreKind.PROVINCE]
    communes = [c for c in counts.centres if c not in province]
    rates: dict[str, Any] = {}
    if communes:
        arrivals = sum(counts.on_working_days(c) for c in communes)
        weight = sum(_GEOGRAPHY[c].weight if c in _GEOGRAPHY else 1.0 for c in communes)
        rates["daily_per_commune"] = max(share(arrivals, weight * working), 1e-3)
        report.append(note("demand.daily_per_commune", arrivals,
                           f"{len(communes)} centres over {len(counts.working)} working days",
                           chosen="mean", params={"rate": rates["daily_per_commune"]}))  # fmt: skip
    if province:
        arrivals = counts.on_working_days(province[0])
        rates["daily_province"] = max(share(arrivals, working), 1e-3)
        report.append(note("demand.daily_province", arrivals, "", chosen="mean",
                           params={"rate": rates["daily_province"]}))  # fmt: skip
    if unknown:
        names = ", ".join(unknown[:6]) + (", ..." if len(unknown) > 6 else "")
        warning = f"not in the geography, left out of the scenario's centres: {names}"
        report.append(note("centres", len(unknown), warning))
    return rates, known


def _profiles(counts: _Counts, report: list[dict[str, Any]]) -> dict[str, Any]:
    by_weekday = counts.by_weekday(None)
    weekdays = [by_weekday[w] for w in range(5) if w in by_weekday]
    base = share(sum(a for a, _ in weekdays), sum(n for _, n in weekdays))
    profiles: dict[str, Any] = {}
    if base > 0:
        profiles["weekday"] = {
            _WEEKDAYS[w]: float(f"{share(a, n) / base:.4g}")
            for w, (a, n) in sorted(by_weekday.items())
        }
    saturday, weeks = counts.saturday_share()
    if weeks:
        profiles["saturday_share"] = min(float(f"{saturday:.4g}"), 0.5)
        report.append(note("demand.saturday_share", weeks, "weeks with Saturday service",
                           chosen="share", params={"p": profiles["saturday_share"]}))  # fmt: skip
    for centre in counts.centres:
        rates = {_WEEKDAYS[w]: float(f"{a / n:.4g}") for w, (a, n) in
                 sorted(counts.by_weekday(centre).items())}  # fmt: skip
        total = sum(counts.by_centre[centre, d] for d in counts.span)
        report.append(note(f"arrivals.{centre}", total, "per working day of the week",
                           chosen="mean", params=rates))  # fmt: skip
    return profiles


def fit_demand(samples: Samples, report: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The scenario's ``demand`` section and its known centres; rows added to ``report``."""
    assert samples.clock is not None
    counts = _Counts(samples.cases, samples.clock)
    demand, centres = _rates(counts, report)
    profiles = _profiles(counts, report)
    if profiles:
        demand["profiles"] = profiles
    channels = Counter(case.channel for case in samples.cases if case.channel)
    if channels:
        total = sum(channels.values())
        demand["online_share"] = share(channels["online"], total)
        source = "recorded" if samples.channel_recorded else "inferred from online submission"
        shares = {k: share(v, total) for k, v in sorted(channels.items())}
        report.append(note("demand.online_share", total, source, chosen="share", params=shares))
    return demand, centres


def horizon(cases: list[CaseFacts], max_days: int) -> dict[str, str]:
    """The log's arrival dates, at most ``max_days`` long (the latest part)."""
    days = [day_of(case.arrival) for case in cases]
    last = max(days)
    first = max(min(days), last - max_days + 1)
    epoch = dt.date(1970, 1, 1)
    return {
        "start": (epoch + dt.timedelta(first)).isoformat(),
        "end": (epoch + dt.timedelta(last)).isoformat(),
    }
