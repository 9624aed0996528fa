"""Fixtures shared by the account tests: a fast hasher, a dossier service over the
dossier fixtures' helpers, and an account service with a short lockout."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bpmn.catalog.model import Archetype
from engine.accounts.services import AccountService, Lockout
from engine.catalog.models import Procedure
from engine.catalog.services import CatalogService
from engine.dossiers.clock import FixedClock
from engine.dossiers.services import DossierService
from tests.engine.accounts.support import (
    FAST,
    SPECS,
    calendar_2025_2027,
)
from tests.engine.dossiers.conftest import (
    RECEIVED,
    Publish,
    catalog_row,
)


# The dossier fixtures of tests/engine/dossiers/conftest.py, over its helpers (a conftest's
# fixtures are not visible from this folder).
@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(RECEIVED)


@pytest.fixture
def service(session: Session, clock: FixedClock) -> DossierService:
    return DossierService(session, clock=clock, calendar=calendar_2025_2027(), specs=SPECS)


@pytest.fixture
def publish(session: Session) -> Publish:
    def make(archetype: Archetype, **options: Any) -> Procedure:
        row = catalog_row(archetype, **options)
        CatalogService(session).build([row])
        return CatalogService(session).get(row.code)

    return make


@pytest.fixture
def accounts(session: Session, clock: FixedClock) -> AccountService:
    return AccountService(session, clock=clock, hasher=FAST,
                          lockout=Lockout(3, dt.timedelta(minutes=15),
                                          dt.timedelta(minutes=15)))


