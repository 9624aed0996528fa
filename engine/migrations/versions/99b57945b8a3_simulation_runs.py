"""Simulation runs and their replications.

``simulation_runs`` holds a scenario run (document with its format, seed, status, job ids,
summary); ``simulation_replications`` one row per finished replication, keyed by
``(run_id, index)`` and deleted with its run. ``baseline_id`` and ``created_by`` are set
to NULL when the baseline run or the user goes.

Revision ID: 99b57945b8a3
Revises: 5b2d7e9c4a10
Create Date: 2026-11-22 16:16:38.857201
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "99b57945b8a3"
down_revision: str | Sequence[str] | None = "5b2d7e9c4a10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "simulation_runs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("scenario", sa.JSON(), nullable=False),
        sa.Column("scenario_format", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("replications", sa.Integer(), nullable=False),
        sa.Column("baseline_id", sa.String(length=32), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "finished",
                "failed",
                name="runstatus",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("job_id", sa.String(length=128), nullable=True),
        sa.Column("replication_job_ids", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=True),
        sa.Column("results_format", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["simulation_runs.id"],
            name=op.f("fk_simulation_runs_baseline_id_simulation_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_simulation_runs_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_simulation_runs")),
    )
    with op.batch_alter_table("simulation_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_simulation_runs_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_simulation_runs_status"), ["status"], unique=False)

    op.create_table(
        "simulation_replications",
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["simulation_runs.id"],
            name=op.f("fk_simulation_replications_run_id_simulation_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "index", name=op.f("pk_simulation_replications")),
    )


def downgrade() -> None:
    op.drop_table("simulation_replications")
    with op.batch_alter_table("simulation_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_simulation_runs_status"))
        batch_op.drop_index(batch_op.f("ix_simulation_runs_created_at"))

    op.drop_table("simulation_runs")
