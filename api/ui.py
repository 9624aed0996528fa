"""Serves the built web UI (``admin_ui/dist``, made by ``npm run build``) at ``/``.

The UI is a single page with hash routes, so the server only needs the page itself, its
fingerprinted assets (cached for a year: a new build gets new names) and the few files
Vite copies from ``admin_ui/public``. Where the build lives is ``UI_DIST_DIR`` in the app
config, by default ``admin_ui/dist`` next to this package. Without a build, ``/`` answers
503 with a page saying how to make one, rather than a bare 404.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import flask
import flask_smorest
from flask import Response, abort, current_app, send_from_directory

__all__ = ["DEFAULT_DIST", "blp"]

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "admin_ui" / "dist"
ASSET_MAX_AGE = 365 * 24 * 3600


class PageBlueprint(flask_smorest.Blueprint):
    """A blueprint registered on the ``Api`` like the others but absent from the OpenAPI
    document: its routes are HTML pages and static files for browsers, not API operations.
    """

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: Any = None,
        provide_automatic_options: bool | None = None,
        **options: Any,
    ) -> None:
        options.pop("parameters", None)
        options.pop("tags", None)
        flask.Blueprint.add_url_rule(
            self, rule, endpoint, view_func, provide_automatic_options, **options
        )


blp = PageBlueprint("ui", __name__, description="The web UI (HTML, not part of the API).")

_MISSING_BUILD = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>MotCua: giao diện chưa được build</title>
<style>body{{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;
line-height:1.5;padding:0 1rem}}code,pre{{background:#f1f3f6;padding:.1rem .3rem}}</style>
</head><body>
<h1>Giao diện web chưa được build</h1>
<p>The web UI has not been built: <code>{dist}</code> has no <code>index.html</code>.</p>
<p>Build it once (Node.js 20.19+), then reload this page:</p>
<pre>cd admin_ui &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>The API works without it: <a href="api/v1/procedures">api/v1/procedures</a>.</p>
</body></html>
"""


def dist_dir() -> Path:
    return Path(current_app.config.get("UI_DIST_DIR") or DEFAULT_DIST)


@blp.get("/")
def index() -> Response:
    dist = dist_dir()
    if not (dist / "index.html").is_file():
        body = _MISSING_BUILD.format(dist=escape(str(dist)))
        return Response(body, status=503, mimetype="text/html")
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.get("/assets/<path:filename>")
def asset(filename: str) -> Response:
    response = send_from_directory(dist_dir() / "assets", filename, max_age=ASSET_MAX_AGE)
    response.headers["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response


@blp.get("/<filename>")
def top_level_file(filename: str) -> Response:
    """Files Vite copies from ``admin_ui/public`` (favicon); never the API's paths."""
    if filename == "index.html" or filename.startswith("."):
        abort(404)
    return send_from_directory(dist_dir(), filename, max_age=3600)
