"""The simulation page in a real browser: log in as an analyst, run the M/M/1 textbook
scenario, read its indicators, run the tandem network against it as baseline, and see the
comparison table and the interval chart.

Without Redis the app runs a simulation's replications inline, before ``POST
/simulations`` answers: two replications of ``mm1`` as shipped take about a second.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ANALYST

pytestmark = pytest.mark.browser

PAGE_TITLE = "Mô phỏng kịch bản cải cách"
KEY_METRICS = ("on_time_rate", "late", "cycle_days_mean", "counter_wait_mean")
#: What chromium logs for the answers the page expects: 401 before logging in, 422 for a
#: refused run.
EXPECTED_FAILURES = re.compile(r"Failed to load resource: .* status of (401|422)")


@pytest.fixture(scope="module")
def live_app(simulation_app):
    """This module's pages talk to the app that has an analyst."""
    return simulation_app


def number(text: str) -> float:
    """The first number of a Vietnamese-formatted value: "4,01 phút" → 4.01."""
    match = re.search(r"-?[\d.]+(?:,\d+)?", text)
    assert match, text
    return float(match.group().replace(".", "").replace(",", "."))


def log_in(page, password: str = ANALYST[1]) -> None:
    page.get_by_label("Tên đăng nhập").fill(ANALYST[0])
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def start_run(page, scenario: str, name: str, *, replications: int = 2, seed: str = "",
              baseline: str | None = None) -> None:
    page.get_by_label("Kịch bản", exact=True).select_option(scenario)
    page.get_by_label("Tên lượt chạy").fill(name)
    page.get_by_label("Số lần lặp").fill(str(replications))
    page.get_by_label("Hạt giống ngẫu nhiên").fill(seed)
    if baseline is not None:
        select = page.get_by_label("So sánh với lượt chạy")
        option = select.locator("option", has_text=re.compile(rf"^{re.escape(baseline)} \("))
        select.select_option(option.get_attribute("value"))
    page.get_by_role("button", name="Chạy mô phỏng").click()


def finished_row(page, name: str):
    row = page.locator("#runs tbody tr", has=page.get_by_role("link", name=name, exact=True))
    row.and_(page.locator("[data-status='finished']")).wait_for()
    return row


def test_run_mm1_then_compare_tandem(page, page_errors, live_app, screenshots):
    page.goto(f"{live_app.url}/#/simulations")
    page.get_by_role("heading", level=1, name=PAGE_TITLE).wait_for()

    # Nobody is logged in: the login form; a wrong password shows the API's problem.
    log_in(page, password="sai-mat-khau")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.text_content().strip()
    log_in(page)
    page.get_by_role("button", name="Đăng xuất").wait_for()
    assert "Chuyên viên phân tích" in page.locator(".session-bar").text_content()

    # The shipped scenarios fill the select; the name follows the chosen scenario.
    scenarios = page.get_by_label("Kịch bản", exact=True)
    scenarios.locator("option[value='tandem']").wait_for(state="attached")
    assert {"baseline", "mm1", "tandem"} <= set(
        scenarios.locator("option").all_text_contents())
    scenarios.select_option("mm1")
    assert page.get_by_label("Tên lượt chạy").input_value().startswith("mm1 · ")
    assert page.get_by_label("Số lần lặp").input_value() == "3"
    assert "M/M/1" in page.locator("#run-scenario-hint").text_content()

    # A seed the API refuses: a 422 whose errors are listed next to the form.
    start_run(page, "mm1", "Hạt giống quá lớn", seed="99999999999999999999")
    errors = page.locator("#run-errors")
    errors.wait_for()
    assert "seed" in errors.text_content()

    # M/M/1 at ρ = 0.8, two replications: finished before the answer, without Redis.
    start_run(page, "mm1", "M/M/1 ρ 0,8", seed="20250701")
    page.get_by_role("status").filter(has_text="Đã tạo lượt chạy «M/M/1 ρ 0,8»").wait_for()
    row = finished_row(page, "M/M/1 ρ 0,8")
    assert "mm1" in row.text_content()
    assert "2/2 lần lặp" in row.text_content()
    page.screenshot(path=str(screenshots / "simulations.png"), full_page=True)

    row.get_by_role("link", name="M/M/1 ρ 0,8").click()
    page.wait_for_url(re.compile(r"#/simulations/[\w-]+$"))
    page.get_by_role("heading", level=1, name="M/M/1 ρ 0,8").wait_for()
    results = page.locator("#results-table")
    results.wait_for()
    on_time = results.locator("tr[data-metric='on_time_rate']")
    assert on_time.locator("th").text_content() == "Tỷ lệ giải quyết đúng hạn"
    assert "%" in on_time.locator("td").first.text_content()
    wait = results.locator("tr[data-metric='counter_wait_mean'] td")
    assert "phút" in wait.first.text_content()
    assert number(wait.first.text_content()) == pytest.approx(4.0, abs=0.5)  # Erlang C: Wq = 4
    low, high = (number(part) for part in wait.nth(1).text_content().split("–"))
    assert low < number(wait.first.text_content()) < high
    # No baseline yet: the chart shows this run's key indicators only.
    assert page.locator("#chart svg circle.chart__point").count() == len(KEY_METRICS)

    # The tandem network, compared with the M/M/1 run.
    page.get_by_role("link", name="← Mô phỏng").click()
    page.get_by_role("heading", level=1, name=PAGE_TITLE).wait_for()
    finished_row(page, "M/M/1 ρ 0,8")
    start_run(page, "tandem", "Hai trạm nối tiếp", baseline="M/M/1 ρ 0,8", seed="7")
    finished_row(page, "Hai trạm nối tiếp").get_by_role("link").click()
    page.get_by_role("heading", level=1, name="Hai trạm nối tiếp").wait_for()
    assert page.get_by_label("Đường cơ sở").locator("option:checked").text_content().startswith(
        "M/M/1 ρ 0,8")

    comparison = page.locator("#comparison-table")
    comparison.wait_for()
    waits = comparison.locator("tr[data-metric='counter_wait_mean']")
    assert waits.locator("th").text_content() == "Thời gian chờ tại quầy, trung bình"
    cells = waits.locator("td")
    assert number(cells.nth(0).text_content()) == pytest.approx(4.0, abs=0.5)
    assert cells.nth(2).text_content().startswith("+")
    assert waits.locator(".verdict--worse").text_content() == "Kém hơn"
    assert comparison.locator("tr[data-metric='on_time_rate'] .verdict--same").count() == 1

    figure = page.locator("figure#chart")
    assert figure.locator("figcaption").text_content().startswith("Đường cơ sở «M/M/1 ρ 0,8»")
    chart = figure.locator("svg")
    assert chart.locator("title").first.text_content()
    indicators = chart.locator(".chart__indicator")
    assert indicators.count() == len(KEY_METRICS)
    assert chart.locator("circle.chart__point").count() == 2 * len(KEY_METRICS)
    assert chart.locator(".chart__series--baseline circle").count() == len(KEY_METRICS)
    wait_panel = chart.locator(".chart__indicator[data-metric='counter_wait_mean']")
    assert "phút" in wait_panel.locator(".chart__value").first.text_content()
    page.screenshot(path=str(screenshots / "simulations-compare.png"), full_page=True)

    # Logging out brings the login form back.
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for()

    assert page_errors.scripts == []
    assert [m for m in page_errors.console if not EXPECTED_FAILURES.search(m)] == []
    assert page_errors.external == []


