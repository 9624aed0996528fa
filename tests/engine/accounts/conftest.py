"""Fixtures of the account tests: the dossier fixtures (reused from the dossier tests, whose
conftest is not visible from this folder) and an account service with a short lockout."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from engine.accounts.services import AccountService, Lockout
from engine.dossiers.clock import FixedClock
from tests.engine.accounts.support import FAST
from tests.engine.dossiers.conftest import (  # noqa: F401 - fixtures, registered by import
    calendar,
    clock,
    publish,
    service,
    specs,
)


@pytest.fixture
def accounts(session: Session, clock: FixedClock) -> AccountService:  # noqa: F811
    return AccountService(session, clock=clock, hasher=FAST,
                          lockout=Lockout(3, dt.timedelta(minutes=15),
                                          dt.timedelta(minutes=15)))
