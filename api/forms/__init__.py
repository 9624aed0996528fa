"""Printable forms of a dossier (Forms 01-04) as HTML with print CSS.

:func:`render_receipt` is for the receive view, which alone knows the clear tracking
secret; ``blp`` serves reprints to officers.
"""

from .documents import FORMS, FormNotApplicable, build_form, render_form, render_receipt
from .views import blp

__all__ = [
    "FORMS",
    "FormNotApplicable",
    "blp",
    "build_form",
    "render_form",
    "render_receipt",
]
