"""Saved inbox filters API (``/api/v1/task-filters``): see :mod:`api.task_filters.views`."""

from __future__ import annotations

from api.task_filters.views import blp

__all__ = ["blp"]
