"""The built web UI served at ``/`` (api/ui.py), with and without a build."""

from __future__ import annotations

import pytest


@pytest.fixture
def dist(app, tmp_path):
    """A stand-in for ``admin_ui/dist``: an index page, one asset and a favicon."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>MotCua</title>", "utf-8")
    (folder / "assets" / "index-abc123.js").write_text("console.log('ui')", "utf-8")
    (folder / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    app.config["UI_DIST_DIR"] = str(folder)
    return folder


def test_missing_build_answers_a_page_saying_how_to_build(app, client, tmp_path):
    app.config["UI_DIST_DIR"] = str(tmp_path / "nowhere")
    response = client.get("/")
    assert response.status_code == 503
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "npm ci &amp;&amp; npm run build" in page
    assert str(tmp_path / "nowhere") in page


def test_index_and_assets(client, dist):
    # Files are streamed: close each response so that no file handle is left open.
    with client.get("/") as index:
        assert index.status_code == 200
        assert "<title>MotCua</title>" in index.get_data(as_text=True)
        assert index.headers["Cache-Control"] == "no-cache"
    with client.get("/assets/index-abc123.js") as asset:
        assert asset.status_code == 200
        assert "immutable" in asset.headers["Cache-Control"]
    with client.get("/favicon.svg") as favicon:
        assert favicon.status_code == 200


@pytest.mark.parametrize("path", ["/assets/missing.js", "/missing.txt", "/index.html",
                                  "/assets/../index.html"])
def test_other_paths_are_404_problems(client, dist, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
