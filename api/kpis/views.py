"""``GET /api/v1/kpis``: Decision 766 indicators of the dossiers received in a period.

Who: analysts, leaders and administrators (indicators name centres and agencies, and
leaders answer for theirs). The numbers are :class:`engine.kpis.KpiService`'s, the same
as ``motcua kpi``; a period is ``from``..``to``, both days included, Vietnam time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, ValidationError

from api.auth import current_principal
from api.extensions import get_session
from engine.accounts.errors import AccessDenied
from engine.accounts.models import Role
from engine.kpis import VIETNAM_TZ, GroupBy, KpiService
from engine.kpis.periods import day_period

from .schemas import KpiQuerySchema, KpiReportSchema, check_period

__all__ = ["KPI_ROLES", "blp", "period", "require_any_role"]

KPI_ROLES = (Role.ANALYST, Role.LEADER, Role.ADMIN)

blp = Blueprint("kpis", __name__, url_prefix="/api/v1",
                description="Decision 766 indicators (on time, overdue, satisfaction).")


def require_any_role(roles: Iterable[Role], action: str) -> None:
    """401 when anonymous; 403 naming the roles when the principal holds none of them."""
    principal = current_principal()
    wanted = tuple(roles)
    if not principal.roles & set(wanted):
        names = " or ".join(role.value for role in wanted)
        raise AccessDenied(f"{action} needs the role {names}: {principal.username} has "
                           "none of them", roles=[role.value for role in wanted])


def period(args: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """The requested days, defaulting to this month up to today (Vietnam time)."""
    today = dt.datetime.now(VIETNAM_TZ).date()
    given = args.get("last")
    first = args.get("first") or (given or today).replace(day=1)
    last = given or max(today, first)
    try:
        check_period(first, last)  # only `from` given: it may be years before today
    except ValidationError as error:
        abort(422, message=f"The period {first}..{last} is not valid",
              errors=error.normalized_messages())
    return first, last


@blp.route("/kpis")
class Kpis(MethodView):
    @blp.doc(security=[{"bearerAuth": []}, {"cookieAuth": []}])
    @blp.arguments(KpiQuerySchema(), location="query", unknown=RAISE)
    @blp.response(200, KpiReportSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Indicators of the dossiers received from ``from`` to ``to``, grouped by ``by``.

        Finished dossiers are judged on time or late; unfinished ones are judged at the end
        of the period. ``by=total`` always answers one row, even for an empty period.
        """
        require_any_role(KPI_ROLES, "reading indicators")
        first, last = period(args)
        start, end = day_period(first, last)
        rows = KpiService(get_session()).indicators(
            start, end, group_by=cast(GroupBy, args["by"]))
        return {"first": first, "last": last, "by": args["by"],
                "rows": [row.as_dict() for row in rows]}
