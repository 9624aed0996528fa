"""The task inbox API (``/api/v1/tasks``): see :mod:`api.tasks.views`."""

from __future__ import annotations

from api.tasks.views import blp

__all__ = ["blp"]
