"""Decision 766 indicators (Quyết định 766/QĐ-TTg) of the dossiers, computed in SQL.

- :mod:`~engine.kpis.queries`: the rules and the one aggregate statement (SQLite and
  PostgreSQL);
- :mod:`~engine.kpis.reports`: :class:`KpiRow`, the counts and the rates derived from them;
- :mod:`~engine.kpis.periods`: periods and months in Vietnam time;
- :mod:`~engine.kpis.services`: :class:`KpiService`, what the CLI, the API and jobs call::

    KpiService(session).indicators(date(2025, 7, 1), date(2025, 8, 1), group_by="centre")
"""

from __future__ import annotations

from engine.kpis.periods import VIETNAM_TZ, as_instant, day_period, month_period
from engine.kpis.queries import GroupBy
from engine.kpis.reports import KpiRow
from engine.kpis.services import KpiService

__all__ = [
    "VIETNAM_TZ",
    "GroupBy",
    "KpiRow",
    "KpiService",
    "as_instant",
    "day_period",
    "month_period",
]
