"""The application factory: the only place a Flask app is made (web, CLI, jobs, tests)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from api.auth import init_auth
from api.blueprints import register_blueprints
from api.config import load_config
from api.errors import MotcuaApi, register_error_handlers
from api.extensions import init_database
from api.jobs import init_jobs

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build an app: defaults, then ``MOTCUA_*`` environment variables, then ``config``.

    Creating the app opens no connection; the database is first touched by a request or
    a command.
    """
    settings = load_config(config)
    # The instance folder is VAR_DIR, where the SQLite file and the secret key live.
    app = Flask(
        "api",
        root_path=str(Path(__file__).resolve().parent),
        instance_path=settings["VAR_DIR"],
    )
    app.config.from_mapping(settings)
    init_database(app)
    init_jobs(app)
    api = MotcuaApi(app)
    register_error_handlers(app)
    init_auth(app)
    register_blueprints(api)
    return app
