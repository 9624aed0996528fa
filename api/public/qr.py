"""QR codes (segno) pointing at the public pages, and the absolute URLs they carry.

Why absolute URLs from ``PUBLIC_BASE_URL``: a QR code is printed on paper and posted at
counters, so it must name the public host even when the page was rendered behind a proxy
or on an intranet host; without the setting (``MOTCUA_PUBLIC_BASE_URL``) the request's
own host is used, which is right for development.

The symbol is always a full QR code (never a Micro QR, which phone cameras do not all
read) at error correction level M, so the same URL always gives the same bytes.
"""

from __future__ import annotations

import io
from typing import Any

import segno
from flask import current_app, request, url_for

__all__ = ["MAX_SCALE", "make_qr", "public_url", "qr_png", "qr_svg"]

MAX_SCALE = 20


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute public URL of a page endpoint (``public_pages.procedure`` ...)."""
    path = url_for(endpoint, **values)
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return f"{str(base).rstrip('/')}{path}"


def make_qr(url: str) -> segno.QRCode:
    return segno.make(url, micro=False, error="m")


def qr_png(url: str, scale: int) -> bytes:
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str, scale: int) -> bytes:
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="svg", scale=scale, border=4, title=url)
    return buffer.getvalue()
