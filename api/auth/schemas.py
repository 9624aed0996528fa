"""Marshmallow schemas of ``/api/v1/auth``: login, the current user, API tokens.

Passwords and plaintext tokens are ``load_only`` / returned once; token hashes are
never part of any response.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from engine.accounts.passwords import MAX_PASSWORD_LENGTH
from engine.accounts.services import MAX_TOKEN_TTL

__all__ = [
    "LoginSchema",
    "SessionSchema",
    "TokenCreateSchema",
    "TokenCreatedSchema",
    "TokenSchema",
    "UserSchema",
]


class LoginSchema(ma.Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=64))
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH))


def _sorted(values: Any) -> list[str]:
    return sorted(str(value) for value in values)


class UserSchema(ma.Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    roles = fields.Function(lambda user: _sorted(user.roles),
                            metadata={"description": "receiver, specialist, leader, planner, "
                                                     "analyst, admin"})
    units = fields.Function(lambda user: _sorted(user.units),
                            metadata={"description": "Centre and agency codes"})


class SessionSchema(ma.Schema):
    """Who is logged in, how, and the CSRF token a cookie session must echo."""

    user = fields.Nested(UserSchema)
    auth_method = fields.String(metadata={"description": '"session" (cookie) or "token"'})
    csrf_token = fields.String(
        allow_none=True,
        metadata={"description": "Send it as X-CSRF-Token on POST/PUT/PATCH/DELETE when "
                                 "using the session cookie; null for bearer tokens"})


class TokenCreateSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100),
                         metadata={"description": "What the token is for"})
    days = fields.Integer(load_default=30, validate=validate.Range(min=1,
                                                                   max=MAX_TOKEN_TTL.days),
                          metadata={"description": "Lifetime in days (1-365)"})


class TokenSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)
    last_used_at = fields.AwareDateTime(
        allow_none=True, metadata={"description": "Updated at most once a minute"})


class TokenCreatedSchema(TokenSchema):
    token = fields.String(metadata={"description": "The token itself: shown this once only"})
