"""The procedure catalogue API (read-only): search, procedure details, diagram versions."""

from .views import blp

__all__ = ["blp"]
