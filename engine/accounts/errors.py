"""Exceptions of accounts, authentication and authorization (the ``AccountError`` branch).

The branch (the root is :mod:`bpmn.errors`)::

    MotcuaError
    └── AccountError                an account, login, token or permission problem
        ├── NotAuthenticated        no valid credentials were presented (the API: 401 with
        │   │                       ``WWW-Authenticate: Bearer``)
        │   └── InvalidCredentials  a login failed: unknown user, wrong password, inactive
        │                           or locked account, all with one message so that a
        │                           login attempt cannot tell which
        ├── AccessDenied            authenticated, but a role or a unit is missing (403;
        │                           also a ``PermissionError``); names what is missing
        ├── AccountNotFound         no user or token has this name or id (404; also a
        │                           ``LookupError``)
        └── AccountValidationError  a username, role, unit, password or token lifetime is
                                    not acceptable (422; also a ``ValueError``)

Messages say what to do next. They never echo a password or a token.
"""

from __future__ import annotations

from collections.abc import Iterable

from bpmn.errors import MotcuaError

__all__ = [
    "AccessDenied",
    "AccountError",
    "AccountNotFound",
    "AccountValidationError",
    "InvalidCredentials",
    "NotAuthenticated",
]


class AccountError(MotcuaError):
    """An account, login, token or permission problem."""


class NotAuthenticated(AccountError):
    """No valid credentials: log in, or send ``Authorization: Bearer <token>``.

    ``bearer_error`` is the RFC 6750 error code for the ``WWW-Authenticate`` header
    (``invalid_token`` when a token was sent but is unknown, expired or revoked).
    """

    def __init__(self, message: str, *, bearer_error: str | None = None) -> None:
        super().__init__(message)
        self.bearer_error = bearer_error


class InvalidCredentials(NotAuthenticated):
    """A username and password did not log in (which part was wrong is not said)."""


class AccessDenied(AccountError, PermissionError):
    """The principal is known but lacks a role, a unit or both for this action.

    ``roles`` are the roles any one of which would allow the action, ``unit`` the unit
    the principal must belong to (None when the action is not tied to a unit).
    """

    def __init__(self, message: str, *, roles: Iterable[str] = (),
                 unit: str | None = None) -> None:
        super().__init__(message)
        self.roles = tuple(roles)
        self.unit = unit


class AccountNotFound(AccountError, LookupError):
    """No user or token has the requested name or id."""


class AccountValidationError(AccountError, ValueError):
    """A username, role, unit, password or token lifetime is not acceptable."""
