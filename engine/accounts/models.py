"""Tables of accounts: users, their roles and units, and their API tokens.

A user holds one or more :class:`Role` values and belongs to one or more units (centre
or agency codes, the values of ``dossier_tasks.unit``). Roles and units are two separate
association tables, so "users of unit X with role Y" is two index lookups
(``ix_user_units_unit`` then the ``user_roles`` primary key). Because they are separate,
a user's roles apply in every one of their units: an officer who is a leader in one
agency and a specialist in another would be a leader in both. Such an officer gets two
accounts until a per-unit role table (``user_grants(user_id, unit, role)``) is needed.

Units are plain codes, not foreign keys, for the same reason as the catalogue's agency
codes: partner agencies outside the province have tasks too, and accounts must not
depend on the order in which reference data was loaded.

Login lifecycle of a user row: ``failed_logins`` counts failures since ``failed_since``;
when it reaches the limit within the window ``locked_until`` is set and the counter is
reset; a success resets the counter. ``session_epoch`` is copied into every browser
session cookie; logging out or changing the password increments it, which ends every
cookie issued before (a signed cookie cannot be recalled otherwise).

Token lifecycle: issued (the plaintext is shown once; only its SHA-256 is stored),
used (``last_used_at``, refreshed at most once a minute), then expired (``expires_at``)
or revoked (``revoked_at``). Rows are kept after either, for the audit trail.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.ext.associationproxy import AssociationProxy, association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, str_enum, utcnow

__all__ = ["OFFICER_ROLES", "ApiToken", "Role", "User", "UserRole", "UserUnit", "token_usable"]


class Role(StrEnum):
    """What a user may do; several may be held at once."""

    RECEIVER = "receiver"  # one-stop counter: receives dossiers, returns results
    SPECIALIST = "specialist"  # appraises dossiers; also works partner consultations
    LEADER = "leader"  # approves and signs; dispatches tasks; issues Form 04
    PLANNER = "planner"  # edits and publishes procedure diagrams
    ANALYST = "analyst"  # runs simulations and reads indicators
    ADMIN = "admin"  # manages accounts; sees every dossier; works no task by that role


#: Roles that work dossiers in a unit.
OFFICER_ROLES = frozenset({Role.RECEIVER, Role.SPECIALIST, Role.LEADER})


class User(Base):
    """A person who logs in (officers, planners, analysts, administrators)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)  # lower case
    display_name: Mapped[str] = mapped_column(String(200))
    # "scrypt$n$r$p$salt$key" (engine.accounts.passwords); None: token-only account.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    failed_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)

    role_rows: Mapped[set[UserRole]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
        back_populates="user")
    unit_rows: Mapped[set[UserUnit]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
        back_populates="user")
    tokens: Mapped[list[ApiToken]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, back_populates="user",
        order_by="ApiToken.id")

    #: ``user.roles.add(Role.LEADER)`` inserts a ``user_roles`` row.
    roles: AssociationProxy[set[Role]] = association_proxy(
        "role_rows", "role", creator=lambda role: UserRole(role=role))
    units: AssociationProxy[set[str]] = association_proxy(
        "unit_rows", "unit", creator=lambda unit: UserUnit(unit=unit))

    def __repr__(self) -> str:
        return f"<User {self.id} {self.username!r}>"


class UserRole(Base):
    """One role of one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, length=16), primary_key=True,
                                       index=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class UserUnit(Base):
    """One unit (centre or agency code) a user belongs to."""

    __tablename__ = "user_units"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    unit: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)

    user: Mapped[User] = relationship(back_populates="unit_rows")


class ApiToken(Base):
    """A bearer token of a user; the token itself is never stored (module docstring)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256, hex
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")

    def usable_at(self, now: dt.datetime) -> bool:
        """Neither revoked nor expired at ``now``."""
        return token_usable(self.revoked_at, self.expires_at, now)


def token_usable(revoked_at: dt.datetime | None, expires_at: dt.datetime,
                 now: dt.datetime) -> bool:
    """Whether a token revoked at ``revoked_at`` (None: never) and expiring at
    ``expires_at`` may be used at ``now`` (for rows read without the ORM too)."""
    return revoked_at is None and now < expires_at
