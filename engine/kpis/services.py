"""``KpiService``: Decision 766 indicators of a period, grouped as asked.

The service only chooses the dialect-specific SQL and turns the aggregate rows into
:class:`~engine.kpis.reports.KpiRow` values; the rules are documented (and implemented)
in :mod:`engine.kpis.queries`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from engine.kpis.periods import as_instant
from engine.kpis.queries import GroupBy, indicators_statement
from engine.kpis.reports import KpiRow

__all__ = ["KpiService"]


class KpiService:
    """Reads the indicators through ``session``; it never writes."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def indicators(
        self,
        period_start: dt.date | dt.datetime,
        period_end: dt.date | dt.datetime,
        *,
        group_by: GroupBy = "total",
    ) -> list[KpiRow]:
        """The indicators of the dossiers received in ``[period_start, period_end)``.

        A date bound means midnight in Vietnam. Rows come ordered by key; ``"total"``
        always gives exactly one row, even for an empty period.
        """
        start, end = as_instant(period_start), as_instant(period_end)
        if end <= start:
            raise ValueError(f"the period [{start}, {end}) is empty: its end must be later")
        dialect = self.session.get_bind().dialect.name
        result = self.session.execute(indicators_statement(start, end, group_by, dialect))
        return [
            KpiRow(
                key=str(row.key),
                received=int(row.received),
                finished=int(row.finished),
                on_time=int(row.on_time),
                overdue_finished=int(row.overdue_finished),
                in_progress=int(row.in_progress),
                overdue_in_progress=int(row.overdue_in_progress),
                online=int(row.online),
                decided=int(row.decided),
                electronic_results=int(row.electronic_results),
                complained=int(row.complained),
                avg_resolution_days=(
                    None if row.avg_resolution_days is None else float(row.avg_resolution_days)
                ),
            )
            for row in result
        ]
