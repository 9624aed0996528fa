"""Dossier code counters: one row per (centre, Vietnamese day), the last NNNN handed out.

Codes are ``<centre>-YYMMDD-NNNN``; the counter is bumped by one UPSERT ... RETURNING
(:func:`engine.dossiers.routing.next_code`) instead of reading the highest existing code,
which raced. The upgrade seeds a counter for every ``(centre, day)`` that already has
dossiers with the highest NNNN of that prefix (the sequence is four zero-padded digits,
so the highest code of a prefix is the highest number), so numbering continues where it
stopped. The grouping runs in SQL (``substr``/``length``/``max`` exist on both backends);
the prefix is parsed in Python into the centre and the date.

Revision ID: 5b2d7e9c4a10
Revises: 098ce5dcb159
Create Date: 2026-11-22 15:50:00.000000
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b2d7e9c4a10"
down_revision: str | Sequence[str] | None = "098ce5dcb159"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PREFIX = re.compile(r"^(?P<centre>.+)-(?P<day>\d{6})-$")


def upgrade() -> None:
    counters = op.create_table(
        "dossier_code_counters",
        sa.Column("centre", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("centre", "day", name=op.f("pk_dossier_code_counters")),
    )
    code = sa.column("code", sa.String(40))
    prefix = sa.func.substr(code, 1, sa.func.length(code) - 4)
    highest = sa.select(prefix, sa.func.max(code)).select_from(
        sa.table("dossiers", code)).group_by(prefix)
    rows = []
    for head, top in op.get_bind().execute(highest):
        match = _PREFIX.match(head or "")
        if match is None or not top[-4:].isdigit():
            continue  # not a generated code: nothing to continue from
        day = dt.datetime.strptime(match["day"], "%y%m%d").date()
        rows.append({"centre": match["centre"], "day": day, "last": int(top[-4:])})
    if rows:
        op.bulk_insert(counters, rows)


def downgrade() -> None:
    op.drop_table("dossier_code_counters")
