"""Exceptions of saved inbox filters (the ``InboxError`` branch).

The branch (the root is :mod:`bpmn.errors`)::

    MotcuaError
    └── InboxError                  a saved filter problem
        ├── FilterNotFound          no filter with this id is visible to the caller (404;
        │                           also a ``LookupError``: someone else's private filter
        │                           is "not found", not "forbidden", so ids leak nothing)
        ├── FilterValidationError   a name, query key or value, or group is not acceptable
        │                           (422; also a ``ValueError``); ``errors`` per field
        └── FilterConflict          the owner already has a filter with this name (409)

Refusals of the sharing rules (editing a filter shared with you, sharing with a queue you
do not work) are :class:`engine.accounts.errors.AccessDenied` (403), like every other
authorization refusal.
"""

from __future__ import annotations

from collections.abc import Mapping

from bpmn.errors import MotcuaError

__all__ = ["FilterConflict", "FilterNotFound", "FilterValidationError", "InboxError"]


class InboxError(MotcuaError):
    """A saved inbox filter problem."""


class FilterNotFound(InboxError, LookupError):
    """No saved filter with this id is visible to the caller."""


class FilterValidationError(InboxError, ValueError):
    """A filter's name, query or group is not acceptable; ``errors``: messages per field
    (``query.<key>`` for a query key)."""

    def __init__(self, message: str, *, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


class FilterConflict(InboxError):
    """The owner already has a filter of this name."""
