"""Decision 766 indicators as one aggregate SQL statement (SQLite and PostgreSQL).

Why SQL: a province-year is over a million dossiers; the database counts them with one
``GROUP BY`` and only the group rows travel to Python.

The rules (Decision 766/QĐ-TTg as summarized in DESIGN.md), for a period ``[start, end)``:

- **Population**: the dossiers *received* in the period (``received_at`` in it). A dossier
  never received (still submitted online, or refused before reception without a
  ``received_at``) started no statutory clock and is not counted.
- **End time**: ``decided_at`` (status 9, where the clock stops), else ``returned_at``
  (10), else ``finished_at`` (refused 3, withdrawn 7, stopped 8). A result returned late
  after an on-time decision is therefore on time.
- **Judged at the period's end**: a dossier is *finished* if its end time is before
  ``end``; otherwise it is *in progress*, whatever happened later. Re-running a past
  period gives the same counts, except that ``due_at`` and ``supplement_count`` are the
  dossier's current values (the table keeps no history of them).
- **Overdue**: a finished dossier whose end time is after ``due_at``, an unfinished one
  whose ``due_at`` is before ``end``, and any dossier with more than one supplement
  request (``supplement_count > 1``), even if decided early. ``due_at`` already includes
  the supplement pauses, so waiting for the applicant is not held against the agency. An
  unfinished dossier still waiting for a supplement at ``end`` (``paused_since`` before
  it) is judged when its clock stopped: overdue only if ``due_at`` had already passed
  when the pause began (``due_at`` is pushed back only when the pause ends).
- **Refused, withdrawn, stopped** are finished; they are on time unless they ended after
  ``due_at`` (a dossier withdrawn after its deadline had already been late). Refused at
  reception usually has no ``due_at`` and is then on time.
- **Average resolution time**: over finished dossiers, ``(end time − received_at) −
  paused_seconds`` in days of 24 h. ``paused_seconds`` counts office time paused, so this
  slightly overstates a supplement pause's weight over nights; it is the figure the
  model stores.
- **Online share** (channel 2) and **complaint rate** (``complaint_count > 0``) are over
  the received dossiers; the **electronic-result share** over the dossiers decided
  before ``end`` (a result exists), counting ``return_channel == "electronic"``.

Vietnam time: months and periods are UTC+7 (no daylight saving). Period bounds are aware
instants, so comparing them with stored UTC is exact; the month key shifts the stored UTC
by seven hours in SQL (:func:`month_key`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    SQLColumnExpression,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
    or_,
    select,
)

from engine.catalog.models import Procedure
from engine.dossiers.models import Channel, Dossier

__all__ = ["GroupBy", "indicators_statement", "month_key", "seconds_between"]

GroupBy = Literal["centre", "field", "procedure", "month", "total"]
ELECTRONIC = "electronic"


def month_key(moment: SQLColumnExpression[Any], dialect: str) -> ColumnElement[str]:
    """``YYYY-MM`` of a stored UTC timestamp, in Vietnam time.

    The format strings are literal SQL, not bind parameters: PostgreSQL matches a
    ``GROUP BY`` expression with the selected one only if they are textually the same.
    """
    if dialect == "postgresql":
        local = func.timezone(literal_column("'Asia/Ho_Chi_Minh'"), moment)
        return func.to_char(local, literal_column("'YYYY-MM'"))
    return func.strftime(literal_column("'%Y-%m'"), moment, literal_column("'+7 hours'"))


def seconds_between(
    start: SQLColumnExpression[Any], stop: SQLColumnExpression[Any], dialect: str
) -> ColumnElement[float]:
    """Elapsed seconds from ``start`` to ``stop`` (both stored timestamps)."""
    if dialect == "postgresql":
        return cast(extract("epoch", stop - start), Float)
    return (func.julianday(stop) - func.julianday(start)) * 86400.0


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _indicator_columns(
    start: dt.datetime, end: dt.datetime, dialect: str
) -> list[ColumnElement[Any]]:
    end_time = func.coalesce(Dossier.decided_at, Dossier.returned_at, Dossier.finished_at)
    finished = and_(end_time.is_not(None), end_time < end)
    unfinished = or_(end_time.is_(None), end_time >= end)
    many_supplements = Dossier.supplement_count > 1
    ended_late = and_(Dossier.due_at.is_not(None), end_time > Dossier.due_at)
    # A dossier waiting for a supplement has a stopped clock: its due_at moves only when it
    # resumes, so it is judged when the pause began, not at the period's end.
    paused = and_(Dossier.paused_since.is_not(None), Dossier.paused_since < end)
    judged_at = case((paused, Dossier.paused_since), else_=end)
    open_past_due = and_(Dossier.due_at.is_not(None), Dossier.due_at < judged_at)
    decided = and_(Dossier.decided_at.is_not(None), Dossier.decided_at < end)
    resolution = seconds_between(Dossier.received_at, end_time, dialect) - Dossier.paused_seconds
    return [
        func.count(Dossier.id).label("received"),
        _count(finished).label("finished"),
        _count(and_(finished, ~many_supplements, ~ended_late)).label("on_time"),
        _count(and_(finished, or_(many_supplements, ended_late))).label("overdue_finished"),
        _count(unfinished).label("in_progress"),
        _count(and_(unfinished, or_(many_supplements, open_past_due))).label("overdue_in_progress"),
        _count(Dossier.channel == Channel.ONLINE).label("online"),
        _count(decided).label("decided"),
        _count(and_(decided, Dossier.return_channel == ELECTRONIC)).label("electronic_results"),
        _count(Dossier.complaint_count > 0).label("complained"),
        (func.avg(case((finished, resolution))) / 86400.0).label("avg_resolution_days"),
    ]


def _group_key(group_by: GroupBy, dialect: str) -> SQLColumnExpression[Any] | None:
    keys: dict[str, SQLColumnExpression[Any]] = {
        "centre": Dossier.received_centre,
        "field": Procedure.field,
        "procedure": Procedure.code,
        "month": month_key(Dossier.received_at, dialect),
    }
    if group_by == "total":
        return None
    if group_by not in keys:
        raise ValueError(f"unknown grouping {group_by!r}: use one of {sorted(keys)} or 'total'")
    return keys[group_by]


def indicators_statement(
    start: dt.datetime, end: dt.datetime, group_by: GroupBy, dialect: str
) -> Select[Any]:
    """One row per group: a ``key`` column then the counts of :class:`~engine.kpis.KpiRow`."""
    key = _group_key(group_by, dialect)
    columns = _indicator_columns(start, end, dialect)
    stmt = (
        select(
            (literal("total") if key is None else key).label("key"),
            *columns,
        )
        .select_from(Dossier)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.received_at >= start, Dossier.received_at < end)
    )
    if key is not None:
        stmt = stmt.group_by(key).order_by(key)
    return stmt
