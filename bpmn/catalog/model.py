"""The catalogue row: one administrative procedure as a province announces it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ARCHETYPE_STEPS",
    "Archetype",
    "Level",
    "OnlineLevel",
    "Procedure",
    "StepBudget",
    "TimeUnit",
]


class Level(StrEnum):
    PROVINCE = "province"
    COMMUNE = "commune"


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    HOURS = "hours"
    MONTHS = "months"


class OnlineLevel(StrEnum):
    FULL = "full"  # dịch vụ công trực tuyến toàn trình
    PARTIAL = "partial"  # một phần


class Archetype(StrEnum):
    SAME_DAY = "same_day"
    STANDARD = "standard"
    SUPPLEMENT = "supplement"
    INSPECTION = "inspection"
    INTER_AGENCY = "inter_agency"
    FEE_ERESULT = "fee_eresult"


# The budgeted steps of each archetype, in order; a procedure's step budgets name exactly
# these steps and sum to its statutory time. Waiting on the citizen (supplements, fee
# payment) is not budgeted: the statutory clock is paused then.
ARCHETYPE_STEPS: dict[Archetype, tuple[str, ...]] = {
    Archetype.SAME_DAY: ("receive", "resolve", "sign", "return"),
    Archetype.STANDARD: ("receive", "appraise", "approve", "return"),
    Archetype.SUPPLEMENT: ("receive", "appraise", "approve", "return"),
    Archetype.INSPECTION: ("receive", "appraise", "inspect", "approve", "return"),
    Archetype.INTER_AGENCY: ("receive", "appraise", "consult", "approve", "return"),
    Archetype.FEE_ERESULT: ("receive", "appraise", "approve", "return"),
}


@dataclass(frozen=True)
class StepBudget:
    step: str
    budget: float  # in the procedure's time unit; multiples of 0.25 so sums are exact


@dataclass(frozen=True)
class Procedure:
    """One catalogue row. Immutable; the generator turns it into a BPMN diagram."""

    code: str  # national style: 1.00xxxx / 2.00xxxx, local variants end in .H36
    name: str
    level: Level
    field: str  # field code, e.g. "ho_tich"
    agency: str  # code of the competent agency
    statutory_time: float
    time_unit: TimeUnit
    fee: int  # VND; 0 = free
    online_level: OnlineLevel
    appointment_free: bool
    inter_agency: bool
    archetype: Archetype
    steps: tuple[StepBudget, ...]
    partner_agencies: tuple[str, ...] = ()  # 2-3 codes for the inter-agency archetype
