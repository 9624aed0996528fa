"""``/api/v1/auth``: log in and out (session cookie), who am I, personal API tokens.

Login: JSON only (a cross-site HTML form cannot send it, which is what makes the login
safe from CSRF without a token), limited per username and address
(:mod:`api.auth.ratelimit`) before the password is even hashed, and locked after repeated
failures by the account service. A failed login commits its failure count before
answering 401. A successful one starts a fresh session: the old cookie's content,
including its CSRF token, is discarded.

Tokens are created from a cookie session only: a bearer token cannot mint another, so a
leaked token dies when it expires. Anyone authenticated may list and revoke their own
tokens; another user's token id answers 404.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from flask import Response, request, session
from flask.views import MethodView
from flask_smorest import Blueprint

from api.auth.loading import (
    accounts,
    auth_method,
    auth_state,
    current_principal,
    current_user,
)
from api.auth.schemas import (
    LoginSchema,
    SessionSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
)
from api.errors import problem
from engine.accounts.errors import AccessDenied, InvalidCredentials
from engine.accounts.models import ApiToken, User

__all__ = ["SECURITY", "blp"]

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth",
                description="Log in and out, the current user, personal API tokens.")

#: OpenAPI security requirement of the operations that need a user.
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"cookieAuth": []}]


@blp.after_request
def _no_store(response: Response) -> Response:
    """CSRF tokens and API tokens are in these bodies: never cache them anywhere."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _session_body(user: User) -> dict[str, Any]:
    method = auth_method()
    return {"user": user, "auth_method": method,
            "csrf_token": session.get("csrf") if method == "session" else None}


def _rate_limited(username: str) -> Response | None:
    state = auth_state()
    address = request.remote_addr or "?"
    for limiter, key in ((state.per_address, address), (state.per_user, (username, address))):
        wait = limiter.hit(key)
        if wait is not None:
            return problem(429, f"too many login attempts from this address; wait {wait} s",
                           headers={"Retry-After": str(wait)})
    return None


@blp.route("/login")
class Login(MethodView):
    csrf_exempt = True  # see the module docstring and api.auth.loading._csrf_exempt

    @blp.arguments(LoginSchema())
    @blp.response(200, SessionSchema)
    @blp.alt_response(401, description="Wrong username or password, or account locked")
    @blp.alt_response(429, description="Too many attempts; see Retry-After")
    def post(self, credentials: dict[str, str]) -> Any:
        """Log in with a username and password: sets the session cookie, returns the user
        and the CSRF token to send as ``X-CSRF-Token`` on unsafe requests."""
        username = credentials["username"].strip().lower()
        limited = _rate_limited(username)
        if limited is not None:
            return limited
        service = accounts()
        try:
            user = service.authenticate(username, credentials["password"])
        except InvalidCredentials:
            service.session.commit()  # the failure counters must survive the 401
            raise
        service.session.commit()
        auth_state().per_user.reset((username, request.remote_addr or "?"))
        session.clear()
        session.permanent = True
        session.update(uid=user.id, epoch=user.session_epoch, csrf=secrets.token_urlsafe(32))
        return {"user": user, "auth_method": "session", "csrf_token": session["csrf"]}


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self) -> None:
        """Log out: ends every browser session of this user (all devices) and clears the
        cookie. Harmless without a session."""
        if auth_method() == "session":
            service = accounts()
            service.end_sessions(current_user())
            service.session.commit()
        session.clear()


@blp.route("/me")
class Me(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, SessionSchema)
    def get(self) -> Any:
        """The logged-in user, how they authenticated, and the session's CSRF token."""
        return _session_body(current_user())


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(200, TokenSchema(many=True))
    def get(self) -> Any:
        """Your API tokens, newest last (revoked and expired ones included)."""
        return accounts().tokens(current_user())

    @blp.doc(security=SECURITY)
    @blp.arguments(TokenCreateSchema())
    @blp.response(201, TokenCreatedSchema)
    def post(self, payload: dict[str, Any]) -> Any:
        """Create a token for ``Authorization: Bearer``; its text is in this answer only."""
        user = current_user()
        if auth_method() != "session":
            raise AccessDenied(f"{current_principal().username} is authenticated by a bearer "
                               "token; tokens are created from a password login (POST "
                               "/api/v1/auth/login) or with `motcua users token`, so a "
                               "leaked token cannot create another")
        service = accounts()
        plaintext, token = service.issue_token(user, payload["name"],
                                               dt.timedelta(days=payload["days"]))
        service.session.commit()
        return _created(token, plaintext)


def _created(token: ApiToken, plaintext: str) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "created_at": token.created_at,
            "expires_at": token.expires_at, "revoked_at": token.revoked_at,
            "last_used_at": token.last_used_at, "token": plaintext}


@blp.route("/tokens/<int:token_id>")
class TokenDetail(MethodView):
    @blp.doc(security=SECURITY)
    @blp.response(204)
    @blp.alt_response(404, description="You have no token with this id")
    def delete(self, token_id: int) -> None:
        """Revoke one of your tokens (at once; revoking twice is harmless)."""
        service = accounts()
        service.revoke_token(service.token(token_id, owner=current_user()))
        service.session.commit()
