"""Decision 766 indicators on a hand-computed set of dossiers, on SQLite and PostgreSQL.

July 2025 (Vietnam time) is the period: [2025-07-01 00:00+07, 2025-08-01 00:00+07).
Procedures: P1 ``1.0001`` (field ``ho_tich``), P2 ``2.0002`` (field ``dat_dai``).

=====  ====  ======  ===================================================  =================
code   proc  centre  what happened (Vietnam time)                          judged at 1 Aug
=====  ====  ======  ===================================================  =================
A      P1    C01     rcv 1 Jul 06:00 (30 Jun 23:00 UTC!), due 4 Jul,       on time
                     decided 3 Jul 10:00; online, e-result
B      P1    C01     rcv 2 Jul, due 7 Jul, decided 9 Jul; complaint        overdue (late)
C      P2    C02     rcv 3 Jul, due 10 Jul, 2 supplement requests,         overdue (2 supps)
                     1 day paused, decided 5 Jul (early); online, e-result
D      P1    C01     refused 4 Jul 10:00, 1 h after reception, no due      on time
E      P2    C02     withdrawn 8 Jul, due 15 Jul                           on time
F      P2    C02     rcv 20 Jul, due 25 Jul, still processing; online      open, overdue
G      P1    C01     rcv 28 Jul, due 5 Aug, decided 3 Aug (after July)     open, not overdue
H      P1    C02     rcv 6 Jul, due 11 Jul, decided 10 Jul, returned 14    on time (clock
                     Jul; e-result; complaint                              stops at decided)
I      P2    C01     stopped 12 Jul, due 9 Jul                             overdue (late)
J      P1    C01     rcv 1 Aug 00:30 (31 Jul 17:30 UTC!), due 6 Aug        not in July
X      P1    C01     rcv 30 Jun 09:00, decided 2 Jul                       not in July
=====  ====  ======  ===================================================  =================
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.catalog.models import Procedure
from engine.dossiers.models import Channel, DossierStatus
from engine.kpis import KpiRow, KpiService, day_period, month_period
from engine.kpis.periods import as_instant
from tests.engine.dossier_factory import DossierFactory, vn

JULY = month_period(2025, 7)
S = DossierStatus


@pytest.fixture
def service(session: Session) -> KpiService:
    make = DossierFactory(session)
    p1 = make.procedure("1.0001", field="ho_tich")
    p2 = make.procedure("2.0002", field="dat_dai")
    rows = [
        # code, procedure, centre, columns
        ("A", p1, "C01", dict(received_at=vn(2025, 7, 1, 6), due_at=vn(2025, 7, 4, 17),
                              decided_at=vn(2025, 7, 3, 10), status=S.DECIDED,
                              channel=Channel.ONLINE, return_channel="electronic")),
        ("B", p1, "C01", dict(received_at=vn(2025, 7, 2), due_at=vn(2025, 7, 7, 17),
                              decided_at=vn(2025, 7, 9), status=S.DECIDED,
                              return_channel="counter", complaint_count=1)),
        ("C", p2, "C02", dict(received_at=vn(2025, 7, 3), due_at=vn(2025, 7, 10, 17),
                              supplement_count=2, paused_seconds=86400,
                              decided_at=vn(2025, 7, 5), status=S.DECIDED,
                              channel=Channel.ONLINE, return_channel="electronic")),
        ("D", p1, "C01", dict(received_at=vn(2025, 7, 4), finished_at=vn(2025, 7, 4, 10),
                              status=S.REFUSED)),
        ("E", p2, "C02", dict(received_at=vn(2025, 7, 5), due_at=vn(2025, 7, 15, 17),
                              finished_at=vn(2025, 7, 8), status=S.WITHDRAWN)),
        ("F", p2, "C02", dict(received_at=vn(2025, 7, 20), due_at=vn(2025, 7, 25, 17),
                              status=S.PROCESSING, channel=Channel.ONLINE)),
        ("G", p1, "C01", dict(received_at=vn(2025, 7, 28), due_at=vn(2025, 8, 5, 17),
                              decided_at=vn(2025, 8, 3), status=S.DECIDED)),
        ("H", p1, "C02", dict(received_at=vn(2025, 7, 6), due_at=vn(2025, 7, 11, 17),
                              decided_at=vn(2025, 7, 10), returned_at=vn(2025, 7, 14),
                              status=S.RETURNED, return_channel="electronic",
                              complaint_count=1)),
        ("I", p2, "C01", dict(received_at=vn(2025, 7, 7), due_at=vn(2025, 7, 9, 17),
                              finished_at=vn(2025, 7, 12), status=S.STOPPED)),
        ("J", p1, "C01", dict(received_at=vn(2025, 8, 1, 0, 30), due_at=vn(2025, 8, 6, 17),
                              status=S.PROCESSING)),
        ("X", p1, "C01", dict(received_at=vn(2025, 6, 30), due_at=vn(2025, 7, 3, 17),
                              decided_at=vn(2025, 7, 2), status=S.DECIDED)),
    ]  # fmt: skip
    for code, procedure, centre, columns in rows:
        make.dossier(procedure, centre=centre, code=f"H36-{code}", **columns)
    return KpiService(session)


def _by_key(rows: list[KpiRow]) -> dict[str, KpiRow]:
    return {row.key: row for row in rows}


def test_july_total_follows_the_766_rules(service: KpiService) -> None:
    [total] = service.indicators(*JULY, group_by="total")
    assert total.key == "total"
    assert total.received == 9  # A-I; J is August in Vietnam, X is June
    assert total.finished == 7  # A B C D E H I (G was decided after 1 August)
    assert total.on_time == 4  # A, D refused, E withdrawn early, H decided on time
    assert total.overdue_finished == 3  # B late, C two supplements, I stopped late
    assert total.in_progress == 2  # F, G
    assert total.overdue_in_progress == 1  # F: due 25 Jul < 1 Aug; G due 5 Aug
    assert total.overdue == 4
    assert total.on_time_rate == pytest.approx(100 * 4 / 7)  # 57.14 %
    assert total.online == 3  # A C F
    assert total.online_share == pytest.approx(100 * 3 / 9)
    assert total.decided == 4  # A B C H (G after the period)
    assert total.electronic_results == 3  # A C H
    assert total.electronic_result_share == pytest.approx(75.0)
    assert total.complained == 2  # B H
    assert total.complaint_rate == pytest.approx(100 * 2 / 9)
    assert total.overdue_rate == pytest.approx(100 * 4 / 9)
    # 100 − 44.44 − 22.22
    assert total.satisfaction == pytest.approx(100 - 100 * 4 / 9 - 100 * 2 / 9)
    # Days from reception to end time, minus pauses, over the 7 finished:
    # A 2 d 4 h = 2.1667 (06:00 → 10:00 two days on), B 7, C 2 − 1 paused = 1,
    # D 1 h = 0.0417, E 3, H 4 (decided, not returned), I 5  →  22.2083 / 7
    assert total.avg_resolution_days == pytest.approx((2 + 4 / 24 + 7 + 1 + 1 / 24 + 3 + 4 + 5) / 7)


def test_a_dossier_waiting_for_a_supplement_is_judged_when_its_clock_stopped(
    service: KpiService,
) -> None:
    make = DossierFactory(service.session)
    procedure = service.session.scalars(select(Procedure).where(Procedure.code == "1.0001")).one()
    # K: paused on 22 Jul with its (pre-pause) due date 24 Jul still ahead: the clock stopped
    # with time left, so it is not overdue on 1 Aug although 24 Jul < 1 Aug.
    make.dossier(
        procedure,
        code="H36-K",
        received_at=vn(2025, 7, 21),
        due_at=vn(2025, 7, 24, 17),
        paused_since=vn(2025, 7, 22),
        supplement_count=1,
        status=S.SUPPLEMENT,
    )
    # L: already past due (24 Jul) when the supplement was requested on 26 Jul: overdue.
    make.dossier(
        procedure,
        code="H36-L",
        received_at=vn(2025, 7, 21),
        due_at=vn(2025, 7, 24, 17),
        paused_since=vn(2025, 7, 26),
        supplement_count=1,
        status=S.SUPPLEMENT,
    )
    [total] = service.indicators(*JULY)
    assert (total.received, total.in_progress, total.overdue_in_progress) == (11, 4, 2)  # F, L
    # Judged at 23 Jul, before L's pause began, L was simply running and not yet due.
    [early] = service.indicators(dt.date(2025, 7, 1), dt.date(2025, 7, 23))
    assert early.overdue_in_progress == 0


def test_by_centre(service: KpiService) -> None:
    rows = _by_key(service.indicators(*JULY, group_by="centre"))
    assert list(rows) == ["C01", "C02"]
    c01, c02 = rows["C01"], rows["C02"]
    # C01: A B D G I — on time A D; overdue B I; open G (not overdue)
    assert (c01.received, c01.finished, c01.on_time, c01.overdue, c01.in_progress) == (
        5, 4, 2, 2, 1,
    )  # fmt: skip
    # C02: C E F H — on time E H; overdue C (supplements) and F (open, past due)
    assert (c02.received, c02.finished, c02.on_time, c02.overdue, c02.in_progress) == (
        4, 3, 2, 2, 1,
    )  # fmt: skip
    assert c01.satisfaction == pytest.approx(100 - 40 - 20)  # overdue 2/5, complaint B 1/5
    assert c02.satisfaction == pytest.approx(100 - 50 - 25)  # overdue 2/4, complaint H 1/4


def test_by_field_and_procedure(service: KpiService) -> None:
    fields = _by_key(service.indicators(*JULY, group_by="field"))
    assert list(fields) == ["dat_dai", "ho_tich"]
    # dat_dai: C E F I — on time E; overdue C I F
    assert (fields["dat_dai"].received, fields["dat_dai"].on_time, fields["dat_dai"].overdue) == (
        4, 1, 3,
    )  # fmt: skip
    # ho_tich: A B D G H — on time A D H; overdue B; G open
    assert (fields["ho_tich"].received, fields["ho_tich"].on_time, fields["ho_tich"].overdue) == (
        5, 3, 1,
    )  # fmt: skip
    procedures = _by_key(service.indicators(*JULY, group_by="procedure"))
    # P1 finished A B D H: (2.1667 + 7 + 0.0417 + 4) / 4; P2 finished C E I: (1 + 3 + 5) / 3
    assert procedures["1.0001"].avg_resolution_days == pytest.approx(
        (2 + 4 / 24 + 7 + 1 / 24 + 4) / 4
    )
    assert procedures["2.0002"].avg_resolution_days == pytest.approx(3.0)


def test_by_month_in_vietnam_time(service: KpiService) -> None:
    """July and August judged at 1 September: G is now finished on time, F still overdue."""
    rows = _by_key(service.indicators(dt.date(2025, 7, 1), dt.date(2025, 9, 1), group_by="month"))
    # A was received on 30 June in UTC and J on 31 July in UTC: the months are Vietnam's.
    assert list(rows) == ["2025-07", "2025-08"]
    july, august = rows["2025-07"], rows["2025-08"]
    assert (july.received, july.finished, july.on_time, july.overdue, july.in_progress) == (
        9, 8, 5, 4, 1,
    )  # fmt: skip  # on time A D E G H; overdue B C I F
    assert (august.received, august.in_progress, august.overdue) == (1, 1, 1)  # J due 6 Aug


def test_period_bounds_are_vietnam_midnights(service: KpiService) -> None:
    # 1 July alone: only A (06:00 Vietnam time, still 30 June in UTC).
    [day] = service.indicators(*day_period(dt.date(2025, 7, 1), dt.date(2025, 7, 1)))
    assert day.received == 1
    assert day.in_progress == 1  # judged at 2 July 00:00: A was decided on 3 July
    assert day.overdue == 0


def test_empty_period_has_a_total_row_without_rates(service: KpiService) -> None:
    [total] = service.indicators(dt.date(2024, 1, 1), dt.date(2024, 2, 1))
    assert total.received == 0
    assert total.on_time_rate is None
    assert total.satisfaction is None
    assert total.avg_resolution_days is None
    assert service.indicators(dt.date(2024, 1, 1), dt.date(2024, 2, 1), group_by="centre") == []


def test_satisfaction_is_floored_at_zero() -> None:
    row = KpiRow(key="x", received=2, finished=2, on_time=0, overdue_finished=2,
                 in_progress=0, overdue_in_progress=0, online=0, decided=2,
                 electronic_results=0, complained=1, avg_resolution_days=1.0)  # fmt: skip
    assert row.overdue_rate == 100.0
    assert row.complaint_rate == 50.0
    assert row.satisfaction == 0.0
    assert row.as_dict()["satisfaction"] == 0.0


def test_bad_periods_and_groupings_are_refused(service: KpiService) -> None:
    with pytest.raises(ValueError, match="empty"):
        service.indicators(dt.date(2025, 7, 2), dt.date(2025, 7, 1))
    with pytest.raises(ValueError, match="unknown grouping"):
        service.indicators(*JULY, group_by="agency")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="naive"):
        as_instant(dt.datetime(2025, 7, 1))
