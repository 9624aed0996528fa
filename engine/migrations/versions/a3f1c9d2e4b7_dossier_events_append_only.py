"""Refuse UPDATE, DELETE and TRUNCATE of dossier_events on PostgreSQL.

The audit log is append-only (``engine.dossiers.audit``): the hash chain detects a change
after the fact, and on PostgreSQL this trigger refuses it in the first place, so that a
bug or a hand-typed ``UPDATE`` cannot rewrite a dossier's history. A table owner can still
``ALTER TABLE dossier_events DISABLE TRIGGER ...`` on purpose (the tamper tests do, inside
their rolled-back transaction). SQLite has no equivalent worth its cost here: nothing is
done there and the chain alone guards it.

Revision ID: a3f1c9d2e4b7
Revises: 13ceea1d1d86
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "a3f1c9d2e4b7"
down_revision: str | Sequence[str] | None = "13ceea1d1d86"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = "dossier_events_append_only"
ROW_TRIGGER = "dossier_events_no_update_delete"
TRUNCATE_TRIGGER = "dossier_events_no_truncate"


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'dossier_events is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'events are corrected by appending a new event';
        END;
        $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {ROW_TRIGGER} BEFORE UPDATE OR DELETE ON dossier_events "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    op.execute(
        f"CREATE TRIGGER {TRUNCATE_TRIGGER} BEFORE TRUNCATE ON dossier_events "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute(f"DROP TRIGGER IF EXISTS {TRUNCATE_TRIGGER} ON dossier_events")
    op.execute(f"DROP TRIGGER IF EXISTS {ROW_TRIGGER} ON dossier_events")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
