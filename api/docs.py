"""``/api/v1/docs``: the browsable API reference (Swagger UI) over ``/api/v1/openapi.json``.

flask-smorest's own Redoc and Swagger UI pages load their code from a CDN, which a
government network may block and which would run third-party code next to the session
cookie. This page runs Swagger UI from the web UI's build instead: ``npm run build`` in
``admin_ui`` copies ``swagger-ui-dist``'s standalone bundle into ``dist/docs/`` (see
``admin_ui/vite.config.js``), and this module serves the page and those two files. The
page references nothing outside this server. Without a build it answers 503 saying how
to make one, like the web UI (:mod:`api.ui`).

Registered by :class:`api.errors.MotcuaApi` next to the OpenAPI document, where
flask-smorest registers its own documentation pages; absent from the document itself.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import flask
from flask import Response, abort, current_app, send_from_directory, url_for

from api.ui import dist_dir

__all__ = ["ASSETS", "blp", "docs_dir"]

#: The files of swagger-ui-dist the build copies, the only ones served.
ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css"})
ASSET_MAX_AGE = 3600  # not fingerprinted: a rebuild must show within the hour
SPEC_ENDPOINT = "api-docs.openapi_json"  # flask-smorest's blueprint serving openapi.json

blp = flask.Blueprint("api_docs_page", __name__)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} API reference</title>
<link rel="stylesheet" href="{css}">
</head><body>
<div id="swagger-ui"></div>
<script src="{js}"></script>
<script>
window.ui = SwaggerUIBundle({{
  url: {spec_json},
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  withCredentials: true
}});
</script>
</body></html>
"""

_MISSING_BUILD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API reference not built</title></head>
<body><h1>The API reference page is not built</h1>
<p><code>{docs}</code> has no Swagger UI bundle. Build the web UI once, then reload:</p>
<pre>cd admin_ui &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>The OpenAPI document itself is always at <a href="{spec}">{spec}</a>.</p>
</body></html>
"""


def docs_dir() -> Path:
    return dist_dir() / "docs"


@blp.get("/api/v1/docs")
def page() -> Response:
    spec = url_for(SPEC_ENDPOINT)
    if not all((docs_dir() / name).is_file() for name in ASSETS):
        body = _MISSING_BUILD.format(docs=escape(str(docs_dir())), spec=escape(spec))
        return Response(body, status=503, mimetype="text/html")
    body = _PAGE.format(
        title=escape(current_app.config.get("API_TITLE", "MotCua")),
        css=escape(url_for(".asset", filename="swagger-ui.css")),
        js=escape(url_for(".asset", filename="swagger-ui-bundle.js")),
        spec_json=flask.json.dumps(spec),
    )
    response = Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


@blp.get("/api/v1/docs/<filename>")
def asset(filename: str) -> Response:
    if filename not in ASSETS:
        abort(404)
    return send_from_directory(docs_dir(), filename, max_age=ASSET_MAX_AGE)
