"""Issue 15 item 7 in a real browser: the user menu leads to the guide of the user's role, its pictures
load, and a main page's "Hướng dẫn" box opens and links to the guide's step."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.testing import log_in

pytestmark = pytest.mark.browser


def test_member_opens_its_guide_from_the_menu_and_every_picture_loads(
    world: Any, live_server: Any, page: Page
) -> None:
    log_in(page, live_server.url, "member")
    expect(page.locator("h1")).to_have_text("Khối thi đua")
    page.locator("nav .dropdown-toggle").click()
    page.get_by_role("link", name="Hướng dẫn sử dụng cho vai trò của bạn").click()
    expect(page.locator("h1")).to_have_text("Hướng dẫn")
    expect(page.locator(".card-title").first).to_contain_text("Hướng dẫn cho cán bộ đơn vị thành viên")
    page.locator(".card-title a").first.click()
    expect(page.locator("#own-role")).to_have_text("vai trò của bạn")
    expect(page.locator("#scorecard li").first).to_have_text(
        "Mở phiếu chấm điểm của đơn vị khi Ban Thi đua - Khen thưởng đã mở phiếu."
    )
    images = page.locator("figure img")
    expect(images).to_have_count(5)
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") in (390, 1280)


def test_a_main_page_help_box_opens_and_leads_to_the_step(world: Any, live_server: Any, page: Page) -> None:
    log_in(page, live_server.url, "board")
    page.goto(live_server.url + f"/blocks/{world.block.pk}/2024/")
    box = page.locator("#page-help")
    expect(box.get_by_text("Năm thi đua của khối thi đua: thành viên")).to_be_hidden()
    box.locator("summary").click()
    expect(box.get_by_text("Năm thi đua của khối thi đua: thành viên")).to_be_visible()
    box.get_by_role("link", name="Xem hướng dẫn từng bước").click()
    expect(page).to_have_url(live_server.url + "/help/board/#year")
    expect(page.locator("#year h2")).to_have_text("1. Lập khối và năm thi đua")
