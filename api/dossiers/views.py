"""``/api/v1/dossiers``: receive dossiers, list and read them, withdraw, stop, extend, accept.

Every action goes through :class:`~engine.accounts.guarded.AuthorizedDossiers` (the rules
are :mod:`engine.accounts.policy`) and commits when it succeeds. Errors, all
``application/problem+json``:

- 401 without credentials; 403 when the policy refuses (``access-denied``, naming the role
  and unit missing) or the task is someone else's (``not-your-task``);
- 404 for an unknown dossier code or task id;
- 409 when the action does not fit the dossier's current status or open steps
  (``transition``: withdraw a returned dossier, extend twice, accept a dossier already
  received), when another transaction changed the dossier first (``conflict``: reload
  and retry), and when the procedure has no published version (``procedure-unavailable``).
  A transition error is a 409 rather than a 422 because the request itself is well formed:
  the same body succeeds against a dossier in another state;
- 422 when the body or query does not validate, and when a task's form data does not
  match its form (``form-validation``), with the messages per field in ``errors``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Response, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from api.auth.loading import clock, current_principal
from api.errors import TYPE_PREFIX, problem, register_status
from api.extensions import get_session
from api.public.tracking import tracking_key
from engine.accounts.guarded import AuthorizedDossiers
from engine.dossiers.errors import (
    CaseError,
    ConflictError,
    FormValidationError,
    NotYourTask,
    ProcedureUnavailable,
    TransitionError,
)
from engine.dossiers.models import Dossier
from engine.dossiers.services import Receipt

from .schemas import (
    AcceptedSchema,
    DossierDetailSchema,
    DossierQueryArgsSchema,
    DossierSchema,
    ExtendSchema,
    ReasonSchema,
    ReceiptSchema,
    ReceiveSchema,
)
from .services import (
    DossierFilters,
    DossierQueries,
    authorized,
    open_tasks,
    present,
    unit_of_work,
)

__all__ = ["blp"]

blp = Blueprint(
    "dossiers",
    __name__,
    url_prefix="/api/v1",
    description="Dossiers (hồ sơ): reception, the list, history, and ending or extending one.",
)


@blp.record_once
def _statuses(_state: Any) -> None:
    register_status(CaseError, 409)
    register_status(TransitionError, 409)
    register_status(ConflictError, 409)
    register_status(ProcedureUnavailable, 409)
    register_status(NotYourTask, 403)
    register_status(FormValidationError, 422)


@blp.app_errorhandler(FormValidationError)
def _form_invalid(error: FormValidationError) -> Response:
    """422 with one message list per form field, under ``data.<field>`` (the request body
    path of ``POST /tasks/{id}/complete``)."""
    errors = {(f"data.{name}" if name else "data"): [message]
              for name, message in error.errors.items()}
    return problem(422, str(error), type_=f"{TYPE_PREFIX}form-validation", errors=errors)


def _receipt(dossier: Dossier, receipt: Receipt) -> dict[str, Any]:
    return {**asdict(receipt), "appointment": receipt.appointment, "status": dossier.status,
            "lock_version": dossier.lock_version}


def _summary(actions: AuthorizedDossiers, dossier: Dossier) -> dict[str, Any]:
    return present(dossier, procedure_code=actions.service.receipt(dossier).procedure_code)


@blp.route("/dossiers")
class Dossiers(MethodView):
    @blp.arguments(DossierQueryArgsSchema(), location="query", as_kwargs=True)
    @blp.response(200, DossierSchema(many=True))
    @blp.paginate(page_size=20, max_page_size=100)
    def get(self, pagination_parameters: Any, **filters: Any) -> list[dict[str, Any]]:
        """The dossiers the caller may view, newest first (``X-Pagination``: the total)."""
        queries = DossierQueries(get_session(), current_principal())
        rows, total = queries.search(DossierFilters(**filters), now=clock().now(),
                                     offset=pagination_parameters.first_item,
                                     limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        codes = queries.procedure_codes(rows)
        return [present(row, procedure_code=codes[row.procedure_id]) for row in rows]

    @blp.arguments(ReceiveSchema())
    @blp.response(201, ReceiptSchema, headers={"Location": {"schema": {"type": "string"}}})
    def post(self, body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Receive a dossier (receiver of ``centre``): the receipt with its appointment.

        In person or by post the dossier is received at once (status 2); online it is
        submitted (status 1) until ``POST /dossiers/{code}/accept``.
        """
        actions = authorized()
        with unit_of_work():
            # The second factor for public tracking: printed on the receipt, shown only
            # in this answer, stored only as a hash (with the reception's own write).
            dossier, receipt = actions.receive(body.pop("procedure_code"),
                                               tracking_key=tracking_key(), **body)
        location = url_for("dossiers.DossierDetail", code=dossier.code)
        return {**_receipt(dossier, receipt), "tracking_secret": receipt.tracking_secret}, 201, {
            "Location": location}


@blp.route("/dossiers/<code>")
class DossierDetail(MethodView):
    @blp.response(200, DossierDetailSchema)
    def get(self, code: str) -> dict[str, Any]:
        """One dossier with its history (the audit events) and its open tasks."""
        actions = authorized()
        dossier = actions.get(code)
        receipt = actions.service.receipt(dossier)
        return present(dossier, procedure_code=receipt.procedure_code,
                       procedure_name=receipt.procedure_name,
                       appointment=receipt.appointment,
                       history=actions.service.history(code), open_tasks=open_tasks(dossier))


@blp.route("/dossiers/<code>/withdraw")
class Withdraw(MethodView):
    @blp.arguments(ReasonSchema())
    @blp.response(200, DossierSchema)
    def post(self, body: dict[str, Any], code: str) -> dict[str, Any]:
        """The applicant withdraws (status 7); recorded by a receiver of the dossier."""
        actions = authorized()
        with unit_of_work():
            dossier = actions.withdraw(code, reason=body["reason"])
        return _summary(actions, dossier)


@blp.route("/dossiers/<code>/stop")
class Stop(MethodView):
    @blp.arguments(ReasonSchema())
    @blp.response(200, DossierSchema)
    def post(self, body: dict[str, Any], code: str) -> dict[str, Any]:
        """Stop processing (status 8): leader of the competent agency."""
        actions = authorized()
        with unit_of_work():
            dossier = actions.stop(code, reason=body["reason"])
        return _summary(actions, dossier)


@blp.route("/dossiers/<code>/extend")
class Extend(MethodView):
    @blp.arguments(ExtendSchema())
    @blp.response(200, DossierSchema)
    def post(self, body: dict[str, Any], code: str) -> dict[str, Any]:
        """Form 04: a new due date, once, at least a working day before the current one."""
        actions = authorized()
        with unit_of_work():
            dossier = actions.extend(code, new_due=body["new_due"], reason=body["reason"])
        return _summary(actions, dossier)


@blp.route("/dossiers/<code>/accept")
class Accept(MethodView):
    @blp.response(200, AcceptedSchema)
    def post(self, code: str) -> dict[str, Any]:
        """Receive an online dossier (1 → 2): receiver of its centre; the clock starts."""
        with unit_of_work():
            dossier, receipt = authorized().accept_online(code)
        return _receipt(dossier, receipt)
