"""The board previews a layout in a real browser: the usual layouts are added, the preview page
embeds the PDF drawn on the blank, and the test print without the scan is a PDF."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.testing import log_in

pytestmark = pytest.mark.browser


def test_board_adds_the_usual_layouts_and_previews_one(world: Any, live_server: Any, page: Page) -> None:
    from thidua.awards.catalogue import seed_catalogue

    seed_catalogue()
    log_in(page, live_server.url, "board")
    page.goto(live_server.url + "/certificates/layouts/")
    page.get_by_placeholder("địa danh, ví dụ Khánh Hòa").fill("Khánh Hòa")
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Thêm các mẫu thường dùng (Bằng khen A3, Giấy khen và CSTĐCS A4)"
        ).click()
    expect(page.locator("#layout-list")).to_contain_text("Bằng khen — cá nhân (A3 ngang)")
    expect(page.locator("#layout-list")).to_contain_text("420 × 297")
    with page.expect_navigation():
        page.locator("#layout-list tr", has_text="Giấy khen — tập thể").get_by_role(
            "link", name="Xem trước"
        ).click()
    expect(page.locator("#preview-links")).to_contain_text("In thử không có bản quét (PDF)")
    href = page.locator("#preview-print").get_attribute("href")
    assert href is not None
    response = page.request.get(live_server.url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    src = page.locator("#preview-scan").get_attribute("href")
    assert (
        src is not None
        and page.request.get(live_server.url + src).headers["content-type"] == "application/pdf"
    )
