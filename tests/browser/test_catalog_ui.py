"""The catalogue UI in a real browser: search without diacritics, open a procedure, see
its diagram rendered by bpmn-js, page through the list, and load nothing off the machine.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

pytestmark = pytest.mark.browser

BPMN = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
SEARCH_LABEL = "Tìm theo mã hoặc tên thủ tục"


def user_tasks(xml: bytes) -> dict[str, str]:
    """id → name of every user task of a diagram."""
    root = etree.fromstring(xml)
    return {t.get("id"): t.get("name") for t in root.iterfind(".//bpmn:userTask", BPMN)}


def flow_elements(xml: bytes) -> int:
    """How many elements the diagram draws (every element with a DI shape or edge)."""
    root = etree.fromstring(xml)
    return len(root.xpath("//*[local-name()='BPMNShape' or local-name()='BPMNEdge']"))


def squash(text: str | None) -> str:
    """Text without whitespace: bpmn-js wraps a label into one <tspan> per line."""
    return re.sub(r"\s+", "", text or "")


def result_codes(page) -> list[str]:
    return page.locator("table.results tbody td.code").all_text_contents()


def test_search_open_and_see_the_diagram(page, page_errors, live_app, screenshots):
    page.goto(f"{live_app.url}/")
    page.get_by_role("heading", level=1, name="Danh mục thủ tục hành chính").wait_for()
    page.locator("#result-count", has_text="Tìm thấy 26 thủ tục").wait_for()

    # "dang ky khai sinh" without diacritics finds "Thủ tục đăng ký khai sinh".
    page.get_by_label(SEARCH_LABEL).fill("dang ky khai sinh")
    page.locator("#result-count", has_text="Tìm thấy 1 thủ tục").wait_for()
    assert result_codes(page) == ["1.001193"]
    assert "q=dang+ky+khai+sinh" in page.url  # the search is bookmarkable

    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    page.wait_for_url(re.compile(r"#/procedures/1\.001193$"))
    page.get_by_role("heading", level=1, name="Thủ tục đăng ký khai sinh").wait_for()

    facts = page.locator("dl.facts")
    assert "1.001193" in facts.text_content()
    assert "1 ngày làm việc" in facts.text_content()
    assert "Ủy ban nhân dân cấp xã" in facts.text_content()
    assert page.locator(".step-chart__row").count() == 4

    # The diagram: an SVG inside the bpmn-js container with a shape for every element.
    diagram = page.locator("#diagram[data-loaded='true']")
    diagram.locator("svg").first.wait_for()
    xml = live_app.diagrams["1.001193"]
    drawn = diagram.locator(".djs-element").count()
    assert drawn > flow_elements(xml) > 10
    tasks = user_tasks(xml)
    assert len(tasks) == 4
    for task_id, name in tasks.items():
        shape = diagram.locator(f".djs-shape[data-element-id='{task_id}']")
        assert shape.is_visible(), task_id
        assert squash(shape.text_content()) == squash(name)
    assert page.get_by_text("Tiếp nhận,", exact=False).first.is_visible()

    # Zooming changes the viewbox; "fit" brings the whole diagram back.
    viewport = diagram.locator("svg .viewport").first
    fitted = viewport.get_attribute("transform")
    page.get_by_role("button", name="Phóng to").click()
    assert viewport.get_attribute("transform") != fitted
    page.get_by_role("button", name="Vừa khung").click()
    assert viewport.get_attribute("transform") == fitted

    # The download link serves the stored BPMN.
    link = page.get_by_role("link", name="Tải tệp BPMN")
    href = link.get_attribute("href")
    assert href.endswith("/api/v1/procedures/1.001193/versions/1/bpmn")
    response = page.request.get(href)
    assert response.ok
    assert response.body() == xml

    page.screenshot(path=str(screenshots / "catalog.png"), full_page=True)
    assert page_errors.scripts == []
    assert page_errors.console == []
    assert page_errors.external == []


def test_filters_and_paging(page, page_errors, live_app, screenshots):
    page.goto(f"{live_app.url}/")
    count = page.locator("#result-count")
    count.filter(has_text="Tìm thấy 26 thủ tục").wait_for()
    assert len(result_codes(page)) == 20
    page.screenshot(path=str(screenshots / "catalog-list.png"), full_page=True)

    page.get_by_role("button", name="Trang sau").click()
    page.get_by_role("button", name="Trang 2").and_(
        page.locator("[aria-current='page']")).wait_for()
    assert len(result_codes(page)) == 6
    assert "page=2" in page.url

    page.get_by_label("Cấp thực hiện").select_option("province")
    count.filter(has_text="Tìm thấy 2 thủ tục").wait_for()
    assert result_codes(page) == ["1.012345", "2.001035"]

    page.get_by_label("Lĩnh vực").select_option(label="Đất đai")
    count.filter(has_text="Tìm thấy 1 thủ tục").wait_for()
    assert result_codes(page) == ["1.012345"]

    page.get_by_label("Loại quy trình").select_option("same_day")
    count.filter(has_text="Không tìm thấy thủ tục nào").wait_for()

    page.get_by_role("button", name="Xóa bộ lọc").click()
    count.filter(has_text="Tìm thấy 26 thủ tục").wait_for()
    assert page_errors.scripts == page_errors.console == page_errors.external == []


def test_keyboard_reaches_the_search_and_a_procedure(page, live_app):
    page.goto(f"{live_app.url}/#/?q=ket+hon")
    page.locator("#result-count", has_text="Tìm thấy 1 thủ tục").wait_for()
    assert page.get_by_label(SEARCH_LABEL).input_value() == "ket hon"

    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("link", name="Thủ tục đăng ký kết hôn").focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1, name="Thủ tục đăng ký kết hôn")
    heading.wait_for()
    # Focus moved to the new page's heading, for keyboard and screen-reader users.
    page.wait_for_function("document.activeElement.tagName === 'H1'")


def test_unknown_procedure_shows_the_api_problem(page, live_app):
    page.goto(f"{live_app.url}/#/procedures/9.999999")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "9.999999" in alert.text_content()
