"""The ``saved_filters`` table: an officer's named inbox queries.

A row belongs to its ``owner`` (a username; the filters go when the user row is deleted)
and is private unless ``shared_with_group`` names a queue (``"<unit>:<role>"``, the
``dossier_tasks.candidate_group`` values), in which case every officer who works that
queue sees it too, read-only. ``query`` holds the ``GET /tasks`` arguments as strings,
with its format version: ``{"format": 1, "view": "mine", "procedure": "1.000002"}``
(:mod:`engine.inbox.services` validates it).

Indexes: ``(owner, name)`` is unique (its index serves "my filters"), and
``shared_with_group`` is indexed for "filters shared with my queues".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.db import Base, UTCDateTime, utcnow

__all__ = ["QUERY_FORMAT", "SavedFilter"]

#: The version of the ``query`` blob written today.
QUERY_FORMAT = 1


class SavedFilter(Base):
    """One saved inbox query (module docstring)."""

    __tablename__ = "saved_filters"
    __table_args__ = (UniqueConstraint("owner", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(
        String(64), ForeignKey("users.username", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
    shared_with_group: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<SavedFilter {self.id} {self.owner}/{self.name!r}>"
