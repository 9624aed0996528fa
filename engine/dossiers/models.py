"""Tables of running dossiers: the dossier, its open human tasks, its timers, its events.

Lifecycle (national status codes, Circular 03/2025/TT-VPCP; kept as the stored values)::

    1 submitted online ─┐
                        ├─> 2 received ──> 4 processing ──> 9 decided ──> 10 result returned
    (at the counter) ───┘        │              │  ▲   │
                                 │              ▼  │   └─> 6 awaiting fee/tax payment ─┘
                                 │     5 supplement requested (clock paused)
                                 ├─> 3 refused at reception
                                 └─> 7 withdrawn · 8 processing stopped   (from 2, 4, 5, 6)

One transaction advances one dossier: the workflow state, the task rows, the timers and
the audit event commit together or not at all, and ``lock_version`` makes a second
officer's concurrent change fail with a conflict instead of overwriting the first
(SpiffWorkflow itself does not lock). The workflow state is stored without its spec (the
spec is the procedure version's diagram, parsed once and cached), tagged with the
serializer version that wrote it.

Events are append-only and hash-chained per dossier: each event's hash covers its
content and the previous event's hash, so an edited or deleted row breaks the chain
(``motcua audit verify``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.db import Base, UTCDateTime, str_enum, utcnow

__all__ = [
    "Channel",
    "Dossier",
    "DossierCodeCounter",
    "DossierEvent",
    "DossierStatus",
    "DossierTask",
    "DossierTimer",
    "TaskState",
]


class DossierStatus(StrEnum):
    """The national dossier status codes."""

    SUBMITTED = "1"  # submitted online, not yet received
    RECEIVED = "2"  # received: the statutory clock starts
    REFUSED = "3"  # refused at reception (Form 03)
    PROCESSING = "4"
    SUPPLEMENT = "5"  # supplement requested (Form 02): the clock is paused
    AWAITING_PAYMENT = "6"  # awaiting fee or tax payment
    WITHDRAWN = "7"
    STOPPED = "8"  # processing stopped
    DECIDED = "9"  # result ready: the clock stops here
    RETURNED = "10"  # result returned to the applicant

    @property
    def is_final(self) -> bool:
        return self in _FINAL


_FINAL = {DossierStatus.REFUSED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED,
          DossierStatus.RETURNED}


class Channel(StrEnum):
    """How the dossier was submitted (national codes)."""

    IN_PERSON = "1"
    ONLINE = "2"
    POSTAL = "3"


class TaskState(StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"  # the workflow moved on without it (withdrawal, interruption)


class Dossier(Base):
    """One application (hồ sơ) running on a published procedure version."""

    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_status_due", "status", "due_at"),
        Index("ix_dossiers_centre_received", "received_centre", "received_at"),
        Index("ix_dossiers_agency_status", "competent_agency", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"), index=True)
    status: Mapped[DossierStatus] = mapped_column(str_enum(DossierStatus, length=2))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, length=2))
    received_centre: Mapped[str] = mapped_column(String(32))  # any centre (phi địa giới)
    home_centre: Mapped[str | None] = mapped_column(String(32))  # the applicant's commune
    competent_agency: Mapped[str] = mapped_column(String(32))  # routed here
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str | None] = mapped_column(String(20))  # never public
    tracking_secret_hash: Mapped[str | None] = mapped_column(String(128))
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    appointment_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # on Form 01
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # pauses included
    paused_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)  # office time paused
    supplement_count: Mapped[int] = mapped_column(Integer, default=0)
    extended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # Form 04
    extension_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # 3, 7, 8
    return_channel: Mapped[str | None] = mapped_column(String(16))
    fee: Mapped[int] = mapped_column(BigInteger, default=0)
    complaint_count: Mapped[int] = mapped_column(Integer, default=0)
    workflow_state: Mapped[dict[str, Any]] = mapped_column(JSON)
    workflow_format: Mapped[str] = mapped_column(String(16))  # serializer version
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                    onupdate=utcnow)

    tasks: Mapped[list[DossierTask]] = relationship(back_populates="dossier",
                                                    cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": lock_version}  # noqa: RUF012 - SQLAlchemy API


class DossierCodeCounter(Base):
    """The last dossier number handed out at a centre on a (Vietnamese) day.

    One row per ``(centre, day)``, bumped by a single UPSERT that takes the row lock until
    the receiving transaction ends (:func:`engine.dossiers.routing.next_code`).
    """

    __tablename__ = "dossier_code_counters"

    centre: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class DossierTask(Base):
    """A human task of a dossier, kept in step with the workflow in the same transaction.

    The inbox reads this table, not the workflow blobs: by candidate group and state,
    by assignee and state, by due date.
    """

    __tablename__ = "dossier_tasks"
    __table_args__ = (
        UniqueConstraint("workflow_task_id"),
        Index("ix_dossier_tasks_group_state_due", "candidate_group", "state", "due_at"),
        Index("ix_dossier_tasks_assignee_state_due", "assignee", "state", "due_at"),
        Index("ix_dossier_tasks_unit_state", "unit", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    workflow_task_id: Mapped[str] = mapped_column(String(36))  # SpiffWorkflow task UUID
    spec_id: Mapped[str] = mapped_column(String(120))  # BPMN element id
    name: Mapped[str] = mapped_column(String(300))
    procedure_code: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(32))  # receiver, specialist, leader, partner
    unit: Mapped[str] = mapped_column(String(32))  # centre or agency code working it
    candidate_group: Mapped[str] = mapped_column(String(80))  # "<unit>:<role>"
    assignee: Mapped[str | None] = mapped_column(String(80))
    priority: Mapped[int] = mapped_column(Integer, default=50)
    state: Mapped[TaskState] = mapped_column(str_enum(TaskState, length=16),
                                             default=TaskState.OPEN)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    follow_up_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    completed_by: Mapped[str | None] = mapped_column(String(80))

    dossier: Mapped[Dossier] = relationship(back_populates="tasks")


class DossierTimer(Base):
    """A timer a dossier's workflow waits on, read from ``waiting_events()``.

    A job fires the due ones (``refresh_timers()`` then ``do_engine_steps()``).
    """

    __tablename__ = "dossier_timers"
    __table_args__ = (
        UniqueConstraint("dossier_id", "workflow_task_id"),
        Index("ix_dossier_timers_pending", "fired_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    workflow_task_id: Mapped[str] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(120))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    fired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class DossierEvent(Base):
    """One append-only entry of a dossier's history (audit and process-mining log)."""

    __tablename__ = "dossier_events"
    __table_args__ = (
        UniqueConstraint("dossier_id", "sequence"),
        Index("ix_dossier_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)  # 1, 2, ... within the dossier
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))  # receive, complete_task, supplement...
    from_status: Mapped[str | None] = mapped_column(String(2))
    to_status: Mapped[str | None] = mapped_column(String(2))
    task_spec: Mapped[str | None] = mapped_column(String(120))  # BPMN element id
    task_name: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # Never set or read by the services (they set dossier_id); declared so that a flush
    # writes the dossier's versioned UPDATE before the events that refer to it.
    dossier: Mapped[Dossier] = relationship()
