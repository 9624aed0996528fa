"""The generated 2,358-procedure catalogue, the step-budget rules and the geography."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from bpmn.catalog import geography
from bpmn.catalog.fields import FIELD_SPECS, field_spec
from bpmn.catalog.generate import (
    allocate_steps,
    catalog_stats,
    generate_catalog,
    is_short,
    representable,
)
from bpmn.catalog.geography import AGENCIES, CENTRES, FIELDS, UBND_XA, CentreKind, Region
from bpmn.catalog.model import (
    ARCHETYPE_STEPS,
    Archetype,
    Level,
    OnlineLevel,
    Procedure,
    TimeUnit,
)
from bpmn.errors import CatalogError

CODE = re.compile(r"^[12]\.00\d{4}(\.H36)?$")
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                        re.IGNORECASE)


@pytest.fixture(scope="module")
def catalog() -> list[Procedure]:
    return generate_catalog()


def by_field(catalog: list[Procedure], code: str) -> list[Procedure]:
    return [p for p in catalog if p.field == code]


# -- size, codes, names ---------------------------------------------------------------


def test_has_exactly_2358_procedures_sorted_by_unique_code(catalog: list[Procedure]) -> None:
    codes = [p.code for p in catalog]
    assert len(catalog) == 2358
    assert len(set(codes)) == 2358
    assert codes == sorted(codes)
    assert all(CODE.match(code) for code in codes), [c for c in codes if not CODE.match(c)]


def test_about_five_percent_are_local_variants(catalog: list[Procedure]) -> None:
    local = sum(p.code.endswith(".H36") for p in catalog)
    assert 0.04 * 2358 <= local <= 0.06 * 2358


def test_names_are_unique_vietnamese_and_never_placeholders(catalog: list[Procedure]) -> None:
    names = [p.name for p in catalog]
    assert len(set(names)) == len(names)
    assert all(VIETNAMESE.search(name) for name in names)
    assert not [n for n in names if re.search(r"Procedure \d+|Thủ tục \d+", n)]
    assert all(name[0].isupper() and "  " not in name and name == name.strip()
               for name in names)


@pytest.mark.parametrize("name", [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Cấp giấy phép xây dựng đối với công trình cấp III, IV",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của "
    "Việt Nam cấp hoặc chứng nhận",
    "Đăng ký thành lập hộ kinh doanh",
])
def test_real_procedure_names_are_in_the_catalogue(catalog: list[Procedure], name: str) -> None:
    assert name in {p.name for p in catalog}


def test_same_seed_same_catalogue_other_seed_other_catalogue(catalog: list[Procedure]) -> None:
    assert generate_catalog(36) == catalog
    other = generate_catalog(37)
    assert other != catalog
    assert len(other) == 2358
    assert {p.code for p in other} != {p.code for p in catalog}


def test_generation_takes_well_under_a_second() -> None:
    start = time.perf_counter()
    generate_catalog(5)
    assert time.perf_counter() - start < 1.0


# -- steps and times ------------------------------------------------------------------


def test_every_procedure_budgets_its_archetype_steps_exactly(catalog: list[Procedure]) -> None:
    for p in catalog:
        assert tuple(s.step for s in p.steps) == ARCHETYPE_STEPS[p.archetype], p.code
        assert all(s.budget > 0 and s.budget * 4 == int(s.budget * 4) for s in p.steps), p
        assert sum(s.budget for s in p.steps) == p.statutory_time, p.code
        assert p.statutory_time * 4 == int(p.statutory_time * 4)


def test_the_appraisal_gets_the_bulk_of_a_long_procedure(catalog: list[Procedure]) -> None:
    for p in catalog:
        if p.statutory_time >= 10 and p.archetype is not Archetype.SAME_DAY:
            budgets = {s.step: s.budget for s in p.steps}
            assert budgets["appraise"] == max(budgets.values()), p
            assert budgets["receive"] <= 0.15 * p.statutory_time, p


@pytest.mark.parametrize(("field", "low", "high"), [
    ("doanh_nghiep", 3, 3),
    ("ho_kinh_doanh", 3, 3),
    ("can_cuoc", 7, 7),
    ("thue", 3, 5),
    ("xay_dung", 15, 20),
])
def test_median_statutory_times_follow_the_design(catalog: list[Procedure], field: str,
                                                  low: float, high: float) -> None:
    times = [p.statutory_time for p in by_field(catalog, field)
             if p.time_unit is TimeUnit.WORKING_DAYS]
    assert low <= statistics.median(times) <= high


def test_civil_status_and_first_land_certificates_have_their_documented_times(
        catalog: list[Procedure]) -> None:
    named = {p.name: p for p in catalog}
    birth = named["Đăng ký khai sinh"]
    assert (birth.statutory_time, birth.time_unit, birth.archetype) == (
        1.0, TimeUnit.WORKING_DAYS, Archetype.SAME_DAY)
    first = [p for p in by_field(catalog, "dat_dai") if "lần đầu" in p.name
             and p.time_unit is TimeUnit.WORKING_DAYS]
    assert first
    assert 17 <= statistics.median(p.statutory_time for p in first) <= 30
    units = Counter(p.time_unit for p in catalog)
    assert all(units[unit] > 0 for unit in TimeUnit)


# -- shares ---------------------------------------------------------------------------


def test_level_field_and_channel_shares_look_like_an_announced_list(
        catalog: list[Procedure]) -> None:
    levels = Counter(p.level for p in catalog)
    assert 1650 <= levels[Level.PROVINCE] <= 1750
    assert 600 <= levels[Level.COMMUNE] <= 700
    full = sum(p.online_level is OnlineLevel.FULL for p in catalog) / len(catalog)
    assert 0.50 <= full <= 0.60
    inter = sum(p.inter_agency for p in catalog) / len(catalog)
    assert 0.07 <= inter <= 0.13
    fields = Counter(p.field for p in catalog)
    assert set(fields) == {f.code for f in FIELDS}
    for big in ("dat_dai", "xay_dung", "giao_duc_dao_tao", "doanh_nghiep", "ho_tich",
                "kham_chua_benh", "nguoi_co_cong", "bao_tro_xa_hoi"):
        assert fields[big] >= 40, big
    assert fields.most_common(1)[0][0] == "dat_dai"
    assert min(fields.values()) <= 10


def test_land_and_construction_inspect_and_supplement_more(catalog: list[Procedure]) -> None:
    def share(procedures: list[Procedure], kinds: set[Archetype]) -> float:
        return sum(p.archetype in kinds for p in procedures) / len(procedures)

    site = by_field(catalog, "dat_dai") + by_field(catalog, "xay_dung")
    assert share(site, {Archetype.INSPECTION}) > 1.5 * share(catalog, {Archetype.INSPECTION})
    # Among rows drawn from the field weights, the slow paths dominate on site fields.
    slow = {Archetype.INSPECTION, Archetype.SUPPLEMENT}
    drawn = {*slow, Archetype.STANDARD}
    assert share([p for p in site if p.archetype in drawn], slow) > 0.8
    assert share([p for p in catalog if p.archetype in drawn], slow) < 0.65
    desk = by_field(catalog, "doanh_nghiep") + by_field(catalog, "chung_thuc")
    assert share(desk, {Archetype.INSPECTION}) == 0


def test_fee_charging_fully_online_procedures_are_often_fee_eresult(
        catalog: list[Procedure]) -> None:
    eligible = [p for p in catalog if p.fee > 0 and p.online_level is OnlineLevel.FULL
                and not p.inter_agency and not is_short(p.statutory_time, p.time_unit)]
    share = sum(p.archetype is Archetype.FEE_ERESULT for p in eligible) / len(eligible)
    assert share > 0.45
    assert all(p.fee > 0 for p in catalog if p.archetype is Archetype.FEE_ERESULT)
    assert all(p.fee >= 0 and p.fee % 1000 == 0 for p in catalog)
    assert 0.4 < sum(p.fee == 0 for p in catalog) / len(catalog) < 0.75


# -- archetype and agency rules -------------------------------------------------------


def test_same_day_appointment_free_and_inter_agency_rules(catalog: list[Procedure]) -> None:
    for p in catalog:
        short = is_short(p.statutory_time, p.time_unit)
        assert short == (p.archetype is Archetype.SAME_DAY), p
        assert not p.appointment_free or short, p
        assert p.inter_agency == (p.archetype is Archetype.INTER_AGENCY), p
        if p.inter_agency:
            assert 2 <= len(p.partner_agencies) <= 3, p
            assert len(set(p.partner_agencies)) == len(p.partner_agencies)
            assert p.agency not in p.partner_agencies
            assert all(geography.agency(a).level is Level.PROVINCE for a in p.partner_agencies)
        else:
            assert p.partner_agencies == ()
    assert sum(p.appointment_free for p in catalog) > 20


def test_competent_agencies(catalog: list[Procedure]) -> None:
    for p in catalog:
        if p.level is Level.COMMUNE:
            assert p.agency == UBND_XA
        else:
            assert p.agency == field_spec(p.field).agency
            assert geography.agency(p.agency).level is Level.PROVINCE


def test_catalog_stats_counts_add_up(catalog: list[Procedure]) -> None:
    stats = catalog_stats(catalog)
    json.dumps(stats)  # what `motcua catalog stats --json` prints
    assert stats["total"] == 2358
    for key in ("by_level", "by_field", "by_archetype"):
        assert sum(stats[key].values()) == 2358
    assert set(stats["by_archetype"]) == {a.value for a in Archetype}
    assert stats["by_level"]["commune"] == sum(p.level is Level.COMMUNE for p in catalog)
    assert stats["by_field"]["dat_dai"] == len(by_field(catalog, "dat_dai"))


def test_field_table_adds_up_to_the_catalogue_size() -> None:
    assert sum(s.province + s.commune for s in FIELD_SPECS) == 2358
    with pytest.raises(CatalogError, match="'nope'"):
        field_spec("nope")


# -- allocate_steps and representable -------------------------------------------------


@pytest.mark.parametrize(("archetype", "total", "expected"), [
    (Archetype.SAME_DAY, 1.0, (0.25, 0.25, 0.25, 0.25)),
    (Archetype.SAME_DAY, 8.0, (1.0, 4.25, 2.0, 0.75)),
    (Archetype.INSPECTION, 1.25, (0.25, 0.25, 0.25, 0.25, 0.25)),
    (Archetype.STANDARD, 20.0, (2.25, 12.5, 3.5, 1.75)),
    (Archetype.INTER_AGENCY, 20.0, (1.75, 9.75, 4.5, 2.75, 1.25)),
    (Archetype.INSPECTION, 17.0, (1.5, 9.0, 3.25, 2.25, 1.0)),
])
def test_allocate_steps(archetype: Archetype, total: float,
                        expected: tuple[float, ...]) -> None:
    steps = allocate_steps(archetype, total)
    assert tuple(s.step for s in steps) == ARCHETYPE_STEPS[archetype]
    assert tuple(s.budget for s in steps) == expected
    assert sum(expected) == total


@pytest.mark.parametrize(("archetype", "total"), [
    (Archetype.INSPECTION, 1.0), (Archetype.STANDARD, 0.5), (Archetype.STANDARD, 2.1),
    (Archetype.STANDARD, 0.0),
])
def test_allocate_steps_refuses_what_quarters_cannot_hold(archetype: Archetype,
                                                          total: float) -> None:
    with pytest.raises(CatalogError):
        allocate_steps(archetype, total)


@pytest.mark.parametrize(("time", "unit", "archetype", "expected"), [
    (1.0, TimeUnit.WORKING_DAYS, Archetype.SAME_DAY, (1.0, TimeUnit.WORKING_DAYS)),
    (0.5, TimeUnit.WORKING_DAYS, Archetype.SAME_DAY, (4.0, TimeUnit.HOURS)),
    (1.0, TimeUnit.MONTHS, Archetype.INSPECTION, (30.0, TimeUnit.DAYS)),
    (1.0, TimeUnit.DAYS, Archetype.INTER_AGENCY, (24.0, TimeUnit.HOURS)),
])
def test_representable_moves_to_a_finer_unit_only_when_needed(
        time: float, unit: TimeUnit, archetype: Archetype,
        expected: tuple[float, TimeUnit]) -> None:
    assert representable(time, unit, archetype) == expected


def test_representable_refuses_hours_too_short_and_odd_fractions() -> None:
    with pytest.raises(CatalogError, match=r"at least 0\.25"):
        representable(0.5, TimeUnit.HOURS, Archetype.STANDARD)
    with pytest.raises(CatalogError, match=r"multiple of 0\.25"):
        representable(2.3, TimeUnit.WORKING_DAYS, Archetype.STANDARD)


# -- geography ------------------------------------------------------------------------


def test_one_provincial_and_124_commune_level_centres() -> None:
    kinds = Counter(c.kind for c in CENTRES)
    assert kinds == {CentreKind.PROVINCE: 1, CentreKind.COMMUNE: 103, CentreKind.WARD: 20,
                     CentreKind.SPECIAL_ZONE: 1}
    assert len({c.code for c in CENTRES}) == 125
    assert len({c.unit_name for c in CENTRES}) == 125
    assert all(re.match(r"^000\.\d{2}\.\d{2}\.H36$", c.code) for c in CENTRES)
    for c in CENTRES:
        assert c.name == f"Trung tâm Phục vụ hành chính công {c.unit_name}"
    units = {c.unit_name for c in CENTRES}
    for unit in ("phường Xuân Hương - Đà Lạt", "phường B'Lao", "phường Mũi Né",
                 "phường Bắc Gia Nghĩa", "xã Bảo Lâm 5", "xã Đam Rông 4",
                 "xã Nam Ban Lâm Hà", "xã D'Ran", "đặc khu Phú Quý"):
        assert unit in units
    assert Counter(c.region for c in CENTRES if c.kind is not CentreKind.PROVINCE) == {
        Region.LAM_DONG: 51, Region.DAK_NONG: 28, Region.BINH_THUAN: 45}


def test_centre_positions_weights_and_counters_are_plausible() -> None:
    local = [c for c in CENTRES if c.kind is not CentreKind.PROVINCE]
    for c in local:
        assert 10.4 <= c.lat <= 12.8, c
        assert 107.2 <= c.lon <= 109.0, c
        assert 3 <= c.counters <= 7, c
        assert c.weight > 0
    assert all(c.lat < 11.4 for c in local if c.region is Region.BINH_THUAN)
    assert all(c.lat > 11.8 and c.lon < 108.0 for c in local if c.region is Region.DAK_NONG)
    assert abs(statistics.mean(c.weight for c in local) - 1) < 0.01

    def mean(kind: CentreKind, attr: str) -> float:
        return statistics.mean(getattr(c, attr) for c in local if c.kind is kind)

    assert mean(CentreKind.WARD, "weight") > 1.3 * mean(CentreKind.COMMUNE, "weight")
    assert mean(CentreKind.WARD, "counters") > mean(CentreKind.COMMUNE, "counters")
    assert geography.PROVINCE_CENTRE.kind is CentreKind.PROVINCE


def test_agencies_cover_departments_and_every_commune() -> None:
    codes = [a.code for a in AGENCIES]
    assert len(set(codes)) == len(codes)
    names = {a.name for a in AGENCIES}
    for name in ("Sở Tư pháp", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Tài chính",
                 "Sở Nội vụ", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch",
                 "Sở Dân tộc và Tôn giáo", "Công an tỉnh", "Thuế tỉnh Lâm Đồng",
                 "Văn phòng Đăng ký đất đai tỉnh", "Bảo hiểm xã hội tỉnh Lâm Đồng"):
        assert name in names
    provincial = [a for a in AGENCIES if a.level is Level.PROVINCE]
    assert all(re.match(r"^000\.00\.\d{2}\.H36$", a.code) for a in provincial)
    for c in CENTRES:
        if c.kind is not CentreKind.PROVINCE:
            assert geography.agency(c.code).level is Level.COMMUNE
    assert geography.agency(UBND_XA).level is Level.COMMUNE
    assert {s.agency for s in FIELD_SPECS} <= {a.code for a in provincial}


def test_fields_have_ascii_codes_and_vietnamese_names() -> None:
    codes = {f.code for f in FIELDS}
    assert len(codes) == len(FIELDS)
    assert all(re.match(r"^[a-z]+(_[a-z]+)*$", f.code) for f in FIELDS)
    assert all(VIETNAMESE.search(f.name) for f in FIELDS)
    required = {
        "ho_tich", "chung_thuc", "dat_dai", "xay_dung", "doanh_nghiep", "ho_kinh_doanh",
        "thue", "lao_dong_viec_lam", "bao_tro_xa_hoi", "nguoi_co_cong", "giao_duc_dao_tao",
        "duong_bo", "tai_nguyen_nuoc", "moi_truong", "trong_trot", "lam_nghiep", "thuy_san",
        "van_hoa", "du_lich", "the_duc_the_thao", "cong_thuong", "khoa_hoc_cong_nghe",
        "noi_vu", "ton_giao", "dan_toc", "thi_dua_khen_thuong", "nha_o",
        "quy_hoach_kien_truc", "dau_tu", "tai_chinh", "phong_chay_chua_chay", "cong_chung",
        "luat_su", "thong_tin_truyen_thong",
    }
    assert required <= codes


@pytest.mark.parametrize(("lookup", "good", "bad"), [
    (geography.centre, "000.00.00.H36", "000.99.99.H36"),
    (geography.agency, "000.00.02.H36", "Sở Tư pháp"),
    (geography.field, "ho_tich", "hotich"),
])
def test_lookups_name_the_unknown_code(lookup: Callable[[str], Any], good: str,
                                       bad: str) -> None:
    assert lookup(good).code == good
    with pytest.raises(CatalogError, match=re.escape(repr(bad))):
        lookup(bad)
