"""Accounts: password hashing, logins with lockout and API tokens (both backends)."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from engine.accounts import passwords
from engine.accounts.errors import (
    AccountNotFound,
    AccountValidationError,
    InvalidCredentials,
)
from engine.accounts.models import ApiToken, Role, User
from engine.accounts.passwords import PasswordHasher, ScryptParams, check_password_rules
from engine.accounts.policy import Principal
from engine.accounts.services import AccountService, ResolvedToken
from engine.dossiers.clock import FixedClock
from tests.engine.accounts.support import (
    AGENCY,
    FAST,
    GOOD,
    OTHER_AGENCY,
    PARTNER,
)
from tests.engine.dossiers.conftest import (
    VN,
)

# -- passwords ----------------------------------------------------------------------------


def test_default_hash_round_trip_describes_itself_and_accepts_either_unicode_form() -> None:
    hasher = PasswordHasher()
    encoded = hasher.hash(GOOD)
    scheme, n, r, p, salt, key = encoded.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "5")
    assert (len(salt), len(key)) == (22, 43)  # 16 and 32 bytes in unpadded base64
    assert hasher.verify(GOOD, encoded)
    assert hasher.verify(unicodedata.normalize("NFD", GOOD), encoded)
    assert not hasher.verify(GOOD + "!", encoded)
    assert hasher.hash(GOOD) != encoded  # a fresh salt each time
    assert not hasher.needs_rehash(encoded)
    assert hasher.needs_rehash(FAST.hash(GOOD))


@pytest.mark.parametrize("encoded", [
    None, "", "plain", "bcrypt$16$8$1$c2FsdA$a2V5",
    "scrypt$16$8$1$!!!$a2V5a2V5a2V5a2V5a2V5a2V5",
    "scrypt$1073741824$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",  # 2**30: refused, not run
    "scrypt$15$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",  # not a power of two
])
def test_a_malformed_or_tampered_hash_never_verifies(encoded: str | None) -> None:
    assert FAST.verify(GOOD, encoded) is False


@pytest.mark.parametrize(("password", "message"), [
    ("short1!", "at least 10"),
    ("x" * 257, "longer than 256"),
    ("Password123", "most commonly used"),
    ("MATKHAU123", "most commonly used"),
    ("ababababababab", "most commonly used"),
    ("my-name-is-lan.nguyen", "must not contain the username"),
])
def test_weak_passwords_are_refused(password: str, message: str) -> None:
    with pytest.raises(AccountValidationError, match=message):
        check_password_rules(password, username="lan.nguyen")
    check_password_rules(GOOD, username="lan.nguyen")


# -- users and logins ---------------------------------------------------------------------


def test_users_are_created_with_roles_and_units_and_found_by_unit_and_role(
    accounts: AccountService,
) -> None:
    lan = accounts.create_user(" Lan.Nguyen ", display_name="Nguyễn Thị Lan",
                               roles=["specialist", Role.LEADER], units=[AGENCY, PARTNER],
                               password=GOOD)
    accounts.create_user("binh", roles=["specialist"], units=[OTHER_AGENCY])
    accounts.create_user("chi", roles=["receiver"], units=[AGENCY])
    gone = accounts.create_user("dung", roles=["specialist"], units=[AGENCY])
    gone.active = False
    assert (lan.username, lan.display_name) == ("lan.nguyen", "Nguyễn Thị Lan")
    assert set(lan.roles) == {Role.SPECIALIST, Role.LEADER}
    assert set(lan.units) == {AGENCY, PARTNER}
    assert GOOD not in str(lan.password_hash)
    assert [u.username for u in accounts.users_with("specialist", AGENCY)] == ["lan.nguyen"]
    assert [u.username for u in accounts.users_with(Role.RECEIVER, AGENCY)] == ["chi"]
    assert accounts.principal("dung") is None
    assert accounts.principal("LAN.NGUYEN") == Principal(
        lan.id, "lan.nguyen", frozenset({Role.SPECIALIST, Role.LEADER}),
        frozenset({AGENCY, PARTNER}))


@pytest.mark.parametrize(("username", "options", "message"), [
    ("lan", {"roles": ["specialist"]}, "is taken"),
    ("x", {"roles": ["specialist"]}, "3-64 lower-case"),
    ("new.user", {"roles": ["superuser"]}, "role 'superuser' does not exist"),
    ("new.user", {"roles": []}, "at least one role"),
    ("new.user", {"roles": ["receiver"], "units": ["a unit with spaces"]}, "unit"),
    ("new.user", {"roles": ["receiver"], "password": "1234567890"}, "commonly used"),
])
def test_invalid_users_are_refused(accounts: AccountService, username: str,
                                   options: dict[str, Any], message: str) -> None:
    accounts.create_user("lan", roles=["receiver"])
    with pytest.raises(AccountValidationError, match=message):
        accounts.create_user(username, **options)


def test_wrong_password_and_unknown_user_fail_alike_and_cost_one_hash_each(
    accounts: AccountService, monkeypatch: pytest.MonkeyPatch,
) -> None:
    accounts.create_user("lan", roles=["receiver"], password=GOOD)
    accounts.create_user("token.only", roles=["receiver"])
    assert accounts.authenticate("LAN", GOOD).username == "lan"
    calls: list[tuple[int, int, int]] = []
    real = hashlib.scrypt

    def counting(password: bytes, **kwargs: Any) -> bytes:
        calls.append((kwargs["n"], kwargs["r"], kwargs["p"]))
        return real(password, **kwargs)

    monkeypatch.setattr(passwords.hashlib, "scrypt", counting)
    messages = []
    for username, password in (("lan", "wrong password!"), ("nobody", GOOD),
                               ("token.only", GOOD), ("", GOOD)):
        with pytest.raises(InvalidCredentials) as raised:
            accounts.authenticate(username, password)
        messages.append(str(raised.value))
    assert len(set(messages)) == 1
    assert "wrong username or password" in messages[0]
    assert calls == [(16, 8, 1)] * 4  # the same work whether or not the user exists


def test_failures_lock_the_account_for_a_while_then_it_opens_again(
    accounts: AccountService, clock: FixedClock, session: Session,
) -> None:
    user = accounts.create_user("lan", roles=["receiver"], password=GOOD)
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            accounts.authenticate("lan", "not the password")
    assert (user.failed_logins, user.locked_until) == (2, None)
    clock.advance(dt.timedelta(minutes=5))
    with pytest.raises(InvalidCredentials):
        accounts.authenticate("lan", "not the password")
    session.expire_all()
    stored = session.get_one(User, user.id)
    assert stored.locked_until == clock.now() + dt.timedelta(minutes=15)
    assert stored.failed_logins == 0
    with pytest.raises(InvalidCredentials):  # even the right password, while locked
        accounts.authenticate("lan", GOOD)
    assert stored.failed_logins == 0  # attempts while locked are not counted
    clock.advance(dt.timedelta(minutes=15))
    assert accounts.authenticate("lan", GOOD) is stored
    assert (stored.failed_logins, stored.failed_since, stored.locked_until) == (0, None, None)


def test_failures_outside_the_window_start_a_new_count(
    accounts: AccountService, clock: FixedClock,
) -> None:
    user = accounts.create_user("lan", roles=["receiver"], password=GOOD)
    for minutes in (0, 10, 16, 1):  # the third failure is 26 minutes after the first
        clock.advance(dt.timedelta(minutes=minutes))
        with pytest.raises(InvalidCredentials):
            accounts.authenticate("lan", "not the password")
    assert user.locked_until is None
    assert user.failed_logins == 2
    assert user.failed_since == dt.datetime(2026, 3, 3, 9, 26, tzinfo=VN)


def test_a_login_rehashes_with_new_parameters_and_set_password_ends_sessions(
    accounts: AccountService, session: Session, clock: FixedClock,
) -> None:
    user = accounts.create_user("lan", roles=["receiver"], password=GOOD)
    stronger = AccountService(session, clock=clock,
                              hasher=PasswordHasher(ScryptParams(32, 8, 1)))
    stronger.authenticate("lan", GOOD)
    assert str(user.password_hash).startswith("scrypt$32$8$1$")
    user.locked_until = clock.now() + dt.timedelta(hours=1)
    with pytest.raises(AccountValidationError):
        accounts.set_password(user, "qwertyuiop")
    accounts.set_password(user, "một mật khẩu mới dài")
    assert (user.session_epoch, user.locked_until) == (1, None)
    assert accounts.authenticate("lan", "một mật khẩu mới dài") is user


# -- tokens -------------------------------------------------------------------------------


def test_tokens_resolve_until_they_expire_or_are_revoked(
    accounts: AccountService, clock: FixedClock, session: Session,
) -> None:
    user = accounts.create_user("lan", roles=["receiver"])
    plaintext, token = accounts.issue_token(user, "import script", dt.timedelta(days=2))
    assert plaintext.startswith("motcua_")
    assert len(plaintext) == len("motcua_") + 43
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest() != plaintext
    stored = session.scalars(select(ApiToken.token_hash, ApiToken.name)).all()
    assert plaintext not in str(stored)
    assert accounts.resolve_token(plaintext) == ResolvedToken(Principal.of(user), touched=True)
    first_use = token.last_used_at
    assert first_use == clock.now()
    clock.advance(dt.timedelta(seconds=30))
    assert accounts.resolve_token(plaintext) == ResolvedToken(Principal.of(user), touched=False)
    assert token.last_used_at == first_use  # at most one write a minute
    clock.advance(dt.timedelta(seconds=31))
    assert accounts.resolve_token(plaintext) == ResolvedToken(Principal.of(user), touched=True)
    assert token.last_used_at == clock.now()
    for guess in ("", plaintext[:-1], plaintext + "x", plaintext.removeprefix("motcua_")):
        assert accounts.resolve_token(guess) is None
    clock.advance(dt.timedelta(days=2))
    assert accounts.resolve_token(plaintext) is None  # expired

    other, revoked = accounts.issue_token(user, "laptop")
    accounts.revoke_token(accounts.token(revoked.id, owner=user))
    when = revoked.revoked_at
    accounts.revoke_token(revoked)
    assert revoked.revoked_at == when
    assert accounts.resolve_token(other) is None
    assert [t.name for t in accounts.tokens(user)] == ["import script", "laptop"]


def test_resolving_a_token_is_one_query_with_the_roles_and_units(
    accounts: AccountService, clock: FixedClock, session: Session,
) -> None:
    user = accounts.create_user("lan", roles=["receiver", "specialist"],
                                units=["000.00.33.H36", "000.00.10.H36"])
    plaintext, _ = accounts.issue_token(user, "ci")
    session.commit()
    session.expunge_all()  # nothing cached: the user, roles and units come from the query
    statements: list[str] = []

    def on_execute(*args: Any) -> None:
        if not args[2].lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            statements.append(args[2])

    bind = session.connection()
    event.listen(bind, "before_cursor_execute", on_execute)
    try:
        resolved = accounts.resolve_token(plaintext)
        assert resolved is not None
        assert resolved.touched
        principal = resolved.principal
        assert [s.split()[0] for s in statements] == ["SELECT", "UPDATE"]
        session.commit()
        session.expunge_all()
        clock.advance(dt.timedelta(seconds=59))
        statements.clear()
        again = accounts.resolve_token(plaintext)
        assert again is not None
        assert not again.touched
        assert again.principal == principal
        assert [s.split()[0] for s in statements] == ["SELECT"]
    finally:
        event.remove(bind, "before_cursor_execute", on_execute)
    assert principal.roles == {Role.RECEIVER, Role.SPECIALIST}
    assert principal.units == {"000.00.33.H36", "000.00.10.H36"}


def test_tokens_of_inactive_users_stop_and_tokens_are_owned(
    accounts: AccountService,
) -> None:
    lan = accounts.create_user("lan", roles=["receiver"])
    binh = accounts.create_user("binh", roles=["receiver"])
    plaintext, token = accounts.issue_token(lan, "ci")
    with pytest.raises(AccountNotFound):
        accounts.token(token.id, owner=binh)
    lan.active = False
    assert accounts.resolve_token(plaintext) is None
    with pytest.raises(AccountValidationError, match="inactive"):
        accounts.issue_token(lan, "again")
    for ttl in (dt.timedelta(seconds=10), dt.timedelta(days=366)):
        with pytest.raises(AccountValidationError, match="between one minute"):
            accounts.issue_token(binh, "x", ttl)


