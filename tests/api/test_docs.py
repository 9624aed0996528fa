"""``/api/v1/docs``: Swagger UI from the web UI's build, over ``/api/v1/openapi.json``,
with nothing loaded from another site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.docs import ASSETS
from api.ui import DEFAULT_DIST

DOCS = "/api/v1/docs"


@pytest.fixture
def built(app: Flask, tmp_path: Path) -> Path:
    """A build holding the two files ``npm run build`` copies from swagger-ui-dist."""
    dist = tmp_path / "dist"
    (dist / "docs").mkdir(parents=True)
    (dist / "docs" / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = 1;\n")
    (dist / "docs" / "swagger-ui.css").write_text("body { margin: 0 }\n")
    app.config["UI_DIST_DIR"] = str(dist)
    return dist


def test_the_page_loads_swagger_ui_from_this_server_only(client: FlaskClient,
                                                         built: Path) -> None:
    response = client.get(DOCS)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.IGNORECASE)
    assert '"/api/v1/openapi.json"' in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sorted(references) == ["/api/v1/docs/swagger-ui-bundle.js",
                                  "/api/v1/docs/swagger-ui.css"]
    for url in references:
        asset = client.get(url)
        try:
            assert asset.status_code == 200
            assert asset.data == (built / "docs" / url.rsplit("/", 1)[1]).read_bytes()
        finally:
            asset.close()
    assert client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize("name", ["index.html", "swagger-ui-bundle.js.map", ".env"])
def test_only_the_copied_assets_are_served(client: FlaskClient, built: Path, name: str) -> None:
    (built / "docs" / name).write_text("secret")
    response = client.get(f"{DOCS}/{name}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_without_a_build_the_page_says_how_to_make_one(app: Flask, client: FlaskClient,
                                                       tmp_path: Path) -> None:
    app.config["UI_DIST_DIR"] = str(tmp_path / "nothing")
    response = client.get(DOCS)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "npm run build" in html
    assert "http" not in html


def test_the_page_is_not_an_api_operation(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert not [path for path in paths if path.startswith(DOCS)]


@pytest.mark.skipif(not (DEFAULT_DIST / "docs").is_dir(), reason="admin_ui is not built")
def test_the_real_build_holds_swagger_ui() -> None:
    for name in ASSETS:
        text = (DEFAULT_DIST / "docs" / name).read_text(encoding="utf-8")
        assert len(text) > 10_000
    assert "SwaggerUIBundle" in (DEFAULT_DIST / "docs" / "swagger-ui-bundle.js").read_text(
        encoding="utf-8")