def test_the_simulations_link_and_focus(page, live_app):
    page.goto(f"{live_app.url}/")
    link = page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Mô phỏng")
    link.click()
    page.get_by_role("heading", level=1, name=PAGE_TITLE).wait_for()
    assert link.get_attribute("aria-current") == "page"
    page.wait_for_function("document.activeElement.tagName === 'H1'")


def test_running_runs_are_polled_until_they_finish(page, live_app):
    """With a job queue a run answers ``queued`` and runs later: the page polls it every
    second, shows a progress bar, and stops polling when the reader leaves. The API's
    answers are held at ``running`` here until the test lets the run finish."""
    page.goto(f"{live_app.url}/#/simulations")
    log_in(page)
    start_run(page, "mm1", "Theo dõi tiến độ", replications=1, seed="11")
    link = finished_row(page, "Theo dõi tiến độ").get_by_role("link")
    run_id = link.get_attribute("href").rsplit("/", 1)[1]
    polls: list[str] = []
    finished = False

    def hold_running(route) -> None:
        if route.request.method != "GET":
            route.fallback()
            return
        response = route.fetch()
        body = response.json()
        running = {"status": "running", "progress": {"done": 0, "total": 1},
                   "finished_at": None}
        if isinstance(body, list):
            for run in body:
                if run["id"] == run_id and not finished:
                    run.update(running)
        elif body.get("id") == run_id:
            polls.append(route.request.url)
            if not finished:
                body.update(running)
        route.fulfill(response=response, json=body)

    page.route(re.compile(r"/api/v1/simulations(/[^/?]+)?(\?.*)?$"), hold_running)
    page.get_by_role("button", name="Làm mới").click()
    row = page.locator(f"#runs tbody tr[data-id='{run_id}']")
    row.and_(page.locator("[data-status='running']")).wait_for()
    assert row.locator("progress").get_attribute("value") == "0"
    page.wait_for_timeout(2500)
    assert len(polls) >= 2  # once a second

    # Leaving the page stops the polling.
    page.goto(f"{live_app.url}/#/")
    page.wait_for_timeout(300)
    seen = len(polls)
    page.wait_for_timeout(2500)
    assert len(polls) == seen

    # The run page follows the run too, and shows the results once it has finished.
    page.goto(f"{live_app.url}/#/simulations/{run_id}")
    page.locator(".run-progress progress").wait_for()
    finished = True
    page.locator("#results-table tr[data-metric='on_time_rate']").wait_for()
    assert page.locator(".run-progress").count() == 0
