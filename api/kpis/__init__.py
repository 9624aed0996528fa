"""Decision 766 indicators over HTTP (``GET /api/v1/kpis``), and the role check shared with
the event log export."""

from .views import blp, require_any_role

__all__ = ["blp", "require_any_role"]
