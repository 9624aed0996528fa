"""``/api/v1/task-filters``: saved inbox filters, and running one as the inbox.

The rules are :mod:`engine.inbox.services`: a caller lists, reads and runs their own
filters and those shared with a queue they work; only the owner changes or deletes one,
and shares only with a queue they work. ``GET /task-filters/{id}/tasks`` parses the saved
query with the schema of ``GET /tasks`` and runs it through the same inbox queries for
the *caller* (a shared filter shows each officer their own inbox, never the owner's).
Writes commit when they succeed. Errors, all ``application/problem+json``: 401 without
credentials; 403 changing someone else's filter or sharing with a queue you do not work
(``access-denied``); 404 a filter you cannot see; 409 a name you already use
(``filter-conflict``); 422 a body, query key or value that does not validate
(``filter-validation``, messages per field under ``query.<key>``).
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from api.auth.loading import auth_state, clock, current_principal
from api.dossiers.services import runtime, unit_of_work
from api.errors import TYPE_PREFIX, problem, register_status
from api.extensions import get_session
from api.tasks.schemas import InboxArgsSchema, TaskSchema
from api.tasks.services import InboxFilters, TaskQueries
from engine.inbox.errors import FilterConflict, FilterValidationError
from engine.inbox.models import SavedFilter
from engine.inbox.services import SavedFilters

from .schemas import SavedFilterArgsSchema, SavedFilterSchema

__all__ = ["blp"]

blp = Blueprint(
    "task_filters",
    __name__,
    url_prefix="/api/v1",
    description="Saved inbox filters: named GET /tasks queries, private or shared with a "
                "queue, and the inbox they select.",
)


@blp.record_once
def _statuses(_state: Any) -> None:
    register_status(FilterValidationError, 422)
    register_status(FilterConflict, 409)


@blp.app_errorhandler(FilterValidationError)
def _invalid(error: FilterValidationError) -> Response:
    errors = {field: [message] for field, message in error.errors.items()}
    return problem(422, str(error), type_=f"{TYPE_PREFIX}filter-validation", errors=errors)


def _filters() -> SavedFilters:
    return SavedFilters(get_session(), current_principal(), policy=auth_state().policy,
                        clock=clock())


def _present(filters: SavedFilters, row: SavedFilter) -> dict[str, Any]:
    columns = {column.key: getattr(row, column.key) for column in SavedFilter.__table__.columns}
    return {**columns, "editable": filters.editable(row)}


def _inbox_filters(row: SavedFilter) -> InboxFilters:
    """The saved query as ``GET /tasks`` would parse it from the query string."""
    raw = {key: value for key, value in row.query.items() if key != "format"}
    try:
        args = InboxArgsSchema().load(raw)
    except ma.ValidationError as error:
        messages = error.normalized_messages()
        raise FilterValidationError(
            f"saved filter {row.id} no longer matches the GET /tasks filters; its owner "
            "should update it", errors={f"query.{key}": "; ".join(map(str, value))
                                        if isinstance(value, list) else str(value)
                                        for key, value in messages.items()}) from None
    return InboxFilters(state=args.pop("status"), **args)


@blp.route("/task-filters")
class TaskFilters(MethodView):
    @blp.response(200, SavedFilterSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Your filters (by name), then those shared with a queue you work."""
        filters = _filters()
        return [_present(filters, row) for row in filters.list()]

    @blp.arguments(SavedFilterArgsSchema())
    @blp.response(201, SavedFilterSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Save a filter; share it with a queue you work with ``shared_with_group``."""
        filters = _filters()
        with unit_of_work():
            row = filters.create(body["name"], body["query"], body["shared_with_group"])
        return _present(filters, row)


@blp.route("/task-filters/<int:filter_id>")
class TaskFilter(MethodView):
    @blp.response(200, SavedFilterSchema)
    def get(self, filter_id: int) -> dict[str, Any]:
        """One of your filters, or one shared with a queue you work."""
        filters = _filters()
        return _present(filters, filters.get(filter_id))

    @blp.arguments(SavedFilterArgsSchema())
    @blp.response(200, SavedFilterSchema)
    def put(self, body: dict[str, Any], filter_id: int) -> dict[str, Any]:
        """Replace the name, query and sharing of your filter (owner only)."""
        filters = _filters()
        with unit_of_work():
            row = filters.update(filter_id, body["name"], body["query"],
                                 body["shared_with_group"])
        return _present(filters, row)

    @blp.response(204)
    def delete(self, filter_id: int) -> None:
        """Delete your filter (owner only)."""
        filters = _filters()
        with unit_of_work():
            filters.delete(filter_id)


@blp.route("/task-filters/<int:filter_id>/tasks")
class TaskFilterTasks(MethodView):
    @blp.response(200, TaskSchema(many=True))
    @blp.paginate(page_size=20, max_page_size=100)
    def get(self, filter_id: int,
            pagination_parameters: Any) -> list[dict[str, Any]]:
        """Your inbox narrowed by the saved query, as ``GET /tasks`` with its arguments
        would list it (``X-Pagination``: the total)."""
        principal = current_principal()
        row = _filters().get(filter_id)
        queries = TaskQueries(get_session(), principal, auth_state().policy,
                              now=clock().now(), calendar=runtime().calendar)
        rows, total = queries.search(_inbox_filters(row),
                                     offset=pagination_parameters.first_item,
                                     limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return rows
