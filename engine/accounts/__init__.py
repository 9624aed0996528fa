"""Accounts: users with roles and units, password logins, API tokens, and the
authorization rules every dossier action goes through.

- :mod:`~engine.accounts.models`: users, their roles and units, API tokens;
- :mod:`~engine.accounts.passwords`: scrypt hashing (standard library) and password rules;
- :mod:`~engine.accounts.services`: :class:`AccountService` (users, logins with lockout,
  tokens);
- :mod:`~engine.accounts.policy`: :class:`Principal` and :class:`Policy` (the rules);
- :mod:`~engine.accounts.guarded`: ``AuthorizedDossiers``, the dossier service behind
  those rules (imported from there: it loads SpiffWorkflow, which logins do not need).

No Flask here (the API's side is :mod:`api.auth`): jobs and commands use the same rules.
"""

from engine.accounts.errors import (
    AccessDenied,
    AccountError,
    AccountNotFound,
    AccountValidationError,
    InvalidCredentials,
    NotAuthenticated,
)
from engine.accounts.models import ApiToken, Role, User
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.policy import DEFAULT_POLICY, Decision, Policy, Principal
from engine.accounts.services import AccountService, Lockout

__all__ = [
    "DEFAULT_POLICY",
    "AccessDenied",
    "AccountError",
    "AccountNotFound",
    "AccountService",
    "AccountValidationError",
    "ApiToken",
    "Decision",
    "InvalidCredentials",
    "Lockout",
    "NotAuthenticated",
    "PasswordHasher",
    "Policy",
    "Principal",
    "Role",
    "ScryptParams",
    "User",
]
