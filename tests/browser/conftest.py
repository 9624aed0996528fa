"""Browser fixtures: the real app on a free localhost port, driven by Debian's chromium.

The app runs in a werkzeug server thread on a temporary, migrated SQLite database seeded
with a small catalogue whose diagrams come from the generator, and serves the built UI
from ``admin_ui/dist``. Playwright drives ``/usr/bin/chromium`` (never a browser of its
own download). Without the build or the browser the tests skip, saying what to run,
except under ``CI=true``, where they fail: a CI run must not pass by skipping them.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from werkzeug.serving import WSGIRequestHandler, make_server

from api.app import create_app
from api.extensions import database
from bpmn.catalog.model import (
    ARCHETYPE_STEPS,
    Archetype,
    Level,
    OnlineLevel,
    StepBudget,
    TimeUnit,
)
from bpmn.catalog.model import Procedure as CatalogRow
from engine import migrations
from engine.catalog.models import (
    Agency,
    Field,
    Procedure,
    ProcedureVersion,
    VersionStatus,
    procedure_columns,
)

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "admin_ui" / "dist"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = Path(os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}

# code, name, level, field, archetype, fee: the procedures the tests look for.
NAMED = [
    ("1.001193", "Thủ tục đăng ký khai sinh", Level.COMMUNE, "ho_tich", Archetype.SAME_DAY, 0),
    ("1.000894", "Thủ tục đăng ký kết hôn", Level.COMMUNE, "ho_tich", Archetype.STANDARD, 0),
    ("2.001035", "Đăng ký thành lập doanh nghiệp tư nhân", Level.PROVINCE, "doanh_nghiep",
     Archetype.FEE_ERESULT, 50_000),
    ("1.012345", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", Level.PROVINCE, "dat_dai",
     Archetype.INTER_AGENCY, 100_000),
]
#: Enough further procedures for the list to need a second page (20 a page).
FILLER = 22


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class LiveApp:
    url: str
    diagrams: dict[str, bytes]  # code → BPMN XML of version 1


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        """Keep the test output free of one access-log line per asset."""


def _row(code: str, name: str, level: Level, field: str, archetype: Archetype, *,
         fee: int = 0) -> CatalogRow:
    steps = ARCHETYPE_STEPS[archetype]
    budgets = [0.25] * len(steps) if archetype is Archetype.SAME_DAY else [
        1.0, 3.0, *([2.0] * (len(steps) - 3)), 0.5,
    ]
    inter = archetype is Archetype.INTER_AGENCY
    return CatalogRow(
        code=code, name=name, level=level, field=field,
        agency="UBND_XA" if level is Level.COMMUNE else "SO_TC",
        statutory_time=sum(budgets), time_unit=TimeUnit.WORKING_DAYS, fee=fee,
        online_level=OnlineLevel.FULL if fee == 0 else OnlineLevel.PARTIAL,
        appointment_free=archetype is Archetype.SAME_DAY, inter_agency=inter,
        archetype=archetype,
        steps=tuple(StepBudget(s, b) for s, b in zip(steps, budgets, strict=True)),
        partner_agencies=("CUC_THUE", "SO_XD") if inter else (),
    )


def _renderer() -> Callable[[CatalogRow], bytes]:
    """The generator when it is there; otherwise a small valid diagram with DI."""
    try:
        from bpmn.generator import render  # noqa: PLC0415 - optional while bpmn/ grows
    except ImportError:
        return _fallback_diagram
    return render


def _fallback_diagram(row: CatalogRow) -> bytes:
    pid = "Process_" + row.code.replace(".", "_")
    tasks = [(f"Task_{s.step}", s.step) for s in row.steps]
    ids = ["StartEvent_1", *(t for t, _ in tasks), "EndEvent_1"]
    nodes = ['<bpmn:startEvent id="StartEvent_1" name="Nộp hồ sơ"/>']
    nodes += [f'<bpmn:userTask id="{t}" name="{name}"/>' for t, name in tasks]
    nodes.append('<bpmn:endEvent id="EndEvent_1" name="Trả kết quả"/>')
    flows = [f'<bpmn:sequenceFlow id="Flow_{i}" sourceRef="{a}" targetRef="{b}"/>'
             for i, (a, b) in enumerate(itertools.pairwise(ids))]
    shapes, edges = [], []
    for i, element in enumerate(ids):
        w, h = (36, 36) if "Event" in element else (100, 80)
        x, y = 100 + i * 150, 120 - h // 2
        shapes.append(f'<bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}">'
                      f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>')
    for i in range(len(ids) - 1):
        edges.append(f'<bpmndi:BPMNEdge id="Flow_{i}_di" bpmnElement="Flow_{i}">'
                     f'<di:waypoint x="{200 + i * 150}" y="120"/>'
                     f'<di:waypoint x="{250 + i * 150}" y="120"/></bpmndi:BPMNEdge>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
        'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_1" '
        'targetNamespace="urn:motcua:procedure">'
        f'<bpmn:process id="{pid}" isExecutable="true">{"".join(nodes + flows)}</bpmn:process>'
        f'<bpmndi:BPMNDiagram id="Diagram_1"><bpmndi:BPMNPlane id="Plane_1" bpmnElement="{pid}">'
        f'{"".join(shapes + edges)}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>'
    ).encode()


def _seed(session: Session) -> dict[str, bytes]:
    session.add_all([
        Field(code="ho_tich", name="Hộ tịch"),
        Field(code="doanh_nghiep", name="Thành lập và hoạt động của doanh nghiệp"),
        Field(code="dat_dai", name="Đất đai"),
        Agency(code="UBND_XA", name="Ủy ban nhân dân cấp xã", level=Level.COMMUNE),
        Agency(code="SO_TC", name="Sở Tài chính", level=Level.PROVINCE),
    ])
    rows = [_row(*named[:5], fee=named[5]) for named in NAMED]
    rows += [_row(f"3.{n:06d}", f"Thủ tục thử nghiệm số {n}", Level.COMMUNE, "dat_dai",
                  Archetype.STANDARD) for n in range(1, FILLER + 1)]
    render = _renderer()
    diagrams = {}
    for row in rows:
        xml = render(row)
        procedure = Procedure(**procedure_columns(row))
        procedure.versions.append(ProcedureVersion(
            number=1, bpmn_xml=xml.decode("utf-8"), content_hash=hashlib.sha256(xml).hexdigest(),
            status=VersionStatus.PUBLISHED, author="browser-test", format_version=1,
        ))
        session.add(procedure)
        diagrams[row.code] = xml
    session.commit()
    return diagrams


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The app with the built UI on ``http://127.0.0.1:<free port>``."""
    if not (DIST / "index.html").is_file():
        _unavailable(f"{DIST} has no build: run `cd admin_ui && npm ci && npm run build`")
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'motcua.db'}"
    migrations.upgrade(url)
    app = create_app({"DATABASE_URL": url, "VAR_DIR": str(folder / "var"),
                      "SECRET_KEY": "browser-test", "UI_DIST_DIR": str(DIST)})
    with app.app_context(), database(app).factory() as session:
        diagrams = _seed(session)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-app", daemon=True)
    thread.start()
    try:
        yield LiveApp(f"http://127.0.0.1:{server.server_port}", diagrams)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        database(app).engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, through Playwright."""
    if not CHROMIUM.is_file() and not shutil.which(str(CHROMIUM)):
        _unavailable(f"{CHROMIUM} is missing: `apt-get install -y chromium` (or `make browser`)")
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional dependency
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageErrors:
    """What went wrong in the page: script errors, console errors, off-machine requests."""

    scripts: list[str]
    console: list[str]
    external: list[str]


@pytest.fixture
def page_errors() -> PageErrors:
    return PageErrors([], [], [])


@pytest.fixture
def page(browser: Any, live_app: LiveApp, page_errors: PageErrors) -> Iterator[Any]:
    """A fresh 1280×800 page; requests leaving the app are blocked and recorded."""
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.scripts.append(str(error)))
    page.on("console",
            lambda m: page_errors.console.append(m.text) if m.type == "error" else None)

    def guard(route: Any) -> None:
        if route.request.url.startswith(live_app.url):
            route.continue_()
        else:
            page_errors.external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# The simulation page -------------------------------------------------------------------------

#: The analyst who may run simulations in ``simulation_app``: username, password.
ANALYST = ("analyst.browser", "thu-nghiem-Lam-Dong-2025")


@pytest.fixture(scope="session")
def simulation_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The app with the built UI, no catalogue, and an analyst (:data:`ANALYST`).

    Without ``REDIS_URL`` a run's replications execute inline, before ``POST
    /simulations`` answers, as the simulation API's own tests rely on.
    """
    from engine.accounts.services import AccountService  # noqa: PLC0415 - this fixture only
    from engine.dossiers.clock import SystemClock  # noqa: PLC0415

    if not (DIST / "index.html").is_file():
        _unavailable(f"{DIST} has no build: run `cd admin_ui && npm ci && npm run build`")
    folder = tmp_path_factory.mktemp("simulations")
    url = f"sqlite:///{folder / 'motcua.db'}"
    migrations.upgrade(url)
    app = create_app({"DATABASE_URL": url, "VAR_DIR": str(folder / "var"),
                      "SECRET_KEY": "browser-test", "UI_DIST_DIR": str(DIST),
                      "REDIS_URL": None})
    with app.app_context(), database(app).factory() as session:
        username, password = ANALYST
        AccountService(session, clock=SystemClock()).create_user(
            username, display_name="Chuyên viên phân tích", roles=["analyst"], password=password)
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="simulation-app", daemon=True)
    thread.start()
    try:
        yield LiveApp(f"http://127.0.0.1:{server.server_port}", {})
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        database(app).engine.dispose()
