"""The deterministic 2,358-procedure catalogue of Lâm Đồng, and the step-budget rules.

The province's real announced list (Lâm Đồng published 2,358 provincial and commune
procedures) is not available offline. This module therefore builds a deterministic,
representative catalogue of the same size from documented field distributions
(:mod:`bpmn.catalog.fields`): real procedure names first, then names composed from each
field's vocabulary. :mod:`bpmn.catalog.importer` reads a real list when one is at hand.

Invariants every generated row keeps (the tests check them):

- codes ``1.00xxxx``/``2.00xxxx`` (about 5 % with the local ``.H36`` suffix), unique,
  names unique, rows sorted by code; the same seed gives the same list;
- a procedure of at most one working day or eight hours is ``SAME_DAY``, and only those
  may be appointment-free; inter-agency rows are ``INTER_AGENCY`` with 2-3 partners;
  ``FEE_ERESULT`` rows charge a fee;
- step budgets name ``ARCHETYPE_STEPS[archetype]`` in order, are multiples of 0.25 and sum
  exactly to the statutory time (:func:`allocate_steps`, shared with the importer).

Randomness comes from one ``random.Random(seed)`` passed down; nothing touches global state.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bpmn.catalog.fields import FIELD_SPECS, VOCABULARY, FieldSpec, parse_time
from bpmn.catalog.geography import UBND_XA
from bpmn.catalog.model import (
    ARCHETYPE_STEPS,
    Archetype,
    Level,
    OnlineLevel,
    Procedure,
    StepBudget,
    TimeUnit,
)
from bpmn.catalog.vocab_base import Candidate, compose
from bpmn.errors import CatalogError

__all__ = [
    "CATALOG_SIZE",
    "FREE_PREFIXES",
    "STEP_SHARES",
    "UBND_XA",
    "allocate_steps",
    "catalog_stats",
    "generate_catalog",
    "is_short",
    "representable",
]

CATALOG_SIZE = 2358
LOCAL_VARIANT_SHARE = 0.05

#: Relative share of the statutory time each step gets before rounding to quarters.
STEP_SHARES: dict[str, float] = {
    "receive": 0.10,
    "resolve": 0.35,
    "sign": 0.20,
    "appraise": 0.50,
    "inspect": 0.20,
    "consult": 0.25,
    "approve": 0.15,
    "return": 0.075,
}
_QUARTERS_PER_FINER_UNIT = {
    # A unit too coarse to give every step a quarter is re-expressed in a finer one.
    TimeUnit.MONTHS: (TimeUnit.DAYS, 30),
    TimeUnit.WORKING_DAYS: (TimeUnit.HOURS, 8),
    TimeUnit.DAYS: (TimeUnit.HOURS, 24),
}
_FEE_ERESULT_SHARE = 0.6  # of fee-charging, fully online, multi-day procedures
#: Names starting like this are free whatever the field's fee table says: notifications,
#: recognitions, benefits, complaints and closures carry no fee in the announced lists.
FREE_PREFIXES = (
    "Thông báo", "Công nhận", "Xét", "Hỗ trợ", "Giải quyết", "Tặng", "Đề nghị", "Trợ",
    "Thực hiện", "Thôi", "Chi trả", "Miễn", "Khai", "Tiếp", "Sáp nhập", "Giải thể",
    "Thu hồi", "Tạm ngừng", "Chấm dứt", "Xử lý", "Phục hồi", "Xác định", "Rút", "Nộp",
)
_FIVE_STEPS = len(ARCHETYPE_STEPS[Archetype.INSPECTION])
_T = TypeVar("_T")


def is_short(time: float, unit: TimeUnit) -> bool:
    """Same-day scale: at most one working day or eight hours (the 15:00 rule applies)."""
    return (unit is TimeUnit.WORKING_DAYS and time <= 1) or (
        unit is TimeUnit.HOURS and time <= 8
    )


def representable(time: float, unit: TimeUnit, archetype: Archetype) -> tuple[float, TimeUnit]:
    """The statutory time, re-expressed in a finer unit if its steps cannot get 0.25 each.

    ``(0.5, WORKING_DAYS)`` for a 4-step archetype becomes ``(4.0, HOURS)``; a time that
    already fits is returned unchanged. Raises ``CatalogError`` when even hours are too
    short or the time is not a positive multiple of 0.25.
    """
    steps = len(ARCHETYPE_STEPS[archetype])
    while time * 4 < steps and unit in _QUARTERS_PER_FINER_UNIT:
        unit, factor = _QUARTERS_PER_FINER_UNIT[unit]
        time *= factor
    quarters = time * 4
    if time <= 0 or quarters != int(quarters):
        raise CatalogError(f"statutory time {time:g} {unit} is not a positive multiple of 0.25")
    if quarters < steps:
        raise CatalogError(
            f"statutory time {time:g} {unit} cannot give each of the {steps} steps of "
            f"{archetype} at least 0.25"
        )
    return time, unit


def allocate_steps(archetype: Archetype, statutory_time: float) -> tuple[StepBudget, ...]:
    """Split ``statutory_time`` over the archetype's steps in quarters, summing exactly.

    Each step gets its :data:`STEP_SHARES` share rounded down to a quarter (at least one
    quarter); the remainder goes to the largest step, or is taken from the largest steps
    when the one-quarter minimums overshoot.
    """
    names = ARCHETYPE_STEPS[archetype]
    quarters = statutory_time * 4
    if statutory_time <= 0 or quarters != int(quarters) or quarters < len(names):
        raise CatalogError(
            f"cannot split {statutory_time:g} into {len(names)} steps of 0.25 or more; "
            "use representable() first"
        )
    total = int(quarters)
    shares = [STEP_SHARES[name] for name in names]
    scale = total / sum(shares)
    counts = [max(1, math.floor(share * scale)) for share in shares]
    largest = sorted(range(len(names)), key=lambda i: (-shares[i], i))
    counts[largest[0]] += total - sum(counts)
    for index in largest:  # undo an overshoot from the one-quarter minimums
        while sum(counts) > total and counts[index] > 1:
            counts[index] -= 1
    return tuple(StepBudget(name, count / 4) for name, count in zip(names, counts, strict=True))


@dataclass(frozen=True)
class _Draft:
    """A chosen name before the per-procedure draws."""

    spec: FieldSpec
    name: str
    level: Level
    time: str | None


def generate_catalog(seed: int = 36) -> list[Procedure]:
    """Exactly :data:`CATALOG_SIZE` procedures, sorted by code; same seed, same list."""
    rng = random.Random(seed)
    used: set[str] = set()
    drafts = [draft for spec in FIELD_SPECS for draft in _pick_names(spec, rng, used)]
    if len(drafts) != CATALOG_SIZE:
        raise CatalogError(f"field table adds up to {len(drafts)} procedures, not {CATALOG_SIZE}")
    codes = _codes(rng, len(drafts))
    procedures = [_procedure(draft, code, rng) for draft, code in zip(drafts, codes, strict=True)]
    return sorted(procedures, key=lambda p: p.code)


def _pick_names(spec: FieldSpec, rng: random.Random, used: set[str]) -> list[_Draft]:
    """Real names first, then composed ones in shuffled order, until both quotas are met."""
    real, composed = compose(VOCABULARY[spec.code])
    rng.shuffle(composed)
    left = {Level.PROVINCE: spec.province, Level.COMMUNE: spec.commune}
    drafts: list[_Draft] = []

    def take(candidate: Candidate, level: Level) -> None:
        used.add(candidate.name)
        left[level] -= 1
        drafts.append(_Draft(spec, candidate.name, level, candidate.time))

    for group in (real, composed):
        either: list[Candidate] = []
        for candidate in group:
            if candidate.name in used:
                continue
            if len(candidate.levels) == 1:
                (level,) = candidate.levels
                if left[level] > 0:
                    take(candidate, level)
            else:
                either.append(candidate)
        for candidate in either:
            open_levels = sum(left.values())
            if not open_levels:
                break
            province = rng.random() < left[Level.PROVINCE] / open_levels
            take(candidate, Level.PROVINCE if province else Level.COMMUNE)
    if any(left.values()):
        raise CatalogError(
            f"the vocabulary of field {spec.code!r} is {left[Level.PROVINCE]} province and "
            f"{left[Level.COMMUNE]} commune names short of its quotas"
        )
    return drafts


def _codes(rng: random.Random, count: int) -> list[str]:
    """Unique national-style codes, ~5 % of them local variants (``.H36``)."""
    numbers = rng.sample(range(20000), count)
    codes = [f"{1 + n // 10000}.00{n % 10000:04d}" for n in numbers]
    local = set(rng.sample(range(count), round(count * LOCAL_VARIANT_SHARE)))
    return [f"{code}.H36" if i in local else code for i, code in enumerate(codes)]


def _weighted(rng: random.Random, options: tuple[tuple[_T, int], ...]) -> _T:
    values = [value for value, _ in options]
    return rng.choices(values, weights=[weight for _, weight in options])[0]


def _procedure(draft: _Draft, code: str, rng: random.Random) -> Procedure:
    spec = draft.spec
    if draft.time is not None:
        time, unit = parse_time(draft.time)
    else:
        time, unit = _weighted(rng, tuple(((t, u), w) for t, u, w in spec.times))
    fee = _weighted(rng, spec.fees)
    if draft.name.startswith(FREE_PREFIXES):
        fee = 0
    online = OnlineLevel.FULL if rng.random() < spec.online_full else OnlineLevel.PARTIAL
    short = is_short(time, unit)
    # Five-step archetypes need five quarters: a one-month procedure never gets them.
    roomy = time * 4 >= _FIVE_STEPS
    inter = not short and roomy and rng.random() < spec.inter_agency
    archetype = _archetype(spec, rng, short=short, inter=inter, fee=fee, online=online,
                           roomy=roomy)
    agency = UBND_XA if draft.level is Level.COMMUNE else spec.agency
    partners: tuple[str, ...] = ()
    if inter:
        pool = [p for p in spec.partners if p != agency]
        partners = tuple(sorted(rng.sample(pool, min(len(pool), rng.choice((2, 2, 3))))))
    time, unit = representable(time, unit, archetype)
    return Procedure(
        code=code,
        name=draft.name,
        level=draft.level,
        field=spec.code,
        agency=agency,
        statutory_time=time,
        time_unit=unit,
        fee=fee,
        online_level=online,
        appointment_free=short and rng.random() < spec.appointment_free,
        inter_agency=inter,
        archetype=archetype,
        steps=allocate_steps(archetype, time),
        partner_agencies=partners,
    )


def _archetype(spec: FieldSpec, rng: random.Random, *, short: bool, inter: bool, fee: int,
               online: OnlineLevel, roomy: bool) -> Archetype:
    if short:
        return Archetype.SAME_DAY
    if inter:
        return Archetype.INTER_AGENCY
    if fee > 0 and online is OnlineLevel.FULL and rng.random() < _FEE_ERESULT_SHARE:
        return Archetype.FEE_ERESULT
    standard, supplement, inspection = spec.archetypes
    if not roomy:
        inspection = 0
    options = ((Archetype.STANDARD, standard), (Archetype.SUPPLEMENT, supplement),
               (Archetype.INSPECTION, inspection))
    return _weighted(rng, options)


def catalog_stats(procedures: Sequence[Procedure]) -> dict[str, Any]:
    """Counts for ``motcua catalog stats --json``: total, by level, field and archetype."""
    return {
        "total": len(procedures),
        "by_level": dict(sorted(Counter(str(p.level) for p in procedures).items())),
        "by_field": dict(sorted(Counter(p.field for p in procedures).items())),
        "by_archetype": dict(sorted(Counter(str(p.archetype) for p in procedures).items())),
        "by_time_unit": dict(sorted(Counter(str(p.time_unit) for p in procedures).items())),
        "online_full": sum(p.online_level is OnlineLevel.FULL for p in procedures),
        "inter_agency": sum(p.inter_agency for p in procedures),
        "appointment_free": sum(p.appointment_free for p in procedures),
    }
