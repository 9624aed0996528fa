"""Who is calling: the principal of each request, from a bearer token or a session cookie.

Two ways in, checked by :func:`load_principal` before every request:

- ``Authorization: Bearer <token>`` (scripts, integrations): the token is resolved by
  :class:`~engine.accounts.services.AccountService`; an unknown, expired or revoked token
  is a 401 at once, whatever the endpoint. The cookie is then ignored entirely, which is
  why bearer requests need no CSRF token: a cross-site page cannot set this header.
- The session cookie (the web UI): Flask's signed cookie (``SECRET_KEY``) holding the user
  id, the user's ``session_epoch`` and a CSRF token. It is HttpOnly, SameSite=Lax, Secure
  unless ``AUTH_COOKIE_SECURE`` is off (plain-HTTP development), and expires after
  ``AUTH_SESSION_HOURS`` (the signature's timestamp is checked, not only the browser's
  expiry). Unsafe methods (POST, PUT, PATCH, DELETE) must echo the CSRF token in the
  ``X-CSRF-Token`` header. A cookie whose epoch is behind the user's (logout, password
  change) or whose user is inactive counts as no cookie, and needs no CSRF token: it
  carries no authority (so a stale cookie never blocks a new login).

Loading happens at the start of the request, in the request's session: a bearer token is
one query (token, user, roles and units), and commits at once only when the token's
``last_used_at`` moved (at most once a minute), before the view has written anything;
otherwise the view goes on in the same transaction and connection. Roles and units are
read on every request, so a change applies to the next one.
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, g, request, session

from api.auth.ratelimit import SlidingWindow
from api.errors import TYPE_PREFIX, problem, register_status
from api.extensions import SAFE_METHODS, get_session
from api.jobs import CLOCK_KEY
from engine.accounts.errors import (
    AccessDenied,
    AccountValidationError,
    InvalidCredentials,
    NotAuthenticated,
)
from engine.accounts.models import User
from engine.accounts.passwords import PasswordHasher
from engine.accounts.policy import DEFAULT_POLICY, Policy, Principal
from engine.accounts.services import AccountService, Lockout
from engine.dossiers.clock import Clock, SystemClock

__all__ = [
    "CSRF_HEADER",
    "AuthState",
    "CsrfError",
    "accounts",
    "auth_method",
    "auth_state",
    "clock",
    "current_principal",
    "current_user",
    "init_auth",
    "load_principal",
    "optional_principal",
]

EXTENSION_KEY = "motcua.auth"
CSRF_HEADER = "X-CSRF-Token"
SESSION_COOKIE = "motcua_session"
REALM = "motcua"
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}
LOGIN_HINT = ("log in with POST /api/v1/auth/login, or send 'Authorization: Bearer <token>' "
              "(tokens: POST /api/v1/auth/tokens or `motcua users token`)")


class CsrfError(AccessDenied):
    """A cookie-authenticated unsafe request lacked the session's CSRF token."""


@dataclass
class AuthState:
    """What the app's authentication keeps: the hasher, the lockout and rate limits, and
    the policy views hand to ``AuthorizedDossiers``. Tests swap the hasher for a cheap one
    and the limiters for tight ones."""

    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    lockout: Lockout = field(default_factory=Lockout)
    policy: Policy = DEFAULT_POLICY
    per_user: SlidingWindow = field(default_factory=lambda: SlidingWindow(10, 300))
    per_address: SlidingWindow = field(default_factory=lambda: SlidingWindow(100, 300))


def _flag(key: str, value: Any) -> bool:
    """A boolean setting that may come from the environment as a string."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in _TRUE | _FALSE:
        raise ValueError(f"{key}={value!r}: use 1/0, true/false, yes/no or on/off")
    return text in _TRUE


def init_auth(app: Flask) -> AuthState:
    """Configure the session cookie, map the account errors, load principals per request."""
    hours = float(app.config.get("AUTH_SESSION_HOURS", 12))
    app.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_flag("AUTH_COOKIE_SECURE", app.config.get("AUTH_COOKIE_SECURE",
                                                                          True)),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=hours),
    )
    state = AuthState()
    app.extensions[EXTENSION_KEY] = state
    register_status(NotAuthenticated, 401)
    register_status(AccessDenied, 403)
    register_status(AccountValidationError, 422)
    app.register_error_handler(NotAuthenticated, _unauthenticated)
    app.register_error_handler(AccessDenied, _denied)
    app.before_request(load_principal)
    return state


def auth_state() -> AuthState:
    state: AuthState = current_app.extensions[EXTENSION_KEY]
    return state


def clock() -> Clock:
    found: Clock | None = current_app.extensions.get(CLOCK_KEY)
    return found or SystemClock()


def accounts() -> AccountService:
    """The account service over the request's session."""
    state = auth_state()
    return AccountService(get_session(), clock=clock(), hasher=state.hasher,
                          lockout=state.lockout)


