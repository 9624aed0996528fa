"""The dossier event log over HTTP (``GET /api/v1/eventlog``), CSV or XES, streamed."""

from .views import blp

__all__ = ["blp"]
