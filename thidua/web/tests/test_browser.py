"""Main flows in a real browser: Playwright driving Debian's Chromium against the live server."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.testing import PERSONAS
from thidua.testing import log_in as _log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_logs_in_and_sees_its_start_page(
    world: Any, live_server: Any, page: Page, persona: str
) -> None:
    _log_in(page, live_server.url, persona)
    expect(page.locator("h1")).to_have_text("Khối thi đua")
    user = world.user(persona)
    # A unit officer whose unit leads a block year is named by what it leads (issue 15 item 8).
    leads = persona in ("leader", "outsider")
    expect(page.locator("nav")).to_contain_text("Khối trưởng 2024" if leads else user.get_role_display())
    cards = page.locator(".card-title:not(#todo-title)")  # the block cards, not "Việc cần làm"
    if persona == "outsider":
        expect(cards).to_have_text(["Khối B nội chính"])
    else:
        expect(cards).to_contain_text(["Khối A tổng hợp"])
    audit_link = page.locator("nav a", has_text="Nhật ký hệ thống")  # in the Tools menu
    expect(audit_link).to_have_count(1 if persona in ("board", "admin") else 0)


def test_wrong_password_shows_a_vietnamese_message(world: Any, live_server: Any, page: Page) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "member")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_contain_text("Sai tên đăng nhập hoặc mật khẩu")


def test_member_opens_a_block_year(world: Any, live_server: Any, page: Page) -> None:
    _log_in(page, live_server.url, "member")
    page.get_by_role("link", name="Khối, cụm").click()
    page.get_by_role("link", name="2024").click()
    expect(page.locator("h1")).to_contain_text("Khối A tổng hợp")
    expect(page.locator(".border-warning")).to_contain_text("Sở Tài chính")
    expect(page.locator(".border-primary")).to_contain_text("Văn phòng UBND tỉnh")
    expect(page.locator("tbody tr")).to_have_count(3)
    expect(page.get_by_role("link", name="Sửa thành viên")).to_have_count(0)


def test_leader_officer_is_told_it_leads(world: Any, live_server: Any, page: Page) -> None:
    _log_in(page, live_server.url, "leader")
    page.goto(live_server.url + f"/blocks/{world.block.pk}/2024/")
    expect(page.locator(".alert-warning")).to_contain_text("Đơn vị của bạn là Khối trưởng năm nay")


def test_board_sets_up_next_year_from_the_rotation_suggestion(
    world: Any, live_server: Any, page: Page
) -> None:
    _log_in(page, live_server.url, "board")
    page.goto(live_server.url + f"/blocks/{world.block.pk}/")
    expect(page.locator(".border-warning")).to_contain_text("Văn phòng UBND tỉnh")
    page.get_by_role("link", name="Lập năm tiếp theo").click()
    expect(page.locator("#id_year")).to_have_value("2025")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu năm 2025")
    expect(page.locator(".border-warning")).to_contain_text("Văn phòng UBND tỉnh")


def test_board_gets_a_clear_error_when_the_leader_repeats(world: Any, live_server: Any, page: Page) -> None:
    _log_in(page, live_server.url, "board")
    page.goto(live_server.url + f"/blocks/{world.block.pk}/years/new/")
    page.select_option("#id_leader", label="Sở Tài chính")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("đã làm Khối trưởng năm 2024")


def test_language_switch_to_english_and_back(world: Any, live_server: Any, page: Page) -> None:
    _log_in(page, live_server.url, "board")
    page.goto(live_server.url + "/blocks/")
    expect(page.locator("h1")).to_have_text("Khối thi đua và cụm thi đua")
    # Signed in, the language is chosen in the user menu (the bar keeps one line at 1200 px).
    page.locator("#nav-user").click()
    page.locator("#nav-language").get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Blocks and clusters")
    page.locator("#nav-user").click()
    page.locator("#nav-language").get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("h1")).to_have_text("Khối thi đua và cụm thi đua")


def test_language_switch_before_signing_in(live_server: Any, page: Page) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.select_option("#language", "en")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.select_option("#language", "vi")
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()


def test_board_navigation_bar_keeps_one_line_on_a_laptop(world: Any, live_server: Any, page: Page) -> None:
    """At 1200 px (the smallest laptop width where the full bar shows) the board's bar is one line and
    nothing scrolls sideways; the tools sit in one menu."""
    page.set_viewport_size({"width": 1200, "height": 800})
    _log_in(page, live_server.url, "board")
    page.goto(live_server.url + "/blocks/")
    assert page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height") < 70
    assert page.evaluate("document.documentElement.scrollWidth") <= 1200
    page.locator("#nav-tools").click()
    expect(page.get_by_role("link", name="Nhật ký hệ thống")).to_be_visible()


def test_phone_width_layout(world: Any, live_server: Any, phone: Page) -> None:
    _log_in(phone, live_server.url, "board")
    phone.goto(live_server.url + f"/blocks/{world.block.pk}/2024/")
    toggler = phone.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    expect(phone.get_by_role("link", name="Đơn vị", exact=True)).to_be_hidden()
    toggler.click()
    expect(phone.get_by_role("link", name="Đơn vị", exact=True)).to_be_visible()
    # Nothing wider than the screen: the page never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.locator(".border-warning")).to_be_visible()


def _main_pages(world: Any) -> dict[str, list[str]]:
    from django.urls import reverse

    block, year = world.block.pk, 2024
    year_pages = [
        reverse("blocks:block_year_detail", args=[block, year]),
        reverse("scoring:overview", args=[block, year]),
        reverse("conferences:year", args=[block, year]),
        reverse("proposals:block_year", args=[block, year]),
    ]
    return {
        "board": ["/", *year_pages, reverse("reports:year", args=[block, year]), reverse("stats:page")],
        "leader": ["/", *year_pages],
        "member": ["/", *year_pages[:2]],
        "delegate": ["/"],
        "observer": ["/", year_pages[0], reverse("stats:page")],
    }


@pytest.mark.parametrize("persona", ["board", "leader", "member", "delegate", "observer"])
def test_main_pages_of_each_persona_fit_a_phone(
    world: Any, live_server: Any, phone: Page, persona: str, tmp_path: Any
) -> None:
    """Issue 15 item 1: at 390 px each persona's main pages never scroll sideways (a screenshot of each
    is taken), and the block year's active tab is scrolled into view."""
    _log_in(phone, live_server.url, persona)
    for number, path in enumerate(_main_pages(world)[persona]):
        response = phone.goto(live_server.url + path)
        assert response is not None and response.ok, path
        shot = tmp_path / f"{persona}-{number}.png"
        phone.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 1000
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
        active = phone.locator(".nav-tabs .nav-link.active")
        if active.count():
            expect(active).to_be_in_viewport()
            box = active.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, path
