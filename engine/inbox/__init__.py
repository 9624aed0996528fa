"""Saved inbox filters: named ``GET /tasks`` queries an officer keeps, and may share with
one of their queues.

- :mod:`~engine.inbox.models`: the ``saved_filters`` table;
- :mod:`~engine.inbox.services`: :class:`SavedFilters` (list, create, update, delete, the
  sharing rules and the validation of the stored query);
- :mod:`~engine.inbox.errors`: the ``InboxError`` branch.

No Flask here: the API (:mod:`api.task_filters`) runs a saved query through the same
inbox queries as ``GET /tasks``.
"""
