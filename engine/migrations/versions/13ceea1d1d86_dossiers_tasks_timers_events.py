"""Dossiers, their open human tasks, timers and hash-chained events.

Revision ID: 13ceea1d1d86
Revises: e706460767ac
Create Date: 2026-11-22 14:30:02.093369
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "13ceea1d1d86"
down_revision: str | Sequence[str] | None = "e706460767ac"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "1",
                "2",
                "3",
                "4",
                "5",
                "6",
                "7",
                "8",
                "9",
                "10",
                name="dossierstatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum("1", "2", "3", name="channel", native_enum=False, length=2),
            nullable=False,
        ),
        sa.Column("received_centre", sa.String(length=32), nullable=False),
        sa.Column("home_centre", sa.String(length=32), nullable=True),
        sa.Column("competent_agency", sa.String(length=32), nullable=False),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_id_number", sa.String(length=20), nullable=True),
        sa.Column("tracking_secret_hash", sa.String(length=128), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("appointment_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_seconds", sa.Integer(), nullable=False),
        sa.Column("supplement_count", sa.Integer(), nullable=False),
        sa.Column("extended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_channel", sa.String(length=16), nullable=True),
        sa.Column("fee", sa.BigInteger(), nullable=False),
        sa.Column("complaint_count", sa.Integer(), nullable=False),
        sa.Column("workflow_state", sa.JSON(), nullable=False),
        sa.Column("workflow_format", sa.String(length=16), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedures.id"], name=op.f("fk_dossiers_procedure_id_procedures")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["procedure_versions.id"],
            name=op.f("fk_dossiers_version_id_procedure_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("code", name=op.f("uq_dossiers_code")),
    )
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossiers_agency_status", ["competent_agency", "status"], unique=False
        )
        batch_op.create_index(
            "ix_dossiers_centre_received", ["received_centre", "received_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dossiers_procedure_id"), ["procedure_id"], unique=False
        )
        batch_op.create_index("ix_dossiers_status_due", ["status", "due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_version_id"), ["version_id"], unique=False)

    op.create_table(
        "dossier_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=2), nullable=True),
        sa.Column("to_status", sa.String(length=2), nullable=True),
        sa.Column("task_spec", sa.String(length=120), nullable=True),
        sa.Column("task_name", sa.String(length=300), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_events_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_events")),
        sa.UniqueConstraint(
            "dossier_id", "sequence", name=op.f("uq_dossier_events_dossier_id_sequence")
        ),
    )
    with op.batch_alter_table("dossier_events", schema=None) as batch_op:
        batch_op.create_index("ix_dossier_events_at", ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dossier_events_dossier_id"), ["dossier_id"], unique=False
        )

    op.create_table(
        "dossier_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("workflow_task_id", sa.String(length=36), nullable=False),
        sa.Column("spec_id", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("procedure_code", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("candidate_group", sa.String(length=80), nullable=False),
        sa.Column("assignee", sa.String(length=80), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open", "completed", "cancelled", name="taskstate", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("follow_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_tasks_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_tasks")),
        sa.UniqueConstraint("workflow_task_id", name=op.f("uq_dossier_tasks_workflow_task_id")),
    )
    with op.batch_alter_table("dossier_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_tasks_assignee_state_due", ["assignee", "state", "due_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dossier_tasks_dossier_id"), ["dossier_id"], unique=False
        )
        batch_op.create_index(
            "ix_dossier_tasks_group_state_due", ["candidate_group", "state", "due_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dossier_tasks_procedure_code"), ["procedure_code"], unique=False
        )
        batch_op.create_index("ix_dossier_tasks_unit_state", ["unit", "state"], unique=False)

    op.create_table(
        "dossier_timers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("workflow_task_id", sa.String(length=36), nullable=False),
        sa.Column("spec_id", sa.String(length=120), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_timers_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_timers")),
        sa.UniqueConstraint(
            "dossier_id",
            "workflow_task_id",
            name=op.f("uq_dossier_timers_dossier_id_workflow_task_id"),
        ),
    )
    with op.batch_alter_table("dossier_timers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossier_timers_dossier_id"), ["dossier_id"], unique=False
        )
        batch_op.create_index("ix_dossier_timers_pending", ["fired_at", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier_timers", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_timers_pending")
        batch_op.drop_index(batch_op.f("ix_dossier_timers_dossier_id"))

    op.drop_table("dossier_timers")
    with op.batch_alter_table("dossier_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_tasks_unit_state")
        batch_op.drop_index(batch_op.f("ix_dossier_tasks_procedure_code"))
        batch_op.drop_index("ix_dossier_tasks_group_state_due")
        batch_op.drop_index(batch_op.f("ix_dossier_tasks_dossier_id"))
        batch_op.drop_index("ix_dossier_tasks_assignee_state_due")

    op.drop_table("dossier_tasks")
    with op.batch_alter_table("dossier_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_events_dossier_id"))
        batch_op.drop_index("ix_dossier_events_at")

    op.drop_table("dossier_events")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossiers_version_id"))
        batch_op.drop_index("ix_dossiers_status_due")
        batch_op.drop_index(batch_op.f("ix_dossiers_procedure_id"))
        batch_op.drop_index("ix_dossiers_centre_received")
        batch_op.drop_index("ix_dossiers_agency_status")

    op.drop_table("dossiers")
