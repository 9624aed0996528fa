"""``/api/v1/auth`` and ``motcua users``: cookie sessions with CSRF, bearer tokens, login
limits, problem+json errors (both backends)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from api.app import create_app
from api.auth import CSRF_HEADER, current_principal
from api.auth.loading import EXTENSION_KEY, SESSION_COOKIE, AuthState
from api.auth.ratelimit import SlidingWindow
from api.cli import CliState, MotcuaGroup
from api.cli.users_cmd import users
from api.extensions import database
from api.jobs import CLOCK_KEY
from engine import migrations
from engine.accounts.errors import InvalidCredentials
from engine.accounts.models import User
from engine.accounts.passwords import PasswordHasher, ScryptParams
from engine.accounts.policy import DEFAULT_POLICY
from engine.accounts.services import AccountService
from engine.db import create_db_engine, session_factory
from engine.dossiers.clock import FixedClock, SystemClock

FAST = PasswordHasher(ScryptParams(n=16, r=8, p=1))
PASSWORD = "rừng thông Đà Lạt 1975"
AGENCY = "000.00.33.H36"
LOGIN = "/api/v1/auth/login"


@pytest.fixture
def auth(app: Flask) -> AuthState:
    state: AuthState = app.extensions[EXTENSION_KEY]
    state.hasher = FAST
    return state


@pytest.fixture
def accounts(session: Session, auth: AuthState) -> AccountService:
    """Users created here are visible to requests (same rolled-back transaction)."""
    service = AccountService(session, clock=SystemClock(), hasher=auth.hasher)
    service.create_user("lan", display_name="Nguyễn Thị Lan", roles=["specialist"],
                        units=[AGENCY], password=PASSWORD)
    service.create_user("binh", roles=["planner"], password=PASSWORD)
    session.commit()
    return service


def _problem(response: TestResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    return body


def _login(client: FlaskClient, username: str = "lan", password: str = PASSWORD) -> str:
    response = client.post(LOGIN, json={"username": username, "password": password})
    assert response.status_code == 200, response.get_data(as_text=True)
    token: str = response.get_json()["csrf_token"]
    return token


def _new_token(client: FlaskClient, csrf: str, name: str = "script") -> dict[str, Any]:
    response = client.post("/api/v1/auth/tokens", json={"name": name, "days": 7},
                           headers={CSRF_HEADER: csrf})
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- cookie sessions ----------------------------------------------------------------------


def test_login_sets_a_hardened_cookie_and_me_answers_with_the_csrf_token(
    client: FlaskClient, accounts: AccountService,
) -> None:
    response = client.post(LOGIN, json={"username": "LAN", "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"] == {"id": body["user"]["id"], "username": "lan",
                            "display_name": "Nguyễn Thị Lan", "roles": ["specialist"],
                            "units": [AGENCY]}
    assert body["auth_method"] == "session"
    assert len(body["csrf_token"]) >= 40
    assert response.headers["Cache-Control"] == "no-store"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    for flag in ("HttpOnly", "SameSite=Lax", "Secure", "Expires="):
        assert flag in cookie
    assert PASSWORD not in response.get_data(as_text=True)
    me = client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.get_json()["csrf_token"] == body["csrf_token"]
    assert me.get_json()["user"]["username"] == "lan"
    assert "Cookie" in me.headers.get("Vary", "")
    public = client.application.test_client().get("/api/v1/health")
    assert "Cookie" not in public.headers.get("Vary", "")  # anonymous: cacheable


def test_wrong_password_and_unknown_user_get_the_same_401(
    client: FlaskClient, accounts: AccountService,
) -> None:
    bodies = []
    for username, password in (("lan", "wrong password!"), ("nobody", PASSWORD)):
        response = client.post(LOGIN, json={"username": username, "password": password})
        body = _problem(response, 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="motcua"'
        assert "Set-Cookie" not in response.headers
        bodies.append(body)
    assert bodies[0] == bodies[1]
    assert bodies[0]["type"] == "urn:motcua:problem:invalid-credentials"
    assert client.get("/api/v1/auth/me").status_code == 401


def test_failed_logins_are_committed_and_lock_the_account(
    client: FlaskClient, accounts: AccountService, session: Session,
) -> None:
    for _ in range(5):
        _problem(client.post(LOGIN, json={"username": "lan", "password": "not it at all"}),
                 401)
    _problem(client.post(LOGIN, json={"username": "lan", "password": PASSWORD}), 401)
    session.expire_all()
    user = accounts.get("lan")
    assert user.locked_until is not None
    assert user.locked_until > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=14)


def test_login_attempts_are_rate_limited_per_username_and_address(
    client: FlaskClient, accounts: AccountService, auth: AuthState,
) -> None:
    auth.per_user = SlidingWindow(2, 60)
    for _ in range(2):
        _problem(client.post(LOGIN, json={"username": "binh", "password": "nope nope nope"}),
                 401)
    limited = client.post(LOGIN, json={"username": "binh", "password": PASSWORD})
    body = _problem(limited, 429)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert "wait" in body["detail"]
    _login(client, "lan")  # another username from the same address still may
    other = client.post(LOGIN, json={"username": "lan", "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_a_form_post_cannot_log_in(client: FlaskClient, accounts: AccountService) -> None:
    """What a cross-site HTML form can send is refused: login CSRF needs JSON."""
    response = client.post(LOGIN, data={"username": "lan", "password": PASSWORD})
    body = _problem(response, 415)
    assert "application/json" in body["detail"]
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("headers", [{}, {CSRF_HEADER: "forged"}, {CSRF_HEADER: ""},
                                     {CSRF_HEADER: "ngày"}])
def test_cookie_requests_with_unsafe_methods_need_the_csrf_header(
    client: FlaskClient, accounts: AccountService, headers: dict[str, str],
) -> None:
    csrf = _login(client)
    token_id = _new_token(client, csrf)["id"]
    attempts = [
        client.post("/api/v1/auth/tokens", json={"name": "x"}, headers=headers),
        client.delete(f"/api/v1/auth/tokens/{token_id}", headers=headers),
        client.post("/api/v1/auth/logout", headers=headers),
    ]
    for response in attempts:
        body = _problem(response, 403)
        assert body["type"] == "urn:motcua:problem:csrf"
        assert CSRF_HEADER in body["detail"]
    listed = client.get("/api/v1/auth/tokens").get_json()
    assert [(t["name"], t["revoked_at"]) for t in listed] == [("script", None)]
    assert client.get("/api/v1/auth/me").status_code == 200  # still logged in


def test_logout_ends_the_session_everywhere_and_a_replayed_cookie_is_dead(
    app: Flask, client: FlaskClient, accounts: AccountService,
) -> None:
    csrf = _login(client)
    stolen = client.get_cookie(SESSION_COOKIE)
    assert stolen is not None
    other_device = app.test_client()
    _login(other_device)
    response = client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf})
    assert response.status_code == 204
    assert client.get_cookie(SESSION_COOKIE) is None
    _problem(client.get("/api/v1/auth/me"), 401)
    _problem(other_device.get("/api/v1/auth/me"), 401)
    replay = app.test_client()
    replay.set_cookie(SESSION_COOKIE, stolen.value)
    _problem(replay.get("/api/v1/auth/me"), 401)
    # The stale cookie carries no authority, so it does not block a new login either.
    assert replay.post(LOGIN, json={"username": "lan", "password": PASSWORD}).status_code == 200


def test_a_deactivated_user_loses_the_session(
    client: FlaskClient, accounts: AccountService, session: Session,
) -> None:
    _login(client)
    accounts.get("lan").active = False
    session.commit()
    _problem(client.get("/api/v1/auth/me"), 401)


# -- bearer tokens ------------------------------------------------------------------------


def test_bearer_tokens_authenticate_without_csrf_and_die_when_revoked(
    app: Flask, client: FlaskClient, accounts: AccountService,
) -> None:
    csrf = _login(client)
    created = _new_token(client, csrf)
    assert created["token"].startswith("motcua_")
    assert "token" not in client.get("/api/v1/auth/tokens").get_json()[0]
    script = app.test_client()  # no cookie at all
    me = script.get("/api/v1/auth/me", headers=_bearer(created["token"]))
    assert me.status_code == 200
    assert (me.get_json()["auth_method"], me.get_json()["csrf_token"]) == ("token", None)
    listed = script.get("/api/v1/auth/tokens", headers=_bearer(created["token"])).get_json()
    assert listed[0]["last_used_at"] is not None  # the touch was committed
    revoked = script.delete(f"/api/v1/auth/tokens/{created['id']}",
                            headers=_bearer(created["token"]))
    assert revoked.status_code == 204  # unsafe method, no CSRF header: bearer is exempt
    after = script.get("/api/v1/auth/me", headers=_bearer(created["token"]))
    _problem(after, 401)
    assert after.headers["WWW-Authenticate"] == 'Bearer realm="motcua", error="invalid_token"'


def test_a_bearer_request_is_one_query_and_writes_only_to_touch_the_token(
    app: Flask, client: FlaskClient, connection: Connection, session: Session,
    accounts: AccountService,
) -> None:
    lan = session.scalar(select(User).where(User.username == "lan"))
    assert lan is not None
    token, _ = accounts.issue_token(lan, "script")
    session.commit()
    clock = app.extensions[CLOCK_KEY] = FixedClock(SystemClock().now())
    commits: list[Session] = []
    statements: list[str] = []

    def on_commit(request_session: Session) -> None:
        commits.append(request_session)

    def on_execute(*args: Any) -> None:
        if "api_tokens" in args[2]:  # the view's own reads (the user's row) are its own
            statements.append(args[2].split(None, 1)[0].upper())

    def me() -> tuple[int, int, int]:
        """(commits, SELECTs, UPDATEs) of the token in one bearer GET /auth/me."""
        commits.clear()
        statements.clear()
        response = client.get("/api/v1/auth/me", headers=_bearer(token))
        assert response.status_code == 200, response.get_data(as_text=True)
        user = response.get_json()["user"]
        assert (user["roles"], user["units"]) == (["specialist"], [AGENCY])
        return len(commits), statements.count("SELECT"), statements.count("UPDATE")

    factory = database(app).factory
    event.listen(factory, "after_commit", on_commit)
    event.listen(connection, "before_cursor_execute", on_execute)
    try:
        # Each read ends with its own commit (api.extensions._end_read); the touch of
        # last_used_at is committed before the view runs.
        assert me() == (2, 1, 1)  # first use: one query, last_used_at written, committed
        clock.advance(dt.timedelta(seconds=59))
        assert me() == (1, 1, 0)  # within the minute: one query, nothing written
        clock.advance(dt.timedelta(seconds=1))
        assert me() == (2, 1, 1)  # a minute on: touched and committed again
    finally:
        event.remove(factory, "after_commit", on_commit)
        event.remove(connection, "before_cursor_execute", on_execute)


def test_a_bearer_token_cannot_mint_another(
    app: Flask, client: FlaskClient, accounts: AccountService,
) -> None:
    token = _new_token(client, _login(client))["token"]
    response = app.test_client().post("/api/v1/auth/tokens", json={"name": "more"},
                                      headers=_bearer(token))
    body = _problem(response, 403)
    assert "password login" in body["detail"]


@pytest.mark.parametrize(("header", "error"), [
    ("Basic bGFuOnB3", "invalid_request"),
    ("Bearer", "invalid_request"),
    ("Bearer motcua_not-a-real-token", "invalid_token"),
])
def test_bad_authorization_headers_are_401_even_with_a_valid_cookie(
    client: FlaskClient, accounts: AccountService, header: str, error: str,
) -> None:
    _login(client)
    response = client.get("/api/v1/auth/me", headers={"Authorization": header})
    _problem(response, 401)
    assert f'error="{error}"' in response.headers["WWW-Authenticate"]


def test_tokens_are_private_to_their_owner(
    app: Flask, client: FlaskClient, accounts: AccountService,
) -> None:
    lans = _new_token(client, _login(client))
    binh = app.test_client()
    binh_csrf = _login(binh, "binh")
    assert binh.get("/api/v1/auth/tokens").get_json() == []
    response = binh.delete(f"/api/v1/auth/tokens/{lans['id']}",
                           headers={CSRF_HEADER: binh_csrf})
    _problem(response, 404)
    assert client.get("/api/v1/auth/tokens").get_json()[0]["revoked_at"] is None


def test_token_lifetime_is_validated_as_field_errors(
    client: FlaskClient, accounts: AccountService,
) -> None:
    csrf = _login(client)
    response = client.post("/api/v1/auth/tokens", json={"name": "", "days": 400},
                           headers={CSRF_HEADER: csrf})
    body = _problem(response, 422)
    assert set(body["errors"]) == {"name", "days"}


# -- authorization through HTTP -----------------------------------------------------------


@pytest.fixture
def diagram_route(app: Flask) -> str:
    def edit() -> dict[str, str]:
        principal = current_principal()
        DEFAULT_POLICY.can_edit_diagram(principal).enforce()
        return {"editor": principal.username}

    app.add_url_rule("/test/diagram", view_func=edit, methods=["POST"])
    return "/test/diagram"


def test_policy_denials_are_403_problems_naming_the_missing_role(
    client: FlaskClient, accounts: AccountService, diagram_route: str,
) -> None:
    _problem(client.post(diagram_route), 401)
    body = _problem(client.post(diagram_route, headers={CSRF_HEADER: _login(client)}), 403)
    assert body["type"] == "urn:motcua:problem:access-denied"
    assert body["required_roles"] == ["planner", "admin"]
    assert "lan does not have the role planner or admin" in body["detail"]
    planner = client.application.test_client()
    ok = planner.post(diagram_route, headers={CSRF_HEADER: _login(planner, "binh")})
    assert ok.get_json() == {"editor": "binh"}


def test_anonymous_me_is_a_401_with_a_bearer_challenge(client: FlaskClient) -> None:
    response = client.get("/api/v1/auth/me")
    body = _problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="motcua"'
    assert "POST /api/v1/auth/login" in body["detail"]


def test_openapi_documents_the_auth_endpoints_and_schemes(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/auth/login", "/api/v1/auth/tokens/{token_id}"} <= set(spec["paths"])
    assert set(spec["components"]["securitySchemes"]) == {"bearerAuth", "cookieAuth"}


@pytest.mark.parametrize(("value", "secure"), [(None, True), ("0", False), ("yes", True),
                                               (False, False)])
def test_cookie_settings_come_from_the_config(tmp_path: Path, value: Any,
                                              secure: bool) -> None:
    config: dict[str, Any] = {"VAR_DIR": str(tmp_path), "SECRET_KEY": "k",
                              "AUTH_SESSION_HOURS": "8"}
    if value is not None:
        config["AUTH_COOKIE_SECURE"] = value
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"] is secure
    assert app.config["PERMANENT_SESSION_LIFETIME"] == dt.timedelta(hours=8)
    assert (app.config["SESSION_COOKIE_HTTPONLY"], app.config["SESSION_COOKIE_SAMESITE"]) == (
        True, "Lax")


# -- motcua users -------------------------------------------------------------------------


@pytest.fixture
def cli_db(empty_db_url: str, tmp_path: Path) -> Iterator[tuple[CliState, Session]]:
    migrations.upgrade(empty_db_url)
    engine = create_db_engine(empty_db_url)
    state = CliState(config={"DATABASE_URL": empty_db_url, "VAR_DIR": str(tmp_path / "var"),
                             "SECRET_KEY": "users-cli"})
    with session_factory(engine)() as session:
        yield state, session
    state.close()
    engine.dispose()


#: The root group with ``users`` registered, as ``motcua`` has it once LAZY_COMMANDS lists it.
ROOT = MotcuaGroup(name="motcua", commands=[users])


def _users(state: CliState, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(ROOT, ["users", *args], obj=state, input=stdin)


def test_users_cli_creates_lists_and_issues_a_token_once(
    cli_db: tuple[CliState, Session],
) -> None:
    state, session = cli_db
    created = _users(state, "create", "Lan", "--role", "specialist", "--role", "leader",
                     "--unit", AGENCY, "--password-stdin", stdin=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    assert created.stdout.startswith(f"created lan\tleader,specialist\t{AGENCY}\tactive")
    assert f"unit {AGENCY} is neither a centre nor an agency" in created.stderr
    assert PASSWORD not in created.output
    issued = _users(state, "token", "lan", "--name", "ci", "--days", "7")
    assert issued.exit_code == 0, issued.output
    (token,) = issued.stdout.split()  # the token alone on stdout, for piping
    assert "shown only now" in issued.stderr
    service = AccountService(session, clock=SystemClock())
    resolved = service.resolve_token(token)
    assert resolved is not None
    assert resolved.touched
    assert resolved.principal.username == "lan"
    user = service.authenticate("lan", PASSWORD)
    assert user.id == resolved.principal.user_id
    (row,) = service.tokens(user)
    assert dt.timedelta(days=6, hours=23) < row.expires_at - row.created_at <= dt.timedelta(days=7)
    session.commit()  # resolving touched last_used_at: release SQLite's write lock
    listed = _users(state, "list", "--json")
    assert json.loads(listed.stdout) == [{"username": "lan", "display_name": "lan",
                                          "roles": ["leader", "specialist"],
                                          "units": [AGENCY], "active": True}]
    assert _users(state, "list").stdout.endswith("1 user(s)\n")
    changed = _users(state, "password", "lan", stdin="một mật khẩu mới dài\n")
    assert changed.exit_code == 0, changed.output
    assert _users(state, "deactivate", "lan").exit_code == 0
    session.expire_all()
    assert service.resolve_token(token) is None
    with pytest.raises(InvalidCredentials):
        service.authenticate("lan", "một mật khẩu mới dài")
    assert "\tinactive" in _users(state, "list").stdout


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("create", "lan", "--role", "receiver", "--password-stdin"), "short\n", "at least 10"),
    (("create", "lan", "--role", "receiver", "--password-stdin"), "", "held no password"),
    (("create", "lan", "--role", "boss"), None, "'boss' is not one of"),
    (("token", "nobody", "--name", "x"), None, "no user is called 'nobody'"),
    (("token", "nobody", "--name", "x", "--days", "400"), None, "400 is not in the range"),
])
def test_users_cli_refuses_bad_input(cli_db: tuple[CliState, Session], args: tuple[str, ...],
                                     stdin: str | None, message: str) -> None:
    state, session = cli_db
    result = _users(state, *args, stdin=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert session.query(User).count() == 0
