"""``GET /api/v1/health``: is the app up, can it reach its database, is the schema current.

For load balancers and ``make run`` smoke checks: 200 when the database answers (the body
says whether migrations are pending), 503 as a problem when it does not.
"""

from __future__ import annotations

from typing import Any

from alembic.runtime.migration import MigrationContext
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields
from sqlalchemy.exc import SQLAlchemyError

from api.extensions import get_session
from engine import migrations

__all__ = ["blp"]

blp = Blueprint(
    "health", __name__, url_prefix="/api/v1/health", description="Liveness and readiness."
)


class HealthSchema(Schema):
    status = fields.String(metadata={"description": '"ok"'})
    database = fields.String(metadata={"description": "database backend name"})
    schema_revision = fields.String(allow_none=True)
    schema_head = fields.String(allow_none=True)
    schema_current = fields.Boolean(metadata={"description": "false: run `motcua db upgrade`"})


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, Any]:
        """Check the database connection and the schema revision."""
        session = get_session()
        try:
            connection = session.connection()
            revision = MigrationContext.configure(connection).get_current_revision()
        except SQLAlchemyError:
            abort(503, message="The database does not answer; check DATABASE_URL.")
        head = migrations.head()
        return {
            "status": "ok",
            "database": connection.dialect.name,
            "schema_revision": revision,
            "schema_head": head,
            "schema_current": revision == head,
        }
