"""``GET /api/v1/jobs/{id}``: the status of a background job (rq or inline)."""

from .views import blp

__all__ = ["blp"]
