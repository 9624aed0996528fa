"""The HTTP API and the command line: Flask app factory, blueprints, error model, CLI."""

from __future__ import annotations

from api.app import create_app

__all__ = ["create_app"]
