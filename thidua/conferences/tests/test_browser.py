"""A conference in a real browser: the chair checks delegates in and opens the vote, delegates vote on
their phones through their personal links, the projector shows participation and then the result."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from thidua.blocks.models import Standing
from thidua.conferences.models import Conference
from thidua.testing import log_in

pytestmark = pytest.mark.browser


def test_delegates_vote_on_phones_and_the_projector_shows_the_result(
    world: Any, live_server: Any, page: Page, browser: Browser
) -> None:
    base = live_server.url
    log_in(page, base, "leader")
    page.goto(f"{base}/conferences/{world.block.pk}/2024/")
    page.fill("#id_starts_at", "20/12/2024 08:00")
    page.fill("#id_place", "Hội trường Sở Tài chính")
    page.fill("#id_chair", "Giám đốc Sở Tài chính")
    page.fill("#id_secretary", "Chuyên viên Văn phòng Sở")
    page.get_by_role("button", name="Tạo hội nghị").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo hội nghị")
    conference = Conference.objects.get()

    # The seeded names are stand-ins ("Đại biểu Sở ..."): the page lists them and asks before opening.
    expect(page.locator("#placeholder-names")).to_contain_text("3 tên trong danh sách đại biểu")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Khai mạc hội nghị (điểm danh)").click()
    expect(page.locator(".alert-success")).to_contain_text("Hội nghị đã khai mạc lúc")
    check_in = page.locator("#roll").get_by_role("button", name="Điểm danh", exact=True)
    for left in (2, 1, 0):
        check_in.first.click()
        # Wait for the row's own swap (a fixed pause clicked the same row twice under load).
        expect(check_in).to_have_count(left)
    expect(page.locator("#quorum")).to_contain_text("3/3")
    page.get_by_role("button", name="Tạo cuộc biểu quyết").click()
    expect(page.locator("h2")).to_contain_text("Suy tôn đơn vị dẫn đầu")
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở bỏ phiếu")

    page.goto(f"{base}/conferences/c/{conference.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="In liên kết bỏ phiếu (mã QR)").click()
    expect(page.locator("img.qr")).to_have_count(3)
    links = list(dict.fromkeys(re.findall(r"http://[^\s<\"]+/v/[^/<\"]+/", page.content())))
    assert len(links) == 3

    projector = page.context.new_page()
    projector.goto(f"{base}/conferences/c/{conference.pk}/projector/")
    expect(projector.locator(".big")).to_have_text("0 / 3")

    choices = [["Sở Nội vụ", "Văn phòng UBND tỉnh"], ["Sở Nội vụ"], ["Sở Nội vụ", "Sở Tài chính"]]
    for link, chosen in zip(links, choices, strict=True):
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        ballot = phone.new_page()
        ballot.goto(link)
        expect(ballot.locator("h2")).to_contain_text("Suy tôn đơn vị dẫn đầu")
        # Made for a phone: nothing wider than the screen.
        assert ballot.evaluate("document.documentElement.scrollWidth") <= 390
        for name in chosen:
            ballot.get_by_label(name).check()
        ballot.once("dialog", lambda dialog: dialog.accept())
        ballot.get_by_role("button", name="Bỏ phiếu", exact=True).click()
        expect(ballot.locator(".receipt-code")).to_have_text(
            re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
        )
        phone.close()
    # The chair's page and the projector count ballots and never show a running result.
    expect(projector.locator(".big")).to_have_text("3 / 3", timeout=10_000)
    assert "Sở Nội vụ" not in projector.locator("#projector-body").inner_text()

    page.goto(f"{base}/conferences/c/{conference.pk}/")
    page.get_by_role("link", name=re.compile("Suy tôn đơn vị dẫn đầu")).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("table tbody tr").first).to_contain_text("Sở Nội vụ")
    expect(projector.locator("#projector-body")).to_contain_text("thông qua", timeout=10_000)
    expect(projector.locator("#projector-body tr").first).to_contain_text("Sở Nội vụ")
    assert Standing.objects.get(rank=1).unit == world.member_unit
