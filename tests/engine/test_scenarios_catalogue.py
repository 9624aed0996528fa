"""Province simulations compile from the database's published catalogue."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

import simulations.jobs
from bpmn.catalog.model import Archetype
from engine.catalog.services import CatalogService
from engine.scenarios.catalogue import published_catalogue
from tests.engine.dossiers.conftest import catalog_row

YEAR = {"horizon": {"start": "2026-03-02", "end": "2026-03-13"}}


def _factory(connection: Connection) -> sessionmaker[Session]:
    return sessionmaker(bind=connection, join_transaction_mode="create_savepoint")


def _catalogue(session: Session) -> CatalogService:
    catalog = CatalogService(session)
    catalog.build([catalog_row(Archetype.STANDARD, code="1.000010", commune=True),
                   catalog_row(Archetype.INSPECTION, code="2.000020")])  # fmt: skip
    session.flush()
    return catalog


def test_an_empty_catalogue_leaves_the_generated_one(
    session: Session, connection: Connection
) -> None:
    assert published_catalogue(session, _factory(connection)) is None


def test_the_published_rows_and_diagrams_are_read(session: Session, connection: Connection) -> None:
    catalog = _catalogue(session)
    found = published_catalogue(session, _factory(connection))
    assert found is not None
    key, load = found
    rows, diagrams = load()
    assert sorted(r.code for r in rows) == ["1.000010", "2.000020"]
    published = catalog.published_version("1.000010")
    assert published is not None
    assert diagrams["1.000010"] == published.bpmn_xml.encode("utf-8")
    again = published_catalogue(session, _factory(connection))
    assert again is not None
    assert again[0] == key


def test_publishing_a_version_changes_what_is_compiled(
    session: Session, connection: Connection
) -> None:
    catalog = _catalogue(session)
    first = published_catalogue(session, _factory(connection))
    assert first is not None
    old = catalog.published_version("1.000010")
    assert old is not None
    edited = old.bpmn_xml.replace("Thẩm định hồ sơ", "Thẩm định hồ sơ (bản sửa)").encode()
    draft = catalog.save_draft("1.000010", edited, author="planner")
    catalog.publish("1.000010", draft.number)
    session.flush()
    second = published_catalogue(session, _factory(connection))
    assert second is not None
    assert second[0] != first[0]
    assert second[1]()[1]["1.000010"] == edited


def test_the_model_is_compiled_once_per_catalogue_state(
    session: Session, connection: Connection
) -> None:
    _catalogue(session)
    found = published_catalogue(session, _factory(connection))
    assert found is not None
    key, load = found
    calls = []

    def counting() -> simulations.jobs.Published:
        calls.append(1)
        return load()

    document = {**YEAR, "name": f"two procedures {uuid.uuid4()}"}  # not cached by another test
    model = simulations.jobs.compiled_model(document, catalogue=(key, counting))
    assert sorted(model.network.process_names) == ["1.000010", "2.000020"]
    simulations.jobs.compiled_model(document, catalogue=(key, counting))
    assert len(calls) == 1
    simulations.jobs.compiled_model(document, catalogue=(key + "-new", counting))
    assert len(calls) == 2