# -- per request ---------------------------------------------------------------------------


def load_principal() -> None:
    """Set ``g.motcua_principal`` (or leave it None) from the request's credentials."""
    g.motcua_principal, g.motcua_user, g.motcua_auth = None, None, None
    header = request.headers.get("Authorization")
    if header is not None:
        _from_bearer(header)
    elif request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) and session.get("uid"):
        # Checking the cookie first: touching ``session`` adds ``Vary: Cookie`` to the
        # response, which public, cacheable answers (the catalogue) should not carry.
        _from_cookie()


def _from_bearer(header: str) -> None:
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("the Authorization header must be 'Bearer <token>'",
                               bearer_error="invalid_request")
    service = accounts()
    resolved = service.resolve_token(token.strip())
    if resolved is None:
        raise NotAuthenticated("the bearer token is unknown, expired or revoked; create a "
                               "new one (POST /api/v1/auth/tokens or `motcua users token`)",
                               bearer_error="invalid_token")
    if resolved.touched:
        # last_used_at, before the view writes anything. Only then: a commit hands the
        # connection back to the pool, and the view's first query would check it out again.
        service.session.commit()
    # the user's row is read only if a view asks for it (current_user)
    g.motcua_user, g.motcua_principal, g.motcua_auth = None, resolved.principal, "token"


def _from_cookie() -> None:
    user = get_session().get(User, session.get("uid"))
    if user is None or not user.active or session.get("epoch") != user.session_epoch:
        session.clear()  # logged out elsewhere, password changed, or deactivated
        return
    if request.method not in SAFE_METHODS and not _csrf_exempt():
        expected = session.get("csrf")
        sent = request.headers.get(CSRF_HEADER, "")
        # Bytes: compare_digest refuses non-ASCII str, and a header may hold anything.
        if not isinstance(expected, str) or not hmac.compare_digest(
                sent.encode("utf-8", "surrogateescape"), expected.encode("ascii")):
            raise CsrfError(f"this request is authenticated by the session cookie, so it must "
                            f"send the {CSRF_HEADER} header with the csrf_token returned by "
                            "POST /api/v1/auth/login or GET /api/v1/auth/me (missing or "
                            "wrong here)")
    _set(user, "session")


def _csrf_exempt() -> bool:
    """True for views declaring ``csrf_exempt = True``: only the login, which uses no
    authority of the cookie (it replaces the session) and takes JSON only, which a
    cross-site form cannot send."""
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(getattr(view, "view_class", view), "csrf_exempt", False))


def _set(user: User, method: str) -> None:
    g.motcua_user, g.motcua_principal, g.motcua_auth = user, Principal.of(user), method


def optional_principal() -> Principal | None:
    principal: Principal | None = g.get("motcua_principal")
    return principal


def current_principal() -> Principal:
    """The principal of this request, or :class:`NotAuthenticated` (401)."""
    principal = optional_principal()
    if principal is None:
        raise NotAuthenticated(f"this needs a logged-in user: {LOGIN_HINT}")
    return principal


def current_user() -> User:
    """The authenticated user's row, in the request's session (read now for a bearer
    token, whose resolution reads no row)."""
    principal = current_principal()
    user: User | None = g.motcua_user
    if user is None:
        user = g.motcua_user = get_session().get_one(User, principal.user_id)
    return user


def auth_method() -> str | None:
    """``"session"``, ``"token"`` or None (anonymous)."""
    method: str | None = g.get("motcua_auth")
    return method


# -- errors --------------------------------------------------------------------------------


def _unauthenticated(error: NotAuthenticated) -> Response:
    challenge = f'Bearer realm="{REALM}"'
    if error.bearer_error:
        challenge += f', error="{error.bearer_error}"'
    kind = "invalid-credentials" if isinstance(error, InvalidCredentials) else (
        "not-authenticated")
    return problem(401, str(error), type_=f"{TYPE_PREFIX}{kind}",
                   headers={"WWW-Authenticate": challenge})


def _denied(error: AccessDenied) -> Response:
    kind = "csrf" if isinstance(error, CsrfError) else "access-denied"
    return problem(403, str(error), type_=f"{TYPE_PREFIX}{kind}",
                   required_roles=list(error.roles) or None, unit=error.unit)
