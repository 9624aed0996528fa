"""The account service: users, passwords, logins with lockout, and API tokens.

Lifecycle of a login (:meth:`AccountService.authenticate`): the user row is read, the
password is checked (always: for an unknown, inactive, password-less or locked account a
dummy hash of the same cost is computed, so the answer takes as long either way), then

- success: the failure counter is cleared; a hash written with older scrypt parameters is
  replaced by one with the current parameters;
- failure: the counter on the user row is increased in one ``UPDATE`` (two concurrent
  failures both count); reaching :attr:`Lockout.max_failures` within
  :attr:`Lockout.window` locks the account for :attr:`Lockout.duration`. Attempts while
  locked fail without counting, so a lock ends on time.

Every failure raises :class:`InvalidCredentials` with one message, so a caller cannot tell
an unknown user from a wrong password or a locked account. The counters are only
flushed: the caller must commit them even though the login failed (the API's login view
does), or an attacker would never be locked out.

Tokens (:meth:`issue_token`): 32 random bytes, shown once as ``motcua_<base64url>`` (the
prefix lets secret scanners recognise a leaked token); the database keeps the SHA-256 of
that text. A plain hash suffices for tokens, unlike passwords: 256 random bits cannot be
guessed, and lookups must be one indexed equality. :meth:`resolve_token` runs on every
API request, so it is one round trip: the token joined to its user, roles and units (a
user holds a handful of each, so the joined rows stay few), and it says whether it wrote
``last_used_at`` (at most once a :data:`TOKEN_TOUCH_INTERVAL`), so the caller commits only
then.

Like every service here it only flushes; the caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, case, func, literal, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from engine.accounts.errors import AccountNotFound, AccountValidationError, InvalidCredentials
from engine.accounts.models import ApiToken, Role, User, UserRole, UserUnit, token_usable
from engine.accounts.passwords import PasswordHasher, check_password_rules
from engine.accounts.policy import Principal
from engine.db import UTCDateTime
from engine.dossiers.clock import Clock

__all__ = [
    "LOGIN_FAILED",
    "TOKEN_PREFIX",
    "AccountService",
    "Lockout",
    "ResolvedToken",
    "hash_token",
]

TOKEN_PREFIX = "motcua_"
LOGIN_FAILED = ("wrong username or password (after {n} failed attempts within {w} minutes "
                "an account is locked for {d} minutes; an administrator can reset a password "
                "with `motcua users password`)")
#: ``last_used_at`` is written at most this often per token (one UPDATE a minute at most).
TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)
MAX_TOKEN_TTL = dt.timedelta(days=365)
MIN_TOKEN_TTL = dt.timedelta(minutes=1)
#: A bearer token's usability with its user, roles and units: one row, read without the
#: ORM and built once (every API request resolves a token; loading the token, the user
#: and the role and unit rows as objects took most of that).
_TOKEN_WITH_USER = (
    select(ApiToken.id, ApiToken.expires_at, ApiToken.revoked_at, ApiToken.last_used_at,
           User.id, User.username, User.active,
           select(func.aggregate_strings(UserRole.role, ","))
           .where(UserRole.user_id == User.id).scalar_subquery(),
           select(func.aggregate_strings(UserUnit.unit, ","))
           .where(UserUnit.user_id == User.id).scalar_subquery())
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash")))
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_UNIT = re.compile(r"^[\w.:-]{1,32}$")


@dataclass(frozen=True)
class ResolvedToken:
    """The active user of a usable token, as a principal, and whether resolving it set
    the token's ``last_used_at`` (written, not committed: the caller commits only when
    True)."""

    principal: Principal
    touched: bool


@dataclass(frozen=True)
class Lockout:
    """How many failed logins within ``window`` lock an account, and for how long."""

    max_failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    duration: dt.timedelta = dt.timedelta(minutes=15)

    @property
    def message(self) -> str:
        minutes = int(self.window.total_seconds() // 60)
        locked = int(self.duration.total_seconds() // 60)
        return LOGIN_FAILED.format(n=self.max_failures, w=minutes, d=locked)


def hash_token(plaintext: str) -> str:
    """What ``api_tokens.token_hash`` stores for a token."""
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _username(raw: str) -> str:
    name = raw.strip().lower()
    if not _USERNAME.match(name):
        raise AccountValidationError(
            f"username {raw!r}: use 3-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit")
    return name


def _roles(raw: Iterable[Role | str]) -> set[Role]:
    roles = set()
    for value in raw:
        try:
            roles.add(Role(value))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise AccountValidationError(f"role {value!r} does not exist; use one of: "
                                         f"{known}") from None
    return roles


def _units(raw: Iterable[str]) -> set[str]:
    units = {value.strip() for value in raw}
    bad = sorted(u for u in units if not _UNIT.match(u))
    if bad:
        raise AccountValidationError(f"unit {bad[0]!r}: give a centre or agency code of at "
                                     "most 32 characters, e.g. 000.00.00.H36")
    return units


class AccountService:
    """Users, logins and tokens in ``session``; never commits (module docstring)."""

    def __init__(self, session: Session, *, clock: Clock,
                 hasher: PasswordHasher | None = None, lockout: Lockout | None = None) -> None:
        self.session = session
        self.clock = clock
        self.hasher = hasher or PasswordHasher()
        self.lockout = lockout or Lockout()

    # -- users ---------------------------------------------------------------------------

    def create_user(self, username: str, *, display_name: str | None = None,
                    roles: Iterable[Role | str] = (), units: Iterable[str] = (),
                    password: str | None = None) -> User:
        """A new active user; without ``password`` it can only use API tokens."""
        name = _username(username)
        if self.find(name) is not None:
            raise AccountValidationError(f"the username {name!r} is taken; choose another")
        wanted_roles, wanted_units = _roles(roles), _units(units)
        if not wanted_roles:
            raise AccountValidationError(f"give {name!r} at least one role")
        user = User(username=name, display_name=(display_name or name).strip()[:200],
                    active=True, created_at=self.clock.now(), failed_logins=0,
                    session_epoch=0)
        user.role_rows = {UserRole(role=role) for role in wanted_roles}
        user.unit_rows = {UserUnit(unit=unit) for unit in wanted_units}
        if password is not None:
            self._store_password(user, password)
        self.session.add(user)
        self.session.flush()
        return user

    def find(self, username: str) -> User | None:
        return self.session.scalar(select(User).where(User.username == username.strip().lower()))

    def get(self, username: str) -> User:
        user = self.find(username)
        if user is None:
            raise AccountNotFound(f"no user is called {username!r}; list them with "
                                  "`motcua users list`")
        return user

    def users(self) -> Sequence[User]:
        return self.session.scalars(select(User).order_by(User.username)).all()

    def users_with(self, role: Role | str, unit: str) -> Sequence[User]:
        """Active users holding ``role`` in ``unit`` (who may be given a task there)."""
        stmt = (select(User)
                .join(UserUnit, UserUnit.user_id == User.id)
                .join(UserRole, UserRole.user_id == User.id)
                .where(UserUnit.unit == unit, UserRole.role == Role(role), User.active)
                .order_by(User.username))
        return self.session.scalars(stmt).all()

    def principal(self, username: str) -> Principal | None:
        """The principal of an active user, or None (used to check a delegatee)."""
        user = self.find(username)
        return Principal.of(user) if user is not None and user.active else None

    def set_password(self, user: User, password: str) -> None:
        """Replace the password; ends the user's browser sessions and clears a lock."""
        self._store_password(user, password)
        user.session_epoch = (user.session_epoch or 0) + 1
        user.failed_logins, user.failed_since, user.locked_until = 0, None, None
        self.session.flush()

    def _store_password(self, user: User, password: str) -> None:
        check_password_rules(password, username=user.username)
        user.password_hash = self.hasher.hash(password)
        user.password_changed_at = self.clock.now()

    def deactivate(self, user: User) -> None:
        """Offboard ``user``: logins, browser sessions and API tokens stop working at once
        (the row and its tokens stay, for the audit trail)."""
        user.active = False
        user.session_epoch = (user.session_epoch or 0) + 1
        self.session.flush()

    def end_sessions(self, user: User) -> None:
        """Invalidate every browser session cookie issued to ``user`` so far (logout)."""
        user.session_epoch = (user.session_epoch or 0) + 1
        self.session.flush()

    # -- logins --------------------------------------------------------------------------

    def authenticate(self, username: str, password: str) -> User:
        """The user whose password this is, or :class:`InvalidCredentials` (see above)."""
        now = self.clock.now()
        user = self.find(username) if username else None
        matches = self.hasher.verify(password, user.password_hash if user else None)
        if user is None or not user.active:
            raise InvalidCredentials(self.lockout.message)
        if user.locked_until is not None and now < user.locked_until:
            raise InvalidCredentials(self.lockout.message)
        if not matches:
            self._count_failure(user, now)
            raise InvalidCredentials(self.lockout.message)
        user.failed_logins, user.failed_since, user.locked_until = 0, None, None
        if self.hasher.needs_rehash(user.password_hash):
            user.password_hash = self.hasher.hash(password)
        self.session.flush()
        return user

    def _count_failure(self, user: User, now: dt.datetime) -> None:
        """Count one failure in the database itself, then lock if the limit is reached."""
        # A bare datetime in CASE would be typed DateTime, not UTCDateTime, and SQLite
        # would store its wall-clock time unconverted: type the literal explicitly.
        at = literal(now, type_=UTCDateTime())
        fresh = (User.failed_since.is_(None)) | (User.failed_since <= now - self.lockout.window)
        self.session.execute(
            update(User).where(User.id == user.id).values(
                failed_logins=case((fresh, 1), else_=User.failed_logins + 1),
                failed_since=case((fresh, at), else_=User.failed_since),
            ).execution_options(synchronize_session=False))
        self.session.execute(
            update(User).where(User.id == user.id,
                               User.failed_logins >= self.lockout.max_failures).values(
                failed_logins=0, failed_since=None, locked_until=now + self.lockout.duration,
            ).execution_options(synchronize_session=False))
        self.session.refresh(user, ["failed_logins", "failed_since", "locked_until"])

    # -- tokens --------------------------------------------------------------------------

    def issue_token(self, user: User, name: str,
                    ttl: dt.timedelta = dt.timedelta(days=30)) -> tuple[str, ApiToken]:
        """A new token of ``user`` valid for ``ttl``: (the plaintext, shown once; its row)."""
        label = name.strip()
        if not 1 <= len(label) <= 100:
            raise AccountValidationError("name the token (1-100 characters), e.g. "
                                         "'import script'")
        if not MIN_TOKEN_TTL <= ttl <= MAX_TOKEN_TTL:
            raise AccountValidationError(f"a token lives between one minute and "
                                         f"{MAX_TOKEN_TTL.days} days, not {ttl}")
        if not user.active:
            raise AccountValidationError(f"user {user.username!r} is inactive; no token "
                                         "can be issued to it")
        plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self.clock.now()
        token = ApiToken(user_id=user.id, token_hash=hash_token(plaintext), name=label,
                         created_at=now, expires_at=now + ttl)
        self.session.add(token)
        self.session.flush()
        return plaintext, token

    def resolve_token(self, plaintext: str) -> ResolvedToken | None:
        """The active user of a usable token, or None (unknown, expired, revoked, or its
        user inactive), in one query: the token with its user, roles and units.

        ``last_used_at`` is set (and written) when it is older than
        :data:`TOKEN_TOUCH_INTERVAL`; :attr:`ResolvedToken.touched` tells the caller whether
        there is anything to commit.
        """
        if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 200:
            return None
        self.session.flush()  # the Core read does not autoflush: a change made here counts
        found = self.session.connection().execute(  # plain rows: no ORM result to set up
            _TOKEN_WITH_USER, {"token_hash": hash_token(plaintext)}).one_or_none()
        if found is None:
            return None
        token_id, expires_at, revoked_at, last_used_at, user_id, username, active, roles, \
            units = found
        now = self.clock.now()
        if not token_usable(revoked_at, expires_at, now) or not active:
            return None
        touched = last_used_at is None or now - last_used_at >= TOKEN_TOUCH_INTERVAL
        if touched:
            self.session.execute(update(ApiToken).where(ApiToken.id == token_id)
                                 .values(last_used_at=now)
                                 .execution_options(synchronize_session=False))
            held = self.session.identity_map.get(identity_key(ApiToken, token_id))
            if held is not None:  # a token object this session holds says the same
                set_committed_value(held, "last_used_at", now)
        return ResolvedToken(Principal(
            user_id, username, frozenset(Role(r) for r in (roles or "").split(",") if r),
            frozenset(u for u in (units or "").split(",") if u)), touched)

    def tokens(self, user: User) -> Sequence[ApiToken]:
        return self.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).all()

    def token(self, token_id: int, *, owner: User | None = None) -> ApiToken:
        """Token ``token_id`` (of ``owner`` when given: another user's token is "not found",
        so ids of other users' tokens are not confirmed)."""
        token = self.session.get(ApiToken, token_id)
        if token is None or (owner is not None and token.user_id != owner.id):
            raise AccountNotFound(f"you have no token with the id {token_id}; list yours "
                                  "with GET /api/v1/auth/tokens")
        return token

    def revoke_token(self, token: ApiToken) -> ApiToken:
        """Revoke ``token`` now (revoking it again keeps the first time)."""
        if token.revoked_at is None:
            token.revoked_at = self.clock.now()
            self.session.flush()
        return token
