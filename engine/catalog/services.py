"""The catalogue service: loads reference data and procedures, versions their diagrams.

Unit of work: :class:`CatalogService` only ever ``flush``-es. The caller owns the
transaction and commits once the whole operation succeeded (a view after its response is
built, a CLI command at its end, a job when it finishes). That keeps a multi-step
operation, e.g. "seed, then build", atomic, and lets tests run every call inside a
rolled-back transaction. :meth:`CatalogService.import_procedures` additionally runs in a
savepoint, so a failed import leaves nothing behind even when the caller's transaction
goes on.

Collaborators are injected (``render``, ``lint``, ``parse``; see
:mod:`engine.catalog.collaborators`); the default renderer is the real generator, fed with
the agency names stored in the database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import String, and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session, defer

from bpmn.catalog.model import Procedure as CatalogRow
from bpmn.errors import CatalogError, ProcedureError
from engine.catalog.collaborators import (
    AgencyLike,
    CentreLike,
    FieldLike,
    Linter,
    Parser,
    Progress,
    Renderer,
    content_hash,
    default_lint,
    default_parse,
)
from engine.catalog.models import (
    Agency,
    Centre,
    Field,
    Procedure,
    ProcedureVersion,
    VersionStatus,
    procedure_columns,
)
from engine.catalog.reports import (
    BuildReport,
    CatalogStats,
    ExportReport,
    ImportReport,
    SeedReport,
    ValidationFailure,
    ValidationReport,
)
from engine.db import utcnow

__all__ = ["DIAGRAM_FORMAT", "CatalogService", "NotFoundError"]

#: Version of the diagram conventions (``bpmn`` package docstring) stored with each version.
DIAGRAM_FORMAT = 1


_BATCH = 200  # diagrams rendered and inserted per statement by a catalogue build

#: The query of :meth:`CatalogService.with_published_version`, built once: every
#: reception runs it, and building it (a join, a condition, an option) cost more than
#: running it.
_WITH_PUBLISHED = (
    select(Procedure, ProcedureVersion)
    .outerjoin(ProcedureVersion, and_(
        ProcedureVersion.procedure_id == Procedure.id,
        ProcedureVersion.status == VersionStatus.PUBLISHED))
    .where(Procedure.code == bindparam("code", type_=String))
    .options(defer(ProcedureVersion.bpmn_xml)))


class NotFoundError(CatalogError, LookupError):
    """A procedure or version code that is not in the catalogue (the API answers 404)."""


class CatalogService:
    """Reads and writes the catalogue in ``session``; never commits (see module docstring)."""

    def __init__(
        self,
        session: Session,
        *,
        render: Renderer | None = None,
        lint: Linter = default_lint,
        parse: Parser = default_parse,
    ) -> None:
        self.session = session
        self._render = render
        self._lint = lint
        self._parse = parse

    # -- reference data ---------------------------------------------------------------

    def seed_reference_data(
        self,
        *,
        fields: Iterable[FieldLike] | None = None,
        agencies: Iterable[AgencyLike] | None = None,
        centres: Iterable[CentreLike] | None = None,
    ) -> SeedReport:
        """Insert the fields, agencies and centres that are missing (by code).

        Defaults to :mod:`bpmn.catalog.geography`. Existing rows are left alone, so running
        it again (``motcua setup`` does on every start) inserts nothing.
        """
        if fields is None or agencies is None or centres is None:
            from bpmn.catalog import geography  # noqa: PLC0415 - optional default data

            fields = geography.FIELDS if fields is None else fields
            agencies = geography.AGENCIES if agencies is None else agencies
            centres = geography.CENTRES if centres is None else centres
        return SeedReport(
            fields=self._insert_missing(Field, fields, ("code", "name")),
            agencies=self._insert_missing(Agency, agencies, ("code", "name", "level")),
            centres=self._insert_missing(
                Centre,
                centres,
                ("code", "name", "unit_name", "kind", "region", "lat", "lon", "weight", "counters"),
            ),
        )

    def _insert_missing(
        self, model: type[Field | Agency | Centre], items: Iterable[FieldLike], names: Sequence[str]
    ) -> int:
        existing = set(self.session.scalars(select(model.code)))
        rows: dict[str, dict[str, Any]] = {}
        for item in items:
            if item.code not in existing:
                rows[item.code] = {name: getattr(item, name) for name in names}
        if rows:
            self.session.execute(insert(model), list(rows.values()))
        return len(rows)

    # -- building and importing -------------------------------------------------------

    def build(
        self, procedures: Iterable[CatalogRow], *, author: str = "catalog-generator"
    ) -> BuildReport:
        """Insert the procedures not yet in the catalogue, each with published version 1.

        Procedures whose code exists are skipped untouched (use :meth:`import_procedures`
        to update them), so building twice changes nothing. Rows go in with bulk
        ``INSERT``\\ s, one per table.
        """
        rows = _unique(procedures)
        existing = set(self.session.scalars(select(Procedure.code)))
        new = [row for row in rows if row.code not in existing]
        self._insert_new(new, author)
        return BuildReport(created=len(new), skipped=len(rows) - len(new), versions=len(new))

    def import_procedures(self, procedures: Iterable[CatalogRow], *, author: str) -> ImportReport:
        """Create or update procedures; all or nothing (inside a savepoint).

        New codes get published version 1. Existing ones get their columns updated and,
        when the rendered XML differs from the published diagram, a new published version
        while the old one is retired. A planner's hand-edited diagram is thus replaced by
        the rendering of the imported row: an import states what the procedure is now.
        """
        rows = _unique(procedures)
        with self.session.begin_nested():
            codes = [row.code for row in rows]
            known = {
                procedure.code: procedure
                for procedure in self.session.scalars(
                    select(Procedure).where(Procedure.code.in_(codes))
                )
            }
            self._insert_new([row for row in rows if row.code not in known], author)
            changed = unchanged = 0
            for row in rows:
                procedure = known.get(row.code)
                if procedure is None:
                    continue
                for name, value in procedure_columns(row).items():
                    setattr(procedure, name, value)
                if self._publish_rendering(procedure, self._render_row(row), author):
                    changed += 1
                else:
                    unchanged += 1
            self.session.flush()
        created = len(rows) - len(known)
        return ImportReport(
            created=created, updated=changed, unchanged=unchanged, versions=created + changed
        )

    def _insert_new(self, rows: Sequence[CatalogRow], author: str) -> None:
        if not rows:
            return
        self.session.execute(insert(Procedure), [procedure_columns(row) for row in rows])
        query = select(Procedure.code, Procedure.id).where(
            Procedure.code.in_([row.code for row in rows])
        )
        ids = {code: id_ for code, id_ in self.session.execute(query)}
        now = utcnow()
        # Diagrams are rendered and inserted a batch at a time: holding all 2,358 rendered
        # files at once more than doubled the peak memory of a catalogue build.
        for start in range(0, len(rows), _BATCH):
            versions = []
            for row in rows[start : start + _BATCH]:
                xml = self._render_row(row)
                versions.append(
                    {
                        "procedure_id": ids[row.code],
                        "number": 1,
                        "bpmn_xml": _text(xml, row.code),
                        "content_hash": content_hash(xml),
                        "status": VersionStatus.PUBLISHED,
                        "author": author,
                        "created_at": now,
                        "format_version": DIAGRAM_FORMAT,
                    }
                )
            self.session.execute(insert(ProcedureVersion), versions)

    def _publish_rendering(self, procedure: Procedure, xml: bytes, author: str) -> bool:
        current = self.published_version(procedure.code)
        digest = content_hash(xml)
        if current is not None and current.content_hash == digest:
            return False
        version = self._new_version(procedure, xml, author, VersionStatus.DRAFT)
        self.publish(procedure.code, version.number)
        return True

    # -- versions ---------------------------------------------------------------------

    def get(self, code: str) -> Procedure:
        """The procedure ``code``; :class:`NotFoundError` names the code when it is absent."""
        procedure = self.session.scalar(select(Procedure).where(Procedure.code == code))
        if procedure is None:
            raise NotFoundError(f"procedure {code!r} is not in the catalogue")
        return procedure

    def published_version(self, code: str) -> ProcedureVersion | None:
        """The version new dossiers of ``code`` run on (None if none is published)."""
        return self.session.scalar(
            select(ProcedureVersion)
            .join(Procedure)
            .where(Procedure.code == code, ProcedureVersion.status == VersionStatus.PUBLISHED)
        )

    def with_published_version(self, code: str) -> tuple[Procedure, ProcedureVersion | None]:
        """:meth:`get` and :meth:`published_version` in one query, the version's diagram
        left unread until asked for (a reception needs it only when the spec cache has
        not parsed it yet)."""
        found = self.session.execute(_WITH_PUBLISHED, {"code": code}).first()
        if found is None:
            raise NotFoundError(f"procedure {code!r} is not in the catalogue")
        return found[0], found[1]

    def version(self, code: str, number: int) -> ProcedureVersion:
        version = self.session.scalar(
            select(ProcedureVersion)
            .join(Procedure)
            .where(Procedure.code == code, ProcedureVersion.number == number)
        )
        if version is None:
            raise NotFoundError(f"procedure {code!r} has no version {number}")
        return version

    def save_draft(self, code: str, xml: bytes, *, author: str) -> ProcedureVersion:
        """Store a planner's diagram as the next draft version of ``code``."""
        return self._new_version(self.get(code), xml, author, VersionStatus.DRAFT)

    def publish(self, code: str, number: int) -> ProcedureVersion:
        """Publish draft ``number`` of ``code`` and retire the version published before.

        Only drafts can be published: a retired version stays retired so that the history
        reads in order; to go back, save the old XML as a new draft.
        """
        version = self.version(code, number)
        if version.status is not VersionStatus.DRAFT:
            raise CatalogError(
                f"version {number} of {code} is {version.status}; only a draft can be published"
            )
        self.session.execute(
            update(ProcedureVersion)
            .where(
                ProcedureVersion.procedure_id == version.procedure_id,
                ProcedureVersion.status == VersionStatus.PUBLISHED,
            )
            .values(status=VersionStatus.RETIRED)
            .execution_options(synchronize_session="fetch")
        )
        version.status = VersionStatus.PUBLISHED
        self.session.flush()
        return version

    def _new_version(
        self, procedure: Procedure, xml: bytes, author: str, status: VersionStatus
    ) -> ProcedureVersion:
        last = self.session.scalar(
            select(func.max(ProcedureVersion.number)).where(
                ProcedureVersion.procedure_id == procedure.id
            )
        )
        version = ProcedureVersion(
            procedure_id=procedure.id,
            number=(last or 0) + 1,
            bpmn_xml=_text(xml, procedure.code),
            content_hash=content_hash(xml),
            status=status,
            author=author,
            created_at=utcnow(),
            format_version=DIAGRAM_FORMAT,
        )
        self.session.add(version)
        self.session.flush()
        return version

    # -- reading the whole catalogue --------------------------------------------------

    def stats(self) -> CatalogStats:
        """Counts by level, field and archetype, computed by the database."""
        return CatalogStats(
            total=self.session.scalar(select(func.count()).select_from(Procedure)) or 0,
            by_level=self._count_by(Procedure.level),
            by_field=self._count_by(Procedure.field),
            by_archetype=self._count_by(Procedure.archetype),
            versions_by_status=self._count_by(ProcedureVersion.status),
        )

    def _count_by(self, column: Any) -> dict[str, int]:
        rows = self.session.execute(select(column, func.count()).group_by(column))
        return {str(key): count for key, count in sorted(rows, key=lambda r: str(r[0]))}

    def validate(self, *, progress: Progress | None = None) -> ValidationReport:
        """Lint and parse every published diagram; errors are listed, warnings counted."""
        published = ProcedureVersion.status == VersionStatus.PUBLISHED
        total = self.session.scalar(select(func.count()).where(published)) or 0
        findings: Counter[tuple[str, str]] = Counter()
        failures: list[ValidationFailure] = []
        done = 0
        for code, number, text in self._published_xml():
            failures += self._check(code, number, text.encode("utf-8"), findings)
            done += 1
            if progress is not None:
                progress(done, total)
        unparsed = sum(1 for failure in failures if failure.rule == "parse")
        return ValidationReport(done, done - unparsed, _nest(findings), failures)

    def _check(
        self, code: str, number: int, xml: bytes, findings: Counter[tuple[str, str]]
    ) -> list[ValidationFailure]:
        failures = []
        for finding in self._lint(xml):
            findings[finding.rule, str(finding.severity)] += 1
            if str(finding.severity) == "error":
                failures.append(
                    ValidationFailure(
                        code, number, finding.rule, finding.element_id, finding.message
                    )
                )
        try:
            self._parse(xml)
        except ProcedureError as error:
            failures.append(ValidationFailure(code, number, "parse", error.element_id, str(error)))
        return failures

    def export(self, directory: Path) -> ExportReport:
        """Write ``<code>.bpmn`` for every published diagram, exactly the stored bytes."""
        directory.mkdir(parents=True, exist_ok=True)
        files = 0
        for code, _number, text in self._published_xml():
            (directory / f"{code.replace('/', '_')}.bpmn").write_bytes(text.encode("utf-8"))
            files += 1
        return ExportReport(directory=directory, files=files)

    def _published_xml(self) -> Iterable[tuple[str, int, str]]:
        query = (
            select(Procedure.code, ProcedureVersion.number, ProcedureVersion.bpmn_xml)
            .join(ProcedureVersion.procedure)
            .where(ProcedureVersion.status == VersionStatus.PUBLISHED)
            .order_by(Procedure.code)
            .execution_options(yield_per=200)
        )
        return self.session.execute(query)

    def _render_row(self, row: CatalogRow) -> bytes:
        """Render ``row``; the generator raises :class:`CatalogError` for rows it refuses."""
        return self._renderer()(row)

    def _renderer(self) -> Renderer:
        """The injected renderer, or the real one with agency names from the database."""
        if self._render is None:
            from bpmn.generator import render  # noqa: PLC0415 - see the module docstring

            query = select(Agency.code, Agency.name)
            names: Mapping[str, str] = {code: name for code, name in self.session.execute(query)}
            self._render = lambda row: render(row, names)
        return self._render


def _unique(procedures: Iterable[CatalogRow]) -> list[CatalogRow]:
    rows = list(procedures)
    repeated = sorted(code for code, n in Counter(r.code for r in rows).items() if n > 1)
    if repeated:
        raise CatalogError(f"procedure codes repeated in one batch: {', '.join(repeated[:10])}")
    return rows


def _text(xml: bytes, code: str) -> str:
    try:
        return xml.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProcedureError(f"the diagram of {code} is not UTF-8: {error}") from error


def _nest(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for (rule, severity), count in sorted(counts.items()):
        nested.setdefault(rule, {})[severity] = count
    return nested
