"""Configuration of the app: defaults, then ``MOTCUA_*`` environment variables, then a mapping.

Read once by :func:`api.create_app`, never at import time. Every key can come from the
environment as ``MOTCUA_<KEY>``; values are strings except for keys whose default is a
bool or an int, which are converted (``MOTCUA_DATABASE_ECHO=1``).

Derived values, filled in after merging, only when nothing set them:

- ``VAR_DIR``: ``./var`` of the working directory; holds the SQLite file and the secret.
- ``DATABASE_URL``: ``sqlite:///<VAR_DIR>/motcua.db``.
- ``SECRET_KEY``: generated once into ``<VAR_DIR>/secret_key`` (mode 0600) and read back
  on every later start, so sessions survive a restart and no key lives in the code.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["DEFAULTS", "ENV_PREFIX", "load_config", "load_or_create_secret"]

ENV_PREFIX = "MOTCUA_"

DEFAULTS: dict[str, Any] = {
    "VAR_DIR": None,
    "DATABASE_URL": None,
    "DATABASE_ECHO": False,
    "REDIS_URL": None,  # unset: jobs run inline in the web process
    "JOBS_QUEUE": "motcua",
    "SIMULATION_JOB_PREFIX": "simulation",  # start of simulation runs' job ids
    "AUTH_COOKIE_SECURE": True,  # the session cookie travels over HTTPS only
    "AUTH_SESSION_HOURS": 12,
    "SECRET_KEY": None,
    "API_TITLE": "MotCua",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    # Largest request body (413 beyond). Equal to the diagram limit of PUT .../versions/draft
    # (api.versions.views.DEFAULT_MAX_BYTES, BPMN_MAX_BYTES): raise both together.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    # No OPENAPI_SWAGGER_UI_PATH / REDOC_PATH: those pages load their code from a CDN.
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def load_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The merged configuration (see the module docstring for the order)."""
    config = dict(DEFAULTS)
    env = os.environ if environ is None else environ
    for name, raw in env.items():
        if name.startswith(ENV_PREFIX) and len(name) > len(ENV_PREFIX):
            key = name.removeprefix(ENV_PREFIX)
            config[key] = _convert(key, raw)
    config.update(overrides or {})
    var_dir = Path(config["VAR_DIR"] or Path.cwd() / "var").expanduser().resolve()
    config["VAR_DIR"] = str(var_dir)
    if not config["DATABASE_URL"]:
        config["DATABASE_URL"] = f"sqlite:///{var_dir / 'motcua.db'}"
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = load_or_create_secret(var_dir / "secret_key")
    return config


def _convert(key: str, raw: str) -> Any:
    default = DEFAULTS.get(key)
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value not in _TRUE | _FALSE:
            raise ValueError(f"{ENV_PREFIX}{key}={raw!r}: use 1/0, true/false, yes/no or on/off")
        return value in _TRUE
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{ENV_PREFIX}{key}={raw!r} is not a whole number") from None
    return raw


def load_or_create_secret(path: Path) -> str:
    """Read the secret key at ``path``, creating it (0600, ``O_EXCL``) on first use.

    ``O_EXCL`` makes two processes starting together agree on one key: the loser of the
    race reads the winner's file.
    """
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret)
    return secret


def _read_secret(path: Path) -> str:
    secret = path.read_text(encoding="ascii").strip()
    if not secret:
        raise ValueError(f"{path} is empty; delete it to generate a new secret key")
    return secret
