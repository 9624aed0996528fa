"""Authentication and authorization for the API.

- :func:`init_auth` (called by :func:`api.create_app`): session cookie settings, the
  account errors as problems (401 with ``WWW-Authenticate: Bearer``, 403 naming the role
  or unit missing, 422), and the per-request principal loader (:mod:`api.auth.loading`);
- :func:`register` (called by :func:`api.blueprints.register_blueprints`): the ``auth``
  blueprint (:mod:`api.auth.views`) and the OpenAPI security schemes;
- :func:`current_principal` for views; the rules are :mod:`engine.accounts.policy`, and
  dossier actions go through :class:`engine.accounts.guarded.AuthorizedDossiers`.

Settings (``MOTCUA_<KEY>`` in the environment): ``AUTH_COOKIE_SECURE`` (default on: the
cookie travels over HTTPS only; turn it off for plain-HTTP development),
``AUTH_SESSION_HOURS`` (default 12).
"""

from __future__ import annotations

from flask_smorest import Api

from api.auth.loading import (
    CSRF_HEADER,
    SESSION_COOKIE,
    AuthState,
    accounts,
    current_principal,
    current_user,
    init_auth,
    optional_principal,
)
from api.auth.views import blp

__all__ = [
    "CSRF_HEADER",
    "AuthState",
    "accounts",
    "blp",
    "current_principal",
    "current_user",
    "init_auth",
    "optional_principal",
    "register",
]


def register(api: Api) -> None:
    """Register the ``auth`` blueprint and declare how clients authenticate."""
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "A personal API token (POST /api/v1/auth/tokens)"})
    api.spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE,
                       "description": "The session of POST /api/v1/auth/login; unsafe "
                                      f"methods must also send {CSRF_HEADER}"})
    api.register_blueprint(blp)
