"""Catalogue rows for tests that must not depend on the generated catalogue."""

from __future__ import annotations

from bpmn.catalog.model import (
    ARCHETYPE_STEPS,
    Archetype,
    Level,
    OnlineLevel,
    Procedure,
    StepBudget,
    TimeUnit,
)

PARTNERS = ("000.00.31.H36", "000.00.32.H36", "000.00.33.H36")
PARTNER_NAMES = {
    "000.00.31.H36": "Sở Tài chính",
    "000.00.32.H36": "Thuế tỉnh Lâm Đồng",
    "000.00.33.H36": "Sở Xây dựng",
}


def procedure(archetype: Archetype, *, code: str = "1.001234", budget: float = 1.0,
              unit: TimeUnit = TimeUnit.WORKING_DAYS, partners: int = 3) -> Procedure:
    steps = tuple(StepBudget(step, budget) for step in ARCHETYPE_STEPS[archetype])
    inter = archetype is Archetype.INTER_AGENCY
    return Procedure(
        code=code,
        name="Cấp giấy phép xây dựng đối với công trình cấp III, IV",
        level=Level.PROVINCE,
        field="xay_dung",
        agency="000.00.33.H36",
        statutory_time=budget * len(steps),
        time_unit=unit,
        fee=0,
        online_level=OnlineLevel.FULL,
        appointment_free=archetype is Archetype.SAME_DAY,
        inter_agency=inter,
        archetype=archetype,
        steps=steps,
        partner_agencies=PARTNERS[:partners] if inter else (),
    )
