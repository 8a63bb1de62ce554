"""The whole way in a real browser: the unit submits, the board returns it with a reason, the unit
resubmits, the board appraises, sends it to the council and issues the decision, and the award is in
the person's history. The board works at phone width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.proposals.tests.helpers import unit_dossier
from thidua.testing import log_in

pytestmark = pytest.mark.browser


def _fits(phone: Page) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_unit_and_board_take_a_dossier_to_a_decision(
    world: Any, live_server: Any, page: Page, phone: Page
) -> None:
    dossier = unit_dossier(world)
    dossier_url = f"{live_server.url}/proposals/{dossier.pk}/"

    log_in(page, live_server.url, "member")
    page.goto(dossier_url)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã gửi")

    log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + "/proposals/?status=submitted")
    with phone.expect_navigation():
        phone.get_by_role("link", name=dossier.title).click()
    expect(phone.locator("#dossier-status")).to_have_text("Đã gửi")
    _fits(phone)
    phone.get_by_role("button", name="Tiếp nhận").click()
    expect(phone.locator("#dossier-status")).to_have_text("Đã tiếp nhận")
    phone.locator("summary", has_text="Trả lại đơn vị").click()
    phone.locator("#return-form #id_reason").fill("Thiếu báo cáo thành tích cá nhân")
    phone.get_by_role("button", name="Trả lại với các lý do này").click()
    expect(phone.locator("#dossier-status")).to_have_text("Bị trả lại")

    page.reload()
    expect(page.locator("#history")).to_contain_text("Thiếu báo cáo thành tích cá nhân")
    page.get_by_role("link", name="Sửa").first.click()
    page.fill("#id_wording", "Đã có thành tích xuất sắc năm 2024")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Nộp lại").click()
    expect(page.locator("#dossier-status")).to_have_text("Đã nộp lại")

    phone.reload()
    phone.get_by_role("button", name="Tiếp nhận").click()
    expect(phone.locator("#dossier-status")).to_have_text("Đã tiếp nhận")
    phone.get_by_role("button", name="Thẩm định").click()
    expect(phone.locator("#dossier-status")).to_have_text("Đang thẩm định")
    phone.get_by_role("button", name="Trình Hội đồng").click()
    expect(phone.locator("#dossier-status")).to_have_text("Chờ Hội đồng xét")
    phone.fill("#id_number", "25/QĐ-UBND")
    phone.fill("#id_date", "15/01/2025")
    phone.get_by_role("button", name="Dự thảo quyết định").last.click()
    expect(phone.locator("#decision-status")).to_have_text("Dự thảo")
    expect(phone.locator("#decision-total")).to_have_text("2.340.000")
    _fits(phone)
    phone.get_by_role("button", name="Ban hành quyết định").click()
    expect(phone.locator("#decision-status")).to_have_text("Đã ban hành")

    page.goto(dossier_url)
    expect(page.locator("#dossier-status")).to_have_text("Đã khen thưởng")
    page.goto(f"{live_server.url}/awards/people/{world.member_person.pk}/")
    expect(page.locator("section[aria-labelledby=awards-title]")).to_contain_text("25/QĐ-UBND")
