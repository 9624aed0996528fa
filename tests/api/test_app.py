"""The app factory: configuration precedence, the secret key, the problem+json error model."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import marshmallow as ma
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_smorest import Api, Blueprint
from werkzeug.test import TestResponse

from api import create_app
from api.errors import PROBLEM_MIMETYPE
from bpmn.errors import BpmnParseError, CatalogError, ImportRowsError, MotcuaError, RowError
from engine.catalog.services import NotFoundError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No MOTCUA_* variable from the outside, and a working directory of our own."""
    import os  # noqa: PLC0415

    for name in [n for n in os.environ if n.startswith("MOTCUA_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_derive_from_the_working_directory(clean_env: Path) -> None:
    app = create_app()
    var = clean_env / "var"
    assert app.config["VAR_DIR"] == str(var)
    assert app.config["DATABASE_URL"] == f"sqlite:///{var / 'motcua.db'}"
    assert app.config["REDIS_URL"] is None
    assert app.config["API_TITLE"] == "MotCua"
    assert app.config["OPENAPI_URL_PREFIX"] == "/api/v1"


def test_environment_overrides_defaults_and_mapping_overrides_both(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTCUA_VAR_DIR", str(clean_env / "state"))
    monkeypatch.setenv("MOTCUA_REDIS_URL", "redis://env:6379/0")
    monkeypatch.setenv("MOTCUA_DATABASE_ECHO", "yes")
    from_env = create_app()
    assert from_env.config["REDIS_URL"] == "redis://env:6379/0"
    assert from_env.config["DATABASE_ECHO"] is True
    assert from_env.config["DATABASE_URL"].endswith("/state/motcua.db")
    from_mapping = create_app({"REDIS_URL": "redis://mapping:6379/1", "DATABASE_ECHO": False})
    assert from_mapping.config["REDIS_URL"] == "redis://mapping:6379/1"
    assert from_mapping.config["DATABASE_ECHO"] is False


def test_a_malformed_boolean_is_refused(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTCUA_DATABASE_ECHO", "maybe")
    with pytest.raises(ValueError, match="MOTCUA_DATABASE_ECHO"):
        create_app()


def test_secret_key_is_generated_once_private_and_reused(clean_env: Path) -> None:
    first = create_app().config["SECRET_KEY"]
    path = clean_env / "var" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 64
    assert create_app().config["SECRET_KEY"] == first == path.read_text()


def test_a_configured_secret_key_writes_no_file(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOTCUA_SECRET_KEY", "from-the-environment")
    assert create_app().config["SECRET_KEY"] == "from-the-environment"
    assert not (clean_env / "var" / "secret_key").exists()


def test_importing_the_package_does_nothing(tmp_path: Path) -> None:
    code = "import api, api.app, api.cli, engine.catalog.services"
    subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, check=True, env={"PYTHONPATH": str(REPO)}
    )
    assert list(tmp_path.iterdir()) == []


def test_health(client: FlaskClient) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "ok"
    assert response.json["schema_current"] is True


def test_openapi_document_is_served(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["info"] == {"title": "MotCua", "version": "v1"}
    assert "/api/v1/health" in response.json["paths"]


def _assert_problem(response: TestResponse, status: int) -> dict[str, object]:
    assert response.status_code == status
    assert response.mimetype == PROBLEM_MIMETYPE
    body = response.json
    assert isinstance(body, dict)
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def test_unknown_url_is_a_problem(client: FlaskClient) -> None:
    body = _assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert body["title"] == "Not Found"


def test_wrong_method_keeps_the_allow_header(client: FlaskClient) -> None:
    response = client.delete("/api/v1/health")
    _assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


@pytest.fixture
def routes(app: Flask) -> FlaskClient:
    """Test-only routes that fail in every way the error model must handle."""

    def boom() -> str:
        raise RuntimeError("secret internal state: password=hunter2")

    def not_found() -> str:
        raise NotFoundError("procedure '9.999999' is not in the catalogue")

    def catalog_error() -> str:
        raise CatalogError("statutory time of 1.000001 is negative")

    def parse_error() -> str:
        raise BpmnParseError("gateway has no outgoing flow", element_id="Gateway_1")

    def rows_error() -> str:
        raise ImportRowsError([RowError(3, "fee", "not a number: 'abc'")])

    def plain() -> str:
        raise MotcuaError("something the user can fix")

    for view in (boom, not_found, catalog_error, parse_error, rows_error, plain):
        app.add_url_rule(f"/test/{view.__name__}", view_func=view)

    class Payload(ma.Schema):
        name = ma.fields.String(required=True)
        fee = ma.fields.Integer(required=True)

    blp = Blueprint("test_validation", __name__, url_prefix="/test")

    @blp.route("/validated", methods=["POST"])
    @blp.arguments(Payload)
    def validated(payload: dict[str, object]) -> dict[str, object]:
        return payload

    api: Api = app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    api.register_blueprint(blp)
    return app.test_client()


def test_unexpected_exception_is_a_generic_500_and_logged(
    routes: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    response = routes.get("/test/boom")
    body = _assert_problem(response, 500)
    assert "hunter2" not in response.get_data(as_text=True)
    assert body["detail"] == "An unexpected error occurred; it has been logged."
    assert "hunter2" in caplog.text


@pytest.mark.parametrize(
    ("view", "status", "type_"),
    [
        ("not_found", 404, "urn:motcua:problem:not-found"),
        ("catalog_error", 422, "urn:motcua:problem:catalog"),
        ("parse_error", 422, "urn:motcua:problem:bpmn-parse"),
        ("rows_error", 422, "urn:motcua:problem:import-rows"),
        ("plain", 400, "urn:motcua:problem:motcua"),
    ],
)
def test_motcua_errors_map_to_statuses(
    routes: FlaskClient, view: str, status: int, type_: str
) -> None:
    body = _assert_problem(routes.get(f"/test/{view}"), status)
    assert body["type"] == type_


def test_domain_details_are_kept(routes: FlaskClient) -> None:
    parse = _assert_problem(routes.get("/test/parse_error"), 422)
    assert parse["element_id"] == "Gateway_1"
    assert parse["detail"] == "gateway has no outgoing flow"
    rows = _assert_problem(routes.get("/test/rows_error"), 422)
    assert rows["errors"] == {"row 3: fee": ["not a number: 'abc'"]}


def test_validation_errors_list_messages_per_field(routes: FlaskClient) -> None:
    body = _assert_problem(routes.post("/test/validated", json={"fee": "x"}), 422)
    assert body["type"] == "urn:motcua:problem:validation"
    errors = body["errors"]
    assert isinstance(errors, dict)
    assert set(errors) == {"name", "fee"}
    assert routes.post("/test/validated", json={"name": "a", "fee": 1}).status_code == 200
