"""The public side, without login: procedure information and QR codes, and a dossier's
progress for whoever holds its receipt (code + tracking secret).

``blp`` is the API (``/api/v1/public``, in the OpenAPI document); ``pages`` are the HTML
pages the QR codes lead to (``/p/...``).
"""

from .pages import pages
from .views import blp

__all__ = ["blp", "pages"]
