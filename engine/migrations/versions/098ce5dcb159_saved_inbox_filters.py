"""Saved inbox filters: one officer's named GET /tasks queries, optionally shared.

``(owner, name)`` is unique (its index also serves "my filters"); ``shared_with_group``
is indexed for "filters shared with my queues". ``owner`` references
``users.username`` and goes with the user.

Revision ID: 098ce5dcb159
Revises: 67efac7f9df6
Create Date: 2026-11-22 15:20:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "098ce5dcb159"
down_revision: str | Sequence[str] | None = "67efac7f9df6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "saved_filters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("query", sa.JSON(), nullable=False),
        sa.Column("shared_with_group", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner"], ["users.username"],
                                name=op.f("fk_saved_filters_owner_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filters")),
        sa.UniqueConstraint("owner", "name", name=op.f("uq_saved_filters_owner_name")),
    )
    with op.batch_alter_table("saved_filters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_filters_shared_with_group"),
                              ["shared_with_group"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saved_filters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_filters_shared_with_group"))
    op.drop_table("saved_filters")
