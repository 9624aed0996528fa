"""Catalogue tables: reference data, procedures and their BPMN versions.

Revision ID: e706460767ac
Revises:
Create Date: 2026-11-22 13:54:30

Enumerations are plain VARCHARs holding the StrEnum value (see ``engine.db.str_enum``),
timestamps are ``TIMESTAMP WITH TIME ZONE`` on PostgreSQL. Written to run unchanged on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e706460767ac"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _code_table(name: str, *columns: sa.Column[object]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("code", name=op.f(f"uq_{name}_code")),
    )


def upgrade() -> None:
    _code_table("fields")
    _code_table("agencies", sa.Column("level", sa.String(length=16), nullable=False))
    _code_table(
        "centres",
        sa.Column("unit_name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("counters", sa.Integer(), nullable=False),
    )
    op.create_table(
        "procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=64), nullable=False),
        sa.Column("statutory_time", sa.Float(), nullable=False),
        sa.Column("time_unit", sa.String(length=16), nullable=False),
        sa.Column("fee", sa.BigInteger(), nullable=False),
        sa.Column("online_level", sa.String(length=16), nullable=False),
        sa.Column("appointment_free", sa.Boolean(), nullable=False),
        sa.Column("inter_agency", sa.Boolean(), nullable=False),
        sa.Column("archetype", sa.String(length=32), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("partner_agencies", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedures")),
        sa.UniqueConstraint("code", name=op.f("uq_procedures_code")),
    )
    for column in ("agency", "field", "level"):
        op.create_index(op.f(f"ix_procedures_{column}"), "procedures", [column])
    op.create_table(
        "procedure_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("bpmn_xml", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedures.id"],
            name=op.f("fk_procedure_versions_procedure_id_procedures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_versions")),
        sa.UniqueConstraint(
            "procedure_id", "number", name=op.f("uq_procedure_versions_procedure_id_number")
        ),
    )
    for column in ("content_hash", "status"):
        op.create_index(op.f(f"ix_procedure_versions_{column}"), "procedure_versions", [column])


def downgrade() -> None:
    op.drop_table("procedure_versions")
    op.drop_table("procedures")
    op.drop_table("centres")
    op.drop_table("agencies")
    op.drop_table("fields")
