"""The main flow in a real browser: a board officer runs a batch for a block, filters the results and
opens an explanation; the results page fits a phone's width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.awards.tests.helpers import award, person_in, rate
from thidua.testing import log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.THIDUA_JOBS_INLINE = True


def test_board_runs_a_batch_and_opens_an_explanation(
    world: Any, live_server: Any, page: Page, phone: Page
) -> None:
    star = person_in(world.member_unit, "Phạm Thị Xuân")
    for year in (2022, 2023):
        rate(star, year, "excellent")
        award(star, "CSTDCS", year)
    rate(star, 2024, "excellent")
    other = person_in(world.member_unit, "Đỗ Văn Hạ", gender="male")
    rate(other, 2024, "completed")
    log_in(page, live_server.url, "board")
    page.goto(live_server.url + "/awards/batches/")
    page.fill("#id_year", "2024")
    page.select_option("#id_block", label=world.block.name)
    page.get_by_role("button", name="Xét", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Xét điều kiện năm 2024")
    expect(page.locator("#summary")).to_contain_text("Chiến sĩ thi đua cơ sở")
    page.select_option("#f-award", "CSTDCS")
    page.select_option("#f-status", "eligible")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#results")).to_contain_text("Phạm Thị Xuân")
    expect(page.locator("#results")).not_to_contain_text("Đỗ Văn Hạ")
    page.locator("#results tr", has_text="Phạm Thị Xuân").get_by_role("link", name="Giải thích").click()
    expect(page.locator("#verdict")).to_contain_text("Đủ điều kiện")
    expect(page.locator("#verdict")).to_contain_text("R-IND-02")
    results_url = page.url

    log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + "/awards/batches/")
    with phone.expect_navigation():
        phone.locator("#jobs a").first.click()
    widest = phone.evaluate(
        '[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + "." + e.className).slice(0, 5).join(" | ")'
    )
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, (width, widest)
    phone.goto(results_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.locator("#verdict")).to_be_visible()


def test_board_adds_a_local_name_and_records_an_award_under_it(
    world: Any, live_server: Any, page: Page
) -> None:
    """Issue 12 item 7: "Bằng khen của Chủ tịch UBND tỉnh" added on the catalogue page, recorded in a
    person's history, shown under that name and counted as the province's Bằng khen."""
    log_in(page, live_server.url, "board")
    page.goto(live_server.url + "/awards/")
    page.get_by_role("link", name="Thêm vào danh mục của tỉnh").click()
    page.fill("#id_code", "BK_CT_UBND")
    page.fill("#id_name", "Bằng khen của Chủ tịch UBND tỉnh")
    page.select_option("#id_category", "local_name")
    page.select_option("#id_legal_form", label="Bằng khen của bộ, ban, ngành, tỉnh")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#award-BK_CT_UBND")).to_contain_text(
        "Được tính là Bằng khen của bộ, ban, ngành, tỉnh"
    )
    page.goto(live_server.url + f"/awards/person/{world.member_person.pk}/add/award/")
    page.select_option("#id_award_type", label="Bằng khen của Chủ tịch UBND tỉnh")
    page.fill("#id_year", "2024")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("body")).to_contain_text("được tính là Bằng khen của bộ, ban, ngành, tỉnh")
