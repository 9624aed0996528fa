"""Editing procedure diagrams: save a draft, lint, publish, compare two versions.

The read side (version lists, metadata, XML, ETags) is :mod:`api.procedures`; this
blueprint adds the planner's writes and the reviews that go with them.
"""

from .views import blp

__all__ = ["blp"]
