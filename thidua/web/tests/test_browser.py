"""Main flows in a real browser: Playwright driving Debian's Chromium against the live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from thidua.testing import PASSWORD, PERSONAS

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str:
    path = os.environ.get("THIDUA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "The browser tests need Debian's chromium: `make test` installs it (apt-get install chromium)."
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    # Content-Security-Policy violations and missing files show up as console errors.
    assert errors == []


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_logs_in_and_sees_its_start_page(
    world: Any, live_server: Any, page: Page, persona: str
) -> None:
    _log_in(page, live_server.url, persona)
    expect(page.locator("h1")).to_have_text("Khối thi đua")
    user = world.user(persona)
    expect(page.locator("nav")).to_contain_text(user.get_role_display())
    cards = page.locator(".card-title")
    if persona == "outsider":
        expect(cards).to_have_text(["Khối B nội chính"])
    else:
        expect(cards).to_contain_text(["Khối A tổng hợp"])
    audit_link = page.get_by_role("link", name="Nhật ký hệ thống")
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
    page.select_option("#language", "en")
    expect(page.locator("h1")).to_have_text("Blocks and clusters")
    page.select_option("#language", "vi")
    expect(page.locator("h1")).to_have_text("Khối thi đua và cụm thi đua")


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
