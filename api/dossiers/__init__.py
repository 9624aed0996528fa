"""The dossiers API (``/api/v1/dossiers``): see :mod:`api.dossiers.views`."""

from __future__ import annotations

from api.dossiers.views import blp

__all__ = ["blp"]
