"""The key of the tracking secrets' keyed hash (:mod:`engine.dossiers.tracking`), derived
from the app's ``SECRET_KEY``: the one place the receive view (issuing), the public lookup
(checking) and anything else that touches tracking secrets get it from.

``HMAC(SECRET_KEY, "motcua.tracking.v1")``: a key of its own (domain separation), so the
stored hashes tell nothing about the key that signs the session cookies, and a version to
move to another derivation without guessing. Rotating ``SECRET_KEY`` invalidates every
printed tracking secret (a reprint issues a new one).
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app

__all__ = ["TRACKING_KEY_LABEL", "tracking_key"]

TRACKING_KEY_LABEL = b"motcua.tracking.v1"


def tracking_key(app: Flask | None = None) -> bytes:
    """The tracking key of ``app`` (default: the current app)."""
    secret = (app or current_app).config.get("SECRET_KEY")
    if not secret:
        raise RuntimeError("SECRET_KEY is not set; the tracking key is derived from it")
    raw = secret if isinstance(secret, bytes) else str(secret).encode("utf-8")
    return hmac.new(raw, TRACKING_KEY_LABEL, hashlib.sha256).digest()
