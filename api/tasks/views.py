"""``/api/v1/tasks``: the inbox of the logged-in officer, and working its tasks.

The inbox lists the open task rows of the queues the caller may work (rules in
:mod:`api.tasks.services`); ``GET /tasks/{id}`` shows any task of a dossier the caller may
view, with its form schema. Claiming, releasing, delegating and completing go through
:class:`~engine.accounts.guarded.AuthorizedDossiers` and commit when they succeed. The
error statuses are those of :mod:`api.dossiers.views` (403 not allowed or not your task,
404 unknown id, 409 stale ``lock_version`` or a task no longer open, 422 form data that
does not match the form, per field under ``data.<field>``).
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from api.auth.loading import auth_state, clock, current_principal
from api.dossiers.schemas import DossierDetailSchema
from api.dossiers.services import authorized, open_tasks, present, runtime, unit_of_work
from api.extensions import get_session
from engine.dossiers.models import DossierTask

from .schemas import (
    CompleteSchema,
    CountSchema,
    DelegateSchema,
    InboxArgsSchema,
    TaskDetailSchema,
    TaskSchema,
    flatten,
)
from .services import InboxFilters, TaskQueries, form_of

__all__ = ["blp"]

blp = Blueprint(
    "tasks",
    __name__,
    url_prefix="/api/v1",
    description="The task inbox: list, count, claim, release, delegate and complete tasks.",
)


def _queries() -> TaskQueries:
    return TaskQueries(get_session(), current_principal(), auth_state().policy,
                       now=clock().now(), calendar=runtime().calendar)


def _filters(args: dict[str, Any]) -> InboxFilters:
    return InboxFilters(state=args.pop("status"), **args)


def _detail(row: DossierTask) -> dict[str, Any]:
    return flatten(row, dossier=present(row.dossier, procedure_code=row.procedure_code),
                   form_schema=form_of(get_session(), runtime().specs, row))


@blp.route("/tasks")
class Tasks(MethodView):
    @blp.arguments(InboxArgsSchema(), location="query")
    @blp.response(200, TaskSchema(many=True))
    @blp.paginate(page_size=20, max_page_size=100)
    def get(self, args: dict[str, Any], pagination_parameters: Any) -> list[dict[str, Any]]:
        """The caller's inbox, most urgent first (``X-Pagination``: the total)."""
        rows, total = _queries().search(_filters(args),
                                        offset=pagination_parameters.first_item,
                                        limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return rows


@blp.route("/tasks/count")
class TaskCount(MethodView):
    @blp.arguments(InboxArgsSchema(), location="query")
    @blp.response(200, CountSchema)
    def get(self, args: dict[str, Any]) -> dict[str, int]:
        """How many tasks ``GET /tasks`` would list with the same arguments (badges)."""
        return {"count": _queries().count(_filters(args))}


@blp.route("/tasks/<int:task_id>")
class TaskDetail(MethodView):
    @blp.response(200, TaskDetailSchema)
    def get(self, task_id: int) -> dict[str, Any]:
        """One task of a dossier the caller may view, with its form schema."""
        return _detail(authorized().task(task_id))


@blp.route("/tasks/<int:task_id>/claim")
class Claim(MethodView):
    @blp.response(200, TaskSchema)
    def post(self, task_id: int) -> DossierTask:
        """Take the task (an officer of its queue); claiming it again changes nothing."""
        actions = authorized()
        with unit_of_work():
            return actions.claim(task_id)


@blp.route("/tasks/<int:task_id>/unclaim")
class Unclaim(MethodView):
    @blp.response(200, TaskSchema)
    def post(self, task_id: int) -> DossierTask:
        """Give the task back to its queue (its assignee only)."""
        actions = authorized()
        with unit_of_work():
            return actions.unclaim(task_id)


@blp.route("/tasks/<int:task_id>/delegate")
class Delegate(MethodView):
    @blp.arguments(DelegateSchema())
    @blp.response(200, TaskSchema)
    def post(self, body: dict[str, Any], task_id: int) -> DossierTask:
        """Hand the task to another officer who may work it (assignee or a unit leader)."""
        actions = authorized()
        with unit_of_work():
            return actions.delegate(task_id, body["to"])


@blp.route("/tasks/<int:task_id>/complete")
class Complete(MethodView):
    @blp.arguments(CompleteSchema())
    @blp.response(200, DossierDetailSchema)
    def post(self, body: dict[str, Any], task_id: int) -> dict[str, Any]:
        """Submit the task's form; the dossier moves on. Answers the dossier with its
        new status and open tasks (the next steps may be other units')."""
        actions = authorized()
        with unit_of_work():
            dossier = actions.complete_task(task_id, body["data"],
                                            expected_lock_version=body.get("lock_version"))
        # the completed row is one of the dossier's rows: no need to read it again
        completed = next(row for row in dossier.tasks if row.id == task_id)
        return present(dossier, procedure_code=completed.procedure_code,
                       open_tasks=open_tasks(dossier))
