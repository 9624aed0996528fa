"""CatalogService on both backends, with fake collaborators and once with the real ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, update
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype, Level, Procedure
from bpmn.errors import BpmnParseError, CatalogError
from engine.catalog.collaborators import content_hash
from engine.catalog.models import Agency, Centre, Field, ProcedureVersion, VersionStatus
from engine.catalog.models import Procedure as ProcedureRecord
from engine.catalog.services import CatalogService, NotFoundError

MakeProcedure = Callable[..., Procedure]


@dataclass(frozen=True)
class FakeFinding:
    rule: str
    element_id: str | None
    severity: str
    message: str


def fake_render(procedure: Procedure) -> bytes:
    return (
        f'<definitions id="{procedure.code}" name="{procedure.name}" '
        f'time="{procedure.statutory_time}"/>'
    ).encode()


def fake_lint(xml: bytes) -> Sequence[FakeFinding]:
    findings = []
    if b"warn" in xml:
        findings.append(FakeFinding("label-required", "Task_1", "warning", "no label"))
    if b"lint-error" in xml:
        findings.append(FakeFinding("no-start-event", None, "error", "no start event"))
    return findings


def fake_parse(xml: bytes) -> object:
    if b"unparseable" in xml:
        raise BpmnParseError("gateway has no outgoing flow", element_id="Gateway_1")
    return object()


@pytest.fixture
def service(session: Session) -> CatalogService:
    return CatalogService(session, render=fake_render, lint=fake_lint, parse=fake_parse)


@pytest.fixture
def rows(make_procedure: MakeProcedure) -> list[Procedure]:
    return [
        make_procedure("1.000001"),
        make_procedure("1.000002", archetype=Archetype.SAME_DAY, field="dat_dai"),
        make_procedure("2.000003", level=Level.COMMUNE, archetype=Archetype.INTER_AGENCY),
    ]


def _versions(session: Session, code: str) -> list[tuple[int, VersionStatus]]:
    query = (
        select(ProcedureVersion.number, ProcedureVersion.status)
        .join(ProcedureRecord)
        .where(ProcedureRecord.code == code)
        .order_by(ProcedureVersion.number)
    )
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def test_seed_reference_data_is_idempotent(service: CatalogService) -> None:
    @dataclass
    class Row:
        code: str
        name: str
        level: str = "province"
        unit_name: str = "xã Di Linh"
        kind: str = "commune"
        region: str = "highland"
        lat: float = 11.58
        lon: float = 108.07
        weight: float = 1.0
        counters: int = 4

    first = service.seed_reference_data(
        fields=[Row("ho_tich", "Hộ tịch")],
        agencies=[Row("A1", "Sở Tư pháp")],
        centres=[Row("C1", "Trung tâm xã Di Linh"), Row("C2", "Trung tâm xã Bảo Lâm")],
    )
    again = service.seed_reference_data(
        fields=[Row("ho_tich", "Hộ tịch")], agencies=[], centres=[Row("C1", "x")]
    )
    assert (first.fields, first.agencies, first.centres) == (1, 1, 2)
    assert (again.fields, again.agencies, again.centres) == (0, 0, 0)
    assert service.session.scalar(select(Centre.unit_name).where(Centre.code == "C2")) == (
        "xã Di Linh"
    )


def test_seed_reference_data_defaults_to_the_geography(service: CatalogService) -> None:
    geography = pytest.importorskip("bpmn.catalog.geography")
    report = service.seed_reference_data()
    session = service.session
    assert (
        report.fields
        == len(geography.FIELDS)
        == session.scalar(select(func.count()).select_from(Field))
    )
    assert (
        report.agencies
        == len(geography.AGENCIES)
        == session.scalar(select(func.count()).select_from(Agency))
    )
    assert report.centres == len(geography.CENTRES) > 100
    assert service.seed_reference_data().centres == 0


def test_build_inserts_published_version_one_and_is_idempotent(
    service: CatalogService, rows: list[Procedure]
) -> None:
    report = service.build(rows)
    assert (report.created, report.skipped, report.versions) == (3, 0, 3)
    version = service.published_version("1.000001")
    assert version is not None
    assert version.number == 1
    assert version.author == "catalog-generator"
    assert version.content_hash == content_hash(fake_render(rows[0]))
    assert version.bpmn_xml.encode() == fake_render(rows[0])
    assert version.format_version == 1
    again = service.build(rows)
    assert (again.created, again.skipped, again.versions) == (0, 3, 0)
    assert service.stats().versions_by_status == {"published": 3}


def test_stored_rows_read_back_equal(service: CatalogService, rows: list[Procedure]) -> None:
    service.build(rows)
    service.session.expire_all()
    assert [service.get(row.code).as_row() for row in rows] == rows


def test_created_at_is_utc_aware(service: CatalogService, rows: list[Procedure]) -> None:
    service.build(rows[:1])
    service.session.expire_all()
    version = service.published_version(rows[0].code)
    assert version is not None
    assert version.created_at.tzinfo is dt.UTC
    assert abs(dt.datetime.now(dt.UTC) - version.created_at) < dt.timedelta(minutes=5)


def test_build_refuses_repeated_codes(service: CatalogService, rows: list[Procedure]) -> None:
    with pytest.raises(CatalogError, match=r"1\.000001"):
        service.build([*rows, rows[0]])


def test_stats_are_grouped(service: CatalogService, rows: list[Procedure]) -> None:
    service.build(rows)
    stats = service.stats()
    assert stats.total == 3
    assert stats.by_level == {"commune": 1, "province": 2}
    assert stats.by_field == {"dat_dai": 1, "ho_tich": 2}
    assert stats.by_archetype == {"inter_agency": 1, "same_day": 1, "standard": 1}
    assert set(stats.as_dict()) == {
        "total",
        "by_level",
        "by_field",
        "by_archetype",
        "versions_by_status",
    }


def test_export_writes_the_stored_bytes(
    service: CatalogService, rows: list[Procedure], tmp_path: Path
) -> None:
    service.build(rows)
    report = service.export(tmp_path / "out")
    assert report.files == 3
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["1.000001.bpmn", "1.000002.bpmn", "2.000003.bpmn"]
    assert (tmp_path / "out" / "1.000002.bpmn").read_bytes() == fake_render(rows[1])
    service.export(tmp_path / "again")
    for name in files:
        assert (tmp_path / "again" / name).read_bytes() == (tmp_path / "out" / name).read_bytes()


def test_import_creates_updates_and_versions(
    service: CatalogService, rows: list[Procedure], make_procedure: MakeProcedure
) -> None:
    service.build(rows[:2])
    changed = replace(rows[0], name="Đăng ký khai sinh (sửa đổi)")
    same = rows[1]
    new = make_procedure("1.000009")
    report = service.import_procedures([changed, same, new], author="planner@lamdong")
    assert (report.created, report.updated, report.unchanged, report.versions) == (1, 1, 1, 2)
    assert _versions(service.session, changed.code) == [
        (1, VersionStatus.RETIRED),
        (2, VersionStatus.PUBLISHED),
    ]
    assert _versions(service.session, same.code) == [(1, VersionStatus.PUBLISHED)]
    assert _versions(service.session, new.code) == [(1, VersionStatus.PUBLISHED)]
    assert service.get(changed.code).name == "Đăng ký khai sinh (sửa đổi)"
    published = service.published_version(changed.code)
    assert published is not None
    assert published.author == "planner@lamdong"


def test_import_is_all_or_nothing(
    session: Session, rows: list[Procedure], make_procedure: MakeProcedure
) -> None:
    def render(procedure: Procedure) -> bytes:
        if procedure.code == "1.000099":
            raise CatalogError("1.000099: an inter-agency procedure needs 2-3 partner agencies")
        return fake_render(procedure)

    service = CatalogService(session, render=render, lint=fake_lint, parse=fake_parse)
    service.build(rows[:1])
    before = service.stats()
    batch = [
        replace(rows[0], name="changed"),
        make_procedure("1.000050"),
        make_procedure("1.000099"),
    ]
    with pytest.raises(CatalogError, match=r"1\.000099: an inter-agency"):
        service.import_procedures(batch, author="x")
    assert service.stats() == before
    session.expire_all()
    assert service.get(rows[0].code).name == rows[0].name


def test_validate_reports_findings_and_failures(
    session: Session, make_procedure: MakeProcedure
) -> None:
    service = CatalogService(session, render=fake_render, lint=fake_lint, parse=fake_parse)
    service.build(
        [
            make_procedure("1.000001", name="ok"),
            make_procedure("1.000002", name="warn"),
            make_procedure("1.000003", name="warn lint-error"),
            make_procedure("1.000004", name="unparseable"),
        ]
    )
    calls: list[tuple[int, int]] = []
    report = service.validate(progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert (report.total, report.parsed) == (4, 3)
    assert report.findings == {"label-required": {"warning": 2}, "no-start-event": {"error": 1}}
    assert [(f.code, f.rule, f.element_id) for f in report.failures] == [
        ("1.000003", "no-start-event", None),
        ("1.000004", "parse", "Gateway_1"),
    ]
    assert not report.ok
    assert report.as_dict()["ok"] is False


def test_drafts_publish_and_retire(service: CatalogService, rows: list[Procedure]) -> None:
    service.build(rows[:1])
    code = rows[0].code
    draft = service.save_draft(code, b"<definitions id='edited'/>", author="planner")
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    service.publish(code, 2)
    assert _versions(service.session, code) == [
        (1, VersionStatus.RETIRED),
        (2, VersionStatus.PUBLISHED),
    ]
    with pytest.raises(CatalogError, match="only a draft"):
        service.publish(code, 1)


def test_unknown_codes_are_lookup_errors(service: CatalogService) -> None:
    with pytest.raises(NotFoundError, match=r"9\.999999") as caught:
        service.get("9.999999")
    assert isinstance(caught.value, LookupError)
    with pytest.raises(NotFoundError):
        service.version("9.999999", 1)


def test_real_generator_linter_and_parser(session: Session, make_procedure: MakeProcedure) -> None:
    """The real collaborators end to end, one procedure per archetype."""
    pytest.importorskip("bpmn.generator")
    pytest.importorskip("bpmn.lint")
    pytest.importorskip("bpmn.parsing")
    service = CatalogService(session)
    rows = [make_procedure(f"1.00010{i}", archetype=a) for i, a in enumerate(Archetype)]
    assert service.build(rows).created == len(Archetype)
    report = service.validate()
    assert report.total == report.parsed == len(Archetype)
    assert report.ok, report.failures


def test_a_procedure_with_its_published_version_is_one_query_without_the_diagram(
    service: CatalogService, rows: list[Procedure], session: Session,
) -> None:
    service.build(rows)
    session.expunge_all()
    procedure, version = service.with_published_version("1.000001")
    assert procedure.code == "1.000001"
    assert version is not None
    assert version.number == 1
    assert "bpmn_xml" not in inspect(version).dict  # read only when asked for
    assert version.bpmn_xml.encode() == fake_render(rows[0])
    session.execute(update(ProcedureVersion).values(status=VersionStatus.DRAFT))
    session.expunge_all()
    assert service.with_published_version("1.000001")[1] is None
    with pytest.raises(NotFoundError, match=r"9\.999999"):
        service.with_published_version("9.999999")
