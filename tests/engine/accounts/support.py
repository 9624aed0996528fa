"""Constants and helpers shared by the account tests."""

from __future__ import annotations

from engine.accounts.passwords import PasswordHasher, ScryptParams
from tests.bpmn.factories import PARTNERS

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))  # tests only: the rules, not the cost
GOOD = "rừng thông Đà Lạt 1975"
AGENCY = "000.00.33.H36"  # the competent agency of the test procedures
OTHER_CENTRE, OTHER_AGENCY, PARTNER = "000.21.05.H36", "000.00.10.H36", PARTNERS[0]
